"""Take an uploaded object in: check it by content, then hand it to extraction or refuse it with a reason."""

from __future__ import annotations

import hashlib
from typing import Any

from chalicelib import clock
from chalicelib.config import get_settings
from chalicelib.domain.documents import DocStatus
from chalicelib.domain.messages import ExtractDocument
from chalicelib.domain.reasons import Reason, reason
from chalicelib.files.inspection import inspect_file
from chalicelib.observability import logger, metrics
from chalicelib.services.accounts import notifications
from chalicelib.services.documents.lifecycle import UploadedFiles, transition, uploads
from chalicelib.services.documents.views import TakenIn
from chalicelib.services.unit_of_work import TableUnitOfWork, UnitOfWork
from chalicelib.store.base import iso


def take_in(key: str, *, reported_size: int, version_id: str | None = None, etag: str | None = None,
            uow: UnitOfWork | None = None, files: UploadedFiles | None = None) -> TakenIn:
    if not key.startswith("uploads/"):
        logger.warning("object outside uploads/ ignored")
        return {"status": "ignored"}
    uow = uow or TableUnitOfWork()
    files = files or uploads()
    document_id = key.removeprefix("uploads/")
    document = uow.documents.get(document_id)
    if document is None:
        logger.warning("upload for an unknown document", extra={"document_id": document_id})
        return {"status": "unknown_document"}
    if document.status != DocStatus.AWAITING_UPLOAD.value:
        # A later duplicate of an upload already taken in.
        return {"status": document.status}
    settings = get_settings()
    # moto does not enforce the presigned POST's content-length-range, and a client
    # could bypass it in other ways: check the size again before reading anything.
    if reported_size > settings.upload_max_bytes:
        _refuse(uow, files, document, reason("too_large", mb=settings.upload_max_bytes // (1024 * 1024)))
        return {"status": DocStatus.REJECTED_FILE.value}
    # A ranged GET of an empty object is an error in S3; an empty upload has nothing to read anyway.
    # The version read here (the notified one) is the one every later step reads.
    if version_id is None and etag:
        version_id = files.version_with_etag(key, etag)
    data, version = (files.get_version(key, max_bytes=settings.upload_max_bytes, version_id=version_id)
                     if reported_size > 0 else (b"", version_id))
    verdict = inspect_file(data, max_bytes=settings.upload_max_bytes)
    if not verdict.accepted:
        _refuse(uow, files, document, verdict.why or reason("format_unknown"), sniffed=verdict.kind)
        return {"status": DocStatus.REJECTED_FILE.value}
    digest = hashlib.sha256(data).hexdigest()
    earlier = same_file_sent_before(uow, document.owner_id, digest, document.document_id)
    if earlier is not None:
        _refuse(uow, files, document, reason("duplicate", date=earlier.created_at[:10],
                                                   file_name=earlier.file_name or "no name"), sniffed=verdict.kind,
                content_sha256=digest)
        return {"status": DocStatus.REJECTED_FILE.value, "duplicate_of": earlier.document_id}
    transition(document, DocStatus.PROCESSING, action="intake:accepted",
               updates={"sniffed_type": verdict.kind, "page_count": verdict.page_count,
                        "submitted_at": iso(clock.now()), "upload_version": version, "content_sha256": digest},
               uow=uow)
    uow.send(ExtractDocument(document_id))
    uow.commit()
    metrics.add_metric(name="UploadsAccepted", unit="Count", value=1)
    return {"status": DocStatus.PROCESSING.value}


REFUSED_TAG = "registry-state"


# A file sent again after its first copy was refused or deleted is a new attempt, not a duplicate.
_NOT_KEPT = frozenset({DocStatus.REJECTED_FILE.value, DocStatus.DELETED.value, DocStatus.AWAITING_UPLOAD.value})


def same_file_sent_before(uow: UnitOfWork, owner_id: str, digest: str, document_id: str) -> Any:
    """The participant's earlier document with exactly these bytes, if one is still in the registry's hands."""
    for item in uow.documents.of_owner(owner_id):
        if item.document_id != document_id and item.content_sha256 == digest and item.status not in _NOT_KEPT:
            return item
    return None


def _refuse(uow: UnitOfWork, files: UploadedFiles, document: Any, why: Reason, sniffed: str | None = None,
            content_sha256: str | None = None) -> None:
    transition(document, DocStatus.REJECTED_FILE, reason=why.text("en"), action="intake:rejected_file",
               updates={"sniffed_type": sniffed, "submitted_at": iso(clock.now()), "content_sha256": content_sha256,
                        "status_reason_code": why.as_dict()},
               uow=uow)
    uow.send(notifications.document_email(document, template="file_rejected", reason=document.status_reason))
    uow.commit()
    # The record and its reason stay; the refused file itself is removed by the bucket's lifecycle rule.
    files.tag(document.upload_key, {REFUSED_TAG: "refused"})
    metrics.add_metric(name="UploadsRejected", unit="Count", value=1)
    logger.info("upload refused", extra={"document_id": document.document_id})
