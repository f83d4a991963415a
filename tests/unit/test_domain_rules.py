from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.credentials import ExpiryStatus, expiry_status
from chalicelib.domain.education import counts, is_ece, unit_totals
from chalicelib.domain.registry_id import damm_check_digit, new_registry_id, normalise
from chalicelib.domain.training import hours_by_area, hours_by_year, hours_in_last_12_months


@pytest.mark.parametrize("grade,expected", [("A", True), ("C-", True), ("C", True), ("D+", False), ("D", False),
                                            ("F", False), ("W", False), ("P", True), ("I", False), (None, False)])
def test_c_minus_or_better_counts(grade: str | None, expected: bool) -> None:
    assert counts(grade) is expected


def test_unit_totals_split_ece_from_general_education_and_skip_d_and_f() -> None:
    courses = [{"code": "CHLD 101", "title": "Child Growth", "units": 3.0, "grade": "B"},
               {"code": "CHLD 102", "title": "Observation", "units": 3.0, "grade": "D"},
               {"code": "ENGL 1A", "title": "Composition", "units": 4.0, "grade": "C-"},
               {"code": "PSYC 7", "title": "Infant and Toddler Development", "units": 3.0, "grade": "A"}]
    assert unit_totals(courses) == {"ece_units": Decimal("6.0"), "general_units": Decimal("4.0"),
                                    "total_units": Decimal("10.0")}
    assert is_ece({"code": "PSYC 7", "title": "Infant and Toddler Development"})
    assert not is_ece({"code": "MATH 1", "title": "Statistics"})


def test_expiry_status() -> None:
    today = date(2026, 11, 24)
    assert expiry_status("2026-11-23", today) == ExpiryStatus.EXPIRED
    assert expiry_status("2027-02-01", today) == ExpiryStatus.EXPIRING
    assert expiry_status("2028-01-01", today) == ExpiryStatus.VALID
    assert expiry_status(None, today) == ExpiryStatus.UNKNOWN


def _as_id(nine_digits: str) -> str:
    return f"ECE-{nine_digits[:4]}-{nine_digits[4:8]}-{nine_digits[8]}"


def test_registry_ids_are_written_one_way_whatever_was_typed() -> None:
    rid = new_registry_id()
    assert normalise(rid) == rid
    assert normalise(rid.replace("-", "").lower()) == rid
    assert normalise(f"  {rid.lower()} ") == rid
    assert normalise("ECE-1234-5678") is None
    assert damm_check_digit("572") == 4  # the worked example of the algorithm


# Bodies chosen to hold the 0/9 neighbours that Luhn (the earlier check digit) let through when swapped.
@pytest.mark.parametrize("body", ["90658687", "10000000", "99999990", "12345678", "50909090"])
def test_every_single_typo_and_every_swap_of_neighbours_is_refused(body: str) -> None:
    digits = body + str(damm_check_digit(body))
    assert normalise(_as_id(digits)) == _as_id(digits)
    for i in range(9):
        for d in "0123456789":
            if d != digits[i]:
                assert normalise(_as_id(digits[:i] + d + digits[i + 1:])) is None, (digits, i, d)
    for i in range(8):
        if digits[i] != digits[i + 1]:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
            assert normalise(_as_id(swapped)) is None, (digits, i)


def test_training_hours_by_area_and_year() -> None:
    trainings = [{"hours": 3, "competency_area": "Professionalism", "completed_on": "2025-03-01"},
                 {"hours": 1.5, "competency_area": None, "completed_on": "2026-06-01"},
                 {"hours": 2, "competency_area": "Professionalism", "completed_on": "2026-01-10"}]
    assert hours_by_area(trainings) == {"Not specified": Decimal("1.5"), "Professionalism": Decimal("5")}
    assert hours_by_year(trainings) == {2025: Decimal("3"), 2026: Decimal("3.5")}
    assert hours_in_last_12_months(trainings, date(2026, 11, 24)) == Decimal("3.5")


def test_renewal_progress_counts_only_hours_inside_the_permit_period() -> None:
    from datetime import date

    from chalicelib.domain.training import renewal_progress

    trainings = [{"hours": 30, "completed_on": "2023-05-01"}, {"hours": 6.5, "completed_on": "2026-01-10"},
                 {"hours": 40, "completed_on": "2019-12-31"},  # before the permit: the last cycle
                 {"hours": 12, "completed_on": None}]
    progress = renewal_progress(trainings, date(2022, 8, 1), date(2027, 8, 1))
    assert progress == {"required_hours": 105.0, "completed_hours": 36.5, "remaining_hours": 68.5,
                        "period": {"from": "2022-08-01", "to": "2027-08-01"}}
    assert renewal_progress([{"hours": 200, "completed_on": "2024-01-01"}], date(2022, 8, 1),
                            date(2027, 8, 1))["remaining_hours"] == 0.0


def test_cda_progress_needs_120_hours_with_ten_in_each_subject_area() -> None:
    from chalicelib.domain.training import cda_progress

    even = [{"hours": 15, "cda_subject_area": n} for n in range(1, 9)]
    assert cda_progress(even)["total_hours"] == 120.0 and cda_progress(even)["meets"] is True
    lopsided = [{"hours": 115, "cda_subject_area": 1}, {"hours": 5, "cda_subject_area": 2}]
    result = cda_progress(lopsided)
    assert result["total_hours"] == 120.0 and result["meets"] is False
    assert [a["meets"] for a in result["areas"]] == [True] + [False] * 7
    assert cda_progress([{"hours": 50, "cda_subject_area": None}, {"hours": 5, "cda_subject_area": 9}])[
        "total_hours"] == 0.0


def test_the_closing_scrubber_removes_whole_name_words_and_personal_keys_only() -> None:
    from chalicelib.services.records.closing import Scrubber

    scrub = Scrubber(["Ana María Reyes", "Ana Reyes-Ortiz"])
    assert scrub.text("Ana's permit, issued to ANA MARÍA REYES; banana") == "[removed]'s permit, issued to " \
        "[removed] [removed] [removed]; banana"
    assert scrub.value({"person_name": "Ana Reyes", "courses": [{"title": "Child Growth", "note": "for reyes-ortiz"}],
                        "units": 3}) == {"person_name": None, "courses": [{"title": "Child Growth",
                                                                             "note": "for [removed]"}], "units": 3}
