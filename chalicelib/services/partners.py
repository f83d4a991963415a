"""Partner clients: created by admins, authenticated with client credentials, secrets rotated with overlap."""

from __future__ import annotations

import base64
import hmac
import os
import secrets
from datetime import timedelta
from typing import Any

from pynamodb.exceptions import DoesNotExist

from chalicelib.config import get_settings
from chalicelib.errors import NotFound, Unauthenticated
from chalicelib.security.identity import Role, issue_local_token
from chalicelib.services import clock
from chalicelib.store.base import iso
from chalicelib.store.people import AccountItem, PartnerClientItem

ROTATION_OVERLAP = timedelta(hours=24)
TOKEN_TTL_SECONDS = 3600


def _hash(secret: str, salt: bytes) -> str:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    digest = Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(secret.encode())
    return base64.b64encode(salt + digest).decode()


def _matches(secret: str, stored: str) -> bool:
    raw = base64.b64decode(stored)
    return hmac.compare_digest(_hash(secret, raw[:16]), stored)


def create(*, name: str, scopes: list[str], email: str | None) -> dict[str, Any]:
    client_id = f"pc_{secrets.token_hex(8)}"
    user_id = f"u-partner-{client_id}"
    secret = secrets.token_urlsafe(32)
    now = iso(clock.now())
    AccountItem(*AccountItem.key(user_id), user_id=user_id, roles=[Role.PARTNER.value], display_name=name,
                email=email, created_at=now, gsi1pk="ACCOUNTS", gsi1sk=f"partner#{user_id}").save()
    PartnerClientItem(pk=f"PARTNER#{client_id}", sk="CLIENT", client_id=client_id, name=name, user_id=user_id,
                      scopes=scopes, created_at=now, secret_hashes=[{"hash": _hash(secret, os.urandom(16)),
                                                                     "created_at": now, "expires_at": None}],
                      gsi2pk=f"PARTNER_USER#{user_id}", gsi2sk=client_id).save()
    return {"client_id": client_id, "client_secret": secret, "user_id": user_id, "scopes": scopes,
            "note": "Store the secret now: the registry keeps only a hash of it."}


def _client(client_id: str) -> PartnerClientItem:
    try:
        return PartnerClientItem.get(f"PARTNER#{client_id}", "CLIENT")
    except DoesNotExist:
        raise NotFound("No such partner client.") from None


def rotate(client_id: str) -> dict[str, Any]:
    item = _client(client_id)
    now = clock.now()
    expires = iso(now + ROTATION_OVERLAP)
    secret = secrets.token_urlsafe(32)
    kept = [{**h, "expires_at": h.get("expires_at") or expires} for h in (item.secret_hashes or [])
            if not h.get("expires_at") or h["expires_at"] > iso(now)]
    item.secret_hashes = [{"hash": _hash(secret, os.urandom(16)), "created_at": iso(now),
                           "expires_at": None}, *kept]
    item.save()
    return {"client_id": client_id, "client_secret": secret, "previous_secret_valid_until": expires}


def exchange(client_id: str, client_secret: str) -> dict[str, Any]:
    """OAuth2 client-credentials, local mode: a bearer token for the partner API (AWS uses Cognito's)."""
    refused = Unauthenticated("Unknown client id or wrong secret.")
    try:
        item = PartnerClientItem.get(f"PARTNER#{client_id}", "CLIENT")
    except DoesNotExist:
        raise refused from None
    now = iso(clock.now())
    valid = [h for h in (item.secret_hashes or []) if not h.get("expires_at") or h["expires_at"] > now]
    if not any(_matches(client_secret, h["hash"]) for h in valid):
        raise refused
    token = issue_local_token(get_settings(), user_id=item.user_id, roles=[Role.PARTNER],
                              ttl_seconds=TOKEN_TTL_SECONDS)
    return {"access_token": token, "token_type": "Bearer", "expires_in": TOKEN_TTL_SECONDS}
