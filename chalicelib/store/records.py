"""Verified records on a participant's profile, and the registry's event log."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import DoesNotExist

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


class RecordsSnapshotItem(RegistryItem, discriminator="records_snapshot"):
    """pk=PERSON#{user} sk=RECORDS: every verified record of one person in one item.

    Written in the same transaction as the records themselves, so a program report reads
    a whole roster with BatchGets instead of one Query per person.
    """

    user_id = UnicodeAttribute()
    records = JSONAttribute()
    version = VersionAttribute()

    @staticmethod
    def key(user_id: str) -> tuple[str, str]:
        return f"PERSON#{user_id}", "RECORDS"


def snapshot_of(user_id: str) -> RecordsSnapshotItem:
    try:
        return RecordsSnapshotItem.get(*RecordsSnapshotItem.key(user_id), consistent_read=True)
    except DoesNotExist:
        return RecordsSnapshotItem(*RecordsSnapshotItem.key(user_id), user_id=user_id, records=[])


def snapshots_of(user_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    keys = [RecordsSnapshotItem.key(u) for u in dict.fromkeys(user_ids)]
    found = {s.user_id: s.records for s in RegistryItem.batch_get(keys) if isinstance(s, RecordsSnapshotItem)}
    return {u: found.get(u, []) for u in user_ids}
