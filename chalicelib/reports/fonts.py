"""The fonts the registry's PDFs are drawn in, embedded (subset) in every file.

A Latin font with wide coverage (DejaVu Sans: Nguyễn, Ñúñez, Østergård) and, for the characters it lacks, a
CJK font (Droid Sans Fallback, Apache-2.0: 王小明, 陳美玲, Traditional and Simplified). ReportLab draws each
piece of text in one font and has no fallback of its own, so text is split into runs by which font has the
glyph and each run is drawn in its font. Without this a Chinese name printed as blank boxes, or as nothing.

Where the fonts come from: `REGISTRY_FONT_DIR` when it is set (in Lambda, the fonts layer that
infra/build_template.py builds, mounted at /opt/fonts), else Debian's packages fonts-dejavu-core and
fonts-droid-fallback (`make deps` installs them). ReportLab's own Vera is the last resort: it covers Latin-1
only, and GET /v1/health reports the service degraded while a font is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from chalicelib.reports.cells import markup_text

REGULAR = "RegistrySans"
BOLD = "RegistrySans-Bold"
FALLBACK = "RegistryCJK"

LATIN_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
CJK_FILE = "DroidSansFallbackFull.ttf"
SYSTEM_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/droid")
# What the fonts layer ships: each font with the licence it is distributed under (Debian's copyright files).
LAYER_FILES = {"DejaVuSans.ttf": "/usr/share/doc/fonts-dejavu-core/copyright",
               "DejaVuSans-Bold.ttf": "/usr/share/doc/fonts-dejavu-core/copyright",
               CJK_FILE: "/usr/share/doc/fonts-droid-fallback/copyright"}


def font_dirs() -> list[Path]:
    # A directory that is configured is the only one looked in: a layer missing a font should show, not be
    # papered over by whatever the machine happens to have.
    from chalicelib.config import get_settings

    chosen = get_settings().font_dir
    return [Path(chosen)] if chosen else [Path(d) for d in SYSTEM_DIRS]


def find_font(name: str) -> Path | None:
    for directory in font_dirs():
        if (directory / name).is_file():
            return directory / name
    return None


@dataclass(frozen=True, slots=True)
class FontSet:
    regular: str
    bold: str
    fallback: str | None
    complete: bool  # the wide Latin font and the CJK font were both found


@cache
def font_set() -> FontSet:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular_file, bold_file = (find_font(n) for n in LATIN_FILES)
    if regular_file and bold_file:
        pdfmetrics.registerFont(TTFont(REGULAR, str(regular_file)))
        pdfmetrics.registerFont(TTFont(BOLD, str(bold_file)))
    else:
        pdfmetrics.registerFont(TTFont(REGULAR, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))
    # <b> inside a paragraph looks the bold face up by family.
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    pdfmetrics.registerFontFamily(BOLD, normal=BOLD, bold=BOLD, italic=BOLD, boldItalic=BOLD)
    cjk_file = find_font(CJK_FILE)
    fallback = None
    if cjk_file:
        pdfmetrics.registerFont(TTFont(FALLBACK, str(cjk_file)))
        # The font has one weight: bold text in it is drawn regular rather than not at all.
        pdfmetrics.registerFontFamily(FALLBACK, normal=FALLBACK, bold=FALLBACK, italic=FALLBACK, boldItalic=FALLBACK)
        fallback = FALLBACK
    return FontSet(regular=REGULAR, bold=BOLD, fallback=fallback,
                   complete=bool(regular_file and bold_file and cjk_file))


@cache
def _glyphs(font_name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def runs(text: str, font_name: str) -> Iterator[tuple[str, str]]:
    """`text` cut into (piece, font) runs: the font's own where it has the glyph, the fallback where only the
    fallback has it. A character neither has stays in the main font (drawn as its missing-glyph box, which
    shows that something is there rather than dropping it)."""
    fonts = font_set()
    own = _glyphs(font_name)
    extra = _glyphs(fonts.fallback) if fonts.fallback else frozenset()
    piece: list[str] = []
    current = font_name
    for ch in text:
        code = ord(ch)
        wanted = fonts.fallback if (code not in own and code in extra and fonts.fallback) else font_name
        if wanted != current and piece:
            yield "".join(piece), current
            piece = []
        current = wanted
        piece.append(ch)
    if piece:
        yield "".join(piece), current


def paragraph_text(value: Any, font_name: str = REGULAR) -> str:
    """Text for a ReportLab Paragraph: markup characters escaped (nothing anyone typed is markup) and runs the
    paragraph's font cannot draw put in the fallback font."""
    text = str(value)
    fonts = font_set()
    if not fonts.fallback or text.isascii():
        return markup_text(text)
    return "".join(markup_text(piece) if font == font_name else f'<font face="{font}">{markup_text(piece)}</font>'
                   for piece, font in runs(text, font_name))


def string_width(text: str, font_name: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(sum(stringWidth(piece, font, size) for piece, font in runs(text, font_name)))


def draw_string(canvas: Any, x: float, y: float, text: str, font_name: str, size: float, *,
                align: str = "left") -> None:
    """canvas.drawString with the fallback font for the runs that need it."""
    if align == "right":
        x -= string_width(text, font_name, size)
    canvas.saveState()
    for piece, font in runs(text, font_name):
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += canvas.stringWidth(piece, font, size)
    canvas.restoreState()
