"""Participant profiles. Personal fields are stored sealed (see chalicelib/security/fields.py)."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem
from chalicelib.store.people import AccountItem, get_account


class ProfileItem(RegistryItem, discriminator="profile"):
    """pk=PERSON#{user} sk=PROFILE; gsi1: REGISTRY#{registry_id} / PROFILE (staff look-up by Registry ID)."""

    user_id = UnicodeAttribute()
    registry_id = UnicodeAttribute()
    status = UnicodeAttribute()  # active | closed
    email = UnicodeAttribute(null=True)
    legal_first_name = UnicodeAttribute(null=True)
    legal_middle_name = UnicodeAttribute(null=True)
    legal_last_name = UnicodeAttribute(null=True)
    preferred_name = UnicodeAttribute(null=True)
    preferred_language = UnicodeAttribute(null=True)
    home_county = UnicodeAttribute(null=True)
    began_ece_year = NumberAttribute(null=True)
    demographics = JSONAttribute(null=True)
    self_reported_education = JSONAttribute(null=True)
    # Sealed with the profile's data key, which lives in the profile-keys table (chalicelib/store/keys.py).
    ssn_sealed = UnicodeAttribute(null=True)
    birth_date_sealed = UnicodeAttribute(null=True)
    home_address_sealed = UnicodeAttribute(null=True)
    phone_sealed = UnicodeAttribute(null=True)
    name_change_request = JSONAttribute(null=True)
    # Legal names before approved name changes: a document issued under one is still this person's.
    former_names = ListAttribute(of=UnicodeAttribute, null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    closed_at = UnicodeAttribute(null=True)
    # Optional reminders the person turned off (an unsubscribe link, or their settings): kinds in
    # services/accounts/reminders.OPTIONAL. Expiry reminders are not optional and never listed here.
    reminders_off = ListAttribute(of=UnicodeAttribute, null=True)
    version = VersionAttribute()

    @staticmethod
    def key(user_id: str) -> tuple[str, str]:
        return f"PERSON#{user_id}", "PROFILE"


def on_retention_list(profile: ProfileItem, since: str | None) -> None:
    """A closed profile on the retention list from its closing (gsi3 RETENTION#closed_profile / {closed_at}#{user}),
    or off it (None) once what was kept about it is removed."""
    if since is None:
        profile.gsi3pk = profile.gsi3sk = None
    else:
        profile.gsi3pk, profile.gsi3sk = "RETENTION#closed_profile", f"{since}#{profile.user_id}"


class RegistryIdClaim(RegistryItem, discriminator="registry_id_claim"):
    """pk=REGISTRYID#{id} sk=CLAIM: written with attribute_not_exists so no two people share an ID."""

    registry_id = UnicodeAttribute()
    user_id = UnicodeAttribute()


def registry_id_claim(registry_id: str, user_id: str) -> RegistryIdClaim:
    return RegistryIdClaim(pk=f"REGISTRYID#{registry_id}", sk="CLAIM", registry_id=registry_id, user_id=user_id)


def new_profile(user_id: str, registry_id: str, at: str) -> ProfileItem:
    """An active profile, found by its Registry ID too."""
    return ProfileItem(*ProfileItem.key(user_id), user_id=user_id, registry_id=registry_id, status="active",
                       created_at=at, updated_at=at, gsi1pk=f"REGISTRY#{registry_id}", gsi1sk="PROFILE")


def on_name_change_queue(profile: ProfileItem, since: str | None) -> None:
    """On staff's queue of pending name changes (oldest first) from `since`, or off it (None)."""
    if since is None:
        profile.gsi2pk = profile.gsi2sk = None
    else:
        profile.gsi2pk, profile.gsi2sk = "NAME_CHANGES#pending", f"{since}#{profile.user_id}"


class ProfileAuditItem(RegistryItem, discriminator="profile_audit"):
    """pk=PERSON#{user} sk=AUDIT#{at}#{id}: changes to a profile, name changes with old and new name."""

    entry_id = UnicodeAttribute()
    actor_id = UnicodeAttribute()
    action = UnicodeAttribute()
    at = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    before = JSONAttribute(null=True)
    after = JSONAttribute(null=True)


def get_profile(user_id: str) -> ProfileItem | None:
    try:
        return ProfileItem.get(*ProfileItem.key(user_id), consistent_read=True)
    except DoesNotExist:
        return None


class PeopleTable:
    """Profiles and accounts behind the unit of work."""

    def profile(self, user_id: str) -> ProfileItem | None:
        return get_profile(user_id)

    def account(self, user_id: str) -> AccountItem | None:
        return get_account(user_id)


def profiles_of(user_ids: list[str], attributes: list[str] | None = None) -> list[ProfileItem]:
    """These people's profiles (those that exist) in BatchGets, reading `attributes` only when given."""
    keys = [ProfileItem.key(u) for u in user_ids]
    return [p for p in RegistryItem.batch_get(keys, attributes_to_get=attributes) if isinstance(p, ProfileItem)]


def profile_by_registry_id(registry_id: str) -> ProfileItem | None:
    for item in RegistryItem.gsi1.query(f"REGISTRY#{registry_id}", RegistryItem.gsi1sk == "PROFILE"):
        if isinstance(item, ProfileItem):
            return item
    return None


def pending_name_change_profiles(limit: int) -> list[ProfileItem]:
    return [p for p in RegistryItem.gsi2.query("NAME_CHANGES#pending", scan_index_forward=True, limit=limit)
            if isinstance(p, ProfileItem)]


def new_profile_audit(user_id: str, *, entry_id: str, at: str, actor_id: str, action: str,
                      reason: str | None = None, before: Any = None, after: Any = None) -> ProfileAuditItem:
    """An entry in a person's own audit trail (profile edits, name changes, employment decisions)."""
    return ProfileAuditItem(pk=f"PERSON#{user_id}", sk=f"AUDIT#{at}#{entry_id}", entry_id=entry_id,
                            actor_id=actor_id, action=action, at=at, reason=reason, before=before, after=after)


def profile_audit_trail(user_id: str) -> list[ProfileAuditItem]:
    return list(ProfileAuditItem.query(f"PERSON#{user_id}", ProfileAuditItem.sk.startswith("AUDIT#")))
