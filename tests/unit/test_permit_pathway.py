"""The permit pathway from verified records and confirmed positions, on fixtures worked out by hand against the
matrix in chalicelib/domain/data/permit_matrix.json."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain.permit_pathway import DEGREE_NEEDED, Level, levels, matrix, standing

TODAY = date(2026, 11, 25)  # a Wednesday


def course(title: str, units: float, code: str = "CHLD 1", grade: str = "B") -> dict[str, Any]:
    return {"kind": "course", "data": {"code": code, "title": title, "units": units, "grade": grade}}


CORE = [course("Child Growth and Development", 3), course("Child, Family and Community", 3, "CHLD 2"),
        course("Introduction to Curriculum", 3, "CHLD 3")]


def position(start: str, end: str | None = None, hours: float | None = 30, status: str = "confirmed") -> dict[str, Any]:
    return {"start_date": start, "end_date": end, "hours_per_week": hours, "status": status}


def by_title(records: list[dict[str, Any]], positions: list[dict[str, Any]]) -> dict[str, Any]:
    return {level.title.removeprefix("Child Development ").removesuffix(" Permit"): level
            for level in levels(standing(records, positions, TODAY))}


def _missing(level: Level) -> list[str]:
    """What the level still needs, in English."""
    return [r.missing.english() for r in level.requirements if not r.met and r.missing is not None]


def test_every_degree_the_matrix_asks_for_has_words() -> None:
    assert {lv["degree"] for lv in matrix()["levels"] if lv["degree"]} <= set(DEGREE_NEEDED)


def test_the_matrix_is_data_with_its_source() -> None:
    data = matrix()
    assert "Commission on Teacher Credentialing" in data["source"] and data["edition"]
    assert [lv["level"] for lv in data["levels"]] == [1, 2, 3, 4, 5, 6]


def test_six_ece_units_make_an_assistant_and_the_next_level_names_what_is_missing() -> None:
    found = by_title([course("Child Growth and Development", 3), course("Infant Care", 3, "CHLD 9"),
                      course("Composition", 3, "ENGL 1", "D")], [position("2026-10-01")])
    assert found["Assistant"].qualifies
    associate = found["Associate Teacher"]
    assert not associate.qualifies
    # 6 ECE units of 12; two of the three core courses missing; 2026-10-01..11-25 is 40 weekdays of the 50 needed.
    assert _missing(associate) == [
        "6 more units of ECE/child development", "a course in child, family and community (or child and family "
        "relations)", "a course in programs and curriculum",
        "10 more days of at least 3 hours in confirmed positions"]


def test_a_teacher_needs_24_ece_with_the_core_16_ge_and_175_days_in_four_years() -> None:
    ece = CORE + [course(f"Early Childhood Topic {n}", 3, f"ECE {n}") for n in range(5)]  # 24 units
    general = [course(f"General {n}", 4, f"GEN {n}") for n in range(4)]  # 16 units
    found = by_title(ece + general, [position("2019-01-07", "2023-06-30"), position("2023-08-01", None, hours=10)])
    # Only the last four years count (from 2022-11-26): 2022-11-28 .. 2023-06-30 is 155 weekdays; the part-time
    # position (10 h a week) is not a day of experience.
    teacher = found["Teacher"]
    assert [r.key for r in teacher.requirements if not r.met] == ["experience_days"]
    assert next(r for r in teacher.requirements if r.key == "experience_days").have == "155 days"
    # The associate level counts the last two years only (from 2024-11-26): no full-time days there.
    associate = found["Associate Teacher"]
    assert [(r.key, r.have) for r in associate.requirements if not r.met] == [("experience_days", "0 days")]


def test_site_supervisor_needs_an_associate_degree_and_administration_units() -> None:
    records = [*CORE, *[course(f"Early Childhood Topic {n}", 3, f"ECE {n}") for n in range(5)],
               course("Administration of Child Development Programs", 3, "CHLD 50"),
               course("Adult Supervision and Mentoring", 2, "CHLD 51"),
               {"kind": "degree", "data": {"title": "Associate in Arts"}}]
    found = by_title(records, [position("2020-01-06")])
    supervisor = found["Site Supervisor"]
    assert _missing(supervisor) == ["3 more units of administration"]
    assert _missing(found["Program Director"]) == [
        "3 more units of administration", "a verified bachelor degree"]


def test_positions_without_hours_are_named_not_guessed() -> None:
    found = by_title([*CORE, course("Play", 3, "ECE 9")], [position("2020-01-06", hours=None)])
    missing = _missing(found["Associate Teacher"])
    assert missing == ["50 more days of at least 3 hours in confirmed positions (add hours per week to your "
                       "confirmed positions)"]
