"""Partner clients: Cognito app clients with client credentials, created by admins, secrets rotated with overlap.

Cognito holds the secrets (the registry stores none) and issues the partners' access tokens, scope
registry/partner. What a partner may read is decided by the registry: the programs that granted it access
(`scopes` on the client item, e.g. program:prog-sunshine).
"""

from __future__ import annotations

from datetime import timedelta

from chalicelib import clock
from chalicelib.aws import user_pool
from chalicelib.config import get_settings
from chalicelib.errors import Conflict, NotFound
from chalicelib.security.identity import PARTNER_SCOPE, Caller, Role
from chalicelib.services.partners.views import NewPartnerClient, PartnerClient, RotatedPartnerSecret
from chalicelib.services.unit_of_work import TableUnitOfWork, UnitOfWork
from chalicelib.services.views import Items
from chalicelib.store.base import iso
from chalicelib.store.people import new_account, new_partner_client

ROTATION_OVERLAP = timedelta(hours=24)


def _partner_subject(client_id: str) -> str:
    """A partner client's audit trail: who let it in, with which scopes, and its secrets' rotations."""
    return f"partner:{client_id}"


def create(admin: Caller, *, name: str, scopes: list[str], email: str | None,
           uow: UnitOfWork | None = None) -> NewPartnerClient:
    uow = uow or TableUnitOfWork()
    settings = get_settings()
    made = user_pool.create_partner_client(name, PARTNER_SCOPE)
    client_id = made.client_id
    now = iso(clock.now())
    # The partner acts as its client id (the token's client_id claim); its account holds the contact address.
    uow.save(new_account(client_id, roles=[Role.PARTNER.value], display_name=name, email=email, created_at=now))
    uow.save(new_partner_client(client_id, name=name, scopes=scopes, created_at=now))
    uow.audit(_partner_subject(client_id), admin, "partner:created", after={"name": name, "scopes": scopes})
    uow.commit()
    return {"client_id": client_id, "client_secret": made.client_secret, "user_id": client_id, "scopes": scopes,
            "token_url": f"{settings.auth_base_url}/oauth2/token",
            "note": "Store the secret now: the registry cannot show it again."}


PARTNER_LIST_LIMIT = 200


def listed(uow: UnitOfWork | None = None) -> Items[PartnerClient]:
    """The partner systems let in, by name: what each may see and whether a secret rotation is in its overlap.
    Never a secret: Cognito shows a secret once, when it is made."""
    uow = uow or TableUnitOfWork()
    return {"items": [{"client_id": c.client_id, "name": c.name, "scopes": [str(s) for s in c.scopes or []],
                       "created_at": c.created_at, "previous_secret_valid_until": (c.rotation or {}).get("retire_at")}
                      for c in uow.people.partner_clients(PARTNER_LIST_LIMIT)]}


def rotate(admin: Caller, client_id: str, uow: UnitOfWork | None = None) -> RotatedPartnerSecret:
    """A second secret for the client; the older one keeps working for ROTATION_OVERLAP, then is deleted."""
    uow = uow or TableUnitOfWork()
    item = uow.people.partner_client(client_id)
    if item is None:
        raise NotFound("No such partner client.")
    existing = user_pool.client_secret_ids(client_id)
    if len(existing) > 1:
        raise Conflict("A rotation is still in its overlap: the previous secret is retired at {retire_at}. Rotate "
                       "again after that.", retire_at=item.rotation and item.rotation.get("retire_at"))
    added = user_pool.add_client_secret(client_id)
    retire_at = iso(clock.now() + ROTATION_OVERLAP)
    item.retire_at(retire_at, existing[0] if existing else None)
    uow.save(item)
    uow.audit(_partner_subject(client_id), admin, "partner:secret_rotated", after={"previous_valid_until": retire_at})
    uow.commit()
    return {"client_id": client_id, "client_secret": added,
            "previous_secret_valid_until": retire_at}


def retire_rotated_secrets(uow: UnitOfWork | None = None) -> int:
    """Run by the minute schedule: delete each old secret whose overlap has ended."""
    uow = uow or TableUnitOfWork()
    now = iso(clock.now())
    retired = 0
    for item in uow.people.rotations():
        if not item.rotation or item.rotation.get("retire_at", "9") > now:
            continue
        if item.rotation.get("retire_id"):
            user_pool.delete_client_secret(item.client_id, item.rotation["retire_id"])
        item.retire_at(None)
        uow.save(item)
        uow.audit(_partner_subject(item.client_id), None, "partner:previous_secret_retired")
        uow.commit()
        retired += 1
    return retired
