"""Take an uploaded object in: check it by content, then hand it to extraction or refuse it with a reason."""

from __future__ import annotations

from typing import Any

from chalicelib.aws.queues import Queue
from chalicelib.config import get_settings
from chalicelib.domain.documents import DocStatus
from chalicelib.files.inspection import inspect_file
from chalicelib.observability import logger, metrics
from chalicelib.services import notifications
from chalicelib.services.documents import transition, uploads
from chalicelib.store.base import iso, utcnow
from chalicelib.store.documents import get_document


def take_in(key: str, *, reported_size: int) -> dict[str, Any]:
    if not key.startswith("uploads/"):
        logger.warning("object outside uploads/ ignored")
        return {"status": "ignored"}
    document_id = key.removeprefix("uploads/")
    document = get_document(document_id)
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
        verdict_reason = (f"The file is larger than {settings.upload_max_bytes // (1024 * 1024)} MB. "
                          "Upload a smaller scan or photo, or split a long transcript into parts.")
        _refuse(document, verdict_reason)
        return {"status": DocStatus.REJECTED_FILE.value}
    # A ranged GET of an empty object is an error in S3; an empty upload has nothing to read anyway.
    data = uploads().get(key, max_bytes=settings.upload_max_bytes) if reported_size > 0 else b""
    verdict = inspect_file(data, max_bytes=settings.upload_max_bytes)
    if not verdict.accepted:
        _refuse(document, verdict.reason or "The file cannot be read.", sniffed=verdict.kind)
        return {"status": DocStatus.REJECTED_FILE.value}
    transition(document, DocStatus.PROCESSING, action="intake:accepted",
               updates={"sniffed_type": verdict.kind, "page_count": verdict.page_count,
                        "submitted_at": iso(utcnow())})
    Queue(settings.extraction_queue_url).send({"document_id": document_id})
    metrics.add_metric(name="UploadsAccepted", unit="Count", value=1)
    return {"status": DocStatus.PROCESSING.value}


REFUSED_TAG = "registry-state"


def _refuse(document: Any, reason: str, sniffed: str | None = None) -> None:
    transition(document, DocStatus.REJECTED_FILE, reason=reason, action="intake:rejected_file",
               updates={"sniffed_type": sniffed, "submitted_at": iso(utcnow())})
    # The record and its reason stay; the refused file itself is removed by the bucket's lifecycle rule.
    uploads().tag(document.upload_key, {REFUSED_TAG: "refused"})
    metrics.add_metric(name="UploadsRejected", unit="Count", value=1)
    logger.info("upload refused", extra={"document_id": document.document_id})
    notifications.queue_document_email(document, template="file_rejected", reason=reason)
