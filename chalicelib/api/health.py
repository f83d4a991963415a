"""GET /v1/health: the version and whether each dependency answers."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.routing import PUBLIC, RequestContext, json_response, secured

bp = Blueprint(__name__)


@secured(bp, "/v1/health", roles=PUBLIC)
def get_health(ctx: RequestContext) -> Response:
    from chalicelib.services import health

    report = health.check_dependencies()
    return json_response(report, status_code=200 if report["status"] == "ok" else 503)
