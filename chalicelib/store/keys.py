"""Per-profile data keys, in their own table without backups (crypto-shredding on closure)."""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model

from chalicelib.config import get_settings
from chalicelib.store.base import table_meta


class ProfileKeyItem(Model):
    Meta = table_meta(get_settings().profile_keys_table_name)

    profile = UnicodeAttribute(hash_key=True)
    encrypted_key = UnicodeAttribute()
