"""Routes that exist only on the embedded local stack: the email outbox (sign-in is chalicelib/local/cognito.py).

app.py registers this blueprint only when REGISTRY_AUTH_MODE is "local", so the deployable template has none
of these paths (tests/integration/test_infra_template.py reads the built template to prove it); each route
also refuses to answer outside local mode, in case the module is ever registered by mistake.
"""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.routing import RequestContext, secured
from chalicelib.security.identity import Role
from chalicelib.services.accounts.views import OutboxMessage
from chalicelib.services.views import Items

bp = Blueprint(__name__)


@secured(bp, "/v1/local/outbox", roles=[Role.STAFF, Role.ADMIN, Role.PARTICIPANT])
def local_outbox(ctx: RequestContext) -> Items[OutboxMessage]:
    from chalicelib.config import get_settings
    from chalicelib.errors import NotFound
    from chalicelib.services.accounts.notifications import outbox

    if not get_settings().is_local:
        raise NotFound("The outbox exists only in local mode; in AWS, email goes through SES.")
    messages = outbox()
    if not ctx.user.has_any({Role.STAFF, Role.ADMIN}):
        messages = [m for m in messages if m.get("user_id") == ctx.user.user_id]
    return {"items": messages}
