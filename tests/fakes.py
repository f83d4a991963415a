"""In-memory stand-ins for the table, the queues and the uploads bucket, behind the services' own seams.

The fake unit of work keeps items as the table would (serialized, so a read returns a fresh copy and two
readers of one document conflict as they would on DynamoDB's version condition) and records what each queue
accepted, so a unit test asserts exactly which messages went where.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chalicelib.errors import Conflict
from chalicelib.services.unit_of_work import OutboxEntry, UnitOfWork
from chalicelib.store.base import RegistryItem
from chalicelib.store.documents import AuditEntryItem, DocumentItem
from chalicelib.store.people import AccountItem
from chalicelib.store.profiles import ProfileItem
from chalicelib.store.records import RecordsSnapshotItem


class InMemoryDocuments:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def _load(self, row: dict[str, Any]) -> DocumentItem:
        item = RegistryItem.from_raw_data(row)
        assert isinstance(item, DocumentItem)
        return item

    def get(self, document_id: str) -> DocumentItem | None:
        row = self.rows.get(document_id)
        return None if row is None else self._load(row)

    def create(self, document_id: str, **fields: Any) -> DocumentItem:
        return DocumentItem(*DocumentItem.key(document_id), document_id=document_id, **fields)

    def of_owner(self, owner_id: str) -> Iterator[DocumentItem]:
        items = [self._load(r) for r in self.rows.values()]
        yield from sorted((i for i in items if i.owner_id == owner_id), key=lambda i: i.created_at, reverse=True)

    def processing_since_before(self, cutoff: str, *, limit: int = 100) -> list[DocumentItem]:
        items = [self._load(r) for r in self.rows.values()]
        stuck = [i for i in items if i.status == "processing" and i.updated_at < cutoff]
        return sorted(stuck, key=lambda i: i.updated_at)[:limit]


class InMemoryRecords:
    """Each person's records snapshot, serialized with its version as the table keeps it."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}

    def snapshot_of(self, user_id: str) -> RecordsSnapshotItem:
        row = self.rows.get(user_id)
        if row is None:
            return RecordsSnapshotItem(*RecordsSnapshotItem.key(user_id), user_id=user_id, records=[])
        item = RegistryItem.from_raw_data(row)
        assert isinstance(item, RecordsSnapshotItem)
        return item


class InMemoryPeople:
    def __init__(self) -> None:
        self.profiles: dict[str, ProfileItem] = {}
        self.accounts: dict[str, AccountItem] = {}

    def profile(self, user_id: str) -> ProfileItem | None:
        return self.profiles.get(user_id)

    def account(self, user_id: str) -> AccountItem | None:
        return self.accounts.get(user_id)


class InMemoryUnitOfWork(UnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.documents: InMemoryDocuments = InMemoryDocuments()
        self.records: InMemoryRecords = InMemoryRecords()
        self.people: InMemoryPeople = InMemoryPeople()
        self.audit_entries: list[AuditEntryItem] = []
        self.others: list[Any] = []
        self.outbox: dict[str, OutboxEntry] = {}
        self.sent: dict[str, list[dict[str, Any]]] = {}  # what each queue accepted, in order
        self.pending: dict[str, int] = {}
        self.commits = 0
        self.queue_down = False

    def _write(self, items: list[Any], snapshots: list[RecordsSnapshotItem], entries: list[OutboxEntry]) -> None:
        documents = [i for i in items if isinstance(i, DocumentItem)]
        for item in documents:
            stored = self.documents.rows.get(item.document_id)
            stored_version = None if stored is None else int(stored["version"]["N"])
            if item.version != stored_version:
                raise Conflict("Someone else changed this document at the same moment. Reload it and try again.")
        for snapshot in snapshots:
            kept = self.records.rows.get(str(snapshot.user_id))
            if snapshot.version != (None if kept is None else int(kept["version"]["N"])):
                raise Conflict("Someone else changed these records at the same moment. Reload and try again.")
        for item in documents:
            item.version = (item.version or 0) + 1
            self.documents.rows[item.document_id] = item.serialize()
        for snapshot in snapshots:
            snapshot.version = (snapshot.version or 0) + 1
            self.records.rows[str(snapshot.user_id)] = snapshot.serialize()
        self.audit_entries.extend(i for i in items if isinstance(i, AuditEntryItem))
        self.others.extend(i for i in items if not isinstance(i, DocumentItem | AuditEntryItem))
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

    def actions(self, document_id: str) -> list[str]:
        return [a.action for a in self.audit_entries if a.subject_id == document_id]


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
