"""A field's confidence from named evidence, then calibrated.

A parser that finds a value says why it believes it: the OCR's confidence in the words, how it found
the value (a specific label on the same line, a cell below a label, a sentence, a last-resort guess on
the value's shape), whether the value validates, and whether a cross-check agreed. The product of
those factors is a raw score; `calibrate` maps raw scores to the share of values that were right at
that score on held-out layout families (bench/extraction.py --fit writes the map). Staff see the
calibrated number, so 0.95 means "about 19 in 20 such values were right".
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
SURE = 0.95  # the review screen's line between "check this" and "looks right"
SURE_ACCURACY = 0.99

# How a value was found, from most to least specific. Named so a reviewer (and the calibration fit)
# can see which rule a value came from.
POSITION = {
    "same_cell": 1.0, "next_cell": 0.99, "table_column": 0.99, "below": 0.96, "sentence": 0.95, "above": 0.93,
    "heading": 0.93, "vocabulary": 0.92, "shape_only": 0.7,
}


@dataclass(frozen=True, slots=True)
class Reading:
    """A value and the evidence behind it."""

    value: Any
    evidence: dict[str, float] = field(default_factory=dict)
    words: tuple[str, ...] = ()  # Textract WORD block ids the value was read from

    @property
    def raw(self) -> float:
        score = 1.0
        for factor in self.evidence.values():
            score *= max(0.0, min(1.0, factor))
        return score

    def with_evidence(self, **factors: float) -> Reading:
        return Reading(self.value, {**self.evidence, **factors}, self.words)


class IsotonicFit(TypedDict):
    """The calibration map as calibration.json keeps it: from each raw score in `raw` up, `calibrated` (the same
    length, non-decreasing); `observations` is how many fields it was fitted on."""
    raw: list[float]
    calibrated: list[float]
    observations: int


@cache
def _knots() -> tuple[tuple[float, ...], tuple[float, ...]]:
    if not CALIBRATION_FILE.exists():
        return (), ()
    data = json.loads(CALIBRATION_FILE.read_text())
    return tuple(float(x) for x in data["raw"]), tuple(float(y) for y in data["calibrated"])


def calibrate(raw: float) -> float:
    """The calibrated confidence for a raw evidence score (a step function fitted by isotonic regression)."""
    xs, ys = _knots()
    if not xs:
        return round(raw, 3)
    index = bisect_right(xs, raw) - 1
    return round(ys[max(0, index)] if index >= 0 else min(ys[0], raw), 3)


def fit_isotonic(points: list[tuple[float, bool]], *, min_block: int = 25) -> IsotonicFit:
    """Pool-adjacent-violators over (raw score, was right): a non-decreasing map from score to accuracy.

    Blocks are kept to at least `min_block` observations so one lucky field cannot claim 1.0; each
    block's value is a Wilson lower bound, which errs on the side of 'not sure'.
    """
    ordered = sorted(points)
    blocks: list[list[float]] = []  # [min_raw, hits, count]
    for raw, right in ordered:
        blocks.append([raw, float(right), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            low, high = blocks[-2], blocks.pop()
            low[1] += high[1]
            low[2] += high[2]
    merged: list[list[float]] = []
    for block in blocks:
        if merged and merged[-1][2] < min_block:
            merged[-1][1] += block[1]
            merged[-1][2] += block[2]
        else:
            merged.append(block)
    raw_knots, values = [], []
    best = 0.0
    for start, hits, count in merged:
        best = max(best, _wilson_lower(hits, count))
        raw_knots.append(round(start, 4))
        # "Sure" (0.95 and above) is kept for scores where at least 99 in 100 were right: a block that is
        # merely 96% right is shown just under the line, so staff look at it.
        values.append(round(best if best >= SURE_ACCURACY or best < SURE else SURE - 0.01, 4))
    return {"raw": raw_knots, "calibrated": values, "observations": len(points)}


def _wilson_lower(hits: float, count: float, z: float = 1.64) -> float:
    if count == 0:
        return 0.0
    p = hits / count
    denominator = 1 + z * z / count
    centre = p + z * z / (2 * count)
    margin = float(z * ((p * (1 - p) + z * z / (4 * count)) / count) ** 0.5)
    return max(0.0, float((centre - margin) / denominator))
