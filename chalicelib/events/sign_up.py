"""Cognito's PostConfirmation trigger: a person who signed up and confirmed their email becomes a participant.

Self sign-up can only ever grant the participant group; every other role is given by an administrator. The
registry keeps an account item for the person (no email: Cognito holds the address, and notifications read it
from there so it follows the person when they change it).
"""

from __future__ import annotations

from typing import Any

from chalicelib.observability import logger

SELF_SIGN_UP_GROUP = "participant"


def handle_post_confirmation(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if event.get("triggerSource") != "PostConfirmation_ConfirmSignUp":
        return event  # a confirmed password reset also fires this trigger; it changes nothing here
    from chalicelib.aws import user_pool
    from chalicelib.services.accounts.people import open_account

    attributes = event["request"]["userAttributes"]
    user_id = attributes["sub"]
    user_pool.add_to_group(event["userName"], SELF_SIGN_UP_GROUP, pool_id=event["userPoolId"])
    open_account(user_id, roles=[SELF_SIGN_UP_GROUP])
    logger.info("participant signed up", extra={"user_id": user_id})
    return event
