"""The embedded local engine: a digital PDF's own text layer, else Tesseract (from apt) on page images."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
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
        # Inverted (white-on-black) text is no part of what people upload; not looking for it saves a tenth.
        [binary, "stdin", "stdout", "-l", languages or _languages(), "--psm", "6", "-c", "tessedit_do_invert=0",
         "tsv"],
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


def reading_quality(lines: list[list[Word]]) -> tuple[int, float]:
    """(words OCR read surely that look like words, mean confidence): an upright page of text has dozens."""
    words = [w for line in lines for w in line]
    # Capitals count too: a transcript printed all in capitals is upright (an upside-down page's letters come out
    # as unsure fragments either way).
    good = sum(1 for w in words if w.confidence >= 80 and re.fullmatch(r"[A-Za-z]{3,}[.,:;]?", w.text))
    mean = sum(w.confidence for w in words) / len(words) if words else 0.0
    return good, mean


def reads_upright(lines: list[list[Word]]) -> bool:
    # Measured on the dev photos and scans and a Colleague photo in capitals: upright pages give 19-185 such words
    # at a mean of 83-94; the same pages turned 90 or 180 degrees give 0-12 at a mean of 29-50.
    good, mean = reading_quality(lines)
    # Counted with capitals, a page upside down can give a dozen sure fragments; its mean confidence stays low.
    return (good >= 12 and mean >= 60) or (good >= 4 and mean >= 70)


def orientation_by_osd(image: Image.Image) -> int | None:
    """The clockwise turn Tesseract's orientation detection says the page needs, when it is sure of it."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    result = subprocess.run([binary, "stdin", "stdout", "--psm", "0"], input=png_bytes(image),
                            capture_output=True, check=False, timeout=60,
                            env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
    text = result.stdout.decode(errors="replace")
    rotate = re.search(r"Rotate:\s*(\d+)", text)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", text)
    if result.returncode != 0 or rotate is None or confidence is None or float(confidence[1]) < 1.0:
        return None
    return int(rotate[1]) % 360


def turn_upright(page: Image.Image, lines: list[list[Word]]) -> tuple[Image.Image, list[list[Word]], int]:
    """The page turned the way it reads best: the orientation detection's answer first, then the other turns,
    stopping at the first that reads upright. Returns (page, its lines, clockwise degrees turned)."""
    best = (reading_quality(lines), page, lines, 0)
    suggested = orientation_by_osd(page)
    # Upright by the orientation detection (it is often unsure of an upside-down photo): try the half turn only.
    order = [180] if suggested == 0 else [a for a in (suggested, 180, 90, 270) if a]
    for angle in dict.fromkeys(order):
        # PIL turns counter-clockwise; Tesseract's Rotate is the clockwise turn that makes the page upright.
        turned = page.rotate(-angle, expand=True)
        turned_lines = tesseract_lines(turned)
        quality = reading_quality(turned_lines)
        if quality > best[0]:
            best = (quality, turned, turned_lines, angle)
        if reads_upright(turned_lines):
            break
    return best[1], best[2], best[3]


class LocalEngine:
    name = "local"

    def analyze(self, data: bytes, kind: str) -> dict[str, Any]:
        return self.analyze_readings(data, kind)[0]

    def analyze_readings(self, data: bytes, kind: str, pages: Iterable[Image.Image] | None = None,
                         enough: Callable[[dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
        """One reading of the file, plus a second of its pages with table rules erased when it has them and
        the first reading is not `enough` (the caller judges: every field found and sure).

        `pages` are the file's page images when the caller has decoded them already (the worker renders
        each page once, for the review screen and for OCR); a digital PDF's text layer needs none.
        """
        if kind == "pdf" and (response := text_layer_response(data)) is not None:
            for _ in pages or ():
                pass  # the caller's pages still have to be produced (it saves them as it goes)
            return [response]
        plain: list[list[list[Word]]] = []
        # Pages with their rules erased, kept as PNG until the first reading is judged: a 30-page scan's
        # erased pages as pixels would hold 250 MB.
        erased_pages: dict[int, bytes] = {}
        rotations: dict[int, int] = {}
        for number, raw in enumerate(pages if pages is not None else image_pages(data, kind), start=1):
            page = prepare_for_ocr(raw, scanned=kind == "pdf")
            lines = tesseract_lines(page)
            if not reads_upright(lines):
                # A page photographed sideways or upside down reads as a few low-confidence specks.
                page, lines, angle = turn_upright(page, lines)
                if angle:
                    rotations[number] = angle
            plain.append(lines)
            erased = remove_rules(page)
            if erased is not None:
                erased_pages[number] = png_bytes(erased)
        first = blocks_for_pages([[w for line in page for w in line] for page in plain], plain)
        first["EngineDetail"] = {"source": "tesseract", "rotations": rotations}
        if not erased_pages or (enough is not None and enough(first)):
            return [first]
        derulled = [tesseract_lines(Image.open(io.BytesIO(erased_pages[n]))) if n in erased_pages else lines
                    for n, lines in enumerate(plain, start=1)]
        second = blocks_for_pages([[w for line in page for w in line] for page in derulled], derulled)
        second["EngineDetail"] = {"source": "tesseract-rules-erased", "rotations": rotations}
        return [first, second]
