"""Who am I: the signed-in caller's id and roles (used by the web pages and to check a token)."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from chalicelib.api.routing import RequestContext, secured
from chalicelib.security.identity import Role

bp = Blueprint(__name__)

ALL_ROLES = list(Role)


@secured(bp, "/v1/session", roles=ALL_ROLES)
def get_session(ctx: RequestContext) -> dict[str, Any]:
    from chalicelib.services.accounts.people import session_view

    return session_view(ctx.user)
