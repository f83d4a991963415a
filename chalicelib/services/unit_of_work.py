"""The seam between use cases and storage: repositories, one commit, and the messages it owes.

A use case reads through the repositories (`uow.documents`, `uow.records`, `uow.people`), stages its changes
(`save`, `keep_records`, `audit`, `send`, `adjust_pending`) and calls `commit()`. The commit is a template method:
`_write` stores the staged items and an outbox entry per message in one transaction (or nothing, on a conflict);
only then does `_publish` hand each message to its queue and `_forget` its outbox entry. A queue that is down leaves
the entry behind, and `send_left_messages` (the minute sweeper) sends it later, so a state change and the message it
owes are one unit without a distributed transaction. Receivers see each message at least once: extraction works only
on a document still processing, and the notification handler is idempotent on the outbox id.

`TableUnitOfWork` is the DynamoDB and SQS one; tests use an in-memory one (tests/fakes.py), so these paths are unit-
tested without moto.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from ulid import ULID

from chalicelib import clock
from chalicelib.domain.json_values import JsonObject
from chalicelib.domain.messages import OutgoingMessage
from chalicelib.errors import Conflict
from chalicelib.observability import logger, metrics
from chalicelib.security.fields import DataKey
from chalicelib.security.identity import Caller
from chalicelib.store.credential_status import IssuedCredentialItem, StatusListItem
from chalicelib.store.disputes import DisputeItem
from chalicelib.store.documents import AuditEntryItem, DocumentItem
from chalicelib.store.help_desk import HelpDeskTable, HelpQuotaItem, HelpRequestItem
from chalicelib.store.people import AccountItem, DirectorItem, EmploymentItem, PartnerClientItem, ProgramItem
from chalicelib.store.profiles import ProfileItem
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
from chalicelib.store.webhooks import DeliveryItem, EndpointItem, WebhookTable


class DocumentRepository(Protocol):
    def get(self, document_id: str) -> DocumentItem | None: ...

    def create(self, document_id: str, **fields: Any) -> DocumentItem: ...

    def of_owner(self, owner_id: str) -> Iterator[DocumentItem]: ...

    def processing_since_before(self, cutoff: str, *, limit: int = 100) -> list[DocumentItem]: ...

    def needing_attention_since(self, day: str) -> list[DocumentItem]:
        """Documents that entered needs_attention on `day` (yyyy-mm-dd) and are still there."""


class RecordsRepository(Protocol):
    def get(self, user_id: str, record_id: str) -> RecordItem | None: ...

    def of_person(self, user_id: str) -> list[RecordItem]:
        """Every verified record of a person as it is now (corrected values; retracted ones gone)."""

    def snapshot_of(self, user_id: str) -> RecordsSnapshotItem:
        """The person's verified records as one item (an empty one, not yet stored, for a person with none)."""

    def expiring_on(self, day: str) -> list[RecordItem]:
        """Permits and CDA credentials that expire on `day` (yyyy-mm-dd)."""


class CredentialStatusRepository(Protocol):
    def allocate_index(self) -> int:
        """A status-list position no other credential has (taken at once, outside any commit)."""

    def issued_to(self, user_id: str) -> list[IssuedCredentialItem]: ...

    def status_list(self, list_number: int) -> StatusListItem | None: ...


class DisputeRepository(Protocol):
    def get(self, dispute_id: str) -> DisputeItem | None: ...

    def of_owner(self, owner_id: str) -> list[DisputeItem]:
        """Newest first."""


class TrainingRepository(Protocol):
    def event(self, event_id: str) -> TrainingEventItem | None: ...

    def enrollment(self, event_id: str, user_id: str) -> EnrollmentItem | None: ...

    def enrollments_of_event(self, event_id: str) -> list[EnrollmentItem]: ...

    def enrollments_on(self, day: str) -> list[EnrollmentItem]:
        """Every enrolment, whatever its status, in an event that starts on `day` (yyyy-mm-dd, UTC)."""

    def sponsor(self, sponsor_id: str) -> SponsorItem | None: ...

    def training(self, sponsor_id: str, training_id: str) -> CatalogTrainingItem | None: ...

    def instructor(self, sponsor_id: str, user_id: str) -> InstructorItem | None: ...

    def member(self, sponsor_id: str, user_id: str) -> SponsorMemberItem | None: ...

    def members(self, sponsor_id: str) -> list[SponsorMemberItem]: ...

    def saved_by(self, user_id: str, since: str, limit: int) -> list[SavedTrainingItem]: ...

    def saved_one(self, event_id: str, user_id: str) -> SavedTrainingItem | None: ...


class EmploymentRepository(Protocol):
    def program(self, program_id: str) -> ProgramItem | None: ...

    def positions_of(self, user_id: str) -> list[EmploymentItem]: ...

    def position(self, user_id: str, employment_id: str) -> EmploymentItem | None: ...

    def at_program(self, program_id: str) -> list[EmploymentItem]: ...

    def programs_directed_by(self, user_id: str) -> list[str]: ...

    def programs(self) -> list[ProgramItem]: ...

    def programs_named(self, prefix: str, limit: int) -> list[ProgramItem]: ...

    def director(self, program_id: str, user_id: str) -> DirectorItem | None: ...

    def waiting_director_requests(self, limit: int) -> list[DirectorItem]: ...


class WebhookRepository(Protocol):
    def endpoint(self, endpoint_id: str) -> EndpointItem | None: ...

    def endpoints_of(self, partner_user_id: str) -> list[EndpointItem]: ...

    def subscribed(self) -> list[EndpointItem]: ...

    def delivery(self, delivery_id: str) -> DeliveryItem | None: ...

    def deliveries_of(self, endpoint_id: str, limit: int) -> list[DeliveryItem]: ...

    def retries_due(self, before: str, limit: int) -> list[DeliveryItem]: ...


class RetentionRepository(Protocol):
    def started_before(self, retention_list: str, cutoff: str, limit: int) -> list[Any]:
        """Up to `limit` items on a retention list (closed_profile, unfinished_upload, refused_upload,
        reminder_sent) whose period started before `cutoff` (ISO time), oldest first."""

    def kept_about(self, user_id: str) -> list[Any]:
        """What the registry keeps about a closed profile for its retention period (not the profile itself)."""

    def audit_trail(self, document_id: str) -> list[AuditEntryItem]: ...

    def day_runs_before(self, job: str, day: str, limit: int) -> list[DayRunItem]:
        """A daily job's day markers older than `day` (yyyy-mm-dd)."""


class PeopleRepository(Protocol):
    def profile(self, user_id: str) -> ProfileItem | None: ...

    def account(self, user_id: str) -> AccountItem | None: ...

    def partner_scopes(self, partner_user_id: str) -> set[str]:
        """What a partner may see: `all`, `program:{id}`, `participant:{id}`."""

    def partner_client(self, client_id: str) -> PartnerClientItem | None: ...

    def partner_clients(self, limit: int) -> list[PartnerClientItem]: ...

    def rotations(self) -> list[PartnerClientItem]:
        """Partner clients in a secret rotation's overlap."""

    def data_key(self, profile_id: str) -> DataKey | None:
        """The profile's data key, opened, for its sealed fields (None once the profile was shredded)."""


class HelpDeskRepository(Protocol):
    def get(self, request_id: str) -> HelpRequestItem | None: ...

    def waiting(self, status: str, limit: int) -> list[HelpRequestItem]:
        """Open messages oldest first; answered ones newest answer first."""

    def of_sender(self, user_id: str) -> list[HelpRequestItem]:
        """What a signed-in person sent (for closing their profile)."""

    def sent_from(self, address_sha256: str, day: str, expires_at: int) -> HelpQuotaItem:
        """The day's count of messages from an address (a new one at zero, to be saved with the message)."""

    def new_key(self, request_id: str) -> DataKey:
        """A data key of the message's own, kept (encrypted) at once, outside any commit."""

    def key(self, request_id: str) -> DataKey | None:
        """The message's data key, opened (None once it was destroyed)."""

    def destroy_key(self, request_id: str) -> None:
        """Crypto-shred the message: its sealed words can never be opened again."""


@dataclass(frozen=True, slots=True)
class Guard:
    """A condition a staged write needs, said in the item's attribute names (store/ makes it DynamoDB's): a
    number below a bound, a value other than one, or an attribute not yet set."""

    attribute: str
    below: int | None = None
    is_not: str | None = None
    absent: bool = False


@dataclass(frozen=True, slots=True)
class Count:
    """An atomic change of a number on a stored item (a seat counter), guarded or not."""

    item: Any
    attribute: str
    by: int | frozenset[int]  # a number added, or numbers added to a number set (revoked status positions)
    guard: Guard | None = None


@dataclass(frozen=True, slots=True)
class Setting:
    """One attribute of a stored item set to a value, the rest of the item untouched (an event's instructors,
    beside a seat counter other requests change)."""

    item: Any
    attribute: str
    value: Any


class Refused(Conflict):
    """A condition of the commit said no: a guard, or a version someone else changed. Deciding again on fresh
    reads may give another answer; retrying the same commit will not. (A plain Conflict is a collision with
    another transaction at that moment, and the same commit may simply be tried again.)"""


@dataclass(frozen=True, slots=True)
class Staged:
    """What one commit writes: items saved (some guarded), items removed, counters changed, and people's records
    (a records-only update)."""

    saves: list[Any]
    removals: list[Any]
    records: list[RecordsSnapshotItem]
    counts: list[Count]
    guards: dict[int, Guard]  # id() of a saved item: the condition its save needs
    settings: list[Setting]


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    message_id: str
    destination: str
    body: JsonObject
    created_at: str


class UnitOfWork(ABC):
    documents: DocumentRepository
    records: RecordsRepository
    disputes: DisputeRepository
    training: TrainingRepository
    employment: EmploymentRepository
    people: PeopleRepository
    webhooks: WebhookRepository
    credentials: CredentialStatusRepository
    retention: RetentionRepository
    help_desk: HelpDeskRepository

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._items: list[Any] = []
        self._removals: list[Any] = []
        self._snapshots: list[RecordsSnapshotItem] = []
        self._counts: list[Count] = []
        self._settings: list[Setting] = []
        self._guards: dict[int, Guard] = {}
        self._messages: list[OutgoingMessage] = []
        self._pending: Counter[str] = Counter()

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, *exc: object) -> None:
        # Whatever was staged and not committed is dropped: leaving the block early changes nothing.
        self._reset()

    def save(self, item: Any, guard: Guard | None = None) -> None:
        """Stage a store item (a document, or another item the same change writes, such as a dispute), written
        only if `guard` holds for the stored item, when given."""
        if not any(staged is item for staged in self._items):
            self._items.append(item)
        if guard is not None:
            self._guards[id(item)] = guard

    def count(self, item: Any, attribute: str, by: int | frozenset[int], guard: Guard | None = None) -> None:
        """Stage an atomic change of a stored number (a seat taken or given back)."""
        self._counts.append(Count(item, attribute, by, guard))

    def set(self, item: Any, attribute: str, value: Any) -> None:
        """Stage one attribute of a stored item, written without the rest of the item."""
        self._settings.append(Setting(item, attribute, value))

    def remove(self, item: Any) -> None:
        """Stage a store item's removal (a retracted record), on the version it was read at where it has one."""
        self._removals.append(item)

    def keep_records(self, snapshot: RecordsSnapshotItem) -> None:
        """Stage a person's changed records: written only if no one changed them since they were read, and
        without touching the pending-documents counter beside them."""
        if not any(staged is snapshot for staged in self._snapshots):
            self._snapshots.append(snapshot)

    def audit(self, subject: DocumentItem | str, actor: Caller | None, action: str, *, reason: str | None = None,
              before: Any = None, after: Any = None) -> AuditEntryItem:
        """An audit entry in the trail of a document, or of another subject by its id (a training event's
        `event:{id}`)."""
        subject_id = subject if isinstance(subject, str) else subject.document_id
        entry = audit_entry(subject_id, actor, action, reason=reason, before=before, after=after)
        self._items.append(entry)
        return entry

    def send(self, message: OutgoingMessage) -> None:
        self._messages.append(message)

    def adjust_pending(self, owner_id: str, delta: int) -> None:
        """The owner's count of documents in the pipeline (a counter, applied after the commit)."""
        if delta:
            self._pending[owner_id] += delta

    def commit(self) -> None:
        staged = Staged(self._items, self._removals, self._snapshots, self._counts, self._guards, self._settings)
        messages, pending = self._messages, self._pending
        self._reset()
        entries = outbox_entries(messages)
        self._write(staged, entries)
        for owner_id, delta in pending.items():
            if delta:
                self._apply_pending(owner_id, delta)
        for entry in entries:
            self.deliver(entry)

    def deliver(self, entry: OutboxEntry) -> bool:
        try:
            self._publish(entry)
        except Exception as exc:
            logger.warning("message left in the outbox for the sweeper",
                           extra={"destination": entry.destination, "error": type(exc).__name__})
            metrics.add_metric(name="MessagesLeftInOutbox", unit="Count", value=1)
            return False
        self._forget(entry)
        return True

    @abstractmethod
    def _write(self, staged: Staged, entries: list[OutboxEntry]) -> None:
        """All of it and the outbox entries in one transaction; raise Conflict if a versioned item changed."""

    @abstractmethod
    def _apply_pending(self, owner_id: str, delta: int) -> None: ...

    @abstractmethod
    def _publish(self, entry: OutboxEntry) -> None: ...

    @abstractmethod
    def _forget(self, entry: OutboxEntry) -> None: ...

    @abstractmethod
    def left_before(self, cutoff: str) -> list[OutboxEntry]:
        """Outbox entries written before `cutoff` (ISO time) and still not sent."""


def outbox_entries(messages: list[OutgoingMessage]) -> list[OutboxEntry]:
    at = clock.now_iso()
    entries = []
    for message in messages:
        message_id = str(ULID())
        entries.append(OutboxEntry(message_id, message.destination.value,
                                   {**message.body(), "outbox_id": message_id}, at))
    return entries


def audit_entry(document_id: str, actor: Caller | None, action: str, *, reason: str | None = None,
                before: Any = None, after: Any = None) -> AuditEntryItem:
    """Who did what to a document, now: staged by a unit of work, or saved by a caller's own transaction."""
    from chalicelib.store.documents import new_audit_entry

    role = "system" if actor is None else (sorted(r.value for r in actor.roles)[0] if actor.roles else "unknown")
    return new_audit_entry(document_id, entry_id=str(ULID()), at=clock.now_iso(),
                           actor_id=actor.user_id if actor else "system", actor_role=role, action=action,
                           reason=reason, before=before, after=after)


# A message still in the outbox a minute after its commit was not accepted by its queue at the time.
RESEND_AFTER = timedelta(minutes=1)


def send_left_messages(uow: UnitOfWork | None = None, now: datetime | None = None) -> int:
    """Run by the minute schedule: hand every message left in the outbox to its queue again."""
    uow = uow or TableUnitOfWork()
    cutoff = ((now or clock.now()) - RESEND_AFTER).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return sum(uow.deliver(entry) for entry in uow.left_before(cutoff))


class TableUnitOfWork(UnitOfWork):
    """DynamoDB for state and outbox, SQS for the messages."""

    def __init__(self) -> None:
        from chalicelib.store.credential_status import CredentialStatusTable
        from chalicelib.store.disputes import DisputeTable
        from chalicelib.store.documents import DocumentTable
        from chalicelib.store.outbox import OutboxTable
        from chalicelib.store.people import EmploymentTable
        from chalicelib.store.records import RecordsTable
        from chalicelib.store.retention import RetentionTable
        from chalicelib.store.training import TrainingTable

        super().__init__()
        self.documents = DocumentTable()
        self.records = RecordsTable()
        self.disputes = DisputeTable()
        self.training = TrainingTable()
        self.employment = EmploymentTable()
        self.people = _TablePeople()
        self.webhooks = WebhookTable()
        self.credentials = CredentialStatusTable()
        self.retention = RetentionTable()
        self.help_desk = _TableHelpDesk()
        self._outbox = OutboxTable()

    def _write(self, staged: Staged, entries: list[OutboxEntry]) -> None:
        from chalicelib.store.documents import write_together
        from chalicelib.store.errors import TransactionRefused, refused_by_condition

        rows = [*staged.saves,
                *(self._outbox.entry(e.message_id, e.destination, e.body, e.created_at) for e in entries)]
        if not rows and not staged.removals and not staged.records and not staged.counts and not staged.settings:
            return
        try:
            write_together(rows, removals=staged.removals, records=staged.records,
                           guards={id(i): _condition(i, g) for i in staged.saves if (g := staged.guards.get(id(i)))},
                           counts=[(c.item, c.attribute, c.by, _condition(c.item, c.guard) if c.guard else None)
                                   for c in staged.counts],
                           settings=[(c.item, c.attribute, c.value) for c in staged.settings])
        except TransactionRefused as exc:
            if refused_by_condition(exc):
                raise Refused("Someone else changed this document at the same moment. Reload it and try again.") \
                    from exc
            raise Conflict("Someone else changed this document at the same moment. Reload it and try again.") \
                from exc

    def _apply_pending(self, owner_id: str, delta: int) -> None:
        from chalicelib.store.records import adjust_pending

        adjust_pending(owner_id, delta)

    def _publish(self, entry: OutboxEntry) -> None:
        from chalicelib.aws.queues import Queue
        from chalicelib.config import get_settings

        settings = get_settings()
        url = {"extraction": settings.extraction_queue_url, "notifications": settings.notification_queue_url,
               "webhooks": settings.webhook_queue_url}[entry.destination]
        Queue(url).send(entry.body)

    def _forget(self, entry: OutboxEntry) -> None:
        self._outbox.forget(entry.message_id)

    def left_before(self, cutoff: str) -> list[OutboxEntry]:
        return [OutboxEntry(i.message_id, i.destination, dict(i.body), i.created_at)
                for i in self._outbox.left_before(cutoff)]


def _condition(item: Any, guard: Guard) -> Any:
    """The guard as a PynamoDB condition on the item's model."""
    attribute = getattr(type(item), guard.attribute)
    if guard.absent:
        return attribute.does_not_exist()
    if guard.below is not None:
        return attribute < guard.below
    return attribute != guard.is_not


class _TableHelpDesk(HelpDeskTable):
    """Help-desk messages from the table; each message's data key from profile-keys (`help:{id}`), opened with KMS."""

    def new_key(self, request_id: str) -> DataKey:
        from chalicelib.security.fields import new_data_key, store_data_key

        key = new_data_key(f"help:{request_id}")
        store_data_key(f"help:{request_id}", key)
        return key

    def key(self, request_id: str) -> DataKey | None:
        from chalicelib.security.fields import load_data_key

        return load_data_key(f"help:{request_id}")

    def destroy_key(self, request_id: str) -> None:
        from chalicelib.security.fields import destroy_data_key

        destroy_data_key(f"help:{request_id}")


class _TablePeople:
    """Profiles and accounts from the table; data keys opened with KMS."""

    def __init__(self) -> None:
        from chalicelib.store.profiles import PeopleTable

        self._table = PeopleTable()

    def profile(self, user_id: str) -> ProfileItem | None:
        return self._table.profile(user_id)

    def account(self, user_id: str) -> AccountItem | None:
        return self._table.account(user_id)

    def partner_scopes(self, partner_user_id: str) -> set[str]:
        from chalicelib.store.people import partner_scopes

        return partner_scopes(partner_user_id)

    def partner_client(self, client_id: str) -> PartnerClientItem | None:
        from chalicelib.store.people import partner_client

        return partner_client(client_id)

    def partner_clients(self, limit: int) -> list[PartnerClientItem]:
        from chalicelib.store.people import partner_clients

        return partner_clients(limit)

    def rotations(self) -> list[PartnerClientItem]:
        from chalicelib.store.people import rotations

        return rotations()

    def data_key(self, profile_id: str) -> DataKey | None:
        from chalicelib.security.fields import load_data_key

        return load_data_key(profile_id)
