"""A staff member's qualifications as accreditors read them, from verified records only.

Thresholds and the lattice are the registry's reading of each body's published
criteria (docs/accreditation-thresholds.md names the sources); they live here, in
one table, so a state or a body's revision changes one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict

from chalicelib.domain.credentials import ExpiryStatus, expiry_status
from chalicelib.domain.education import counts, unit_totals
from chalicelib.domain.readings import as_date, as_decimal, unreadable_date, unreadable_number
from chalicelib.domain.training import hours_by_area, hours_in_last_12_months

DEGREE_RANK = {"doctor": 5, "master": 4, "bachelor": 3, "associate": 2}
PERMIT_LEVELS = {  # California Child Development Permit Matrix, lowest to highest
    "Child Development Assistant Permit": 1,
    "Child Development Associate Teacher Permit": 2,
    "Child Development Teacher Permit": 3,
    "Child Development Master Teacher Permit": 4,
    "Child Development Site Supervisor Permit": 5,
    "Child Development Program Director Permit": 6,
}
LATTICE_NAMES = {0: "Entry", 1: "Assistant", 2: "Associate Teacher", 3: "Teacher", 4: "Master Teacher",
                 5: "Site Supervisor", 6: "Program Director"}
ADMIN_COURSE = re.compile(r"\b(administration|supervision|supervising|leadership|management|adult)\b", re.I)


class PermitHeld(TypedDict):
    """A verified permit as the program reports show it: the record's fields, its standing today."""

    title: str | None
    number: str | None
    expires_on: str | None
    status: str  # an ExpiryStatus value
    verified_at: str  # the day (YYYY-MM-DD), "" when not known


class CdaHeld(TypedDict):
    """The latest verified CDA credential."""

    credential_id: str | None
    setting: str | None
    expires_on: str | None
    status: str  # an ExpiryStatus value
    verified_at: str


@dataclass(frozen=True, slots=True)
class Qualification:
    highest_degree: str | None
    highest_degree_major: str | None
    highest_degree_rank: int
    degree_verified_at: str | None
    ece_units: Decimal
    general_units: Decimal
    admin_units: Decimal
    units_verified_at: str | None
    permits: list[PermitHeld] = field(default_factory=list)
    cda: CdaHeld | None = None
    training_hours_12_months: Decimal = Decimal("0")
    training_by_area: dict[str, Decimal] = field(default_factory=dict)
    training_verified_at: str | None = None
    lattice_level: int = 0
    # Records that could not be read (a stored date like 2027-13-01): shown on reports, never counted.
    problems: tuple[str, ...] = ()

    @property
    def lattice_name(self) -> str:
        return LATTICE_NAMES[self.lattice_level]

    @property
    def valid_permit_level(self) -> int:
        return max((PERMIT_LEVELS.get(p["title"] or "", 0) for p in self.permits
                    if p["status"] in (ExpiryStatus.VALID.value, ExpiryStatus.EXPIRING.value)), default=0)


def _degree_rank(title: str | None) -> int:
    lowered = (title or "").lower()
    return max((rank for word, rank in DEGREE_RANK.items() if word in lowered), default=0)


def _latest(values: Iterable[str | None]) -> str | None:
    present = [v for v in values if v]
    return max(present) if present else None


def qualification(records: Iterable[Mapping[str, Any]], today: date) -> Qualification:
    """records: {kind, data, verified_at}."""
    by_kind: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).append(r)
    degrees = sorted(by_kind.get("degree", []), key=lambda r: _degree_rank(r["data"].get("title")), reverse=True)
    top = degrees[0] if degrees else None
    courses = [r["data"] for r in by_kind.get("course", [])]
    totals = unit_totals(courses)
    admin = sum((as_decimal(c.get("units")) or Decimal("0") for c in courses
                 if counts(c.get("grade")) and ADMIN_COURSE.search(str(c.get("title") or ""))), Decimal("0"))
    permits: list[PermitHeld] = [{"title": r["data"].get("permit_title"), "number": r["data"].get("document_number"),
                "expires_on": r["data"].get("expires_on"),
                "status": expiry_status(r["data"].get("expires_on"), today).value,
                "verified_at": (r.get("verified_at") or "")[:10]} for r in by_kind.get("permit", [])]
    cda_records = sorted(by_kind.get("cda", []), key=lambda r: r["data"].get("expires_on") or "", reverse=True)
    cda: CdaHeld | None = None
    if cda_records:
        d = cda_records[0]["data"]
        cda = {"credential_id": d.get("credential_id"), "setting": d.get("setting"), "expires_on": d.get("expires_on"),
               "status": expiry_status(d.get("expires_on"), today).value,
               "verified_at": (cda_records[0].get("verified_at") or "")[:10]}
    trainings = [r["data"] for r in by_kind.get("training", [])]
    recent = [t for t in trainings
              if (on := as_date(t.get("completed_on"))) is not None and (today - on).days <= 365]
    q = Qualification(
        highest_degree=top["data"].get("title") if top else None,
        highest_degree_major=top["data"].get("major") if top else None,
        highest_degree_rank=_degree_rank(top["data"].get("title")) if top else 0,
        degree_verified_at=(top.get("verified_at") or "")[:10] if top else None,
        ece_units=totals["ece_units"], general_units=totals["general_units"], admin_units=admin,
        units_verified_at=_latest((r.get("verified_at") or "")[:10] for r in by_kind.get("course", [])),
        permits=permits, cda=cda, training_hours_12_months=hours_in_last_12_months(trainings, today),
        training_by_area=hours_by_area(recent),
        training_verified_at=_latest((r.get("verified_at") or "")[:10] for r in by_kind.get("training", [])),
        problems=tuple(_unreadable(by_kind)),
    )
    return _with_lattice(q)


# The fields each kind of record is counted by: one that cannot be read is named on the report instead.
_DATES = {"permit": ("expires_on",), "cda": ("expires_on",), "training": ("completed_on",)}
_NUMBERS = {"course": ("units",), "training": ("hours",)}


def _unreadable(by_kind: Mapping[str, list[Mapping[str, Any]]]) -> Iterable[str]:
    for kind, records in sorted(by_kind.items()):
        for r in records:
            data = r.get("data") or {}
            what = str(data.get("code") or data.get("permit_title") or data.get("training_title")
                       or data.get("credential_id") or kind)
            for name in _DATES.get(kind, ()):
                if unreadable_date(data.get(name)):
                    yield f"{kind} {what}: {name.replace('_', ' ')} {data.get(name)!r} is not a date (not counted)"
            for name in _NUMBERS.get(kind, ()):
                if unreadable_number(data.get(name)):
                    yield f"{kind} {what}: {name} {data.get(name)!r} is not a number (not counted)"


def _with_lattice(q: Qualification) -> Qualification:
    """The highest valid permit sets the level; without one, education alone places the person (CTC matrix)."""
    level = q.valid_permit_level
    if level == 0:
        if q.ece_units >= 24 and q.general_units >= 16:
            level = 3
        elif q.ece_units >= 12:
            level = 2
        elif q.ece_units >= 6 or (q.cda and q.cda["status"] != ExpiryStatus.EXPIRED.value):
            level = 1
    from dataclasses import replace

    return replace(q, lattice_level=level)


# --- accreditor thresholds -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Threshold:
    key: str
    label: str
    applies_to: str  # "lead" | "assistant" | "director" | "all"
    target_share: Decimal

    def met_by(self, q: Qualification) -> bool:
        return bool(THRESHOLD_TESTS[self.key](q))


THRESHOLD_TESTS = {
    "aa_or_60_with_12_ece": lambda q: q.highest_degree_rank >= 2 or (q.ece_units + q.general_units >= 60
                                                                      and q.ece_units >= 12),
    "cda_or_12_ece": lambda q: (q.cda is not None and q.cda["status"] != "expired") or q.ece_units >= 12,
    "ba_24_ece_9_admin": lambda q: q.highest_degree_rank >= 3 and q.ece_units >= 24 and q.admin_units >= 9,
    "cda_or_higher": lambda q: (q.cda is not None and q.cda["status"] != "expired") or q.highest_degree_rank >= 2,
    "training_12h": lambda q: q.training_hours_12_months >= 12,
    "training_24h": lambda q: q.training_hours_12_months >= 24,
    "director_credential": lambda q: q.highest_degree_rank >= 2 and q.admin_units >= 3 and q.ece_units >= 12,
}

class Accreditor(TypedDict):
    name: str
    thresholds: list[Threshold]
    columns: list[str]  # the program report's columns, in order: degree | units | permits | cda | training | lattice


ACCREDITORS: dict[str, Accreditor] = {
    "naeyc": {"name": "NAEYC", "thresholds": [
        Threshold("aa_or_60_with_12_ece", "Teachers with an associate degree, or 60 credits incl. 12 in ECE",
                  "lead", Decimal("0.75")),
        Threshold("cda_or_12_ece", "Assistant teachers with a CDA or 12 ECE credits", "assistant", Decimal("0.50")),
        Threshold("ba_24_ece_9_admin", "Program administrator: bachelor's, 24 ECE and 9 admin credits", "director",
                  Decimal("1.0")),
    ], "columns": ["degree", "units", "permits", "cda", "training", "lattice"]},
    "nac": {"name": "NAC", "thresholds": [
        Threshold("cda_or_higher", "Teaching staff with a CDA or a degree", "lead", Decimal("0.50")),
        Threshold("training_24h", "Staff with 24 training hours in the last 12 months", "all", Decimal("1.0")),
        Threshold("director_credential", "Director: degree, 12 ECE and 3 admin credits", "director", Decimal("1.0")),
    ], "columns": ["degree", "units", "cda", "training", "lattice"]},
    "nafcc": {"name": "NAFCC", "thresholds": [
        Threshold("cda_or_higher", "Provider with a CDA or a degree", "director", Decimal("1.0")),
        Threshold("training_12h", "Provider and assistants with 12 training hours in the last 12 months", "all",
                  Decimal("1.0")),
    ], "columns": ["degree", "cda", "training", "permits", "lattice"]},
}

@dataclass(frozen=True, slots=True)
class ThresholdResult:
    """One threshold over a program's people: who is counted, who meets it, and whether the program does."""

    threshold: Threshold
    counted: int
    meeting: int

    @property
    def share(self) -> Decimal:
        return Decimal(self.meeting) / Decimal(self.counted) if self.counted else Decimal("0")

    @property
    def met(self) -> bool | None:
        """None when nobody in the program holds a role the threshold applies to: "not applicable", which a
        reader must not take for "not met" (a program with no assistants does not fail the assistant rule)."""
        if not self.counted:
            return None
        return self.share >= self.threshold.target_share


def evaluate(accreditor: str, people: Iterable[tuple[str, Qualification]]) -> list[ThresholdResult]:
    """people: (role group, qualification) for each person counted once, staff and approved directors alike."""
    everyone = list(people)
    results = []
    for t in ACCREDITORS[accreditor]["thresholds"]:
        group = [q for role, q in everyone if t.applies_to == "all" or role == t.applies_to]
        results.append(ThresholdResult(t, counted=len(group), meeting=sum(1 for q in group if t.met_by(q))))
    return results


LEAD_ROLES = re.compile(r"\b(teacher|lead|master|head)\b", re.I)
ASSISTANT_ROLES = re.compile(r"\b(assistant|aide|associate)\b", re.I)
DIRECTOR_ROLES = re.compile(r"\b(director|administrator|supervisor|provider|owner)\b", re.I)


def role_group(role: str) -> str:
    if DIRECTOR_ROLES.search(role):
        return "director"
    if ASSISTANT_ROLES.search(role):
        return "assistant"
    if LEAD_ROLES.search(role):
        return "lead"
    return "other"

