"""Turn an accepted file into page images, bounded in memory whatever its size."""

from __future__ import annotations

import io
from collections.abc import Iterator

from PIL import Image, ImageOps

# Enough for 9-point type on a letter page; larger photos are decoded at reduced scale.
MAX_LONG_SIDE = 3300
PDF_RENDER_DPI = 300


def image_pages(data: bytes, kind: str) -> Iterator[Image.Image]:
    if kind == "pdf":
        yield from _pdf_pages(data)
        return
    if kind == "heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    with Image.open(io.BytesIO(data)) as img:
        if img.format == "JPEG":
            # Decode a 40 MP JPEG straight at reduced scale: a fraction of the memory and time.
            img.draft("L", (MAX_LONG_SIDE, MAX_LONG_SIDE))
        page = ImageOps.exif_transpose(img).convert("L")
    page.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
    yield page


def _pdf_pages(data: bytes) -> Iterator[Image.Image]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            scale = min(PDF_RENDER_DPI / 72, MAX_LONG_SIDE / max(width, height))
            bitmap = page.render(scale=scale, grayscale=True)
            yield bitmap.to_pil().convert("L")
            page.close()
    finally:
        pdf.close()


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=3)
    return buffer.getvalue()


def jpeg_bytes(image: Image.Image, *, max_side: int = 2000, quality: int = 80) -> bytes:
    preview = image.copy()
    preview.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    preview.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
