"""What a participant typed reaches every report as text: never a formula, never markup."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook, load_workbook

from chalicelib.domain.disclosure import Count
from chalicelib.reports.cells import csv_text, xlsx_row
from chalicelib.reports.education_training import build
from chalicelib.reports.pdf import education_training_pdf
from chalicelib.services.careers.workforce import to_csv

FORMULA = '=HYPERLINK("http://evil.example","Click")'


def test_a_formula_typed_as_a_name_is_stored_as_text_in_xlsx() -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Staff")
    sheet.append(xlsx_row(sheet, [FORMULA, "+1-555-0100", "Ana Reyes", 3.5]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(io.BytesIO(buffer.getvalue()))["Staff"].iter_rows())
    assert [(c.value, c.data_type) for c in cells] == [(FORMULA, "s"), ("+1-555-0100", "s"), ("Ana Reyes", "s"),
                                                      (3.5, "n")]


def test_csv_cells_that_would_run_get_an_apostrophe() -> None:
    assert csv_text("=1+1") == "'=1+1"
    assert csv_text("@SUM(A1)") == "'@SUM(A1)"
    assert csv_text("Sacramento") == "Sacramento"
    assert csv_text(7) == 7
    row = Count(area="=cmd|' /C calc'!A0", dimension="all", value="all", people=12)
    parsed = list(csv.DictReader(io.StringIO(to_csv([row]))))
    assert parsed[0]["area"] == "'=cmd|' /C calc'!A0"
    assert parsed[0]["people"] == "12"


def test_markup_in_a_verified_title_prints_as_text_in_the_pdf() -> None:
    from pypdf import PdfReader

    records = [{"kind": "course", "verified_at": "2026-01-02",
                "data": {"term": "Fall 2021", "code": "CHLD 101", "title": "<a href='http://evil'>Free units</a>",
                         "units": 3.0, "grade": "A", "institution": "Cabrillo & Co <b>College</b>"}}]
    report = build(records, person_name="Ana <font size=40>Reyes</font>", registry_id="12345678",
                   report_id="R-1", issued_at="2026-11-24T00:00:00Z", verify_url="https://registry.example/r/R-1",
                   today=date(2026, 11, 24))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(education_training_pdf(report))).pages)
    assert "<a href='http://evil'>Free units</a>" in text
    assert "Cabrillo & Co <b>College</b>" in text
    assert "Ana <font size=40>Reyes</font>" in text
