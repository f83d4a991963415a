"""The embedded local engine: a digital PDF's own text layer, else Tesseract (from apt) on page images."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections.abc import Iterable
from typing import Any

from PIL import Image

from chalicelib.ocr.base import Word, blocks_for_pages
from chalicelib.ocr.pages import image_pages, png_bytes, prepare_for_ocr, remove_rules

TEXT_LAYER_MIN_CHARS = 40
TEXT_LAYER_CONFIDENCE = 99.5


class OcrUnavailable(RuntimeError):
    pass


def pdf_text_layer(data: bytes) -> list[list[Word]] | None:
    """Words from the PDF's own text, or None when it has none worth reading (a scan)."""
    import pdfplumber

    pages: list[list[Word]] = []
    total = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            width, height = float(page.width), float(page.height)
            words = []
            for w in page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, use_text_flow=False):
                # Rotated watermark/seal letters come out one per word; upright text is what we read.
                if not w.get("upright", True):
                    continue
                text = str(w["text"])
                total += len(text)
                words.append(Word(text=text, left=float(w["x0"]) / width, top=float(w["top"]) / height,
                                  width=(float(w["x1"]) - float(w["x0"])) / width,
                                  height=(float(w["bottom"]) - float(w["top"])) / height,
                                  confidence=TEXT_LAYER_CONFIDENCE))
            pages.append(words)
    return pages if total >= TEXT_LAYER_MIN_CHARS else None


def _languages() -> str:
    # The Latin script model reads the accents of names (Hernández, Ødegaard, Nguyễn); eng does not.
    for tessdata in ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata"):
        if os.path.exists(os.path.join(tessdata, "Latin.traineddata")):
            return "Latin"
    return "eng"


def text_layer_response(data: bytes) -> dict[str, Any] | None:
    """Textract-shaped blocks from a digital PDF's own text (exact and free), or None for a scan."""
    layer = pdf_text_layer(data)
    if layer is None:
        return None
    response = blocks_for_pages(layer)
    response["EngineDetail"] = {"source": "pdf-text-layer"}
    return response


def tesseract_lines(image: Image.Image, *, languages: str | None = None) -> list[list[Word]]:
    """Words grouped into Tesseract's own text lines.

    Page segmentation mode 6 (one uniform block) keeps a table row or a label and its value on one
    line, where mode 3 splits columns into separate blocks; Tesseract's line grouping also follows a
    photo's skew better than grouping words by height afterwards.
    """
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable("Tesseract is not installed: run `make run` (it installs tesseract-ocr) "
                             "or `apt-get install tesseract-ocr`.")
    width, height = image.size
    result = subprocess.run(
        [binary, "stdin", "stdout", "-l", languages or _languages(), "--psm", "6", "tsv"],
        input=png_bytes(image), capture_output=True, check=False, timeout=120,
        # OpenMP threads spin against each other on 2 cores; one thread per page is faster here.
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
    )
    if result.returncode != 0:
        raise OcrUnavailable(f"Tesseract failed: {result.stderr.decode(errors='replace')[:200]}")
    lines: dict[tuple[str, str, str], list[Word]] = {}
    reader = csv.DictReader(io.StringIO(result.stdout.decode("utf-8", errors="replace")), delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    for row in reader:
        # Tesseract prints typographic quotes for the straight ones most forms use.
        text = (row.get("text") or "").strip().replace("\u2019", "'").replace("\u2018", "'")
        conf = float(row.get("conf") or -1)
        if row.get("level") != "5" or not text or conf < 0:
            continue
        key = (row["block_num"], row["par_num"], row["line_num"])
        lines.setdefault(key, []).append(
            Word(text=text, left=int(row["left"]) / width, top=int(row["top"]) / height,
                 width=int(row["width"]) / width, height=int(row["height"]) / height, confidence=conf))
    return [sorted(words, key=lambda w: w.left) for words in lines.values()]


class LocalEngine:
    name = "local"

    def analyze(self, data: bytes, kind: str) -> dict[str, Any]:
        return self.analyze_readings(data, kind)[0]

    def analyze_readings(self, data: bytes, kind: str,
                         pages: Iterable[Image.Image] | None = None) -> list[dict[str, Any]]:
        """One reading of the file, plus a second of its pages with table rules erased when it has them.

        `pages` are the file's page images when the caller has decoded them already (the worker renders
        each page once, for the review screen and for OCR); a digital PDF's text layer needs none.
        """
        if kind == "pdf" and (response := text_layer_response(data)) is not None:
            for _ in pages or ():
                pass  # the caller's pages still have to be produced (it saves them as it goes)
            return [response]
        plain: list[list[list[Word]]] = []
        derulled: list[list[list[Word]]] = []
        any_rules = False
        for raw in pages if pages is not None else image_pages(data, kind):
            page = prepare_for_ocr(raw, scanned=kind == "pdf")
            lines = tesseract_lines(page)
            plain.append(lines)
            erased = remove_rules(page)
            if erased is not None:
                any_rules = True
                derulled.append(tesseract_lines(erased))
            else:
                derulled.append(lines)
        readings = []
        for grouped, source in ((plain, "tesseract"), (derulled, "tesseract-rules-erased")):
            response = blocks_for_pages([[w for line in page for w in line] for page in grouped], grouped)
            response["EngineDetail"] = {"source": source}
            readings.append(response)
            if not any_rules:
                break
        return readings
