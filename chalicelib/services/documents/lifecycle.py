"""Document use cases: start an upload, take a file in, list, show, delete."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from ulid import ULID

from chalicelib import clock, doctypes
from chalicelib.aws.blobs import BlobStore
from chalicelib.config import get_settings
from chalicelib.domain.attention import AttentionMessage
from chalicelib.domain.documents import DocStatus, TransitionNotAllowed, check_transition
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.files.inspection import ACCEPTED_MIME
from chalicelib.observability import logger, metrics
from chalicelib.security.identity import Caller, Role
from chalicelib.services.documents.views import OriginalFile, OwnerDocument, OwnerDocuments, UploadStarted
from chalicelib.services.unit_of_work import TableUnitOfWork, UnitOfWork, audit_entry
from chalicelib.store.base import iso
from chalicelib.store.documents import AuditEntryItem, DocumentItem, list_owner_documents

UPLOAD_URL_TTL_SECONDS = 900


@dataclass(frozen=True, slots=True)
class UploadRequest:
    doc_type: str | None
    file_name: str
    content_type: str
    size: int
    owner_id: str
    declared: dict[str, str]  # what the participant typed, by field (api/models.DeclaredPermit, DeclaredCda)


class UploadedFiles(Protocol):
    """The uploads bucket as intake uses it (S3 in AWS and locally; a dict in unit tests)."""

    def presigned_post(self, key: str, *, content_type: str, max_bytes: int,
                       expires_in: int) -> Mapping[str, Any]: ...

    def get_version(self, key: str, *, max_bytes: int | None = None,
                    version_id: str | None = None) -> tuple[bytes, str | None]: ...

    def version_with_etag(self, key: str, etag: str) -> str | None: ...

    def tag(self, key: str, tags: dict[str, str]) -> None: ...


def uploads() -> BlobStore:
    return BlobStore(get_settings().uploads_bucket)


def artifacts() -> BlobStore:
    return BlobStore(get_settings().artifacts_bucket)


def record_audit(document: DocumentItem, actor: Caller | None, action: str, *, reason: str | None = None,
                 before: Any = None, after: Any = None) -> AuditEntryItem:
    """An audit entry for a caller that writes its own transaction (a decision, a correction)."""
    return audit_entry(document.document_id, actor, action, reason=reason, before=before, after=after)


def start_upload(caller: Caller, request: UploadRequest, uow: UnitOfWork | None = None,
                 files: UploadedFiles | None = None) -> UploadStarted:
    settings = get_settings()
    uow = uow or TableUnitOfWork()
    if request.content_type not in ACCEPTED_MIME:
        raise InvalidRequest("Files of type {content_type} are not accepted. Upload a PDF or a photo (JPEG, PNG or "
                             "HEIC).", content_type=repr(request.content_type))
    if request.size > settings.upload_max_bytes:
        raise InvalidRequest("The file is larger than {megabytes} MB. Upload a smaller scan or photo.",
                             megabytes=settings.upload_max_bytes // (1024 * 1024))
    spec = doctypes.get(request.doc_type)
    allowed = spec.declared_fields() if spec else ()
    unexpected = sorted(set(request.declared) - set(allowed))
    if unexpected:
        raise InvalidRequest("These fields do not belong to a {doc_type}: {fields}.",
                             doc_type=request.doc_type or "document", fields=", ".join(unexpected))
    if request.owner_id != caller.user_id:
        from chalicelib.store.profiles import get_profile

        owner = get_profile(request.owner_id)
        if owner is None or owner.status != "active":
            raise NotFound("No active participant with that id: staff upload only for an enrolled participant.")
    now = iso(clock.now())
    document_id = str(ULID())
    # The key is the server's choice: never the client's file name.
    key = f"uploads/{document_id}"
    item = uow.documents.create(
        document_id, owner_id=request.owner_id,
        uploaded_by=caller.user_id, doc_type_hint=request.doc_type,
        status=DocStatus.AWAITING_UPLOAD.value, file_name=request.file_name[:200],
        claimed_content_type=request.content_type, claimed_size=request.size, upload_key=key,
        declared=request.declared or None, created_at=now, updated_at=now,
    )
    item.index_for_status()
    uow.save(item)
    uow.commit()
    post = (files or uploads()).presigned_post(key, content_type=request.content_type,
                                    max_bytes=settings.upload_max_bytes, expires_in=UPLOAD_URL_TTL_SECONDS)
    metrics.add_metric(name="UploadsStarted", unit="Count", value=1)
    logger.info("upload started", extra={"document_id": document_id})
    return {"document_id": document_id, "status": item.status,
            "upload": {"url": post["url"], "fields": post["fields"], "method": "POST",
                       "expires_in": UPLOAD_URL_TTL_SECONDS, "max_bytes": settings.upload_max_bytes}}


def load_for(caller: Caller, document_id: str, uow: UnitOfWork | None = None) -> DocumentItem:
    """The document if the caller may see it; 404 otherwise (a stranger learns nothing, not even existence)."""
    item = (uow or TableUnitOfWork()).documents.get(document_id)
    if item is None or (item.status == DocStatus.DELETED.value and not caller.has_any({Role.STAFF, Role.ADMIN})):
        raise NotFound("No such document. Check the link, or find it in your document list.")
    if item.owner_id != caller.user_id and not caller.has_any({Role.STAFF, Role.ADMIN}):
        raise NotFound("No such document. Check the link, or find it in your document list.")
    return item


def attention_messages(item: DocumentItem, language: str) -> list[AttentionMessage]:
    from chalicelib.domain.attention import Finding, Problem

    out: list[AttentionMessage] = []
    for found in item.attention or []:
        details = tuple((k, str(v)) for k, v in found.items() if k != "problem")
        out.append(Finding(Problem(found["problem"]), details).as_dict(language))
    return out


# A document's reading as the stipend-day bench measured it (bench/burst.py): about 1.6 pages of ~1.5 s at
# Textract plus the function's own work; rounded up so that "about N minutes" is rarely an underestimate.
SECONDS_PER_DOCUMENT = 8.0
BEING_READ = (DocStatus.PROCESSING.value,)


@dataclass(frozen=True, slots=True)
class ReadingWait:
    """What a participant is told while their document waits to be read: how many are ahead, and how long."""

    ahead: int
    expected_minutes: int


def reading_wait() -> ReadingWait | None:
    """From the extraction queue's depth and how many documents are read at once; None if SQS cannot say."""
    import math

    from chalicelib.aws.queues import Queue

    settings = get_settings()
    try:
        ahead = Queue(settings.extraction_queue_url).waiting()
    except Exception:
        logger.warning("extraction queue depth unavailable")
        return None
    rounds = ahead / settings.ocr_concurrency + 1
    return ReadingWait(ahead=ahead, expected_minutes=max(1, math.ceil(rounds * SECONDS_PER_DOCUMENT / 60)))


def owner_view(item: DocumentItem, *, language: str = "en", wait: ReadingWait | None = None) -> OwnerDocument:
    from chalicelib.domain.reasons import Reason

    coded = Reason.from_dict(item.status_reason_code)
    view: OwnerDocument = {
        "document_id": item.document_id, "doc_type": item.doc_type or item.doc_type_hint,
        "status": item.status, "reason": coded.text(language) if coded is not None else item.status_reason,
        "file_name": item.file_name,
        "created_at": item.created_at, "updated_at": item.updated_at,
        "page_count": None if item.page_count is None else int(item.page_count),
    }
    if item.status in BEING_READ and wait is not None:
        view["reading"] = {"ahead": wait.ahead, "expected_minutes": wait.expected_minutes}
    if item.attention:
        view["attention"] = attention_messages(item, language)
    if item.status == DocStatus.VERIFIED.value:
        view["fields"] = item.verified_fields
        view["verified_at"] = item.decided_at
    if item.declared:
        view["declared"] = item.declared
    if item.imported_from:
        view["imported_from"] = {"issuer_name": item.imported_from["issuer_name"],
                                 "verified_at": item.imported_from["verified_at"]}
    return view


_MEDIA = {"pdf": ("application/pdf", "pdf"), "jpeg": ("image/jpeg", "jpg"), "png": ("image/png", "png"),
          "heic": ("image/heic", "heic"), "webp": ("image/webp", "webp")}


def original_link(caller: Caller, document_id: str) -> OriginalFile:
    """A short-lived link to the file as intake inspected it (that version, not whatever the key holds now)."""
    item = load_for(caller, document_id)
    if item.imported_from:
        raise Conflict("This document came in a signed record from {issuer}: there is no file, only the values "
                       "that registry verified.", issuer=item.imported_from["issuer_name"])
    if item.status in (DocStatus.AWAITING_UPLOAD.value, DocStatus.DELETED.value, DocStatus.REJECTED_FILE.value):
        raise Conflict("There is no accepted file to open for this document: it was never received, was "
                       "refused, or was deleted.")
    media, extension = _MEDIA.get(item.sniffed_type or "", ("application/octet-stream", "bin"))
    # The download name is the registry's: a participant's file name can hold personal data.
    name = f"{item.doc_type or item.doc_type_hint or 'document'}-{item.created_at[:10]}.{extension}"
    url = uploads().presigned_get(item.upload_key, expires_in=300, content_type=media,
                                  version_id=item.upload_version, download_as=name)
    return {"document_id": item.document_id, "url": url, "media_type": media, "download_as": name,
            "expires_in": 300}


def list_documents(caller: Caller, *, limit: int, cursor: str | None, language: str = "en") -> OwnerDocuments:
    from chalicelib.security.cursors import open_cursor, seal

    scope = f"documents:{caller.user_id}"
    items, position = list_owner_documents(caller.user_id, limit=limit, start=open_cursor(cursor, scope))
    wait = reading_wait() if any(i.status in BEING_READ for i in items) else None
    return {"items": [owner_view(i, language=language, wait=wait) for i in items],
            "next_cursor": seal(position, scope)}


def document_view(caller: Caller, document_id: str, *, language: str = "en") -> OwnerDocument:
    item = load_for(caller, document_id)
    return owner_view(item, language=language, wait=reading_wait() if item.status in BEING_READ else None)


def send_anyway(caller: Caller, document_id: str, *, language: str = "en",
                uow: UnitOfWork | None = None) -> OwnerDocument:
    """The participant read what looked wrong and wants staff to review the file as it is."""
    uow = uow or TableUnitOfWork()
    item = load_for(caller, document_id, uow)
    if item.owner_id != caller.user_id:
        raise Forbidden("Only the person who owns a document can send it on.")
    if item.status != DocStatus.NEEDS_ATTENTION.value:
        raise Conflict("This document is {status}, not waiting for you: nothing to send.",
                       status=item.status.replace("_", " "))
    transition(item, DocStatus.NEEDS_REVIEW, actor=caller, action="attention:sent_anyway",
               reason="Sent to staff by the participant despite: "
                      + ", ".join(a["problem"] for a in item.attention or []), uow=uow)
    uow.commit()
    logger.info("sent anyway", extra={"document_id": document_id})
    return owner_view(item, language=language)


def delete_document(caller: Caller, document_id: str) -> OwnerDocument:
    item = load_for(caller, document_id)
    if item.owner_id != caller.user_id:
        raise Forbidden("Only the person who owns a document can delete it.")
    if item.status == DocStatus.VERIFIED.value:
        raise Conflict("This document is verified and part of your record, so it cannot be deleted. "
                       "Contact registry staff if it is wrong.")
    _allowed(DocStatus(item.status), DocStatus.DELETED)
    uploads().delete_all_versions(item.upload_key)
    for key in item.page_keys or []:
        artifacts().delete(key)
    if item.ocr_key:
        artifacts().delete(item.ocr_key)
    before = item.status
    transition(item, DocStatus.DELETED, reason="Deleted by its owner", actor=caller,
               clear={"extracted", "low_confidence", "page_keys", "ocr_key", "declared", "disagreements"})
    logger.info("document deleted", extra={"document_id": document_id, "from_status": before})
    return owner_view(item)


def _allowed(current: DocStatus, target: DocStatus) -> None:
    try:
        check_transition(current, target)
    except TransitionNotAllowed as exc:
        raise Conflict(exc.wording) from exc


def transition(item: DocumentItem, target: DocStatus, *, reason: str | None = None, actor: Caller | None = None,
               action: str | None = None, updates: Mapping[str, Any] | None = None,
               clear: set[str] | None = None, audit_before: Any = None, audit_after: Any = None,
               uow: UnitOfWork | None = None) -> None:
    """Change status with an optimistic version check and an audit entry, in the caller's unit of work (staged
    there, committed by the caller) or, without one, committed at once."""
    _allowed(DocStatus(item.status), target)
    own = uow is None
    work = uow or TableUnitOfWork()
    previous = item.status
    item.status = target.value
    item.status_reason = reason
    item.status_reason_code = None  # a worded reason belongs to the state it explained
    item.updated_at = iso(clock.now())
    for name, value in (updates or {}).items():
        setattr(item, name, value)
    for name in clear or set():
        setattr(item, name, None)
    item.index_for_status()
    work.save(item)
    work.audit(item, actor, action or f"status:{previous}->{target.value}", reason=reason,
               before=audit_before, after=audit_after)
    work.adjust_pending(item.owner_id, pending_delta(DocStatus(previous), target))
    if own:
        work.commit()


def transition_keys_changed(item: DocumentItem) -> bool:
    """Bring a document's index keys in step with its status (one written before an index existed); True if
    they changed."""
    before = (item.gsi1pk, item.gsi1sk, item.gsi2pk, item.gsi2sk, item.gsi3pk, item.gsi3sk)
    item.index_for_status()
    return before != (item.gsi1pk, item.gsi1sk, item.gsi2pk, item.gsi2sk, item.gsi3pk, item.gsi3sk)


_IN_FLIGHT = frozenset({DocStatus.PROCESSING, DocStatus.NEEDS_ATTENTION, DocStatus.NEEDS_REVIEW, DocStatus.FAILED})


def pending_delta(previous: DocStatus, target: DocStatus) -> int:
    """+1 when a document enters the pipeline, -1 when it leaves it (a decision, a refusal, a deletion)."""
    return int(target in _IN_FLIGHT) - int(previous in _IN_FLIGHT)



# An extraction takes at most its function's 5-minute timeout, and SQS redelivers a failed message after the
# queue's visibility timeout. A document still processing this long after its last change lost its message
# (a send that failed after the state was saved, a message that expired): the sweeper sends it again.
STUCK_AFTER = timedelta(minutes=35)
MAX_REQUEUES = 3


def requeue_stuck(now: datetime | None = None, uow: UnitOfWork | None = None) -> dict[str, int]:
    """Run by the minute schedule: nothing stays 'processing' where nobody looks. Sends each stuck document's
    extraction message again (extraction works only on a processing document, so a duplicate is harmless);
    after MAX_REQUEUES it is marked failed, which puts it in the staff queue with the reason."""
    from chalicelib import clock
    from chalicelib.domain.messages import ExtractDocument

    uow = uow or TableUnitOfWork()
    now = now or clock.now()
    resent = failed = 0
    for item in uow.documents.processing_since_before(iso(now - STUCK_AFTER)):
        try:
            if (item.requeued or 0) >= MAX_REQUEUES:
                transition(item, DocStatus.FAILED, action="sweeper:gave_up",
                           reason="Reading this document did not finish after several tries. Staff can read it "
                                  "again or review the file by hand.", uow=uow)
                uow.commit()
                failed += 1
                continue
            item.requeued = (item.requeued or 0) + 1
            item.updated_at = iso(now)
            item.index_for_status()
            uow.save(item)
            uow.send(ExtractDocument(item.document_id))
            uow.commit()
        except Conflict:
            continue  # it moved on meanwhile: extraction finished it, or staff retried it
        resent += 1
    if resent or failed:
        logger.warning("processing documents swept", extra={"resent": resent, "failed": failed})
    return {"resent": resent, "failed": failed}
