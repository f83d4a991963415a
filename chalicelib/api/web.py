"""Serves the web app and, in local mode only, the demo sign-in.

Its words are not files in web/static: app/static/i18n.js (`window.I18N`, the short strings) and
app/static/help-text.js (the module exporting `HELP_TEXT`, the long Help and Privacy text) are written here from
the `pages` and `help` catalogues (domain/catalogues), with the same headers as every other static file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from chalice.app import Blueprint, Response

from chalicelib.api.routing import PUBLIC, RequestContext, secured
from chalicelib.domain.catalogues import LANGUAGES, catalogue

bp = Blueprint(__name__)
STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob: http://127.0.0.1:* https:; "
                               "connect-src 'self' http://127.0.0.1:* https:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
}


def _languages(domain: str) -> str:
    """Every language's entries of a catalogue domain as one JavaScript object literal (JSON is one)."""
    return json.dumps({language: dict(catalogue(domain, language)) for language in LANGUAGES}, ensure_ascii=False,
                      indent=1)


@cache
def _i18n_js() -> str:
    return ("/* The web app's short strings in every language, from domain/catalogues/pages "
            "(chalicelib/api/web.py). */\n"
            f"window.I18N = {_languages('pages')};\n")


@cache
def _help_text_js() -> str:
    return ("/* The long text of the Help and Privacy pages in every language, from domain/catalogues/help "
            "(chalicelib/api/web.py). */\n"
            f"export const HELP_TEXT = {_languages('help')};\n")


# Static files written from the catalogues rather than read from web/static.
RENDERED: dict[str, Callable[[], str]] = {"i18n.js": _i18n_js, "help-text.js": _help_text_js}


def _file(name: str) -> Response:
    if name in RENDERED:
        return _ok(RENDERED[name](), TYPES[".js"])
    path = (STATIC / name).resolve()
    if path.parent != STATIC.resolve() or not path.is_file() or path.suffix not in TYPES:
        return Response(body="Not found", status_code=404, headers={"Content-Type": "text/plain"})
    return _ok(path.read_text(encoding="utf-8"), TYPES[path.suffix])


def _ok(body: str, content_type: str) -> Response:
    return Response(body=body, status_code=200,
                    headers={"Content-Type": content_type, "Cache-Control": "no-cache", **SECURITY_HEADERS})


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
