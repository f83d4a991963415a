"""The document-type registry: every type the registry receives is one module in this package.

A module declares a `DOC_TYPE` (its name, display names, the fields staff verify, the words that tell
it apart, its parser and how a verified copy becomes records). Nothing else in the code base lists
types: API models, review, records, notifications and the web app read this registry, so adding a
type is adding a module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from chalicelib.domain.json_values import JsonMapping, JsonObject, JsonValue
from chalicelib.domain.registries import declared_in
from chalicelib.extraction.evidence import Reading
from chalicelib.extraction.layout import Line


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: str  # text | date | number | choice | name | grade | rows
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
# A verified document's fields to its records: (record kind, the record's data).
RecordMapper = Callable[[JsonMapping], list[tuple[str, JsonObject]]]


@dataclass(frozen=True, slots=True)
class DocType:
    name: str
    display: dict[str, str]  # by language code
    fields: tuple[FieldSpec, ...]
    signals: tuple[tuple[str, float], ...] = ()  # lower-case phrases and their weight for the classifier
    parse: Parser | None = None  # None: no parser, staff type the fields
    to_records: RecordMapper | None = None
    order: int = 100
    # Its Open Badges 3.0 achievementType, for the portable record credential (domain/portable_record.py).
    achievement_type: str = "Achievement"
    # Evidence of the type from the shape of its lines rather than its words (a transcript that never prints
    # "transcript" still has course rows): added to the words' score.
    shape_signal: Callable[[Sequence[Line]], float] | None = None

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def declared_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.declared)


def field_spec(name: str, kind: str, en: str, es: str, *, choices: Sequence[str] = (), declared: bool = False,
               columns: Sequence[FieldSpec] = ()) -> FieldSpec:
    return FieldSpec(name, kind, {"en": en, "es": es}, tuple(choices), declared, tuple(columns))


# What extraction and the review screen add to a document's fields that is no part of a verified record.
REVIEW_ONLY_KEYS = frozenset({"confidence", "evidence", "words", "boxes", "on_record"})


def without_review_keys(fields: JsonMapping) -> JsonObject:
    """Verified fields as they are kept: what the review screen adds is dropped, on row lists too."""
    def clean(value: JsonValue) -> JsonValue:
        if isinstance(value, list):
            return [{k: v for k, v in row.items() if k not in REVIEW_ONLY_KEYS} if isinstance(row, dict) else row
                    for row in value]
        return value
    return {k: clean(v) for k, v in fields.items() if k not in REVIEW_ONLY_KEYS}

PERSON_NAME = field_spec("person_name", "name", "Name on the document", "Nombre en el documento")


@cache
def registry() -> dict[str, DocType]:
    found = declared_in(__name__, __path__, "DOC_TYPE", DocType)
    return {d.name: d for d in sorted(found, key=lambda d: (d.order, d.name))}


def get(name: str | None) -> DocType | None:
    return registry().get(name or "")


def names() -> tuple[str, ...]:
    return tuple(registry())


def classify(lines: Sequence[Line]) -> tuple[str | None, float]:
    """The type whose signals the text carries most, and how far ahead of the next it is."""
    text = " ".join(line.text for line in lines).lower()
    scores = {d.name: sum(weight for phrase, weight in d.signals if phrase in text)
              + (d.shape_signal(lines) if d.shape_signal else 0.0)
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


def problems_in(doc_type: str | None, fields: JsonMapping) -> list[str]:
    """What is wrong with fields staff are about to verify, one sentence per field, naming it.

    A verified value becomes a record every report reads, so its shape is checked here once: a date that is a
    date, a number that is a number, a choice from its list, a grade from the scale.
    """
    spec = get(doc_type)
    if spec is None:
        return [f"doc_type: {doc_type!r} is not a document type the registry knows."]
    out: list[str] = []
    for field_spec in spec.fields:
        value = fields.get(field_spec.name)
        if field_spec.kind == "rows":
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
                out.append(f"{field_spec.name}: send a list of rows.")
                continue
            rows = [row for row in value if isinstance(row, dict)]  # every one, as checked: for the type checker
            for number, row in enumerate(rows, start=1):
                for column in field_spec.columns:
                    problem = _problem(column, row.get(column.name))
                    if problem:
                        out.append(f"{field_spec.name}[{number}].{column.name}: {problem}")
            continue
        problem = _problem(field_spec, value)
        if problem:
            out.append(f"{field_spec.name}: {problem}")
    issued, expires = fields.get("issued_on"), fields.get("expires_on")
    if not out and isinstance(issued, str) and isinstance(expires, str) and expires <= issued:
        out.append(f"expires_on: {expires} is not after issued_on {issued}.")
    return out


def problems_in_record(doc_type: str | None, data: JsonMapping) -> list[str]:
    """What is wrong with a verified record's data as staff amend it: each value is checked as the field or row
    column of the same name in its source document's type (a course's units as a number, its grade from the
    scale); values no field declares must be short text."""
    spec = get(doc_type)
    declared: dict[str, FieldSpec] = {}
    for f in spec.fields if spec else ():
        declared[f.name] = f
        declared.update({c.name: c for c in f.columns})
    out = []
    for name, value in data.items():
        field_spec = declared.get(name) or FieldSpec(name, "text", {})
        problem = "send a value, not a list." if field_spec.kind == "rows" else _problem(field_spec, value)
        if problem:
            out.append(f"{name}: {problem}")
    return out


def _problem(spec: FieldSpec, value: JsonValue) -> str | None:
    import re
    from datetime import date

    from chalicelib.extraction.values import GRADE

    if value is None or value == "":
        return None
    if spec.kind == "date":
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError(value)
            date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a date; write it as YYYY-MM-DD."
        return None
    if spec.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1000:
            return f"{value!r} is not a number from 0 to 1000."
        return None
    if spec.kind == "choice":
        return None if value in spec.choices else f"{value!r} is not one of: {', '.join(spec.choices)}."
    if spec.kind == "grade":
        if not isinstance(value, str) or not GRADE.match(value):
            return f"{value!r} is not a grade (A-F with + or -, P, NP, CR, NC, W, I, IP)."
        return None
    if not isinstance(value, str) or len(value) > 300 or re.search(r"[\x00-\x08\x0b-\x1f]", value):
        return "send text of at most 300 characters."
    return None
