"""Open to anyone, no sign-in: check a membership or a report someone handed you."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.routing import PUBLIC, RequestContext, json_response, secured
from chalicelib.services.records.views import IssuedReportView, PublicMembership, ReportCopyCheck, SigningKeys

bp = Blueprint(__name__)


@secured(bp, "/v1/public/registry-ids/{registry_id}", roles=PUBLIC)
def membership(ctx: RequestContext, registry_id: str) -> PublicMembership:
    from chalicelib.services.records.participant_reports import public_membership

    return public_membership(registry_id, ctx.query("last_name"))


@secured(bp, "/v1/reports/signing-keys", roles=PUBLIC)
def signing_keys(ctx: RequestContext) -> SigningKeys:
    """The JWKS a report's embedded signature is checked with offline (chalicelib/reports/signature.py)."""
    from chalicelib.services.records.issued_reports import signing_keys as keys

    return keys()


@secured(bp, "/v1/reports/{report_id}/verify", roles=PUBLIC)
def report_issued(ctx: RequestContext, report_id: str) -> IssuedReportView:
    from chalicelib.services.records.issued_reports import public_view

    return public_view(report_id)


@secured(bp, "/v1/reports/{report_id}/verify", methods=["POST"], roles=PUBLIC,
         content_types=["application/pdf", "application/octet-stream",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json"])
def verify_report(ctx: RequestContext, report_id: str) -> ReportCopyCheck:
    from chalicelib.errors import InvalidRequest
    from chalicelib.services.records.issued_reports import verify_copy

    raw = ctx.request.raw_body or b""
    content = raw.encode() if isinstance(raw, str) else raw
    if not content:
        raise InvalidRequest("Send the report file itself as the request body.")
    return verify_copy(report_id, content)


_FORMS = ["application/x-www-form-urlencoded", "multipart/form-data", "application/json", "text/plain"]


def _page(page: str) -> Response:
    return Response(body=page, status_code=200, headers={"Content-Type": "text/html; charset=utf-8",
                                                         "Cache-Control": "no-store"})


@secured(bp, "/v1/public/reminders/off", roles=PUBLIC)
def reminder_off_page(ctx: RequestContext) -> Response:
    """What an optional reminder's unsubscribe link opens: a page with a button that turns that reminder off
    (a GET changes nothing). A link the registry did not sign: 404."""
    from chalicelib.services.accounts import reminders

    return _page(reminders.off_page(ctx.query("u"), ctx.query("r"), ctx.query("s"), ctx.language))


@secured(bp, "/v1/public/reminders/off", methods=["POST"], roles=PUBLIC, content_types=_FORMS)
def reminder_off(ctx: RequestContext) -> Response:
    """Turn the link's reminder off: RFC 8058 one-click (a mail client POSTs List-Unsubscribe=One-Click to the
    List-Unsubscribe URL) or the page's button. JSON to a caller that accepts it, the page otherwise."""
    from chalicelib.services.accounts import reminders

    result = reminders.off_by_link(ctx.query("u"), ctx.query("r"), ctx.query("s"))
    if "application/json" in str(ctx.headers.get("accept") or ""):
        return json_response(result)
    return _page(reminders.off_page(ctx.query("u"), ctx.query("r"), ctx.query("s"), ctx.language, done=True))
