"""In-memory stand-ins for the table, the queues and the uploads bucket, behind the services' own seams.

The fake unit of work keeps items as the table would (serialized, so a read returns a fresh copy and two
readers of one document conflict as they would on DynamoDB's version condition) and records what each queue
accepted, so a unit test asserts exactly which messages went where.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, TypeVar

from chalicelib.security.fields import DataKey
from chalicelib.services.unit_of_work import Guard, OutboxEntry, Refused, Staged, UnitOfWork
from chalicelib.store.base import RegistryItem
from chalicelib.store.credential_status import (
    LIST_SIZE,
    IssuedCredentialItem,
    StatusListItem,
    status_list_item,
    status_list_key,
)
from chalicelib.store.disputes import DisputeItem
from chalicelib.store.documents import AuditEntryItem, DocumentItem
from chalicelib.store.help_desk import OPEN, HelpQuotaItem, HelpRequestItem
from chalicelib.store.people import AccountItem, DirectorItem, EmploymentItem, PartnerClientItem, ProgramItem
from chalicelib.store.profiles import ProfileAuditItem, ProfileItem
from chalicelib.store.records import DayRunItem, RecordItem, RecordsSnapshotItem
from chalicelib.store.training import (
    CatalogTrainingItem,
    EnrollmentItem,
    InstructorItem,
    SavedTrainingItem,
    SponsorItem,
    SponsorMemberItem,
    TrainingEventItem,
)
from chalicelib.store.webhooks import DeliveryItem, EndpointItem

T = TypeVar("T")


class InMemoryTable:
    """Items as the table keeps them: serialized by (pk, sk), so a read returns a fresh copy, and a versioned item
    written only over the version it was read at (DynamoDB's version condition)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}

    def load(self, key: tuple[str, str]) -> Any:
        row = self.rows.get(key)
        return None if row is None else RegistryItem.from_raw_data(row)

    def get(self, key: tuple[str, str], kind: type[T]) -> T | None:
        """The stored item at `key` if it is a `kind` (what a model's get would find)."""
        item = self.load(key)
        return item if isinstance(item, kind) else None

    def every(self, kind: type[T]) -> list[T]:
        return [i for i in (RegistryItem.from_raw_data(r) for r in self.rows.values()) if isinstance(i, kind)]

    def version_of(self, key: tuple[str, str]) -> int | None:
        row = self.rows.get(key)
        return None if row is None or "version" not in row else int(row["version"]["N"])


def _key(item: Any) -> tuple[str, str]:
    return str(item.pk), str(item.sk)


def _versioned(item: Any) -> bool:
    return getattr(type(item), "_version_attribute_name", None) is not None


def _holds(guard: Guard, stored: Any) -> bool:
    value = None if stored is None else getattr(stored, guard.attribute, None)
    if guard.absent:
        return value is None
    if guard.below is not None:
        return value is not None and value < guard.below
    return value != guard.is_not


class InMemoryDocuments:
    def __init__(self, table: InMemoryTable) -> None:
        self.table = table

    def get(self, document_id: str) -> DocumentItem | None:
        return self.table.get(DocumentItem.key(document_id), DocumentItem)

    def create(self, document_id: str, **fields: Any) -> DocumentItem:
        return DocumentItem(*DocumentItem.key(document_id), document_id=document_id, **fields)

    def of_owner(self, owner_id: str) -> Iterator[DocumentItem]:
        items = self.table.every(DocumentItem)
        yield from sorted((i for i in items if i.owner_id == owner_id), key=lambda i: i.created_at, reverse=True)

    def processing_since_before(self, cutoff: str, *, limit: int = 100) -> list[DocumentItem]:
        stuck = [i for i in self.table.every(DocumentItem) if i.status == "processing" and i.updated_at < cutoff]
        return sorted(stuck, key=lambda i: i.updated_at)[:limit]

    def needing_attention_since(self, day: str) -> list[DocumentItem]:
        return [i for i in self.table.every(DocumentItem)
                if i.gsi2pk == "QUEUE#needs_attention" and str(i.gsi2sk).startswith(day)]


class InMemoryRecords:
    def __init__(self, table: InMemoryTable) -> None:
        self.table = table

    def get(self, user_id: str, record_id: str) -> RecordItem | None:
        return next((r for r in self.table.every(RecordItem) if r.user_id == user_id and r.record_id == record_id),
                    None)

    def expiring_on(self, day: str) -> list[RecordItem]:
        return [r for r in self.table.every(RecordItem) if r.gsi2pk == f"EXPIRES#{day}"]

    def of_person(self, user_id: str) -> list[RecordItem]:
        return sorted((r for r in self.table.every(RecordItem) if r.user_id == user_id), key=lambda r: r.sk)

    def snapshot_of(self, user_id: str) -> RecordsSnapshotItem:
        item = self.table.get(RecordsSnapshotItem.key(user_id), RecordsSnapshotItem)
        if item is None:
            return RecordsSnapshotItem(*RecordsSnapshotItem.key(user_id), user_id=user_id, records=[])
        item.records = item.records or []
        return item


class InMemoryDisputes:
    def __init__(self, table: InMemoryTable) -> None:
        self.table = table

    def get(self, dispute_id: str) -> DisputeItem | None:
        return self.table.get(DisputeItem.key(dispute_id), DisputeItem)

    def of_owner(self, owner_id: str) -> list[DisputeItem]:
        return sorted((d for d in self.table.every(DisputeItem) if d.owner_id == owner_id),
                      key=lambda d: d.created_at, reverse=True)


class InMemoryTraining:
    def __init__(self, table: InMemoryTable) -> None:
        self.table = table

    def event(self, event_id: str) -> TrainingEventItem | None:
        return self.table.get(TrainingEventItem.key(event_id), TrainingEventItem)

    def enrollment(self, event_id: str, user_id: str) -> EnrollmentItem | None:
        return self.table.get(EnrollmentItem.key(event_id, user_id), EnrollmentItem)

    def enrollments_of_event(self, event_id: str) -> list[EnrollmentItem]:
        return [e for e in self.table.every(EnrollmentItem) if e.event_id == event_id]

    def enrollments_on(self, day: str) -> list[EnrollmentItem]:
        return [e for e in self.table.every(EnrollmentItem) if e.gsi2pk == f"TRAINING_DAY#{day}"]

    def sponsor(self, sponsor_id: str) -> SponsorItem | None:
        return self.table.get(SponsorItem.key(sponsor_id), SponsorItem)

    def training(self, sponsor_id: str, training_id: str) -> CatalogTrainingItem | None:
        return self.table.get((f"SPONSOR#{sponsor_id}", f"TRAINING#{training_id}"), CatalogTrainingItem)

    def instructor(self, sponsor_id: str, user_id: str) -> InstructorItem | None:
        return self.table.get((f"SPONSOR#{sponsor_id}", f"INSTRUCTOR#{user_id}"), InstructorItem)

    def member(self, sponsor_id: str, user_id: str) -> SponsorMemberItem | None:
        return self.table.get((f"SPONSOR#{sponsor_id}", f"MEMBER#{user_id}"), SponsorMemberItem)

    def members(self, sponsor_id: str) -> list[SponsorMemberItem]:
        return [m for m in self.table.every(SponsorMemberItem) if m.sponsor_id == sponsor_id]

    def saved_by(self, user_id: str, since: str, limit: int) -> list[SavedTrainingItem]:
        mine = [i for i in self.table.every(SavedTrainingItem)
                if i.user_id == user_id and str(i.gsi1sk) >= f"SAVED#{since}"]
        return sorted(mine, key=lambda i: str(i.gsi1sk))[:limit]

    def saved_one(self, event_id: str, user_id: str) -> SavedTrainingItem | None:
        return self.table.get(SavedTrainingItem.key(event_id, user_id), SavedTrainingItem)


class InMemoryEmployment:
    def __init__(self, table: InMemoryTable) -> None:
        self.table = table
        self.directors: dict[str, list[str]] = {}  # user: the programs staff approved them to direct

    def program(self, program_id: str) -> ProgramItem | None:
        return self.table.get(ProgramItem.key(program_id), ProgramItem)

    def positions_of(self, user_id: str) -> list[EmploymentItem]:
        return [e for e in self.table.every(EmploymentItem) if e.user_id == user_id]

    def position(self, user_id: str, employment_id: str) -> EmploymentItem | None:
        return next((e for e in self.positions_of(user_id) if e.employment_id == employment_id), None)

    def at_program(self, program_id: str) -> list[EmploymentItem]:
        return [e for e in self.table.every(EmploymentItem) if e.program_id == program_id]

    def programs_directed_by(self, user_id: str) -> list[str]:
        approved = [d.program_id for d in self.table.every(DirectorItem)
                    if d.user_id == user_id and d.status == "approved"]
        return [*self.directors.get(user_id, []), *approved]

    def programs(self) -> list[ProgramItem]:
        return sorted(self.table.every(ProgramItem), key=lambda p: (str(p.name).lower(), p.program_id))

    def programs_named(self, prefix: str, limit: int) -> list[ProgramItem]:
        return [p for p in self.programs() if str(p.name).lower().startswith(prefix.lower())][:limit]

    def director(self, program_id: str, user_id: str) -> DirectorItem | None:
        return self.table.get(DirectorItem.key(program_id, user_id), DirectorItem)

    def waiting_director_requests(self, limit: int) -> list[DirectorItem]:
        waiting = [d for d in self.table.every(DirectorItem) if d.gsi2pk]
        return sorted(waiting, key=lambda d: str(d.gsi2sk))[:limit]


class InMemoryRetention:
    """The retention lists as gsi3 holds them, and a closed person's items by their keys."""

    def __init__(self, table: InMemoryTable) -> None:
        self.table = table

    def _all(self) -> list[Any]:
        return [RegistryItem.from_raw_data(r) for r in self.table.rows.values()]

    def started_before(self, retention_list: str, cutoff: str, limit: int) -> list[Any]:
        due = [i for i in self._all() if i.gsi3pk == f"RETENTION#{retention_list}" and str(i.gsi3sk) < cutoff]
        return sorted(due, key=lambda i: str(i.gsi3sk))[:limit]

    def kept_about(self, user_id: str) -> list[Any]:
        documents = [d.document_id for d in self.table.every(DocumentItem) if d.owner_id == user_id]
        return [i for i in self._all()
                if (i.pk == f"PERSON#{user_id}" and isinstance(i, (RecordItem, RecordsSnapshotItem,
                                                                    ProfileAuditItem)))
                or (isinstance(i, (DocumentItem, AuditEntryItem)) and str(i.pk)[4:] in documents)
                or (isinstance(i, DisputeItem) and i.owner_id == user_id)]

    def audit_trail(self, document_id: str) -> list[AuditEntryItem]:
        return [a for a in self.table.every(AuditEntryItem) if a.pk == f"DOC#{document_id}"]

    def day_runs_before(self, job: str, day: str, limit: int) -> list[DayRunItem]:
        runs = [r for r in self.table.every(DayRunItem) if r.pk == f"DAILY#{job}" and str(r.sk) < day]
        return sorted(runs, key=lambda r: str(r.sk))[:limit]


class InMemoryPeople:
    def __init__(self, table: InMemoryTable | None = None) -> None:
        self.table = table  # partner clients are items written through the unit of work
        self.profiles: dict[str, ProfileItem] = {}
        self.accounts: dict[str, AccountItem] = {}
        self.keys: dict[str, DataKey] = {}
        self.scopes: dict[str, set[str]] = {}  # partner user: what it may see

    def profile(self, user_id: str) -> ProfileItem | None:
        # A profile written through the unit of work (a reminder turned off, a closed profile's retention) is
        # read back as stored; the others as added.
        stored = self.table.get(ProfileItem.key(user_id), ProfileItem) if self.table else None
        return stored or self.profiles.get(user_id)

    def account(self, user_id: str) -> AccountItem | None:
        return self.accounts.get(user_id)

    def partner_scopes(self, partner_user_id: str) -> set[str]:
        return self.scopes.get(partner_user_id, set())

    def partner_client(self, client_id: str) -> PartnerClientItem | None:
        return self.table.get(PartnerClientItem.key(client_id), PartnerClientItem) if self.table else None

    def partner_clients(self, limit: int) -> list[PartnerClientItem]:
        clients = self.table.every(PartnerClientItem) if self.table else []
        return sorted(clients, key=lambda c: str(c.name).lower())[:limit]

    def rotations(self) -> list[PartnerClientItem]:
        clients = self.table.every(PartnerClientItem) if self.table else []
        return sorted((c for c in clients if c.gsi1pk == "PARTNER_ROTATIONS"), key=lambda c: str(c.gsi1sk))

    def data_key(self, profile_id: str) -> DataKey | None:
        return self.keys.get(profile_id)

    def add(self, profile: ProfileItem) -> None:
        """A profile with its data key, as profile creation leaves it."""
        self.profiles[str(profile.user_id)] = profile
        self.keys[str(profile.registry_id)] = DataKey(plaintext=os.urandom(32), encrypted="in-memory")


class InMemoryWebhooks:
    def __init__(self, table: InMemoryTable) -> None:
        self.table = table

    def endpoint(self, endpoint_id: str) -> EndpointItem | None:
        return self.table.get(EndpointItem.key(endpoint_id), EndpointItem)

    def endpoints_of(self, partner_user_id: str) -> list[EndpointItem]:
        return [e for e in self.table.every(EndpointItem) if e.partner_user_id == partner_user_id]

    def subscribed(self) -> list[EndpointItem]:
        return [e for e in self.table.every(EndpointItem) if e.enabled == "true"]

    def delivery(self, delivery_id: str) -> DeliveryItem | None:
        return self.table.get(DeliveryItem.key(delivery_id), DeliveryItem)

    def deliveries_of(self, endpoint_id: str, limit: int) -> list[DeliveryItem]:
        mine = [d for d in self.table.every(DeliveryItem) if d.endpoint_id == endpoint_id]
        return sorted(mine, key=lambda d: str(d.gsi1sk), reverse=True)[:limit]

    def retries_due(self, before: str, limit: int) -> list[DeliveryItem]:
        due = [d for d in self.table.every(DeliveryItem)
               if d.gsi2pk == "WEBHOOK_RETRY" and str(d.gsi2sk) <= before + "#~"]
        return sorted(due, key=lambda d: str(d.gsi2sk))[:limit]


class InMemoryCredentialStatus:
    def __init__(self, table: InMemoryTable) -> None:
        self.table = table
        self.next_index = 0

    def allocate_index(self) -> int:
        index, self.next_index = self.next_index, self.next_index + 1
        if index % LIST_SIZE == 0:
            self.table.rows[status_list_key(index // LIST_SIZE)] = status_list_item(index // LIST_SIZE).serialize()
        return index

    def issued_to(self, user_id: str) -> list[IssuedCredentialItem]:
        return [i for i in self.table.every(IssuedCredentialItem) if i.user_id == user_id]

    def status_list(self, list_number: int) -> StatusListItem | None:
        return self.table.get(status_list_key(list_number), StatusListItem)


class InMemoryHelpDesk:
    def __init__(self, table: InMemoryTable) -> None:
        self.table = table
        self.keys: dict[str, DataKey] = {}

    def get(self, request_id: str) -> HelpRequestItem | None:
        return self.table.get(HelpRequestItem.key(request_id), HelpRequestItem)

    def waiting(self, status: str, limit: int) -> list[HelpRequestItem]:
        found = [i for i in self.table.every(HelpRequestItem) if i.status == status]
        return sorted(found, key=lambda i: str(i.gsi2sk), reverse=status != OPEN)[:limit]

    def of_sender(self, user_id: str) -> list[HelpRequestItem]:
        return [i for i in self.table.every(HelpRequestItem) if i.user_id == user_id]

    def sent_from(self, address_sha256: str, day: str, expires_at: int) -> HelpQuotaItem:
        key = (f"HELPQUOTA#{address_sha256}", f"DAY#{day}")
        return self.table.get(key, HelpQuotaItem) or HelpQuotaItem(*key, used=0, expires_at=expires_at)

    def new_key(self, request_id: str) -> DataKey:
        self.keys[request_id] = DataKey(plaintext=os.urandom(32), encrypted="in-memory")
        return self.keys[request_id]

    def key(self, request_id: str) -> DataKey | None:
        return self.keys.get(request_id)

    def destroy_key(self, request_id: str) -> None:
        self.keys.pop(request_id, None)


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.table = InMemoryTable()
        self.documents: InMemoryDocuments = InMemoryDocuments(self.table)
        self.records: InMemoryRecords = InMemoryRecords(self.table)
        self.disputes: InMemoryDisputes = InMemoryDisputes(self.table)
        self.training: InMemoryTraining = InMemoryTraining(self.table)
        self.employment: InMemoryEmployment = InMemoryEmployment(self.table)
        self.people: InMemoryPeople = InMemoryPeople(self.table)
        self.webhooks: InMemoryWebhooks = InMemoryWebhooks(self.table)
        self.credentials: InMemoryCredentialStatus = InMemoryCredentialStatus(self.table)
        self.retention: InMemoryRetention = InMemoryRetention(self.table)
        self.help_desk: InMemoryHelpDesk = InMemoryHelpDesk(self.table)
        self.audit_entries: list[AuditEntryItem] = []
        self.others: list[Any] = []  # every item written that is not a document or an audit entry
        self.removed: list[Any] = []
        self.outbox: dict[str, OutboxEntry] = {}
        self.sent: dict[str, list[dict[str, Any]]] = {}  # what each queue accepted, in order
        self.pending: dict[str, int] = {}
        self.commits = 0
        self.queue_down = False

    def _write(self, staged: Staged, entries: list[OutboxEntry]) -> None:
        # All or nothing: every version condition and guard is checked before anything is written.
        for item in [*staged.saves, *staged.removals, *staged.records]:
            if _versioned(item) and item.version != self.table.version_of(_key(item)):
                raise Refused("Someone else changed this document at the same moment. Reload it and try again.")
        guarded = [(i, staged.guards[id(i)]) for i in staged.saves if id(i) in staged.guards]
        guarded += [(c.item, c.guard) for c in staged.counts if c.guard is not None]
        for item, guard in guarded:
            if not _holds(guard, self.table.load(_key(item))):
                raise Refused("Someone else changed this document at the same moment. Reload it and try again.")
        for item in staged.saves:
            if _versioned(item):
                item.version = (item.version or 0) + 1
            self.table.rows[_key(item)] = item.serialize()
            if isinstance(item, AuditEntryItem):
                self.audit_entries.append(item)
            elif not isinstance(item, DocumentItem):
                self.others.append(item)
        for item in staged.removals:
            self.table.rows.pop(_key(item), None)
            self.removed.append(item)
        for count in staged.counts:
            stored = self.table.load(_key(count.item))
            current = getattr(stored, count.attribute)
            setattr(stored, count.attribute, (current or set()) | count.by if isinstance(count.by, frozenset)
                    else (current or 0) + count.by)
            self.table.rows[_key(count.item)] = stored.serialize()
        for setting in staged.settings:
            stored = self.table.load(_key(setting.item))
            setattr(stored, setting.attribute, setting.value)
            self.table.rows[_key(setting.item)] = stored.serialize()
        for snapshot in staged.records:
            # The records alone: the pending counter beside them is the commit's own update.
            kept = self.table.load(_key(snapshot)) or snapshot
            kept.records, kept.user_id, kept.corrected_at = snapshot.records, snapshot.user_id, snapshot.corrected_at
            kept.version = snapshot.version = (snapshot.version or 0) + 1
            self.table.rows[_key(snapshot)] = kept.serialize()
        self.outbox.update((e.message_id, e) for e in entries)
        self.commits += 1

    def _apply_pending(self, owner_id: str, delta: int) -> None:
        self.pending[owner_id] = self.pending.get(owner_id, 0) + delta

    def _publish(self, entry: OutboxEntry) -> None:
        if self.queue_down:
            raise ConnectionError("the queue is unreachable")
        self.sent.setdefault(entry.destination, []).append(entry.body)

    def _forget(self, entry: OutboxEntry) -> None:
        del self.outbox[entry.message_id]

    def left_before(self, cutoff: str) -> list[OutboxEntry]:
        return sorted((e for e in self.outbox.values() if e.created_at < cutoff), key=lambda e: e.created_at)

    def actions(self, subject_id: str) -> list[str]:
        return [a.action for a in self.audit_entries if a.subject_id == subject_id]

class InMemoryUploads:
    """The uploads bucket: versions per key, and the tags intake puts on a refused file."""

    def __init__(self) -> None:
        self.versions: dict[str, list[tuple[str, bytes]]] = {}
        self.tags: dict[str, dict[str, str]] = {}

    def presigned_post(self, key: str, *, content_type: str, max_bytes: int, expires_in: int) -> dict[str, Any]:
        return {"url": "memory://uploads", "fields": {"key": key, "Content-Type": content_type}}

    def put(self, key: str, data: bytes) -> str:
        versions = self.versions.setdefault(key, [])
        version = f"v{len(versions) + 1}"
        versions.append((version, data))
        return version

    def get_version(self, key: str, *, max_bytes: int | None = None,
                    version_id: str | None = None) -> tuple[bytes, str | None]:
        versions = self.versions[key]
        version, data = next((v for v in versions if v[0] == version_id), versions[-1]) if version_id \
            else versions[-1]
        return (data[:max_bytes] if max_bytes else data), version

    def version_with_etag(self, key: str, etag: str) -> str | None:
        return None

    def tag(self, key: str, tags: dict[str, str]) -> None:
        self.tags.setdefault(key, {}).update(tags)
