"""Verified records on a participant's profile, and the registry's event log."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.domain.json_values import JsonObject
from chalicelib.store.base import RegistryItem


class RecordItem(RegistryItem, discriminator="record"):
    """pk=PERSON#{user} sk=RECORD#{kind}#{record}: a course, degree, permit, training or CDA that staff verified."""

    record_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # a kind in domain/record_kinds: course, degree, permit, cda, training, other
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


def new_event_item(event_id: str, event_type: str, subject: Mapping[str, Any], at: str) -> EventItem:
    """An event in its month's partition, in order of its id (a ULID)."""
    return EventItem(pk=f"EVENTS#{at[:7]}", sk=event_id, event_id=event_id, type=event_type, at=at,
                     subject=dict(subject))


class ProgramEventItem(RegistryItem, discriminator="program_event"):
    """pk=PROGRAM#{program} sk=EVENT#{event id}: a copy of an event its program's partners may see, written with
    the event. A partner with one program reads a page of these instead of the state's events and the program's
    staff list (the 500-staff program's page was 63 ms that way: docs/cost.md)."""

    event_id = UnicodeAttribute()
    type = UnicodeAttribute()
    at = UnicodeAttribute()
    subject = JSONAttribute()


def program_event_item(program_id: str, event: EventItem) -> ProgramEventItem:
    return ProgramEventItem(pk=f"PROGRAM#{program_id}", sk=f"EVENT#{event.event_id}", event_id=event.event_id,
                            type=event.type, at=event.at, subject=event.subject)


def program_events(program_id: str, after: str, limit: int) -> list[ProgramEventItem]:
    """A program's events with ids above `after` (an event id, or an id's time prefix), oldest first."""
    items = ProgramEventItem.query(f"PROGRAM#{program_id}", ProgramEventItem.sk.between(f"EVENT#{after}", "EVENT#~"),
                                   limit=limit + 1, page_size=limit + 1)
    return [i for i in items if isinstance(i, ProgramEventItem) and i.event_id != after][:limit]


def records_of(user_id: str) -> list[RecordItem]:
    return [r for r in RecordItem.query(f"PERSON#{user_id}", RecordItem.sk.startswith("RECORD#"))]


def get_record(user_id: str, record_id: str) -> RecordItem | None:
    """One record of a person by its id (the kind in the key is not known to the caller)."""
    return next((r for r in records_of(user_id) if r.record_id == record_id), None)


def new_record(user_id: str, kind: str, data: JsonObject, *, record_id: str, source_document_id: str,
               verified_by: str, verified_at: str) -> RecordItem:
    return indexed(RecordItem(pk=f"PERSON#{user_id}", sk=f"RECORD#{kind}#{record_id}", record_id=record_id,
                              user_id=user_id, kind=kind, data=data, source_document_id=source_document_id,
                              verified_by=verified_by, verified_at=verified_at))


class RecordsSnapshotItem(RegistryItem, discriminator="records_snapshot"):
    """pk=PERSON#{user} sk=RECORDS: every verified record of one person in one item.

    Written in the same transaction as the records themselves, so a program report reads
    a whole roster with BatchGets instead of one Query per person.
    """

    user_id = UnicodeAttribute(null=True)
    records = JSONAttribute(null=True)
    # Documents of this person that are in the pipeline or waiting for staff: shown on program reports
    # as "awaiting verification" so unverified items are visible, never counted.
    pending_documents = NumberAttribute(null=True)
    # When staff last amended or retracted one of these records: a report issued before it says a newer
    # version exists when its copy is checked.
    corrected_at = UnicodeAttribute(null=True)
    version = VersionAttribute()

    @staticmethod
    def key(user_id: str) -> tuple[str, str]:
        return f"PERSON#{user_id}", "RECORDS"


def adjust_pending(user_id: str, delta: int) -> None:
    """Atomic counter update, without the version check: it never conflicts with a records write."""
    item = RecordsSnapshotItem(*RecordsSnapshotItem.key(user_id))
    # Also names the item's type: the update may be what creates it, and a read needs the discriminator.
    item.update(actions=[RecordsSnapshotItem.pending_documents.add(delta),
                         RecordsSnapshotItem.user_id.set(user_id),
                         RecordsSnapshotItem.entity.set(RecordsSnapshotItem)], add_version_condition=False)


def snapshot_of(user_id: str) -> RecordsSnapshotItem:
    try:
        item = RecordsSnapshotItem.get(*RecordsSnapshotItem.key(user_id), consistent_read=True)
    except DoesNotExist:
        return RecordsSnapshotItem(*RecordsSnapshotItem.key(user_id), user_id=user_id, records=[])
    if item.records is None:
        item.records = []
    return item


def stored_snapshot(user_id: str) -> RecordsSnapshotItem | None:
    try:
        return RecordsSnapshotItem.get(*RecordsSnapshotItem.key(user_id), consistent_read=True)
    except DoesNotExist:
        return None


def records_update(snapshot: RecordsSnapshotItem) -> list[Any]:
    """The update that writes a snapshot's records (and when they were last corrected) alone: the pending counter
    beside them has its own updates. It names the item's type too, since it may be what creates the item."""
    actions = [RecordsSnapshotItem.records.set(snapshot.records), RecordsSnapshotItem.user_id.set(snapshot.user_id),
               RecordsSnapshotItem.entity.set(RecordsSnapshotItem)]
    if snapshot.corrected_at is not None:
        actions.append(RecordsSnapshotItem.corrected_at.set(snapshot.corrected_at))
    return actions


class RecordsTable:
    """People's records behind the unit of work."""

    def get(self, user_id: str, record_id: str) -> RecordItem | None:
        return get_record(user_id, record_id)

    def of_person(self, user_id: str) -> list[RecordItem]:
        return records_of(user_id)

    def snapshot_of(self, user_id: str) -> RecordsSnapshotItem:
        return snapshot_of(user_id)

    def expiring_on(self, day: str) -> list[RecordItem]:
        return expiring_on(day)


def snapshot_details(user_ids: list[str]) -> dict[str, tuple[list[JsonObject], int]]:
    """Each person's (verified records, documents awaiting verification), 100 people per BatchGet."""
    keys = [RecordsSnapshotItem.key(u) for u in dict.fromkeys(user_ids)]
    found = {s.user_id: (s.records or [], max(0, int(s.pending_documents or 0)))
             for s in RegistryItem.batch_get(keys) if isinstance(s, RecordsSnapshotItem)}
    return {u: found.get(u, ([], 0)) for u in user_ids}


def corrected_since(user_ids: list[str], issued_at: str) -> list[str]:
    """Of these people, those with a record amended or retracted after `issued_at`."""
    keys = [RecordsSnapshotItem.key(u) for u in dict.fromkeys(user_ids)]
    return [s.user_id for s in RegistryItem.batch_get(keys, attributes_to_get=["pk", "sk", "entity", "user_id",
                                                                                 "corrected_at"])
            if isinstance(s, RecordsSnapshotItem) and s.corrected_at and s.corrected_at > issued_at]


def snapshots_of(user_ids: list[str]) -> dict[str, list[JsonObject]]:
    return {u: records for u, (records, _) in snapshot_details(user_ids).items()}


def events_in_month_after(month: str, after: str | None, limit: int) -> Iterator[EventItem]:
    """Up to `limit` events of a month (yyyy-mm) with ids above `after`, oldest first."""
    condition = EventItem.sk > after if after else None
    return (i for i in EventItem.query(f"EVENTS#{month}", condition, limit=limit, page_size=min(limit, 500))
            if isinstance(i, EventItem))


def events_of_month(month: str) -> Iterator[EventItem]:
    """Every event of a month (yyyy-mm), oldest first."""
    return (i for i in EventItem.query(f"EVENTS#{month}") if isinstance(i, EventItem))


def keep_program_events(items: Iterable[ProgramEventItem]) -> int:
    """Write programs' copies of events in batches (a copy is the same whoever writes it: no condition)."""
    written = 0
    with ProgramEventItem.batch_write() as batch:
        for item in items:
            batch.save(item)
            written += 1
    return written


# Kinds whose records expire, and are found by the day they do (for reminders).
EXPIRING_KINDS = ("permit", "cda")


def indexed(record: RecordItem) -> RecordItem:
    """A record on the list of those expiring on its day (gsi2 EXPIRES#{yyyy-mm-dd}), if its kind expires; off
    it otherwise (a correction that took the date away). Call again after changing the record's data."""
    expires_on = str((record.data or {}).get("expires_on") or "")[:10]
    if record.kind in EXPIRING_KINDS and len(expires_on) == 10:
        record.gsi2pk, record.gsi2sk = f"EXPIRES#{expires_on}", f"{record.user_id}#{record.record_id}"
    else:
        record.gsi2pk = record.gsi2sk = None
    return record


def expiring_on(day: str) -> list[RecordItem]:
    """Permits and CDA credentials that expire on `day` (yyyy-mm-dd)."""
    return [i for i in RegistryItem.gsi2.query(f"EXPIRES#{day}") if isinstance(i, RecordItem)]


class ReminderSentItem(RegistryItem, discriminator="reminder_sent"):
    """pk=PERSON#{user} sk=REMINDER#{what}: a reminder the registry sent, written with the email it owes, under
    the condition that it is not there yet: each reminder goes once. gsi3: RETENTION#reminder_sent / {at}#...
    (removed once no run could owe that reminder again: services/records/retention.py)."""

    at = UnicodeAttribute()


def reminder_sent(user_id: str, what: str, at: str) -> ReminderSentItem:
    return ReminderSentItem(f"PERSON#{user_id}", f"REMINDER#{what}", at=at, gsi3pk="RETENTION#reminder_sent",
                            gsi3sk=f"{at}#{user_id}#{what}")


def reminders_sent_to(user_id: str) -> list[ReminderSentItem]:
    return [i for i in ReminderSentItem.query(f"PERSON#{user_id}", ReminderSentItem.sk.startswith("REMINDER#"))
            if isinstance(i, ReminderSentItem)]


def on_marker_retention(marker: ReminderSentItem) -> bool:
    """Put a marker written before the retention list on it. True if it changed."""
    if marker.gsi3pk is not None:
        return False
    user_id, what = str(marker.pk).removeprefix("PERSON#"), str(marker.sk).removeprefix("REMINDER#")
    marker.gsi3pk, marker.gsi3sk = "RETENTION#reminder_sent", f"{marker.at}#{user_id}#{what}"
    return True


class DayRunItem(RegistryItem, discriminator="day_run"):
    """pk=DAILY#{job} sk={yyyy-mm-dd}: a daily job ran to its end that day."""

    at = UnicodeAttribute()


def day_run(job: str, day: str, at: str) -> DayRunItem:
    return DayRunItem(f"DAILY#{job}", day, at=at)


def day_run_done(job: str, day: str) -> bool:
    try:
        return isinstance(DayRunItem.get(f"DAILY#{job}", day), DayRunItem)
    except DoesNotExist:
        return False


def day_runs_before(job: str, day: str, limit: int) -> list[DayRunItem]:
    """A daily job's day markers older than `day` (yyyy-mm-dd), oldest first: a Query on the job's partition."""
    return [i for i in DayRunItem.query(f"DAILY#{job}", DayRunItem.sk < day, limit=limit) if isinstance(i, DayRunItem)]
