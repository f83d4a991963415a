"""Training hours by California ECE competency area and by year."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypedDict

from chalicelib.domain.readings import as_date, as_decimal

UNSPECIFIED = "Not specified"


def hours_by_area(trainings: Iterable[Mapping[str, Any]]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for t in trainings:
        totals[t.get("competency_area") or UNSPECIFIED] += as_decimal(t.get("hours")) or Decimal("0")
    return dict(sorted(totals.items()))


def hours_by_year(trainings: Iterable[Mapping[str, Any]]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for t in trainings:
        if (on := as_date(t.get("completed_on"))) is not None:
            totals[on.year] += as_decimal(t.get("hours")) or Decimal("0")
    return dict(sorted(totals.items()))


def hours_in_last_12_months(trainings: Iterable[Mapping[str, Any]], today: date) -> Decimal:
    since = today - timedelta(days=365)
    return sum((as_decimal(t.get("hours")) or Decimal("0") for t in trainings
                if (on := as_date(t.get("completed_on"))) is not None and on > since), Decimal("0"))


PERMIT_RENEWAL_HOURS = Decimal("105")  # professional growth hours for a 5-year California permit renewal


# "from" is a keyword: the functional form spells it.
ValidityPeriod = TypedDict("ValidityPeriod", {"from": str, "to": str})


class RenewalProgress(TypedDict):
    required_hours: float
    completed_hours: float
    remaining_hours: float
    period: ValidityPeriod


class CdaArea(TypedDict):
    number: int
    name: str
    hours: float
    meets: bool


class CdaProgress(TypedDict):
    areas: list[CdaArea]
    total_hours: float
    required_hours: float
    meets: bool


def renewal_progress(trainings: Iterable[Mapping[str, Any]], permit_issued: date, permit_expires: date,
                     required: Decimal = PERMIT_RENEWAL_HOURS) -> RenewalProgress:
    """Hours completed within the permit's validity period, toward the hours its renewal needs."""
    done = sum((as_decimal(t.get("hours")) or Decimal("0") for t in trainings
                if (on := as_date(t.get("completed_on"))) is not None and permit_issued <= on <= permit_expires),
               Decimal("0"))
    return {"required_hours": float(required), "completed_hours": float(done),
            "remaining_hours": float(max(Decimal("0"), required - done)),
            "period": {"from": permit_issued.isoformat(), "to": permit_expires.isoformat()}}


# The Council for Professional Recognition's eight CDA subject areas; the credential needs 120 clock hours of
# formal education with at least 10 in each (CDA Competency Standards).
CDA_SUBJECT_AREAS = (
    "Planning a safe and healthy learning environment",
    "Advancing children's physical and intellectual development",
    "Supporting children's social and emotional development",
    "Building productive relationships with families",
    "Managing an effective program operation",
    "Maintaining a commitment to professionalism",
    "Observing and recording children's behavior",
    "Understanding principles of child development and learning",
)
CDA_TOTAL_HOURS = Decimal("120")
CDA_HOURS_PER_AREA = Decimal("10")


def cda_progress(trainings: Iterable[Mapping[str, Any]]) -> CdaProgress:
    """Training hours by CDA subject area (1-8) against the Council's 120 hours, 10 in each area. Hours with no
    subject area count toward nothing here: the Council asks for each hour's area."""
    by_area = {n: Decimal("0") for n in range(1, len(CDA_SUBJECT_AREAS) + 1)}
    for t in trainings:
        area = t.get("cda_subject_area")
        if isinstance(area, int) and area in by_area:
            by_area[area] += as_decimal(t.get("hours")) or Decimal("0")
    total = sum(by_area.values(), Decimal("0"))
    areas: list[CdaArea] = [{"number": n, "name": CDA_SUBJECT_AREAS[n - 1], "hours": float(h),
              "meets": h >= CDA_HOURS_PER_AREA} for n, h in by_area.items()]
    return {"areas": areas, "total_hours": float(total), "required_hours": float(CDA_TOTAL_HOURS),
            "meets": total >= CDA_TOTAL_HOURS and all(a["meets"] for a in areas)}
