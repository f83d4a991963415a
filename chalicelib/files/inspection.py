"""Decide from a file's content, never its name, whether the registry can read it.

Every refusal says what is wrong and what the participant can do about it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from chalicelib.domain.reasons import Reason, reason

ACCEPTED_MIME = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/heic": "heic",
    "image/heif": "heic",
    "image/webp": "webp",
    "image/tiff": "tiff",
}
MAX_PDF_PAGES = 60
# A 40-megapixel phone photo is fine; far beyond that is a decompression bomb, not a document.
MAX_IMAGE_PIXELS = 120_000_000
MIN_IMAGE_SIDE = 300


@dataclass(frozen=True, slots=True)
class FileVerdict:
    accepted: bool
    kind: str | None = None
    mime: str | None = None
    page_count: int | None = None
    width: int | None = None
    height: int | None = None
    reason: str | None = None  # in English, for logs and staff
    why: Reason | None = None  # the same, for the participant in their language

    @classmethod
    def refuse(cls, code: str, kind: str | None = None, **params: object) -> FileVerdict:
        why = reason(code, **params)
        return cls(accepted=False, kind=kind, reason=why.text("en"), why=why)


def sniff_mime(head: bytes) -> str | None:
    import filetype

    guess = filetype.guess(head)
    if guess is not None:
        return str(guess.mime)
    stripped = head.lstrip()[:64].lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in stripped:
        return "text/html"
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<svg"):
        return "image/svg+xml"
    return None


def _format_refusal(mime: str | None) -> FileVerdict:
    if mime is None:
        return FileVerdict.refuse("format_unknown")
    if mime == "text/html":
        return FileVerdict.refuse("format_html")
    if mime == "image/svg+xml":
        return FileVerdict.refuse("format_svg")
    return FileVerdict.refuse("format_other", mime=mime)


def inspect_file(data: bytes, *, max_bytes: int, max_pixels: int = MAX_IMAGE_PIXELS) -> FileVerdict:
    """`max_pixels` bounds an image before a pixel is decoded: a document photo may have 120 MP, a logo far fewer
    (a 10,500 x 10,500 PNG of 400 KB takes 850 MB and 5 s to decode)."""
    if not data:
        return FileVerdict.refuse("empty")
    if len(data) > max_bytes:
        return FileVerdict.refuse("too_large", mb=f"{max_bytes / (1024 * 1024):.0f}")
    mime = sniff_mime(data[:8192])
    kind = ACCEPTED_MIME.get(mime or "")
    if kind is None:
        return _format_refusal(mime)
    if kind == "pdf":
        return _inspect_pdf(data)
    return _inspect_image(data, kind, mime or "", max_pixels)


def _inspect_pdf(data: bytes) -> FileVerdict:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # An owner-password-only PDF opens with an empty user password and is readable.
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                return FileVerdict.refuse("pdf_password", kind="pdf")
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return FileVerdict.refuse("pdf_damaged", kind="pdf")
    if pages == 0:
        return FileVerdict.refuse("pdf_no_pages", kind="pdf")
    if pages > MAX_PDF_PAGES:
        return FileVerdict.refuse("pdf_too_many_pages", kind="pdf", pages=pages, most=MAX_PDF_PAGES)
    return FileVerdict(accepted=True, kind="pdf", mime="application/pdf", page_count=pages)


def _inspect_image(data: bytes, kind: str, mime: str, max_pixels: int = MAX_IMAGE_PIXELS) -> FileVerdict:
    from PIL import Image, UnidentifiedImageError

    if kind == "heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    try:
        with Image.open(io.BytesIO(data)) as img:
            # Header only: the size is known before any pixel is decoded.
            width, height = img.size
            if width * height > max_pixels:
                return FileVerdict.refuse("image_too_big", kind=kind, width=width, height=height)
            if min(width, height) < MIN_IMAGE_SIDE:
                return FileVerdict.refuse("image_too_small", kind=kind, width=width, height=height)
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return FileVerdict.refuse("image_damaged", kind=kind)
    return FileVerdict(accepted=True, kind=kind, mime=mime, page_count=1, width=width, height=height)
