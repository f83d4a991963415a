"""Employment on the in-memory unit of work: a position waits for its director, a confirmation commits with its
event and announcement, each change lands in the person's audit trail, and who may change what."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.security.identity import Caller, Role
from chalicelib.services.accounts import employment
from chalicelib.store.people import EmploymentItem, ProgramItem
from chalicelib.store.profiles import ProfileAuditItem, ProfileItem
from chalicelib.store.records import EventItem
from tests.fakes import InMemoryUnitOfWork

ANA = Caller("user-ana", frozenset({Role.PARTICIPANT}))
DANA = Caller("user-dana", frozenset({Role.DIRECTOR, Role.PARTICIPANT}))  # directs Sunshine
OMAR = Caller("user-omar", frozenset({Role.DIRECTOR}))  # directs Maple only
AT = "2026-11-02T09:00:00.000000Z"
TEACHER = {"program_id": "prog-sun", "role": "Teacher", "start_date": "2024-08-15", "hours_per_week": 40,
           "hourly_wage": 22.5}


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    work = InMemoryUnitOfWork()
    for program_id, name in (("prog-sun", "Sunshine Early Learning"), ("prog-maple", "Maple Family Child Care")):
        work.save(ProgramItem(*ProgramItem.key(program_id), program_id=program_id, name=name,
                              program_type="center", created_at=AT))
    work.commit()
    work.employment.directors = {DANA.user_id: ["prog-sun"], OMAR.user_id: ["prog-maple"]}
    for person in (ANA, DANA):
        work.people.add(ProfileItem(*ProfileItem.key(person.user_id), user_id=person.user_id,
                                    registry_id=f"CA-{person.user_id}", status="active", created_at=AT,
                                    updated_at=AT))
    return work


def _trail(uow: InMemoryUnitOfWork, user_id: str) -> list[str]:
    return [i.action for i in uow.table.every(ProfileAuditItem) if str(i.pk) == f"PERSON#{user_id}"]


def _added(uow: InMemoryUnitOfWork, data: dict[str, Any] | None = None, who: Caller = ANA) -> str:
    return str(employment.add_position(who, data or TEACHER, uow=uow)["employment_id"])


def test_a_position_at_a_program_waits_for_its_director_on_that_programs_list(uow: InMemoryUnitOfWork) -> None:
    employment_id = _added(uow)
    [position] = employment.program_positions(DANA, "prog-sun", uow=uow)
    assert (position.employment_id, position.status, position.hourly_wage) == (employment_id, "pending", 22.5)
    assert (position.gsi1pk, position.gsi1sk) == ("PROGRAM#prog-sun", f"STAFF#pending#{ANA.user_id}")
    assert _trail(uow, ANA.user_id) == ["employment:added"]
    assert uow.sent == {}


def test_a_position_elsewhere_is_self_reported_on_no_list_and_keeps_no_wage(uow: InMemoryUnitOfWork) -> None:
    view = employment.add_position(ANA, {"employer_name": "Little Stars", "role": "Aide",
                                         "start_date": "2019-01-07", "hourly_wage": 15}, uow=uow)
    assert (view["status"], view["program_name"]) == ("self_reported", "Little Stars")
    [item] = uow.employment.positions_of(ANA.user_id)
    assert item.hourly_wage is None and item.gsi1pk is None


def test_a_confirmation_commits_with_its_event_and_announcement(uow: InMemoryUnitOfWork) -> None:
    employment_id = _added(uow)
    commits = uow.commits
    view = employment.decide_position(DANA, "prog-sun", employment_id, confirm=True, uow=uow)
    assert (view["status"], view["confirmed_by"], view["program_name"]) == ("confirmed", DANA.user_id,
                                                                            "Sunshine Early Learning")
    assert uow.commits == commits + 1
    [event] = [i for i in uow.others if isinstance(i, EventItem)]
    assert (event.type, event.subject["employment_id"], event.subject["registry_id"]) == (
        "employment.confirmed", employment_id, f"CA-{ANA.user_id}")
    assert [m["type"] for m in uow.sent["webhooks"]] == ["employment.confirmed"]
    assert _trail(uow, ANA.user_id) == ["employment:added", "employment:confirmed"]
    stored = uow.employment.position(ANA.user_id, employment_id)
    assert stored is not None and stored.gsi1sk == f"STAFF#confirmed#{ANA.user_id}"
    with pytest.raises(Conflict, match="already confirmed"):
        employment.decide_position(DANA, "prog-sun", employment_id, confirm=False, uow=uow)


def test_a_declined_position_announces_nothing(uow: InMemoryUnitOfWork) -> None:
    employment_id = _added(uow)
    assert employment.decide_position(DANA, "prog-sun", employment_id, confirm=False, uow=uow)["status"] == \
        "declined"
    assert uow.sent == {} and [i for i in uow.others if isinstance(i, EventItem)] == []


def test_only_the_programs_own_director_decides_and_never_about_themselves(uow: InMemoryUnitOfWork) -> None:
    employment_id = _added(uow)
    with pytest.raises(Forbidden):
        employment.decide_position(OMAR, "prog-sun", employment_id, confirm=True, uow=uow)
    with pytest.raises(NotFound):
        employment.decide_position(OMAR, "prog-maple", employment_id, confirm=True, uow=uow)
    own = _added(uow, {**TEACHER, "role": "Director"}, who=DANA)
    with pytest.raises(Forbidden):
        employment.decide_position(DANA, "prog-sun", own, confirm=True, uow=uow)
    assert {p.status for p in uow.table.every(EmploymentItem)} == {"pending"}


def test_after_confirmation_the_participant_may_only_end_the_position_earlier(uow: InMemoryUnitOfWork) -> None:
    employment_id = _added(uow)
    employment.decide_position(DANA, "prog-sun", employment_id, confirm=True, uow=uow)
    with pytest.raises(Forbidden, match="only its end date"):
        employment.update_position(ANA, employment_id, {"role": "Site Supervisor"}, uow=uow)
    assert employment.update_position(ANA, employment_id, {"end_date": "2026-06-30"}, uow=uow)["end_date"] == \
        "2026-06-30"
    with pytest.raises(Forbidden, match="only your director can reopen it"):
        employment.update_position(ANA, employment_id, {"end_date": None}, uow=uow)
    corrected = employment.director_update(DANA, "prog-sun", employment_id, {"end_date": None}, uow=uow)
    assert corrected["end_date"] is None
    assert _trail(uow, ANA.user_id)[-2:] == ["employment:updated", "employment:corrected"]
