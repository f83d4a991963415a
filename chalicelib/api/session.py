"""Who am I: the signed-in caller's id and roles (used by the web pages and to check a token)."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.routing import RequestContext, secured
from chalicelib.security.identity import Role
from chalicelib.services.accounts.views import SignedIn

bp = Blueprint(__name__)

ALL_ROLES = list(Role)


@secured(bp, "/v1/session", roles=ALL_ROLES)
def get_session(ctx: RequestContext) -> SignedIn:
    from chalicelib.services.accounts.people import session_view

    return session_view(ctx.user)
