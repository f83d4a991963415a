"""The job board's rules, without a table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from chalicelib.domain.jobs import JobSearch, Pay, Posting, PostingRefused, check_posting, is_listed

TODAY = date(2026, 11, 25)


def _posting(**changes: object) -> Posting:
    fields: dict[str, object] = {"title": "Teacher", "role": "teacher", "county": "Yolo", "schedule": "full_time",
                                 "pay": Pay(20.0, 24.0, "hour"), "requirements": "",
                                 "closes_on": TODAY + timedelta(days=30)}
    fields.update(changes)
    return Posting(**fields)  # type: ignore[arg-type]


def test_a_sound_posting_passes_and_each_mistake_is_named() -> None:
    check_posting(_posting(), TODAY)
    with pytest.raises(PostingRefused, match="lowest first"):
        check_posting(_posting(pay=Pay(30.0, 20.0, "hour")), TODAY)
    with pytest.raises(PostingRefused, match="looks like a yearly amount"):
        check_posting(_posting(pay=Pay(52000.0, 60000.0, "hour")), TODAY)
    with pytest.raises(PostingRefused, match="at most 90 days"):
        check_posting(_posting(closes_on=TODAY + timedelta(days=91)), TODAY)
    with pytest.raises(PostingRefused, match="after today"):
        check_posting(_posting(closes_on=TODAY), TODAY)
    with pytest.raises(PostingRefused, match="role must be one of") as both:
        check_posting(_posting(role="boss", schedule="whenever"), TODAY)
    assert "schedule must be one of" in str(both.value)


def test_a_post_is_listed_while_open_through_its_closing_day() -> None:
    assert is_listed("open", TODAY, TODAY)
    assert not is_listed("open", TODAY - timedelta(days=1), TODAY)
    assert not is_listed("closed", TODAY + timedelta(days=5), TODAY)
    assert not is_listed("removed", TODAY + timedelta(days=5), TODAY)


def test_searches_compare_pay_per_hour_whatever_period_a_post_uses() -> None:
    yearly = _posting(pay=Pay(45760.0, 49920.0, "year"))  # 22 to 24 an hour at 2080 hours
    assert JobSearch(min_hourly_pay=24.0).matches(yearly)
    assert not JobSearch(min_hourly_pay=24.5).matches(yearly)
    assert JobSearch(county="Yolo", role="teacher", schedule="full_time").matches(_posting())
    assert not JobSearch(county="Sacramento").matches(_posting())
    assert not JobSearch(schedule="part_time").matches(_posting())
