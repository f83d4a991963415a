"""Which California Child Development Permit levels a person qualifies for from verified records alone, and
what exactly is missing for the next one.

The requirements are data (data/permit_matrix.json, with its source and edition): a revision of the
Commission's matrix changes that file, not this code. Only verified records and confirmed positions count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, TypedDict

from chalicelib.domain import data_files as df
from chalicelib.domain.education import counts, is_ece
from chalicelib.domain.json_values import JsonValue
from chalicelib.domain.qualifications import ADMIN_COURSE, DEGREE_RANK
from chalicelib.domain.readings import as_date, as_decimal
from chalicelib.domain.wording import Wording

CORE_AREAS = {
    "child_development": re.compile(r"\b(child|human)\s+(growth|development)\b|\bchild development\b", re.I),
    "child_family_community": re.compile(r"\bchild,?\s+family,?\s+(and\s+)?community\b|\bfamily relations\b|"
                                         r"\bchild and family\b", re.I),
    "curriculum": re.compile(r"\bcurriculum\b", re.I),
}
ADULT_SUPERVISION = re.compile(r"\badult supervision\b|\bsupervising adults\b|\bmentor(ing)?\b", re.I)
FULL_DAY_HOURS_PER_WEEK = 15  # three hours a day, five days a week: the matrix's "day" of experience


class PermitSpec(TypedDict):
    """One permit of the matrix (Option 1): the units, core courses, degree and experience it asks for."""

    title: str
    level: int
    ece_units: int
    core: bool
    ge_units: int
    specialization_units: int
    adult_supervision_units: int
    administration_units: int
    degree: str | None  # associate | bachelor | master (DEGREE_RANK, DEGREE_NEEDED), or none asked for
    experience_days: int
    experience_years: int


class PermitMatrix(TypedDict):
    source: str
    edition: str
    experience_day_hours: int  # the hours that make a day of experience
    levels: list[PermitSpec]  # lowest first
    core_areas: dict[str, str]  # CORE_AREAS key -> the area in the leaflet's words


def _spec(value: JsonValue, where: str) -> PermitSpec:
    o = df.an_object(value, where)

    def units(key: str) -> int:
        return df.whole(*df.at(o, key, where))

    degree, degree_at = df.at(o, "degree", where)
    return {"title": df.text(*df.at(o, "title", where)), "level": units("level"),
            "ece_units": units("ece_units"), "core": df.flag(*df.at(o, "core", where)),
            "ge_units": units("ge_units"), "specialization_units": units("specialization_units"),
            "adult_supervision_units": units("adult_supervision_units"),
            "administration_units": units("administration_units"),
            "degree": None if degree is None else df.text(degree, degree_at),
            "experience_days": units("experience_days"), "experience_years": units("experience_years")}


@cache
def matrix() -> PermitMatrix:
    where = "permit_matrix.json"
    o = df.an_object(df.load(where), where)
    areas = df.an_object(*df.at(o, "core_areas", where))
    return {"source": df.text(*df.at(o, "source", where)),
            "edition": df.text(*df.at(o, "edition", where)),
            "experience_day_hours": df.whole(*df.at(o, "experience_day_hours", where)),
            "levels": [_spec(v, f"{where}.levels[{n}]")
                       for n, v in enumerate(df.a_list(*df.at(o, "levels", where)))],
            "core_areas": {k: df.text(v, f"{where}.core_areas.{k}") for k, v in areas.items()}}


@dataclass(frozen=True, slots=True)
class Requirement:
    key: str
    needed: str
    have: str
    met: bool
    missing: Wording | None = None  # what to do, when not met (worded in the reader's language)


@dataclass(frozen=True, slots=True)
class Level:
    title: str
    level: int
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def qualifies(self) -> bool:
        return all(r.met for r in self.requirements)


@dataclass(frozen=True, slots=True)
class Standing:
    ece_units: Decimal
    ge_units: Decimal
    specialization_units: Decimal
    adult_supervision_units: Decimal
    administration_units: Decimal
    core: dict[str, bool]
    degree_rank: int
    experience_days: dict[int, int]  # years back -> qualifying days within them
    experience_unknown_hours: bool


def _units(course: Mapping[str, Any]) -> Decimal:
    return as_decimal(course.get("units")) or Decimal("0")


def _weekdays(start: date, end: date) -> int:
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, extra = divmod(days, 7)
    return weeks * 5 + sum(1 for n in range(extra) if (start + timedelta(days=weeks * 7 + n)).weekday() < 5)


def standing(records: Iterable[Mapping[str, Any]], positions: Iterable[Mapping[str, Any]], today: date) -> Standing:
    records = list(records)
    courses = [r["data"] for r in records if r.get("kind") == "course" and counts(r["data"].get("grade"))]
    ece = [c for c in courses if is_ece(c)]
    general = [c for c in courses if not is_ece(c)]
    adult = sum((_units(c) for c in courses if ADULT_SUPERVISION.search(str(c.get("title") or ""))), Decimal("0"))
    admin = sum((_units(c) for c in courses if ADMIN_COURSE.search(str(c.get("title") or ""))
                 and not ADULT_SUPERVISION.search(str(c.get("title") or ""))), Decimal("0"))
    ece_units = sum((_units(c) for c in ece), Decimal("0"))
    core = {area: any(pattern.search(str(c.get("title") or "")) for c in ece) for area, pattern in CORE_AREAS.items()}
    degrees = [r["data"] for r in records if r.get("kind") == "degree"]
    rank = max((v for d in degrees for k, v in DEGREE_RANK.items() if k in str(d.get("title") or "").lower()),
               default=0)
    unknown = False
    experience: dict[int, int] = {}
    confirmed = [p for p in positions if p.get("status") == "confirmed"]
    for years in {int(level["experience_years"]) for level in matrix()["levels"]} | {0}:
        window_start = today - timedelta(days=365 * years) if years else date.min
        total = 0
        for p in confirmed:
            start, end = as_date(p.get("start_date")), as_date(p.get("end_date")) or today
            hours = p.get("hours_per_week")
            if start is None:
                continue
            if hours is None:
                unknown = True
                continue
            if float(hours) >= FULL_DAY_HOURS_PER_WEEK:
                total += _weekdays(max(start, window_start), min(end, today))
        experience[years] = total
    return Standing(ece_units=ece_units, ge_units=sum((_units(c) for c in general), Decimal("0")),
                    specialization_units=max(Decimal("0"), ece_units - Decimal("24") - admin - adult),
                    adult_supervision_units=adult, administration_units=admin, core=core, degree_rank=rank,
                    experience_days=experience, experience_unknown_hours=unknown)


# The degrees the matrix asks for, in words (a key the matrix uses and this lacks fails its test).
DEGREE_NEEDED = {"associate": Wording("a verified associate degree"),
                 "bachelor": Wording("a verified bachelor degree"),
                 "master": Wording("a verified master degree")}


def _units_requirement(key: str, label: Wording, needed: int, have: Decimal) -> Requirement:
    met = have >= needed
    return Requirement(key, f"{needed} units", f"{have} units", met,
                       None if met else Wording("{units} more units of {area}",
                                                {"units": str(Decimal(needed) - have), "area": label}))


def levels(s: Standing) -> list[Level]:
    data = matrix()
    out = []
    for spec in data["levels"]:
        reqs: list[Requirement] = [_units_requirement("ece_units", Wording("ECE/child development"),
                                                      spec["ece_units"], s.ece_units)]
        if spec["core"]:
            for area, label in data["core_areas"].items():
                have = s.core.get(area, False)
                reqs.append(Requirement(f"core:{area}", "a course", "yes" if have else "none verified", have,
                                        None if have else Wording("a course in {area}", {"area": Wording(label)})))
        for key, subject, needed, held in (
                ("ge_units", Wording("general education"), spec["ge_units"], s.ge_units),
                ("specialization_units", Wording("ECE specialization"), spec["specialization_units"],
                 s.specialization_units),
                ("adult_supervision_units", Wording("adult supervision"), spec["adult_supervision_units"],
                 s.adult_supervision_units),
                ("administration_units", Wording("administration"), spec["administration_units"],
                 s.administration_units)):
            if needed:
                reqs.append(_units_requirement(key, subject, needed, held))
        if spec["degree"]:
            needed_rank = DEGREE_RANK[spec["degree"]]
            met = s.degree_rank >= needed_rank
            reqs.append(Requirement("degree", f"{spec['degree']} degree or higher",
                                    next((k for k, v in DEGREE_RANK.items() if v == s.degree_rank), "none verified"),
                                    met, None if met else DEGREE_NEEDED[spec["degree"]]))
        if spec["experience_days"]:
            have_days = s.experience_days.get(int(spec["experience_years"]), 0)
            met = have_days >= spec["experience_days"]
            days = {"days": spec["experience_days"] - have_days, "hours": data["experience_day_hours"]}
            missing = (Wording("{days} more days of at least {hours} hours in confirmed positions (add hours per "
                               "week to your confirmed positions)", days) if s.experience_unknown_hours
                       else Wording("{days} more days of at least {hours} hours in confirmed positions", days))
            reqs.append(Requirement(
                "experience_days", f"{spec['experience_days']} days in {spec['experience_years']} years",
                f"{have_days} days", met, None if met else missing))
        out.append(Level(spec["title"], int(spec["level"]), reqs))
    return out
