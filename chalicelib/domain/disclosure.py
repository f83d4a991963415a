"""Counts that can be published without identifying anyone: small-cell and complementary suppression.

A table of people by county and one attribute (degree, role, language...) is published only as counts of at
least `threshold`. A smaller count is suppressed (primary suppression); then, so it cannot be worked out by
subtracting what is published from a total, every county line and every value column holds either no
suppressed cell or at least two (complementary suppression, repeated until both hold), and the statewide
line of the attribute follows the same rule. Counties too small to publish a total are merged into one
"other counties" line first. Suppressed cells are not listed at all: none of their attributes are published.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

OTHER_COUNTIES = "other counties"
STATEWIDE = "statewide"


@dataclass(frozen=True, slots=True)
class Count:
    area: str  # a county, OTHER_COUNTIES or STATEWIDE
    dimension: str  # the attribute counted, or "all" for the area's total
    value: str
    people: int


def _complete(grid: Mapping[tuple[str, str], int], threshold: int,
              unpublished_areas: set[str]) -> set[tuple[str, str]]:
    """Cells to suppress in a (area, value) grid so no line or column has exactly one suppressed cell. The cells
    of an area whose total is not published count as suppressed, so statewide totals cannot reveal them."""
    hidden = {cell for cell, n in grid.items() if n < threshold or cell[0] in unpublished_areas}
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines: dict[str, list[tuple[str, str]]] = {}
            for cell in grid:
                lines.setdefault(cell[axis], []).append(cell)
            for cells in lines.values():
                inside = [c for c in cells if c in hidden]
                outside = [c for c in cells if c not in hidden]
                if len(inside) == 1 and outside:
                    hidden.add(min(outside, key=lambda c: (grid[c], c)))
                    changed = True
    return hidden


def _line(counts: Mapping[str, int], threshold: int) -> set[str]:
    """Values to suppress in one line (the statewide counts of an attribute)."""
    hidden = {v for v, n in counts.items() if n < threshold}
    if len(hidden) == 1 and len(counts) > 1:
        hidden.add(min((v for v in counts if v not in hidden), key=lambda v: (counts[v], v)))
    return hidden


def publishable(people: Iterable[Mapping[str, str]], *, area: str, dimensions: Iterable[str],
                threshold: int) -> list[Count]:
    """The counts of `people` (each a mapping of attribute to code) that may be published."""
    rows = list(people)
    sizes = Counter(r[area] for r in rows)
    areas = {a: (a if n >= threshold else OTHER_COUNTIES) for a, n in sizes.items()}
    totals = Counter(areas[r[area]] for r in rows)
    out = [Count(a, "all", "all", n) for a, n in sorted(totals.items()) if n >= threshold]
    published_areas = {c.area for c in out}
    if sum(totals.values()) >= threshold:
        out.append(Count(STATEWIDE, "all", "all", sum(totals.values())))
    for dimension in dimensions:
        grid = Counter((areas[r[area]], r[dimension]) for r in rows)
        hidden = _complete(grid, threshold, set(totals) - published_areas)
        out += [Count(a, dimension, v, n) for (a, v), n in sorted(grid.items()) if (a, v) not in hidden]
        statewide = Counter(r[dimension] for r in rows)
        quiet = _line(statewide, threshold)
        out += [Count(STATEWIDE, dimension, v, n) for v, n in sorted(statewide.items()) if v not in quiet]
    return out


ROUNDING_BASE = 5


def rounded(count: Count, release: str, base: int = ROUNDING_BASE) -> Count:
    """The count randomly rounded to a multiple of `base`, unbiased (up with probability remainder / base), with
    the draw fixed by the release and the cell: the same release always prints the same numbers, and two releases
    differ by noise of up to `base`, so subtracting consecutive releases does not reveal whether one person was
    added to a cell (a hire between them)."""
    import hashlib

    whole, remainder = divmod(count.people, base)
    if remainder == 0:
        return count
    digest = hashlib.sha256(f"{release}|{count.area}|{count.dimension}|{count.value}".encode()).digest()
    draw = int.from_bytes(digest[:8], "big") / 2 ** 64
    people = (whole + (1 if draw < remainder / base else 0)) * base
    return Count(count.area, count.dimension, count.value, people)
