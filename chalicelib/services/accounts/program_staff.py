"""A program's confirmed staff and their names, as every program report reads them (staff and director
verification, QRIS): one Query for the staff, BatchGets for their profiles."""

from __future__ import annotations

from datetime import date

from chalicelib.errors import NotFound
from chalicelib.services.names import display_name
from chalicelib.store.people import EmploymentItem, EmploymentTable, ProgramItem, confirmed_positions, get_account
from chalicelib.store.profiles import ProfileItem, profiles_of


def _program(program_id: str) -> ProgramItem:
    program = EmploymentTable().program(program_id)
    if program is None:
        raise NotFound("No such program among the programs you direct.")
    return program


POSITION_FIELDS_FOR_REPORTS = ["pk", "sk", "entity", "employment_id", "user_id", "program_id", "role", "start_date",
                               "end_date", "status", "created_at", "hours_per_week", "hourly_wage"]


def current_staff(program_id: str, today: date) -> list[EmploymentItem]:
    positions = confirmed_positions(program_id, POSITION_FIELDS_FOR_REPORTS)
    return [p for p in positions if not p.end_date or date.fromisoformat(p.end_date) >= today]


# Only what a report prints: less to read and to send back (and moto's serialiser is slow per attribute).
PROFILE_FIELDS_FOR_REPORTS = ["pk", "sk", "entity", "user_id", "registry_id", "status", "legal_first_name",
                              "legal_last_name", "preferred_name"]


def _profiles(user_ids: list[str]) -> dict[str, ProfileItem]:
    return {p.user_id: p for p in profiles_of(list(dict.fromkeys(user_ids)), PROFILE_FIELDS_FOR_REPORTS)}


def _person_name(user_id: str, profiles: dict[str, ProfileItem]) -> str:
    if user_id in profiles:
        return display_name(profiles[user_id])
    account = get_account(user_id)
    return str(account.display_name) if account is not None else user_id
