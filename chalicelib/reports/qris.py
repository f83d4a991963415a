"""The QRIS staff-qualifications summary of a program, as PDF, XLSX and JSON, each with its signature slot."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any, TypedDict

from chalicelib.reports.cells import xlsx_bytes, xlsx_row
from chalicelib.reports.fonts import paragraph_text
from chalicelib.reports.program import ProgramHeading
from chalicelib.reports.signature import SLOT as SIGNATURE_SLOT

TITLE = "QRIS Staff Qualifications (Elements 3 and 7)"


@dataclass(frozen=True, slots=True)
class PersonRating:
    name: str
    registry_id: str
    role: str
    element: str
    points: int
    reached_by: str | None
    next_needs: list[str]


@dataclass(frozen=True, slots=True)
class QrisReport:
    report_id: str
    issued_at: str
    issued_to: str
    verify_url: str
    program: ProgramHeading  # without its address
    people: list[PersonRating] = field(default_factory=list)
    scores: dict[str, int | None] = field(default_factory=dict)  # element -> program score
    source: str = ""
    edition: str = ""
    notes: list[str] = field(default_factory=list)


class RatedPerson(TypedDict):
    """One person in the JSON report."""

    name: str
    registry_id: str
    role: str
    element: str
    points: int
    reached_by: str | None
    next_level_needs: list[str]


def _person(p: PersonRating) -> RatedPerson:
    return {"name": p.name, "registry_id": p.registry_id, "role": p.role, "element": p.element, "points": p.points,
            "reached_by": p.reached_by, "next_level_needs": p.next_needs}


def to_json(report: QrisReport) -> bytes:
    body = {"report_id": report.report_id, "kind": "qris-staff-qualifications", "title": TITLE,
            "issued_at": report.issued_at, "issued_to": report.issued_to, "verify_url": report.verify_url,
            "program": report.program, "scores": {f"element_{k}": v for k, v in report.scores.items()},
            "people": [_person(p) for p in report.people],
            "rubric": {"source": report.source, "edition": report.edition, "notes": report.notes},
            "signature": SIGNATURE_SLOT}
    return json.dumps(body, indent=1, ensure_ascii=False).encode()


def _score_text(score: int | None) -> str:
    return "not rated (no one in this role)" if score is None else f"{score} of 5 points"


def to_xlsx(report: QrisReport) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("People")
    sheet.append(["Name", "Registry ID", "Role", "Element", "Points", "Earned by", "Next level needs"])
    for p in report.people:
        sheet.append(xlsx_row(sheet, [p.name, p.registry_id, p.role, p.element, p.points, p.reached_by or "",
                                      "; ".join(p.next_needs)]))
    summary = workbook.create_sheet("Summary")
    notes: list[list[str | None]] = [["Note", n] for n in report.notes]
    rows: list[list[str | None]] = [
        [TITLE], ["Program", report.program["name"]], ["License", report.program.get("license_number")],
        ["Report ID", report.report_id], ["Issued", report.issued_at], ["Verify at", report.verify_url],
        ["Element 3 (lead teachers / FCCH)", _score_text(report.scores.get("3"))],
        ["Element 7 (director)", _score_text(report.scores.get("7"))], ["Rubric", report.source],
        ["Edition", report.edition], *notes]
    for row in rows:
        summary.append(xlsx_row(summary, row))
    return xlsx_bytes(workbook)


def to_pdf(report: QrisReport) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from chalicelib.reports.pdf import REGISTRY_NAME, fonts, page_footer, qr_flowable, table_style

    regular, bold = fonts()
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=14, leading=18)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("body", fontName=regular, fontSize=8.5, leading=11)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9)
    head = ParagraphStyle("head", fontName=bold, fontSize=7.5, leading=9, textColor=colors.white)

    def esc(text: Any) -> str:
        return paragraph_text(text)

    program = report.program
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=0.5 * inch, rightMargin=0.5 * inch,
                            topMargin=0.5 * inch, bottomMargin=0.7 * inch, title=TITLE, author=REGISTRY_NAME,
                            subject=report.report_id, keywords=SIGNATURE_SLOT)
    width = letter[0] - inch
    intro = [Paragraph(esc(TITLE), h1),
             Paragraph(f"<b>{esc(program['name'])}</b> · license {esc(program.get('license_number') or '—')} · "
                       f"{esc(str(program.get('program_type') or '').replace('_', ' '))}", body),
             Paragraph(f"Report {esc(report.report_id)} · issued {esc(report.issued_at[:16].replace('T', ' '))} UTC "
                       f"to {esc(report.issued_to)} · verified records only", body),
             Paragraph(f"Element 3 (lead teachers / family child care): <b>{esc(_score_text(report.scores.get('3')))}"
                       f"</b> · Element 7 (director): <b>{esc(_score_text(report.scores.get('7')))}</b>", body)]
    header = Table([[intro, qr_flowable(report.verify_url, 0.9 * inch)]], colWidths=[width - 1.0 * inch, 1.0 * inch])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    rows = [[Paragraph(esc(h), head) for h in ("Name", "Registry ID", "Role", "Element", "Points", "Earned by",
                                               "Next level needs")]]
    for p in report.people:
        rows.append([Paragraph(esc(v), cell) for v in (p.name, p.registry_id, p.role, p.element, p.points,
                                                       p.reached_by or "—", "; ".join(p.next_needs) or "—")])
    grid = Table(rows, colWidths=[w * inch for w in (1.2, 0.8, 0.9, 0.5, 0.5, 1.8, 1.8)], repeatRows=1)
    grid.setStyle(TableStyle(table_style(colors)))
    story = [header, Paragraph("People rated", h2), grid, Paragraph("Rubric", h2),
             Paragraph(esc(report.source), body), Paragraph(esc(report.edition), body),
             *[Paragraph(esc(n), body) for n in report.notes]]
    on_page = page_footer([f"{REGISTRY_NAME} · {TITLE} · {program['name']} · Report {report.report_id}",
                           f"Check this copy: {report.verify_url}"], page_width=letter[0], margin=0.5 * inch)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
