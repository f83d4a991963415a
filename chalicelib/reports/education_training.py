"""The Education & Training report's content, from verified records only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.domain.credentials import expiry_status
from chalicelib.domain.education import counts, is_ece, unit_totals
from chalicelib.domain.training import hours_by_area, hours_by_year


@dataclass(frozen=True, slots=True)
class EducationTrainingReport:
    person_name: str
    registry_id: str
    report_id: str
    issued_at: str
    verify_url: str
    degrees: list[dict[str, Any]] = field(default_factory=list)
    courses: list[dict[str, Any]] = field(default_factory=list)
    unit_totals: dict[str, Decimal] = field(default_factory=dict)
    credentials: list[dict[str, Any]] = field(default_factory=list)
    trainings: list[dict[str, Any]] = field(default_factory=list)
    hours_by_area: dict[str, Decimal] = field(default_factory=dict)
    hours_by_year: dict[int, Decimal] = field(default_factory=dict)


def build(records: Iterable[Mapping[str, Any]], *, person_name: str, registry_id: str, report_id: str,
          issued_at: str, verify_url: str, today: date) -> EducationTrainingReport:
    """records: {kind, data, verified_at}. D and F courses are left out; they stay on the record."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).append({**r["data"], "verified_at": r.get("verified_at", "")[:10]})
    courses = [{**c, "area": "ECE/CD" if is_ece(c) else "General"}
               for c in by_kind.get("course", []) if counts(c.get("grade"))]
    courses.sort(key=lambda c: (c.get("institution") or "", _term_key(c.get("term")), c.get("code") or ""))
    credentials = []
    for p in by_kind.get("permit", []):
        credentials.append({"title": p.get("permit_title"), "number": p.get("document_number"),
                            "issued_on": p.get("issued_on"), "expires_on": p.get("expires_on"),
                            "status": expiry_status(p.get("expires_on"), today).value, "verified_at": p["verified_at"]})
    for c in by_kind.get("cda", []):
        credentials.append({"title": f"CDA Credential ({c.get('setting')})", "number": c.get("credential_id"),
                            "issued_on": c.get("issued_on"), "expires_on": c.get("expires_on"),
                            "status": expiry_status(c.get("expires_on"), today).value, "verified_at": c["verified_at"]})
    trainings = sorted(by_kind.get("training", []), key=lambda t: t.get("completed_on") or "", reverse=True)
    return EducationTrainingReport(
        person_name=person_name, registry_id=registry_id, report_id=report_id, issued_at=issued_at,
        verify_url=verify_url, degrees=by_kind.get("degree", []), courses=courses,
        unit_totals=unit_totals(courses), credentials=credentials, trainings=trainings,
        hours_by_area=hours_by_area(trainings), hours_by_year=hours_by_year(trainings))


_SEASON_ORDER = {"Winter": 0, "Spring": 1, "Summer": 2, "Fall": 3}


def _term_key(term: str | None) -> tuple[int, int]:
    if not term or " " not in term:
        return (0, 0)
    season, year = term.split(" ", 1)
    return (int(year) if year.isdigit() else 0, _SEASON_ORDER.get(season, 0))
