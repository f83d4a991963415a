"""What staff are shown: where the machine and the participant disagree, and which fields need a look."""

from __future__ import annotations

from collections.abc import Mapping
from difflib import SequenceMatcher
from typing import Any, TypedDict

from chalicelib.domain.json_values import JsonMapping

LOW_CONFIDENCE = 0.95


def _normal(value: object) -> str:
    return "".join(ch for ch in str(value).casefold() if ch.isalnum())


def similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a.lower(), b.lower()).ratio()


class Disagreement(TypedDict):
    """A field the participant typed at upload that the document reads otherwise (or not at all)."""
    field: str
    declared: str
    extracted: Any  # the value as read, None when not found
    problem: str  # not found on the document | differs | differs slightly


def disagreements(extracted: JsonMapping, declared: Mapping[str, str]) -> list[Disagreement]:
    out: list[Disagreement] = []
    for name, typed in declared.items():
        if typed in (None, ""):
            continue
        read = extracted.get(name)
        if read is None:
            out.append({"field": name, "declared": typed, "extracted": None, "problem": "not found on the document"})
        elif _normal(read) != _normal(typed):
            out.append({"field": name, "declared": typed, "extracted": read,
                        "problem": "differs" if similar(str(read), str(typed)) < 0.9 else "differs slightly"})
    return out


def low_confidence_fields(extracted: JsonMapping) -> list[str]:
    confidence = extracted.get("confidence", {})
    if not isinstance(confidence, dict):
        return []
    return sorted(name for name, value in confidence.items()
                  if isinstance(value, int | float) and value < LOW_CONFIDENCE)
