"""The extraction worker's use case: read a processing document and prefill its fields for review."""

from __future__ import annotations

import json
import time
from typing import Any

from chalicelib.config import get_settings
from chalicelib.domain.documents import DocStatus
from chalicelib.domain.review import disagreements
from chalicelib.observability import logger, metrics
from chalicelib.services.documents import artifacts, transition, uploads
from chalicelib.store.documents import get_document

MAX_ATTEMPTS = 3


def run(document_id: str, *, attempt: int = 1) -> dict[str, Any]:
    document = get_document(document_id)
    if document is None:
        logger.warning("extraction for an unknown document", extra={"document_id": document_id})
        return {"status": "unknown_document"}
    if document.status == DocStatus.FAILED.value:
        # A replay from the dead-letter queue or a staff retry: try again.
        transition(document, DocStatus.PROCESSING, action="extraction:retry")
    elif document.status != DocStatus.PROCESSING.value:
        return {"status": document.status}
    started = time.perf_counter()
    try:
        result = _extract(document)
    except Exception as exc:
        reason = ("Automatic reading failed"
                  + (f" after {attempt} attempts; a registry staff member will read it by hand."
                     if attempt >= MAX_ATTEMPTS else "; it will be retried."))
        transition(document, DocStatus.FAILED, reason=reason, action="extraction:failed",
                   updates={"processing_ms": int((time.perf_counter() - started) * 1000)})
        metrics.add_metric(name="ExtractionFailures", unit="Count", value=1)
        logger.exception("extraction failed", extra={"document_id": document_id, "attempt": attempt,
                                                     "error": type(exc).__name__})
        raise
    elapsed = int((time.perf_counter() - started) * 1000)
    fields = result["fields"]
    transition(document, DocStatus.NEEDS_REVIEW, action="extraction:done", updates={
        "doc_type": fields.get("doc_type") or document.doc_type_hint,
        "extracted": fields, "page_keys": result["page_keys"], "ocr_key": result["ocr_key"],
        "ocr_engine": result["engine"], "page_count": result["pages"], "processing_ms": elapsed,
        "disagreements": disagreements(fields, document.declared or {}) or None,
    })
    metrics.add_metric(name="ExtractionSeconds", unit="Seconds", value=elapsed / 1000)
    logger.info("document ready for review", extra={"document_id": document_id, "ms": elapsed})
    return {"status": DocStatus.NEEDS_REVIEW.value}


def _extract(document: Any) -> dict[str, Any]:
    from chalicelib.extraction.pipeline import read_document
    from chalicelib.ocr.pages import image_pages, jpeg_bytes
    from chalicelib.ocr.textract import engine_named

    settings = get_settings()
    data = uploads().get(document.upload_key, max_bytes=settings.upload_max_bytes)
    kind = document.sniffed_type
    store = artifacts()
    page_keys = []
    # Page images for the review screen, written one at a time to keep memory flat.
    for number, page in enumerate(image_pages(data, kind), start=1):
        key = f"pages/{document.document_id}/{number}.jpg"
        store.put(key, jpeg_bytes(page), "image/jpeg")
        page_keys.append(key)
        page.close()
    engine = engine_named(settings.ocr_engine)
    blocks, fields = read_document(data, kind, engine=engine, doc_type_hint=document.doc_type_hint)
    ocr_key = f"ocr/{document.document_id}.json"
    store.put(ocr_key, json.dumps(blocks).encode(), "application/json")
    return {"fields": fields, "page_keys": page_keys, "ocr_key": ocr_key, "engine": engine.name,
            "pages": len(page_keys)}
