"""Who may see an event is decided when it is stored: the event goes to the state's log, and a copy to each
program whose partners may see it, in the same commit as the change it reports."""

from __future__ import annotations

import pytest

from chalicelib.services.events import programs_on, publish, stage_event
from chalicelib.store.people import EmploymentItem
from chalicelib.store.records import EventItem, ProgramEventItem
from tests.fakes import InMemoryUnitOfWork

AT = "2026-03-10T09:00:00.000000Z"


def _position(user_id: str, program_id: str | None, start: str, end: str | None = None,
              status: str = "confirmed") -> EmploymentItem:
    employment_id = f"e-{user_id}-{program_id}-{start}"
    return EmploymentItem(pk=f"PERSON#{user_id}", sk=f"EMPLOYMENT#{employment_id}", employment_id=employment_id,
                          user_id=user_id, program_id=program_id, employer_name=None if program_id else "Elsewhere",
                          role="Teacher", start_date=start, end_date=end, status=status, created_at=AT)


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    work = InMemoryUnitOfWork()
    for position in (_position("ana", "prog-sun", "2024-08-15"),
                     _position("ana", "prog-maple", "2025-01-06", end="2025-12-19"),  # left before AT
                     _position("ana", "prog-oak", "2026-01-05", status="pending"),  # not confirmed
                     _position("ana", None, "2020-01-01", status="self_reported"),
                     _position("sam", "prog-maple", "2026-04-01")):  # starts after AT
        work.save(position)
    work.commit()
    return work


def _copies(uow: InMemoryUnitOfWork) -> dict[str, list[str]]:
    by_event: dict[str, list[str]] = {}
    for copy in uow.table.every(ProgramEventItem):
        by_event.setdefault(copy.event_id, []).append(str(copy.pk).removeprefix("PROGRAM#"))
    return {event_id: sorted(programs) for event_id, programs in by_event.items()}


def test_an_event_about_a_person_is_copied_to_the_programs_where_they_worked_that_day(
        uow: InMemoryUnitOfWork) -> None:
    event = publish("document.verified", {"participant_id": "ana", "document_id": "d-1"}, AT, uow=uow)
    assert _copies(uow) == {event.event_id: ["prog-sun"]}
    [stored] = uow.table.every(EventItem)
    assert stored.event_id == event.event_id and str(stored.pk) == "EVENTS#2026-03"
    [copy] = uow.table.every(ProgramEventItem)
    assert (copy.type, copy.at, copy.subject, copy.sk) == (event.type, AT, event.subject, f"EVENT#{event.event_id}")
    assert [m["event_id"] for m in uow.sent["webhooks"]] == [event.event_id]


def test_the_day_decides_an_event_from_while_she_worked_at_maple_goes_to_maple_too(uow: InMemoryUnitOfWork) -> None:
    event = publish("record.changed", {"participant_id": "ana"}, "2025-12-19T23:00:00.000000Z", uow=uow)
    assert _copies(uow) == {event.event_id: ["prog-maple", "prog-sun"]}


def test_a_programs_report_goes_to_that_program_only_and_a_stranger_to_none(uow: InMemoryUnitOfWork) -> None:
    report = publish("report.generated", {"program_id": "prog-oak", "report_id": "r-1"}, AT, uow=uow)
    stranger = publish("document.verified", {"participant_id": "nobody"}, AT, uow=uow)
    before_start = publish("document.verified", {"participant_id": "sam"}, AT, uow=uow)
    assert _copies(uow) == {report.event_id: ["prog-oak"]}
    assert {e.event_id for e in uow.table.every(EventItem)} == {report.event_id, stranger.event_id,
                                                                 before_start.event_id}


def test_an_event_staged_in_a_change_that_is_refused_leaves_no_copy(uow: InMemoryUnitOfWork) -> None:
    from chalicelib.services.unit_of_work import Guard, Refused

    taken = _position("ana", "prog-sun", "2024-08-15")
    uow.save(taken, Guard("pk", absent=True))  # already there: the change is refused as a whole
    stage_event(uow, "employment.confirmed", {"participant_id": "ana", "program_id": "prog-sun"}, AT)
    with pytest.raises(Refused):
        uow.commit()
    assert _copies(uow) == {} and uow.table.every(EventItem) == []


def test_positions_count_from_their_first_day_to_their_last() -> None:
    maple = [_position("ana", "prog-maple", "2025-01-06", end="2025-12-19")]
    assert programs_on(maple, "2025-01-05T23:59:59Z") == set()
    assert programs_on(maple, "2025-01-06T00:00:00Z") == programs_on(maple, "2025-12-19T12:00:00Z") == {"prog-maple"}
    assert programs_on(maple, "2025-12-20T00:00:00Z") == set()
