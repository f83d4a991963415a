"""The training module's rules on the in-memory unit of work: seats and the waitlist, withdrawal and who moves up,
the attendance window and the record attendance leaves, the survey once per attendee. No moto: milliseconds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib import clock
from chalicelib.errors import BadRequest, Conflict, Forbidden, NotFound
from chalicelib.security.identity import Caller, Role
from chalicelib.services.training import attendance, catalogue, enrolment, sponsors, survey
from chalicelib.store.documents import AuditEntryItem
from chalicelib.store.profiles import ProfileItem
from chalicelib.store.records import EventItem, RecordItem
from chalicelib.store.training import SponsorItem, SurveyResponseItem, TrainingEventItem
from tests.fakes import InMemoryUnitOfWork

MIA = Caller("user-mia", frozenset({Role.SPONSOR}))  # the sponsor's manager
PEOPLE = [Caller(f"user-{n}", frozenset({Role.PARTICIPANT})) for n in ("ana", "ben", "cai", "dee")]
ANA, BEN, CAI, DEE = PEOPLE
STARTS = "2026-12-10T17:00:00.000000Z"


@pytest.fixture
def manual(monkeypatch: pytest.MonkeyPatch) -> clock.ManualClock:
    at = clock.ManualClock(datetime(2026, 12, 1, 9, tzinfo=UTC))
    monkeypatch.setattr(clock, "CLOCK", at)
    return at


@pytest.fixture
def uow(manual: clock.ManualClock) -> InMemoryUnitOfWork:
    work = InMemoryUnitOfWork()
    work.save(SponsorItem(*SponsorItem.key("sp-1"), sponsor_id="sp-1", name="Sacramento COE", status="approved",
                          applicant_id=MIA.user_id, managers=[MIA.user_id], applied_at="2026-01-01"))
    work.save(_event("ev-1", capacity=2))
    for person in PEOPLE:
        work.people.add(ProfileItem(*ProfileItem.key(person.user_id), user_id=person.user_id,
                                    registry_id=f"CA-{person.user_id}", status="active", created_at=STARTS,
                                    updated_at=STARTS))
    work.commit()
    return work


def _event(event_id: str, *, capacity: int, visibility: str = "published",
           invitation_code: str | None = None) -> TrainingEventItem:
    details = {"title": "Positive Guidance", "hours": 200, "competency_area": "Guidance", "language": "en",
               "sponsor_name": "Sacramento COE", "starts_at": STARTS, "ends_at": "2026-12-10T20:00:00.000000Z"}
    return TrainingEventItem(*TrainingEventItem.key(event_id), event_id=event_id, sponsor_id="sp-1",
                             training_id="tr-1", details=details, starts_at=STARTS,
                             withdraw_until="2026-12-09T17:00:00.000000Z", capacity=capacity, enrolled=0,
                             visibility=visibility, invitation_code=invitation_code)


def _emails(uow: InMemoryUnitOfWork) -> list[tuple[str, str]]:
    return [(m["template"], m["user_id"]) for m in uow.sent.get("notifications", [])]


def _seats_taken(uow: InMemoryUnitOfWork, event_id: str = "ev-1") -> int:
    event = uow.training.event(event_id)
    assert event is not None
    return int(event.enrolled)


def test_seats_go_in_order_and_the_rest_wait_each_told_which(uow: InMemoryUnitOfWork) -> None:
    answers = [enrolment.enroll(person, "ev-1", uow=uow)["status"] for person in (ANA, BEN, CAI)]
    assert answers == ["enrolled", "enrolled", "waitlisted"]
    assert _seats_taken(uow) == 2
    assert _emails(uow) == [("training_enrolled", ANA.user_id), ("training_enrolled", BEN.user_id),
                            ("training_waitlisted", CAI.user_id)]
    assert uow.sent["notifications"][0]["event"]["title"] == "Positive Guidance"


def test_enrolling_again_changes_nothing_and_sends_nothing(uow: InMemoryUnitOfWork) -> None:
    enrolment.enroll(ANA, "ev-1", uow=uow)
    again = enrolment.enroll(ANA, "ev-1", uow=uow)
    assert again["status"] == "enrolled" and _seats_taken(uow) == 1
    assert _emails(uow) == [("training_enrolled", ANA.user_id)]


def test_the_last_seat_taken_by_someone_else_meanwhile_waitlists_instead_of_overfilling(
        uow: InMemoryUnitOfWork, monkeypatch: pytest.MonkeyPatch) -> None:
    as_read_before = uow.training.event("ev-1")  # 0 of 2 seats taken when Cai's request read it
    enrolment.enroll(ANA, "ev-1", uow=uow)
    enrolment.enroll(BEN, "ev-1", uow=uow)
    monkeypatch.setattr(uow.training, "event", lambda event_id: as_read_before)
    assert enrolment.enroll(CAI, "ev-1", uow=uow)["status"] == "waitlisted"
    monkeypatch.undo()
    assert _seats_taken(uow) == 2
    assert _emails(uow)[-1] == ("training_waitlisted", CAI.user_id)


def test_a_withdrawal_gives_the_seat_to_the_first_waiting_with_their_email(uow: InMemoryUnitOfWork) -> None:
    for person in (ANA, BEN, CAI):
        enrolment.enroll(person, "ev-1", uow=uow)
        clock.CLOCK.advance(minutes=1)  # type: ignore[attr-defined]
    enrolment.enroll(DEE, "ev-1", uow=uow)
    uow.sent.clear()
    assert enrolment.withdraw(ANA, "ev-1", uow=uow)["status"] == "withdrawn"
    assert uow.training.enrollment("ev-1", CAI.user_id).status == "enrolled"  # type: ignore[union-attr]
    assert uow.training.enrollment("ev-1", DEE.user_id).status == "waitlisted"  # type: ignore[union-attr]
    assert _emails(uow) == [("training_moved_up", CAI.user_id)]
    assert _seats_taken(uow) == 2


def test_a_withdrawal_with_nobody_waiting_frees_the_seat(uow: InMemoryUnitOfWork) -> None:
    enrolment.enroll(ANA, "ev-1", uow=uow)
    enrolment.withdraw(ANA, "ev-1", uow=uow)
    assert _seats_taken(uow) == 0
    with pytest.raises(NotFound):
        enrolment.withdraw(ANA, "ev-1", uow=uow)


def test_the_sponsors_cut_off_and_the_start_close_withdrawal_and_enrolment(
        uow: InMemoryUnitOfWork, manual: clock.ManualClock) -> None:
    enrolment.enroll(ANA, "ev-1", uow=uow)
    manual.advance(days=8, hours=9)  # past the cut-off, before the start
    with pytest.raises(Conflict, match="cut-off for withdrawing"):
        enrolment.withdraw(ANA, "ev-1", uow=uow)
    manual.advance(days=1)
    with pytest.raises(Conflict, match="already started"):
        enrolment.enroll(BEN, "ev-1", uow=uow)


def test_an_invite_only_event_needs_its_code(uow: InMemoryUnitOfWork) -> None:
    uow.save(_event("ev-private", capacity=5, visibility="invite_only", invitation_code="k3y-for-staff"))
    uow.commit()
    with pytest.raises(NotFound):
        enrolment.enroll(ANA, "ev-private", uow=uow)
    with pytest.raises(NotFound):
        enrolment.enroll(ANA, "ev-private", invitation_code="guess", uow=uow)
    assert enrolment.enroll(ANA, "ev-private", invitation_code="k3y-for-staff", uow=uow)["status"] == "enrolled"


def _at_the_event(uow: InMemoryUnitOfWork, manual: clock.ManualClock, *people: Caller) -> None:
    for person in people:
        enrolment.enroll(person, "ev-1", uow=uow)
    manual.advance(days=9, hours=7, minutes=40)  # 20 minutes before the start
    uow.sent.clear()
    uow.others.clear()


def test_attended_becomes_a_record_of_the_scheduled_hours_once(
        uow: InMemoryUnitOfWork, manual: clock.ManualClock) -> None:
    _at_the_event(uow, manual, ANA, BEN)
    marked = attendance.record_attendance(MIA, "ev-1", {ANA.user_id: True, BEN.user_id: False}, uow=uow)
    assert marked == {"event_id": "ev-1", "attended": [ANA.user_id], "no_show": [BEN.user_id]}
    [record] = [i for i in uow.others if isinstance(i, RecordItem)]
    assert (record.user_id, record.kind, record.source_document_id, record.verified_by) == (
        ANA.user_id, "training", "event:ev-1", MIA.user_id)
    assert record.data["hours"] == 3.0  # the catalogue says 200; the event lasted three hours
    assert [r["record_id"] for r in uow.records.snapshot_of(ANA.user_id).records] == [record.record_id]
    [event] = [i for i in uow.others if isinstance(i, EventItem)]
    assert (event.type, event.subject["registry_id"]) == ("training.attended", f"CA-{ANA.user_id}")
    assert [m["type"] for m in uow.sent["webhooks"]] == ["training.attended"]
    trail = [(e.actor_id, e.action, e.after) for e in uow.table.every(AuditEntryItem)
             if str(e.pk).endswith("event:ev-1") and str(e.action).startswith("attendance:")]
    assert trail == [(MIA.user_id, "attendance:granted", {"user_id": ANA.user_id, "record_id": record.record_id,
                                                          "hours": 3.0}),
                     (MIA.user_id, "attendance:no_show", {"user_id": BEN.user_id})]

    again = attendance.record_attendance(MIA, "ev-1", {ANA.user_id: True, BEN.user_id: True}, uow=uow)
    assert again["attended"] == [BEN.user_id]  # Ana's mark stands; Ben arrived late after all
    assert len(uow.records.snapshot_of(ANA.user_id).records) == 1


def test_attendance_opens_half_an_hour_before_and_only_for_the_roster_by_another_manager(
        uow: InMemoryUnitOfWork, manual: clock.ManualClock) -> None:
    enrolment.enroll(ANA, "ev-1", uow=uow)
    with pytest.raises(Conflict, match="opens 30 minutes before"):
        attendance.record_attendance(MIA, "ev-1", {ANA.user_id: True}, uow=uow)
    manual.advance(days=9, hours=7, minutes=40)
    with pytest.raises(BadRequest, match="not on this event's roster"):
        attendance.record_attendance(MIA, "ev-1", {CAI.user_id: True}, uow=uow)
    with pytest.raises(Forbidden):
        attendance.record_attendance(ANA, "ev-1", {ANA.user_id: True}, uow=uow)  # not a manager
    mia_enrolled = Caller(MIA.user_id, frozenset({Role.SPONSOR, Role.PARTICIPANT}))
    manual.advance(days=-9, hours=-7, minutes=-40)
    enrolment.enroll(mia_enrolled, "ev-1", uow=uow)
    manual.advance(days=9, hours=7, minutes=40)
    with pytest.raises(Forbidden):
        attendance.record_attendance(MIA, "ev-1", {MIA.user_id: True}, uow=uow)
    assert [i for i in uow.others if isinstance(i, RecordItem)] == []


def test_the_survey_takes_one_anonymous_answer_per_attendee(
        uow: InMemoryUnitOfWork, manual: clock.ManualClock) -> None:
    uow.save(_event("ev-1", capacity=3))  # room for three
    uow.commit()
    _at_the_event(uow, manual, ANA, BEN, CAI)
    attendance.record_attendance(MIA, "ev-1", {ANA.user_id: True, BEN.user_id: False, CAI.user_id: True}, uow=uow)
    ratings = {"useful": 5, "presenter": 4, "recommend": 5}
    with pytest.raises(Forbidden):
        survey.answer_survey(BEN, "ev-1", ratings, None, uow=uow)
    assert survey.answer_survey(ANA, "ev-1", ratings, "  Very practical. ", uow=uow) == {"status": "thank you"}
    with pytest.raises(Conflict, match="already answered"):
        survey.answer_survey(ANA, "ev-1", ratings, None, uow=uow)
    [answer] = [i for i in uow.others if isinstance(i, SurveyResponseItem)]
    assert answer.answers == {"ratings": ratings, "comment": "Very practical."}
    assert ANA.user_id not in str(answer.serialize())
    manual.advance(days=15)
    with pytest.raises(Conflict, match="survey closed on 2026-12-24"):
        survey.answer_survey(CAI, "ev-1", ratings, None, uow=uow)


def test_two_survey_answers_sent_at_once_keep_one(
        uow: InMemoryUnitOfWork, manual: clock.ManualClock, monkeypatch: pytest.MonkeyPatch) -> None:
    _at_the_event(uow, manual, ANA)
    attendance.record_attendance(MIA, "ev-1", {ANA.user_id: True}, uow=uow)
    read_by_the_second_tab = uow.training.enrollment("ev-1", ANA.user_id)
    ratings = {"useful": 5, "presenter": 4, "recommend": 5}
    survey.answer_survey(ANA, "ev-1", ratings, None, uow=uow)
    monkeypatch.setattr(uow.training, "enrollment", lambda event_id, user_id: read_by_the_second_tab)
    with pytest.raises(Conflict, match="already answered"):
        survey.answer_survey(ANA, "ev-1", {"useful": 1, "presenter": 1, "recommend": 1}, None, uow=uow)
    assert [i.answers["ratings"] for i in uow.others if isinstance(i, SurveyResponseItem)] == [ratings]


def test_a_draft_event_is_open_to_nobody_until_a_manager_publishes_it(uow: InMemoryUnitOfWork) -> None:
    from chalicelib.store.training import new_catalog_training

    uow.save(new_catalog_training("sp-1", "tr-2", {"title": "Infant Sleep Safety", "hours": 2.0,
                                                   "competency_area": "Health, Safety, and Nutrition",
                                                   "language": "es", "delivery": "in_person"}))
    uow.commit()
    drafted = catalogue.schedule(MIA, "sp-1", training_id="tr-2", starts_at=datetime(2026, 12, 20, 17, tzinfo=UTC),
                          ends_at=datetime(2026, 12, 20, 19, tzinfo=UTC), capacity=10, county="Yolo", place="Room 4",
                          funding_source=None, invite_only=False, withdraw_hours_before=24, draft=True, uow=uow)
    assert drafted["draft"] is True
    event = uow.training.event(drafted["event_id"])
    assert event is not None and event.gsi1pk is None  # on no calendar
    with pytest.raises(NotFound):
        enrolment.enroll(ANA, drafted["event_id"], uow=uow)
    with pytest.raises(Forbidden):
        catalogue.publish(ANA, drafted["event_id"], uow=uow)

    published = catalogue.publish(MIA, drafted["event_id"], uow=uow)
    assert published["draft"] is False
    event = uow.training.event(drafted["event_id"])
    assert event is not None and event.gsi1pk == "CALENDAR#2026-12"
    assert enrolment.enroll(ANA, drafted["event_id"], uow=uow)["status"] == "enrolled"


def test_a_corrected_catalogue_entry_is_audited_and_events_keep_what_they_promised(uow: InMemoryUnitOfWork) -> None:
    from chalicelib.store.documents import AuditEntryItem
    from chalicelib.store.training import new_catalog_training

    uow.save(new_catalog_training("sp-1", "tr-1", {"title": "Positive Guidance", "hours": 3.0,
                                                   "competency_area": "Guidance", "delivery": "in_person"}))
    uow.commit()
    changed = {"title": "Positive Guidance and Routines", "hours": 4.0, "competency_area": "Guidance",
               "delivery": "hybrid"}
    assert catalogue.update_training(MIA, "sp-1", "tr-1", changed, uow=uow)["title"] == "Positive Guidance and Routines"
    training = uow.training.training("sp-1", "tr-1")
    assert training is not None and training.details == changed
    event = uow.training.event("ev-1")
    assert event is not None and event.details["title"] == "Positive Guidance"  # as scheduled
    [entry] = [e for e in uow.table.every(AuditEntryItem) if e.action == "training:changed"]
    assert (entry.actor_id, entry.before["title"], entry.after["title"]) == (
        MIA.user_id, "Positive Guidance", "Positive Guidance and Routines")
    with pytest.raises(Forbidden):
        catalogue.update_training(ANA, "sp-1", "tr-1", changed, uow=uow)
    with pytest.raises(NotFound):
        catalogue.update_training(MIA, "sp-1", "tr-nowhere", changed, uow=uow)


def test_the_sponsors_contact_person_shows_on_its_events(uow: InMemoryUnitOfWork) -> None:
    sponsors.set_contact(MIA, "sp-1", {"name": "Rosa Park", "email": "training@sacoe.example"}, uow=uow)
    sponsor = uow.training.sponsor("sp-1")
    event = uow.training.event("ev-1")
    assert event is not None
    assert catalogue.public_view(event, sponsor=sponsor)["contact"] == {"name": "Rosa Park",
                                                                 "email": "training@sacoe.example", "phone": None}


def test_a_saved_training_is_a_bookmark_that_leaves_with_the_past_and_drafts(
        uow: InMemoryUnitOfWork, manual: clock.ManualClock) -> None:
    assert catalogue.save_training(ANA, "ev-1", uow=uow) == {"event_id": "ev-1", "saved": True}
    catalogue.save_training(ANA, "ev-1", uow=uow)  # again: still one
    assert [e["event_id"] for e in catalogue.saved_trainings(ANA, uow=uow)["items"]] == ["ev-1"]
    assert catalogue.saved_trainings(BEN, uow=uow)["items"] == []
    assert _seats_taken(uow) == 0 and uow.sent.get("notifications", []) == []  # no seat, no email
    uow.save(_event("ev-private", capacity=5, visibility="invite_only", invitation_code="k3y"))
    uow.commit()
    with pytest.raises(NotFound):
        catalogue.save_training(ANA, "ev-private", uow=uow)  # what a person cannot see, they cannot save
    assert catalogue.unsave_training(ANA, "ev-1", uow=uow)["saved"] is False
    assert catalogue.saved_trainings(ANA, uow=uow)["items"] == []
    catalogue.save_training(ANA, "ev-1", uow=uow)
    manual.advance(days=10)  # the event is past
    assert catalogue.saved_trainings(ANA, uow=uow)["items"] == []
