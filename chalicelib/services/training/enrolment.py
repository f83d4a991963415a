"""Enrolment: a seat while one is left, else the waitlist; withdrawing gives the seat to the first waiting, with their
email in the same write."""

from __future__ import annotations

import random
import time

from chalicelib import clock
from chalicelib.domain.messages import TrainingEmail
from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.observability import logger
from chalicelib.security.identity import Caller, Role
from chalicelib.services.training.catalogue import event_for, public_view
from chalicelib.services.training.views import EventView, MyEventView
from chalicelib.services.unit_of_work import (
    Guard,
    Refused,
    TableUnitOfWork,
    TrainingRepository,
    UnitOfWork,
)
from chalicelib.services.views import Items
from chalicelib.store.base import iso
from chalicelib.store.training import (
    EnrollmentItem,
    TrainingEventItem,
    enrollments_of_user,
    get_event,
    new_enrollment,
)


def _directs_current_employee(director: Caller, user_id: str) -> bool:
    from chalicelib.services.accounts.program_staff import current_staff
    from chalicelib.store.people import programs_directed_by

    today = clock.now().date()
    return any(p.user_id == user_id for program in programs_directed_by(director.user_id)
               for p in current_staff(program, today))


def enroll(caller: Caller, event_id: str, *, invitation_code: str | None = None,
           for_user: str | None = None, uow: UnitOfWork | None = None) -> MyEventView:
    """Enrol the caller, or (a director) a person currently on staff at a program they direct."""
    uow = uow or TableUnitOfWork()
    if for_user is not None and for_user != caller.user_id:
        if not caller.is_(Role.DIRECTOR) or not _directs_current_employee(caller, for_user):
            raise Forbidden("Directors enrol only people currently on staff at a program they direct.")
        caller = Caller(user_id=for_user, roles=frozenset({Role.PARTICIPANT}))
    elif not caller.is_(Role.PARTICIPANT):
        raise Forbidden("Say whom to enrol: a director enrols a member of their staff with user_id.")
    event = event_for(event_id, invitation_code, uow.training)
    view = event_view(event, uow.training)
    now = clock.now()
    if event.starts_at <= iso(now):
        raise Conflict("This event has already started; enrolment is closed.")
    existing = uow.training.enrollment(event_id, caller.user_id)
    if existing is not None and existing.status in ("enrolled", "waitlisted"):
        return my_view(existing, view)
    enrollment = new_enrollment(event, caller.user_id, status="enrolled", queued_at=iso(now))
    if not _take_seat(event, enrollment, view, uow):
        enrollment.status = "waitlisted"
        uow.save(enrollment)
        uow.send(TrainingEmail("training_waitlisted", caller.user_id, event_id, view))
        uow.commit()
    return my_view(enrollment, view)


SEAT_ATTEMPTS = 6


def _take_seat(event: TrainingEventItem, enrollment: EnrollmentItem, view: EventView, uow: UnitOfWork) -> bool:
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


def withdraw(caller: Caller, event_id: str, uow: UnitOfWork | None = None) -> MyEventView:
    uow = uow or TableUnitOfWork()
    event = uow.training.event(event_id)
    enrollment = uow.training.enrollment(event_id, caller.user_id) if event else None
    if event is None or enrollment is None or enrollment.status not in ("enrolled", "waitlisted"):
        raise NotFound("You are not enrolled in this event.")
    if iso(clock.now()) > event.withdraw_until:
        raise Conflict("The sponsor's cut-off for withdrawing was {cut_off}. Contact the sponsor.",
                       cut_off=event.withdraw_until)
    view = event_view(event, uow.training)
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
    return my_view(enrollment, view)


def event_view(event: TrainingEventItem, training: TrainingRepository) -> EventView:
    return public_view(event, sponsor=training.sponsor(event.sponsor_id))


def my_view(enrollment: EnrollmentItem, view: EventView) -> MyEventView:
    return {**view, "status": enrollment.status}


def my_events(caller: Caller) -> Items[MyEventView]:
    out = []
    for enrollment in enrollments_of_user(caller.user_id):
        event = get_event(enrollment.event_id)
        if event is not None:
            out.append(my_view(enrollment, public_view(event)))
    return {"items": out}
