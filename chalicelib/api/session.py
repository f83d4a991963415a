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
    from chalicelib.store.people import get_account, programs_directed_by

    caller = ctx.user
    account = get_account(caller.user_id)
    body: dict[str, Any] = {"user_id": caller.user_id, "roles": sorted(r.value for r in caller.roles),
                            "display_name": account.display_name if account else None}
    if caller.is_(Role.DIRECTOR):
        body["programs"] = programs_directed_by(caller.user_id)
    return body
