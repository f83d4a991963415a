from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.credentials import ExpiryStatus, expiry_status
from chalicelib.domain.education import counts, is_ece, unit_totals
from chalicelib.domain.registry_id import luhn_check_digit, new_registry_id, normalise
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


def test_registry_ids_carry_a_check_digit_that_catches_typos() -> None:
    rid = new_registry_id()
    assert normalise(rid) == rid
    assert normalise(rid.replace("-", "").lower()) == rid
    digits = rid.replace("ECE-", "").replace("-", "")
    wrong = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    assert normalise(f"ECE-{wrong[:4]}-{wrong[4:8]}-{wrong[8]}") is None
    swapped = digits[1] + digits[0] + digits[2:]
    if swapped != digits:
        assert normalise(f"ECE-{swapped[:4]}-{swapped[4:8]}-{swapped[8]}") is None
    assert luhn_check_digit("7992739871") == 3


def test_training_hours_by_area_and_year() -> None:
    trainings = [{"hours": 3, "competency_area": "Professionalism", "completed_on": "2025-03-01"},
                 {"hours": 1.5, "competency_area": None, "completed_on": "2026-06-01"},
                 {"hours": 2, "competency_area": "Professionalism", "completed_on": "2026-01-10"}]
    assert hours_by_area(trainings) == {"Not specified": Decimal("1.5"), "Professionalism": Decimal("5")}
    assert hours_by_year(trainings) == {2025: Decimal("3"), 2026: Decimal("3.5")}
    assert hours_in_last_12_months(trainings, date(2026, 11, 24)) == Decimal("3.5")
