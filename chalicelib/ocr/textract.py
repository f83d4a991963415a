"""Amazon Textract. DetectDocumentText takes one page image per call, so PDFs go page by page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from chalicelib.aws.clients import client
from chalicelib.ocr.pages import image_pages, jpeg_bytes


class TextractEngine:
    name = "textract"

    def __init__(self, textract: Any | None = None) -> None:
        self._textract = textract

    def analyze(self, data: bytes, kind: str) -> dict[str, Any]:
        return self.analyze_readings(data, kind)[0]

    def analyze_readings(self, data: bytes, kind: str, pages: Iterable[Any] | None = None,
                         enough: Callable[[dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
        # One reading: Textract is not asked twice for a page (each call is billed).
        return [self._analyze(data, kind, pages)]

    def _analyze(self, data: bytes, kind: str, images: Iterable[Any] | None) -> dict[str, Any]:
        if kind == "pdf":
            from chalicelib.ocr.local import text_layer_response

            # A digital PDF's own text is exact and free: no OCR call for it.
            if (response := text_layer_response(data)) is not None:
                for _ in images or ():
                    pass  # the caller's pages still have to be produced (it saves them as it goes)
                return response
        textract = self._textract or client("textract")
        blocks: list[dict[str, Any]] = []
        pages = 0
        for pages, image in enumerate(images if images is not None else image_pages(data, kind), start=1):
            # Textract's synchronous API takes images up to 10 MB; a 2000 px JPEG is far below.
            response = textract.detect_document_text(Document={"Bytes": jpeg_bytes(image, max_side=2400,
                                                                                    quality=90)})
            for block in response.get("Blocks", []):
                block["Page"] = pages
                blocks.append(block)
        return {"DocumentMetadata": {"Pages": pages}, "Blocks": blocks, "EngineDetail": {"source": "textract"}}


def engine_named(name: str) -> Any:
    if name == "textract":
        return TextractEngine()
    from chalicelib.ocr.local import LocalEngine

    return LocalEngine()
