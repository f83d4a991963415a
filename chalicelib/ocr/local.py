"""The embedded local engine: a digital PDF's own text layer, else Tesseract (from apt) on page images."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from typing import Any

from PIL import Image

from chalicelib.ocr.base import Word, blocks_for_pages
from chalicelib.ocr.pages import image_pages, png_bytes

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


def tesseract_words(image: Image.Image, *, languages: str = "eng") -> list[Word]:
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable("Tesseract is not installed: run `make run` (it installs tesseract-ocr) "
                             "or `apt-get install tesseract-ocr`.")
    width, height = image.size
    result = subprocess.run(
        [binary, "stdin", "stdout", "-l", languages, "--psm", "3", "-c", "preserve_interword_spaces=1", "tsv"],
        input=png_bytes(image), capture_output=True, check=False, timeout=120,
        env={"OMP_THREAD_LIMIT": "2", "PATH": "/usr/bin:/bin"},
    )
    if result.returncode != 0:
        raise OcrUnavailable(f"Tesseract failed: {result.stderr.decode(errors='replace')[:200]}")
    words = []
    reader = csv.DictReader(io.StringIO(result.stdout.decode("utf-8", errors="replace")), delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        conf = float(row.get("conf") or -1)
        if row.get("level") != "5" or not text or conf < 0:
            continue
        words.append(Word(text=text, left=int(row["left"]) / width, top=int(row["top"]) / height,
                          width=int(row["width"]) / width, height=int(row["height"]) / height, confidence=conf))
    return words


class LocalEngine:
    name = "local"

    def analyze(self, data: bytes, kind: str) -> dict[str, Any]:
        if kind == "pdf":
            layer = pdf_text_layer(data)
            if layer is not None:
                response = blocks_for_pages(layer)
                response["EngineDetail"] = {"source": "pdf-text-layer"}
                return response
        pages = [tesseract_words(page) for page in image_pages(data, kind)]
        response = blocks_for_pages(pages)
        response["EngineDetail"] = {"source": "tesseract"}
        return response
