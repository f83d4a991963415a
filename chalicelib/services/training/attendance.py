"""Rosters and attendance: each attended enrolment becomes a verified training record on the person's record, in the
same transaction as its event `training.attended` for partners; the hours people have toward a renewal or the CDA."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from ulid import ULID

from chalicelib import clock
from chalicelib.errors import BadRequest, Conflict, NotFound
from chalicelib.security.identity import Caller
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.training.catalogue import managed_event, public_view
from chalicelib.services.training.views import (
    AttendanceMarked,
    CdaTranscript,
    NoPermitYet,
    PermitRenewal,
    Roster,
    RosterLine,
)
from chalicelib.services.unit_of_work import (
    Guard,
    Refused,
    TableUnitOfWork,
    UnitOfWork,
)
from chalicelib.store.base import iso
from chalicelib.store.records import new_record, snapshot_of
from chalicelib.store.training import (
    TrainingEventItem,
    enrollments_of_event,
)

ATTENDANCE_OPENS_BEFORE = timedelta(minutes=30)


def roster(caller: Caller, event_id: str) -> Roster:
    """Names and Registry IDs of the people enrolled, nothing else personal."""
    from chalicelib.store.profiles import get_profile

    event = managed_event(caller, event_id)
    people: list[RosterLine] = []
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
                      uow: UnitOfWork | None = None) -> AttendanceMarked:
    """Attended becomes a verified training record at once; a repeated mark changes nothing."""
    from chalicelib.services.events import stage_event

    uow = uow or TableUnitOfWork()
    event = managed_event(caller, event_id, uow.training)
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


def permit_renewal_progress(caller: Caller) -> PermitRenewal | NoPermitYet:
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


def cda_transcript(caller: Caller) -> CdaTranscript:
    """Training hours on the person's record by CDA subject area, against the Council's 120."""
    from chalicelib.domain.training import cda_progress
    from chalicelib.store.profiles import get_profile

    profile = get_profile(caller.user_id)
    if profile is None or profile.status != "active":
        raise NotFound("Enrol in the registry first.")
    records = snapshot_of(caller.user_id).records or []
    progress = cda_progress(r["data"] for r in records if r.get("kind") == "training")
    name = " ".join(n for n in (profile.legal_first_name, profile.legal_last_name) if n)
    return {"person_name": name, "registry_id": str(profile.registry_id), "language": profile.preferred_language,
            **progress}
