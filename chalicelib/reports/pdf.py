"""PDF documents with reportlab: shared styles and fonts, the E&T report and the membership ID card."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from chalicelib.reports.education_training import CourseRow, EducationTrainingReport
from chalicelib.reports.fonts import draw_string, font_set, paragraph_text
from chalicelib.reports.signature import SLOT as SIGNATURE_SLOT

REGISTRY_NAME = "California ECE Workforce Registry"


def fonts() -> tuple[str, str]:
    """The regular and bold fonts every registry PDF is set in (see reports/fonts.py for the CJK fallback)."""
    chosen = font_set()
    return chosen.regular, chosen.bold


def qr_flowable(data: str, size: float) -> Any:
    from reportlab.graphics import renderPDF  # noqa: F401 - registers the drawing renderer
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(data)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def table_style(colors: Any) -> list[tuple[Any, ...]]:
    """The registry's table look: a dark header row (repeated on every page), banded rows, a light grid."""
    return [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f3a5f")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f7")]),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b8c2cc")),
            ("VALIGN", (0, 0), (-1, -1), "TOP")]


def page_footer(lines: list[str], *, page_width: float, margin: float) -> Any:
    """A footer drawer for SimpleDocTemplate: report identity lines on the left, the page number right."""
    regular, _ = fonts()

    def draw(canvas: Any, doc: Any) -> None:
        for n, line in enumerate(lines):
            draw_string(canvas, margin, 36 - n * 10, line, regular, 7)
        draw_string(canvas, page_width - margin, 36, f"Page {doc.page}", regular, 7, align="right")

    return draw


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return paragraph_text(value)


def education_training_pdf(report: EducationTrainingReport, language: str | None = None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from chalicelib.domain.catalogues import catalogue

    w = catalogue("reports", language)
    regular, bold = fonts()
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4,
                        textColor=colors.HexColor("#1f3a5f"))
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
    head = ParagraphStyle("head", fontName=bold, fontSize=8, leading=10, textColor=colors.white)

    def table(header: list[str], rows: list[list[Any]], widths: list[float]) -> Table:
        data = [[Paragraph(_esc(h), head) for h in header]] + [[Paragraph(_fmt(v), cell) for v in row] for row in rows]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle(table_style(colors)))
        return t

    issued_on = report.issued_at[:10]
    on_page = page_footer([f"{REGISTRY_NAME} · " + w["footer_report"].format(report_id=report.report_id,
                                                                           issued_on=issued_on),
                           w["footer_check"].format(url=report.verify_url)], page_width=letter[0],
                          margin=0.6 * inch)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=0.6 * inch, rightMargin=0.6 * inch,
                            topMargin=0.6 * inch, bottomMargin=0.7 * inch, title=w["et_title"],
                            author=REGISTRY_NAME, subject=report.report_id, keywords=SIGNATURE_SLOT)
    width = letter[0] - 1.2 * inch
    story: list[Any] = []
    header = Table([[
        [Paragraph(_esc(w["et_title"]), h1),
         Paragraph(f"{REGISTRY_NAME}", body),
         Paragraph(f"<b>{_esc(report.person_name)}</b> · {_esc(w['registry_id'])} <b>{report.registry_id}</b>", body),
         Paragraph(_esc(w["report_line"].format(report_id=report.report_id, issued_on=issued_on)), body)],
        qr_flowable(report.verify_url, 0.95 * inch),
    ]], colWidths=[width - 1.05 * inch, 1.05 * inch])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [header, Spacer(1, 6)]

    story.append(Paragraph(_esc(w["degrees"]), h2))
    if report.degrees:
        story.append(table([w["degree"], w["major"], w["institution"], w["conferred"], w["verified"]],
                           [[d.get("title"), d.get("major"), d.get("institution"), d.get("conferred_on"),
                             d.get("verified_at")] for d in report.degrees],
                           [1.8 * inch, 1.6 * inch, 1.8 * inch, 0.9 * inch, width - 6.1 * inch]))
    else:
        story.append(Paragraph(_esc(w["no_degrees"]), body))

    story.append(Paragraph(_esc(w["coursework"]), h2))
    if report.courses:
        institutions: dict[str, list[CourseRow]] = {}
        for course in report.courses:
            institutions.setdefault(str(course["institution"] or w["institution_not_given"]), []).append(course)
        areas = {"ECE/CD": w["area_ece"], "General": w["area_general"]}
        for institution, courses in institutions.items():
            story.append(Paragraph(f"<b>{_esc(institution)}</b>", body))
            story.append(table([w["term"], w["course"], w["title"], w["units"], w["grade"], w["area"]],
                               [[c.get("term"), c.get("code"), c.get("title"), c.get("units"), c.get("grade"),
                                 areas.get(c["area"], c["area"])] for c in courses],
                               [1.05 * inch, 0.85 * inch, 3.25 * inch, 0.55 * inch, 0.6 * inch,
                                width - 6.3 * inch]))
            story.append(Spacer(1, 4))
        totals = report.unit_totals
        story.append(Spacer(1, 4))
        # The template is the registry's own text (bold tags included); only the numbers are filled in.
        story.append(Paragraph(w["unit_totals"].format(ece=_esc(str(totals["ece_units"])),
                                                       general=_esc(str(totals["general_units"])),
                                                       total=_esc(str(totals["total_units"]))), body))
    else:
        story.append(Paragraph(_esc(w["no_coursework"]), body))

    story.append(Paragraph(_esc(w["permits"]), h2))
    if report.credentials:
        story.append(table([w["permit"], w["number"], w["issued"], w["expires"], w["status"], w["verified"]],
                           [[c["title"], c["number"], c["issued_on"], c["expires_on"],
                             w.get(f"status_{c['status']}", c["status"]), c["verified_at"]]
                            for c in report.credentials],
                           [2.6 * inch, 1.0 * inch, 0.85 * inch, 0.85 * inch, 0.8 * inch, width - 6.1 * inch]))
    else:
        story.append(Paragraph(_esc(w["no_permits"]), body))

    story.append(Paragraph(_esc(w["training"]), h2))
    if report.trainings:
        story.append(table([w["date"], w["training"], w["sponsor"], w["hours"], w["competency_area"]],
                           [[t.get("completed_on"), t.get("training_title"), t.get("sponsor"), t.get("hours"),
                             t.get("competency_area")] for t in report.trainings],
                           [0.8 * inch, 2.3 * inch, 1.6 * inch, 0.5 * inch, width - 5.2 * inch]))
        story.append(Spacer(1, 4))
        story.append(table([w["competency_area"], w["hours"]], [[a, h] for a, h in report.hours_by_area.items()],
                           [3.5 * inch, 0.8 * inch]))
        story.append(Spacer(1, 4))
        story.append(Paragraph(_esc(w["hours_by_year"].format(
            years=", ".join(f"{y}: {h}" for y, h in report.hours_by_year.items()))), body))
    else:
        story.append(Paragraph(_esc(w["no_training"]), body))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _esc(text: str) -> str:
    return paragraph_text(text)


def id_card_pdf(*, person_name: str, registry_id: str, status: str, member_since: str, verify_url: str,
                language: str | None = None) -> bytes:
    """A wallet-size (CR80, 3.375 x 2.125 in) membership card."""
    from chalicelib.domain.catalogues import catalogue

    w = catalogue("reports", language)
    from reportlab.graphics import renderPDF
    from reportlab.lib import colors
    from reportlab.lib.units import inch
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = fonts()
    width, height = 3.375 * inch, 2.125 * inch
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.setTitle(f"Membership card {registry_id}")
    canvas.setFillColor(colors.HexColor("#1f3a5f"))
    canvas.rect(0, height - 0.45 * inch, width, 0.45 * inch, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    draw_string(canvas, 0.15 * inch, height - 0.28 * inch, REGISTRY_NAME, bold, 9)
    canvas.setFillColor(colors.black)
    draw_string(canvas, 0.15 * inch, height - 0.75 * inch, person_name, bold, 11)
    draw_string(canvas, 0.15 * inch, height - 0.98 * inch, w["card_registry_id"], regular, 7.5)
    draw_string(canvas, 0.15 * inch, height - 1.17 * inch, registry_id, bold, 11)
    draw_string(canvas, 0.15 * inch, height - 1.42 * inch, status, regular, 7.5)
    draw_string(canvas, 0.15 * inch, height - 1.58 * inch, w["card_member_since"].format(date=member_since[:4]),
                regular, 7.5)
    draw_string(canvas, 0.15 * inch, 0.15 * inch, w["card_check"], regular, 7.5)
    renderPDF.draw(qr_flowable(verify_url, 0.9 * inch), canvas, width - 1.02 * inch, 0.1 * inch)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _table_report(*, doc_title: str, heading: str, lines: list[str], rows: list[list[str]], col_widths: list[int],
                  footer: str, row_heights: list[int] | None = None, bold_last_row: bool = False) -> bytes:
    """A one-table letter page (heading, a few lines, a table, a footer) as the training PDFs need. Cells are
    paragraphs of escaped text, so nothing anyone typed is markup and a name in Chinese is drawn."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = fonts()
    title_style = ParagraphStyle("title", fontName=bold, fontSize=14, leading=18)
    body_style = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12)
    buffer = io.BytesIO()
    margin = 48
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=64, title=doc_title)
    head_style = ParagraphStyle("head", fontName=bold, fontSize=9, leading=11, textColor=colors.white)
    cell_style = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11)
    strong_style = ParagraphStyle("strong", parent=cell_style, fontName=bold)
    last = len(rows) - 1
    cells = [[Paragraph(paragraph_text(value), head_style if n == 0 else
                        strong_style if bold_last_row and n == last else cell_style) for value in row]
             for n, row in enumerate(rows)]
    table = Table(cells, colWidths=col_widths, repeatRows=1, rowHeights=row_heights)
    table.setStyle(TableStyle(table_style(colors)))
    story: list[Any] = [Paragraph(paragraph_text(heading), title_style),
                        *(Paragraph(paragraph_text(line), body_style) for line in lines), Spacer(1, 12), table]
    draw_footer = page_footer([footer], page_width=letter[0], margin=margin)
    doc.build(story, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return buffer.getvalue()


def sign_in_sheet_pdf(event: Mapping[str, Any], people: Sequence[Mapping[str, Any]]) -> bytes:
    """A training event's sign-in sheet: who is enrolled (name and Registry ID only) and a line to sign."""
    when = f"{str(event.get('starts_at'))[:16].replace('T', ' ')} - {str(event.get('ends_at'))[11:16]} UTC"
    rows = [["#", "Name", "Registry ID", "Signature"]]
    rows += [[str(n), p.get("name") or "", p.get("registry_id") or "", ""]
             for n, p in enumerate((p for p in people if p.get("status") in ("enrolled", "attended")), start=1)]
    return _table_report(doc_title="Sign-in sheet", heading=event.get("title") or "Training",
                         lines=[f"{event.get('sponsor')} · {when} · {event.get('place')}",
                                f"{event.get('hours')} hours · {event.get('competency_area')}"],
                         rows=rows, col_widths=[24, 200, 120, 172], row_heights=[18] + [26] * (len(rows) - 1),
                         footer=f"Event {event.get('event_id')}")


def cda_training_pdf(*, person_name: str, registry_id: str, progress: Mapping[str, Any], issued_at: str,
                     language: str | None = None) -> bytes:
    """A CDA-aligned training transcript: hours by the Council's eight subject areas against 120."""
    from chalicelib.domain.catalogues import catalogue

    w = catalogue("reports", language)
    rows = [["#", w["cda_area"], w["hours"], w["cda_meets"]]]
    rows += [[str(a["number"]), w[f"cda_area_{a['number']}"], f"{a['hours']:g}",
              w["cda_yes"] if a["meets"] else w["cda_not_yet"]] for a in progress["areas"]]
    rows.append(["", w["cda_total"], f"{progress['total_hours']:g}",
                 w["cda_yes"] if progress["meets"] else w["cda_not_yet"]])
    return _table_report(doc_title=w["cda_title"], heading=w["cda_title"],
                         lines=[f"{person_name} · {w['registry_id']} {registry_id}", w["cda_intro"]],
                         rows=rows, col_widths=[24, 320, 70, 90], bold_last_row=True,
                         footer=w["cda_issued"].format(date=issued_at[:10]))
