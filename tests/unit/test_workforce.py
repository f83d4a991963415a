from __future__ import annotations

import csv
import io

from chalicelib.services.workforce import WorkforceMember, aggregate, to_csv


def _member(county: str) -> WorkforceMember:
    return WorkforceMember(county=county, program_type="center", role_group="lead", highest_degree="associate",
                           lattice_level="Teacher", years_in_field="3-5", primary_language="Spanish")


def test_small_cells_are_suppressed_and_nothing_identifies_a_person() -> None:
    members = [_member("Sacramento")] * 12 + [_member("Alpine")] * 3
    rows = list(csv.DictReader(io.StringIO(to_csv(aggregate(members)))))
    by_county = {r["county"]: r["people"] for r in rows}
    assert by_county == {"Alpine": "<10", "Sacramento": "12"}
    assert set(rows[0]) == {"county", "program_type", "role_group", "highest_degree", "lattice_level",
                            "years_in_field", "primary_language", "people"}
