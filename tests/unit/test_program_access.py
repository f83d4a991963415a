"""Programs and who directs them, on the in-memory unit of work: a director asks once, staff decide (never about
themselves), each step is in the program's audit trail, and a director sees only the programs they direct."""

from __future__ import annotations

import pytest

from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.security.identity import Caller, Role
from chalicelib.services.accounts import programs
from chalicelib.store.documents import AuditEntryItem
from tests.fakes import InMemoryUnitOfWork

SAM = Caller("user-sam", frozenset({Role.STAFF}))
DANA = Caller("user-dana", frozenset({Role.DIRECTOR}))
ANA = Caller("user-ana", frozenset({Role.PARTICIPANT}))
SUNSHINE = {"name": "Sunshine Early Learning", "license_number": "197412345", "program_type": "center",
            "address": {"county": "Sacramento"}}


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()


def _trail(uow: InMemoryUnitOfWork, program_id: str) -> list[tuple[str, str]]:
    return [(e.actor_id, e.action) for e in uow.table.every(AuditEntryItem)
            if str(e.pk).endswith(f"program:{program_id}")]


def test_a_director_asks_once_staff_approve_and_then_the_director_sees_the_program(uow: InMemoryUnitOfWork) -> None:
    program_id = str(programs.create(SAM, SUNSHINE, uow=uow)["program_id"])
    programs.create(SAM, {**SUNSHINE, "name": "Maple Family Child Care"}, uow=uow)
    assert programs.visible_programs(DANA, uow.employment) == []
    assert [p["name"] for p in programs.visible_programs(ANA, uow.employment)] == [
        "Maple Family Child Care", "Sunshine Early Learning"]  # licensed businesses: public

    assert programs.request_access(DANA, program_id, uow=uow)["status"] == "requested"
    with pytest.raises(Conflict, match="already asked"):
        programs.request_access(DANA, program_id, uow=uow)
    with pytest.raises(NotFound):
        programs.request_access(DANA, "prog-nowhere", uow=uow)
    assert programs.visible_programs(DANA, uow.employment) == []  # asked is not approved
    [waiting] = programs.waiting_director_requests(uow=uow)
    assert (waiting["program_name"], waiting["user_id"]) == ("Sunshine Early Learning", DANA.user_id)

    programs.decide_access(SAM, program_id, DANA.user_id, approve=True, uow=uow)
    assert programs.waiting_director_requests(uow=uow) == []  # decided: off staff's list
    assert [p["program_id"] for p in programs.visible_programs(DANA, uow.employment)] == [program_id]
    assert _trail(uow, program_id) == [(SAM.user_id, "program:created"), (DANA.user_id, "director:requested"),
                                       (SAM.user_id, "director:approved")]


def test_staff_cannot_decide_their_own_access_and_revoking_is_audited_with_what_it_was(
        uow: InMemoryUnitOfWork) -> None:
    program_id = str(programs.create(SAM, SUNSHINE, uow=uow)["program_id"])
    staff_director = Caller(SAM.user_id, frozenset({Role.STAFF, Role.DIRECTOR}))
    programs.request_access(staff_director, program_id, uow=uow)
    with pytest.raises(Forbidden):
        programs.decide_access(SAM, program_id, SAM.user_id, approve=True, uow=uow)
    programs.request_access(DANA, program_id, uow=uow)
    programs.decide_access(SAM, program_id, DANA.user_id, approve=True, uow=uow)
    programs.decide_access(SAM, program_id, DANA.user_id, approve=False, uow=uow)
    [revoked] = [e for e in uow.table.every(AuditEntryItem) if e.action == "director:revoked"]
    assert (revoked.before, revoked.after) == ({"user_id": DANA.user_id, "status": "approved"},
                                               {"user_id": DANA.user_id, "status": "revoked"})
    assert programs.visible_programs(DANA, uow.employment) == []


def test_a_participant_finds_an_employer_by_the_start_of_its_name_a_page_at_a_time(uow: InMemoryUnitOfWork) -> None:
    for n in range(programs.PROGRAM_SEARCH_LIMIT + 5):
        programs.create(SAM, {**SUNSHINE, "name": f"Sunshine Site {n:02d}"}, uow=uow)
    maple = str(programs.create(SAM, {**SUNSHINE, "name": "Maple Family Child Care"}, uow=uow)["program_id"])

    assert [p["name"] for p in programs.visible_programs(ANA, uow.employment, name="maple")] == [
        "Maple Family Child Care"]
    sunshine = programs.visible_programs(ANA, uow.employment, name="SUNSHINE S")
    assert len(sunshine) == programs.PROGRAM_SEARCH_LIMIT  # a page, never the whole state
    assert [p["program_id"] for p in programs.visible_programs(ANA, uow.employment, program_id=maple)] == [maple]
    assert programs.visible_programs(ANA, uow.employment, program_id="prog-nowhere") == []
    assert len(programs.visible_programs(ANA, uow.employment)) == programs.PROGRAM_SEARCH_LIMIT
