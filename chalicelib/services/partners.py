"""Partner clients: Cognito app clients with client credentials, created by admins, secrets rotated with overlap.

Cognito holds the secrets (the registry stores none) and issues the partners' access tokens, scope
registry/partner. What a partner may read is decided by the registry: the programs that granted it access
(`scopes` on the client item, e.g. program:prog-sunshine).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalicelib import clock
from chalicelib.aws.clients import client
from chalicelib.config import get_settings
from chalicelib.errors import Conflict, NotFound
from chalicelib.security.identity import PARTNER_SCOPE, Role
from chalicelib.store.base import RegistryItem, iso
from chalicelib.store.errors import ItemMissing
from chalicelib.store.people import AccountItem, PartnerClientItem

ROTATION_OVERLAP = timedelta(hours=24)


def create(*, name: str, scopes: list[str], email: str | None) -> dict[str, Any]:
    settings = get_settings()
    made = client("cognito-idp").create_user_pool_client(
        UserPoolId=settings.user_pool_id, ClientName=f"partner: {name}"[:128], GenerateSecret=True,
        AllowedOAuthFlows=["client_credentials"], AllowedOAuthScopes=[PARTNER_SCOPE],
        AllowedOAuthFlowsUserPoolClient=True, AccessTokenValidity=60,
        TokenValidityUnits={"AccessToken": "minutes"})["UserPoolClient"]
    client_id = made["ClientId"]
    now = iso(clock.now())
    # The partner acts as its client id (the token's client_id claim); its account holds the contact address.
    AccountItem(*AccountItem.key(client_id), user_id=client_id, roles=[Role.PARTNER.value], display_name=name,
                email=email, created_at=now, gsi1pk="ACCOUNTS", gsi1sk=f"partner#{client_id}").save()
    PartnerClientItem(pk=f"PARTNER#{client_id}", sk="CLIENT", client_id=client_id, name=name, user_id=client_id,
                      scopes=scopes, created_at=now, gsi2pk=f"PARTNER_USER#{client_id}", gsi2sk=client_id).save()
    return {"client_id": client_id, "client_secret": made["ClientSecret"], "user_id": client_id, "scopes": scopes,
            "token_url": f"{settings.auth_base_url}/oauth2/token",
            "note": "Store the secret now: the registry cannot show it again."}


def _client(client_id: str) -> PartnerClientItem:
    try:
        return PartnerClientItem.get(f"PARTNER#{client_id}", "CLIENT")
    except ItemMissing:
        raise NotFound("No such partner client.") from None


def rotate(client_id: str) -> dict[str, Any]:
    """A second secret for the client; the older one keeps working for ROTATION_OVERLAP, then is deleted."""
    item = _client(client_id)
    settings = get_settings()
    idp = client("cognito-idp")
    existing = [s["ClientSecretId"] for s in idp.list_user_pool_client_secrets(
        UserPoolId=settings.user_pool_id, ClientId=client_id)["ClientSecrets"]]
    if len(existing) > 1:
        raise Conflict("A rotation is still in its overlap: the previous secret is retired at {retire_at}. Rotate "
                       "again after that.", retire_at=item.rotation and item.rotation.get("retire_at"))
    added = idp.add_user_pool_client_secret(UserPoolId=settings.user_pool_id,
                                            ClientId=client_id)["ClientSecretDescriptor"]
    retire_at = iso(clock.now() + ROTATION_OVERLAP)
    item.rotation = {"retire_id": existing[0] if existing else None, "retire_at": retire_at}
    item.gsi1pk, item.gsi1sk = "PARTNER_ROTATIONS", f"{retire_at}#{client_id}"
    item.save()
    return {"client_id": client_id, "client_secret": added["ClientSecretValue"],
            "previous_secret_valid_until": retire_at}


def retire_rotated_secrets() -> int:
    """Run by the minute schedule: delete each old secret whose overlap has ended."""
    now = iso(clock.now())
    retired = 0
    settings = get_settings()
    for item in RegistryItem.gsi1.query("PARTNER_ROTATIONS"):
        if not isinstance(item, PartnerClientItem) or not item.rotation:
            continue
        if item.rotation.get("retire_at", "9") > now:
            continue
        if item.rotation.get("retire_id"):
            client("cognito-idp").delete_user_pool_client_secret(
                UserPoolId=settings.user_pool_id, ClientId=item.client_id,
                ClientSecretId=item.rotation["retire_id"])
        item.rotation = None
        item.gsi1pk = None
        item.gsi1sk = None
        item.save()
        retired += 1
    return retired
