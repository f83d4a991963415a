"""Lines, cells and words read from Textract blocks through trp.

A printed form puts labels and values in columns; a cell is a run of words on a
line with no wide gap inside it, so "Document Number:    C7828129" is two cells.
Words keep their geometry so tables can be read by their columns and a value
can be found below or above its label.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from chalicelib.ocr.response import TextractResponse


@dataclass(frozen=True, slots=True)
class WordBox:
    text: str
    left: float
    right: float
    confidence: float  # 0..1
    block_id: str = ""
    printed: str = ""  # the word as OCR read it, where `text` is a cleaned copy

    @property
    def as_printed(self) -> str:
        return self.printed or self.text


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    left: float
    right: float
    confidence: float  # 0..1
    words: tuple[WordBox, ...] = ()

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2

    @property
    def tokens(self) -> tuple[WordBox, ...]:
        """The cell's words; a cell built without them (a test, an older reading) spreads its text evenly."""
        if self.words:
            return self.words
        parts = self.text.split()
        step = (self.right - self.left) / max(1, len(self.text))
        out, offset = [], 0
        for part in parts:
            start = self.text.index(part, offset)
            out.append(WordBox(part, self.left + start * step, self.left + (start + len(part)) * step,
                               self.confidence))
            offset = start + len(part)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    top: float
    cells: tuple[Cell, ...]
    height: float = 0.012

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)

    @property
    def confidence(self) -> float:
        return min((c.confidence for c in self.cells), default=0.0)

    @property
    def words(self) -> tuple[WordBox, ...]:
        return tuple(w for cell in self.cells for w in cell.tokens)

    @property
    def left(self) -> float:
        return self.cells[0].left if self.cells else 0.0


# Typesetting ligatures a PDF's text layer keeps as one character ('Scientiﬁc'); what a person reads is letters.
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st", "\u00ad": ""})


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_LIGATURES))


def lines_from_blocks(response: TextractResponse) -> list[Line]:
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
            out.append(Line(page=page_number, top=line.geometry.boundingBox.top, cells=tuple(cells),
                            height=char_height))
    out.sort(key=lambda ln: (ln.page, ln.top))
    return out


def _cell(words: list[Any]) -> Cell:
    boxes = tuple(WordBox(text=_norm(w.text), left=w.geometry.boundingBox.left,
                          right=w.geometry.boundingBox.left + w.geometry.boundingBox.width,
                          confidence=float(w.confidence) / 100.0, block_id=str(w.id)) for w in words)
    return Cell(text=" ".join(b.text for b in boxes), left=boxes[0].left, right=boxes[-1].right,
                confidence=min(b.confidence for b in boxes), words=boxes)
