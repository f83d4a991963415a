"""Names in any script a participant writes are drawn in the registry's PDFs, in fonts the file carries."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from pypdf import PdfReader

from chalicelib.reports.education_training import build
from chalicelib.reports.fonts import FALLBACK, REGULAR, font_set, paragraph_text, runs
from chalicelib.reports.pdf import education_training_pdf, id_card_pdf, sign_in_sheet_pdf


def _text(pdf: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _embedded_fonts(pdf: bytes) -> set[str]:
    """The fonts whose glyphs are inside the file (a font program in its descriptor), by name without subset tag."""
    found: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font: Any = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                found.add(str(font["/BaseFont"]).split("+")[-1])
    return found


def test_the_machine_has_the_fonts_make_deps_installs() -> None:
    assert font_set().complete, "run `make deps`: fonts-dejavu-core and fonts-droid-fallback are missing"


def test_text_is_cut_where_the_latin_font_has_no_glyph() -> None:
    assert list(runs("Ana 陳美玲 Nguyễn", REGULAR)) == [("Ana ", REGULAR), ("陳美玲", FALLBACK), (" Nguyễn", REGULAR)]
    assert list(runs("Ana Reyes", REGULAR)) == [("Ana Reyes", REGULAR)]


def test_markup_typed_beside_chinese_stays_text() -> None:
    assert paragraph_text("王<b>小</b>&") == (f'<font face="{FALLBACK}">王</font>&lt;b&gt;'
                                            f'<font face="{FALLBACK}">小</font>&lt;/b&gt;&amp;')
    assert paragraph_text("<a href='x'>") == "&lt;a href='x'&gt;"


def test_a_chinese_name_and_institution_reach_the_education_and_training_report() -> None:
    records = [{"kind": "course", "verified_at": "2026-01-02",
                "data": {"term": "秋季 2021", "code": "CHLD 101", "title": "兒童發展", "units": 3.0, "grade": "A",
                         "institution": "國立臺灣師範大學"}}]
    report = build(records, person_name="陳美玲 (Mei-Ling Chen)", registry_id="ECE-1234-5678-0", report_id="R-1",
                   issued_at="2026-11-24T00:00:00Z", verify_url="https://registry.example/r/R-1",
                   today=date(2026, 11, 24))
    pdf = education_training_pdf(report)
    text = _text(pdf)
    for shown in ("陳美玲(Mei-LingChen)", "兒童發展", "國立臺灣師範大學", "秋季2021"):
        assert shown in text
    assert {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"} <= _embedded_fonts(pdf)


def test_the_id_card_and_a_sign_in_sheet_draw_chinese_and_vietnamese_names() -> None:
    card = id_card_pdf(person_name="王小明 Nguyễn Thị Lan", registry_id="ECE-1234-5678-0", status="Active",
                       member_since="2024-01-01", verify_url="https://registry.example/v")
    assert "王小明NguyễnThịLan" in _text(card)
    assert "DroidSansFallback" in _embedded_fonts(card)
    sheet = sign_in_sheet_pdf({"title": "幼兒安全 <b>訓練</b>", "event_id": "E-1", "starts_at": "2026-03-01T17:00:00Z",
                               "ends_at": "2026-03-01T19:00:00Z", "sponsor": "Sacramento 兒童中心",
                               "place": "Room 1", "hours": 2, "competency_area": "Health"},
                              [{"name": "陳美玲", "registry_id": "ECE-1234-5678-0", "status": "enrolled"}])
    text = _text(sheet)
    assert "幼兒安全<b>訓練</b>" in text and "Sacramento兒童中心" in text and "陳美玲" in text
