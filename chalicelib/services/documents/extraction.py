"""The extraction worker's use case: read a processing document and prefill its fields for review."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any, TypedDict

from chalicelib import clock
from chalicelib.config import get_settings
from chalicelib.domain.attention import Finding, PageQuality, TypeFacts, assess
from chalicelib.domain.documents import DocStatus
from chalicelib.domain.json_values import JsonMapping, JsonObject
from chalicelib.domain.review import disagreements, low_confidence_fields
from chalicelib.observability import logger, metrics
from chalicelib.ocr.response import TextractResponse
from chalicelib.services.documents.lifecycle import artifacts, transition, uploads
from chalicelib.services.documents.views import ExtractionOutcome
from chalicelib.store.documents import get_document

MAX_ATTEMPTS = 3


def run(document_id: str, *, attempt: int = 1) -> ExtractionOutcome:
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
    findings = attention_for(document, fields, result["quality"])
    target = DocStatus.NEEDS_ATTENTION if findings else DocStatus.NEEDS_REVIEW
    transition(document, target, action="extraction:done", updates={
        "doc_type": fields.get("doc_type") or document.doc_type_hint,
        "extracted": fields, "low_confidence": len(low_confidence_fields(fields)),
        "page_keys": result["page_keys"], "ocr_key": result["ocr_key"],
        "ocr_engine": result["engine"], "page_count": result["pages"], "processing_ms": elapsed,
        "disagreements": disagreements(fields, document.declared or {}) or None,
        "attention": [{"problem": f.problem.value, **dict(f.details)} for f in findings] or None,
    })
    metrics.add_metric(name="ExtractionSeconds", unit="Seconds", value=elapsed / 1000)
    if findings:
        metrics.add_metric(name="UploadsNeedingAttention", unit="Count", value=1)
    logger.info("document read", extra={"document_id": document_id, "ms": elapsed, "status": target.value,
                                        "problems": [f.problem.value for f in findings]})
    return {"status": target.value}


def _type_facts(name: str | None) -> TypeFacts | None:
    from chalicelib import doctypes

    spec = doctypes.get(name)
    if spec is None:
        return None
    if spec.parse is None:
        # Nothing is read from a type without a parser (staff type its fields): nothing can be missing from it.
        return TypeFacts(display=spec.display["en"], has_person_name=False, date_fields=(), expires_field=None)
    dates = tuple(f.name for f in spec.fields if f.kind == "date")
    return TypeFacts(display=spec.display["en"], has_person_name=any(f.name == "person_name" for f in spec.fields),
                     date_fields=dates, expires_field="expires_on" if "expires_on" in dates else None)


def attention_for(document: Any, fields: JsonMapping, quality: PageQuality) -> list[Finding]:
    """What the participant could fix now, checked against their profile's names."""
    from chalicelib.services.accounts.profiles import names_of
    from chalicelib.store.profiles import get_profile

    profile = get_profile(document.owner_id)
    names = names_of(profile, include_pending=True) if profile is not None else []
    found, confidence = fields.get("doc_type"), fields.get("confidence")
    type_confidence = confidence.get("doc_type", 0.0) if isinstance(confidence, dict) else 0.0
    return assess(fields, chosen=_type_facts(document.doc_type_hint),
                  found=_type_facts(found if isinstance(found, str) else None), chosen_name=document.doc_type_hint,
                  type_confidence=float(type_confidence) if isinstance(type_confidence, int | float) else 0.0,
                  profile_names=names, quality=quality, today=clock.now().date())


def page_quality(blocks: TextractResponse, kind: str) -> PageQuality:
    words = [b for b in blocks.get("Blocks", []) if b.get("BlockType") == "WORD"]
    confidences = sorted(float(b.get("Confidence", 0.0)) for b in words)
    median = confidences[len(confidences) // 2] if confidences else 0.0
    edge = 0
    for b in words:
        box = b.get("Geometry", {}).get("BoundingBox", {})
        left, top = float(box.get("Left", 0.5)), float(box.get("Top", 0.5))
        right, bottom = left + float(box.get("Width", 0.0)), top + float(box.get("Height", 0.0))
        if b.get("Page", 1) == 1 and (left < 0.004 or top < 0.004 or right > 0.996 or bottom > 0.996):
            edge += 1
    return PageQuality(words=len(words), median_confidence=median, edge_words=edge, photographed=kind != "pdf")


class _Read(TypedDict):
    """A document as extraction read it: its fields (as its type's parser gives them), where its pages and OCR
    words were kept, and how good the pages were."""
    fields: JsonObject
    page_keys: list[str]
    ocr_key: str
    engine: str
    pages: int
    quality: PageQuality


def _extract(document: Any) -> _Read:
    from chalicelib.ocr.pages import image_pages, jpeg_bytes
    from chalicelib.ocr.textract import engine_named
    from chalicelib.reading.pipeline import read_document

    settings = get_settings()
    data = uploads().get(document.upload_key, max_bytes=settings.upload_max_bytes,
                         version_id=document.upload_version)
    kind = document.sniffed_type
    store = artifacts()
    page_keys: list[str] = []

    def pages_for_review() -> Iterator[Any]:
        # Each page is decoded once: saved for the review screen, then handed to the OCR engine, one at a
        # time so memory stays flat however many pages the file has.
        for number, page in enumerate(image_pages(data, kind), start=1):
            key = f"pages/{document.document_id}/{number}.jpg"
            store.put(key, jpeg_bytes(page), "image/jpeg")
            page_keys.append(key)
            yield page

    engine = engine_named(settings.ocr_engine)
    blocks, fields = read_document(data, kind, engine=engine, doc_type_hint=document.doc_type_hint,
                                   pages=pages_for_review())
    turned = {int(n): int(a) for n, a in (blocks.get("EngineDetail", {}).get("rotations") or {}).items()}
    if turned:
        # A page photographed sideways was read turned upright: the review screen shows it the same way, so the
        # words' boxes fall on the words.
        for number, page in enumerate(image_pages(data, kind), start=1):
            if number in turned:
                store.put(f"pages/{document.document_id}/{number}.jpg",
                          jpeg_bytes(page.rotate(-turned[number], expand=True)), "image/jpeg")
    ocr_key = f"ocr/{document.document_id}.json"
    store.put(ocr_key, json.dumps(blocks).encode(), "application/json")
    return {"fields": fields, "page_keys": page_keys, "ocr_key": ocr_key, "engine": engine.name,
            "pages": len(page_keys), "quality": page_quality(blocks, kind)}
