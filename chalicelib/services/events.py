"""The registry's event log: what happened, in order, for webhooks and the partner catch-up feed."""

from __future__ import annotations

from typing import Any

from ulid import ULID

from chalicelib.domain.messages import PartnerEvent
from chalicelib.services.unit_of_work import TableUnitOfWork, UnitOfWork
from chalicelib.store.records import EventItem, new_event_item

EVENT_TYPES = ("document.verified", "document.rejected", "record.updated", "record.changed", "employment.confirmed",
               "report.generated", "profile.closed", "training.attended")


def new_event(event_type: str, subject: dict[str, Any], at: str) -> EventItem:
    event_id = f"evt_{ULID()}"
    return new_event_item(event_id, event_type, subject, at)


def announced(event: EventItem) -> PartnerEvent:
    """The message that hands a stored event to webhook fan-out: owed by the change that stores the event, and
    written to the outbox in the same transaction."""
    return PartnerEvent(event_id=event.event_id, type=event.type, at=event.at, subject=dict(event.subject))


def publish(event_type: str, subject: dict[str, Any], at: str, uow: UnitOfWork | None = None) -> EventItem:
    """Store an event and its fan-out message together, then send the message."""
    uow = uow or TableUnitOfWork()
    event = new_event(event_type, subject, at)
    uow.save(event)
    uow.send(announced(event))
    uow.commit()
    return event
