"""Drawing pages with reportlab, printing values in the many ways registrars do, and degrading pages into
scans and phone photos."""

from __future__ import annotations

import io
import random
from datetime import date
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

FONT_DIR = "/usr/share/fonts/truetype"
_FONTS = {
    "sans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "mono": ("dejavu/DejaVuSansMono.ttf", "dejavu/DejaVuSansMono-Bold.ttf"),
    "liberation": ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf"),
    "condensed": ("dejavu/DejaVuSansCondensed.ttf", "dejavu/DejaVuSansCondensed-Bold.ttf"),
}
_registered: set[str] = set()
WIDTH, HEIGHT = 612.0, 792.0


def register_font(family: str, bold: bool, *, table: dict[str, tuple[str, str]] | None = None,
                  prefix: str = "") -> str:
    """The reportlab name of a face from `table` (family -> regular and bold files under FONT_DIR), registered on
    first use; a face the machine lacks falls back to the table's sans."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = table or _FONTS
    name = f"{prefix}{family}-{'b' if bold else 'r'}"
    if name not in _registered:
        path = faces[family][1 if bold else 0]
        try:
            pdfmetrics.registerFont(TTFont(name, f"{FONT_DIR}/{path}"))
        except Exception:
            pdfmetrics.registerFont(TTFont(name, f"{FONT_DIR}/{faces['sans'][1 if bold else 0]}"))
        _registered.add(name)
    return name


def _font(family: str, bold: bool) -> str:
    return register_font(family, bold)


class Document:
    """A PDF being drawn, top-down coordinates in points."""

    def __init__(self, family: str = "sans") -> None:
        from reportlab.pdfgen import canvas

        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=(WIDTH, HEIGHT))
        self.family = family
        self.pages = 1

    def text(self, x: float, y: float, s: str, size: float = 10, *, bold: bool = False, align: str = "left",
             family: str | None = None, grey: float = 0.0) -> float:
        """Draw s with its baseline at y (from the top); returns its width."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        name = _font(family or self.family, bold)
        width = stringWidth(s, name, size)
        self.canvas.setFont(name, size)
        self.canvas.setFillGray(grey)
        left = x - width if align == "right" else x - width / 2 if align == "center" else x
        self.canvas.drawString(left, HEIGHT - y, s)
        return float(width)

    def width(self, s: str, size: float = 10, bold: bool = False) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return float(stringWidth(s, _font(self.family, bold), size))

    def rule(self, x0: float, y: float, x1: float, weight: float = 0.6, grey: float = 0.0) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.setStrokeGray(grey)
        self.canvas.line(x0, HEIGHT - y, x1, HEIGHT - y)

    def box(self, x: float, y: float, w: float, h: float, weight: float = 0.8, fill: float | None = None) -> None:
        self.canvas.setLineWidth(weight)
        if fill is not None:
            self.canvas.setFillGray(fill)
        self.canvas.rect(x, HEIGHT - y - h, w, h, stroke=1, fill=1 if fill is not None else 0)
        self.canvas.setFillGray(0)

    def seal(self, x: float, y: float, r: float, words: str) -> None:
        """A round seal with its words set around the rim, as the dev corpus's distractors are."""
        import math

        self.canvas.setLineWidth(1.2)
        self.canvas.setStrokeGray(0.4)
        self.canvas.circle(x, HEIGHT - y, r)
        self.canvas.circle(x, HEIGHT - y, r * 0.8)
        name = _font("sans", True)
        for i, ch in enumerate(words.upper()):
            angle = math.pi * 0.9 - i * (1.8 * math.pi / max(1, len(words)))
            self.canvas.saveState()
            self.canvas.translate(x + r * 0.88 * math.cos(angle), HEIGHT - y + r * 0.88 * math.sin(angle))
            self.canvas.rotate(math.degrees(angle) - 90)
            self.canvas.setFont(name, r / 6)
            self.canvas.setFillGray(0.4)
            self.canvas.drawCentredString(0, 0, ch)
            self.canvas.restoreState()

    def new_page(self) -> None:
        self.canvas.showPage()
        self.pages += 1

    def pdf(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()


# ---------------------------------------------------------------- how values are printed

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def fmt_date(d: date, style: str) -> str:
    return {
        "mdy": f"{d.month:02d}/{d.day:02d}/{d.year}",
        "mdy_short": f"{d.month}/{d.day}/{d.year}",
        "mdy2": f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}",
        "iso": d.isoformat(),
        "long": f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
        "abbr": f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}",
        "dmy_long": f"{d.day} {MONTHS[d.month - 1]} {d.year}",
        "dmy_abbr": f"{d.day:02d} {MONTHS[d.month - 1][:3]} {d.year}",
        "dash": f"{d.month:02d}-{d.day:02d}-{d.year}",
        "upper_abbr": f"{MONTHS[d.month - 1][:3].upper()} {d.day:02d} {d.year}",
        "dot_dmy": f"{d.day:02d}-{MONTHS[d.month - 1][:3].upper()}-{d.year}",
    }[style]


def fmt_term(season: str, year: int, style: str) -> str:
    short = {"Fall": "FA", "Spring": "SP", "Summer": "SU", "Winter": "WI"}[season]
    return {
        "plain": f"{season} {year}",
        "upper": f"{season.upper()} {year}",
        "semester": f"{season} Semester {year}",
        "quarter": f"{'Autumn' if season == 'Fall' else season} Quarter {year}",
        "code_after": f"{year}{short}",
        "code_before": f"{short} {year}",
        "apostrophe": f"{season} '{year % 100:02d}",
        "session": f"{season} {'Session I ' if season == 'Summer' else ''}{year}",
        "term_label": f"Term: {season} {year}",
    }[style]


def fmt_units(units: float, style: str) -> str:
    return {"2dp": f"{units:.2f}", "1dp": f"{units:.1f}", "3dp": f"{units:.3f}",
            "bare": f"{units:g}" if units != int(units) else f"{int(units)}"}[style]


# ---------------------------------------------------------------- scans and phone photos

def render_pages(pdf: bytes, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def scan(pdf: bytes, rng: random.Random, *, harsh: bool = False) -> bytes:
    """An image-only PDF as a flatbed or copier would make it."""
    import numpy as np

    out = []
    for page in render_pages(pdf, 200 if not harsh else rng.choice((150, 200))):
        angle = rng.uniform(-2.2, 2.2) if harsh else rng.uniform(-1.5, 1.5)
        page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        if harsh:
            page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
        pixels = np.asarray(page, dtype=np.float32)
        pixels = pixels * rng.uniform(0.85, 0.97) + rng.uniform(8, 25)
        pixels += np.asarray(np.random.default_rng(rng.randrange(1 << 30)).normal(0, 9 if harsh else 6, pixels.shape))
        speckle = np.random.default_rng(rng.randrange(1 << 30)).random(pixels.shape) < 0.0006
        pixels[speckle] = 40
        page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=rng.randint(40, 60) if harsh else rng.randint(60, 80))
        out.append(Image.open(io.BytesIO(buffer.getvalue())).convert("L"))
    buffer = io.BytesIO()
    out[0].save(buffer, "PDF", save_all=True, append_images=out[1:], resolution=200)
    return buffer.getvalue()


def _perspective_coeffs(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    import numpy as np

    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=np.float64)
    b = np.array([c for pt in src for c in pt], dtype=np.float64)
    return [float(v) for v in np.linalg.solve(a, b)]


def phone(pdf: bytes, rng: random.Random, *, harsh: bool = False) -> bytes:
    """Page 1 photographed on a desk: perspective, uneven light, a shadow, blur and JPEG loss (~2.8 MP)."""
    import numpy as np

    page = render_pages(pdf, 150)[0].convert("RGB")
    out_w, out_h = 1440, 1920
    desk = tuple(rng.randint(60, 150) for _ in range(3))
    photo = Image.new("RGB", (out_w, out_h), desk)
    scale = rng.uniform(0.72, 0.86) if not harsh else rng.uniform(0.62, 0.8)
    pw, ph = page.width * scale * out_w / page.width, page.height * scale * out_w / page.width
    pw, ph = min(pw, out_w * 0.95), min(ph, out_h * 0.93)
    cx, cy = out_w / 2 + rng.uniform(-40, 40), out_h / 2 + rng.uniform(-40, 40)
    tilt = rng.uniform(0.01, 0.05) if not harsh else rng.uniform(0.03, 0.08)
    jitter = 25 if not harsh else 55
    corners = [(cx - pw / 2 * (1 - tilt), cy - ph / 2), (cx + pw / 2 * (1 - tilt), cy - ph / 2),
               (cx + pw / 2, cy + ph / 2), (cx - pw / 2, cy + ph / 2)]
    corners = [(x + rng.uniform(-jitter, jitter), y + rng.uniform(-jitter, jitter)) for x, y in corners]
    src = [(0.0, 0.0), (float(page.width), 0.0), (float(page.width), float(page.height)), (0.0, float(page.height))]
    coeffs = _perspective_coeffs(src, corners)
    warped = page.transform((out_w, out_h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC,
                            fillcolor=(0, 0, 0))
    mask = Image.new("L", (out_w, out_h), 0)
    ImageDraw.Draw(mask).polygon(corners, fill=255)
    photo.paste(warped, (0, 0), mask)
    pixels = np.asarray(photo, dtype=np.float32)
    yy, xx = np.mgrid[0:out_h, 0:out_w]
    light = 1.0 - rng.uniform(0.1, 0.3 if not harsh else 0.45) * (
        (xx / out_w) * rng.uniform(-1, 1) + (yy / out_h) * rng.uniform(-1, 1)) ** 2
    if rng.random() < 0.7:
        # A hand's or phone's shadow falling across one side of the page.
        edge = rng.uniform(0.2, 0.8) * out_w
        light *= np.where(xx + (yy - out_h / 2) * rng.uniform(-0.4, 0.4) < edge, rng.uniform(0.6, 0.85), 1.0)
    pixels *= light[..., None] * rng.uniform(0.85, 1.0)
    pixels += np.asarray(np.random.default_rng(rng.randrange(1 << 30)).normal(0, 4 if not harsh else 8,
                                                                                  pixels.shape))
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="RGB")
    photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.0) if not harsh else rng.uniform(0.9, 1.6)))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=rng.randint(70, 88) if not harsh else rng.randint(45, 65))
    return buffer.getvalue()


def truth_for_first_page(truth: dict[str, Any], first_page_rows: int | None) -> dict[str, Any]:
    """A phone photo shows page 1 only: its truth keeps what page 1 prints."""
    if truth["doc_type"] != "transcript" or first_page_rows is None:
        return dict(truth)
    cut = dict(truth)
    cut["courses"] = truth["courses"][:first_page_rows]
    cut["degrees"] = [d for d in truth["degrees"] if d.get("_page", 1) == 1]
    cut["pages_in_truth"] = [1]
    return cut
