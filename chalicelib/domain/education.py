"""Which courses count, and how units add up, by the registry's rules."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from chalicelib.domain.readings import as_decimal

GRADE_ORDER = ["F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+"]
PASSING_NON_LETTER = {"P", "CR"}
# Subjects that are ECE / Child Development coursework at California colleges.
ECE_SUBJECTS = {"CHLD", "CD", "ECE", "ECED", "CDEV", "CHDV", "ECS", "CDECE", "HDEV", "FCS", "ECEC", "CFS"}
ECE_TITLE_WORDS = re.compile(r"\b(child|children|infant|toddler|early childhood|preschool|school-age|"
                             r"ece\b|curriculum|guidance)", re.I)


def counts(grade: str | None, minimum: str = "C-") -> bool:
    """A course counts with a grade of `minimum` or better, or a pass; D, F, W, I and NP never count."""
    if not grade:
        return False
    grade = grade.strip().upper()
    if grade in PASSING_NON_LETTER:
        return True
    if grade not in GRADE_ORDER:
        return False
    return GRADE_ORDER.index(grade) >= GRADE_ORDER.index(minimum)


def is_ece(course: Mapping[str, Any]) -> bool:
    subject = str(course.get("code") or "").split(" ")[0].upper()
    return subject in ECE_SUBJECTS or bool(ECE_TITLE_WORDS.search(str(course.get("title") or "")))


def counted_courses(courses: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [c for c in courses if counts(c.get("grade"))]


def unit_totals(courses: Iterable[Mapping[str, Any]]) -> dict[str, Decimal]:
    ece = general = Decimal("0")
    for course in counted_courses(courses):
        units = as_decimal(course.get("units"))
        if units is None:  # unreadable: flagged on the report (qualification().problems), never guessed
            continue
        if is_ece(course):
            ece += units
        else:
            general += units
    return {"ece_units": ece, "general_units": general, "total_units": ece + general}


def _plain(value: Any) -> str:
    return re.sub(r"[^0-9a-z]", "", str(value or "").casefold())


def fact_key(kind: str, data: Mapping[str, Any]) -> tuple[str, ...] | None:
    """What makes a verified record the same fact as another: a course is its institution, term and code; a
    permit or credential its number; a training its title, date and sponsor. None: always a new record."""
    if kind == "course":
        return kind, _plain(data.get("institution")), _plain(data.get("term")), _plain(data.get("code"))
    if kind == "degree":
        return kind, _plain(data.get("institution")), _plain(data.get("title")), _plain(data.get("conferred_on"))
    if kind == "permit":
        return (kind, _plain(data.get("document_number"))) if data.get("document_number") else None
    if kind == "cda":
        return (kind, _plain(data.get("credential_id"))) if data.get("credential_id") else None
    if kind == "training":
        return kind, _plain(data.get("training_title")), _plain(data.get("completed_on")), _plain(data.get("sponsor"))
    return None
