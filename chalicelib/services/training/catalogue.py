"""The catalogue and its events: sponsors keep trainings and schedule them (drafts until published, or invite-only
with a private code); the public calendar, and the trainings a person saved."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ulid import ULID

from chalicelib import clock
from chalicelib.errors import Forbidden, InvalidRequest, NotFound
from chalicelib.security.identity import Caller
from chalicelib.services.training.instructors import public_instructor
from chalicelib.services.training.sponsors import managed_sponsor, sponsor_subject
from chalicelib.services.training.views import (
    Calendar,
    CatalogueTraining,
    EventInstructorList,
    EventView,
    Saved,
    SponsorEventView,
    TrainingDetails,
    as_contact,
    as_training_details,
)
from chalicelib.services.unit_of_work import (
    TableUnitOfWork,
    TrainingRepository,
    UnitOfWork,
)
from chalicelib.services.views import Items
from chalicelib.store.base import iso
from chalicelib.store.training import (
    SponsorItem,
    TrainingEventItem,
    TrainingTable,
    calendar_between,
    catalogue_of,
    get_sponsor,
    new_catalog_training,
)


@dataclass(frozen=True, slots=True)
class CalendarQuery:
    county: str | None = None
    starts_from: date | None = None
    starts_to: date | None = None
    competency_area: str | None = None
    language: str | None = None
    delivery: str | None = None
    text: str | None = None


def add_training(caller: Caller, sponsor_id: str, details: TrainingDetails,
                 uow: UnitOfWork | None = None) -> CatalogueTraining:
    uow = uow or TableUnitOfWork()
    managed_sponsor(caller, sponsor_id, uow.training)
    training_id = f"tr_{ULID()}"
    uow.save(new_catalog_training(sponsor_id, training_id, details))
    uow.audit(sponsor_subject(sponsor_id), caller, "training:added", after={"training_id": training_id})
    uow.commit()
    return {"training_id": training_id, **details}


def list_trainings(caller: Caller, sponsor_id: str) -> Items[CatalogueTraining]:
    managed_sponsor(caller, sponsor_id)
    return {"items": [{"training_id": t.training_id, **as_training_details(t.details)}
                      for t in catalogue_of(sponsor_id)]}


def schedule(caller: Caller, sponsor_id: str, *, training_id: str, starts_at: datetime, ends_at: datetime,
             capacity: int, county: str, place: str, funding_source: str | None, invite_only: bool,
             withdraw_hours_before: int, draft: bool = False, uow: UnitOfWork | None = None) -> SponsorEventView:
    uow = uow or TableUnitOfWork()
    sponsor = managed_sponsor(caller, sponsor_id, uow.training)
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
    return sponsor_view(item, sponsor)


def sponsor_view(event: TrainingEventItem, sponsor: SponsorItem | None) -> SponsorEventView:
    """What the sponsor's own desk shows: the public view, its invitation code and whether it is a draft."""
    return {**public_view(event, sponsor=sponsor), "draft": bool(event.draft),
            "invitation_code": event.invitation_code or None}


def publish(caller: Caller, event_id: str, uow: UnitOfWork | None = None) -> SponsorEventView:
    """A draft goes on the calendar (or, invite-only, opens to its link) once the sponsor is ready."""
    uow = uow or TableUnitOfWork()
    event = managed_event(caller, event_id, uow.training)
    if event.draft:
        event.draft = None
        event.index(str(event.details.get("county") or ""))
        uow.save(event)  # two managers publishing at once write the same thing
        uow.audit(f"event:{event_id}", caller, "event:scheduled")
        uow.commit()
    return sponsor_view(event, uow.training.sponsor(event.sponsor_id))


def update_training(caller: Caller, sponsor_id: str, training_id: str, details: TrainingDetails,
                    uow: UnitOfWork | None = None) -> CatalogueTraining:
    """A catalogue entry as the sponsor corrects it. Events already scheduled keep the entry as it was when they
    were scheduled: people enrolled in them, and hours granted from them, were promised that one."""
    uow = uow or TableUnitOfWork()
    managed_sponsor(caller, sponsor_id, uow.training)
    training = uow.training.training(sponsor_id, training_id)
    if training is None:
        raise NotFound("No such training in this sponsor's catalogue.")
    before = dict(training.details)
    uow.set(training, "details", details)
    uow.audit(sponsor_subject(sponsor_id), caller, "training:changed", before={"training_id": training_id, **before},
              after={"training_id": training_id, **details})
    uow.commit()
    return {"training_id": training_id, **details}


def public_view(event: TrainingEventItem, *, sponsor: SponsorItem | None = None) -> EventView:
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
            "contact": as_contact(sponsor.contact) if sponsor is not None else None}


CALENDAR_PAGE = 100


CALENDAR_SPAN = timedelta(days=396)  # 13 months


def calendar(query: CalendarQuery) -> Calendar:
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


SAVED_PAGE = 100


def save_training(caller: Caller, event_id: str, uow: UnitOfWork | None = None) -> Saved:
    """A person keeps an event to decide about later (a bookmark: no seat, no email, nothing to audit)."""
    from chalicelib.store.training import saved_training

    uow = uow or TableUnitOfWork()
    event = event_for(event_id, None, uow.training)
    if uow.training.saved_one(event_id, caller.user_id) is None:
        uow.save(saved_training(event, caller.user_id, clock.now_iso()))
        uow.commit()
    return {"event_id": event_id, "saved": True}


def unsave_training(caller: Caller, event_id: str, uow: UnitOfWork | None = None) -> Saved:
    uow = uow or TableUnitOfWork()
    item = uow.training.saved_one(event_id, caller.user_id)
    if item is not None:
        uow.remove(item)
        uow.commit()
    return {"event_id": event_id, "saved": False}


def saved_trainings(caller: Caller, uow: UnitOfWork | None = None) -> Items[EventView]:
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


def managed_event(caller: Caller, event_id: str, training: TrainingRepository | None = None) -> TrainingEventItem:
    event = (training or TrainingTable()).event(event_id)
    if event is None:
        raise Forbidden("Only this sponsor's managers can do that.")
    managed_sponsor(caller, event.sponsor_id, training)
    return event


def assign_instructors(caller: Caller, event_id: str, user_ids: list[str],
                       uow: UnitOfWork | None = None) -> EventInstructorList:
    uow = uow or TableUnitOfWork()
    event = managed_event(caller, event_id, uow.training)
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


def events_i_lead(caller: Caller) -> Items[EventView]:
    from chalicelib.store.training import events_of_sponsor, sponsors_instructed_for

    led = [public_view(e) for s in sponsors_instructed_for(caller.user_id) for e in events_of_sponsor(s)
           if caller.user_id in (e.instructor_ids or [])]
    return {"items": sorted(led, key=lambda e: e["starts_at"] or "")}


def sponsor_events(caller: Caller, sponsor_id: str) -> Items[SponsorEventView]:
    from chalicelib.store.training import events_of_sponsor

    sponsor = managed_sponsor(caller, sponsor_id)
    return {"items": [sponsor_view(event, sponsor) for event in events_of_sponsor(sponsor_id)]}
