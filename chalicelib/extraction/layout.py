"""Lines and cells read from Textract blocks through trp.

A printed form puts labels and values in columns; a cell is a run of words on a
line with no wide gap inside it, so "Document Number:    C7828129" is two cells.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from typing import Any


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    left: float
    right: float
    confidence: float  # 0..1


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    top: float
    cells: tuple[Cell, ...]

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)

    @property
    def confidence(self) -> float:
        return min((c.confidence for c in self.cells), default=0.0)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def lines_from_blocks(response: dict[str, Any]) -> list[Line]:
    from trp import Document

    document = Document(response)
    out: list[Line] = []
    for page_number, page in enumerate(document.pages, start=1):
        for line in page.lines:
            words = sorted(line.words, key=lambda w: w.geometry.boundingBox.left)
            if not words:
                continue
            heights = sorted(w.geometry.boundingBox.height for w in words)
            char_height = heights[len(heights) // 2] or 0.01
            cells: list[Cell] = []
            run: list[Any] = [words[0]]
            for prev, word in pairwise(words):
                prev_box = prev.geometry.boundingBox
                gap = word.geometry.boundingBox.left - (prev_box.left + prev_box.width)
                if gap > char_height * 1.6:
                    cells.append(_cell(run))
                    run = []
                run.append(word)
            cells.append(_cell(run))
            out.append(Line(page=page_number, top=line.geometry.boundingBox.top, cells=tuple(cells)))
    out.sort(key=lambda ln: (ln.page, ln.top))
    return out


def _cell(words: list[Any]) -> Cell:
    box_left = words[0].geometry.boundingBox.left
    last = words[-1].geometry.boundingBox
    return Cell(text=_norm(" ".join(w.text for w in words)), left=box_left, right=last.left + last.width,
                confidence=min(float(w.confidence) for w in words) / 100.0)
