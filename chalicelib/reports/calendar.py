"""A training event as an iCalendar file (RFC 5545), attached to enrolment emails."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any


def event_ics(event: Mapping[str, Any], *, registry_host: str) -> bytes:
    """`event` is a training event's public view. Text a sponsor typed is escaped by the library."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//ECE Workforce Registry//Training Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = Event()
    entry.add("uid", f"{event['event_id']}@{registry_host}")
    entry.add("dtstamp", datetime.fromisoformat(event["starts_at"].replace("Z", "+00:00")))
    entry.add("dtstart", datetime.fromisoformat(event["starts_at"].replace("Z", "+00:00")))
    entry.add("dtend", datetime.fromisoformat(event["ends_at"].replace("Z", "+00:00")))
    entry.add("summary", event.get("title") or "Training")
    entry.add("location", event.get("place") or "")
    entry.add("description", f"{event.get('sponsor') or ''} - {event.get('hours')} hours, "
                             f"{event.get('competency_area') or ''}")
    calendar.add_component(entry)
    return bytes(calendar.to_ical())
