"""Turn an accepted file into page images, bounded in memory whatever its size."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from PIL import Image, ImageFilter, ImageOps

# Enough for 9-point type on a letter page; larger photos are decoded at reduced scale.
MAX_LONG_SIDE = 3300
MIN_LONG_SIDE = 2600
PDF_RENDER_DPI = 300
# Blur of the paper-brightness estimate, in 1/8-scale pixels: small enough to follow a hard shadow's edge.
BACKGROUND_BLUR = 2


def image_pages(data: bytes, kind: str) -> Iterator[Image.Image]:
    if kind == "pdf":
        yield from _pdf_pages(data)
        return
    if kind == "heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    with Image.open(io.BytesIO(data)) as img:
        colour = _paper_mask(ImageOps.exif_transpose(_small_colour(img)))
    with Image.open(io.BytesIO(data)) as img:
        if img.format == "JPEG":
            # Decode a 40 MP JPEG straight at reduced scale: a fraction of the memory and time.
            img.draft("L", (MAX_LONG_SIDE, MAX_LONG_SIDE))
        page = ImageOps.exif_transpose(img).convert("L")
    if colour is not None:
        # A page photographed from afar fills a third of the frame: keep the sheet (and a margin) so the
        # enlargement below goes to its letters, not to the desk around it.
        page, colour = _crop_to_paper(page, colour)
    page.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
    long_side = max(page.size)
    if long_side < MIN_LONG_SIDE:
        # Tesseract reads poorly below about 20 px of x-height: enlarge small or distant photos first.
        scale = MIN_LONG_SIDE / long_side
        page = page.resize((round(page.width * scale), round(page.height * scale)), Image.Resampling.LANCZOS)
    if colour is not None:
        page.info["paper_mask"] = colour
    yield page


def _crop_to_paper(page: Image.Image, mask: Image.Image) -> tuple[Image.Image, Image.Image]:
    box = mask.getbbox()
    if box is None:
        return page, mask
    sx, sy = page.width / mask.width, page.height / mask.height
    margin = 0.03
    left, top = max(0.0, box[0] / mask.width - margin), max(0.0, box[1] / mask.height - margin)
    right, bottom = min(1.0, box[2] / mask.width + margin), min(1.0, box[3] / mask.height + margin)
    if (right - left) * (bottom - top) > 0.8:
        return page, mask  # the sheet fills the frame already
    crop = (round(left * page.width), round(top * page.height), round(right * page.width), round(bottom * page.height))
    mask_crop = (round(crop[0] / sx), round(crop[1] / sy), round(crop[2] / sx), round(crop[3] / sy))
    return page.crop(crop), mask.crop(mask_crop)


def _small_colour(img: Image.Image) -> Image.Image:
    if img.format == "JPEG":
        img.draft("RGB", (400, 400))
    small = img.convert("RGB")
    small.thumbnail((400, 400))
    return small


def _paper_mask(small: Image.Image) -> Image.Image | None:
    """Where the sheet of paper lies in a colour photo: the pale, unsaturated region around the centre.

    Paper is white or grey whatever the light (a shadow darkens it but adds no colour); a desk, a hand or a
    carpet has colour. Brightness alone would cut a shadowed half of the page away. None when the photo is
    grey all over (nothing to tell paper from desk by) or no clear sheet stands out.
    """
    import numpy as np
    from PIL import ImageDraw

    rgb = np.asarray(small, dtype=np.float32)
    high, low = rgb.max(axis=2), rgb.min(axis=2)
    saturation = (high - low) / np.maximum(high, 1.0)
    paper = (saturation < 0.12) & (high > 60)
    h, w = paper.shape
    if paper.mean() > 0.97 or not paper[h // 2 - 2:h // 2 + 3, w // 2 - 2:w // 2 + 3].any():
        return None
    # A copy: an image made by fromarray can share numpy's read-only buffer, which floodfill silently leaves alone.
    binary = Image.fromarray(np.where(paper, 255, 0).astype(np.uint8), mode="L").copy()
    binary = binary.filter(ImageFilter.MaxFilter(3)).filter(ImageFilter.MinFilter(3))
    ImageDraw.floodfill(binary, (w // 2, h // 2), 128)
    region = np.asarray(binary) == 128
    if not 0.2 < region.mean() < 0.97:
        return None
    mask = Image.fromarray(np.where(region, 255, 0).astype(np.uint8), mode="L")
    # Close holes (coloured seals, a logo) and step in from the sheet's shadowed edge.
    return mask.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.MinFilter(7)).filter(ImageFilter.MinFilter(3))


def prepare_for_ocr(image: Image.Image, *, scanned: bool = False) -> Image.Image:
    """The page as Tesseract reads it best: light flattened, and salt-and-pepper specks removed where a
    scanner or copier left many (a median filter costs thin strokes a little, so only where it pays)."""
    import numpy as np

    if not scanned:
        # Phone photos are soft (focus, hand shake, JPEG): an unsharp mask gives Tesseract back the stroke edges.
        # Measured on blurred photos it finds about a sixth more of the printed values.
        sharpened = image.filter(ImageFilter.UnsharpMask(radius=2, percent=150, threshold=2))
        sharpened.info.update(image.info)
        image = sharpened
    flat = flatten_light(image)
    median = flat.filter(ImageFilter.MedianFilter(3))
    impulses = np.abs(np.asarray(flat, dtype=np.int16) - np.asarray(median, dtype=np.int16)) > 40
    # Measured: dev corpus scans show 0.03-0.1 such pixels per thousand, photos up to 0.5, speckled copies 0.6 or
    # more. Filtering photos too (a line at 0.3) cost dev phone F1 0.98 -> 0.95, so the line sits at 0.6.
    chosen = median if impulses.mean() > 0.0006 else flat
    if not scanned:
        return chosen
    # On a scan, after flattening, paper sits near 255 and ink far below; the light greys between are noise and
    # JPEG ringing that Tesseract would binarise into specks. Turning them white raised dev scan F1 0.93 -> 0.97;
    # on photos it cost 0.98 -> 0.94 (their blurred strokes live in those greys), so photos keep them.
    return chosen.point(_PAPER_WHITE)


_PAPER_WHITE = [255 if v > 170 else v for v in range(256)]


def flatten_light(image: Image.Image) -> Image.Image:
    """Divide a photo by an estimate of its paper's brightness, so shadows and uneven light go flat.

    The background is the page with its dark strokes closed over (a max filter at reduced scale) and
    blurred; text is darker than the paper around it wherever the light falls. Measured on harsh phone
    photos, Tesseract finds far more of the printed values after this one step. Dividing also turns a desk's
    texture into speckle that OCR reads as letters beside every row, so what lies outside the page is
    whitened (`_paper_mask`).
    """
    import numpy as np

    width, height = image.size
    small = image.resize((max(1, width // 8), max(1, height // 8)), Image.Resampling.BOX)
    # A closing (max, then min): text strokes vanish, but a shadow's edge stays where it is instead of moving
    # into the shadow, where it would leave a dark band over the words beside it.
    closed = small.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.MinFilter(7))
    background = closed.filter(ImageFilter.GaussianBlur(BACKGROUND_BLUR))
    background = background.resize((width, height), Image.Resampling.BILINEAR)
    pixels = np.asarray(image, dtype=np.float32)
    paper = np.maximum(np.asarray(background, dtype=np.float32), 24.0)
    flat = np.clip(pixels / paper * 255.0, 0, 255).astype(np.uint8)
    mask = image.info.get("paper_mask")
    if mask is not None:
        full = np.asarray(mask.resize((width, height), Image.Resampling.NEAREST)) > 0
        flat[~full] = 255
    return Image.fromarray(flat, mode="L")


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


def remove_rules(image: Image.Image, *, min_rule_widths: float = 12.0) -> Image.Image | None:
    """The page with long ruling lines whitened, or None when it has too few to matter.

    Table borders make Tesseract drop the text inside the cells; but erasing also nicks letters
    that touch a line, so callers read both versions and keep the better reading of each field.
    """
    import numpy as np
    pixels = np.asarray(image, dtype=np.uint8)
    # Darker than its surroundings, not darker than a fixed grey: a photo's light falls unevenly.
    background = np.asarray(image.filter(ImageFilter.BoxBlur(15)), dtype=np.int16)
    dark = pixels.astype(np.int16) < background * 0.82
    height, width = dark.shape
    cleaned = pixels.copy()
    masks = []
    for axis, length in ((1, max(40, width // 20)), (0, max(40, height // 30))):
        # A scanned rule is skewed by a degree or two: thicken across the line so it stays one run.
        across = 0 if axis == 1 else 1
        thick = dark.copy()
        for shift in (-2, -1, 1, 2):
            thick |= np.roll(dark, shift, axis=across)
        # A rule is thin across; a dark desk or shadow behind a photographed page is not.
        blob = _long_runs(dark, across, 12)
        masks.append(_long_runs(thick, axis, length) & dark & ~blob)
    # Rule pixels measured in page widths: a frame or a few underlines come to about 2-10, a ruled table more.
    if masks[0].sum() / width < min_rule_widths:
        return None
    for mask in masks:
        cleaned[mask] = 255
    return Image.fromarray(cleaned, mode="L")


def _long_runs(dark: Any, axis: int, length: int) -> Any:
    """Pixels that lie on a straight run of at least `length` dark pixels along axis."""
    import numpy as np

    counts = np.cumsum(dark, axis=axis, dtype=np.int32)
    pad_shape = list(dark.shape)
    pad_shape[axis] = 1
    counts = np.concatenate([np.zeros(pad_shape, dtype=np.int32), counts], axis=axis)
    full = np.take(counts, range(length, counts.shape[axis]), axis=axis) - np.take(
        counts, range(0, counts.shape[axis] - length), axis=axis)
    starts = full == length  # window [i, i+length) all dark
    mask = np.zeros_like(dark)
    # Spread each full window back over the pixels it covers (cumulative trick along the axis).
    marks = np.zeros(tuple(s + (1 if i == axis else 0) for i, s in enumerate(dark.shape)), dtype=np.int32)
    index_start = [slice(None)] * 2
    index_end = [slice(None)] * 2
    index_start[axis] = slice(0, starts.shape[axis])
    index_end[axis] = slice(length, length + starts.shape[axis])
    marks[tuple(index_start)] += starts
    marks[tuple(index_end)] -= starts
    covered = np.cumsum(marks, axis=axis)
    take = [slice(None)] * 2
    take[axis] = slice(0, dark.shape[axis])
    mask = covered[tuple(take)] > 0
    return mask

