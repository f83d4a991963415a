"""Open to anyone, no sign-in: check a membership or a report someone handed you."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from chalicelib.api.routing import PUBLIC, RequestContext, secured

bp = Blueprint(__name__)


@secured(bp, "/v1/public/registry-ids/{registry_id}", roles=PUBLIC)
def membership(ctx: RequestContext, registry_id: str) -> dict[str, Any]:
    from chalicelib.services.participant_reports import public_membership

    return public_membership(registry_id, ctx.query("last_name"))


@secured(bp, "/v1/reports/signing-keys", roles=PUBLIC)
def signing_keys(ctx: RequestContext) -> dict[str, Any]:
    """The JWKS a report's embedded signature is checked with offline (chalicelib/reports/signature.py)."""
    from chalicelib.services.issued_reports import signing_keys as keys

    return keys()


@secured(bp, "/v1/reports/{report_id}/verify", roles=PUBLIC)
def report_issued(ctx: RequestContext, report_id: str) -> dict[str, Any]:
    from chalicelib.services.issued_reports import public_view

    return public_view(report_id)


@secured(bp, "/v1/reports/{report_id}/verify", methods=["POST"], roles=PUBLIC,
         content_types=["application/pdf", "application/octet-stream",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json"])
def verify_report(ctx: RequestContext, report_id: str) -> dict[str, Any]:
    from chalicelib.errors import InvalidRequest
    from chalicelib.services.issued_reports import verify_copy

    raw = ctx.request.raw_body or b""
    content = raw.encode() if isinstance(raw, str) else raw
    if not content:
        raise InvalidRequest("Send the report file itself as the request body.")
    return verify_copy(report_id, content)
