"""Serves the web app and, in local mode only, the demo sign-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chalice.app import Blueprint, Response

from chalicelib.api.routing import PUBLIC, RequestContext, secured

bp = Blueprint(__name__)
STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob: http://127.0.0.1:* https:; "
                               "connect-src 'self' http://127.0.0.1:* https:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
}


def _file(name: str) -> Response:
    path = (STATIC / name).resolve()
    if path.parent != STATIC.resolve() or not path.is_file() or path.suffix not in TYPES:
        return Response(body="Not found", status_code=404, headers={"Content-Type": "text/plain"})
    return Response(body=path.read_text(encoding="utf-8"), status_code=200,
                    headers={"Content-Type": TYPES[path.suffix], "Cache-Control": "no-cache", **SECURITY_HEADERS})


@bp.route("/")
def root() -> Response:
    return Response(body="", status_code=302, headers={"Location": "app"})


@bp.route("/app")
def index() -> Response:
    return _file("index.html")


@bp.route("/app/static/{name}")
def static(name: str) -> Response:
    return _file(name)


@secured(bp, "/v1/auth/config", roles=PUBLIC)
def auth_config(ctx: RequestContext) -> dict[str, Any]:
    """Where the web app signs people in (authorization code with PKCE): the Cognito domain in AWS, its local
    stand-in on `make run`; the same client, scopes and return address either way."""
    from chalicelib.config import get_settings
    from chalicelib.security.identity import APP_SCOPE

    settings = get_settings()
    # aws.cognito.signin.user.admin lets the person change their own sign-in email with their token.
    scope = f"openid email aws.cognito.signin.user.admin {APP_SCOPE}"
    return {"mode": settings.auth_mode, "auth_base_url": settings.auth_base_url, "client_id": settings.web_client_id,
            "redirect_uri": f"{settings.public_base_url.rstrip('/')}/app", "scope": scope}
