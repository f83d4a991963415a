"""Stipend eligibility rules, each explained, from confirmed positions and verified records only."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.stipends import Facts, Period, Position, RulesRefused, check_rules, evaluate, term_date
from chalicelib.errors import word

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31))
RULES = [{"kind": "position", "min_hours_per_week": 20, "roles": ["teacher"], "counties": ["Sacramento"]},
         {"kind": "units_in_period", "min_units": 6, "ece_only": True},
         {"kind": "home_county", "counties": ["Sacramento", "Yolo"]}]


def _course(code: str, title: str, units: float, term: str, grade: str = "A") -> dict[str, object]:
    return {"kind": "course", "data": {"code": code, "title": title, "units": units, "term": term, "grade": grade}}


def test_someone_meeting_every_rule_is_told_why_each_is_met() -> None:
    facts = Facts(positions=(Position("Lead Teacher", "Sacramento", 32, date(2024, 8, 1), None),),
                  records=(_course("ECE 10", "Infant Care", 3, "Spring 2026"),
                           _course("ECE 12", "Preschool Curriculum", 3, "Fall 2026")),
                  home_county="Yolo")
    outcomes = evaluate(RULES, facts, PERIOD)
    assert [o.met for o in outcomes] == [True, True, True]
    assert ("(Lead Teacher) with at least 20 hours a week as teacher in Sacramento County"
            in outcomes[0].explanation.english())
    assert "your verified records show 6" in outcomes[1].explanation.english()
    assert word(outcomes[1].explanation, "es").startswith("Completó 6 unidades de educación infantil")
    assert word(outcomes[2].explanation, "zh") == "您住在 Sacramento / Yolo 縣。"


def test_each_unmet_rule_says_what_is_missing_and_nothing_is_guessed() -> None:
    facts = Facts(positions=(Position("Assistant", "Sacramento", 40, date(2024, 8, 1), None),
                             Position("Teacher", "Sacramento", None, date(2025, 1, 1), None)),
                  records=(_course("ECE 10", "Infant Care", 3, "Spring 2026"),
                           _course("ECE 11", "Child Guidance", 3, "sometime"),  # no readable term
                           _course("ECE 12", "Preschool Curriculum", 3, "Fall 2026", grade="F"),  # not passed
                           _course("ENGL 1", "Composition", 3, "Fall 2026")),  # not ECE
                  home_county="Fresno")
    position, units, county = evaluate(RULES, facts, PERIOD)
    assert not position.met and "has no hours per week" in position.explanation.english()
    assert not units.met and "your verified records show 3" in units.explanation.english()
    assert "1 verified course(s) have no term we can read" in units.explanation.english()
    assert not county.met and "your profile says Fresno" in county.explanation.english()


def test_a_position_that_ended_before_the_period_does_not_count() -> None:
    facts = Facts(positions=(Position("Teacher", "Sacramento", 40, date(2020, 1, 1), date(2025, 6, 30)),),
                  records=(), home_county=None)
    assert not evaluate(RULES[:1], facts, PERIOD)[0].met


def test_terms_are_read_only_when_they_say_a_season_and_year() -> None:
    assert term_date("Fall 2025") == date(2025, 10, 15)
    assert term_date("SPRING 2026 (16 weeks)") == date(2026, 3, 15)
    assert term_date("2026-05-01") == date(2026, 5, 1)
    assert term_date("Term 3") is None


def test_rules_the_registry_cannot_check_are_refused() -> None:
    with pytest.raises(RulesRefused, match="kind must be one of"):
        check_rules([{"kind": "vibes"}])
    with pytest.raises(RulesRefused, match="min_hours_per_week"):
        check_rules([{"kind": "position"}])
    with pytest.raises(RulesRefused, match="at least one"):
        check_rules([])
