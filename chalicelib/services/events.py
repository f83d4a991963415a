"""The registry's event log: what happened, in order, for webhooks and the partner catch-up feed."""

from __future__ import annotations

from typing import Any

from ulid import ULID

from chalicelib.aws.queues import Queue
from chalicelib.config import get_settings
from chalicelib.store.records import EventItem

EVENT_TYPES = ("document.verified", "document.rejected", "record.updated", "record.changed", "employment.confirmed",
               "report.generated", "profile.closed", "training.attended")


def new_event(event_type: str, subject: dict[str, Any], at: str) -> EventItem:
    event_id = f"evt_{ULID()}"
    return EventItem(pk=f"EVENTS#{at[:7]}", sk=event_id, event_id=event_id, type=event_type, at=at, subject=subject)


def announce(event: EventItem) -> None:
    """Hand a stored event to webhook fan-out."""
    Queue(get_settings().webhook_queue_url).send({"kind": "event", "event_id": event.event_id, "type": event.type,
                                                  "at": event.at, "subject": event.subject})


def publish(event_type: str, subject: dict[str, Any], at: str) -> EventItem:
    event = new_event(event_type, subject, at)
    event.save()
    announce(event)
    return event
