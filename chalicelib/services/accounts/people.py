"""Accounts: the registry's side of a person who signs in, and where their mail goes."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib import clock
from chalicelib.observability import logger
from chalicelib.services.accounts.views import (
    AccountHolder,
    RolesChanged,
    SignedIn,
    SignInCodeSent,
    SignInEmailChanged,
    UserInvited,
)
from chalicelib.services.unit_of_work import Guard, Refused, TableUnitOfWork, UnitOfWork
from chalicelib.store.base import iso
from chalicelib.store.people import get_account, new_account

if TYPE_CHECKING:
    from chalicelib.aws.user_pool import PoolUser
    from chalicelib.security.identity import Caller


def _fingerprint(address: str) -> str:
    import hashlib

    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class MailAddress:
    address: str
    verified: bool


def open_account(user_id: str, *, roles: list[str], display_name: str = "", uow: UnitOfWork | None = None) -> None:
    """Idempotent: Cognito may run its trigger more than once for one sign-up."""
    uow = uow or TableUnitOfWork()
    if uow.people.account(user_id) is not None:
        return
    uow.save(new_account(user_id, roles=roles, display_name=display_name, email=None, created_at=iso(clock.now())),
             Guard("pk", absent=True))
    with contextlib.suppress(Refused):  # the trigger's other run opened it at the same moment
        uow.commit()


def mail_address(user_id: str) -> MailAddress | None:
    """The address the person signs in with, read from the user pool at send time so that a changed (and
    verified) address is used from then on. People the registry knows without a sign-in (partner contacts,
    accounts made by an administrator for a system) have the address kept on their account item."""
    from chalicelib.aws import user_pool

    if user_pool.configured():
        user = user_pool.get_user(user_id)
        if user is not None and user.email:
            return MailAddress(user.email, user.email_verified)
    account = get_account(user_id)
    if account is not None and account.email:
        return MailAddress(account.email, verified=True)
    logger.warning("no mail address for user")
    return None


def suppress_mail(user_id: str, address: str, reason: str, uow: UnitOfWork | None = None) -> bool:
    """Stop mail to this person's address (SES reported a permanent bounce or a complaint)."""
    uow = uow or TableUnitOfWork()
    suppression = {"address_sha256": _fingerprint(address), "reason": reason, "at": iso(clock.now())}
    account = uow.people.account(user_id)
    if account is None:
        account = new_account(user_id, roles=["participant"], display_name="", email=None,
                              created_at=str(suppression["at"]))
        account.mail_suppression = suppression
        uow.save(account)
    else:
        uow.set(account, "mail_suppression", suppression)
    uow.commit()
    logger.info("mail suppressed for user", extra={"user_id": user_id, "reason": reason})
    return True


def is_suppressed(user_id: str, address: str) -> bool:
    account = get_account(user_id)
    suppression = account.mail_suppression if account else None
    return bool(suppression and suppression.get("address_sha256") == _fingerprint(address))


def record_mail_event(event: Mapping[str, Any]) -> list[str]:
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


def invite(*, email: str, role: str, display_name: str) -> UserInvited:
    """An administrator signs someone up in a role: Cognito mails them a temporary password, which they replace
    at their first sign-in. The role is their group; nothing they can edit decides it."""
    from chalicelib.aws import user_pool
    from chalicelib.errors import Conflict

    try:
        created = user_pool.invite_user(email)
    except user_pool.AlreadySignsIn:
        raise Conflict("Someone already signs in with this email. Give their account the role under People "
                       "instead.") from None
    user_pool.add_to_group(created.username, role)
    user_id = created.user_id
    open_account(user_id, roles=[role], display_name=display_name)
    logger.info("account created by an administrator", extra={"user_id": user_id, "role": role})
    return {"user_id": user_id, "role": role, "status": "invited"}


def request_sign_in_email_change(access_token: str, email: str) -> SignInCodeSent:
    """Cognito mails a code to the new address and keeps using the old one until the code comes back."""
    from chalicelib.aws import user_pool
    from chalicelib.errors import Conflict, Forbidden, InvalidRequest

    try:
        user_pool.change_own_email(access_token, email)
    except user_pool.AlreadySignsIn:
        raise Conflict("Another account signs in with this email.") from None
    except user_pool.SignInAgain:
        raise Forbidden("Sign in again before you change your email.") from None
    except user_pool.AddressRefused:
        raise InvalidRequest("That email address cannot be used for signing in. Check it and send it "
                             "again.") from None
    return {"status": "code_sent", "detail": "We sent a code to the new address. Enter it to start using it."}


def confirm_sign_in_email_change(access_token: str, code: str) -> SignInEmailChanged:
    from chalicelib.aws import user_pool
    from chalicelib.errors import Forbidden, InvalidRequest

    try:
        user_pool.confirm_own_email(access_token, code)
    except user_pool.WrongCode:
        raise InvalidRequest("That code is not right or has expired. Ask for a new one.") from None
    except user_pool.SignInAgain:
        raise Forbidden("Sign in again before you change your email.") from None
    return {"status": "changed"}


def remove_sign_in(user_id: str) -> None:
    """On closing a profile: delete the person from the user pool and their address from the account."""
    from chalicelib.aws import user_pool

    if user_pool.configured():
        user_pool.delete_user(user_id)
    uow = TableUnitOfWork()
    account = uow.people.account(user_id)
    if account is not None:
        account.email = None
        account.display_name = ""
        account.mail_suppression = None
        uow.save(account)
        uow.commit()


def session_view(caller: Caller) -> SignedIn:
    """Who is signed in, with their roles and (for a director) the programs they direct."""
    from chalicelib.security.identity import Role
    from chalicelib.store.people import programs_directed_by

    account = get_account(caller.user_id)
    body: SignedIn = {"user_id": caller.user_id, "roles": sorted(r.value for r in caller.roles),
                            "display_name": account.display_name if account else None}
    if caller.is_(Role.DIRECTOR):
        body["programs"] = programs_directed_by(caller.user_id)
    return body


# The roles an administrator gives and takes from a page. `partner` is a system's, never a person's.
GRANTABLE_ROLES = ("participant", "staff", "director", "sponsor", "admin")


def user_id_for(email: str) -> str | None:
    """The user id of whoever signs in with this address, if anyone does."""
    from chalicelib.aws import user_pool

    user = user_pool.find_by_email(email)
    return user.user_id if user is not None and user.user_id else None


def _found(email: str) -> PoolUser:
    from chalicelib.aws import user_pool
    from chalicelib.errors import NotFound

    user = user_pool.find_by_email(email)
    if user is None:
        raise NotFound("Nobody signs in with this email. Check the address, or create an account for them.")
    return user


def _person_view(user: PoolUser) -> AccountHolder:
    from chalicelib.aws import user_pool

    account = get_account(user.user_id)
    return {"user_id": user.user_id or None, "email": user.email,
            "display_name": account.display_name if account else "",
            "roles": [g for g in user_pool.groups_of(user.username) if g in GRANTABLE_ROLES],
            "status": user.status}


def find_person(email: str) -> AccountHolder:
    """The person who signs in with this address, as an administrator sees them: their roles and whether they
    have finished signing up. Nothing of their profile: giving a role needs no more."""
    return _person_view(_found(email))


def change_role(admin: Caller, email: str, role: str, *, grant: bool, uow: UnitOfWork | None = None) -> RolesChanged:
    """Give or take one role: the user pool's group decides what the person may do from their next sign-in, and
    their account and audit trail say who changed it and when. Nobody changes their own roles, and the last
    role a person has is not taken (they would be signed in as nobody)."""
    from chalicelib.aws import user_pool
    from chalicelib.errors import Conflict, InvalidRequest
    from chalicelib.services.duties import not_about_themselves

    if role not in GRANTABLE_ROLES:
        raise InvalidRequest("role: must be one of {roles}.", roles=", ".join(GRANTABLE_ROLES))
    user = _found(email)
    person = _person_view(user)
    user_id = str(person["user_id"])
    not_about_themselves(admin, user_id)
    before = list(person["roles"])
    if (role in before) == grant:
        return {**person, "changed": False}
    after = sorted({*before, role}) if grant else [r for r in before if r != role]
    if not after:
        raise Conflict("This is the only role this person has. Give them another role first.")
    if grant:
        user_pool.add_to_group(user.username, role)
    else:
        user_pool.remove_from_group(user.username, role)
    uow = uow or TableUnitOfWork()
    account = uow.people.account(user_id)
    if account is None:
        uow.save(new_account(user_id, roles=after, display_name=str(person["display_name"] or ""), email=None,
                             created_at=iso(clock.now())))
    else:
        uow.set(account, "roles", after)
    uow.audit(f"account:{user_id}", admin, "role:granted" if grant else "role:removed",
              before={"roles": before}, after={"roles": after})
    uow.commit()
    logger.info("role changed by an administrator", extra={"user_id": user_id, "role": role, "grant": grant})
    return {**person, "roles": after, "changed": True}
