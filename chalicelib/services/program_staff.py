"""A program's confirmed staff and their names, as every program report reads them (staff and director
verification, QRIS): one Query for the staff, BatchGets for their profiles."""

from __future__ import annotations

from datetime import date

from chalicelib.errors import NotFound
from chalicelib.services.names import display_name
from chalicelib.store.base import RegistryItem
from chalicelib.store.errors import ItemMissing
from chalicelib.store.people import AccountItem, EmploymentItem, ProgramItem, confirmed_positions
from chalicelib.store.profiles import ProfileItem


def _program(program_id: str) -> ProgramItem:
    try:
        return ProgramItem.get(*ProgramItem.key(program_id))
    except ItemMissing:
        raise NotFound("No such program among the programs you direct.") from None


POSITION_FIELDS_FOR_REPORTS = ["pk", "sk", "entity", "employment_id", "user_id", "program_id", "role", "start_date",
                               "end_date", "status", "created_at", "hours_per_week", "hourly_wage"]


def current_staff(program_id: str, today: date) -> list[EmploymentItem]:
    positions = confirmed_positions(program_id, POSITION_FIELDS_FOR_REPORTS)
    return [p for p in positions if not p.end_date or date.fromisoformat(p.end_date) >= today]


# Only what a report prints: less to read and to send back (and moto's serialiser is slow per attribute).
PROFILE_FIELDS_FOR_REPORTS = ["pk", "sk", "entity", "user_id", "registry_id", "status", "legal_first_name",
                              "legal_last_name", "preferred_name"]


def _profiles(user_ids: list[str]) -> dict[str, ProfileItem]:
    keys = [ProfileItem.key(u) for u in dict.fromkeys(user_ids)]
    return {p.user_id: p for p in RegistryItem.batch_get(keys, attributes_to_get=PROFILE_FIELDS_FOR_REPORTS)
            if isinstance(p, ProfileItem)}


def _person_name(user_id: str, profiles: dict[str, ProfileItem]) -> str:
    if user_id in profiles:
        return display_name(profiles[user_id])
    try:
        return str(AccountItem.get(*AccountItem.key(user_id)).display_name)
    except ItemMissing:
        return user_id
