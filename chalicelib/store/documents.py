"""Documents, their audit trail, and the queries staff and participants need."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.domain.documents import REVIEWABLE, DocStatus
from chalicelib.domain.json_values import JsonObject
from chalicelib.store.base import RegistryItem

# Documents that never became part of a record, by the retention list they wait on (docs/privacy-and-retention.md).
RETAINED_FOR = {DocStatus.AWAITING_UPLOAD: "unfinished_upload", DocStatus.REJECTED_FILE: "refused_upload"}


class DocumentItem(RegistryItem, discriminator="document"):
    """pk=DOC#{id} sk=DOC; gsi1: OWNER#{user} newest first; gsi2/gsi3: review queue by status (and type)."""

    document_id = UnicodeAttribute()
    owner_id = UnicodeAttribute()
    uploaded_by = UnicodeAttribute()
    doc_type_hint = UnicodeAttribute(null=True)
    doc_type = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    status_reason = UnicodeAttribute(null=True)
    status_reason_code = JSONAttribute(null=True)  # {code, params} when the reason is one the registry words
    file_name = UnicodeAttribute(null=True)
    claimed_content_type = UnicodeAttribute(null=True)
    claimed_size = NumberAttribute(null=True)
    upload_key = UnicodeAttribute()
    # The object version intake inspected: extraction, the review image and downloads read this one, so a later
    # write to the upload key (the link is valid for 15 minutes) is never the file staff verify.
    upload_version = UnicodeAttribute(null=True)
    content_sha256 = UnicodeAttribute(null=True)  # of the inspected bytes: the same file sent twice is recognised
    sniffed_type = UnicodeAttribute(null=True)
    page_count = NumberAttribute(null=True)
    page_keys = JSONAttribute(null=True)
    ocr_key = UnicodeAttribute(null=True)
    ocr_engine = UnicodeAttribute(null=True)
    extracted = JSONAttribute(null=True)
    # How many extracted fields are below review confidence, kept beside them so the review queue can list
    # documents without reading each one's extracted fields (a transcript's run to tens of KB).
    low_confidence = NumberAttribute(null=True)
    declared = JSONAttribute(null=True)
    disagreements = JSONAttribute(null=True)
    attention = JSONAttribute(null=True)  # [{problem, ...details}] found after extraction
    verified_fields = JSONAttribute(null=True)
    claimed_by = UnicodeAttribute(null=True)  # the reviewer working on it now, until claimed_until (ISO time)
    claimed_until = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    processing_ms = NumberAttribute(null=True)
    # Set when the document came in a signed record credential from another registry (no file; see
    # services/records/portable_record.py): who verified it there, when, and the credential it came in.
    imported_from = JSONAttribute(null=True)
    requeued = NumberAttribute(null=True)  # times the sweeper sent a processing document back to extraction
    created_at = UnicodeAttribute()
    submitted_at = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()
    version = VersionAttribute()

    @staticmethod
    def key(document_id: str) -> tuple[str, str]:
        return f"DOC#{document_id}", "DOC"

    def index_for_status(self) -> None:
        """Keep the queue indexes in step with the status (sparse: only reviewable docs are in them)."""
        self.gsi1pk = f"OWNER#{self.owner_id}"
        self.gsi1sk = f"{self.created_at}#{self.document_id}"
        status = DocStatus(self.status)
        if status in REVIEWABLE:
            since = self.submitted_at or self.created_at
            self.gsi2pk = f"QUEUE#{status.value}"
            self.gsi2sk = f"{since}#{self.document_id}"
            self.gsi3pk = f"QUEUE#{status.value}#{self.doc_type or 'unknown'}"
            self.gsi3sk = self.gsi2sk
        elif status == DocStatus.PROCESSING:
            # Sparse too: documents being read, oldest change first, so the sweeper finds any left behind.
            self.gsi2pk = f"QUEUE#{status.value}"
            self.gsi2sk = f"{self.updated_at}#{self.document_id}"
            self.gsi3pk = self.gsi3sk = None
        elif status == DocStatus.NEEDS_ATTENTION:
            # Waiting for its owner since it entered the status (a later save keeps that time): the reminders
            # find those waiting 3 and 10 days with a Query on the day.
            if self.gsi2pk != f"QUEUE#{status.value}":
                self.gsi2pk, self.gsi2sk = f"QUEUE#{status.value}", f"{self.updated_at}#{self.document_id}"
            self.gsi3pk = self.gsi3sk = None
        elif status in RETAINED_FOR:
            # An upload never sent, or a file intake refused: on the retention list from this moment
            # (services/records/retention.py removes it once its period has passed).
            self.gsi2pk = self.gsi2sk = None
            self.gsi3pk = f"RETENTION#{RETAINED_FOR[status]}"
            self.gsi3sk = f"{self.updated_at}#{self.document_id}"
        else:
            self.gsi2pk = self.gsi2sk = self.gsi3pk = self.gsi3sk = None


class AuditEntryItem(RegistryItem, discriminator="audit"):
    """pk=DOC#{id} sk=AUDIT#{at}#{entry}: who did what to a document, with fields before and after."""

    entry_id = UnicodeAttribute()
    subject_id = UnicodeAttribute()
    actor_id = UnicodeAttribute()
    actor_role = UnicodeAttribute()
    action = UnicodeAttribute()
    at = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    before = JSONAttribute(null=True)
    after = JSONAttribute(null=True)


def new_audit_entry(document_id: str, *, entry_id: str, at: str, actor_id: str, actor_role: str, action: str,
                    reason: str | None = None, before: Any = None, after: Any = None) -> AuditEntryItem:
    return AuditEntryItem(f"DOC#{document_id}", f"AUDIT#{at}#{entry_id}", entry_id=entry_id, subject_id=document_id,
                          actor_id=actor_id, actor_role=actor_role, action=action, at=at, reason=reason,
                          before=before, after=after)


def get_document(document_id: str) -> DocumentItem | None:
    pk, sk = DocumentItem.key(document_id)
    try:
        return DocumentItem.get(pk, sk, consistent_read=True)
    except DoesNotExist:
        return None


Position = dict[str, Any]  # where the next page starts (a DynamoDB key); services seal it before it leaves


def _page(query: Iterator[Any], limit: int) -> tuple[list[Any], Position | None]:
    items = []
    for item in query:
        items.append(item)
        if len(items) >= limit:
            break
    last = getattr(query, "last_evaluated_key", None)
    return items, (last if (last and len(items) >= limit) else None)


def _checked(start: Position | None, index_key: str, partition: str) -> Position | None:
    """A start position from outside must name the partition being read (DynamoDB would refuse another one)."""
    if start is not None and start.get(index_key, {}).get("S") != partition:
        from chalicelib.errors import BadRequest

        raise BadRequest("This page link belongs to another list. Start again from the first page.")
    return start


def list_owner_documents(owner_id: str, *, limit: int,
                         start: Position | None = None) -> tuple[list[DocumentItem], Position | None]:
    partition = f"OWNER#{owner_id}"
    query = RegistryItem.gsi1.query(partition, scan_index_forward=False, limit=limit,
                                    last_evaluated_key=_checked(start, "gsi1pk", partition))
    return _page(query, limit)


def list_queue(status: DocStatus, doc_type: str | None, *, limit: int, start: Position | None = None,
               attributes: list[str] | None = None) -> tuple[list[DocumentItem], Position | None]:
    """A page of the queue, oldest first; `attributes` reads only those (with the keys and the item's type)."""
    # With the index's keys too: a page cut at `limit` takes its next position from the last item read.
    wanted = sorted({"pk", "sk", "entity", "document_id", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk", *attributes}) \
        if attributes else None
    if doc_type:
        start = _checked(start, "gsi3pk", f"QUEUE#{status.value}#{doc_type}")
    else:
        start = _checked(start, "gsi2pk", f"QUEUE#{status.value}")
    if doc_type:
        query = RegistryItem.gsi3.query(f"QUEUE#{status.value}#{doc_type}", scan_index_forward=True,
                                        limit=limit, last_evaluated_key=start, attributes_to_get=wanted)
    else:
        query = RegistryItem.gsi2.query(f"QUEUE#{status.value}", scan_index_forward=True,
                                        limit=limit, last_evaluated_key=start, attributes_to_get=wanted)
    return _page(query, limit)


def queue_count(status: DocStatus, doc_type: str) -> int:
    return int(RegistryItem.gsi3.count(f"QUEUE#{status.value}#{doc_type}"))


def extracted_of(document_ids: list[str]) -> dict[str, JsonObject]:
    """The extracted fields of these documents, 100 per BatchGet."""
    if not document_ids:
        return {}
    return {i.document_id: dict(i.extracted or {}) for i in DocumentItem.batch_get(
        [DocumentItem.key(d) for d in document_ids], attributes_to_get=["pk", "sk", "entity", "document_id",
                                                                         "extracted"])}


def waiting_since(status: DocStatus) -> Iterator[str]:
    """When each document in a queue started waiting (ISO times), oldest first, read from keys alone."""
    for item in RegistryItem.gsi2keys.query(f"QUEUE#{status.value}", scan_index_forward=True, page_size=2000):
        yield str(item.gsi2sk).rsplit("#", 1)[0]


def audit_trail(document_id: str) -> list[AuditEntryItem]:
    return list(AuditEntryItem.query(f"DOC#{document_id}", AuditEntryItem.sk.startswith("AUDIT#")))


def processing_since_before(cutoff: str, *, limit: int = 100) -> list[DocumentItem]:
    """Documents that have been processing since before `cutoff` (ISO time), oldest first."""
    query = RegistryItem.gsi2.query("QUEUE#processing", RegistryItem.gsi2sk < cutoff, scan_index_forward=True,
                                    limit=limit)
    return [i for i in query if isinstance(i, DocumentItem)]


def needing_attention_since(day: str) -> list[DocumentItem]:
    """Documents that entered needs_attention on `day` (yyyy-mm-dd) and are still there: one Query on gsi2."""
    query = RegistryItem.gsi2.query("QUEUE#needs_attention", RegistryItem.gsi2sk.between(day, f"{day}~"))
    return [i for i in query if isinstance(i, DocumentItem)]


class DocumentTable:
    """Documents behind the unit of work: the queries its use cases need, and new documents with their keys."""

    def get(self, document_id: str) -> DocumentItem | None:
        return get_document(document_id)

    def create(self, document_id: str, **fields: Any) -> DocumentItem:
        return DocumentItem(*DocumentItem.key(document_id), document_id=document_id, **fields)

    def of_owner(self, owner_id: str) -> Iterator[DocumentItem]:
        position = None
        while True:
            items, position = list_owner_documents(owner_id, limit=100, start=position)
            yield from items
            if position is None:
                return

    def processing_since_before(self, cutoff: str, *, limit: int = 100) -> list[DocumentItem]:
        return processing_since_before(cutoff, limit=limit)

    def needing_attention_since(self, day: str) -> list[DocumentItem]:
        return needing_attention_since(day)


def write_together(items: list[RegistryItem], *, removals: Sequence[Any] = (), records: Sequence[Any] = (),
                   guards: dict[int, Any] | None = None,
                   counts: Sequence[tuple[Any, str, Any, Any]] = (),
                   settings: Sequence[tuple[Any, str, Any]] = ()) -> None:
    """Save these items (each under its condition in `guards`, by id()), remove those, change these counters
    (item, attribute, by, condition), set these attributes alone (item, attribute, value) and write the records
    of these snapshots, in one transaction (a versioned item is written or removed only if no one changed it
    meanwhile)."""
    from chalicelib.store.base import transaction
    from chalicelib.store.records import records_update

    with transaction() as tx:
        for item in items:
            tx.save(item, condition=(guards or {}).get(id(item)))
        for item, attribute, by, condition in counts:
            tx.update(item, actions=[getattr(type(item), attribute).add(set(by) if isinstance(by, frozenset) else by)],
                      condition=condition)
        for item, attribute, value in settings:
            tx.update(item, actions=[getattr(type(item), attribute).set(value)])
        for item in removals:
            tx.delete(item)
        for snapshot in records:
            tx.update(snapshot, actions=records_update(snapshot))
