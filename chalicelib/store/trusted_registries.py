"""Other registries whose signed record credentials this one accepts, with the keys they publish."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem


class TrustedRegistryItem(RegistryItem, discriminator="trusted_registry"):
    """pk=TRUSTED#{issuer id} sk=TRUSTED; gsi1: TRUSTED_REGISTRIES / {name}."""

    issuer_id = UnicodeAttribute()
    name = UnicodeAttribute()
    jwks = JSONAttribute()
    added_by = UnicodeAttribute()
    added_at = UnicodeAttribute()


def _key(issuer_id: str) -> tuple[str, str]:
    return f"TRUSTED#{issuer_id}", "TRUSTED"


def trusted_registry(issuer_id: str) -> TrustedRegistryItem | None:
    try:
        return TrustedRegistryItem.get(*_key(issuer_id), consistent_read=True)
    except DoesNotExist:
        return None


def trust(issuer_id: str, *, name: str, jwks: dict[str, object], added_by: str, added_at: str) -> TrustedRegistryItem:
    item = TrustedRegistryItem(*_key(issuer_id), issuer_id=issuer_id, name=name, jwks=jwks, added_by=added_by,
                               added_at=added_at, gsi1pk="TRUSTED_REGISTRIES", gsi1sk=f"{name}#{issuer_id}")
    item.save()
    return item


def trusted_registries() -> list[TrustedRegistryItem]:
    return [i for i in RegistryItem.gsi1.query("TRUSTED_REGISTRIES") if isinstance(i, TrustedRegistryItem)]
