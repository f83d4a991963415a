"""The training module: sponsors publish trainings, people enrol, and attended hours become verified records.

- An agency applies to be a training sponsor; registry staff approve or deny. On approval the applicant is the
  contact manager and gets the sponsor role (their Cognito group).
- Managers keep a catalogue and schedule events from it (published on the public calendar, or invite-only with
  a private code), with a capacity; past it, people join a waitlist and move up when someone withdraws.
- Managers mark attendance; each attended enrolment becomes a verified training record (source: the sponsor)
  on the person's record, in the same transaction as its event `training.attended` for partners.
"""

from __future__ import annotations

import random
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ulid import ULID

from chalicelib import clock
from chalicelib.domain.messages import TrainingEmail
from chalicelib.errors import BadRequest, Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.observability import logger
from chalicelib.security.identity import Caller, Role
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.unit_of_work import (
    Guard,
    PeopleRepository,
    Refused,
    TableUnitOfWork,
    TrainingRepository,
    UnitOfWork,
)
from chalicelib.store.base import iso
from chalicelib.store.records import new_record, snapshot_of
from chalicelib.store.training import (
    EnrollmentItem,
    SponsorItem,
    TrainingEventItem,
    TrainingTable,
    calendar_between,
    catalogue_of,
    enrollments_of_event,
    enrollments_of_user,
    get_event,
    get_sponsor,
    new_catalog_training,
    new_enrollment,
    new_instructor,
    new_sponsor,
    new_survey_answer,
    sponsor_member,
)

SPONSOR_GROUP = Role.SPONSOR.value
ATTENDANCE_OPENS_BEFORE = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class CalendarQuery:
    county: str | None = None
    starts_from: date | None = None
    starts_to: date | None = None
    competency_area: str | None = None
    language: str | None = None
    delivery: str | None = None
    text: str | None = None


# ---------------------------------------------------------------- sponsors

def _sponsor_subject(sponsor_id: str) -> str:
    """A sponsor's audit trail: its application, decision, managers and instructors."""
    return f"sponsor:{sponsor_id}"


def apply(caller: Caller, *, name: str, uow: UnitOfWork | None = None) -> dict[str, Any]:
    uow = uow or TableUnitOfWork()
    sponsor_id = f"sp_{ULID()}"
    uow.save(new_sponsor(sponsor_id, name=name, applicant_id=caller.user_id, applied_at=iso(clock.now())))
    uow.save(sponsor_member(sponsor_id, caller.user_id, "applicant"))
    uow.audit(_sponsor_subject(sponsor_id), caller, "sponsor:applied")
    uow.commit()
    return {"sponsor_id": sponsor_id, "status": "applied"}


def _grant_sponsor_role(user_id: str) -> None:
    from chalicelib.aws.clients import client
    from chalicelib.config import get_settings

    settings = get_settings()
    if not settings.user_pool_id:
        return
    idp = client("cognito-idp")
    try:
        idp.admin_add_user_to_group(UserPoolId=settings.user_pool_id, Username=user_id, GroupName=SPONSOR_GROUP)
    except idp.exceptions.UserNotFoundException:
        logger.warning("sponsor applicant has no sign-in; role not granted", extra={"user_id": user_id})


def decide(staff: Caller, sponsor_id: str, *, approve: bool, reason: str | None,
           uow: UnitOfWork | None = None) -> dict[str, Any]:
    uow = uow or TableUnitOfWork()
    sponsor = uow.training.sponsor(sponsor_id)
    if sponsor is None:
        raise NotFound("No such sponsor application.")
    not_about_themselves(staff, sponsor.applicant_id)
    if sponsor.status != "applied":
        raise Conflict("This application was already decided ({status}).", status=sponsor.status)
    if not approve and not (reason and reason.strip()):
        raise InvalidRequest("Give the agency a reason it can act on.")
    sponsor.status = "approved" if approve else "denied"
    sponsor.reason = reason
    sponsor.decided_by = staff.user_id
    sponsor.index()
    if approve:
        sponsor.contact_manager_id = sponsor.applicant_id
        sponsor.managers = [sponsor.applicant_id]  # type: ignore[list-item]  # pynamodb stubs type the list items as attributes
        uow.save(sponsor_member(sponsor_id, sponsor.applicant_id, "manager"))
    uow.save(sponsor, Guard("decided_by", absent=True))  # two staff deciding at once: the second is refused
    uow.audit(_sponsor_subject(sponsor_id), staff, f"sponsor:{sponsor.status}", reason=reason)
    try:
        uow.commit()
    except Refused as exc:
        raise Conflict("Another staff member decided this application at the same moment. Reload it.") from exc
    if approve:
        _grant_sponsor_role(sponsor.applicant_id)  # once the approval is stored: Cognito is not in the transaction
    return {"sponsor_id": sponsor_id, "status": sponsor.status}


def _managed(caller: Caller, sponsor_id: str, training: TrainingRepository | None = None) -> SponsorItem:
    """The sponsor, if the caller manages it; the same answer whether it does not exist or is someone else's."""
    sponsor = (training or TrainingTable()).sponsor(sponsor_id)
    if sponsor is None or sponsor.status != "approved" or caller.user_id not in (sponsor.managers or []):
        raise Forbidden("Only this sponsor's managers can do that.")
    return sponsor


# ---------------------------------------------------------------- catalogue and events

def add_training(caller: Caller, sponsor_id: str, details: dict[str, Any],
                 uow: UnitOfWork | None = None) -> dict[str, Any]:
    uow = uow or TableUnitOfWork()
    _managed(caller, sponsor_id, uow.training)
    training_id = f"tr_{ULID()}"
    uow.save(new_catalog_training(sponsor_id, training_id, details))
    uow.audit(_sponsor_subject(sponsor_id), caller, "training:added", after={"training_id": training_id})
    uow.commit()
    return {"training_id": training_id, **details}


def list_trainings(caller: Caller, sponsor_id: str) -> dict[str, Any]:
    _managed(caller, sponsor_id)
    return {"items": [{"training_id": t.training_id, **t.details} for t in catalogue_of(sponsor_id)]}


def schedule(caller: Caller, sponsor_id: str, *, training_id: str, starts_at: datetime, ends_at: datetime,
             capacity: int, county: str, place: str, funding_source: str | None, invite_only: bool,
             withdraw_hours_before: int, draft: bool = False, uow: UnitOfWork | None = None) -> dict[str, Any]:
    uow = uow or TableUnitOfWork()
    sponsor = _managed(caller, sponsor_id, uow.training)
    training = uow.training.training(sponsor_id, training_id)
    if training is None:
        raise NotFound("No such training in this sponsor's catalogue.")
    if ends_at <= starts_at:
        raise InvalidRequest("The event must end after it starts.")
    event_id = f"ev_{ULID()}"
    start = iso(starts_at)
    details = {**training.details, "sponsor_name": sponsor.name, "county": county, "place": place,
               "funding_source": funding_source, "starts_at": start, "ends_at": iso(ends_at)}
    item = TrainingEventItem(*TrainingEventItem.key(event_id), event_id=event_id, sponsor_id=sponsor_id,
                             training_id=training_id, details=details, starts_at=start,
                             withdraw_until=iso(starts_at - timedelta(hours=withdraw_hours_before)),
                             capacity=capacity, enrolled=0, visibility="invite_only" if invite_only else "published",
                             invitation_code=secrets.token_urlsafe(12) if invite_only else None,
                             draft="yes" if draft else None)
    item.index(county)  # only published events are on the public calendar
    uow.save(item)
    uow.audit(f"event:{event_id}", caller, "event:drafted" if draft else "event:scheduled")
    uow.commit()
    return _sponsor_view(item, sponsor)


def _sponsor_view(event: TrainingEventItem, sponsor: SponsorItem | None) -> dict[str, Any]:
    """What the sponsor's own desk shows: the public view, its invitation code and whether it is a draft."""
    view = public_view(event, sponsor=sponsor)
    if event.invitation_code:
        view["invitation_code"] = event.invitation_code
    view["draft"] = bool(event.draft)
    return view


def publish(caller: Caller, event_id: str, uow: UnitOfWork | None = None) -> dict[str, Any]:
    """A draft goes on the calendar (or, invite-only, opens to its link) once the sponsor is ready."""
    uow = uow or TableUnitOfWork()
    event = _managed_event(caller, event_id, uow.training)
    if event.draft:
        event.draft = None
        event.index(str(event.details.get("county") or ""))
        uow.save(event)  # two managers publishing at once write the same thing
        uow.audit(f"event:{event_id}", caller, "event:scheduled")
        uow.commit()
    return _sponsor_view(event, uow.training.sponsor(event.sponsor_id))


def update_training(caller: Caller, sponsor_id: str, training_id: str, details: dict[str, Any],
                    uow: UnitOfWork | None = None) -> dict[str, Any]:
    """A catalogue entry as the sponsor corrects it. Events already scheduled keep the entry as it was when they
    were scheduled: people enrolled in them, and hours granted from them, were promised that one."""
    uow = uow or TableUnitOfWork()
    _managed(caller, sponsor_id, uow.training)
    training = uow.training.training(sponsor_id, training_id)
    if training is None:
        raise NotFound("No such training in this sponsor's catalogue.")
    before = dict(training.details)
    uow.set(training, "details", details)
    uow.audit(_sponsor_subject(sponsor_id), caller, "training:changed", before={"training_id": training_id, **before},
              after={"training_id": training_id, **details})
    uow.commit()
    return {"training_id": training_id, **details}


def set_contact(caller: Caller, sponsor_id: str, contact: dict[str, Any],
                uow: UnitOfWork | None = None) -> dict[str, Any]:
    """The person participants ask about the sponsor's trainings, as the sponsor publishes them on its events."""
    uow = uow or TableUnitOfWork()
    sponsor = _managed(caller, sponsor_id, uow.training)
    uow.set(sponsor, "contact", contact)
    uow.audit(_sponsor_subject(sponsor_id), caller, "sponsor:contact_changed", after=contact)
    uow.commit()
    return {"sponsor_id": sponsor_id, "contact": contact}


def public_view(event: TrainingEventItem, *, sponsor: SponsorItem | None = None) -> dict[str, Any]:
    """`sponsor` when the caller already read it (the calendar reads each sponsor once per search, not once per
    event): its logo and the contact person it publishes show on every event."""
    d = event.details
    sponsor = sponsor if sponsor is not None else get_sponsor(event.sponsor_id)
    has_logo = bool(sponsor and sponsor.logo_key)
    ids = [str(u) for u in (event.instructor_ids or [])]
    instructors = [i for i in (public_instructor(event.sponsor_id, u) for u in ids) if i.get("name")]
    return {"event_id": event.event_id, "title": d.get("title"), "description": d.get("description"),
            "instructors": instructors, "hours": d.get("hours"), "competency_area": d.get("competency_area"),
            "language": d.get("language"),
            "delivery": d.get("delivery"), "county": d.get("county"), "place": d.get("place"),
            "sponsor": d.get("sponsor_name"), "starts_at": d.get("starts_at"), "ends_at": d.get("ends_at"),
            "logo_url": f"/v1/sponsors/{event.sponsor_id}/logo" if has_logo else None,
            "withdraw_until": event.withdraw_until, "capacity": int(event.capacity),
            "seats_left": max(0, int(event.capacity) - int(event.enrolled or 0)), "visibility": event.visibility,
            "contact": dict(sponsor.contact) if sponsor is not None and sponsor.contact else None}


CALENDAR_PAGE = 100
CALENDAR_SPAN = timedelta(days=396)  # 13 months


def calendar(query: CalendarQuery) -> dict[str, Any]:
    """The public Training Calendar: published events from today (or the date asked) on, filtered, the first
    CALENDAR_PAGE in date order (narrow the dates for later ones)."""
    start = (query.starts_from or clock.now().date()).isoformat()
    end = (query.starts_to or (clock.now().date() + timedelta(days=366))).isoformat()
    if end < start:
        raise InvalidRequest("'to' must not be before 'from'.")
    if date.fromisoformat(end) > date.fromisoformat(start) + CALENDAR_SPAN:
        # A public route: one request may not ask for centuries of months (one query each).
        raise InvalidRequest("Search at most {months} months at a time: narrow 'from' and 'to'.", months=13)
    items = []
    sponsors: dict[str, SponsorItem | None] = {}
    text = (query.text or "").strip().lower()
    for event in calendar_between(start, end, county=query.county):
        d = event.details
        if query.competency_area and d.get("competency_area") != query.competency_area:
            continue
        if query.language and d.get("language") != query.language:
            continue
        if query.delivery and d.get("delivery") != query.delivery:
            continue
        if text and text not in (d.get("title") or "").lower():
            continue
        if event.sponsor_id not in sponsors:
            sponsors[event.sponsor_id] = get_sponsor(event.sponsor_id)
        items.append(public_view(event, sponsor=sponsors[event.sponsor_id]))
        if len(items) >= CALENDAR_PAGE:
            break
    return {"items": items, "more": len(items) >= CALENDAR_PAGE}


def event_for(event_id: str, invitation_code: str | None,
              training: TrainingRepository | None = None) -> TrainingEventItem:
    """An event a caller may see: published, or invite-only with its code (the same 404 otherwise)."""
    event = (training or TrainingTable()).event(event_id)
    if event is None or event.draft or (event.visibility == "invite_only" and not (
            invitation_code and event.invitation_code
            and secrets.compare_digest(invitation_code, event.invitation_code))):
        raise NotFound("No such training event. Check the link you were sent.")
    return event


# ---------------------------------------------------------------- saved trainings

SAVED_PAGE = 100


def save_training(caller: Caller, event_id: str, uow: UnitOfWork | None = None) -> dict[str, Any]:
    """A person keeps an event to decide about later (a bookmark: no seat, no email, nothing to audit)."""
    from chalicelib.store.training import saved_training

    uow = uow or TableUnitOfWork()
    event = event_for(event_id, None, uow.training)
    if uow.training.saved_one(event_id, caller.user_id) is None:
        uow.save(saved_training(event, caller.user_id, clock.now_iso()))
        uow.commit()
    return {"event_id": event_id, "saved": True}


def unsave_training(caller: Caller, event_id: str, uow: UnitOfWork | None = None) -> dict[str, Any]:
    uow = uow or TableUnitOfWork()
    item = uow.training.saved_one(event_id, caller.user_id)
    if item is not None:
        uow.remove(item)
        uow.commit()
    return {"event_id": event_id, "saved": False}


def saved_trainings(caller: Caller, uow: UnitOfWork | None = None) -> dict[str, Any]:
    """Saved events still to come, soonest first; an event the sponsor took off the calendar drops out."""
    uow = uow or TableUnitOfWork()
    out = []
    sponsors: dict[str, SponsorItem | None] = {}  # each sponsor read once, as the calendar does
    for saved in uow.training.saved_by(caller.user_id, clock.today().isoformat(), SAVED_PAGE):
        event = uow.training.event(saved.event_id)
        if event is None or event.draft or event.visibility != "published":
            continue
        if event.sponsor_id not in sponsors:
            sponsors[event.sponsor_id] = uow.training.sponsor(event.sponsor_id)
        out.append(public_view(event, sponsor=sponsors[event.sponsor_id]))
    return {"items": out}


# ---------------------------------------------------------------- enrolment

def _directs_current_employee(director: Caller, user_id: str) -> bool:
    from chalicelib.services.accounts.program_staff import current_staff
    from chalicelib.store.people import programs_directed_by

    today = clock.now().date()
    return any(p.user_id == user_id for program in programs_directed_by(director.user_id)
               for p in current_staff(program, today))


def enroll(caller: Caller, event_id: str, *, invitation_code: str | None = None,
           for_user: str | None = None, uow: UnitOfWork | None = None) -> dict[str, Any]:
    """Enrol the caller, or (a director) a person currently on staff at a program they direct."""
    uow = uow or TableUnitOfWork()
    if for_user is not None and for_user != caller.user_id:
        if not caller.is_(Role.DIRECTOR) or not _directs_current_employee(caller, for_user):
            raise Forbidden("Directors enrol only people currently on staff at a program they direct.")
        caller = Caller(user_id=for_user, roles=frozenset({Role.PARTICIPANT}))
    elif not caller.is_(Role.PARTICIPANT):
        raise Forbidden("Say whom to enrol: a director enrols a member of their staff with user_id.")
    event = event_for(event_id, invitation_code, uow.training)
    view = _view(event, uow.training)
    now = clock.now()
    if event.starts_at <= iso(now):
        raise Conflict("This event has already started; enrolment is closed.")
    existing = uow.training.enrollment(event_id, caller.user_id)
    if existing is not None and existing.status in ("enrolled", "waitlisted"):
        return _my_view(existing, view)
    enrollment = new_enrollment(event, caller.user_id, status="enrolled", queued_at=iso(now))
    if not _take_seat(event, enrollment, view, uow):
        enrollment.status = "waitlisted"
        uow.save(enrollment)
        uow.send(TrainingEmail("training_waitlisted", caller.user_id, event_id, view))
        uow.commit()
    return _my_view(enrollment, view)


SEAT_ATTEMPTS = 6


def _take_seat(event: TrainingEventItem, enrollment: EnrollmentItem, view: dict[str, Any], uow: UnitOfWork) -> bool:
    """A seat, the enrolment and its email together, only while a seat is left: two people cannot take the last
    one, and nobody is enrolled without being told. False only when the seats are gone: a transaction that
    merely collided with another enrolment at that moment (DynamoDB's TransactionConflict) is tried again, or a
    rush on a popular event would waitlist people while seats are free."""
    for attempt in range(SEAT_ATTEMPTS):
        uow.count(event, "enrolled", 1, Guard("enrolled", below=int(event.capacity)))
        uow.save(enrollment)
        uow.send(TrainingEmail("training_enrolled", enrollment.user_id, event.event_id, view))
        try:
            uow.commit()
            return True
        except Refused:  # the seat counter's guard: nothing else here has a condition
            return False
        except Conflict as error:
            if attempt == SEAT_ATTEMPTS - 1:
                raise Conflict("Many people are enrolling in this event right now. Try again in a moment.") \
                    from error
            time.sleep(random.uniform(0, 0.02 * 2 ** attempt))  # noqa: S311  # nosec B311 - jitter
    return False


def withdraw(caller: Caller, event_id: str, uow: UnitOfWork | None = None) -> dict[str, Any]:
    uow = uow or TableUnitOfWork()
    event = uow.training.event(event_id)
    enrollment = uow.training.enrollment(event_id, caller.user_id) if event else None
    if event is None or enrollment is None or enrollment.status not in ("enrolled", "waitlisted"):
        raise NotFound("You are not enrolled in this event.")
    if iso(clock.now()) > event.withdraw_until:
        raise Conflict("The sponsor's cut-off for withdrawing was {cut_off}. Contact the sponsor.",
                       cut_off=event.withdraw_until)
    view = _view(event, uow.training)
    was_enrolled = enrollment.status == "enrolled"
    enrollment.status = "withdrawn"
    uow.save(enrollment)
    waiting = sorted((e for e in uow.training.enrollments_of_event(event_id) if e.status == "waitlisted"),
                     key=lambda e: e.queued_at) if was_enrolled else []
    if waiting:  # the seat goes to the first on the waitlist, in the same write, with their email
        waiting[0].status = "enrolled"
        uow.save(waiting[0])
        uow.send(TrainingEmail("training_moved_up", waiting[0].user_id, event_id, view))
    elif was_enrolled:
        uow.count(event, "enrolled", -1)
    uow.commit()
    if waiting:
        logger.info("waitlisted person moved up", extra={"event_id": event_id})
    return _my_view(enrollment, view)


def _view(event: TrainingEventItem, training: TrainingRepository) -> dict[str, Any]:
    return public_view(event, sponsor=training.sponsor(event.sponsor_id))


def _my_view(enrollment: EnrollmentItem, view: dict[str, Any]) -> dict[str, Any]:
    return {**view, "status": enrollment.status}


def my_events(caller: Caller) -> dict[str, Any]:
    out = []
    for enrollment in enrollments_of_user(caller.user_id):
        event = get_event(enrollment.event_id)
        if event is not None:
            out.append(_my_view(enrollment, public_view(event)))
    return {"items": out}


# ---------------------------------------------------------------- rosters and attendance

def _managed_event(caller: Caller, event_id: str, training: TrainingRepository | None = None) -> TrainingEventItem:
    event = (training or TrainingTable()).event(event_id)
    if event is None:
        raise Forbidden("Only this sponsor's managers can do that.")
    _managed(caller, event.sponsor_id, training)
    return event


def roster(caller: Caller, event_id: str) -> dict[str, Any]:
    """Names and Registry IDs of the people enrolled, nothing else personal."""
    from chalicelib.store.profiles import get_profile

    event = _managed_event(caller, event_id)
    people = []
    for e in sorted(enrollments_of_event(event_id), key=lambda e: e.queued_at):
        profile = get_profile(e.user_id)
        name = " ".join(n for n in ((profile.legal_first_name, profile.legal_last_name) if profile else ()) if n)
        people.append({"user_id": e.user_id, "name": name or None,
                       "registry_id": profile.registry_id if profile else None, "status": e.status})
    return {"event": public_view(event), "people": people}


def granted_hours(event: TrainingEventItem) -> float | None:
    """The hours an attendee is granted: the catalogue's, never more than the event was scheduled to last (a
    catalogue entry of 200 hours on a 3-hour event grants 3)."""
    d = event.details
    listed = d.get("hours")
    if listed is None:
        return None
    starts, ends = d.get("starts_at"), d.get("ends_at")
    if not starts or not ends:
        return float(listed)
    scheduled = (datetime.fromisoformat(str(ends).replace("Z", "+00:00"))
                 - datetime.fromisoformat(str(starts).replace("Z", "+00:00"))).total_seconds() / 3600
    return float(min(float(listed), round(scheduled * 4) / 4))


def record_attendance(caller: Caller, event_id: str, marks: dict[str, bool],
                      uow: UnitOfWork | None = None) -> dict[str, Any]:
    """Attended becomes a verified training record at once; a repeated mark changes nothing."""
    from chalicelib.services.events import stage_event

    uow = uow or TableUnitOfWork()
    event = _managed_event(caller, event_id, uow.training)
    not_about_themselves(caller, *marks)  # a manager's own hours are marked by another manager
    if event.starts_at > iso(clock.now() + ATTENDANCE_OPENS_BEFORE):
        raise Conflict("Attendance opens 30 minutes before the event starts, as people arrive and sign in.")
    granted, no_shows = [], []
    for user_id, attended in marks.items():
        enrollment = uow.training.enrollment(event_id, user_id)
        if enrollment is None or enrollment.status not in ("enrolled", "attended", "no_show"):
            raise BadRequest("{user_id} is not on this event's roster.", user_id=user_id)
        if enrollment.status == "attended":
            continue
        if not attended:
            enrollment.status = "no_show"
            uow.save(enrollment, Guard("status", is_not="attended"))
            uow.audit(f"event:{event_id}", caller, "attendance:no_show", after={"user_id": user_id})
            try:
                uow.commit()
            except Refused:
                continue  # marked attended by another manager at the same moment: that stands
            no_shows.append(user_id)
            continue
        at = iso(clock.now())
        d = event.details
        # The same shape as a verified training certificate's record, so reports treat both alike.
        data = {"training_title": d.get("title"), "sponsor": d.get("sponsor_name"), "hours": granted_hours(event),
                "competency_area": d.get("competency_area"), "completed_on": event.starts_at[:10],
                "cda_subject_area": d.get("cda_subject_area"), "source": "sponsor", "event_id": event_id}
        record = new_record(user_id, "training", data, record_id=str(ULID()), source_document_id=f"event:{event_id}",
                            verified_by=caller.user_id, verified_at=at)
        snapshot = uow.records.snapshot_of(user_id)
        snapshot.records = [*(snapshot.records or []),
                            {"record_id": record.record_id, "kind": "training", "data": data, "verified_at": at}]
        enrollment.status = "attended"
        enrollment.record_id = record.record_id
        profile = uow.people.profile(user_id)
        uow.save(enrollment, Guard("status", is_not="attended"))
        uow.save(record)
        stage_event(uow, "training.attended", {
            "participant_id": user_id, "registry_id": profile.registry_id if profile else None,
            "records": [record.record_id], "status": "attended"}, at)
        uow.keep_records(snapshot)
        # Who granted which hours to whom, in the event's trail (staff read it when hours are questioned).
        uow.audit(f"event:{event_id}", caller, "attendance:granted",
                  after={"user_id": user_id, "record_id": record.record_id, "hours": data["hours"]})
        try:
            uow.commit()
        except Refused:
            continue  # marked attended by another manager at the same moment
        granted.append(user_id)
    return {"event_id": event_id, "attended": granted, "no_show": no_shows}


def permit_renewal_progress(caller: Caller) -> dict[str, Any]:
    """Progress toward the professional growth hours the person's current permit needs for renewal."""
    from chalicelib.domain.training import renewal_progress

    records = snapshot_of(caller.user_id).records or []
    from chalicelib.domain.readings import as_date

    # A permit whose stored dates cannot be read (verified before field checks existed) is left out, not a 500.
    permits = [r["data"] for r in records if r.get("kind") == "permit"
               and as_date(r["data"].get("issued_on")) and as_date(r["data"].get("expires_on"))]
    if not permits:
        return {"permit": None, "detail": "No verified permit with dates on your record yet: upload your Child "
                                          "Development Permit to see your renewal progress."}
    permit = max(permits, key=lambda p: p["expires_on"])
    trainings = [r["data"] for r in records if r.get("kind") == "training"]
    return {"permit": {"title": permit.get("permit_title"), "expires_on": permit["expires_on"]},
            **renewal_progress(trainings, date.fromisoformat(str(permit["issued_on"])),
                               date.fromisoformat(str(permit["expires_on"])))}


def cda_transcript(caller: Caller) -> dict[str, Any]:
    """Training hours on the person's record by CDA subject area, against the Council's 120."""
    from chalicelib.domain.training import cda_progress
    from chalicelib.store.profiles import get_profile

    profile = get_profile(caller.user_id)
    if profile is None or profile.status != "active":
        raise NotFound("Enrol in the registry first.")
    records = snapshot_of(caller.user_id).records or []
    progress = cda_progress(r["data"] for r in records if r.get("kind") == "training")
    name = " ".join(n for n in (profile.legal_first_name, profile.legal_last_name) if n)
    return {"person_name": name, "registry_id": profile.registry_id, "language": profile.preferred_language,
            **progress}


# ---------------------------------------------------------------- survey

SURVEY_THRESHOLD = 5
SURVEY_QUESTIONS = ("useful", "presenter", "recommend")
# Answers are taken for two weeks after the event and shown only then, all at once: results that grew one answer
# at a time could be subtracted to read one person's ratings (a sponsor marking attendees one by one).
SURVEY_WINDOW = timedelta(days=14)


def survey_closes(event: TrainingEventItem) -> datetime:
    ends = str(event.details.get("ends_at") or event.starts_at)
    return datetime.fromisoformat(ends.replace("Z", "+00:00")) + SURVEY_WINDOW


def answer_survey(caller: Caller, event_id: str, ratings: dict[str, int], comment: str | None,
                  uow: UnitOfWork | None = None) -> dict[str, Any]:
    """Once per person who attended. The answer is stored without who gave it."""
    uow = uow or TableUnitOfWork()
    enrollment = uow.training.enrollment(event_id, caller.user_id)
    if enrollment is None or enrollment.status != "attended":
        raise Forbidden("Only people who attended this training can answer its survey.")
    if enrollment.surveyed == "yes":
        raise Conflict("You already answered this survey. Thank you!")
    event = uow.training.event(event_id)
    if event is not None and clock.now() >= survey_closes(event):
        raise Conflict("This training's survey closed on {closed_on}.",
                       closed_on=survey_closes(event).date().isoformat())
    enrollment.surveyed = "yes"
    uow.save(enrollment, Guard("surveyed", absent=True))
    uow.save(new_survey_answer(event_id, {"ratings": ratings, "comment": (comment or "").strip() or None},
                               clock.now().date().isoformat()))
    try:
        uow.commit()
    except Refused:
        raise Conflict("You already answered this survey. Thank you!") from None
    return {"status": "thank you"}


def survey_summary(caller: Caller, event_id: str) -> dict[str, Any]:
    """What the sponsor sees: averages and comments, in no order, and nothing until five people answered."""
    import random

    from chalicelib.store.training import survey_of

    event = _managed_event(caller, event_id)
    return summarise_answers([r.answers for r in survey_of(event_id)], closes=survey_closes(event),
                             shuffle=random.SystemRandom().shuffle)


def summarise_answers(answers: list[dict[str, Any]], *, closes: datetime, shuffle: Any = None) -> dict[str, Any]:
    """Nothing, not even how many answered, until the survey closes; then everything at once if at least
    SURVEY_THRESHOLD people answered, and still nothing otherwise."""
    if clock.now() < closes:
        return {"shown": False, "closes_on": closes.date().isoformat(),
                "detail": f"Answers are shown when the survey closes on {closes.date().isoformat()}, all at once, "
                          f"if at least {SURVEY_THRESHOLD} people answered: so no one can be recognised by their "
                          "answer."}
    if len(answers) < SURVEY_THRESHOLD:
        return {"shown": False, "closes_on": closes.date().isoformat(),
                "detail": f"Fewer than {SURVEY_THRESHOLD} people answered, so the answers are not shown: no one "
                          "could stay unrecognised."}
    averages = {q: round(sum(a["ratings"][q] for a in answers) / len(answers), 2) for q in SURVEY_QUESTIONS}
    comments = [a["comment"] for a in answers if a.get("comment")]
    if shuffle is not None:
        shuffle(comments)
    return {"responses": len(answers), "shown": True, "averages": averages, "comments": comments}


# ---------------------------------------------------------------- managers and instructors

def invite_manager(caller: Caller, sponsor_id: str, *, email: str | None, user_id: str | None,
                   uow: UnitOfWork | None = None) -> dict[str, Any]:
    """By the address the person signs in with; looked up only for the sponsor's own managers (nobody else can use
    this to learn who has an account)."""
    from chalicelib.services.accounts.people import user_id_for

    uow = uow or TableUnitOfWork()
    _managed(caller, sponsor_id, uow.training)
    found = user_id or (user_id_for(email) if email else None)
    if found is None:
        raise NotFound("Nobody signs in with this email yet: ask them to create an account, then invite them.")
    return add_manager(caller, sponsor_id, found, uow=uow)


def add_manager(caller: Caller, sponsor_id: str, user_id: str, uow: UnitOfWork | None = None) -> dict[str, Any]:
    """Invite a person to manage the sponsor: nothing is theirs to do, and no role is given, until they accept
    (a manager cannot make anyone a sponsor manager, with the power to grant hours, without their consent)."""
    uow = uow or TableUnitOfWork()
    sponsor = _managed(caller, sponsor_id, uow.training)
    if user_id not in (sponsor.managers or []):
        member = uow.training.member(sponsor_id, user_id)
        if member is None or member.role != "invited":
            uow.save(sponsor_member(sponsor_id, user_id, "invited"))
            uow.audit(_sponsor_subject(sponsor_id), caller, "sponsor:manager_invited", after={"user_id": user_id})
            uow.commit()
        logger.info("sponsor manager invited", extra={"sponsor_id": sponsor_id})
    return {"sponsor_id": sponsor_id, "managers": list(sponsor.managers or []),
            "invited": [m.user_id for m in uow.training.members(sponsor_id) if m.role == "invited"]}


def answer_manager_invitation(caller: Caller, sponsor_id: str, *, accept: bool,
                              uow: UnitOfWork | None = None) -> dict[str, Any]:
    """The invited person accepts (and becomes a manager, with the sponsor role) or declines."""
    uow = uow or TableUnitOfWork()
    member = uow.training.member(sponsor_id, caller.user_id)
    sponsor = uow.training.sponsor(sponsor_id)
    if member is None or member.role != "invited" or sponsor is None or sponsor.status != "approved":
        raise NotFound("You have no invitation to manage this training sponsor.")
    uow.save(sponsor_member(sponsor_id, caller.user_id, "manager" if accept else "declined"))
    uow.audit(_sponsor_subject(sponsor_id), caller, f"sponsor:manager_{'accepted' if accept else 'declined'}")
    if accept:
        sponsor.managers = [*(sponsor.managers or []), caller.user_id]  # type: ignore[list-item]  # pynamodb stubs
        uow.set(sponsor, "managers", sponsor.managers)
    uow.commit()
    if not accept:
        return {"sponsor_id": sponsor_id, "manager": False}
    _grant_sponsor_role(caller.user_id)
    logger.info("sponsor manager accepted", extra={"sponsor_id": sponsor_id})
    return {"sponsor_id": sponsor_id, "manager": True}


def request_instructor(caller: Caller, sponsor_id: str, bio: str | None, public: bool,
                       uow: UnitOfWork | None = None) -> dict[str, Any]:
    uow = uow or TableUnitOfWork()
    sponsor = uow.training.sponsor(sponsor_id)
    if sponsor is None or sponsor.status != "approved":
        raise NotFound("No such training sponsor.")
    existing = uow.training.instructor(sponsor_id, caller.user_id)
    if existing is not None and existing.status in ("requested", "approved"):
        return {"sponsor_id": sponsor_id, "status": existing.status}
    uow.save(new_instructor(sponsor_id, caller.user_id, bio=bio, public=public))
    uow.audit(_sponsor_subject(sponsor_id), caller, "instructor:requested")
    uow.commit()
    return {"sponsor_id": sponsor_id, "status": "requested"}


def decide_instructor(caller: Caller, sponsor_id: str, user_id: str, *, approve: bool,
                      uow: UnitOfWork | None = None) -> dict[str, Any]:
    uow = uow or TableUnitOfWork()
    _managed(caller, sponsor_id, uow.training)
    not_about_themselves(caller, user_id)
    instructor = uow.training.instructor(sponsor_id, user_id)
    if instructor is None:
        raise NotFound("No such instructor request.")
    instructor.status = "approved" if approve else "denied"
    uow.save(instructor)
    uow.audit(_sponsor_subject(sponsor_id), caller, f"instructor:{instructor.status}", after={"user_id": user_id})
    uow.commit()
    return {"user_id": user_id, "status": instructor.status}


def list_instructors(caller: Caller, sponsor_id: str) -> dict[str, Any]:
    from chalicelib.store.training import instructors_of

    _managed(caller, sponsor_id)
    return {"items": [{"user_id": i.user_id, "status": i.status, "name": _display_name(i.user_id)}
                      for i in instructors_of(sponsor_id)]}


def _display_name(user_id: str, people: PeopleRepository | None = None) -> str | None:
    """First name and last initial: enough to recognise an instructor, no more."""
    from chalicelib.store.profiles import PeopleTable

    profile = (people or PeopleTable()).profile(user_id)
    if profile is None or profile.status != "active":
        return None
    first = profile.preferred_name or profile.legal_first_name or ""
    last = (profile.legal_last_name or "")[:1]
    return f"{first} {last}.".strip() if last else first or None


def assign_instructors(caller: Caller, event_id: str, user_ids: list[str],
                       uow: UnitOfWork | None = None) -> dict[str, Any]:
    uow = uow or TableUnitOfWork()
    event = _managed_event(caller, event_id, uow.training)
    for user_id in user_ids:
        instructor = uow.training.instructor(event.sponsor_id, user_id)
        if instructor is None or instructor.status != "approved":
            raise InvalidRequest("{user_id} is not an approved instructor of this sponsor.", user_id=user_id)
    # This attribute alone: a whole-item save could undo a seat taken meanwhile.
    uow.set(event, "instructor_ids", user_ids)
    uow.audit(f"event:{event_id}", caller, "event:instructors", before=list(event.instructor_ids or []),
              after=user_ids)
    uow.commit()
    return {"event_id": event_id,
            "instructors": [public_instructor(event.sponsor_id, u, uow.training, uow.people) for u in user_ids]}


def public_instructor(sponsor_id: str, user_id: str, training: TrainingRepository | None = None,
                      people: PeopleRepository | None = None) -> dict[str, Any]:
    instructor = (training or TrainingTable()).instructor(sponsor_id, user_id)
    if instructor is None or instructor.status != "approved" or instructor.public != "yes":
        return {"name": None}
    return {"user_id": user_id, "name": _display_name(user_id, people), "bio": instructor.bio}


def events_i_lead(caller: Caller) -> dict[str, Any]:
    from chalicelib.store.training import events_of_sponsor, sponsors_instructed_for

    led = [public_view(e) for s in sponsors_instructed_for(caller.user_id) for e in events_of_sponsor(s)
           if caller.user_id in (e.instructor_ids or [])]
    return {"items": sorted(led, key=lambda e: e["starts_at"])}


# ---------------------------------------------------------------- sponsor reports

SMALL_COUNT = 5


def sponsor_report(caller: Caller, sponsor_id: str) -> bytes:
    """The sponsor's Excel report: attendance per event, hours granted by competency area, funding sources,
    feedback (events with at least five answers) and attendee counts by county and language, each count under
    five shown as '<5' (and the total then not given, so it cannot be worked back)."""
    import io
    from collections import Counter, defaultdict

    from openpyxl import Workbook

    from chalicelib.reports.cells import xlsx_row
    from chalicelib.store.profiles import get_profile
    from chalicelib.store.training import events_of_sponsor, survey_of

    sponsor = _managed(caller, sponsor_id)
    # Write-only: xlsx_row stores formula-like text as text cells, which only write-only sheets keep.
    book = Workbook(write_only=True)
    attendance = book.create_sheet("Attendance")
    attendance.append(xlsx_row(attendance, ["Event", "Title", "Starts", "County", "Capacity", "Enrolled",
                                            "Waitlisted", "Attended", "No show", "Withdrawn", "Hours granted"]))
    hours_by_area: dict[str, float] = defaultdict(float)
    funding: Counter[str] = Counter()
    by_county: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    feedback = book.create_sheet("Feedback")
    feedback.append(xlsx_row(feedback, ["Event", "Title", "Responses", "Useful", "Presenter", "Would recommend"]))
    for event in events_of_sponsor(sponsor_id):
        d = event.details
        people = enrollments_of_event(event.event_id)
        counts = Counter(p.status for p in people)
        granted = (granted_hours(event) or 0.0) * counts["attended"]
        hours_by_area[d.get("competency_area") or "Not specified"] += granted
        funding[d.get("funding_source") or "Not given"] += 1
        attendance.append(xlsx_row(attendance, [
            event.event_id, d.get("title"), event.starts_at[:16], d.get("county"), int(event.capacity),
            counts["enrolled"], counts["waitlisted"], counts["attended"], counts["no_show"], counts["withdrawn"],
            granted]))
        for p in people:
            if p.status == "attended":
                profile = get_profile(p.user_id)
                by_county[(profile.home_county if profile else None) or "Not given"] += 1
                by_language[(profile.preferred_language if profile else None) or "Not given"] += 1
        summary = summarise_answers([r.answers for r in survey_of(event.event_id)], closes=survey_closes(event))
        # As on the summary page: nothing until the survey closes, then everything from SURVEY_THRESHOLD answers.
        a = summary.get("averages") or {}
        hidden = (f"when the survey closes on {summary['closes_on']}" if "closes_on" in summary and
                  clock.now() < survey_closes(event) else f"fewer than {SURVEY_THRESHOLD} answers")
        feedback.append(xlsx_row(feedback, [event.event_id, d.get("title"), summary.get("responses", hidden),
                                            a.get("useful", hidden), a.get("presenter", hidden),
                                            a.get("recommend", hidden)]))
    areas = book.create_sheet("Hours by area")
    areas.append(xlsx_row(areas, ["Competency area", "Hours granted"]))
    for area, hours in sorted(hours_by_area.items()):
        areas.append(xlsx_row(areas, [area, hours]))
    funds = book.create_sheet("Funding")
    funds.append(xlsx_row(funds, ["Funding source", "Events"]))
    for source, n in sorted(funding.items()):
        funds.append(xlsx_row(funds, [source, n]))
    people_sheet = book.create_sheet("Attendees")
    people_sheet.append(xlsx_row(people_sheet, ["Attribute", "Value", "Attendees"]))
    for attribute, counter in (("County", by_county), ("Preferred language", by_language)):
        for value, n in sorted(counter.items()):
            shown = n if n >= SMALL_COUNT else f"<{SMALL_COUNT}"
            people_sheet.append(xlsx_row(people_sheet, [attribute, value, shown]))
    book.properties.title = f"{sponsor.name}: training report"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def my_sponsors(caller: Caller) -> dict[str, Any]:
    """The sponsors a person applied for or manages, with their status."""
    from chalicelib.store.training import sponsors_of_member

    items = []
    for link in sponsors_of_member(caller.user_id):
        sponsor = get_sponsor(link.sponsor_id)
        if sponsor is not None:
            manages = caller.user_id in (sponsor.managers or []) and sponsor.status == "approved"
            items.append({"sponsor_id": sponsor.sponsor_id, "name": sponsor.name, "status": sponsor.status,
                          "reason": sponsor.reason, "manager": manages,
                          "invited_to_manage": link.role == "invited" and sponsor.status == "approved",
                          "contact": dict(sponsor.contact) if manages and sponsor.contact else None,
                          "state_reporting": dict(sponsor.state_reporting) if manages and sponsor.state_reporting
                          else None})
    return {"items": items}


# Agencies approved to sponsor training in a state number in the hundreds; a page of them is the whole list.
SPONSOR_LIST_LIMIT = 500


def approved_sponsors() -> dict[str, Any]:
    """The approved sponsors by name, for a person who wants to teach for one: names only (they are public on the
    calendar already), never who applied or manages them."""
    from chalicelib.store.training import sponsors_with_status

    items = [{"sponsor_id": s.sponsor_id, "name": s.name} for s in sponsors_with_status("approved", SPONSOR_LIST_LIMIT)]
    return {"items": sorted(items, key=lambda i: str(i["name"]).lower())}


def applications(status: str) -> dict[str, Any]:
    from chalicelib.store.training import sponsors_with_status

    return {"items": [{"sponsor_id": s.sponsor_id, "name": s.name, "status": s.status, "applied_at": s.applied_at,
                       "applicant": _display_name(s.applicant_id)} for s in sponsors_with_status(status)]}


def sponsor_events(caller: Caller, sponsor_id: str) -> dict[str, Any]:
    from chalicelib.store.training import events_of_sponsor

    sponsor = _managed(caller, sponsor_id)
    return {"items": [_sponsor_view(event, sponsor) for event in events_of_sponsor(sponsor_id)]}


LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_SIDE = 400
LOGO_MAX_PIXELS = 4_000_000  # a logo is shown at 400 px: 2000 x 2000 is plenty, and costs little to decode


def set_logo(caller: Caller, sponsor_id: str, data: bytes, uow: UnitOfWork | None = None) -> dict[str, Any]:
    """A logo is checked by its content like every upload, then re-drawn as a small PNG: whatever else the file
    carried (metadata, a second payload, an oversized canvas) is not kept."""
    import io

    from PIL import Image

    from chalicelib.files.inspection import inspect_file
    from chalicelib.services.documents.lifecycle import artifacts

    uow = uow or TableUnitOfWork()
    sponsor = _managed(caller, sponsor_id, uow.training)
    verdict = inspect_file(data, max_bytes=LOGO_MAX_BYTES, max_pixels=LOGO_MAX_PIXELS)
    if not verdict.accepted or verdict.kind not in ("png", "jpeg", "webp"):
        if verdict.why is not None:
            raise InvalidRequest("The logo was not taken: {why}", why=verdict.why)
        raise InvalidRequest("A logo must be a PNG, JPEG or WebP image.")
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
        clean = image.convert("RGBA")
    out = io.BytesIO()
    clean.save(out, format="PNG")
    key = f"logos/{sponsor_id}.png"
    artifacts().put(key, out.getvalue(), "image/png")
    uow.set(sponsor, "logo_key", key)
    uow.audit(_sponsor_subject(sponsor_id), caller, "sponsor:logo")
    uow.commit()
    return {"sponsor_id": sponsor_id, "logo_url": f"/v1/sponsors/{sponsor_id}/logo"}


def logo(sponsor_id: str) -> bytes:
    from chalicelib.services.documents.lifecycle import artifacts

    sponsor = get_sponsor(sponsor_id)
    if sponsor is None or sponsor.status != "approved" or not sponsor.logo_key:
        raise NotFound("This sponsor has no logo.")
    return artifacts().get(sponsor.logo_key)
