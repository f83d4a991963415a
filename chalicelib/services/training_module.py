"""The training module: sponsors publish trainings, people enrol, and attended hours become verified records.

- An agency applies to be a training sponsor; registry staff approve or deny. On approval the applicant is the
  contact manager and gets the sponsor role (their Cognito group).
- Managers keep a catalogue and schedule events from it (published on the public calendar, or invite-only with
  a private code), with a capacity; past it, people join a waitlist and move up when someone withdraws.
- Managers mark attendance; each attended enrolment becomes a verified training record (source: the sponsor)
  on the person's record, in the same transaction as its event `training.attended` for partners.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pynamodb.exceptions import TransactWriteError
from ulid import ULID

from chalicelib.errors import BadRequest, Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.observability import logger
from chalicelib.security.identity import Caller, Role
from chalicelib.services import clock
from chalicelib.store.base import iso, transaction
from chalicelib.store.records import RecordItem, RecordsSnapshotItem, snapshot_of
from chalicelib.store.training import (
    CatalogTrainingItem,
    EnrollmentItem,
    SponsorItem,
    TrainingEventItem,
    calendar_between,
    catalogue_of,
    enrollments_of_event,
    enrollments_of_user,
    get_enrollment,
    get_event,
    get_sponsor,
    get_training,
)

SPONSOR_GROUP = Role.SPONSOR.value


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

def apply(caller: Caller, *, name: str) -> dict[str, Any]:
    sponsor_id = f"sp_{ULID()}"
    now = iso(clock.now())
    SponsorItem(*SponsorItem.key(sponsor_id), sponsor_id=sponsor_id, name=name, status="applied",
                applicant_id=caller.user_id, applied_at=now, gsi1pk="SPONSORS#applied",
                gsi1sk=f"{now}#{sponsor_id}").save()
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


def decide(staff: Caller, sponsor_id: str, *, approve: bool, reason: str | None) -> dict[str, Any]:
    sponsor = get_sponsor(sponsor_id)
    if sponsor is None:
        raise NotFound("No such sponsor application.")
    if sponsor.status != "applied":
        raise Conflict(f"This application was already decided ({sponsor.status}).")
    if not approve and not (reason and reason.strip()):
        raise InvalidRequest("Give the agency a reason it can act on.")
    sponsor.status = "approved" if approve else "denied"
    sponsor.reason = reason
    sponsor.decided_by = staff.user_id
    sponsor.gsi1pk = f"SPONSORS#{sponsor.status}"
    if approve:
        sponsor.contact_manager_id = sponsor.applicant_id
        sponsor.managers = [sponsor.applicant_id]  # type: ignore[list-item]  # pynamodb stubs type the list items as attributes
        _grant_sponsor_role(sponsor.applicant_id)
    sponsor.save()
    return {"sponsor_id": sponsor_id, "status": sponsor.status}


def _managed(caller: Caller, sponsor_id: str) -> SponsorItem:
    """The sponsor, if the caller manages it; the same answer whether it does not exist or is someone else's."""
    sponsor = get_sponsor(sponsor_id)
    if sponsor is None or sponsor.status != "approved" or caller.user_id not in (sponsor.managers or []):
        raise Forbidden("Only this sponsor's managers can do that.")
    return sponsor


# ---------------------------------------------------------------- catalogue and events

def add_training(caller: Caller, sponsor_id: str, details: dict[str, Any]) -> dict[str, Any]:
    _managed(caller, sponsor_id)
    training_id = f"tr_{ULID()}"
    CatalogTrainingItem(pk=f"SPONSOR#{sponsor_id}", sk=f"TRAINING#{training_id}", training_id=training_id,
                        sponsor_id=sponsor_id, details=details).save()
    return {"training_id": training_id, **details}


def list_trainings(caller: Caller, sponsor_id: str) -> dict[str, Any]:
    _managed(caller, sponsor_id)
    return {"items": [{"training_id": t.training_id, **t.details} for t in catalogue_of(sponsor_id)]}


def schedule(caller: Caller, sponsor_id: str, *, training_id: str, starts_at: datetime, ends_at: datetime,
             capacity: int, county: str, place: str, funding_source: str | None, invite_only: bool,
             withdraw_hours_before: int) -> dict[str, Any]:
    sponsor = _managed(caller, sponsor_id)
    training = get_training(sponsor_id, training_id)
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
                             gsi2pk=f"SPONSOR_EVENTS#{sponsor_id}", gsi2sk=f"{start}#{event_id}")
    if not invite_only:  # only published events are on the public calendar
        item.gsi1pk, item.gsi1sk = "CALENDAR", f"{start}#{event_id}"
    item.save()
    view = public_view(item)
    if invite_only:
        view["invitation_code"] = item.invitation_code
    return view


def public_view(event: TrainingEventItem) -> dict[str, Any]:
    d = event.details
    return {"event_id": event.event_id, "title": d.get("title"), "description": d.get("description"),
            "hours": d.get("hours"), "competency_area": d.get("competency_area"), "language": d.get("language"),
            "delivery": d.get("delivery"), "county": d.get("county"), "place": d.get("place"),
            "sponsor": d.get("sponsor_name"), "starts_at": d.get("starts_at"), "ends_at": d.get("ends_at"),
            "withdraw_until": event.withdraw_until, "capacity": int(event.capacity),
            "seats_left": max(0, int(event.capacity) - int(event.enrolled or 0)), "visibility": event.visibility}


def calendar(query: CalendarQuery) -> dict[str, Any]:
    """The public Training Calendar: published events from today (or the date asked) on, filtered."""
    start = (query.starts_from or clock.now().date()).isoformat()
    end = (query.starts_to or (clock.now().date() + timedelta(days=366))).isoformat()
    if end < start:
        raise InvalidRequest("'to' must not be before 'from'.")
    items = []
    text = (query.text or "").strip().lower()
    for event in calendar_between(start, end):
        d = event.details
        if query.county and (d.get("county") or "").lower() != query.county.lower():
            continue
        if query.competency_area and d.get("competency_area") != query.competency_area:
            continue
        if query.language and d.get("language") != query.language:
            continue
        if query.delivery and d.get("delivery") != query.delivery:
            continue
        if text and text not in (d.get("title") or "").lower():
            continue
        items.append(public_view(event))
    return {"items": items}


def event_for(event_id: str, invitation_code: str | None) -> TrainingEventItem:
    """An event a caller may see: published, or invite-only with its code (the same 404 otherwise)."""
    event = get_event(event_id)
    if event is None or (event.visibility == "invite_only" and not (
            invitation_code and event.invitation_code
            and secrets.compare_digest(invitation_code, event.invitation_code))):
        raise NotFound("No such training event. Check the link you were sent.")
    return event


# ---------------------------------------------------------------- enrolment

def _directs_current_employee(director: Caller, user_id: str) -> bool:
    from chalicelib.services.program_reports import current_staff
    from chalicelib.store.people import programs_directed_by

    today = clock.now().date()
    return any(p.user_id == user_id for program in programs_directed_by(director.user_id)
               for p in current_staff(program, today))


def enroll(caller: Caller, event_id: str, *, invitation_code: str | None = None,
           for_user: str | None = None) -> dict[str, Any]:
    """Enrol the caller, or (a director) a person currently on staff at a program they direct."""
    if for_user is not None and for_user != caller.user_id:
        if not caller.is_(Role.DIRECTOR) or not _directs_current_employee(caller, for_user):
            raise Forbidden("Directors enrol only people currently on staff at a program they direct.")
        caller = Caller(user_id=for_user, roles=frozenset({Role.PARTICIPANT}))
    elif not caller.is_(Role.PARTICIPANT):
        raise Forbidden("Say whom to enrol: a director enrols a member of their staff with user_id.")
    event = event_for(event_id, invitation_code)
    now = clock.now()
    if event.starts_at <= iso(now):
        raise Conflict("This event has already started; enrolment is closed.")
    existing = get_enrollment(event_id, caller.user_id)
    if existing is not None and existing.status in ("enrolled", "waitlisted"):
        return _my_view(existing, event)
    enrollment = EnrollmentItem(*EnrollmentItem.key(event_id, caller.user_id), event_id=event_id,
                                user_id=caller.user_id, status="enrolled", queued_at=iso(now),
                                gsi1pk=f"USER#{caller.user_id}", gsi1sk=f"TEVENT#{event.starts_at}#{event_id}")
    try:
        # A seat and the enrolment together, only while a seat is left: two people cannot take the last one.
        with transaction() as tx:
            tx.update(event, actions=[TrainingEventItem.enrolled.add(1)],
                      condition=TrainingEventItem.enrolled < event.capacity)
            tx.save(enrollment)
    except TransactWriteError:
        enrollment.status = "waitlisted"
        enrollment.save()
    from chalicelib.services.notifications import queue_training_email

    queue_training_email(caller.user_id, event_id, f"training_{enrollment.status}")
    return _my_view(enrollment, event)


def withdraw(caller: Caller, event_id: str) -> dict[str, Any]:
    event = get_event(event_id)
    enrollment = get_enrollment(event_id, caller.user_id) if event else None
    if event is None or enrollment is None or enrollment.status not in ("enrolled", "waitlisted"):
        raise NotFound("You are not enrolled in this event.")
    if iso(clock.now()) > event.withdraw_until:
        raise Conflict(f"The sponsor's cut-off for withdrawing was {event.withdraw_until}. Contact the sponsor.")
    was_enrolled = enrollment.status == "enrolled"
    enrollment.status = "withdrawn"
    if not was_enrolled:
        enrollment.save()
        return _my_view(enrollment, event)
    waiting = sorted((e for e in enrollments_of_event(event_id) if e.status == "waitlisted"),
                     key=lambda e: e.queued_at)
    with transaction() as tx:
        tx.save(enrollment)
        if waiting:  # the seat goes to the first on the waitlist, in the same write
            waiting[0].status = "enrolled"
            tx.save(waiting[0])
        else:
            tx.update(event, actions=[TrainingEventItem.enrolled.add(-1)])
    if waiting:
        from chalicelib.services.notifications import queue_training_email

        logger.info("waitlisted person moved up", extra={"event_id": event_id})
        queue_training_email(waiting[0].user_id, event_id, "training_moved_up")
    return _my_view(enrollment, event)


def _my_view(enrollment: EnrollmentItem, event: TrainingEventItem) -> dict[str, Any]:
    return {**public_view(event), "status": enrollment.status}


def my_events(caller: Caller) -> dict[str, Any]:
    out = []
    for enrollment in enrollments_of_user(caller.user_id):
        event = get_event(enrollment.event_id)
        if event is not None:
            out.append(_my_view(enrollment, event))
    return {"items": out}


# ---------------------------------------------------------------- rosters and attendance

def _managed_event(caller: Caller, event_id: str) -> TrainingEventItem:
    event = get_event(event_id)
    if event is None:
        raise Forbidden("Only this sponsor's managers can do that.")
    _managed(caller, event.sponsor_id)
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


def record_attendance(caller: Caller, event_id: str, marks: dict[str, bool]) -> dict[str, Any]:
    """Attended becomes a verified training record at once; a repeated mark changes nothing."""
    from chalicelib.services.events import announce, new_event
    from chalicelib.store.profiles import get_profile

    event = _managed_event(caller, event_id)
    if event.starts_at > iso(clock.now()):
        raise Conflict("Attendance is taken once the event has started.")
    granted, no_shows = [], []
    for user_id, attended in marks.items():
        enrollment = get_enrollment(event_id, user_id)
        if enrollment is None or enrollment.status not in ("enrolled", "attended", "no_show"):
            raise BadRequest(f"{user_id} is not on this event's roster.")
        if enrollment.status == "attended":
            continue
        if not attended:
            enrollment.status = "no_show"
            enrollment.save()
            no_shows.append(user_id)
            continue
        at = iso(clock.now())
        d = event.details
        record_id = str(ULID())
        # The same shape as a verified training certificate's record, so reports treat both alike.
        data = {"training_title": d.get("title"), "sponsor": d.get("sponsor_name"), "hours": d.get("hours"),
                "competency_area": d.get("competency_area"), "completed_on": event.starts_at[:10],
                "cda_subject_area": d.get("cda_subject_area"), "source": "sponsor", "event_id": event_id}
        record = RecordItem(pk=f"PERSON#{user_id}", sk=f"RECORD#training#{record_id}", record_id=record_id,
                            user_id=user_id, kind="training", data=data, source_document_id=f"event:{event_id}",
                            verified_by=caller.user_id, verified_at=at)
        snapshot = snapshot_of(user_id)
        records = [*snapshot.records, {"record_id": record_id, "kind": "training", "data": data, "verified_at": at}]
        enrollment.status = "attended"
        enrollment.record_id = record_id
        profile = get_profile(user_id)
        announced = new_event("training.attended", {
            "participant_id": user_id, "registry_id": profile.registry_id if profile else None,
            "records": [record_id], "status": "attended"}, at)
        try:
            with transaction() as tx:
                tx.save(enrollment, condition=EnrollmentItem.status != "attended")
                tx.save(record)
                tx.save(announced)
                tx.update(snapshot, actions=[RecordsSnapshotItem.records.set(records),
                                             RecordsSnapshotItem.user_id.set(user_id),
                                             RecordsSnapshotItem.entity.set(RecordsSnapshotItem)])
        except TransactWriteError:
            continue  # marked attended by another manager at the same moment
        announce(announced)
        granted.append(user_id)
    return {"event_id": event_id, "attended": granted, "no_show": no_shows}


def permit_renewal_progress(caller: Caller) -> dict[str, Any]:
    """Progress toward the professional growth hours the person's current permit needs for renewal."""
    from chalicelib.domain.training import renewal_progress

    records = snapshot_of(caller.user_id).records or []
    permits = [r["data"] for r in records if r.get("kind") == "permit"
               and r["data"].get("issued_on") and r["data"].get("expires_on")]
    if not permits:
        return {"permit": None, "detail": "No verified permit with dates on your record yet: upload your Child "
                                          "Development Permit to see your renewal progress."}
    permit = max(permits, key=lambda p: p["expires_on"])
    trainings = [r["data"] for r in records if r.get("kind") == "training"]
    return {"permit": {"title": permit.get("permit_title"), "expires_on": permit["expires_on"]},
            **renewal_progress(trainings, date.fromisoformat(permit["issued_on"]),
                               date.fromisoformat(permit["expires_on"]))}


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
    return {"person_name": name, "registry_id": profile.registry_id, **progress}
