"""Employment history: participants add positions, the program's director confirms or declines them.

Every change is one commit of the unit of work with an entry in the person's audit trail; a confirmation
commits with its `employment.confirmed` event and the message that announces it to partners.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ulid import ULID

from chalicelib import clock
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.security.identity import Caller, Role
from chalicelib.services.accounts.views import PermitHeld, PositionFields, PositionView, StaffMember, position_fields
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.unit_of_work import EmploymentRepository, TableUnitOfWork, UnitOfWork
from chalicelib.store.base import iso
from chalicelib.store.people import EmploymentItem, EmploymentTable, ProgramItem, new_position
from chalicelib.store.profiles import new_profile_audit

# Once the director confirms a position, the participant may still record when it ended.
EDITABLE_AFTER_CONFIRMATION = frozenset({"end_date"})
POSITION_FIELDS = ("role", "start_date", "end_date", "hours_per_week", "hourly_wage", "age_groups",
                   "employer_name")


def _program(program_id: str, employment: EmploymentRepository | None = None) -> ProgramItem:
    program = (employment or EmploymentTable()).program(program_id)
    if program is None:
        raise NotFound("No such program. Pick the program from the list.")
    return program


def _view(item: EmploymentItem, program_name: str | None = None) -> PositionView:
    return {"employment_id": item.employment_id, "program_id": item.program_id,
            "program_name": program_name or item.employer_name, "employer_name": item.employer_name,
            "role": item.role, "start_date": item.start_date, "end_date": item.end_date,
            "hours_per_week": item.hours_per_week, "age_groups": [str(g) for g in item.age_groups or []],
            "status": item.status, "confirmed_by": item.confirmed_by}


def _fields(item: EmploymentItem) -> PositionFields:
    return position_fields({name: getattr(item, name) for name in POSITION_FIELDS})


def _audit(uow: UnitOfWork, item: EmploymentItem, actor: Caller, action: str, before: Any = None) -> None:
    uow.save(new_profile_audit(item.user_id, entry_id=str(ULID()), at=clock.now_iso(), actor_id=actor.user_id,
                               action=action, before=before,
                               after={"employment_id": item.employment_id, "program_id": item.program_id,
                                      "status": item.status, **_fields(item)}))


def positions_of(user_id: str, uow: UnitOfWork | None = None) -> list[PositionView]:
    uow = uow or TableUnitOfWork()
    items = uow.employment.positions_of(user_id)
    names = {i.program_id: _program(i.program_id, uow.employment).name for i in items if i.program_id}
    return [_view(i, names.get(i.program_id or "")) for i in sorted(items, key=lambda i: i.start_date, reverse=True)]


def add_position(caller: Caller, data: Mapping[str, Any], uow: UnitOfWork | None = None) -> PositionView:
    """A position at a registry program waits for its director; one elsewhere is kept as self-reported, on no
    program's roster or report (no director can confirm it)."""
    uow = uow or TableUnitOfWork()
    if data.get("end_date") and data["end_date"] < data["start_date"]:
        raise InvalidRequest("The end date is before the start date.")
    program = _program(data["program_id"], uow.employment) if data.get("program_id") else None
    fields = {k: v for k, v in data.items() if k in POSITION_FIELDS and v not in (None, [])}
    if program is None:
        fields.pop("hourly_wage", None)
    item = new_position(caller.user_id, str(ULID()), program_id=program.program_id if program else None,
                        status="pending" if program else "self_reported", created_at=iso(clock.now()), **fields)
    uow.save(item)
    _audit(uow, item, caller, "employment:added")
    uow.commit()
    return _view(item, program.name if program else None)


def update_position(caller: Caller, employment_id: str, changes: Mapping[str, Any],
                    uow: UnitOfWork | None = None) -> PositionView:
    uow = uow or TableUnitOfWork()
    item = uow.employment.position(caller.user_id, employment_id)
    if item is None:
        raise NotFound("No such position in your employment history.")
    if item.status == "confirmed" and set(changes) - EDITABLE_AFTER_CONFIRMATION:
        raise Forbidden("Your director confirmed this position, so only its end date can change. "
                        "Ask your director to correct anything else.")
    if item.status == "confirmed" and item.end_date and "end_date" in changes and (
            not changes["end_date"] or changes["end_date"] > item.end_date):
        # Reopening a confirmed, ended position would put the person back on the program's signed reports.
        raise Forbidden("This confirmed position has ended; only your director can reopen it or move its end "
                        "date later. You can still move the end date earlier.")
    return _changed(uow, item, changes, caller, "employment:updated")


def _changed(uow: UnitOfWork, item: EmploymentItem, changes: Mapping[str, Any], actor: Caller,
             action: str) -> PositionView:
    before = _fields(item)
    for name, value in changes.items():
        setattr(item, name, value)
    if item.end_date and item.end_date < item.start_date:
        raise InvalidRequest("The end date is before the start date.")
    uow.save(item)
    _audit(uow, item, actor, action, before=before)
    uow.commit()
    return _view(item, _program(item.program_id, uow.employment).name if item.program_id else None)


def require_director_of(caller: Caller, program_id: str, employment: EmploymentRepository | None = None) -> None:
    """Staff may see any program; a director only the programs registry staff approved them for."""
    if caller.has_any({Role.STAFF, Role.ADMIN}):
        return
    directed = (employment or EmploymentTable()).programs_directed_by(caller.user_id) \
        if caller.is_(Role.DIRECTOR) else []
    if program_id not in directed:
        # The same answer whether or not the program exists: a director learns nothing about others.
        raise Forbidden("You can see only the programs registry staff approved you to direct. "
                        "Ask for access from the program's page if you direct this one.")


def program_positions(caller: Caller, program_id: str, uow: UnitOfWork | None = None) -> list[EmploymentItem]:
    uow = uow or TableUnitOfWork()
    require_director_of(caller, program_id, uow.employment)
    return uow.employment.at_program(program_id)


def program_roster(caller: Caller, program_id: str) -> list[StaffMember]:
    """A program's positions with each person's name, permits and documents waiting, for its director."""

    from chalicelib.domain.credentials import expiry_status
    from chalicelib.services.names import display_name
    from chalicelib.store.documents import list_owner_documents
    from chalicelib.store.profiles import get_profile
    from chalicelib.store.records import snapshots_of

    positions = program_positions(caller, program_id)
    snapshots = snapshots_of([p.user_id for p in positions])
    items: list[StaffMember] = []
    for position in positions:
        profile = get_profile(position.user_id)
        permits: list[PermitHeld] = []
        for record in snapshots[position.user_id]:
            data = record.get("data")
            if record.get("kind") != "permit" or not isinstance(data, dict):
                continue
            title, expires_on = data.get("permit_title"), data.get("expires_on")
            expires_on = expires_on if isinstance(expires_on, str) else None
            permits.append({"title": title if isinstance(title, str) else "", "expires_on": expires_on,
                            "status": expiry_status(expires_on, clock.today()).value})
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


def _at_program(caller: Caller, program_id: str, employment_id: str, uow: UnitOfWork) -> EmploymentItem:
    matches = [i for i in program_positions(caller, program_id, uow) if i.employment_id == employment_id]
    item = uow.employment.position(matches[0].user_id, employment_id) if matches else None
    if item is None:
        raise NotFound("No such position at this program.")
    not_about_themselves(caller, item.user_id)  # a director's own position is confirmed by another
    return item


def decide_position(caller: Caller, program_id: str, employment_id: str, *, confirm: bool,
                    uow: UnitOfWork | None = None) -> PositionView:
    from chalicelib.services.events import stage_event

    uow = uow or TableUnitOfWork()
    item = _at_program(caller, program_id, employment_id, uow)
    if item.status != "pending":
        raise Conflict("This position is already {status}.", status=item.status)
    item.status = "confirmed" if confirm else "declined"
    item.confirmed_by = caller.user_id
    item.index()
    uow.save(item)
    _audit(uow, item, caller, f"employment:{item.status}")
    if confirm:
        profile = uow.people.profile(item.user_id)
        stage_event(uow, "employment.confirmed", {
            "participant_id": item.user_id, "program_id": program_id, "employment_id": item.employment_id,
            "status": item.status, "registry_id": profile.registry_id if profile else None}, iso(clock.now()))
    try:
        uow.commit()
    except Conflict as exc:
        raise Conflict("This position changed at the same moment. Reload the staff list.") from exc
    return _view(item, _program(program_id, uow.employment).name)


def director_update(caller: Caller, program_id: str, employment_id: str, changes: Mapping[str, Any],
                    uow: UnitOfWork | None = None) -> PositionView:
    """The director corrects a position at their program, confirmed or not (the participant can only end it)."""
    uow = uow or TableUnitOfWork()
    item = _at_program(caller, program_id, employment_id, uow)
    return _changed(uow, item, changes, caller, "employment:corrected")
