"""Envelope encryption of personal fields: a KMS data key per profile, each field sealed with AES-GCM.

The data key is stored only encrypted under the registry's KMS key. Destroying that
encrypted key makes every sealed field of the profile unreadable (crypto-shredding).
Each ciphertext is bound to its profile and field name (AES-GCM associated data), so
a sealed SSN cannot be moved into another profile or another field and still open.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from chalicelib.aws import keys
from chalicelib.config import get_settings

SEALED_PREFIX = "v1:"


@dataclass(frozen=True, slots=True)
class DataKey:
    plaintext: bytes
    encrypted: str  # base64 of the KMS ciphertext blob

    def __repr__(self) -> str:  # never print key material
        return "DataKey(<redacted>)"


def new_data_key(profile_id: str) -> DataKey:
    made = keys.new_data_key(get_settings().data_key_id, {"profile": profile_id})
    return DataKey(plaintext=made.plaintext, encrypted=base64.b64encode(made.ciphertext).decode())


def open_data_key(profile_id: str, encrypted: str) -> DataKey:
    return DataKey(plaintext=keys.decrypt(base64.b64decode(encrypted), {"profile": profile_id}), encrypted=encrypted)


def store_data_key(profile_id: str, key: DataKey) -> None:
    """Keep the encrypted data key in the profile-keys table (no backups: see infra/resources.yaml)."""
    from chalicelib.store.keys import ProfileKeyItem

    ProfileKeyItem(profile_id, encrypted_key=key.encrypted).save()


def load_data_key(profile_id: str) -> DataKey | None:
    from pynamodb.exceptions import DoesNotExist

    from chalicelib.store.keys import ProfileKeyItem

    try:
        item = ProfileKeyItem.get(profile_id, consistent_read=True)
    except DoesNotExist:
        return None
    return open_data_key(profile_id, item.encrypted_key)


def destroy_data_key(profile_id: str) -> None:
    from chalicelib.store.keys import ProfileKeyItem

    ProfileKeyItem(profile_id).delete()


def seal(key: DataKey, profile_id: str, field: str, value: str) -> str:
    nonce = os.urandom(12)
    ciphertext = AESGCM(key.plaintext).encrypt(nonce, value.encode("utf-8"), f"{profile_id}/{field}".encode())
    return SEALED_PREFIX + base64.b64encode(nonce + ciphertext).decode()


def unseal(key: DataKey, profile_id: str, field: str, sealed: str) -> str:
    raw = base64.b64decode(sealed.removeprefix(SEALED_PREFIX))
    plaintext = AESGCM(key.plaintext).decrypt(raw[:12], raw[12:], f"{profile_id}/{field}".encode())
    return plaintext.decode("utf-8")
