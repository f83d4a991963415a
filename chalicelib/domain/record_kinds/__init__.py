"""The record-kind registry: every kind of verified record (a course, a degree, a permit, ...) is one module in
this package, declaring `RECORD_KIND`: its name in three languages and the one line that shows a record of it in
a list. The records API serves that line with each record and the kinds at GET /v1/record-kinds, so the web app
shows a new kind without knowing it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from chalicelib.domain.registries import declared_in

Summary = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True, slots=True)
class RecordKind:
    name: str
    label: Mapping[str, str]  # en, es, zh
    summary: Summary
    order: int = 100


def text(value: Any) -> str:
    """A value as a list line shows it: nothing for a missing one, a whole number without its '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def joined(*parts: Any) -> str:
    """Parts of a line, ' · ' between them (empty ones kept, so a record's line always has the same shape)."""
    return " · ".join(text(p) for p in parts)


@cache
def registry() -> dict[str, RecordKind]:
    found = declared_in(__name__, __path__, "RECORD_KIND", RecordKind)
    return {k.name: k for k in sorted(found, key=lambda k: (k.order, k.name))}


def summary_of(kind: str, data: Mapping[str, Any]) -> str:
    """A record's one line; a kind this code does not know shows its values."""
    found = registry().get(kind)
    if found is None:
        return " · ".join(text(v) for v in data.values() if v not in (None, ""))
    return found.summary(data)
