"""The Cognito user pool, as the registry uses it: people who sign in, the groups that are their roles, and the
app clients partner systems sign in with.

Use cases call these functions and catch the errors below, never Cognito's own exceptions: which call raises
what (admin_get_user's UserNotFoundException, update_user_attributes' AliasExistsException...) is this module's
business. Each call names the pool from the settings, except where a Cognito trigger hands over its own.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from chalicelib.aws.clients import client
from chalicelib.config import get_settings


class UserPoolError(Exception):
    """Something the user pool refused that the person can act on."""


class AlreadySignsIn(UserPoolError):
    """Another account signs in with that address."""


class NoSuchUser(UserPoolError):
    """Nobody in the pool has that user name."""


class SignInAgain(UserPoolError):
    """The access token no longer allows the change: the person signs in again."""


class WrongCode(UserPoolError):
    """The confirmation code is wrong or expired."""


class AddressRefused(UserPoolError):
    """Cognito would not take the address (some our own check lets through)."""


@dataclass(frozen=True, slots=True)
class PoolUser:
    user_id: str  # the `sub`, which never changes
    username: str
    email: str | None
    email_verified: bool
    status: str


def _user(raw: dict[str, Any]) -> PoolUser:
    attributes = {a["Name"]: a["Value"] for a in raw.get("Attributes", raw.get("UserAttributes", []))}
    return PoolUser(user_id=attributes.get("sub", ""), username=raw["Username"], email=attributes.get("email"),
                    email_verified=attributes.get("email_verified") == "true",
                    status=str(raw.get("UserStatus", "")))


def _pool() -> str:
    return get_settings().user_pool_id


def configured() -> bool:
    """False only where no pool is wired (a unit of work run without the local cloud)."""
    return bool(_pool())


def get_user(username: str) -> PoolUser | None:
    idp = client("cognito-idp")
    try:
        raw = idp.admin_get_user(UserPoolId=_pool(), Username=username)
    except idp.exceptions.UserNotFoundException:
        return None
    return _user(raw)


def find_by_email(email: str) -> PoolUser | None:
    # A filter value is quoted by Cognito's own syntax: an address with a quote in it matches nobody.
    if '"' in email or "\\" in email:
        return None
    found = client("cognito-idp").list_users(UserPoolId=_pool(), Filter=f'email = "{email.strip().lower()}"',
                                             Limit=2)["Users"]
    return _user(found[0]) if len(found) == 1 else None


def invite_user(email: str) -> PoolUser:
    """A person an administrator signs up: Cognito mails them a temporary password. Raises AlreadySignsIn."""
    idp = client("cognito-idp")
    try:
        created = idp.admin_create_user(UserPoolId=_pool(), Username=email, DesiredDeliveryMediums=["EMAIL"],
                                        UserAttributes=[{"Name": "email", "Value": email},
                                                        {"Name": "email_verified", "Value": "true"}])["User"]
    except idp.exceptions.UsernameExistsException:
        raise AlreadySignsIn(email) from None
    return _user(created)


def delete_user(username: str) -> None:
    """Gone from the pool; nothing happens for someone already gone."""
    idp = client("cognito-idp")
    with contextlib.suppress(idp.exceptions.UserNotFoundException):
        idp.admin_delete_user(UserPoolId=_pool(), Username=username)


def groups_of(username: str) -> list[str]:
    groups = client("cognito-idp").admin_list_groups_for_user(UserPoolId=_pool(), Username=username,
                                                               Limit=60)["Groups"]
    return sorted(g["GroupName"] for g in groups)


def add_to_group(username: str, group: str, *, pool_id: str | None = None) -> None:
    """Raises NoSuchUser. `pool_id`: a Cognito trigger's own pool, as its event names it."""
    idp = client("cognito-idp")
    try:
        idp.admin_add_user_to_group(UserPoolId=pool_id or _pool(), Username=username, GroupName=group)
    except idp.exceptions.UserNotFoundException:
        raise NoSuchUser(username) from None


def remove_from_group(username: str, group: str) -> None:
    client("cognito-idp").admin_remove_user_from_group(UserPoolId=_pool(), Username=username, GroupName=group)


def change_own_email(access_token: str, email: str) -> None:
    """Cognito mails a code to the new address and keeps the old one until it comes back. Raises AlreadySignsIn,
    SignInAgain or AddressRefused."""
    idp = client("cognito-idp")
    try:
        idp.update_user_attributes(AccessToken=access_token, UserAttributes=[{"Name": "email", "Value": email}])
    except (idp.exceptions.AliasExistsException, idp.exceptions.UsernameExistsException):
        raise AlreadySignsIn(email) from None
    except idp.exceptions.NotAuthorizedException:
        raise SignInAgain() from None
    except idp.exceptions.ClientError as exc:
        # Cognito refuses some addresses our pattern lets through (found by fuzzing): the person's mistake.
        if 400 <= int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 500)) < 500:
            raise AddressRefused(email) from None
        raise


def confirm_own_email(access_token: str, code: str) -> None:
    """Raises WrongCode or SignInAgain."""
    idp = client("cognito-idp")
    try:
        idp.verify_user_attribute(AccessToken=access_token, AttributeName="email", Code=code)
    except (idp.exceptions.CodeMismatchException, idp.exceptions.ExpiredCodeException):
        raise WrongCode() from None
    except idp.exceptions.NotAuthorizedException:
        raise SignInAgain() from None


# ---------------------------------------------------------------- partner systems' app clients

@dataclass(frozen=True, slots=True)
class AppClient:
    client_id: str
    client_secret: str


def create_partner_client(name: str, scope: str) -> AppClient:
    """An app client for the client-credentials flow, with a secret (shown once) and hour-long tokens."""
    made = client("cognito-idp").create_user_pool_client(
        UserPoolId=_pool(), ClientName=f"partner: {name}"[:128], GenerateSecret=True,
        AllowedOAuthFlows=["client_credentials"], AllowedOAuthScopes=[scope],
        AllowedOAuthFlowsUserPoolClient=True, AccessTokenValidity=60,
        TokenValidityUnits={"AccessToken": "minutes"})["UserPoolClient"]
    return AppClient(made["ClientId"], made["ClientSecret"])


def client_secret_ids(client_id: str) -> list[str]:
    secrets = client("cognito-idp").list_user_pool_client_secrets(UserPoolId=_pool(), ClientId=client_id)
    return [s["ClientSecretId"] for s in secrets["ClientSecrets"]]


def add_client_secret(client_id: str) -> str:
    """A second secret beside the first (Cognito keeps two at most); returns its value, shown once."""
    added = client("cognito-idp").add_user_pool_client_secret(UserPoolId=_pool(), ClientId=client_id)
    return str(added["ClientSecretDescriptor"]["ClientSecretValue"])


def delete_client_secret(client_id: str, secret_id: str) -> None:
    client("cognito-idp").delete_user_pool_client_secret(UserPoolId=_pool(), ClientId=client_id,
                                                         ClientSecretId=secret_id)
