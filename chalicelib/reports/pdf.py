"""PDF documents with reportlab: shared styles and fonts, the E&T report and the membership ID card."""

from __future__ import annotations

import io
import os
from functools import cache
from typing import Any

from chalicelib.reports.cells import markup_text
from chalicelib.reports.education_training import EducationTrainingReport
from chalicelib.reports.signature import SLOT as SIGNATURE_SLOT

REGISTRY_NAME = "California ECE Workforce Registry"
_DEJAVU = "/usr/share/fonts/truetype/dejavu"


@cache
def fonts() -> tuple[str, str]:
    """A Unicode font where the machine has one (names such as Nguyễn Thị Lan), else reportlab's own Vera."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if os.path.exists(f"{_DEJAVU}/DejaVuSans.ttf"):
        pdfmetrics.registerFont(TTFont("RegistrySans", f"{_DEJAVU}/DejaVuSans.ttf"))
        pdfmetrics.registerFont(TTFont("RegistrySans-Bold", f"{_DEJAVU}/DejaVuSans-Bold.ttf"))
    else:
        pdfmetrics.registerFont(TTFont("RegistrySans", "Vera.ttf"))
        pdfmetrics.registerFont(TTFont("RegistrySans-Bold", "VeraBd.ttf"))
    return "RegistrySans", "RegistrySans-Bold"


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
        canvas.saveState()
        canvas.setFont(regular, 7)
        for n, line in enumerate(lines):
            canvas.drawString(margin, 36 - n * 10, line)
        canvas.drawRightString(page_width - margin, 36, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return markup_text(value)


def education_training_pdf(report: EducationTrainingReport) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = fonts()
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4,
                        textColor=colors.HexColor("#1f3a5f"))
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
    head = ParagraphStyle("head", fontName=bold, fontSize=8, leading=10, textColor=colors.white)

    def table(header: list[str], rows: list[list[Any]], widths: list[float]) -> Table:
        data = [[Paragraph(h, head) for h in header]] + [[Paragraph(_fmt(v), cell) for v in row] for row in rows]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle(table_style(colors)))
        return t

    on_page = page_footer([f"{REGISTRY_NAME} · Report {report.report_id} · issued {report.issued_at[:10]}",
                           f"Check this copy: {report.verify_url}"], page_width=letter[0], margin=0.6 * inch)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=0.6 * inch, rightMargin=0.6 * inch,
                            topMargin=0.6 * inch, bottomMargin=0.7 * inch, title="Education & Training Report",
                            author=REGISTRY_NAME, subject=report.report_id, keywords=SIGNATURE_SLOT)
    width = letter[0] - 1.2 * inch
    story: list[Any] = []
    header = Table([[
        [Paragraph("Education &amp; Training Report", h1),
         Paragraph(f"{REGISTRY_NAME}", body),
         Paragraph(f"<b>{_esc(report.person_name)}</b> · Registry ID <b>{report.registry_id}</b>", body),
         Paragraph(f"Report {report.report_id} · issued {report.issued_at[:10]} · verified records only", body)],
        qr_flowable(report.verify_url, 0.95 * inch),
    ]], colWidths=[width - 1.05 * inch, 1.05 * inch])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [header, Spacer(1, 6)]

    story.append(Paragraph("Degrees", h2))
    if report.degrees:
        story.append(table(["Degree", "Major", "Institution", "Conferred", "Verified"],
                           [[d.get("title"), d.get("major"), d.get("institution"), d.get("conferred_on"),
                             d.get("verified_at")] for d in report.degrees],
                           [1.8 * inch, 1.6 * inch, 1.8 * inch, 0.9 * inch, width - 6.1 * inch]))
    else:
        story.append(Paragraph("No verified degrees.", body))

    story.append(Paragraph("College coursework (grade C- or better)", h2))
    if report.courses:
        institutions: dict[str, list[dict[str, Any]]] = {}
        for course in report.courses:
            institutions.setdefault(course.get("institution") or "Institution not given", []).append(course)
        for institution, courses in institutions.items():
            story.append(Paragraph(f"<b>{_esc(institution)}</b>", body))
            story.append(table(["Term", "Course", "Title", "Units", "Grade", "Area"],
                               [[c.get("term"), c.get("code"), c.get("title"), c.get("units"), c.get("grade"),
                                 c["area"]] for c in courses],
                               [1.05 * inch, 0.85 * inch, 3.25 * inch, 0.55 * inch, 0.6 * inch,
                                width - 6.3 * inch]))
            story.append(Spacer(1, 4))
        totals = report.unit_totals
        story.append(Spacer(1, 4))
        story.append(Paragraph(f"ECE/Child Development units: <b>{totals['ece_units']}</b> · "
                               f"General education units: <b>{totals['general_units']}</b> · "
                               f"Total: <b>{totals['total_units']}</b>", body))
    else:
        story.append(Paragraph("No verified coursework.", body))

    story.append(Paragraph("Permits and credentials", h2))
    if report.credentials:
        story.append(table(["Permit / credential", "Number", "Issued", "Expires", "Status", "Verified"],
                           [[c["title"], c["number"], c["issued_on"], c["expires_on"], c["status"],
                             c["verified_at"]] for c in report.credentials],
                           [2.6 * inch, 1.0 * inch, 0.85 * inch, 0.85 * inch, 0.8 * inch, width - 6.1 * inch]))
    else:
        story.append(Paragraph("No verified permits or credentials.", body))

    story.append(Paragraph("Training", h2))
    if report.trainings:
        story.append(table(["Date", "Training", "Sponsor", "Hours", "Competency area"],
                           [[t.get("completed_on"), t.get("training_title"), t.get("sponsor"), t.get("hours"),
                             t.get("competency_area")] for t in report.trainings],
                           [0.8 * inch, 2.3 * inch, 1.6 * inch, 0.5 * inch, width - 5.2 * inch]))
        story.append(Spacer(1, 4))
        story.append(table(["Competency area", "Hours"], [[a, h] for a, h in report.hours_by_area.items()],
                           [3.5 * inch, 0.8 * inch]))
        story.append(Spacer(1, 4))
        story.append(Paragraph("Hours by year: " + ", ".join(f"{y}: {h}" for y, h in report.hours_by_year.items()),
                               body))
    else:
        story.append(Paragraph("No verified training.", body))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _esc(text: str) -> str:
    return markup_text(text)


def id_card_pdf(*, person_name: str, registry_id: str, status: str, member_since: str, verify_url: str) -> bytes:
    """A wallet-size (CR80, 3.375 x 2.125 in) membership card."""
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
    canvas.setFont(bold, 9)
    canvas.drawString(0.15 * inch, height - 0.28 * inch, REGISTRY_NAME)
    canvas.setFillColor(colors.black)
    canvas.setFont(bold, 11)
    canvas.drawString(0.15 * inch, height - 0.75 * inch, person_name)
    canvas.setFont(regular, 7.5)
    canvas.drawString(0.15 * inch, height - 0.98 * inch, "Registry ID")
    canvas.setFont(bold, 11)
    canvas.drawString(0.15 * inch, height - 1.17 * inch, registry_id)
    canvas.setFont(regular, 7.5)
    canvas.drawString(0.15 * inch, height - 1.42 * inch, status)
    canvas.drawString(0.15 * inch, height - 1.58 * inch, f"Member since {member_since[:4]}")
    canvas.drawString(0.15 * inch, 0.15 * inch, "Scan to verify this membership")
    renderPDF.draw(qr_flowable(verify_url, 0.9 * inch), canvas, width - 1.02 * inch, 0.1 * inch)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _table_report(*, doc_title: str, heading: str, lines: list[str], rows: list[list[str]], col_widths: list[int],
                  footer: str, row_heights: list[int] | None = None, bold_last_row: bool = False) -> bytes:
    """A one-table letter page (heading, a few lines, a table, a footer) as the training PDFs need. Table cells
    hold plain strings, which reportlab draws as text: nothing anyone typed is taken as markup."""
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
    table = Table(rows, colWidths=col_widths, repeatRows=1, rowHeights=row_heights)
    style = [*table_style(colors), ("FONTNAME", (0, 0), (-1, 0), bold), ("FONTNAME", (0, 1), (-1, -1), regular),
             ("FONTSIZE", (0, 0), (-1, -1), 9), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white)]
    if bold_last_row:
        style.append(("FONTNAME", (0, -1), (-1, -1), bold))
    table.setStyle(TableStyle(style))
    story: list[Any] = [Paragraph(markup_text(heading), title_style),
                        *(Paragraph(markup_text(line), body_style) for line in lines), Spacer(1, 12), table]
    draw_footer = page_footer([footer], page_width=letter[0], margin=margin)
    doc.build(story, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return buffer.getvalue()


def sign_in_sheet_pdf(event: dict[str, Any], people: list[dict[str, Any]]) -> bytes:
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


def cda_training_pdf(*, person_name: str, registry_id: str, progress: dict[str, Any], issued_at: str) -> bytes:
    """A CDA-aligned training transcript: hours by the Council's eight subject areas against 120."""
    rows = [["#", "CDA subject area", "Hours", "At least 10"]]
    rows += [[str(a["number"]), a["name"], _fmt(a["hours"]), "yes" if a["meets"] else "not yet"]
             for a in progress["areas"]]
    rows.append(["", "Total (120 needed)", _fmt(progress["total_hours"]), "yes" if progress["meets"] else "not yet"])
    return _table_report(doc_title="CDA training transcript", heading="CDA training transcript",
                         lines=[f"{person_name} · Registry ID {registry_id}",
                                "Verified training hours by the Council for Professional Recognition's subject "
                                "areas. Only training whose subject area is known is counted."],
                         rows=rows, col_widths=[24, 320, 70, 90], bold_last_row=True,
                         footer=f"Issued {issued_at[:10]} by the ECE Workforce Registry")
