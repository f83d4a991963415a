"""From a file's bytes to Textract-shaped blocks and typed fields: what the worker and `registry extract` run."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from chalicelib.extraction.layout import lines_from_blocks
from chalicelib.extraction.parsers import extract_fields
from chalicelib.files.inspection import inspect_file

MAX_FILE_BYTES = 50 * 1024 * 1024


class ExtractionFailed(Exception):
    """The file cannot be read; the message says why, in words a person can act on."""


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    fields: dict[str, Any]
    blocks: dict[str, Any]
    kind: str
    pages: int
    seconds: float


def extract_blocks(blocks: dict[str, Any], doc_type_hint: str | None = None) -> dict[str, Any]:
    return extract_fields(lines_from_blocks(blocks), doc_type_hint)


def extract_file(data: bytes, *, engine: str = "local", doc_type_hint: str | None = None,
                 max_bytes: int = MAX_FILE_BYTES) -> ExtractionResult:
    from chalicelib.ocr.textract import engine_named

    started = time.perf_counter()
    verdict = inspect_file(data, max_bytes=max_bytes)
    if not verdict.accepted or verdict.kind is None:
        raise ExtractionFailed(verdict.reason or "The file cannot be read.")
    blocks = engine_named(engine).analyze(data, verdict.kind)
    fields = extract_blocks(blocks, doc_type_hint)
    pages = int(blocks.get("DocumentMetadata", {}).get("Pages", verdict.page_count or 1))
    return ExtractionResult(fields=fields, blocks=blocks, kind=verdict.kind, pages=pages,
                            seconds=time.perf_counter() - started)
