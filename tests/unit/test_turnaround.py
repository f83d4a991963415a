"""Managers' figures: nearest-rank percentiles (a time that happened), age bands, shares."""

from __future__ import annotations

from chalicelib.domain.turnaround import Decision, backlog, hours_between, percentile, share, turnaround


def test_percentiles_are_times_that_happened() -> None:
    hours = [1.0, 2.0, 3.0, 4.0, 100.0]
    assert percentile(hours, 50) == 3.0 and percentile(hours, 90) == 100.0
    assert percentile([], 50) is None
    assert hours_between("2026-11-01T10:00:00.000000Z", "2026-11-02T12:30:00.000000Z") == 26.5


def test_turnaround_is_per_month_and_type_and_backlog_by_age() -> None:
    rows = turnaround([Decision("permit", "2026-10", 2), Decision("permit", "2026-10", 30),
                       Decision("transcript", "2026-10", 50), Decision("permit", "2026-11", 5)])
    assert rows == [
        {"month": "2026-10", "doc_type": "permit", "decisions": 2, "p50_hours": 2.0, "p90_hours": 30.0},
        {"month": "2026-10", "doc_type": "transcript", "decisions": 1, "p50_hours": 50.0, "p90_hours": 50.0},
        {"month": "2026-11", "doc_type": "permit", "decisions": 1, "p50_hours": 5.0, "p90_hours": 5.0}]
    counts = {b["age"]: b["documents"] for b in backlog([0.5, 23.9, 24.0, 100.0, 800.0])}
    assert counts == {"under 1 day": 2, "1-3 days": 1, "3-7 days": 1, "1-2 weeks": 0, "2-4 weeks": 0,
                      "over 4 weeks": 1}
    assert share(1, 3) == 0.3333 and share(0, 0) is None


def test_percentiles_from_counts_in_tenths_equal_those_of_the_decisions_themselves() -> None:
    import random

    from chalicelib.domain.turnaround import hour_counts, merged, turnaround_of_counts

    rng = random.Random(5)
    decisions = [Decision(rng.choice(["permit", "transcript", "cda"]), rng.choice(["2026-10", "2026-11"]),
                          round(rng.lognormvariate(2.5, 1.2), 4)) for _ in range(2000)]
    by_month = {m: merged(hour_counts(d for d in decisions[:700] if d.month == m),
                          hour_counts(d for d in decisions[700:] if d.month == m)) for m in ("2026-10", "2026-11")}
    assert turnaround_of_counts(by_month) == turnaround(decisions)
