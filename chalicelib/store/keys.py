"""Per-profile data keys, in their own table without backups (crypto-shredding on closure)."""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model

from chalicelib.config import get_settings


class ProfileKeyItem(Model):
    class Meta:
        table_name = get_settings().profile_keys_table_name
        region = get_settings().region
        host = get_settings().aws_endpoint_url

    profile = UnicodeAttribute(hash_key=True)
    encrypted_key = UnicodeAttribute()
