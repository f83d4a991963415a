"""Decide from a file's content, never its name, whether the registry can read it.

Every refusal says what is wrong and what the participant can do about it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

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

WHAT_TO_UPLOAD = "Upload a PDF or a photo (JPEG, PNG or HEIC) of the document."


@dataclass(frozen=True, slots=True)
class FileVerdict:
    accepted: bool
    kind: str | None = None
    mime: str | None = None
    page_count: int | None = None
    width: int | None = None
    height: int | None = None
    reason: str | None = None

    @classmethod
    def refuse(cls, reason: str, kind: str | None = None) -> FileVerdict:
        return cls(accepted=False, kind=kind, reason=reason)


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


def _describe(mime: str | None) -> str:
    if mime is None:
        return "not a format the registry can read"
    if mime == "text/html":
        return "a web page (HTML), not a document"
    if mime == "image/svg+xml":
        return "a vector drawing (SVG), not a photo or scan"
    return f"a {mime} file, not a PDF or photo"


def inspect_file(data: bytes, *, max_bytes: int) -> FileVerdict:
    if not data:
        return FileVerdict.refuse("The file is empty (0 bytes), so there is nothing to read. " + WHAT_TO_UPLOAD)
    if len(data) > max_bytes:
        mb = max_bytes / (1024 * 1024)
        return FileVerdict.refuse(f"The file is larger than {mb:.0f} MB. Upload a smaller scan or photo, "
                                  "or split a long transcript into parts.")
    mime = sniff_mime(data[:8192])
    kind = ACCEPTED_MIME.get(mime or "")
    if kind is None:
        return FileVerdict.refuse(f"The file is {_describe(mime)}. {WHAT_TO_UPLOAD}")
    if kind == "pdf":
        return _inspect_pdf(data)
    return _inspect_image(data, kind, mime or "")


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
                return FileVerdict.refuse("This PDF is password-protected, so the registry cannot read it. "
                                          "Upload an unprotected copy (print it to a new PDF, or take a photo).",
                                          kind="pdf")
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return FileVerdict.refuse("This PDF is damaged and cannot be opened. Download it again from its "
                                  "source, or upload a photo of the paper document.", kind="pdf")
    if pages == 0:
        return FileVerdict.refuse("This PDF has no pages. " + WHAT_TO_UPLOAD, kind="pdf")
    if pages > MAX_PDF_PAGES:
        return FileVerdict.refuse(f"This PDF has {pages} pages; the registry takes at most {MAX_PDF_PAGES}. "
                                  "Upload only the pages of the document itself.", kind="pdf")
    return FileVerdict(accepted=True, kind="pdf", mime="application/pdf", page_count=pages)


def _inspect_image(data: bytes, kind: str, mime: str) -> FileVerdict:
    from PIL import Image, UnidentifiedImageError

    if kind == "heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    try:
        with Image.open(io.BytesIO(data)) as img:
            # Header only: the size is known before any pixel is decoded.
            width, height = img.size
            if width * height > MAX_IMAGE_PIXELS:
                return FileVerdict.refuse(
                    f"The image is {width}x{height} pixels, far more than a photo of a document needs. "
                    "Upload a normal phone photo or scan.", kind=kind)
            if min(width, height) < MIN_IMAGE_SIDE:
                return FileVerdict.refuse(
                    f"The image is only {width}x{height} pixels, too small to read. "
                    "Take the photo closer, with the whole page filling the frame.", kind=kind)
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return FileVerdict.refuse("The image is damaged or incomplete and cannot be opened. "
                                  "Take the photo again and upload it.", kind=kind)
    return FileVerdict(accepted=True, kind=kind, mime=mime, page_count=1, width=width, height=height)
