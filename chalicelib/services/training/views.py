"""What the training module's use cases answer, typed: mypy checks every view against these shapes, the routes
return them as they are, and the OpenAPI document describes each route's answer from them (api/openapi.py).

TypedDicts rather than dataclasses: a view is already the JSON it becomes, so nothing converts it on the way
out, and a shape is read once, here, instead of in each function that builds it.
"""

from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypedDict, cast

from chalicelib.domain.training import CdaProgress, RenewalProgress

# Statuses are strings as stored: a sponsor is applied, approved or denied; an enrolment enrolled, waitlisted,
# withdrawn, attended or no_show; an instructor requested, approved or denied.



class Contact(TypedDict):
    """The person participants ask about a sponsor's trainings (api/models.SponsorContact)."""
    name: str
    email: str | None
    phone: str | None


class TrainingDetails(TypedDict):
    """A catalogue entry as the sponsor wrote it (api/models.CatalogTraining)."""
    title: str
    description: str | None
    hours: float
    competency_area: str
    language: str
    delivery: str
    cda_subject_area: int | None


class CatalogueTraining(TrainingDetails):
    training_id: str


def _known[View](shape: type[View], stored: Mapping[str, Any]) -> View:
    """The shape's fields of what was stored (None for one an older item lacks), nothing beside them."""
    return cast(View, {k: stored.get(k) for k in shape.__annotations__})


def as_training_details(stored: Mapping[str, Any]) -> TrainingDetails:
    """A catalogue entry as stored or sent: the fields CatalogTraining validated, and nothing beside them."""
    return _known(TrainingDetails, stored)


def contact_of(sent: Mapping[str, Any]) -> Contact:
    """A sponsor's contact person as sent or stored (SponsorContact validated it)."""
    return _known(Contact, sent)


def as_contact(stored: Mapping[str, Any] | None) -> Contact | None:
    return contact_of(stored) if stored else None


class PublicInstructor(TypedDict):
    """An approved instructor who chose a public profile; `name` is None for anyone else."""
    name: str | None
    user_id: NotRequired[str]
    bio: NotRequired[str | None]


class EventView(TypedDict):
    """An event as the calendar shows it to anyone."""
    event_id: str
    title: str | None
    description: str | None
    instructors: list[PublicInstructor]
    hours: float | None
    competency_area: str | None
    language: str | None
    delivery: str | None
    county: str | None
    place: str | None
    sponsor: str | None
    starts_at: str | None
    ends_at: str | None
    logo_url: str | None
    withdraw_until: str
    capacity: int
    seats_left: int
    visibility: str
    contact: Contact | None


class SponsorEventView(EventView):
    """An event on its sponsor's own desk: whether it is a draft, and an invite-only event's private code."""
    draft: bool
    invitation_code: str | None


class MyEventView(EventView):
    """An event a person enrolled in, with where their enrolment stands."""
    status: str


class Calendar(TypedDict):
    # Not Items[EventView] with one more key: a subclass of a parametrised generic TypedDict loses its parameter
    # in pydantic's schema (the items would be described as anything).
    items: list[EventView]
    more: bool


class Saved(TypedDict):
    event_id: str
    saved: bool


class SponsorState(TypedDict):
    sponsor_id: str
    status: str


class ContactChanged(TypedDict):
    sponsor_id: str
    contact: Contact


class Logo(TypedDict):
    sponsor_id: str
    logo_url: str


class Managers(TypedDict):
    sponsor_id: str
    managers: list[str]
    invited: list[str]


class ManagerAnswer(TypedDict):
    sponsor_id: str
    manager: bool


class MySponsor(TypedDict):
    """A sponsor a person applied for or manages; its contact and state codes only for its managers."""
    sponsor_id: str
    name: str
    status: str
    reason: str | None
    manager: bool
    invited_to_manage: bool
    contact: Contact | None
    state_reporting: dict[str, str] | None


class SponsorName(TypedDict):
    sponsor_id: str
    name: str


class Application(TypedDict):
    sponsor_id: str
    name: str
    status: str
    applied_at: str | None
    applicant: str | None


class InstructorRequestAnswer(TypedDict):
    sponsor_id: str
    status: str


class InstructorState(TypedDict):
    user_id: str
    status: str


class InstructorLine(TypedDict):
    user_id: str
    status: str
    name: str | None


class EventInstructorList(TypedDict):
    event_id: str
    instructors: list[PublicInstructor]


class RosterLine(TypedDict):
    """Names and Registry IDs of the people enrolled, nothing else personal."""
    user_id: str
    name: str | None
    registry_id: str | None
    status: str


class Roster(TypedDict):
    event: EventView
    people: list[RosterLine]


class AttendanceMarked(TypedDict):
    event_id: str
    attended: list[str]
    no_show: list[str]


class RenewalPermit(TypedDict):
    title: str | None
    expires_on: str


class NoPermitYet(TypedDict):
    permit: None
    detail: str


class PermitRenewal(RenewalProgress):
    permit: RenewalPermit


class CdaTranscript(CdaProgress):
    person_name: str
    registry_id: str
    language: str | None


class StateCodes(TypedDict):
    """What a sponsor files with the state under (services/training/direct_service_profile.py)."""
    vendor_number: str
    program_letter: str
    funding: str


class StateReportingChanged(TypedDict):
    sponsor_id: str
    state_reporting: StateCodes


class SurveyThanks(TypedDict):
    status: Literal["thank you"]


class SurveySummary(TypedDict):
    """Nothing but when it closes until it does; everything at once after, from five answers."""
    shown: bool
    closes_on: NotRequired[str]
    detail: NotRequired[str]
    responses: NotRequired[int]
    averages: NotRequired[dict[str, float]]
    comments: NotRequired[list[str]]
