"""Small-cell and complementary suppression, checked by trying to work out a suppressed count from what is
published (a re-identification check), not by reading back the rule."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from chalicelib.domain.disclosure import OTHER_COUNTIES, STATEWIDE, Count, publishable

K = 10


def _people(spec: dict[tuple[str, str], int]) -> list[dict[str, str]]:
    return [{"county": c, "degree": d} for (c, d), n in spec.items() for _ in range(n)]


def _derivable(published: list[Count], truth: Counter[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Every (county, degree) count an analyst can compute exactly from the published table: the published cells,
    and any single unknown cell of a county line (county total minus the rest) or of a degree column
    (statewide degree count minus the published counties)."""
    known = {(c.area, c.value): c.people for c in published if c.dimension == "degree" and c.area != STATEWIDE}
    totals = {c.area: c.people for c in published if c.dimension == "all"}
    state = {c.value: c.people for c in published if c.dimension == "degree" and c.area == STATEWIDE}
    areas = {a for a, _ in truth}
    degrees = {d for _, d in truth}
    changed = True
    while changed:
        changed = False
        for area in areas & set(totals):
            unknown = [(area, d) for d in degrees if (area, d) not in known]
            if len(unknown) == 1:
                rest = sum(known.get((area, d), 0) for d in degrees if (area, d) != unknown[0])
                known[unknown[0]] = totals[area] - rest
                changed = True
        for degree in degrees & set(state):
            unknown = [(a, degree) for a in areas if (a, degree) not in known]
            if len(unknown) == 1:
                known[unknown[0]] = state[degree] - sum(known.get((a, degree), 0) for a in areas
                                                        if (a, degree) != unknown[0])
                changed = True
    return known


def _check(spec: dict[tuple[str, str], int]) -> list[Count]:
    people = _people(spec)
    published = publishable(people, area="county", dimensions=["degree"], threshold=K)
    assert all(c.people >= K for c in published), [c for c in published if c.people < K]
    sizes = Counter(p["county"] for p in people)
    truth = Counter((p["county"] if sizes[p["county"]] >= K else OTHER_COUNTIES, p["degree"]) for p in people)
    for cell, value in _derivable(published, truth).items():
        # Whatever can be computed is either zero or at least K people: nobody is singled out.
        assert value == 0 or value >= K, (cell, value)
    return published


def test_a_single_masters_holder_in_a_small_county_cannot_be_worked_out() -> None:
    published = _check({("Sacramento", "associate"): 30, ("Sacramento", "bachelor"): 14, ("Sacramento", "master"): 1,
                        ("Yolo", "associate"): 12, ("Yolo", "bachelor"): 11, ("Yolo", "master"): 2,
                        ("Alpine", "master"): 1})
    cells = {(c.area, c.value) for c in published if c.dimension == "degree"}
    assert ("Sacramento", "master") not in cells and ("Alpine", "master") not in cells
    assert ("Sacramento", "associate") in cells  # large cells are still published
    assert all(c.area != "Alpine" for c in published)  # a county too small for a total is never named


def test_random_populations_never_disclose_a_small_count() -> None:
    rng = random.Random(20261125)
    counties = ["Sacramento", "Yolo", "Placer", "Alpine", "Sierra"]
    degrees = ["none", "associate", "bachelor", "master"]
    for _ in range(200):
        spec = {(c, d): rng.choice([0, 0, 1, 2, 3, 5, 9, 10, 12, 25, 40]) for c, d in itertools.product(counties,
                                                                                                      degrees)}
        _check({k: v for k, v in spec.items() if v})
