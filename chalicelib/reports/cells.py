"""Text a person typed, made safe for the formats the registry writes.

A name such as `=HYPERLINK("http://evil","Click")` must stay a name: spreadsheet programs run text that starts
with = + - @ (or a tab or carriage return before one) as a formula, and ReportLab reads <, > and & in a
paragraph as markup (fake links, hidden text). Every writer passes user text through these.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_text(value: Any) -> Any:
    """A CSV cell: formula-leading text gets a leading apostrophe, as OWASP advises, so no program runs it."""
    return f"'{value}" if is_formula_like(value) else value


def markup_text(value: Any) -> str:
    """Text for a ReportLab Paragraph: its markup characters escaped."""
    return escape(str(value))


def xlsx_row(sheet: Any, values: list[Any]) -> list[Any]:
    """A write-only XLSX row whose text cells are stored as text: openpyxl would store '=...' as a formula."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row


def xlsx_bytes(workbook: Any) -> bytes:
    """The workbook saved, with the report's blank signature slot in its ZIP comment: stored as written, outside
    every compressed part, so filling it in place changes no part of the spreadsheet."""
    import io
    import zipfile

    from chalicelib.reports.signature import SLOT

    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = SLOT.encode()
    return buffer.getvalue()
