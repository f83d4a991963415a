"""Routes that exist only on the embedded local stack: demo sign-in, the email outbox, and the partner token
exchange that stands in for Cognito's /oauth2/token.

app.py registers this blueprint only when REGISTRY_AUTH_MODE is "local", so the deployable template has none
of these paths (tests/integration/test_infra_template.py reads the built template to prove it); each route
also refuses to answer outside local mode, in case the module is ever registered by mistake.
"""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from chalicelib.api.routing import PUBLIC, RequestContext, secured
from chalicelib.security.identity import Role

bp = Blueprint(__name__)


@secured(bp, "/v1/local/users", roles=PUBLIC)
def local_users(ctx: RequestContext) -> dict[str, Any]:
    from chalicelib.config import get_settings
    from chalicelib.errors import NotFound
    from chalicelib.store.people import list_accounts

    if not get_settings().is_local:
        raise NotFound("Sign in through the registry's sign-in page.")
    return {"items": [{"user_id": a.user_id, "display_name": a.display_name, "roles": list(a.roles)}
                      for a in list_accounts()]}


@secured(bp, "/v1/local/sign-in", methods=["POST"], roles=PUBLIC)
def local_sign_in(ctx: RequestContext) -> dict[str, Any]:
    from chalicelib.config import get_settings
    from chalicelib.errors import NotFound
    from chalicelib.security.identity import issue_local_token
    from chalicelib.store.people import get_account

    settings = get_settings()
    if not settings.is_local:
        raise NotFound("Sign in through the registry's sign-in page.")
    body = ctx.request.json_body or {}
    account = get_account(str(body.get("user_id", "")))
    if account is None:
        raise NotFound("No such demo user.")
    roles = [str(r) for r in account.roles]
    token = issue_local_token(settings, user_id=account.user_id, roles=roles, email=account.email)
    return {"token": token, "user_id": account.user_id, "roles": roles,
            "display_name": account.display_name}


@secured(bp, "/v1/local/outbox", roles=[Role.STAFF, Role.ADMIN, Role.PARTICIPANT])
def local_outbox(ctx: RequestContext) -> dict[str, Any]:
    from chalicelib.config import get_settings
    from chalicelib.errors import NotFound
    from chalicelib.services.notifications import outbox

    if not get_settings().is_local:
        raise NotFound("The outbox exists only in local mode; in AWS, email goes through SES.")
    messages = outbox()
    if not ctx.user.has_any({Role.STAFF, Role.ADMIN}):
        messages = [m for m in messages if m.get("user_id") == ctx.user.user_id]
    return {"items": messages}


@secured(bp, "/v1/partner/token", methods=["POST"], roles=PUBLIC,
         content_types=["application/x-www-form-urlencoded", "application/json"])
def partner_token(ctx: RequestContext) -> dict[str, Any]:
    import base64

    from chalicelib.config import get_settings
    from chalicelib.errors import NotFound, Unauthenticated
    from chalicelib.services import partners

    if not get_settings().is_local:
        raise NotFound("In AWS, partners get tokens from the Cognito domain's /oauth2/token endpoint.")
    scheme, _, encoded = (ctx.headers.get("authorization") or "").partition(" ")
    if scheme.lower() != "basic":
        raise Unauthenticated("Send the client id and secret with HTTP Basic authentication.")
    try:
        client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
    except ValueError as exc:
        raise Unauthenticated("Malformed Basic credentials.") from exc
    return partners.exchange(client_id, secret)
