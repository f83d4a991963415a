"""Accounts: the registry's side of a person who signs in, and where their mail goes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.observability import logger
from chalicelib.services import clock
from chalicelib.store.base import iso
from chalicelib.store.people import AccountItem, get_account


def _fingerprint(address: str) -> str:
    import hashlib

    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class MailAddress:
    address: str
    verified: bool


def open_account(user_id: str, *, roles: list[str], display_name: str = "") -> None:
    """Idempotent: Cognito may run its trigger more than once for one sign-up."""
    if get_account(user_id) is not None:
        return
    AccountItem(*AccountItem.key(user_id), user_id=user_id, roles=roles, display_name=display_name, email=None,
                created_at=iso(clock.now()), gsi1pk="ACCOUNTS", gsi1sk=f"{roles[0]}#{user_id}").save()


def mail_address(user_id: str) -> MailAddress | None:
    """The address the person signs in with, read from the user pool at send time so that a changed (and
    verified) address is used from then on. People the registry knows without a sign-in (partner contacts,
    accounts made by an administrator for a system) have the address kept on their account item."""
    from chalicelib.aws.clients import client
    from chalicelib.config import get_settings

    settings = get_settings()
    if settings.user_pool_id:
        idp = client("cognito-idp")
        try:
            user = idp.admin_get_user(UserPoolId=settings.user_pool_id, Username=user_id)
        except idp.exceptions.UserNotFoundException:
            pass
        else:
            attributes = {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}
            if attributes.get("email"):
                return MailAddress(attributes["email"], attributes.get("email_verified") == "true")
    account = get_account(user_id)
    if account is not None and account.email:
        return MailAddress(account.email, verified=True)
    logger.warning("no mail address for user")
    return None


def suppress_mail(user_id: str, address: str, reason: str) -> bool:
    """Stop mail to this person's address (SES reported a permanent bounce or a complaint)."""
    account = get_account(user_id)
    if account is None:
        open_account(user_id, roles=["participant"])
        account = get_account(user_id)
    assert account is not None
    account.mail_suppression = {"address_sha256": _fingerprint(address), "reason": reason, "at": iso(clock.now())}
    account.save()
    logger.info("mail suppressed for user", extra={"user_id": user_id, "reason": reason})
    return True


def is_suppressed(user_id: str, address: str) -> bool:
    account = get_account(user_id)
    suppression = account.mail_suppression if account else None
    return bool(suppression and suppression.get("address_sha256") == _fingerprint(address))


def record_mail_event(event: dict[str, Any]) -> list[str]:
    """Apply one SES event (event publishing or notification format); returns the users whose mail stopped."""
    kind = str(event.get("eventType") or event.get("notificationType") or "")
    tags = (event.get("mail") or {}).get("tags") or {}
    users = tags.get("registry_user") or []
    if kind == "Bounce":
        bounce = event.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return []
        addresses = [r.get("emailAddress", "") for r in bounce.get("bouncedRecipients", [])]
        reason = f"bounce: {bounce.get('bounceSubType', 'General')}"
    elif kind == "Complaint":
        addresses = [r.get("emailAddress", "") for r in (event.get("complaint") or {}).get("complainedRecipients", [])]
        reason = "complaint"
    else:
        return []
    stopped = []
    for user_id in users:  # one recipient per registry email, tagged with whose it is
        for address in addresses:
            if address and suppress_mail(user_id, address, reason):
                stopped.append(user_id)
    return stopped
