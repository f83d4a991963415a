"""Messages a change of state owes to a queue, one dataclass each.

A service hands them to its unit of work; they are written to the outbox in the same transaction as the change
and sent after it commits, so a message never announces a state that was not saved and never goes missing
when the queue is briefly unreachable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any, ClassVar, TypedDict, cast

from chalicelib.domain.json_values import JsonObject


class Destination(StrEnum):
    EXTRACTION = "extraction"
    NOTIFICATIONS = "notifications"
    WEBHOOKS = "webhooks"


class KindedMessage:
    """A message whose body names its kind, for a handler that reads several kinds from one queue."""

    __slots__ = ()
    kind: ClassVar[str]

    def body(self) -> JsonObject:
        return {"kind": self.kind, **asdict(self)}  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class ExtractDocument:
    """Read this document (the extraction worker does nothing unless it is still processing)."""

    destination: ClassVar[Destination] = Destination.EXTRACTION
    document_id: str

    def body(self) -> JsonObject:
        return {"document_id": self.document_id}

    @classmethod
    def parse(cls, raw: str) -> ExtractDocument:
        data = json.loads(raw)
        document_id = data.get("document_id") if isinstance(data, dict) else None
        if not isinstance(document_id, str) or not document_id:
            raise ValueError("An extraction message names the document it is for: {\"document_id\": \"...\"}.")
        return cls(document_id)


class ReasonCode(TypedDict):
    """A reason the registry words in each language (domain/reasons.Reason.as_dict): its code and the values its
    wording names."""
    code: str
    params: dict[str, str]


@dataclass(frozen=True, slots=True)
class DocumentEmail(KindedMessage):
    """Tell a participant what happened to one of their documents, from an SES template in their language."""

    destination: ClassVar[Destination] = Destination.NOTIFICATIONS
    kind: ClassVar[str] = "document_email"
    template: str
    user_id: str
    document_id: str
    doc_type: str | None
    file_name: str | None
    reason: str | None = None
    reason_code: ReasonCode | None = None  # when set, the reason is worded in the participant's language


@dataclass(frozen=True, slots=True)
class JobApplicationEmail(KindedMessage):
    """Tell a program director that someone applied to one of their openings (the application itself is read
    in the registry, never sent by email)."""

    destination: ClassVar[Destination] = Destination.NOTIFICATIONS
    kind: ClassVar[str] = "job_application"
    director_id: str
    job_title: str
    program_name: str


@dataclass(frozen=True, slots=True)
class TrainingEmail(KindedMessage):
    """Tell a person they are enrolled, waitlisted or moved up, with the event as they enrolled in it (its public
    view: title, sponsor, place, times) for the email and its calendar file."""

    destination: ClassVar[Destination] = Destination.NOTIFICATIONS
    kind: ClassVar[str] = "training_email"
    template: str
    user_id: str
    event_id: str
    event: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class CredentialReminderEmail(KindedMessage):
    """Tell a person that one of their verified permits or CDA credentials expires in `days` days."""

    destination: ClassVar[Destination] = Destination.NOTIFICATIONS
    kind: ClassVar[str] = "credential_reminder"
    user_id: str
    record_id: str
    record_kind: str
    title: str
    expires_on: str
    days: int


@dataclass(frozen=True, slots=True)
class ReminderEmail(KindedMessage):
    """An optional reminder (services/accounts/reminders.OPTIONAL): renewal hours still missing, a training tomorrow, a
    document waiting for its owner. `template` names the mail template, `values` fill it (plain text, already
    in the person's language where it matters); the email carries a link that turns `reminder` off."""

    destination: ClassVar[Destination] = Destination.NOTIFICATIONS
    kind: ClassVar[str] = "reminder_email"
    template: str
    reminder: str
    user_id: str
    language: str
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class InvitationEmail(KindedMessage):
    """Invite someone a director named to enrol in the registry and join their program."""

    destination: ClassVar[Destination] = Destination.NOTIFICATIONS
    kind: ClassVar[str] = "invitation"
    invitation_id: str
    email: str
    name: str | None
    program_name: str
    program_id: str
    enroll_url: str


@dataclass(frozen=True, slots=True)
class EndpointDisabledEmail(KindedMessage):
    """Tell a partner that one of their webhook endpoints was switched off after failing for days."""

    destination: ClassVar[Destination] = Destination.NOTIFICATIONS
    kind: ClassVar[str] = "endpoint_disabled"
    email: str
    endpoint_id: str
    url: str
    name: str | None


@dataclass(frozen=True, slots=True)
class HelpDeskEmail(KindedMessage):
    """Acknowledge a help-desk message, or send its answer: the handler reads the (sealed) address, name and
    answer from the message itself, so none of them travels through a queue."""

    destination: ClassVar[Destination] = Destination.NOTIFICATIONS
    kind: ClassVar[str] = "help_desk"
    template: str  # help_received | help_answered
    request_id: str


class EventSubject(TypedDict, total=False):
    """Whom and what an event is about, as partners receive it (services/events.EVENT_TYPES); each type carries
    the keys that apply to it."""
    participant_id: str
    registry_id: str | None
    program_id: str
    employment_id: str
    document_id: str | None
    doc_type: str | None
    records: list[str]
    record_id: str
    kind: str
    change: str
    status: str
    report_id: str
    report_kind: str


def as_subject(stored: Mapping[str, Any]) -> EventSubject:
    """A stored event's subject: written from an EventSubject, read back as JSON (keys an older event has that this
    shape lacks stay; only the public ones ever leave, services/partners/webhooks.PUBLIC_SUBJECT_FIELDS)."""
    return cast(EventSubject, dict(stored))


@dataclass(frozen=True, slots=True)
class PartnerEvent(KindedMessage):
    """Fan a stored event out to the partners' webhook endpoints (the event log itself is the catch-up feed)."""

    destination: ClassVar[Destination] = Destination.WEBHOOKS
    kind: ClassVar[str] = "event"
    event_id: str
    type: str
    at: str
    subject: EventSubject


@dataclass(frozen=True, slots=True)
class WebhookAttempt(KindedMessage):
    """Try to deliver one webhook delivery (its first attempt, a due retry, or a partner's replay)."""

    destination: ClassVar[Destination] = Destination.WEBHOOKS
    kind: ClassVar[str] = "attempt"
    delivery_id: str
    attempt: int


OutgoingMessage = (ExtractDocument | DocumentEmail | JobApplicationEmail | TrainingEmail | InvitationEmail
                   | EndpointDisabledEmail | CredentialReminderEmail | ReminderEmail | PartnerEvent | WebhookAttempt
                   | HelpDeskEmail)
