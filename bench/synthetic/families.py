"""Layout families per document type. Each family is one way of printing the facts; within a family the
wording, fonts, date and term formats and positions still vary from document to document."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bench.synthetic import pools
from bench.synthetic.render import Document, fmt_date, fmt_term, fmt_units

Generated = tuple[bytes, dict[str, Any], int | None]  # pdf, truth, course rows on page 1 (transcripts)


@dataclass(frozen=True)
class Family:
    doc_type: str
    number: int
    held_out: bool
    make: Callable[[random.Random], Generated]


FAMILIES: list[Family] = []


def family(doc_type: str, number: int, *, held_out: bool) -> Callable[[Callable[[random.Random], Generated]],
                                                                       Callable[[random.Random], Generated]]:
    def register(fn: Callable[[random.Random], Generated]) -> Callable[[random.Random], Generated]:
        FAMILIES.append(Family(doc_type, number, held_out, fn))
        return fn
    return register


def kv(doc: Document, x: float, y: float, label: str, value: str, style: str, *, size: float = 10,
       tab: float = 120) -> float:
    """A label and its value; returns the y below it."""
    if style == "colon":
        doc.text(x, y, f"{label}:", size, bold=True)
        doc.text(x + tab, y, value, size)
        return y + size * 1.9
    if style == "inline":
        doc.text(x, y, f"{label}: {value}", size)
        return y + size * 1.7
    if style == "above":
        doc.text(x, y, label.upper(), size * 0.7, grey=0.35)
        doc.text(x, y + size * 1.25, value, size)
        return y + size * 2.9
    if style == "below":
        doc.text(x, y, value, size)
        doc.rule(x, y + 3, x + max(150, doc.width(value, size) + 10), 0.5)
        doc.text(x, y + size * 1.2, label, size * 0.7, grey=0.35)
        return y + size * 3.0
    if style == "boxed":
        doc.box(x - 4, y - size - 3, tab, size * 1.9, 0.6, fill=0.92)
        doc.box(x - 4 + tab, y - size - 3, 300, size * 1.9, 0.6)
        doc.text(x, y, label, size, bold=True)
        doc.text(x + tab + 4, y, value, size)
        return y + size * 1.9
    raise ValueError(style)


def distractors(doc: Document, rng: random.Random, y: float) -> None:
    printed = pools.some_date(rng, 2023, 2026)
    doc.text(54, y, rng.choice([f"Printed {fmt_date(printed, 'mdy')}", f"Print date: {fmt_date(printed, 'long')}",
                                f"Generated on {fmt_date(printed, 'iso')} - page 1 of 1"]), 7, grey=0.3)


# ================================================================ transcripts

@dataclass
class TranscriptStyle:
    columns: list[tuple[str, str]]  # (role, header) in printed order
    term_style: str  # how a term is printed
    term_layout: str  # heading | column | band
    units_fmt: str = "2dp"
    code_sep: str = " "
    font: str = "sans"
    upper_titles: bool = False
    truncate: int | None = None
    totals: str = "Term Totals: Attempted {att} Points {pts} GPA {gpa}"
    name_style: str = "Student: {name}"
    header_rules: bool = True
    grades: tuple[str, ...] = tuple(pools.LETTER_GRADES)
    degree_place: str = "bottom"
    transfer: bool = False
    row_rules: bool = False


def _transcript_record(rng: random.Random, style: TranscriptStyle) -> dict[str, Any]:
    start = rng.randint(2008, 2021)
    courses: list[dict[str, Any]] = []
    ece_subject = rng.choice(pools.ECE_SUBJECTS)
    terms = []
    year, season_index = start, rng.randrange(3)
    for _ in range(rng.randint(2, 6)):
        terms.append((pools.SEASONS[season_index], year))
        season_index += rng.choice((1, 1, 2))
        year += season_index // 3
        season_index %= 3
    numbers: dict[str, str] = {}
    for season, yr in terms:
        used: set[str] = set()
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.6:
                title, units_options = rng.choice(pools.ECE_COURSES)
                subject = ece_subject
            else:
                subject, title, units_options = rng.choice(pools.GE_COURSES)
            if title not in numbers:
                n = str(rng.randint(1, 299))
                roll = rng.random()
                if roll < 0.12:
                    n += rng.choice("ABL")
                numbers[title] = n
            code = f"{subject}{style.code_sep}{numbers[title]}"
            if code in used:
                continue
            used.add(code)
            grade = rng.choice(style.grades)
            shown = title.upper() if style.upper_titles else title
            if style.truncate and len(shown) > style.truncate:
                shown = shown[:style.truncate].rstrip()
            courses.append({"term": f"{season} {yr}", "code": f"{subject} {numbers[title]}", "title": shown,
                            "units": rng.choice(units_options), "grade": grade,
                            "_season": season, "_year": yr, "_code": code})
    degrees = []
    if rng.random() < 0.5:
        title, major = rng.choice(pools.DEGREES)
        conferred = date(terms[-1][1], rng.choice((5, 6, 8, 12)), rng.randint(10, 28))
        degrees.append({"title": title, "major": major, "conferred_on": conferred.isoformat()})
    return {"courses": courses, "degrees": degrees}


def _points(course: dict[str, Any]) -> str:
    value = pools.GRADE_POINTS.get(course["grade"])
    return "" if value is None else f"{value * course['units']:.2f}"


def _cell(role: str, course: dict[str, Any], style: TranscriptStyle) -> str:
    units = course["units"]
    earned = 0.0 if course["grade"] in ("F", "W", "NP", "NC", "I") else units
    cells: dict[str, str] = {
        "term": fmt_term(course["_season"], course["_year"], style.term_style),
        "code": course["_code"],
        "subject": course["_code"].split(style.code_sep or " ")[0] if style.code_sep else course["_code"],
        "number": course["_code"].split(style.code_sep)[-1] if style.code_sep else "",
        "title": course["title"],
        "units": fmt_units(units, style.units_fmt),
        "attempted": fmt_units(units, style.units_fmt),
        "earned": fmt_units(earned, style.units_fmt),
        "grade": course["grade"],
        "points": _points(course),
        "level": "UG",
        "repeat": "",
    }
    return cells[role]


NUMERIC_ROLES = {"units", "attempted", "earned", "points"}


def render_transcript(rng: random.Random, style: TranscriptStyle, header: Callable[[Document, dict[str, Any]], float],
                      person: str, institution: str) -> Generated:
    record = _transcript_record(rng, style)
    doc = Document(style.font)
    size = rng.choice((8.5, 9, 9.5))
    # Column x positions: text columns take room by their content, numbers a fixed width.
    widths = []
    for role, head in style.columns:
        if role == "title":
            widths.append(max(doc.width(c["title"], size) for c in record["courses"]) + 16)
        elif role in NUMERIC_ROLES or role in ("grade", "level", "repeat"):
            widths.append(max(doc.width(head, size, True), 28) + 14)
        else:
            values = [_cell(role, c, style) for c in record["courses"]] + [head]
            widths.append(max(doc.width(v, size) for v in values) + 14)
    scale = min(1.0, 504 / sum(widths))
    xs = [54.0]
    for w in widths[:-1]:
        xs.append(xs[-1] + w * scale)

    def table_header(y: float) -> float:
        for (role, head), x, w in zip(style.columns, xs, widths, strict=True):
            if role in NUMERIC_ROLES:
                doc.text(x + w * scale - 10, y, head, size, bold=True, align="right")
            else:
                doc.text(x, y, head, size, bold=True)
        if style.header_rules:
            doc.rule(54, y + 4, 558, 0.8)
        return y + size * 2.0

    y = header(doc, {"person": person, "institution": institution})
    if record["degrees"] and style.degree_place == "top":
        d = record["degrees"][0]
        doc.text(54, y, f"Degree: {d['title']}, {d['major']} - conferred "
                        f"{fmt_date(date.fromisoformat(d['conferred_on']), 'long')}", size)
        y += size * 2.4
    y = table_header(y)
    first_page_rows: int | None = None
    rows_done = 0
    current_term = None
    for course in record["courses"]:
        if y > 700:
            doc.text(306, 740, "*** Continued on next page ***", 8, align="center")
            doc.new_page()
            first_page_rows = first_page_rows if first_page_rows is not None else rows_done
            y = header(doc, {"person": person, "institution": institution, "continued": True})
            y = table_header(y)
            current_term = None if style.term_layout != "column" else current_term
        term_key = course["term"]
        if term_key != current_term and style.term_layout in ("heading", "band"):
            if current_term is not None and style.totals:
                term_rows = [c for c in record["courses"] if c["term"] == current_term]
                att = sum(c["units"] for c in term_rows)
                pts = sum(pools.GRADE_POINTS.get(c["grade"], 0) * c["units"] for c in term_rows)
                doc.text(xs[1] if len(xs) > 1 else 54, y, style.totals.format(
                    att=f"{att:.2f}", pts=f"{pts:.2f}", gpa=f"{pts / att if att else 0:.2f}"), size * 0.9)
                y += size * 2.0
            label = fmt_term(course["_season"], course["_year"], style.term_style)
            if style.term_layout == "band":
                doc.box(54, y - size - 2, 504, size * 1.7, 0.3, fill=0.88)
            doc.text(54 if style.term_layout == "heading" else 58, y, label, size + 0.5, bold=True)
            y += size * 1.9
            current_term = term_key
        for (role, _head), x, w in zip(style.columns, xs, widths, strict=True):
            value = _cell(role, course, style)
            if not value:
                continue
            if role in NUMERIC_ROLES:
                doc.text(x + w * scale - 10, y, value, size, align="right")
            else:
                doc.text(x + (8 if style.term_layout == "heading" and role in ("code", "subject") else 0), y,
                         value, size)
        if style.row_rules:
            doc.rule(54, y + 4, 558, 0.3, grey=0.5)
        y += size * 1.75
        rows_done += 1
    term_rows = [c for c in record["courses"] if c["term"] == current_term]
    att = sum(c["units"] for c in term_rows)
    gpa_units = sum(c["units"] for c in record["courses"] if c["grade"] in pools.GRADE_POINTS)
    pts = sum(pools.GRADE_POINTS.get(c["grade"], 0) * c["units"] for c in record["courses"])
    y += size
    doc.text(54, y, f"Cumulative: units attempted {sum(c['units'] for c in record['courses']):.1f}   "
                    f"GPA {pts / gpa_units if gpa_units else 0:.2f}", size, bold=True)
    y += size * 2.5
    for d in record["degrees"]:
        d["_page"] = doc.pages
    if record["degrees"] and style.degree_place == "bottom":
        if y > 690:
            doc.new_page()
            y = header(doc, {"person": person, "institution": institution, "continued": True})
            for d in record["degrees"]:
                d["_page"] = doc.pages
        doc.text(54, y, "DEGREES AWARDED", size, bold=True)
        y += size * 1.8
        for d in record["degrees"]:
            when = fmt_date(date.fromisoformat(d["conferred_on"]), rng.choice(("mdy", "long")))
            doc.text(54, y, rng.choice([f"{d['title']} in {d['major']} - Conferred {when}",
                                        f"{d['title']}   Major: {d['major']}   Date Conferred: {when}"]), size)
            y += size * 1.8
    elif record["degrees"]:
        for d in record["degrees"]:
            d["_page"] = 1
    doc.text(54, 760, "This transcript is not official unless it bears the registrar's signature and seal.", 6.5)
    truth = {"doc_type": "transcript", "person_name": person, "institution": institution,
             "courses": [{k: v for k, v in c.items() if not k.startswith("_")} for c in record["courses"]],
             "degrees": record["degrees"], "pages": doc.pages}
    return doc.pdf(), truth, first_page_rows


def _centered_header(title: str, upper_name: bool) -> Callable[[Document, dict[str, Any]], float]:
    def header(doc: Document, info: dict[str, Any]) -> float:
        doc.text(306, 60, info["institution"].upper(), 15, bold=True, align="center")
        doc.text(306, 76, "Office of Admissions and Records", 8, align="center")
        doc.text(306, 98, title + (" (continued)" if info.get("continued") else ""), 11, bold=True, align="center")
        name = info["person"]
        shown = name
        if upper_name and " " in name:
            *given, last = name.split(" ")
            shown = f"{last.upper()}, {' '.join(given).upper()}"
        doc.text(54, 124, f"Student Name: {shown}", 9)
        doc.text(360, 124, "Date of Birth: 04/11/1988", 9)
        doc.text(54, 138, "Student ID: 0049" + str(len(name) * 7919 % 100000), 9)
        doc.text(360, 138, "Date Issued: 11/02/2025", 9)
        return 170
    return header


def _left_header(label: str) -> Callable[[Document, dict[str, Any]], float]:
    def header(doc: Document, info: dict[str, Any]) -> float:
        doc.text(54, 54, info["institution"], 13, bold=True)
        doc.text(558, 54, "ACADEMIC RECORD", 10, bold=True, align="right")
        doc.text(54, 68, "Registrar | Records Office", 7.5)
        kv(doc, 54, 100, label, info["person"], "colon", size=9, tab=70)
        kv(doc, 360, 100, "Record No.", "88213" + str(len(info["person"])), "colon", size=9, tab=70)
        return 140
    return header


def _boxed_header(doc: Document, info: dict[str, Any]) -> float:
    doc.text(54, 50, info["institution"], 12, bold=True)
    doc.text(54, 64, "Unofficial Transcript", 9)
    doc.box(54, 80, 240, 34, 0.6)
    doc.text(60, 90, "NAME", 6.5, grey=0.35)
    doc.text(60, 106, info["person"], 10)
    doc.box(300, 80, 258, 34, 0.6)
    doc.text(306, 90, "STUDENT NUMBER", 6.5, grey=0.35)
    doc.text(306, 106, "W" + str(1000000 + len(info["person"]) * 4231), 10)
    return 140


@family("transcript", 1, held_out=False)
def transcript_headings(rng: random.Random) -> Generated:
    style = TranscriptStyle(columns=[("code", "Course"), ("title", "Title"), ("units", "Units"), ("grade", "Grade"),
                                     ("points", "Points")], term_style="upper", term_layout="heading")
    return render_transcript(rng, style, _centered_header("OFFICIAL TRANSCRIPT", False), pools.person(rng),
                             rng.choice(pools.COLLEGES))


@family("transcript", 2, held_out=False)
def transcript_term_column(rng: random.Random) -> Generated:
    style = TranscriptStyle(columns=[("term", "Term"), ("subject", "Subj"), ("number", "No."),
                                     ("title", "Course Title"), ("units", "Credits"), ("grade", "Grade")],
                            term_style="plain", term_layout="column", units_fmt="1dp", totals="",
                            degree_place="top")
    return render_transcript(rng, style, _left_header("Name"), pools.person(rng), rng.choice(pools.COLLEGES))


@family("transcript", 3, held_out=False)
def transcript_banner(rng: random.Random) -> Generated:
    style = TranscriptStyle(columns=[("subject", "Subject"), ("number", "Course"), ("level", "Level"),
                                     ("title", "Title"), ("grade", "Grade"), ("units", "Credit Hours"),
                                     ("points", "Quality Points")],
                            term_style=rng.choice(("semester", "term_label")), term_layout="band", units_fmt="3dp",
                            font="liberation", totals="Term GPA {gpa}   Attempted Hours {att}")
    return render_transcript(rng, style, _centered_header("STUDENT ACADEMIC TRANSCRIPT", True), pools.person(rng),
                             rng.choice(pools.COLLEGES))


@family("transcript", 4, held_out=True)
def transcript_att_earned(rng: random.Random) -> Generated:
    style = TranscriptStyle(columns=[("term", "Term"), ("code", "Course"), ("title", "Description"),
                                     ("attempted", "Att"), ("earned", "Earned"), ("grade", "Grd"),
                                     ("points", "QP")],
                            term_style="code_after", term_layout="column", code_sep="-", font="mono",
                            upper_titles=True, truncate=22, totals="")
    return render_transcript(rng, style, _boxed_header, pools.person(rng), rng.choice(pools.COLLEGES))


@family("transcript", 5, held_out=True)
def transcript_quarters(rng: random.Random) -> Generated:
    grades = ("A", "A-", "B+", "B", "C", "CR", "NC", "P", "W", "B-", "A")
    style = TranscriptStyle(columns=[("code", "Course No."), ("title", "Course Name"), ("grade", "Mark"),
                                     ("units", "Units")],
                            term_style="quarter", term_layout="heading", units_fmt="1dp", code_sep="",
                            font="serif", grades=grades, totals="Quarter units: {att}")
    return render_transcript(rng, style, _centered_header("Transcript of Academic Record", False),
                             pools.person(rng), rng.choice(pools.COLLEGES))


@family("transcript", 6, held_out=True)
def transcript_apostrophe(rng: random.Random) -> Generated:
    style = TranscriptStyle(columns=[("code", "Catalog"), ("title", "Title"), ("units", "Hrs"), ("grade", "Grd")],
                            term_style=rng.choice(("apostrophe", "session", "code_before")), term_layout="heading",
                            units_fmt="bare", code_sep=rng.choice((" ", "-")), font="condensed",
                            totals="Semester GPA: {gpa}   Units: {att}", row_rules=True)
    return render_transcript(rng, style, _left_header("Student"), pools.person(rng), rng.choice(pools.COLLEGES))


@family("transcript", 7, held_out=True)
def transcript_grade_first(rng: random.Random) -> Generated:
    style = TranscriptStyle(columns=[("term", "Term"), ("code", "Course ID"), ("title", "Course Title"),
                                     ("grade", "Grade"), ("units", "Units"), ("points", "Pts")],
                            term_style="code_before", term_layout="column", units_fmt="2dp", totals="",
                            font="serif", degree_place="top")
    return render_transcript(rng, style, _boxed_header, pools.person(rng), rng.choice(pools.COLLEGES))


@family("transcript", 8, held_out=False)
def transcript_two_columns(rng: random.Random) -> Generated:
    """Terms set in two columns side by side, each with its own header, as some registrars print them."""
    style = TranscriptStyle(columns=[("code", "Course"), ("title", "Title"), ("units", "Units"), ("grade", "Grd")],
                            term_style=rng.choice(("upper", "plain", "code_before")), term_layout="heading",
                            units_fmt="1dp", truncate=24, font="condensed")
    record = _transcript_record(rng, style)
    person, institution = pools.person(rng), rng.choice(pools.COLLEGES)
    doc = Document(style.font)
    size = 8
    y0 = _left_header("Student")(doc, {"person": person, "institution": institution}) + 6
    offsets = (54.0, 316.0)
    xs = (0.0, 52.0, 196.0, 232.0)
    for left in offsets:
        for (_role, head), x in zip(style.columns, xs, strict=True):
            doc.text(left + x, y0, head, size, bold=True)
        doc.rule(left, y0 + 3, left + 250, 0.6)
    # Split the terms between the two columns, whole terms only.
    terms: list[str] = []
    for course in record["courses"]:
        if course["term"] not in terms:
            terms.append(course["term"])
    half = max(1, (len(terms) + 1) // 2)
    for column, chosen in enumerate((terms[:half], terms[half:])):
        y = y0 + size * 2.2
        left = offsets[column]
        for term in chosen:
            rows = [c for c in record["courses"] if c["term"] == term]
            doc.text(left, y, fmt_term(rows[0]["_season"], rows[0]["_year"], style.term_style), size + 0.5,
                     bold=True)
            y += size * 1.8
            for course in rows:
                for (role, _head), x in zip(style.columns, xs, strict=True):
                    doc.text(left + x, y, _cell(role, course, style), size)
                y += size * 1.7
            y += size * 0.8
    doc.text(54, 760, "This transcript is not official unless it bears the registrar's signature and seal.", 6.5)
    truth = {"doc_type": "transcript", "person_name": person, "institution": institution,
             "courses": [{k: v for k, v in c.items() if not k.startswith("_")} for c in record["courses"]],
             "degrees": [], "pages": 1}
    return doc.pdf(), truth, None


# ================================================================ permits

def _permit_record(rng: random.Random) -> dict[str, Any]:
    issued = pools.some_date(rng, 2012, 2025)
    return {"doc_type": "permit", "person_name": pools.person(rng), "permit_title": rng.choice(pools.PERMITS),
            "document_number": rng.choice(("C", "", "CD")) + str(rng.randint(10**6, 10**9 - 1)),
            "issued_on": issued.isoformat(), "expires_on": pools.add_years(issued, 5).isoformat()}


def _d(iso: str, style: str) -> str:
    return fmt_date(date.fromisoformat(iso), style)


def _short_title(title: str) -> str:
    return title.replace("Child Development ", "")


@family("permit", 1, held_out=False)
def permit_certificate(rng: random.Random) -> Generated:
    t = _permit_record(rng)
    doc = Document(rng.choice(("serif", "sans")))
    doc.text(306, 70, "State of California", 10, align="center")
    doc.text(306, 90, "COMMISSION ON TEACHER CREDENTIALING", 14, bold=True, align="center")
    doc.text(306, 140, t["permit_title"].upper(), 15, bold=True, align="center")
    doc.text(306, 180, "This is to certify that", 10, align="center")
    doc.text(306, 210, t["person_name"], 18, bold=True, align="center")
    doc.text(306, 235, "has met the requirements and is authorized to serve in a child development program.", 9,
             align="center")
    style = rng.choice(("mdy", "long"))
    y = 300.0
    for label, value in (("Document Number", t["document_number"]), ("Issued", _d(t["issued_on"], style)),
                         ("Expires", _d(t["expires_on"], style))):
        y = kv(doc, 80, y, label, value, "colon", tab=140)
    doc.seal(470, 330, 50, "Commission on Teacher Credentialing")
    distractors(doc, rng, 740)
    return doc.pdf(), t, None


@family("permit", 2, held_out=False)
def permit_search_table(rng: random.Random) -> Generated:
    t = _permit_record(rng)
    doc = Document("sans")
    doc.text(54, 54, "Commission on Teacher Credentialing", 11, bold=True)
    doc.text(558, 54, f"Search date: {_d(pools.some_date(rng, 2024, 2026).isoformat(), 'long')}", 8, align="right")
    doc.text(54, 70, "Credential Information - Public Search Result", 9)
    kv(doc, 54, 110, "Educator", t["person_name"], "colon", tab=70)
    heads = [("Document Title", 54), ("Document No.", 330), ("Issue Date", 410), ("Expiration Date", 480)]
    for head, x in heads:
        doc.text(x, 160, head, 8.5, bold=True)
    rows = [(t["permit_title"], t["document_number"], _d(t["issued_on"], "mdy"), _d(t["expires_on"], "mdy"))]
    old = pools.some_date(rng, 2005, 2011)
    rows.insert(rng.randrange(2), ("Emergency 30-Day Substitute Teaching Permit", str(rng.randint(10**8, 10**9)),
                                   fmt_date(old, "mdy"), fmt_date(pools.add_years(old, 1), "mdy")))
    y = 180
    for row in rows:
        for (_h, x), value in zip(heads, row, strict=True):
            doc.text(x, y, value, 8.5)
        y += 16
    doc.text(54, y + 20, "The information on this page is provided for verification purposes only.", 7.5)
    return doc.pdf(), t, None


@family("permit", 3, held_out=False)
def permit_valid_range(rng: random.Random) -> Generated:
    t = _permit_record(rng)
    doc = Document(rng.choice(("liberation", "sans")))
    doc.text(54, 60, "CALIFORNIA COMMISSION ON TEACHER CREDENTIALING", 12, bold=True)
    level = _short_title(t["permit_title"]).replace(" Permit", "")
    doc.text(54, 100, f"Child Development Permit - {level}", 13, bold=True)
    y = kv(doc, 54, 140, "Holder", t["person_name"], "colon", tab=110)
    y = kv(doc, 54, y, "Permit No.", t["document_number"], "colon", tab=110)
    style = rng.choice(("mdy", "abbr", "iso"))
    doc.text(54, y, f"Valid from {_d(t['issued_on'], style)} through {_d(t['expires_on'], style)}", 10)
    distractors(doc, rng, 700)
    return doc.pdf(), t, None


@family("permit", 4, held_out=True)
def permit_letter(rng: random.Random) -> Generated:
    t = _permit_record(rng)
    doc = Document("serif")
    doc.text(54, 60, "Commission on Teacher Credentialing", 12, bold=True)
    doc.text(54, 74, "1900 Capitol Avenue, Sacramento, CA 95811", 8)
    doc.text(54, 110, _d(pools.some_date(rng, 2023, 2026).isoformat(), "long"), 10)
    doc.text(54, 150, f"Dear {t['person_name']},", 10)
    style = rng.choice(("long", "mdy", "dmy_long"))
    body = [f"We are pleased to inform you that your {t['permit_title']},",
            f"document number {t['document_number']}, was issued on {_d(t['issued_on'], style)}.",
            f"The permit is valid until {_d(t['expires_on'], style)}. Keep this letter with your records.",
            "Your date of birth on file is 03/14/1985; contact us if it is wrong."]
    y = 180
    for line in body:
        doc.text(54, y, line, 10)
        y += 16
    doc.text(54, y + 40, "Sincerely,", 10)
    doc.text(54, y + 70, "Certification Division", 10)
    return doc.pdf(), t, None


@family("permit", 5, held_out=True)
def permit_card(rng: random.Random) -> Generated:
    t = _permit_record(rng)
    doc = Document("sans")
    doc.box(60, 60, 492, 300, 1.5)
    doc.text(306, 90, "STATE OF CALIFORNIA - CHILD DEVELOPMENT PERMIT", 11, bold=True, align="center")
    style = rng.choice(("dmy_abbr", "upper_abbr", "dot_dmy"))
    y = kv(doc, 84, 130, "Name", t["person_name"], "above", size=12)
    y = kv(doc, 84, y, "Permit Type", _short_title(t["permit_title"]), "above", size=11)
    kv(doc, 84, y, "Document No.", t["document_number"], "above", size=11)
    kv(doc, 250, y, "Issue Date", _d(t["issued_on"], style), "above", size=11)
    kv(doc, 400, y, "Expiration", _d(t["expires_on"], style), "above", size=11)
    doc.text(306, 340, "Commission on Teacher Credentialing", 8, align="center")
    distractors(doc, rng, 400)
    return doc.pdf(), t, None


@family("permit", 6, held_out=True)
def permit_unlabelled_dates(rng: random.Random) -> Generated:
    t = _permit_record(rng)
    doc = Document("liberation")
    doc.text(54, 60, "Commission on Teacher Credentialing - Certificate of Authorization", 11, bold=True)
    doc.text(54, 96, t["permit_title"], 14, bold=True)
    y = kv(doc, 54, 130, "Name of Holder", t["person_name"], "boxed", tab=130)
    y = kv(doc, 54, y, "Certificate Number", t["document_number"], "boxed", tab=130)
    style = rng.choice(("mdy2", "mdy", "dash"))
    y = kv(doc, 54, y, "Term of Validity", f"{_d(t['issued_on'], style)} - {_d(t['expires_on'], style)}",
           "boxed", tab=130)
    doc.text(54, y + 30, f"Application received {_d(pools.some_date(rng, 2010, 2011).isoformat(), 'mdy')}.", 8)
    return doc.pdf(), t, None


# ================================================================ training certificates

def _training_record(rng: random.Random, *, competency: bool = True) -> dict[str, Any]:
    return {"doc_type": "training_certificate", "person_name": pools.person(rng),
            "training_title": rng.choice(pools.TRAININGS), "hours": rng.choice((1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 12.0,
                                                                              0.5, 2.5, 8.0)),
            "completed_on": pools.some_date(rng, 2016, 2026).isoformat(), "sponsor": rng.choice(pools.SPONSORS),
            "competency_area": rng.choice(pools.COMPETENCY_AREAS) if competency else None}


def _hours(h: float) -> str:
    return f"{h:g}"


@family("training_certificate", 1, held_out=False)
def training_sentence(rng: random.Random) -> Generated:
    t = _training_record(rng, competency=rng.random() < 0.8)
    doc = Document(rng.choice(("serif", "sans")))
    doc.text(306, 80, "Certificate of Completion", 22, bold=True, align="center")
    doc.text(306, 120, "This certifies that", 10, align="center")
    doc.text(306, 150, t["person_name"], 18, bold=True, align="center")
    doc.text(306, 175, "has successfully completed", 10, align="center")
    doc.text(306, 205, t["training_title"], 14, bold=True, align="center")
    doc.text(306, 228, f"for {_hours(t['hours'])} training hours", 10, align="center")
    if t["competency_area"]:
        doc.text(306, 248, f"Core Competency: {t['competency_area']}", 9, align="center")
    doc.text(54, 320, f"Date: {_d(t['completed_on'], rng.choice(('long', 'mdy')))}", 10)
    doc.text(54, 345, f"Sponsor: {t['sponsor']}", 10)
    doc.text(360, 330, "Instructor: Kim M. Washington", 9)
    doc.seal(480, 450, 45, t["sponsor"][:26])
    return doc.pdf(), t, None


@family("training_certificate", 2, held_out=False)
def training_record_table(rng: random.Random) -> Generated:
    t = _training_record(rng)
    doc = Document("sans")
    doc.text(54, 60, t["sponsor"], 13, bold=True)
    doc.text(54, 76, "Professional Development Record", 9)
    y = 120.0
    for label, value in (("Participant", t["person_name"]), ("Training", t["training_title"]),
                         ("Date Completed", _d(t["completed_on"], "mdy")), ("Hours", f"{t['hours']:.1f}"),
                         ("Competency Area", t["competency_area"] or ""), ("Sponsor", t["sponsor"]),
                         ("Trainer", "Phạm Thu Hà")):
        if value:
            y = kv(doc, 54, y, label, value, "boxed", tab=130)
    doc.text(54, y + 30, f"Registry training approval #53450 (approved {_d('2015-03-26', 'mdy')})", 8)
    distractors(doc, rng, 740)
    return doc.pdf(), t, None


@family("training_certificate", 3, held_out=False)
def training_attendance(rng: random.Random) -> Generated:
    t = _training_record(rng)
    doc = Document("liberation")
    doc.text(306, 70, "CERTIFICATE OF ATTENDANCE", 18, bold=True, align="center")
    doc.text(306, 105, "This is to certify that", 10, align="center")
    doc.text(306, 130, t["person_name"], 16, bold=True, align="center")
    doc.text(306, 155, f"attended {_hours(t['hours'])} clock hours of professional development on "
                       f"{_d(t['completed_on'], 'long')}", 10, align="center")
    y = kv(doc, 80, 210, "Title", t["training_title"], "colon", tab=110)
    y = kv(doc, 80, y, "Presented by", t["sponsor"], "colon", tab=110)
    if t["competency_area"]:
        kv(doc, 80, y, "Competency Area", t["competency_area"], "colon", tab=110)
    distractors(doc, rng, 700)
    return doc.pdf(), t, None


@family("training_certificate", 4, held_out=True)
def training_awarded_sentence(rng: random.Random) -> Generated:
    t = _training_record(rng, competency=rng.random() < 0.6)
    doc = Document("serif")
    doc.text(306, 60, t["sponsor"].upper(), 12, bold=True, align="center")
    doc.text(306, 84, "awards this certificate to", 10, align="center")
    doc.text(306, 115, t["person_name"], 20, align="center")
    doc.text(306, 145, f"for completing \u201c{t['training_title']}\u201d", 11, align="center")
    doc.text(306, 165, f"on {_d(t['completed_on'], rng.choice(('long', 'dmy_long', 'abbr')))}", 11, align="center")
    doc.text(306, 200, f"Clock hours: {_hours(t['hours'])}", 10, align="center")
    if t["competency_area"]:
        doc.text(306, 218, f"California ECE Competency: {t['competency_area']}", 9, align="center")
    doc.text(120, 300, "________________________", 10)
    doc.text(120, 314, "Training Coordinator", 8)
    doc.text(54, 740, f"Certificate issued {_d(pools.some_date(rng, 2026, 2026).isoformat(), 'mdy')}", 7)
    return doc.pdf(), t, None


@family("training_certificate", 5, held_out=True)
def training_grid(rng: random.Random) -> Generated:
    t = _training_record(rng, competency=rng.random() < 0.5)
    doc = Document("sans")
    doc.text(54, 60, "Professional Growth Verification", 14, bold=True)
    y = kv(doc, 54, 100, "Participant", t["person_name"], "above", size=11)
    y = kv(doc, 54, y, "Workshop", t["training_title"], "above", size=11)
    kv(doc, 54, y, "Date of Training", _d(t["completed_on"], rng.choice(("mdy", "iso", "mdy_short"))), "above",
       size=11)
    y = kv(doc, 250, y, "Contact Hours", f"{t['hours']:.2f}", "above", size=11)
    y = kv(doc, 54, y, "Training Provider", t["sponsor"], "above", size=11)
    if t["competency_area"]:
        kv(doc, 54, y, "Competency Domain", t["competency_area"], "above", size=11)
    doc.text(54, 720, f"Date of birth: {_d('1990-05-06', 'mdy')}   Verified {_d('2026-01-04', 'mdy')}", 7)
    return doc.pdf(), t, None


@family("training_certificate", 6, held_out=True)
def training_hours_table(rng: random.Random) -> Generated:
    t = _training_record(rng)
    doc = Document("condensed")
    doc.text(54, 60, "Training Transcript Entry", 13, bold=True)
    doc.text(54, 80, f"Issued by: {t['sponsor']}", 9)
    doc.text(54, 110, f"Name: {t['person_name']}", 10)
    heads = [("Training Title", 54), ("Date", 300), ("Hours", 370), ("Competency Area", 410)]
    for head, x in heads:
        doc.text(x, 150, head, 8.5, bold=True)
    doc.rule(54, 154, 558, 0.8)
    area = t["competency_area"] or ""
    values = [t["training_title"], _d(t["completed_on"], "mdy"), _hours(t["hours"]), area]
    if len(area) > 28:
        values[3] = area[:28].rsplit(" ", 1)[0]
        doc.text(410, 182, area[len(values[3]):].strip(), 8.5)
    for (_h, x), value in zip(heads, values, strict=True):
        doc.text(x, 170, value, 8.5)
    doc.text(54, 240, "Hours are counted toward the 105 professional growth hours for permit renewal.", 8)
    return doc.pdf(), t, None


# ================================================================ CDA credentials

def _cda_record(rng: random.Random) -> dict[str, Any]:
    issued = pools.some_date(rng, 2012, 2025)
    return {"doc_type": "cda_credential", "person_name": pools.person(rng),
            "credential_id": str(rng.randint(10**8, 10**9 - 1)), "setting": rng.choice(pools.CDA_SETTINGS),
            "issued_on": issued.isoformat(), "expires_on": pools.add_years(issued, 3).isoformat()}


@family("cda_credential", 1, held_out=False)
def cda_certificate(rng: random.Random) -> Generated:
    t = _cda_record(rng)
    doc = Document("serif")
    doc.text(306, 70, "Council for Professional Recognition", 14, align="center")
    doc.text(306, 100, "hereby awards the", 10, align="center")
    doc.text(306, 130, "Child Development Associate (CDA) Credential", 16, bold=True, align="center")
    doc.text(306, 160, "to", 10, align="center")
    doc.text(306, 190, t["person_name"], 18, align="center")
    doc.text(306, 210, f"{t['setting']} Setting", 11, align="center")
    y = kv(doc, 54, 300, "Credential ID", t["credential_id"], "inline")
    y = kv(doc, 54, y + 10, "Awarded", _d(t["issued_on"], "mdy"), "inline")
    kv(doc, 54, y + 10, "Expires", _d(t["expires_on"], "mdy"), "inline")
    doc.seal(420, 340, 50, "Professional Recognition")
    doc.text(54, 420, f"Verification Visit completed {_d(pools.some_date(rng).isoformat(), 'mdy')}", 8)
    return doc.pdf(), t, None


@family("cda_credential", 2, held_out=False)
def cda_letter(rng: random.Random) -> Generated:
    t = _cda_record(rng)
    doc = Document("sans")
    doc.text(54, 60, "Council for Professional Recognition", 11, bold=True)
    doc.text(54, 74, "2460 16th Street NW, Washington, DC 20009", 8)
    doc.text(54, 110, _d(pools.some_date(rng).isoformat(), "long"), 10)
    doc.text(54, 140, f"Dear {t['person_name']},", 10)
    doc.text(54, 165, "Congratulations on the renewal of your Child Development Associate (CDA) Credential.", 10)
    y = 200.0
    for label, value in (("CDA ID", t["credential_id"]), ("Setting", t["setting"]),
                         ("Renewal date", _d(t["issued_on"], "long")), ("Valid Through", _d(t["expires_on"], "long"))):
        y = kv(doc, 70, y, label, value, "inline")
    return doc.pdf(), t, None


@family("cda_credential", 3, held_out=False)
def cda_table(rng: random.Random) -> Generated:
    t = _cda_record(rng)
    doc = Document("liberation")
    doc.text(54, 60, "Council for Professional Recognition - CDA Credential Record", 11, bold=True)
    kv(doc, 54, 100, "Candidate", t["person_name"], "colon", tab=90)
    heads = [("Credential Number", 54), ("Setting", 190), ("Award Date", 320), ("Expiration Date", 430)]
    for head, x in heads:
        doc.text(x, 150, head, 9, bold=True)
    doc.rule(54, 154, 558, 0.8)
    style = rng.choice(("mdy", "iso"))
    for (_h, x), value in zip(heads, (t["credential_id"], t["setting"], _d(t["issued_on"], style),
                                      _d(t["expires_on"], style)), strict=True):
        doc.text(x, 172, value, 9)
    distractors(doc, rng, 700)
    return doc.pdf(), t, None


@family("cda_credential", 4, held_out=True)
def cda_verification(rng: random.Random) -> Generated:
    t = _cda_record(rng)
    doc = Document("sans")
    doc.text(54, 60, "CDA Credential Verification", 14, bold=True)
    doc.text(54, 78, "Council for Professional Recognition - YourCouncil portal", 8)
    setting = t["setting"].replace("Infant-Toddler", rng.choice(("Infant/Toddler", "Infant-Toddler")))
    style = rng.choice(("mdy", "abbr", "dmy_abbr"))
    y = 110.0
    for label, value in (("Name", t["person_name"]), ("CDA Credential Number", t["credential_id"]),
                         ("Credential Type", f"{setting} (center-based)" if setting != "Home Visitor" else setting),
                         ("Status", "Active"), ("Date Awarded", _d(t["issued_on"], style)),
                         ("Expiration Date", _d(t["expires_on"], style)),
                         ("Verified on", _d(pools.some_date(rng, 2026, 2026).isoformat(), style))):
        y = kv(doc, 54, y, label, value, "colon", tab=150)
    return doc.pdf(), t, None


@family("cda_credential", 5, held_out=True)
def cda_card(rng: random.Random) -> Generated:
    t = _cda_record(rng)
    doc = Document("condensed")
    doc.box(70, 70, 472, 260, 1.5)
    doc.text(306, 100, "CHILD DEVELOPMENT ASSOCIATE", 14, bold=True, align="center")
    doc.text(306, 116, "Council for Professional Recognition", 8, align="center")
    y = kv(doc, 96, 150, "Credential Holder", t["person_name"], "below", size=12)
    kv(doc, 96, y, "ID Number", t["credential_id"], "below", size=11)
    kv(doc, 300, y, "Setting", t["setting"], "below", size=11)
    y += 34
    kv(doc, 96, y, "Effective", _d(t["issued_on"], "mdy"), "below", size=11)
    kv(doc, 300, y, "Expires", _d(t["expires_on"], "mdy"), "below", size=11)
    return doc.pdf(), t, None


@family("cda_credential", 6, held_out=True)
def cda_renewal_sentence(rng: random.Random) -> Generated:
    t = _cda_record(rng)
    doc = Document("serif")
    doc.text(306, 70, "Council for Professional Recognition", 13, bold=True, align="center")
    doc.text(306, 110, "This certifies that", 10, align="center")
    doc.text(306, 140, t["person_name"], 18, align="center")
    style = rng.choice(("long", "mdy"))
    doc.text(306, 170, f"has renewed the Child Development Associate (CDA) Credential with a {t['setting']}",
             10, align="center")
    doc.text(306, 186, f"setting endorsement, effective {_d(t['issued_on'], style)} through "
                       f"{_d(t['expires_on'], style)}.", 10, align="center")
    doc.text(306, 230, f"Credential #: {t['credential_id']}", 10, align="center")
    original = date.fromisoformat(t["issued_on"]) - timedelta(days=1100)
    doc.text(54, 740, f"Original award {fmt_date(original, 'mdy')}", 7)
    return doc.pdf(), t, None
from bench.synthetic import registrars  # noqa: E402,F401  (registers more held-out families)
