"""Employment history: participants add positions, the program's director confirms or declines them."""

from __future__ import annotations

from typing import Any

from ulid import ULID

from chalicelib import clock
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.security.identity import Caller, Role
from chalicelib.store.base import RegistryItem, iso
from chalicelib.store.errors import ItemMissing
from chalicelib.store.people import EmploymentItem, ProgramItem, programs_directed_by

# Once the director confirms a position, the participant may still record when it ended.
EDITABLE_AFTER_CONFIRMATION = frozenset({"end_date"})


def _program(program_id: str) -> ProgramItem:
    try:
        return ProgramItem.get(*ProgramItem.key(program_id))
    except ItemMissing:
        raise NotFound("No such program. Pick the program from the list.") from None


def _view(item: EmploymentItem, program_name: str | None = None) -> dict[str, Any]:
    return {"employment_id": item.employment_id, "program_id": item.program_id,
            "program_name": program_name or item.employer_name, "employer_name": item.employer_name,
            "role": item.role, "start_date": item.start_date, "end_date": item.end_date,
            "hours_per_week": item.hours_per_week, "age_groups": item.age_groups or [], "status": item.status,
            "confirmed_by": item.confirmed_by}


def positions_of(user_id: str) -> list[dict[str, Any]]:
    items = list(EmploymentItem.query(f"PERSON#{user_id}", EmploymentItem.sk.startswith("EMPLOYMENT#")))
    names = {i.program_id: _program(i.program_id).name for i in items if i.program_id}
    return [_view(i, names.get(i.program_id or "")) for i in sorted(items, key=lambda i: i.start_date, reverse=True)]


def add_position(caller: Caller, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("end_date") and data["end_date"] < data["start_date"]:
        raise InvalidRequest("The end date is before the start date.")
    if not data.get("program_id"):
        return _add_outside_position(caller, data)
    program = _program(data["program_id"])
    employment_id = str(ULID())
    item = EmploymentItem(pk=f"PERSON#{caller.user_id}", sk=f"EMPLOYMENT#{employment_id}",
                          employment_id=employment_id, user_id=caller.user_id, program_id=program.program_id,
                          role=data["role"], start_date=data["start_date"], end_date=data.get("end_date"),
                          hours_per_week=data.get("hours_per_week"), hourly_wage=data.get("hourly_wage"),
                          age_groups=data.get("age_groups") or None, status="pending", created_at=iso(clock.now()),
                          gsi1pk=f"PROGRAM#{program.program_id}", gsi1sk=f"STAFF#pending#{caller.user_id}")
    item.save()
    return _view(item, program.name)


def _add_outside_position(caller: Caller, data: dict[str, Any]) -> dict[str, Any]:
    """A past or current employer that is not in the registry: kept as the participant reported it, shown as
    self-reported, on no program's roster or report (no director can confirm it)."""
    employment_id = str(ULID())
    item = EmploymentItem(pk=f"PERSON#{caller.user_id}", sk=f"EMPLOYMENT#{employment_id}",
                          employment_id=employment_id, user_id=caller.user_id, program_id=None,
                          employer_name=data["employer_name"], role=data["role"], start_date=data["start_date"],
                          end_date=data.get("end_date"), hours_per_week=data.get("hours_per_week"),
                          age_groups=data.get("age_groups") or None, status="self_reported",
                          created_at=iso(clock.now()))
    item.save()
    return _view(item)


def _own_position(caller: Caller, employment_id: str) -> EmploymentItem:
    try:
        return EmploymentItem.get(f"PERSON#{caller.user_id}", f"EMPLOYMENT#{employment_id}")
    except ItemMissing:
        raise NotFound("No such position in your employment history.") from None


def update_position(caller: Caller, employment_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    item = _own_position(caller, employment_id)
    if item.status == "confirmed" and set(changes) - EDITABLE_AFTER_CONFIRMATION:
        raise Forbidden("Your director confirmed this position, so only its end date can change. "
                        "Ask your director to correct anything else.")
    if item.status == "confirmed" and item.end_date and "end_date" in changes and (
            not changes["end_date"] or changes["end_date"] > item.end_date):
        # Reopening a confirmed, ended position would put the person back on the program's signed reports.
        raise Forbidden("This confirmed position has ended; only your director can reopen it or move its end "
                        "date later. You can still move the end date earlier.")
    for name, value in changes.items():
        setattr(item, name, value)
    if item.end_date and item.end_date < item.start_date:
        raise InvalidRequest("The end date is before the start date.")
    item.save()
    return _view(item, _program(item.program_id).name if item.program_id else None)


def require_director_of(caller: Caller, program_id: str) -> None:
    """Staff may see any program; a director only the programs registry staff approved them for."""
    if caller.has_any({Role.STAFF, Role.ADMIN}):
        return
    if not caller.is_(Role.DIRECTOR) or program_id not in programs_directed_by(caller.user_id):
        # The same answer whether or not the program exists: a director learns nothing about others.
        raise Forbidden("You can see only the programs registry staff approved you to direct. "
                        "Ask for access from the program's page if you direct this one.")


def program_positions(caller: Caller, program_id: str) -> list[EmploymentItem]:
    require_director_of(caller, program_id)
    return [i for i in RegistryItem.gsi1.query(f"PROGRAM#{program_id}", RegistryItem.gsi1sk.startswith("STAFF#"))
            if isinstance(i, EmploymentItem)]


def program_roster(caller: Caller, program_id: str) -> list[dict[str, Any]]:
    """A program's positions with each person's name, permits and documents waiting, for its director."""

    from chalicelib.domain.credentials import expiry_status
    from chalicelib.services.names import display_name
    from chalicelib.store.documents import list_owner_documents
    from chalicelib.store.profiles import get_profile
    from chalicelib.store.records import snapshots_of

    positions = program_positions(caller, program_id)
    snapshots = snapshots_of([p.user_id for p in positions])
    items = []
    for position in positions:
        profile = get_profile(position.user_id)
        permits = [{"title": r["data"].get("permit_title") or "", "expires_on": r["data"].get("expires_on"),
                    "status": expiry_status(r["data"].get("expires_on"), clock.today()).value}
                   for r in snapshots[position.user_id] if r["kind"] == "permit"]
        docs, _ = list_owner_documents(position.user_id, limit=50)
        waiting = sum(1 for d in docs if d.status in ("processing", "needs_review", "failed"))
        items.append({"employment_id": position.employment_id, "user_id": position.user_id, "role": position.role,
                      "start_date": position.start_date, "end_date": position.end_date,
                      "status": position.status,
                      "name": display_name(profile) if profile and profile.status == "active" else None,
                      "registry_id": profile.registry_id if profile else None,
                      "permits": permits, "verified_records": len(snapshots[position.user_id]),
                      "documents_waiting": waiting})
    return items


def decide_position(caller: Caller, program_id: str, employment_id: str, *, confirm: bool) -> dict[str, Any]:
    matches = [i for i in program_positions(caller, program_id) if i.employment_id == employment_id]
    if not matches:
        raise NotFound("No such position at this program.")
    item = matches[0]
    if item.status != "pending":
        raise Conflict("This position is already {status}.", status=item.status)
    item.status = "confirmed" if confirm else "declined"
    item.confirmed_by = caller.user_id
    item.gsi1sk = f"STAFF#{item.status}#{item.user_id}"
    item.save()
    if confirm:
        from chalicelib.services.events import publish
        from chalicelib.store.profiles import get_profile

        profile = get_profile(item.user_id)
        publish("employment.confirmed", {"participant_id": item.user_id, "program_id": program_id,
                                         "employment_id": item.employment_id, "status": item.status,
                                         "registry_id": profile.registry_id if profile else None}, iso(clock.now()))
    return _view(item, _program(program_id).name)


def director_update(caller: Caller, program_id: str, employment_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The director corrects a position at their program, confirmed or not (the participant can only end it)."""
    matches = [i for i in program_positions(caller, program_id) if i.employment_id == employment_id]
    if not matches:
        raise NotFound("No such position at this program.")
    item = EmploymentItem.get(f"PERSON#{matches[0].user_id}", f"EMPLOYMENT#{employment_id}")
    for name, value in changes.items():
        setattr(item, name, value)
    if item.end_date and item.end_date < item.start_date:
        raise InvalidRequest("The end date is before the start date.")
    item.save()
    return _view(item, _program(program_id).name)
