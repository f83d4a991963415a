"""Training sponsors on the in-memory unit of work: an application, staff's decision, managers who join only by
accepting, instructors a manager approves, and every step in the sponsor's audit trail."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib import clock
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.security.identity import Caller, Role
from chalicelib.services.training import catalogue, instructors, sponsors
from chalicelib.services.unit_of_work import Guard, Refused
from chalicelib.store.documents import AuditEntryItem
from chalicelib.store.training import InstructorItem, SponsorItem, SponsorMemberItem, TrainingEventItem
from tests.fakes import InMemoryUnitOfWork

MIA = Caller("user-mia", frozenset({Role.PARTICIPANT}))  # applies for her county office of education
SAM = Caller("user-sam", frozenset({Role.STAFF}))
TOM = Caller("user-tom", frozenset({Role.PARTICIPANT}))
LEE = Caller("user-lee", frozenset({Role.PARTICIPANT}))


@pytest.fixture
def uow(monkeypatch: pytest.MonkeyPatch) -> InMemoryUnitOfWork:
    monkeypatch.setattr(clock, "CLOCK", clock.ManualClock(datetime(2026, 12, 1, 9, tzinfo=UTC)))
    return InMemoryUnitOfWork()


def _trail(uow: InMemoryUnitOfWork, sponsor_id: str) -> list[tuple[str, str]]:
    return [(e.actor_id, e.action) for e in uow.table.every(AuditEntryItem)
            if str(e.pk).endswith(f"sponsor:{sponsor_id}")]


def _roles(uow: InMemoryUnitOfWork, sponsor_id: str) -> dict[str, str]:
    return {m.user_id: m.role for m in uow.table.every(SponsorMemberItem) if m.sponsor_id == sponsor_id}


def _approved(uow: InMemoryUnitOfWork) -> str:
    sponsor_id = str(sponsors.apply(MIA, name="Yolo County Office of Education", uow=uow)["sponsor_id"])
    sponsors.decide(SAM, sponsor_id, approve=True, reason=None, uow=uow)
    return sponsor_id


def test_an_application_waits_on_staffs_list_and_approval_makes_the_applicant_its_manager(
        uow: InMemoryUnitOfWork) -> None:
    sponsor_id = str(sponsors.apply(MIA, name="Yolo County Office of Education", uow=uow)["sponsor_id"])
    [waiting] = uow.table.every(SponsorItem)
    assert (waiting.status, waiting.gsi1pk, waiting.managers) == ("applied", "SPONSORS#applied", None)
    assert _roles(uow, sponsor_id) == {MIA.user_id: "applicant"}
    with pytest.raises(Forbidden):
        catalogue.add_training(MIA, sponsor_id, {"title": "Not yet"}, uow=uow)  # not approved yet

    assert sponsors.decide(SAM, sponsor_id, approve=True, reason=None, uow=uow)["status"] == "approved"
    [approved] = uow.table.every(SponsorItem)
    assert (approved.gsi1pk, approved.managers, approved.decided_by) == ("SPONSORS#approved", [MIA.user_id],
                                                                          SAM.user_id)
    assert _roles(uow, sponsor_id) == {MIA.user_id: "manager"}
    assert _trail(uow, sponsor_id) == [(MIA.user_id, "sponsor:applied"), (SAM.user_id, "sponsor:approved")]


def test_a_denial_needs_a_reason_the_agency_can_act_on_and_is_decided_once(uow: InMemoryUnitOfWork) -> None:
    sponsor_id = str(sponsors.apply(MIA, name="Yolo County Office of Education", uow=uow)["sponsor_id"])
    with pytest.raises(InvalidRequest):
        sponsors.decide(SAM, sponsor_id, approve=False, reason="  ", uow=uow)
    seen_by_other = uow.training.sponsor(sponsor_id)
    sponsors.decide(SAM, sponsor_id, approve=False, reason="No training calendar yet.", uow=uow)
    with pytest.raises(Conflict, match="already decided"):
        sponsors.decide(SAM, sponsor_id, approve=True, reason=None, uow=uow)
    # A second staff member who read it before the denial: the stored decision stands.
    assert seen_by_other is not None and seen_by_other.status == "applied"
    seen_by_other.status, seen_by_other.decided_by = "approved", "user-other-staff"
    uow.save(seen_by_other, Guard("decided_by", absent=True))
    with pytest.raises(Refused):
        uow.commit()
    [stored] = uow.table.every(SponsorItem)
    assert (stored.status, stored.reason) == ("denied", "No training calendar yet.")
    assert [a for _, a in _trail(uow, sponsor_id)] == ["sponsor:applied", "sponsor:denied"]


def test_nobody_decides_their_own_application(uow: InMemoryUnitOfWork) -> None:
    staff_applicant = Caller("user-sam", frozenset({Role.STAFF, Role.PARTICIPANT}))
    sponsor_id = str(sponsors.apply(staff_applicant, name="Sam's Trainings", uow=uow)["sponsor_id"])
    with pytest.raises(Forbidden):
        sponsors.decide(SAM, sponsor_id, approve=True, reason=None, uow=uow)
    assert uow.table.every(SponsorItem)[0].status == "applied"


def test_a_manager_joins_only_by_accepting_and_a_declined_invitation_gives_nothing(uow: InMemoryUnitOfWork) -> None:
    sponsor_id = _approved(uow)
    invited = sponsors.add_manager(MIA, sponsor_id, TOM.user_id, uow=uow)
    sponsors.add_manager(MIA, sponsor_id, LEE.user_id, uow=uow)
    assert (invited["managers"], _roles(uow, sponsor_id)[TOM.user_id]) == ([MIA.user_id], "invited")
    with pytest.raises(Forbidden):
        catalogue.add_training(TOM, sponsor_id, {"title": "Not a manager yet"}, uow=uow)

    assert sponsors.answer_manager_invitation(TOM, sponsor_id, accept=True, uow=uow)["manager"] is True
    assert sponsors.answer_manager_invitation(LEE, sponsor_id, accept=False, uow=uow)["manager"] is False
    with pytest.raises(NotFound):
        sponsors.answer_manager_invitation(LEE, sponsor_id, accept=True, uow=uow)  # declined is an answer
    assert uow.training.sponsor(sponsor_id).managers == [MIA.user_id, TOM.user_id]  # type: ignore[union-attr]
    assert _roles(uow, sponsor_id) == {MIA.user_id: "manager", TOM.user_id: "manager", LEE.user_id: "declined"}
    assert _trail(uow, sponsor_id)[2:] == [
        (MIA.user_id, "sponsor:manager_invited"), (MIA.user_id, "sponsor:manager_invited"),
        (TOM.user_id, "sponsor:manager_accepted"), (LEE.user_id, "sponsor:manager_declined")]
    catalogue.add_training(TOM, sponsor_id, {"title": "Observation"}, uow=uow)


def test_instructors_are_approved_by_a_manager_not_themselves_and_assigned_without_touching_seats(
        uow: InMemoryUnitOfWork) -> None:
    sponsor_id = _approved(uow)
    added = catalogue.add_training(MIA, sponsor_id, {"title": "Observation", "hours": 3}, uow=uow)
    training_id = str(added["training_id"])
    event = catalogue.schedule(MIA, sponsor_id, training_id=training_id, starts_at=datetime(2027, 1, 9, 17, tzinfo=UTC),
                        ends_at=datetime(2027, 1, 9, 20, tzinfo=UTC), capacity=20, county="Yolo", place="Room 4",
                        funding_source=None, invite_only=False, withdraw_hours_before=24, uow=uow)
    [stored] = uow.table.every(TrainingEventItem)
    assert (stored.gsi1pk, stored.gsi2pk) == ("CALENDAR#2027-01", f"SPONSOR_EVENTS#{sponsor_id}")

    asked = instructors.request_instructor(TOM, sponsor_id, "Twenty years in infant care.", True, uow=uow)
    assert asked["status"] == "requested"
    assert instructors.request_instructor(TOM, sponsor_id, None, False, uow=uow)["status"] == "requested"  # asked once
    with pytest.raises(Forbidden):
        instructors.decide_instructor(TOM, sponsor_id, TOM.user_id, approve=True, uow=uow)  # not a manager
    with pytest.raises(InvalidRequest):
        catalogue.assign_instructors(MIA, event["event_id"], [TOM.user_id], uow=uow)  # not approved yet
    instructors.decide_instructor(MIA, sponsor_id, TOM.user_id, approve=True, uow=uow)
    [instructor] = uow.table.every(InstructorItem)
    assert (instructor.status, instructor.bio, instructor.gsi1sk) == ("approved", "Twenty years in infant care.",
                                                                      f"INSTRUCTS#{sponsor_id}")

    uow.count(stored, "enrolled", 1)  # a seat taken by someone else meanwhile
    uow.commit()
    catalogue.assign_instructors(MIA, event["event_id"], [TOM.user_id], uow=uow)
    [after] = uow.table.every(TrainingEventItem)
    assert (after.instructor_ids, after.enrolled) == ([TOM.user_id], 1)
    assert [a for _, a in _trail(uow, sponsor_id)][-2:] == ["instructor:requested", "instructor:approved"]
