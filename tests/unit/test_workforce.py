from __future__ import annotations

import csv
import io

from chalicelib.domain.code_lists import california_county
from chalicelib.services.careers.workforce import WorkforceMember, aggregate, to_csv


def _member(county: str, language: str = "es") -> WorkforceMember:
    return WorkforceMember(county=county, program_type="center", role_group="lead", highest_degree="associate",
                           lattice_level="Teacher", years_in_field="3-5", primary_language=language)


def test_small_cells_are_not_listed_and_nothing_identifies_a_person() -> None:
    members = ([_member("Sacramento")] * 12 + [_member("Sacramento", "en")] * 11 + [_member("Sacramento", "vi")]
               + [_member("Yolo")] * 10 + [_member("Yolo", "en")] * 10 + [_member("Alpine")] * 3)
    rows = list(csv.DictReader(io.StringIO(to_csv(aggregate(members, release="2026-Q3")))))
    assert set(rows[0]) == {"area", "dimension", "value", "people"}
    assert all(int(r["people"]) >= 10 and int(r["people"]) % 5 == 0 for r in rows)
    assert not any(r["area"] == "Alpine" for r in rows)  # too small to be named
    assert {(r["area"], r["value"]) for r in rows if r["dimension"] == "primary_language"} == {
        ("Sacramento", "es"), ("statewide", "es")}  # the one Vietnamese speaker cannot be worked out
    # Rounded to fives, each at most one step from the truth (24, 20 and 47 people).
    totals = {r["area"]: int(r["people"]) for r in rows if r["dimension"] == "all"}
    assert totals["Sacramento"] in (20, 25) and totals["Yolo"] == 20 and totals["statewide"] in (45, 50)


def test_typed_counties_are_published_only_as_the_states_county_names() -> None:
    assert california_county("sacramento county") == "Sacramento"
    assert california_county("  SAN LUIS OBISPO ") == "San Luis Obispo"
    assert california_county("Contra Costa Co.") == "unknown"
    assert california_county("my house on 12 Elm St") == "unknown"


def test_the_alliance_elements_are_published_as_bands_and_codes_never_as_typed() -> None:
    from chalicelib.services.careers.workforce import _coded, hours_band, training_band, wage_band

    assert [hours_band(h) for h in (None, 12, 20, 34.5, 40)] == ["not given", "under 20", "20-34", "20-34",
                                                                   "35 or more"]
    assert [wage_band(w) for w in (None, 15.5, 16, 24.99, 31)] == ["not given", "under $16", "$16-19.99",
                                                                     "$20-24.99", "$30 or more"]
    assert [training_band(h) for h in (0, 3, 15, 45)] == ["0", "1-14", "15-29", "30 or more"]
    from chalicelib.domain.code_lists import RACE

    assert _coded(["asian", "white"], RACE) == "two or more" and _coded(["asian"], RACE) == "asian"
    assert _coded("Klingon", RACE) == "other" and _coded(None, RACE) == "not given"


def test_two_releases_a_hire_apart_do_not_tell_the_hires_language_by_subtraction() -> None:
    """The suppression test's attack across releases: the attacker subtracts consecutive releases and reads the
    new hire's language off the cell that went up by one. Releases are a quarter apart (release_period) and every
    count is randomly rounded to a multiple of five, fixed per release: over many quarters the attacker's reading
    is mostly wrong or undecided, where without rounding it is always right."""
    from datetime import date
    from itertools import pairwise

    from chalicelib.services.careers.workforce import release_period

    staff = [_member("Sacramento")] * 23 + [_member("Sacramento", "en")] * 17 + [_member("Sacramento", "vi")] * 12
    hire = _member("Sacramento", "vi")

    def languages(rows: list, release: str) -> dict[str, int]:  # type: ignore[type-arg]
        return {r.value: r.people for r in rows if r.area == "Sacramento" and r.dimension == "primary_language"}

    right = 0
    quarters = [f"{2000 + n // 4}-Q{n % 4 + 1}" for n in range(200)]
    for before, after in pairwise(quarters):
        old = languages(aggregate(staff, release=before), before)
        new = languages(aggregate([*staff, hire], release=after), after)
        went_up = [value for value in new if new[value] > old.get(value, 0)]
        right += went_up == ["vi"]
    assert right / (len(quarters) - 1) < 0.4  # unrounded, subtraction names "vi" every time
    assert release_period(date(2026, 12, 7)) == ("2026-Q3", date(2026, 9, 30))
    assert release_period(date(2027, 2, 1)) == ("2026-Q4", date(2026, 12, 31))
    assert release_period(date(2026, 4, 1)) == ("2026-Q1", date(2026, 3, 31))
