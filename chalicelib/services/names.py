"""How a person is named on reports, lists and emails: the preferred name where there is one, the legal name on
what must carry it. Below every other service, so any of them may use it."""

from __future__ import annotations

from chalicelib.store.profiles import ProfileItem


def display_name(profile: ProfileItem) -> str:
    first = profile.preferred_name or profile.legal_first_name or ""
    return " ".join(p for p in (first, profile.legal_last_name) if p) or profile.registry_id


def legal_name(profile: ProfileItem) -> str:
    parts = (profile.legal_first_name, profile.legal_middle_name, profile.legal_last_name)
    return " ".join(p for p in parts if p) or profile.registry_id
