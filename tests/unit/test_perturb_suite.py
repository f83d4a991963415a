"""The transcript perturbation suite's renderer (bench/synthetic/perturb.py): every truth value is printed in the
text layer for every transformation, nothing overlaps, photos are what they say. The extractor is not run here."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat

from bench.synthetic import perturb
from bench.synthetic.render import phone


@pytest.mark.parametrize("name", perturb.LAYOUT_TRANSFORMS)
def test_every_truth_value_is_printed_and_nothing_overlaps(name: str) -> None:
    rendered, applied = perturb._draw_pdf("unit-0", [name], 0)
    assert perturb.check_pdf(rendered) == []
    assert applied
    assert 8 <= len(rendered.truth["courses"]) <= 30
    keys = [(c["term"], c["code"]) for c in rendered.truth["courses"]]
    assert len(keys) == len(set(keys))


def test_the_same_record_under_every_transformation() -> None:
    base = perturb.draw("unit-1", "none")[2]
    for name in perturb.LAYOUT_TRANSFORMS:
        truth = perturb.draw("unit-1", name)[2]
        assert truth["transform"] == truth["family"] == name
        assert [(c["term"], c["code"], c["units"], c["grade"]) for c in truth["courses"]] == \
            [(c["term"], c["code"], c["units"], c["grade"]) for c in base["courses"]]
        assert truth["person_name"] == base["person_name"] and truth["degrees"] == base["degrees"]


def test_forced_second_page_and_first_page_truth() -> None:
    for name in ("page2_header_repeated", "page2_header_missing"):
        rendered, _ = perturb._draw_pdf("unit-2", [name], 0)
        assert rendered.pages >= 2 and rendered.first_page_rows
        _, suffix, truth = perturb.draw("unit-2", [name, "photo_upright"])
        assert suffix == ".jpg" and truth["pages_in_truth"] == [1]
        assert len(truth["courses"]) == rendered.first_page_rows


def test_academic_year_terms() -> None:
    assert perturb.fmt_term("Fall", 2021, "academic_year") == "2021-22 Fall"
    assert perturb.fmt_term("Spring", 2022, "academic_year") == "2021-22 Spring"
    assert perturb.fmt_term("Fall", 2021, "banner") == "Term: 202110 Fall 2021"
    assert perturb.fmt_term("Fall", 2021, "banner", in_column=True) == "202110 Fall 2021"


def test_photos() -> None:
    rendered, _ = perturb._draw_pdf("unit-3", ["none"], 0)
    image, quality = perturb.photo_image(rendered.pdf, random.Random("p"))
    assert perturb._jpeg(image, quality) == phone(rendered.pdf, random.Random("p"))
    upright = Image.open(io.BytesIO(perturb.draw("unit-3", "photo_upright")[0]))
    assert upright.size == (1440, 1920)
    for name, size in (("photo_rotated_90", (1920, 1440)), ("photo_rotated_180", (1440, 1920)),
                       ("photo_12mp", (3024, 4032))):
        shot = Image.open(io.BytesIO(perturb.draw("unit-3", name)[0]))
        assert shot.size == size and 0x0112 not in shot.getexif()
    for index in range(3):
        data, _, truth = perturb.draw("unit-3", "photo_exif_rotated", index=index)
        shot = Image.open(io.BytesIO(data))
        assert shot.getexif().get(0x0112) in (3, 6, 8)
        shown = ImageOps.exif_transpose(shot).convert("L")
        assert shown.size == (1440, 1920)
        assert ImageStat.Stat(ImageChops.difference(shown, upright.convert("L"))).mean[0] < 3  # JPEG noise only
        assert truth["variant"] == "phone"
    data, suffix, truth = perturb.draw("unit-3", "screenshot_96dpi")
    assert suffix == ".png" and Image.open(io.BytesIO(data)).size == (816, 1056)
