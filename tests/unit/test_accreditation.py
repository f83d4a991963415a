"""Accreditation figures against fixtures computed by hand (docs/accreditation-thresholds.md names each rule).

Every person below is built from verified records the way the registry stores them; the expected counts in
each test were worked out on paper from the rules, not read back from the code.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.domain.qualifications import Qualification, evaluate, qualification, role_group
from chalicelib.reports.program import ProgramReport, StaffRow, summary, to_json, to_pdf, to_xlsx

TODAY = date(2026, 11, 25)


def course(code: str, title: str, units: float, grade: str = "B") -> dict[str, Any]:
    return {"kind": "course", "data": {"code": code, "title": title, "units": units, "grade": grade},
            "verified_at": "2026-01-10T00:00:00.000000Z"}


def ece(n: int, *, title: str = "Child Growth and Development") -> list[dict[str, Any]]:
    return [course(f"CHLD {100 + i}", title, 3) for i in range(n)]


def general(units: int, grade: str = "C") -> list[dict[str, Any]]:
    return [course(f"ENGL {100 + i}", "Composition", 3, grade) for i in range(units // 3)]


def degree(title: str) -> dict[str, Any]:
    return {"kind": "degree", "data": {"title": title, "major": "Child Development"}}


def cda(expires_on: str) -> dict[str, Any]:
    return {"kind": "cda", "data": {"credential_id": "CDA-1", "setting": "Preschool", "expires_on": expires_on}}


def training(hours: float, on: str) -> dict[str, Any]:
    return {"kind": "training", "data": {"training_title": "Workshop", "hours": hours, "completed_on": on}}


def person(role: str, records: list[dict[str, Any]]) -> tuple[str, Qualification]:
    return role_group(role), qualification(records, TODAY)


CENTER = {
    "lead_aa": person("Lead Teacher", [degree("Associate of Arts"), training(24, "2026-03-01")]),
    "lead_60": person("Teacher", [*ece(4), *general(48), training(20, "2025-06-01"), training(10, "2026-10-01")]),
    "lead_ba": person("Lead Teacher", [degree("Bachelor of Arts")]),
    # 12 ECE + 38 general that count; the D and the W are on the record and never count: 50 units, not 60.
    "lead_50": person("Teacher", [*ece(4), *general(36), course("MATH 101", "Algebra", 2),
                                  course("HIST 1", "History", 6, "D"), course("ART 1", "Drawing", 4, "W")]),
    "assistant_cda": person("Assistant Teacher", [cda("2028-01-01")]),
    "assistant_expired": person("Aide", [cda("2025-01-01"), *ece(2)]),
    "assistant_12": person("Associate Teacher", ece(4)),
    "director": person("Director", [degree("Bachelor of Science"), *ece(5),
                                    *ece(1, title="Administration of Child Development Programs"),
                                    *ece(1, title="Adult Supervision and Mentoring"),
                                    *ece(1, title="Leadership in Early Childhood Education")]),
    "cook": person("Cook", [training(30, "2026-09-15")]),
}


def results(accreditor: str, people: dict[str, tuple[str, Qualification]]) -> list[tuple[str, int, int, bool | None]]:
    return [(r.threshold.key, r.meeting, r.counted, r.met) for r in evaluate(accreditor, people.values())]


def test_the_fixture_people_add_up_as_worked_out_by_hand() -> None:
    q = {name: p[1] for name, p in CENTER.items()}
    assert (q["lead_60"].ece_units, q["lead_60"].general_units) == (Decimal(12), Decimal(48))
    assert (q["lead_50"].ece_units, q["lead_50"].general_units) == (Decimal(12), Decimal(38))
    assert (q["director"].ece_units, q["director"].admin_units, q["director"].highest_degree_rank) == (24, 9, 3)
    assert q["lead_60"].training_hours_12_months == 10  # the June 2025 workshop is more than 12 months ago
    assert [CENTER[n][0] for n in ("lead_aa", "assistant_12", "director", "cook")] == ["lead", "assistant",
                                                                                     "director", "other"]


def test_naeyc_leads_assistants_and_administrator() -> None:
    assert results("naeyc", CENTER) == [
        ("aa_or_60_with_12_ece", 3, 4, True),   # AA, 60 with 12 ECE, BA meet; 50 units does not: 3/4 = 75%
        ("cda_or_12_ece", 2, 3, True),          # current CDA and 12 ECE meet; an expired CDA + 6 ECE does not
        ("ba_24_ece_9_admin", 1, 1, True),
    ]


def test_naeyc_lead_rule_fails_below_three_quarters() -> None:
    without_ba = {k: v for k, v in CENTER.items() if k != "lead_ba"}
    assert results("naeyc", without_ba)[0] == ("aa_or_60_with_12_ece", 2, 3, False)  # 66.7% < 75%


def test_nac_teaching_staff_training_and_director() -> None:
    assert results("nac", CENTER) == [
        ("cda_or_higher", 2, 4, True),          # AA and BA; 60 units without a degree is not a degree
        ("training_24h", 2, 9, False),          # everyone counts, the cook too: only 24 h and 30 h reach 24
        ("director_credential", 1, 1, True),
    ]


def test_nafcc_provider_and_assistants() -> None:
    home = {"provider": person("Owner / Provider", [cda("2027-06-30"), training(8, "2026-05-01")]),
            "assistant": person("Assistant", [training(12, "2026-02-01")])}
    assert results("nafcc", home) == [("cda_or_higher", 1, 1, True), ("training_12h", 1, 2, False)]
    # A program with nobody in a role does not fail that role's rule: it does not apply.
    assert results("naeyc", home)[0] == ("aa_or_60_with_12_ece", 0, 0, None)


def row(name: str, person_id: str, role: str, q: Qualification) -> StaffRow:
    return StaffRow(name=name, registry_id=f"ID-{person_id}", role=role, role_group=role_group(role),
                    hire_date="2024-01-01", q=q, person=person_id)


def report(kind: str, staff: list[StaffRow], directors: list[StaffRow]) -> ProgramReport:
    return ProgramReport(kind=kind, accreditor="naeyc", report_id="R-1", issued_at="2026-11-25T10:00:00.000000Z",
                         issued_to="Dana Director", verify_url="http://127.0.0.1:8000/v1/reports/R-1/verify",
                         program={"program_id": "P1", "name": "Sunrise", "license_number": "1",
                                  "program_type": "center", "address": None}, staff=staff, directors=directors)


def test_the_staff_report_counts_approved_directors_once() -> None:
    director_q = CENTER["director"][1]
    lead = row("Lee", "u-lead", "Lead Teacher", CENTER["lead_aa"][1])
    director_not_on_staff = row("Dana", "u-dir", "Director", director_q)
    # Before: the staff report left directors out, and the administrator rule read "0 of 0, not met".
    figures = summary(report("staff-verification", [lead], [director_not_on_staff]))
    assert figures["staff_count"] == 2
    assert [(t["meeting"], t["staff_counted"], t["met"]) for t in figures["thresholds"]] == [
        (1, 1, True), (0, 0, None), (1, 1, True)]
    # A director who also holds a confirmed position at the program is one person, not two.
    on_staff_too = row("Dana", "u-dir", "Director", director_q)
    assert summary(report("staff-verification", [lead, on_staff_too], [director_not_on_staff]))["staff_count"] == 2


def test_a_bad_stored_date_is_flagged_and_the_report_still_renders() -> None:
    broken = qualification([{"kind": "permit", "data": {"permit_title": "Child Development Teacher Permit",
                                                        "document_number": "T1", "expires_on": "2027-13-01"}},
                            course("CHLD 10", "Child Development", "3,5")], TODAY)  # type: ignore[arg-type]
    assert broken.valid_permit_level == 0  # an unreadable expiry never makes a permit count as valid
    assert broken.ece_units == 0
    assert broken.problems == ("course CHLD 10: units '3,5' is not a number (not counted)",
                               "permit Child Development Teacher Permit: expires on '2027-13-01' is not a date "
                               "(not counted)")
    r = report("director-verification", [row("Kim", "u-k", "Teacher", broken)], [])
    assert to_pdf(r).startswith(b"%PDF")
    assert to_xlsx(r).startswith(b"PK")
    staff = __import__("json").loads(to_json(r))["staff"][0]
    assert staff["unreadable_records"] == list(broken.problems)
    assert staff["permits"][0]["status"] == "unknown"


@pytest.mark.parametrize("role, group", [("Family Child Care Provider", "director"), ("Site Supervisor", "director"),
                                         ("Teacher Aide", "assistant"), ("Master Teacher", "lead"),
                                         ("Cook", "other")])
def test_role_groups_from_position_titles(role: str, group: str) -> None:
    assert role_group(role) == group
