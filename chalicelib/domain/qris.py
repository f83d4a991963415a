"""California QRIS staff qualifications (Element 3, lead teachers and family child care; Element 7, directors)
from verified records only. The rubric is data (data/qris_rubric.json) with its source and edition; this code
only reads it: each point level lists alternative paths, and a path is met when every condition in it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, TypedDict

from chalicelib.domain import data_files as df
from chalicelib.domain.json_values import JsonValue
from chalicelib.domain.permit_pathway import standing
from chalicelib.domain.qualifications import qualification

ECE_MAJOR = re.compile(r"\b(early childhood|child development|child and family|human development|ece)\b", re.I)
LEAD_TEACHER = re.compile(r"\b(lead teacher|master teacher|teacher)\b", re.I)
NOT_LEAD = re.compile(r"\b(assistant|associate|aide|substitute)\b", re.I)
DIRECTOR = re.compile(r"\b(director|site supervisor)\b", re.I)

CONDITION_WORDS = {
    "ece_units": "{n:g} ECE/CD units", "ge_units": "{n:g} general-education units",
    "admin_units": "{n:g} administration units", "supervision_units": "{n:g} adult-supervision units",
    "pd_hours": "{n:g} hours of verified training in the last 12 months",
    "core": "the core courses (child development; child, family and community; curriculum)",
    "degree_rank": "{degree}", "degree_in_ece": "a degree in ECE or a closely related field",
    "permit_level": "a valid {permit} or higher", "family_child_care": "a family child care home",
}
DEGREE_WORDS = {2: "an associate degree", 3: "a bachelor's degree", 4: "a master's degree"}
PERMIT_WORDS = {2: "Associate Teacher Permit", 3: "Teacher Permit", 4: "Master Teacher Permit",
                5: "Site Supervisor Permit", 6: "Program Director Permit"}


# A path to a point level: each condition (a CONDITION_WORDS key, an Evidence field) with the least it needs,
# or true for a condition that must hold. A level is met by any one of its paths.
type RubricPath = dict[str, int | float | bool]


class RubricElement(TypedDict):
    title: str
    points: dict[str, list[RubricPath]]  # point level ("1".."5") -> its alternative paths


class Rubric(TypedDict):
    source: str
    edition: str
    notes: list[str]
    elements: dict[str, RubricElement]  # "3" | "7"


def _path(value: JsonValue, where: str) -> RubricPath:
    conditions: RubricPath = {}
    for condition, wanted in df.an_object(value, where).items():
        if condition not in CONDITION_WORDS:
            raise df.DataFileError(f"{where}: {condition} is not a condition the registry checks")
        if not isinstance(wanted, int | float | bool):
            raise df.DataFileError(f"{where}.{condition}: a number or true/false was expected")
        conditions[condition] = wanted
    return conditions


def _element(value: JsonValue, where: str) -> RubricElement:
    o = df.an_object(value, where)
    levels = df.an_object(*df.at(o, "points", where))
    return {"title": df.text(*df.at(o, "title", where)),
            "points": {level: [_path(p, f"{where}.points.{level}[{n}]")
                               for n, p in enumerate(df.a_list(paths, f"{where}.points.{level}"))]
                       for level, paths in levels.items()}}


@cache
def rubric() -> Rubric:
    where = "qris_rubric.json"
    o = df.an_object(df.load(where), where)
    elements = df.an_object(*df.at(o, "elements", where))
    return {"source": df.text(*df.at(o, "source", where)),
            "edition": df.text(*df.at(o, "edition", where)),
            "notes": [df.text(n, f"{where}.notes") for n in df.a_list(*df.at(o, "notes", where))],
            "elements": {k: _element(v, f"{where}.elements.{k}") for k, v in elements.items()}}


def is_lead_teacher(role: str) -> bool:
    return bool(LEAD_TEACHER.search(role)) and not NOT_LEAD.search(role)


def is_director(role: str) -> bool:
    return bool(DIRECTOR.search(role))


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the rubric's conditions are checked against, from one person's verified records."""

    ece_units: Decimal
    ge_units: Decimal
    admin_units: Decimal
    supervision_units: Decimal
    pd_hours: Decimal
    core: bool
    degree_rank: int
    degree_in_ece: bool
    permit_level: int
    family_child_care: bool


def evidence_of(records: Iterable[Mapping[str, Any]], today: date, *, family_child_care: bool) -> Evidence:
    records = list(records)
    q = qualification(records, today)
    s = standing(records, [], today)
    degrees = [r["data"] for r in records if r.get("kind") == "degree"]
    return Evidence(ece_units=q.ece_units, ge_units=q.general_units, admin_units=s.administration_units,
                    supervision_units=s.adult_supervision_units, pd_hours=q.training_hours_12_months,
                    core=all(s.core.values()), degree_rank=q.highest_degree_rank,
                    degree_in_ece=any(ECE_MAJOR.search(f"{d.get('major') or ''} {d.get('title') or ''}")
                                      for d in degrees),
                    permit_level=q.valid_permit_level, family_child_care=family_child_care)


def _met(condition: str, wanted: int | float | bool, e: Evidence) -> bool:
    have = getattr(e, condition)
    if isinstance(wanted, bool):
        return bool(have) is wanted
    return bool(have >= wanted)


def _words(condition: str, wanted: Any) -> str:
    return CONDITION_WORDS[condition].format(n=wanted if not isinstance(wanted, bool) else 0,
                                             degree=DEGREE_WORDS.get(wanted, "a degree") if condition == "degree_rank"
                                             else "", permit=PERMIT_WORDS.get(wanted, "permit")
                                             if condition == "permit_level" else "")


@dataclass(frozen=True, slots=True)
class Rating:
    element: str
    points: int
    reached_by: str | None  # the path that earned the points, in words
    next_needs: list[str]  # for the next point level: what the closest path still needs


def rate(element: str, e: Evidence) -> Rating:
    levels = rubric()["elements"][element]["points"]
    points, reached_by = 0, None
    for level in sorted(levels, key=int):
        for path in levels[level]:
            if all(_met(c, w, e) for c, w in path.items()):
                points, reached_by = int(level), " and ".join(_words(c, w) for c, w in path.items())
                break
    following = levels.get(str(points + 1))
    needs: list[str] = []
    if following:
        closest = min(following, key=lambda p: sum(not _met(c, w, e) for c, w in p.items()))
        needs = [_words(c, w) for c, w in closest.items() if not _met(c, w, e)]
    return Rating(element, points, reached_by, needs)


def program_score(element: str, points: list[int]) -> int | None:
    """Element 3: the mean of the lead teachers' points, rounded down; Element 7: the lowest director's."""
    if not points:
        return None
    return min(points) if element == "7" else sum(points) // len(points)
