"""The Education & Training report's content, from verified records only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict

from chalicelib.domain.credentials import expiry_status
from chalicelib.domain.education import counts, is_ece, unit_totals
from chalicelib.domain.json_values import JsonValue
from chalicelib.domain.training import hours_by_area, hours_by_year

# A row's columns from the record's data are as verified or corrected (JSON; text when read well), the rest the
# report's own. Only the columns the report, the resume and the unit and hour totals read are carried.


class DegreeRow(TypedDict):
    title: JsonValue
    major: JsonValue
    institution: JsonValue
    conferred_on: JsonValue
    verified_at: str  # YYYY-MM-DD


class CourseRow(TypedDict):
    institution: JsonValue
    term: JsonValue
    code: JsonValue
    title: JsonValue
    units: JsonValue
    grade: JsonValue
    area: str  # ECE/CD | General
    verified_at: str


class CredentialRow(TypedDict):
    """A permit or a CDA credential."""

    title: JsonValue
    number: JsonValue
    issued_on: JsonValue
    expires_on: JsonValue
    status: str  # an ExpiryStatus value
    verified_at: str


class TrainingRow(TypedDict):
    completed_on: JsonValue
    training_title: JsonValue
    sponsor: JsonValue
    hours: JsonValue
    competency_area: JsonValue
    verified_at: str


@dataclass(frozen=True, slots=True)
class EducationTrainingReport:
    person_name: str
    registry_id: str
    report_id: str
    issued_at: str
    verify_url: str
    degrees: list[DegreeRow] = field(default_factory=list)
    courses: list[CourseRow] = field(default_factory=list)
    unit_totals: dict[str, Decimal] = field(default_factory=dict)
    credentials: list[CredentialRow] = field(default_factory=list)
    trainings: list[TrainingRow] = field(default_factory=list)
    hours_by_area: dict[str, Decimal] = field(default_factory=dict)
    hours_by_year: dict[int, Decimal] = field(default_factory=dict)


def _verified_on(r: Mapping[str, Any]) -> str:
    return str(r.get("verified_at", "")[:10])


def _degree(r: Mapping[str, Any]) -> DegreeRow:
    d = r["data"]
    return {"title": d.get("title"), "major": d.get("major"), "institution": d.get("institution"),
            "conferred_on": d.get("conferred_on"), "verified_at": _verified_on(r)}


def _course(r: Mapping[str, Any]) -> CourseRow:
    c = r["data"]
    return {"institution": c.get("institution"), "term": c.get("term"), "code": c.get("code"),
            "title": c.get("title"), "units": c.get("units"), "grade": c.get("grade"),
            "area": "ECE/CD" if is_ece(c) else "General", "verified_at": _verified_on(r)}


def _training(r: Mapping[str, Any]) -> TrainingRow:
    t = r["data"]
    return {"completed_on": t.get("completed_on"), "training_title": t.get("training_title"),
            "sponsor": t.get("sponsor"), "hours": t.get("hours"), "competency_area": t.get("competency_area"),
            "verified_at": _verified_on(r)}


def _text(value: JsonValue) -> str:
    """A column to sort by: text as it is, nothing as empty."""
    return str(value or "")


def build(records: Iterable[Mapping[str, Any]], *, person_name: str, registry_id: str, report_id: str,
          issued_at: str, verify_url: str, today: date) -> EducationTrainingReport:
    """records: {kind, data, verified_at}. D and F courses are left out; they stay on the record."""
    by_kind: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).append(r)
    courses = [_course(r) for r in by_kind.get("course", []) if counts(r["data"].get("grade"))]
    courses.sort(key=lambda c: (_text(c["institution"]), _term_key(c["term"] if isinstance(c["term"], str) else None),
                                _text(c["code"])))
    credentials: list[CredentialRow] = []
    for r in by_kind.get("permit", []):
        p = r["data"]
        credentials.append({"title": p.get("permit_title"), "number": p.get("document_number"),
                            "issued_on": p.get("issued_on"), "expires_on": p.get("expires_on"),
                            "status": expiry_status(p.get("expires_on"), today).value, "verified_at": _verified_on(r)})
    for r in by_kind.get("cda", []):
        c = r["data"]
        credentials.append({"title": f"CDA Credential ({c.get('setting')})", "number": c.get("credential_id"),
                            "issued_on": c.get("issued_on"), "expires_on": c.get("expires_on"),
                            "status": expiry_status(c.get("expires_on"), today).value, "verified_at": _verified_on(r)})
    trainings = sorted((_training(r) for r in by_kind.get("training", [])), key=lambda t: _text(t["completed_on"]),
                       reverse=True)
    return EducationTrainingReport(
        person_name=person_name, registry_id=registry_id, report_id=report_id, issued_at=issued_at,
        verify_url=verify_url, degrees=[_degree(r) for r in by_kind.get("degree", [])], courses=courses,
        unit_totals=unit_totals(courses), credentials=credentials, trainings=trainings,
        hours_by_area=hours_by_area(trainings), hours_by_year=hours_by_year(trainings))


_SEASON_ORDER = {"Winter": 0, "Spring": 1, "Summer": 2, "Fall": 3}


def _term_key(term: str | None) -> tuple[int, int]:
    if not term or " " not in term:
        return (0, 0)
    season, year = term.split(" ", 1)
    return (int(year) if year.isdigit() else 0, _SEASON_ORDER.get(season, 0))
