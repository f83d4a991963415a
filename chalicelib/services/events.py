"""The registry's event log: what happened, in order, for webhooks and the partner catch-up feed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from ulid import ULID

from chalicelib.domain.messages import EventSubject, PartnerEvent, as_subject
from chalicelib.services.unit_of_work import TableUnitOfWork, UnitOfWork
from chalicelib.store.people import EmploymentItem
from chalicelib.store.records import EventItem, ProgramEventItem, new_event_item, program_event_item

EVENT_TYPES = ("document.verified", "document.rejected", "record.updated", "record.changed", "employment.confirmed",
               "report.generated", "profile.closed", "training.attended")


def programs_on(positions: Iterable[EmploymentItem], at: str) -> set[str]:
    """Programs where the person held a confirmed position on the day of `at` (YYYY-MM-DD...)."""
    day = at[:10]
    return {str(p.program_id) for p in positions if p.status == "confirmed" and p.program_id
            and p.start_date <= day and (not p.end_date or day <= p.end_date)}


ProgramsOf = Callable[[str, str], set[str]]


def programs_seeing(subject: EventSubject, at: str, programs_of: ProgramsOf) -> set[str]:
    """The programs whose partners may see an event: the program it is about, or the programs where the person
    it is about worked on its day (nothing from before they started or after they left)."""
    if subject.get("program_id"):
        return {str(subject["program_id"])}
    if subject.get("participant_id"):
        return programs_of(str(subject["participant_id"]), at)
    return set()


def new_event(event_type: str, subject: EventSubject, at: str) -> EventItem:
    event_id = f"evt_{ULID()}"
    return new_event_item(event_id, event_type, subject, at)


def announced(event: EventItem) -> PartnerEvent:
    """The message that hands a stored event to webhook fan-out: owed by the change that stores the event, and
    written to the outbox in the same transaction."""
    return PartnerEvent(event_id=event.event_id, type=event.type, at=event.at, subject=as_subject(event.subject))


def stage_event(uow: UnitOfWork, event_type: str, subject: EventSubject, at: str) -> EventItem:
    """Add an event to the change in `uow`: the event, a copy for each program whose partners may see it, and the
    message that fans it out to webhooks. Which programs is decided now, from the positions as they stand, as
    webhook fan-out decides right after; a position confirmed later with an earlier start does not reach back."""
    event = new_event(event_type, subject, at)
    uow.save(event)
    for program_id in sorted(programs_seeing(subject, at,
                                             lambda person, on: programs_on(uow.employment.positions_of(person), on))):
        uow.save(program_event_item(program_id, event))
    uow.send(announced(event))
    return event


def publish(event_type: str, subject: EventSubject, at: str, uow: UnitOfWork | None = None) -> EventItem:
    """Store an event, its programs' copies and its fan-out message together, then send the message."""
    uow = uow or TableUnitOfWork()
    event = stage_event(uow, event_type, subject, at)
    uow.commit()
    return event


def copy_events_to_programs(months: int = 13, now: datetime | None = None) -> int:
    """Give the events of the last `months` months their programs' copies, as stage_event gives new ones: for
    events stored before the copies existed (a kept local registry, or a deployment's first start after them).
    Idempotent; each person's positions are read once. Returns the copies written."""
    from chalicelib import clock
    from chalicelib.store.people import EmploymentTable
    from chalicelib.store.records import events_of_month, keep_program_events

    now = now or clock.now()
    positions: dict[str, list[EmploymentItem]] = {}

    def programs_of(person: str, on: str) -> set[str]:
        if person not in positions:
            positions[person] = EmploymentTable().positions_of(person)
        return programs_on(positions[person], on)

    def copies() -> Iterator[ProgramEventItem]:
        year, month = now.year, now.month
        for _ in range(months):
            for event in events_of_month(f"{year:04d}-{month:02d}"):
                for program_id in programs_seeing(as_subject(event.subject), event.at, programs_of):
                    yield program_event_item(program_id, event)
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)

    return keep_program_events(copies())
