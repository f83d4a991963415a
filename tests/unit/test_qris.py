"""QRIS Elements 3 and 7 from verified records: the rubric's paths, the next level's needs, the program score."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain.qris import evidence_of, is_director, is_lead_teacher, program_score, rate

TODAY = date(2026, 11, 25)
CORE = ["Child Growth and Development", "Child, Family and Community", "Introduction to Curriculum"]


def _courses(titles: list[str], units: float = 3, prefix: str = "ECE") -> list[dict[str, Any]]:
    return [{"kind": "course", "data": {"code": f"{prefix} {n}", "title": t, "units": units, "grade": "A",
                                        "term": "Fall 2024", "institution": "Sac City"}} for n, t in enumerate(titles)]


def _training(hours: float) -> dict[str, Any]:
    return {"kind": "training", "data": {"title": "Workshop", "hours": hours, "completed_on": "2026-09-10",
                                         "competency_area": "Learning Environments and Curriculum"}}


def test_a_teacher_with_24_units_and_the_core_has_two_points_and_is_told_what_three_needs() -> None:
    records = _courses([*CORE, "Infant Care", "Preschool Guidance", "Child Health", "Observation", "Children's Art"])
    rating = rate("3", evidence_of(records, TODAY, family_child_care=False))
    assert rating.points == 2 and rating.reached_by is not None and "core courses" in rating.reached_by
    assert rating.next_needs == ["16 general-education units", "21 hours of verified training in the last 12 months"]


def test_without_the_core_courses_24_units_are_only_title_22() -> None:
    records = _courses(["Infant Care", "Preschool Guidance", "Child Health", "Observation", "Children's Art",
                        "School-age Care", "Toddler Care", "Preschool Music"])
    assert rate("3", evidence_of(records, TODAY, family_child_care=False)).points == 1


def test_a_bachelor_in_child_development_with_training_has_five_points() -> None:
    records = [*_courses(CORE), _training(24),
               {"kind": "degree", "data": {"title": "Bachelor of Arts", "major": "Child Development",
                                           "conferred_on": "2015-05-20"}}]
    rating = rate("3", evidence_of(records, TODAY, family_child_care=False))
    assert rating.points == 5 and rating.next_needs == []


def test_a_director_needs_administration_units_and_unverified_people_score_zero() -> None:
    base = _courses([*CORE, "Infant Care"]) + _courses(["Administration of ECE Programs"], prefix="ECE 9")
    assert rate("7", evidence_of(base, TODAY, family_child_care=False)).points == 1
    nothing = rate("7", evidence_of([], TODAY, family_child_care=False))
    assert nothing.points == 0 and nothing.next_needs == ["12 ECE/CD units", "3 administration units"]


def test_roles_and_program_scores() -> None:
    assert is_lead_teacher("Lead Teacher") and is_lead_teacher("Teacher")
    assert not is_lead_teacher("Assistant Teacher") and not is_lead_teacher("Associate Teacher")
    assert is_director("Site Supervisor") and is_director("Program Director")
    assert program_score("3", [5, 2, 3]) == 3 and program_score("7", [4, 2]) == 2
    assert program_score("3", []) is None
