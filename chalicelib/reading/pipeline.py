"""From a file's bytes to Textract-shaped blocks and typed fields: what the worker and `registry extract` run."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.json_values import JsonMapping, JsonObject, JsonValue
from chalicelib.extraction.layout import lines_from_blocks
from chalicelib.files.inspection import inspect_file
from chalicelib.ocr.response import TextractResponse
from chalicelib.reading.fields import extract_fields, merge_field_sets

MAX_FILE_BYTES = 50 * 1024 * 1024


class ExtractionFailed(Exception):
    """The file cannot be read; the message says why, in words a person can act on."""


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    fields: JsonObject
    blocks: TextractResponse
    kind: str
    pages: int
    seconds: float


def extract_blocks(blocks: TextractResponse, doc_type_hint: str | None = None) -> JsonObject:
    return extract_fields(lines_from_blocks(blocks), doc_type_hint)


def extract_readings(readings: list[TextractResponse], doc_type_hint: str | None = None) -> JsonObject:
    """Fields from one or more readings of the same pages, keeping the surest value of each field."""
    results = [extract_blocks(blocks, doc_type_hint) for blocks in readings]
    return merge_field_sets(results)


def read_document(data: bytes, kind: str, *, engine: Any, doc_type_hint: str | None = None,
                  pages: Any = None) -> tuple[TextractResponse, JsonObject]:
    """OCR the file (every reading the engine offers) and extract its fields: (primary blocks, fields).

    `pages`, when given, are the file's page images already decoded by the caller, so no page is rendered twice.
    """
    first_fields: JsonObject = {}

    def enough(blocks: TextractResponse) -> bool:
        first_fields.update(extract_blocks(blocks, doc_type_hint))
        return all_sure(first_fields)

    readings = engine.analyze_readings(data, kind, pages, enough=enough)
    if not first_fields:  # an engine that judged nothing (a text layer, Textract)
        return readings[0], extract_readings(readings, doc_type_hint)
    # The first reading was parsed to judge it: parse only the others.
    return readings[0], merge_field_sets([first_fields, *(extract_blocks(b, doc_type_hint) for b in readings[1:])])


def all_sure(fields: JsonMapping) -> bool:
    """Whether a reading found every field its type has and is sure of each, so a second reading of the
    same page (rules erased) could add nothing: a second Tesseract pass costs as much as the first."""
    from chalicelib import doctypes
    from chalicelib.extraction.evidence import SURE

    doc_type = fields.get("doc_type")
    spec = doctypes.get(doc_type if isinstance(doc_type, str) else None)
    if spec is None or spec.parse is None:
        return False
    confidence = fields.get("confidence")
    sure = confidence if isinstance(confidence, dict) else {}
    for field_spec in spec.fields:
        value = fields.get(field_spec.name)
        if field_spec.kind == "rows":
            if field_spec.name == "courses" and not value:
                return False
            rows = value if isinstance(value, list) else []
            if any(not isinstance(row, dict) or _score(row.get("confidence", 0.0)) < SURE for row in rows):
                return False
        elif value in (None, "") or _score(sure.get(field_spec.name, 0.0)) < SURE:
            return False
    return True


def _score(value: JsonValue) -> float:
    """A confidence as extract_fields wrote it; anything else is no confidence at all."""
    return value if isinstance(value, int | float) else 0.0


def extract_file(data: bytes, *, engine: str = "local", doc_type_hint: str | None = None,
                 max_bytes: int = MAX_FILE_BYTES) -> ExtractionResult:
    from chalicelib.ocr.textract import engine_named

    started = time.perf_counter()
    verdict = inspect_file(data, max_bytes=max_bytes)
    if not verdict.accepted or verdict.kind is None:
        raise ExtractionFailed(verdict.reason or "The file cannot be read.")
    blocks, fields = read_document(data, verdict.kind, engine=engine_named(engine), doc_type_hint=doc_type_hint)
    pages = int(blocks.get("DocumentMetadata", {}).get("Pages", verdict.page_count or 1))
    return ExtractionResult(fields=fields, blocks=blocks, kind=verdict.kind, pages=pages,
                            seconds=time.perf_counter() - started)
