"""Director and Staff Verification Reports: the view model and its PDF, XLSX and JSON renderings."""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict

from chalicelib.domain.json_values import JsonObject
from chalicelib.domain.qualifications import (
    ACCREDITORS,
    LATTICE_NAMES,
    PERMIT_LEVELS,
    CdaHeld,
    PermitHeld,
    Qualification,
    evaluate,
)
from chalicelib.reports.cells import xlsx_bytes, xlsx_row
from chalicelib.reports.fonts import paragraph_text
from chalicelib.reports.signature import SLOT as SIGNATURE_SLOT


class ProgramHeading(TypedDict):
    """The program a report is about, as its heading and its JSON show it."""

    program_id: str
    name: str
    license_number: str | None
    program_type: str  # center | family_child_care_home
    address: NotRequired[JsonObject | None]  # on the verification reports, not the QRIS one


@dataclass(frozen=True, slots=True)
class StaffRow:
    name: str
    registry_id: str
    role: str
    role_group: str
    hire_date: str
    q: Qualification
    admin_courses: list[JsonObject] = field(default_factory=list)  # course records' data, as verified
    pending_documents: int = 0
    person: str = ""  # the registry's internal id: counts a director who is also on staff once; never printed


@dataclass(frozen=True, slots=True)
class ProgramReport:
    kind: str  # staff-verification | director-verification
    accreditor: str
    report_id: str
    issued_at: str
    issued_to: str
    verify_url: str
    program: ProgramHeading
    staff: list[StaffRow]
    directors: list[StaffRow]

    @property
    def title(self) -> str:
        which = "Director" if self.kind == "director-verification" else "Staff"
        return f"{which} Verification Report ({ACCREDITORS[self.accreditor]['name']})"


def counted(report: ProgramReport) -> list[StaffRow]:
    """Everyone the figures count, once: current confirmed staff, then approved directors not also on staff."""
    on_staff = {s.person for s in report.staff}
    return report.staff + [d for d in report.directors if d.person not in on_staff]


def _met_text(met: bool | None) -> str:
    return "n/a: nobody in this role" if met is None else ("yes" if met else "no")


class ThresholdLine(TypedDict):
    label: str
    applies_to: str
    staff_counted: int
    meeting: int
    share: str  # a decimal, as text
    target: str
    met: bool | None  # None: nobody in the role


class ProgramSummary(TypedDict):
    staff_count: int
    by_highest_degree: dict[str, int]
    by_permit: dict[str, int]
    by_lattice_level: dict[str, int]
    thresholds: list[ThresholdLine]


class StaffLine(TypedDict):
    """One person in the JSON report."""

    name: str
    registry_id: str
    role: str
    hire_date: str
    highest_degree: str | None
    major: str | None
    degree_verified_at: str | None
    ece_units: str
    general_units: str
    admin_units: str
    units_verified_at: str | None
    permits: list[PermitHeld]
    cda: CdaHeld | None
    training_hours_last_12_months: str
    training_by_competency_area: dict[str, str]
    training_verified_at: str | None
    lattice_level: int
    lattice: str
    admin_courses: list[JsonObject]
    documents_awaiting_verification: int
    unreadable_records: list[str]


def summary(report: ProgramReport) -> ProgramSummary:
    everyone = counted(report)
    by_degree = Counter((r.q.highest_degree or "No verified degree") for r in everyone)
    by_permit = Counter(next((t for t, lvl in sorted(PERMIT_LEVELS.items(), key=lambda x: -x[1])
                              if lvl == r.q.valid_permit_level), "No valid permit") for r in everyone)
    by_lattice = Counter(LATTICE_NAMES[r.q.lattice_level] for r in everyone)
    thresholds: list[ThresholdLine] = [
        {"label": r.threshold.label, "applies_to": r.threshold.applies_to, "staff_counted": r.counted,
         "meeting": r.meeting, "share": str(round(r.share, 3)), "target": str(r.threshold.target_share),
         "met": r.met}
        for r in evaluate(report.accreditor, ((row.role_group, row.q) for row in everyone))]
    return {"staff_count": len(everyone), "by_highest_degree": dict(by_degree), "by_permit": dict(by_permit),
            "by_lattice_level": dict(by_lattice), "thresholds": thresholds}


def _row_dict(r: StaffRow) -> StaffLine:
    q = r.q
    return {
        "name": r.name, "registry_id": r.registry_id, "role": r.role, "hire_date": r.hire_date,
        "highest_degree": q.highest_degree, "major": q.highest_degree_major, "degree_verified_at": q.degree_verified_at,
        "ece_units": str(q.ece_units), "general_units": str(q.general_units), "admin_units": str(q.admin_units),
        "units_verified_at": q.units_verified_at, "permits": q.permits, "cda": q.cda,
        "training_hours_last_12_months": str(q.training_hours_12_months),
        "training_by_competency_area": {k: str(v) for k, v in q.training_by_area.items()},
        "training_verified_at": q.training_verified_at, "lattice_level": q.lattice_level,
        "lattice": q.lattice_name, "admin_courses": r.admin_courses,
        "documents_awaiting_verification": r.pending_documents, "unreadable_records": list(q.problems),
    }


def to_json(report: ProgramReport) -> bytes:
    body = {"report_id": report.report_id, "kind": report.kind, "accreditor": report.accreditor,
            "title": report.title, "issued_at": report.issued_at, "issued_to": report.issued_to,
            "verify_url": report.verify_url, "program": report.program,
            "directors": [_row_dict(d) for d in report.directors], "staff": [_row_dict(s) for s in report.staff],
            "summary": summary(report),
            "note": "Generated on demand from verified registry records only; unverified items are not counted.",
            "signature": SIGNATURE_SLOT}
    return json.dumps(body, indent=1, ensure_ascii=False).encode()


def _permits_text(q: Qualification) -> str:
    return "; ".join(f"{(p['title'] or '').replace('Child Development ', '')} {p['number'] or ''} "
                     f"({p['status']}, exp. {p['expires_on'] or '—'})" for p in q.permits) or "—"


def _cda_text(q: Qualification) -> str:
    return f"{q.cda['setting']} ({q.cda['status']}, exp. {q.cda['expires_on']})" if q.cda else "—"


def _areas_text(q: Qualification) -> str:
    return "; ".join(f"{area}: {hours}" for area, hours in q.training_by_area.items()) or "—"


def _columns(report: ProgramReport) -> list[tuple[str, Any, float]]:
    """(header, value-of-row, width in inches) for the accreditor's layout."""
    chosen = ACCREDITORS[report.accreditor]["columns"]
    cols: list[tuple[str, Any, float]] = [
        ("Name / Registry ID", lambda r: f"{r.name}\n{r.registry_id}"
         + (f"\n{r.pending_documents} awaiting verification (not counted)" if r.pending_documents else "")
         + "".join(f"\n! {p}" for p in r.q.problems), 1.45),
        ("Role / hired", lambda r: f"{r.role}\n{r.hire_date}", 1.0),
    ]
    if "degree" in chosen:
        cols.append(("Highest degree (verified)", lambda r: f"{r.q.highest_degree or '—'}"
                     f"{', ' + r.q.highest_degree_major if r.q.highest_degree_major else ''}"
                     f"\n{r.q.degree_verified_at or ''}", 1.55))
    if "units" in chosen:
        cols.append(("ECE / GE units",
                     lambda r: f"{r.q.ece_units} / {r.q.general_units}\n{r.q.units_verified_at or ''}", 0.8))
    if "permits" in chosen:
        cols.append(("Permits", lambda r: _permits_text(r.q), 1.75))
    if "cda" in chosen:
        cols.append(("CDA", lambda r: _cda_text(r.q), 1.05))
    if "training" in chosen:
        cols.append(("Training, last 12 months", lambda r: f"{r.q.training_hours_12_months} h\n{_areas_text(r.q)}",
                     1.45))
    if "lattice" in chosen:
        cols.append(("Lattice", lambda r: r.q.lattice_name, 0.75))
    return cols


def to_xlsx(report: ProgramReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Staff")
    sheet.freeze_panes = "A2"
    header = ["Name", "Registry ID", "Role", "Hire date", "Highest degree", "Major", "Degree verified",
              "ECE units", "GE units", "Admin units", "Units verified", "Permits", "CDA",
              "Training hours (12 months)", "Training by competency area", "Training verified", "Lattice level",
              "Documents awaiting verification (not counted)", "Unreadable records (not counted)"]
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for h in header:
        c = WriteOnlyCell(sheet, value=h)
        c.font = Font(bold=True)
        cells.append(c)
    sheet.append(cells)
    for r in report.directors + report.staff:
        q = r.q
        sheet.append(xlsx_row(sheet, [
            r.name, r.registry_id, r.role, r.hire_date, q.highest_degree, q.highest_degree_major,
            q.degree_verified_at, float(q.ece_units), float(q.general_units), float(q.admin_units),
            q.units_verified_at, _permits_text(q), _cda_text(q), float(q.training_hours_12_months),
            _areas_text(q), q.training_verified_at, q.lattice_name, r.pending_documents, "; ".join(q.problems)]))
    info = workbook.create_sheet("Summary")
    s = summary(report)
    for row in ([report.title], ["Program", report.program["name"]], ["License", report.program.get("license_number")],
                ["Report ID", report.report_id], ["Issued", report.issued_at], ["Verify at", report.verify_url],
                ["Staff counted", s["staff_count"]], [], ["Threshold", "Applies to", "Meeting", "Of", "Share",
                                                           "Target", "Met"]):
        info.append(xlsx_row(info, row))
    for t in s["thresholds"]:
        info.append(xlsx_row(info, [t["label"], t["applies_to"], t["meeting"], t["staff_counted"], float(t["share"]),
                                    float(t["target"]), _met_text(t["met"])]))
    return xlsx_bytes(workbook)


def to_pdf(report: ProgramReport) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.lib.utils import simpleSplit
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from chalicelib.reports.pdf import REGISTRY_NAME, fonts, page_footer, qr_flowable, table_style

    regular, bold = fonts()
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=14, leading=18)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4,
                        textColor=colors.HexColor("#1f3a5f"))
    body = ParagraphStyle("body", fontName=regular, fontSize=8.5, leading=11)
    head = ParagraphStyle("head", fontName=bold, fontSize=7, leading=8.6, textColor=colors.white)
    page = landscape(letter)
    width = page[0] - 0.9 * inch

    def esc(text: Any) -> str:
        return paragraph_text(text).replace("\n", "<br/>")

    def wrap(value: Any, width_pt: float) -> str:
        # Pre-split plain text: a Paragraph per cell costs ten times more on a 5,000-person roster.
        lines: list[str] = []
        for part in str(value).split("\n"):
            lines.extend(simpleSplit(part, regular, 7, width_pt - 6) or [""])
        return "\n".join(lines)

    def grid(header: list[str], rows: list[list[Any]], widths: list[float]) -> Table:
        data = [[Paragraph(esc(h), head) for h in header]] + [
            [wrap(v, w) for v, w in zip(row, widths, strict=True)] for row in rows]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([("FONT", (0, 1), (-1, -1), regular, 7, 8.6), *table_style(colors)]))
        return t

    on_page = page_footer([f"{REGISTRY_NAME} · {report.title} · {report.program['name']} · Report {report.report_id}",
                           f"Check this copy: {report.verify_url}"], page_width=page[0], margin=0.45 * inch)

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=0.45 * inch, rightMargin=0.45 * inch,
                            topMargin=0.45 * inch, bottomMargin=0.6 * inch, title=report.title, author=REGISTRY_NAME,
                            subject=report.report_id, keywords=SIGNATURE_SLOT)
    s = summary(report)
    program = report.program
    intro = [Paragraph(esc(report.title), h1),
             Paragraph(f"<b>{esc(program['name'])}</b> · license {esc(program.get('license_number') or '—')} · "
                       f"{esc(program.get('program_type', '').replace('_', ' '))}", body),
             Paragraph(f"Report {report.report_id} · issued {report.issued_at[:16].replace('T', ' ')} UTC to "
                       f"{esc(report.issued_to)} · {s['staff_count']} staff · verified records only; "
                       "unverified or expired items are shown as such and never counted.", body)]
    header = Table([[intro, qr_flowable(report.verify_url, 0.9 * inch)]], colWidths=[width - 1.0 * inch, 1.0 * inch])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story: list[Any] = [header]
    cols = _columns(report)
    scale = width / sum(w for _, _, w in cols) / inch
    widths = [w * inch * scale for _, _, w in cols]
    if report.kind == "director-verification":
        story.append(Paragraph("Director qualifications", h2))
        story.append(grid([c[0] for c in cols], [[c[1](d) for c in cols] for d in report.directors], widths))
        for d in report.directors:
            story.append(Paragraph(f"Administration coursework of {esc(d.name)} ({d.q.admin_units} units)", h2))
            story.append(grid(["Term", "Course", "Title", "Units", "Grade"],
                              [[c.get("term"), c.get("code"), c.get("title"), c.get("units"), c.get("grade")]
                               for c in d.admin_courses] or [["—", "—", "No verified administration coursework", "",
                                                               ""]],
                              [1.0 * inch, 1.0 * inch, 4.0 * inch, 0.7 * inch, 0.7 * inch]))
    if report.kind == "staff-verification" and report.directors:
        # Counted in the director and provider rules of the summary below, so shown here too.
        story.append(Paragraph("Program leadership (approved directors)", h2))
        story.append(grid([c[0] for c in cols], [[c[1](d) for c in cols] for d in report.directors], widths))
    story.append(Paragraph("Staff", h2))
    if report.staff:
        story.append(grid([c[0] for c in cols], [[c[1](r) for c in cols] for r in report.staff], widths))
    else:
        story.append(Paragraph("No confirmed, current staff.", body))
    story.append(Paragraph("Program summary", h2))
    story.append(grid(["Threshold", "Applies to", "Meeting", "Target", "Met"],
                      [[t["label"], t["applies_to"], f"{t['meeting']} of {t['staff_counted']} ({t['share']})",
                        t["target"], _met_text(t["met"])] for t in s["thresholds"]],
                      [4.6 * inch, 0.9 * inch, 1.3 * inch, 0.7 * inch, 0.6 * inch]))
    story.append(Spacer(1, 6))
    for label, counts_ in (("Highest degree", s["by_highest_degree"]), ("Valid permit", s["by_permit"]),
                           ("Lattice level", s["by_lattice_level"])):
        story.append(Paragraph(f"<b>{label}:</b> " + esc(", ".join(f"{k}: {v}" for k, v in counts_.items())), body))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
