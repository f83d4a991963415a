"""Instructors: a person asks to teach for a sponsor, its managers approve; what the calendar shows of them."""

from __future__ import annotations

from chalicelib.errors import NotFound
from chalicelib.security.identity import Caller
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.training.sponsors import display_name, managed_sponsor, sponsor_subject
from chalicelib.services.training.views import (
    InstructorLine,
    InstructorRequestAnswer,
    InstructorState,
    PublicInstructor,
)
from chalicelib.services.unit_of_work import (
    PeopleRepository,
    TableUnitOfWork,
    TrainingRepository,
    UnitOfWork,
)
from chalicelib.services.views import Items
from chalicelib.store.training import (
    TrainingTable,
    new_instructor,
)


def request_instructor(caller: Caller, sponsor_id: str, bio: str | None, public: bool,
                       uow: UnitOfWork | None = None) -> InstructorRequestAnswer:
    uow = uow or TableUnitOfWork()
    sponsor = uow.training.sponsor(sponsor_id)
    if sponsor is None or sponsor.status != "approved":
        raise NotFound("No such training sponsor.")
    existing = uow.training.instructor(sponsor_id, caller.user_id)
    if existing is not None and existing.status in ("requested", "approved"):
        return {"sponsor_id": sponsor_id, "status": existing.status}
    uow.save(new_instructor(sponsor_id, caller.user_id, bio=bio, public=public))
    uow.audit(sponsor_subject(sponsor_id), caller, "instructor:requested")
    uow.commit()
    return {"sponsor_id": sponsor_id, "status": "requested"}


def decide_instructor(caller: Caller, sponsor_id: str, user_id: str, *, approve: bool,
                      uow: UnitOfWork | None = None) -> InstructorState:
    uow = uow or TableUnitOfWork()
    managed_sponsor(caller, sponsor_id, uow.training)
    not_about_themselves(caller, user_id)
    instructor = uow.training.instructor(sponsor_id, user_id)
    if instructor is None:
        raise NotFound("No such instructor request.")
    instructor.status = "approved" if approve else "denied"
    uow.save(instructor)
    uow.audit(sponsor_subject(sponsor_id), caller, f"instructor:{instructor.status}", after={"user_id": user_id})
    uow.commit()
    return {"user_id": user_id, "status": instructor.status}


def list_instructors(caller: Caller, sponsor_id: str) -> Items[InstructorLine]:
    from chalicelib.store.training import instructors_of

    managed_sponsor(caller, sponsor_id)
    return {"items": [{"user_id": i.user_id, "status": i.status, "name": display_name(i.user_id)}
                      for i in instructors_of(sponsor_id)]}


def public_instructor(sponsor_id: str, user_id: str, training: TrainingRepository | None = None,
                      people: PeopleRepository | None = None) -> PublicInstructor:
    instructor = (training or TrainingTable()).instructor(sponsor_id, user_id)
    if instructor is None or instructor.status != "approved" or instructor.public != "yes":
        return {"name": None}
    return {"user_id": user_id, "name": display_name(user_id, people), "bio": instructor.bio}
