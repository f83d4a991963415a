"""Processing-time and participation figures for registry managers (pure: percentiles, age bands, shares)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

AGE_BANDS: tuple[tuple[str, float], ...] = (("under 1 day", 24), ("1-3 days", 72), ("3-7 days", 168),
                                            ("1-2 weeks", 336), ("2-4 weeks", 672), ("over 4 weeks", math.inf))


def percentile(values: Sequence[float], p: float) -> float | None:
    """The nearest-rank percentile (p in 0..100): a value that occurred, never an interpolation."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def hours_between(start: str, end: str) -> float:
    def parse(text: str) -> datetime:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    return max(0.0, (parse(end) - parse(start)).total_seconds() / 3600)


@dataclass(frozen=True, slots=True)
class Decision:
    doc_type: str
    month: str  # yyyy-mm of the decision
    hours: float  # from the upload being taken in to the decision


class TurnaroundRow(TypedDict):
    """A month's decisions of one document type, and how many hours they took (nearest-rank p50 and p90)."""
    month: str
    doc_type: str
    decisions: int
    p50_hours: float
    p90_hours: float


class AgeBand(TypedDict):
    """How many documents have waited for staff this long."""
    age: str
    documents: int


def turnaround(decisions: Iterable[Decision]) -> list[TurnaroundRow]:
    groups: dict[tuple[str, str], list[float]] = {}
    for d in decisions:
        groups.setdefault((d.month, d.doc_type), []).append(d.hours)
    return [{"month": month, "doc_type": doc_type, "decisions": len(hours),
             "p50_hours": round(percentile(hours, 50) or 0, 1), "p90_hours": round(percentile(hours, 90) or 0, 1)}
            for (month, doc_type), hours in sorted(groups.items())]


# Hours kept in tenths: the figures are shown to a tenth of an hour, and rounding keeps order, so the nearest-rank
# percentile of the rounded hours is the rounded percentile of the hours themselves.
HourCounts = dict[str, dict[str, int]]  # {doc_type: {hours in tenths, as text: decisions}}


def hour_counts(decisions: Iterable[Decision]) -> HourCounts:
    counts: HourCounts = {}
    for d in decisions:
        per_type = counts.setdefault(d.doc_type, {})
        tenths = str(round(d.hours * 10))
        per_type[tenths] = per_type.get(tenths, 0) + 1
    return counts


def merged(*parts: HourCounts) -> HourCounts:
    total: HourCounts = {}
    for part in parts:
        for doc_type, per_type in part.items():
            into = total.setdefault(doc_type, {})
            for tenths, n in per_type.items():
                into[tenths] = into.get(tenths, 0) + int(n)
    return total


def _percentile_of_counts(counts: dict[str, int], p: float) -> float:
    ordered = sorted((int(t), int(n)) for t, n in counts.items())
    rank = max(1, math.ceil(p / 100 * sum(n for _, n in ordered)))
    seen = 0
    for tenths, n in ordered:
        seen += n
        if seen >= rank:
            return tenths / 10
    return 0.0


def turnaround_of_counts(by_month: dict[str, HourCounts]) -> list[TurnaroundRow]:
    """The same rows as turnaround(), from each month's counts."""
    return [{"month": month, "doc_type": doc_type, "decisions": sum(int(n) for n in counts.values()),
             "p50_hours": _percentile_of_counts(counts, 50), "p90_hours": _percentile_of_counts(counts, 90)}
            for month in sorted(by_month) for doc_type, counts in sorted(by_month[month].items()) if counts]


def backlog(ages_in_hours: Iterable[float]) -> list[AgeBand]:
    counts = dict.fromkeys((label for label, _ in AGE_BANDS), 0)
    for age in ages_in_hours:
        label = next(label for label, limit in AGE_BANDS if age < limit)
        counts[label] += 1
    return [{"age": label, "documents": n} for label, n in counts.items()]


def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)
