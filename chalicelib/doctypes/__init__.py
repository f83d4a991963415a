"""The document-type registry: every type the registry receives is one module in this package.

A module declares a `DOC_TYPE` (its name, display names, the fields staff verify, the words that tell
it apart, its parser and how a verified copy becomes records). Nothing else in the code base lists
types: API models, review, records, notifications and the web app read this registry, so adding a
type is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from chalicelib.extraction.evidence import Reading
from chalicelib.extraction.layout import Line


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: str  # text | date | number | choice | name | rows
    label: dict[str, str]
    choices: tuple[str, ...] = ()
    declared: bool = False  # the participant types it at upload, to be checked against the document
    columns: tuple[FieldSpec, ...] = ()  # for rows


@dataclass
class Parsed:
    """What a parser read: scalar fields and row fields (courses, degrees), each with its evidence."""

    fields: dict[str, Reading | None] = field(default_factory=dict)
    rows: dict[str, list[Reading]] = field(default_factory=dict)  # Reading.value is the row dict


Parser = Callable[[Sequence[Line]], Parsed]
RecordMapper = Callable[[dict[str, Any]], list[tuple[str, dict[str, Any]]]]


@dataclass(frozen=True, slots=True)
class DocType:
    name: str
    display: dict[str, str]  # by language code
    fields: tuple[FieldSpec, ...]
    signals: tuple[tuple[str, float], ...] = ()  # lower-case phrases and their weight for the classifier
    parse: Parser | None = None  # None: no parser, staff type the fields
    to_records: RecordMapper | None = None
    order: int = 100

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def declared_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.declared)


def field_spec(name: str, kind: str, en: str, es: str, *, choices: Sequence[str] = (), declared: bool = False,
               columns: Sequence[FieldSpec] = ()) -> FieldSpec:
    return FieldSpec(name, kind, {"en": en, "es": es}, tuple(choices), declared, tuple(columns))


PERSON_NAME = field_spec("person_name", "name", "Name on the document", "Nombre en el documento")


@cache
def registry() -> dict[str, DocType]:
    found: list[DocType] = []
    for module in pkgutil.iter_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        doc_type = getattr(loaded, "DOC_TYPE", None)
        if isinstance(doc_type, DocType):
            found.append(doc_type)
    return {d.name: d for d in sorted(found, key=lambda d: (d.order, d.name))}


def get(name: str | None) -> DocType | None:
    return registry().get(name or "")


def names() -> tuple[str, ...]:
    return tuple(registry())


def classify(lines: Sequence[Line]) -> tuple[str | None, float]:
    """The type whose signals the text carries most, and how far ahead of the next it is."""
    text = " ".join(line.text for line in lines).lower()
    scores = {d.name: sum(weight for phrase, weight in d.signals if phrase in text)
              for d in registry().values() if d.signals}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    # A word or two in common ("university" in a credential evaluation) is no evidence of a type.
    if not ranked or ranked[0][1] < MIN_SIGNAL:
        return None, 0.0
    best, top = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    margin = (top - runner_up) / top
    strength = min(1.0, top / (2 * MIN_SIGNAL))
    return best, round(min(0.995, 0.55 + 0.45 * margin * strength), 3)


MIN_SIGNAL = 2.5
