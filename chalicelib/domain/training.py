"""Training hours by California ECE competency area and by year."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

UNSPECIFIED = "Not specified"


def hours_by_area(trainings: Iterable[Mapping[str, Any]]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for t in trainings:
        totals[t.get("competency_area") or UNSPECIFIED] += Decimal(str(t.get("hours") or 0))
    return dict(sorted(totals.items()))


def hours_by_year(trainings: Iterable[Mapping[str, Any]]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for t in trainings:
        if t.get("completed_on"):
            totals[date.fromisoformat(t["completed_on"]).year] += Decimal(str(t.get("hours") or 0))
    return dict(sorted(totals.items()))


def hours_in_last_12_months(trainings: Iterable[Mapping[str, Any]], today: date) -> Decimal:
    since = today - timedelta(days=365)
    return sum((Decimal(str(t.get("hours") or 0)) for t in trainings
                if t.get("completed_on") and date.fromisoformat(t["completed_on"]) > since), Decimal("0"))
