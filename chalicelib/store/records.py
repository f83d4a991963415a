"""Verified records on a participant's profile, and the registry's event log."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from chalicelib.store.base import RegistryItem


class RecordItem(RegistryItem, discriminator="record"):
    """pk=PERSON#{user} sk=RECORD#{kind}#{record}: a course, degree, permit, training or CDA that staff verified."""

    record_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # course | degree | permit | training | cda | institution
    data = JSONAttribute()
    source_document_id = UnicodeAttribute()
    verified_by = UnicodeAttribute()
    verified_at = UnicodeAttribute()


class EventItem(RegistryItem, discriminator="event"):
    """pk=EVENTS#{yyyy-mm} sk={event id}: what happened, in order, for partners to catch up from."""

    event_id = UnicodeAttribute()
    type = UnicodeAttribute()
    at = UnicodeAttribute()
    subject = JSONAttribute()


def records_of(user_id: str) -> list[RecordItem]:
    return [r for r in RecordItem.query(f"PERSON#{user_id}", RecordItem.sk.startswith("RECORD#"))]
