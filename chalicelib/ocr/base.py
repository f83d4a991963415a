"""The OcrEngine contract and the shared work of building Textract-shaped blocks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    left: float  # fractions of the page, as Textract's Geometry.BoundingBox
    top: float
    width: float
    height: float
    confidence: float  # 0..100, as Textract


class OcrEngine(Protocol):
    name: str

    def analyze(self, data: bytes, kind: str) -> dict[str, Any]:
        """Read a whole file (kind: pdf | jpeg | png | heic | webp | tiff) into a Textract response dict."""
        ...


def _bbox(left: float, top: float, width: float, height: float) -> dict[str, Any]:
    return {"BoundingBox": {"Width": width, "Height": height, "Left": left, "Top": top},
            "Polygon": [{"X": left, "Y": top}, {"X": left + width, "Y": top},
                        {"X": left + width, "Y": top + height}, {"X": left, "Y": top + height}]}


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Group words into text lines by vertical overlap, each sorted left to right."""
    lines: list[list[Word]] = []
    anchors: list[tuple[float, float]] = []  # (centre, height) of each line's first word
    for word in sorted(words, key=lambda w: (w.top + w.height / 2, w.left)):
        centre = word.top + word.height / 2
        # Compare with the line's first word, not its last: a seal's letters set round a circle would
        # otherwise chain two lines of text into one.
        for index in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
            anchor_centre, anchor_height = anchors[index]
            if abs(anchor_centre - centre) < max(anchor_height, word.height) * 0.5:
                lines[index].append(word)
                break
        else:
            lines.append([word])
            anchors.append((centre, word.height))
    return [sorted(line, key=lambda w: w.left) for line in lines]


def blocks_for_pages(pages: list[list[Word]], grouped: list[list[list[Word]]] | None = None) -> dict[str, Any]:
    """Textract DetectDocumentText response shape: PAGE -> LINE -> WORD with geometry and confidence.

    `grouped` gives each page's lines when the engine knows them (Tesseract does); else words are grouped here.
    """
    blocks: list[dict[str, Any]] = []
    for page_number, words in enumerate(pages, start=1):
        page_id = str(uuid.uuid4())
        page_block: dict[str, Any] = {"BlockType": "PAGE", "Id": page_id, "Page": page_number,
                                      "Geometry": _bbox(0.0, 0.0, 1.0, 1.0), "Relationships": [{"Type": "CHILD",
                                                                                               "Ids": []}]}
        blocks.append(page_block)
        page_lines = grouped[page_number - 1] if grouped is not None else group_lines(words)
        for line_words in page_lines:
            line_id = str(uuid.uuid4())
            word_ids = []
            for w in line_words:
                word_id = str(uuid.uuid4())
                word_ids.append(word_id)
                blocks.append({"BlockType": "WORD", "Id": word_id, "Page": page_number, "Text": w.text,
                               "TextType": "PRINTED", "Confidence": w.confidence,
                               "Geometry": _bbox(w.left, w.top, w.width, w.height)})
            left = min(w.left for w in line_words)
            top = min(w.top for w in line_words)
            right = max(w.left + w.width for w in line_words)
            bottom = max(w.top + w.height for w in line_words)
            blocks.append({"BlockType": "LINE", "Id": line_id, "Page": page_number,
                           "Text": " ".join(w.text for w in line_words),
                           "Confidence": sum(w.confidence for w in line_words) / len(line_words),
                           "Geometry": _bbox(left, top, right - left, bottom - top),
                           "Relationships": [{"Type": "CHILD", "Ids": word_ids}]})
            page_block["Relationships"][0]["Ids"].append(line_id)
    return {"DocumentMetadata": {"Pages": len(pages)}, "Blocks": blocks}
