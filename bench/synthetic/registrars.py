"""More held-out transcript families, each printed the way one kind of student-information system prints an
academic transcript: Ellucian Banner (9), Oracle PeopleSoft Campus Solutions (10), Ellucian Colleague (11), a
small college's system that labels every row (12, Jenzabar-like), Workday Student (13), a student portal's
unofficial transcript printed from the browser (14), and a Parchment / Clearinghouse eTranscript rendered from
PESC data (15).

They are written from how those systems print, not from any parser. The truth follows
shared/corpus/SCHEMA.md: every course row printed (transfer and test credit too), in printed order; titles as
printed (capitalised or truncated when the system does that); degrees awarded by the issuing institution only.

`TRACE` keeps, for the last document drawn, the strings printed for each truth row and degree and the page
each landed on; bench/synthetic/check_registrars.py uses it to prove every truth value is on the page.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bench.synthetic import pools
from bench.synthetic.families import Generated, family
from bench.synthetic.render import HEIGHT, Document, fmt_date, register_font

# ================================================================ drawing

_FONT_FILES = {
    "sans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    "serif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
    "condensed": ("dejavu/DejaVuSansCondensed.ttf", "dejavu/DejaVuSansCondensed-Bold.ttf"),
    "arial": ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf"),
    "arial-i": ("liberation/LiberationSans-Italic.ttf", "liberation/LiberationSans-BoldItalic.ttf"),
    "times": ("liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf"),
    "times-i": ("liberation/LiberationSerif-Italic.ttf", "liberation/LiberationSerif-BoldItalic.ttf"),
    "courier": ("liberation/LiberationMono-Regular.ttf", "liberation/LiberationMono-Bold.ttf"),
    "narrow": ("liberation/LiberationSansNarrow-Regular.ttf", "liberation/LiberationSansNarrow-Bold.ttf"),
    "mono": ("dejavu/DejaVuSansMono.ttf", "dejavu/DejaVuSansMono-Bold.ttf"),
}
# The Liberation faces lack some Vietnamese letters (ầ, ệ): a system prints those names in a face that has them.
_FALLBACK = {"courier": "mono", "times": "serif", "times-i": "serif", "arial": "sans", "arial-i": "sans",
             "narrow": "condensed"}
def _font_name(fam: str, bold: bool) -> str:
    return register_font(fam, bold, table=_FONT_FILES, prefix="registrar-")


def _covering(fam: str, bold: bool, s: str) -> str:
    from reportlab.pdfbase import pdfmetrics

    for candidate in (fam, _FALLBACK.get(fam, fam), "sans"):
        name = _font_name(candidate, bold)
        glyphs = pdfmetrics.getFont(name).face.charToGlyph
        if all(ord(c) in glyphs for c in s):
            return name
    return _font_name(fam, bold)


class Sheet(Document):
    """A Document with the Times-, Courier- and Arial-like faces registrar reports use, and shaded bands."""

    def text(self, x: float, y: float, s: str, size: float = 10, *, bold: bool = False, align: str = "left",
             family: str | None = None, grey: float = 0.0) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        name = _covering(family or self.family, bold, s)
        width = float(stringWidth(s, name, size))
        self.canvas.setFont(name, size)
        self.canvas.setFillGray(grey)
        left = x - width if align == "right" else x - width / 2 if align == "center" else x
        self.canvas.drawString(left, HEIGHT - y, s)
        self.canvas.setFillGray(0)
        return width

    def width(self, s: str, size: float = 10, bold: bool = False, family: str | None = None) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return float(stringWidth(s, _covering(family or self.family, bold, s), size))

    def shade(self, x: float, y: float, w: float, h: float, grey: float) -> None:
        """A filled rectangle without a border; y is its top edge."""
        self.canvas.setFillGray(grey)
        self.canvas.rect(x, HEIGHT - y - h, w, h, stroke=0, fill=1)
        self.canvas.setFillGray(0)

    def frame(self, x: float, y: float, w: float, h: float, weight: float = 0.5, grey: float = 0.0) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.setStrokeGray(grey)
        self.canvas.rect(x, HEIGHT - y - h, w, h, stroke=1, fill=0)
        self.canvas.setStrokeGray(0)

    def vline(self, x: float, y0: float, y1: float, weight: float = 0.4, grey: float = 0.0) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.setStrokeGray(grey)
        self.canvas.line(x, HEIGHT - y0, x, HEIGHT - y1)
        self.canvas.setStrokeGray(0)

    def hline(self, x0: float, y: float, x1: float, weight: float = 0.5, grey: float = 0.0,
              dash: tuple[float, float] | None = None) -> None:
        self.canvas.saveState()
        self.canvas.setLineWidth(weight)
        self.canvas.setStrokeGray(grey)
        if dash:
            self.canvas.setDash(*dash)
        self.canvas.line(x0, HEIGHT - y, x1, HEIGHT - y)
        self.canvas.restoreState()

    def fit(self, s: str, size: float, room: float, bold: bool = False, family: str | None = None) -> float:
        """The largest size up to `size` at which s fits in `room` points."""
        while size > 5 and self.width(s, size, bold, family) > room:
            size -= 0.25
        return size


def _wrap(doc: Sheet, text: str, room: float, size: float, bold: bool = False) -> list[str]:
    """Break text at spaces into lines no wider than room, as a table cell wraps it."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and doc.width(trial, size, bold) > room:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return lines


# ================================================================ what is printed

EXTRA_COLLEGES = ["Ohlone College", "Grossmont College", "San Diego Mesa College", "Sierra College",
                  "Bakersfield College", "Allan Hancock College", "California State University, Sacramento",
                  "University of California, Santa Cruz", "Los Angeles Pierce College", "Mission College"]
INSTITUTIONS = pools.COLLEGES + EXTRA_COLLEGES
CITIES = {"Cabrillo College": ("Aptos", "95003"), "De Anza College": ("Cupertino", "95014"),
          "Pasadena City College": ("Pasadena", "91106"), "Santa Monica College": ("Santa Monica", "90405"),
          "College of the Canyons": ("Santa Clarita", "91355"), "Fresno City College": ("Fresno", "93741"),
          "Sacramento City College": ("Sacramento", "95822"), "Mt. San Antonio College": ("Walnut", "91789"),
          "San Francisco State University": ("San Francisco", "94132"),
          "California State University, Long Beach": ("Long Beach", "90840"),
          "Foothill College": ("Los Altos Hills", "94022"), "University of California, Davis": ("Davis", "95616"),
          "Los Angeles Trade-Technical College": ("Los Angeles", "90015"), "Chabot College": ("Hayward", "94545"),
          "Riverside City College": ("Riverside", "92506"), "Pacific Oaks College": ("Pasadena", "91103"),
          "Cerritos College": ("Norwalk", "90650"), "Modesto Junior College": ("Modesto", "95350"),
          "California State University, Fullerton": ("Fullerton", "92831"),
          "Santa Rosa Junior College": ("Santa Rosa", "95401"), "Ohlone College": ("Fremont", "94539"),
          "Grossmont College": ("El Cajon", "92020"), "San Diego Mesa College": ("San Diego", "92111"),
          "Sierra College": ("Rocklin", "95677"), "Bakersfield College": ("Bakersfield", "93305"),
          "Allan Hancock College": ("Santa Maria", "93454"),
          "California State University, Sacramento": ("Sacramento", "95819"),
          "University of California, Santa Cruz": ("Santa Cruz", "95064"),
          "Los Angeles Pierce College": ("Woodland Hills", "91371"), "Mission College": ("Santa Clara", "95054")}

# Course titles as catalogues write them: ampersands, slashes, commas, colons, parentheses, apostrophes.
ECE_TITLES: list[tuple[str, tuple[float, ...]]] = [
    ("Child Growth & Development", (3.0,)), ("Child, Family & Community", (3.0,)),
    ("Introduction to Curriculum", (3.0,)), ("Principles & Practices of Teaching Young Children", (3.0,)),
    ("Observation & Assessment", (3.0,)), ("Health, Safety & Nutrition", (3.0, 2.0)),
    ("Infant/Toddler Care", (3.0,)), ("Infant/Toddler Development", (3.0,)),
    ("Practicum (Field Experience)", (3.0, 4.0)), ("Children's Literature", (3.0,)),
    ("Administration I: Programs in Early Childhood Education", (3.0,)),
    ("Administration II: Personnel & Leadership", (3.0,)), ("Adult Supervision & Mentoring in ECE", (2.0, 3.0)),
    ("Children with Special Needs", (3.0,)), ("Language & Literacy Development", (3.0,)),
    ("Math/Science for Young Children", (3.0,)), ("Creative Arts: Art, Music & Movement", (3.0,)),
    ("Positive Guidance (Birth-8 Years)", (2.0, 3.0)), ("Home Visiting: Working with Families", (3.0,)),
    ("School-Age Programs & Curriculum", (3.0,)), ("Anti-Bias Curriculum", (1.0, 3.0)),
    ("Early Intervention (0-3)", (3.0,)), ("Play: A Child's Way of Learning", (3.0,)),
    ("Pediatric First Aid/CPR", (1.0, 0.5)), ("Special Topics in ECE", (1.0, 2.0)),
]
GE_TITLES: list[tuple[str, str, tuple[float, ...]]] = [
    ("ENGL", "Reading & Composition", (3.0, 4.0)), ("PSYC", "Lifespan Development", (3.0,)),
    ("MATH", "Statistics for the Behavioral Sci.", (4.0,)), ("HIST", "U.S. History to 1877", (3.0,)),
    ("SPAN", "Spanish for Heritage Speakers I", (4.0, 5.0)), ("HLTH", "Women's Health", (3.0,)),
    ("COMM", "Interpersonal Communication", (3.0,)), ("SOC", "Marriage, Family & Intimate Relationships", (3.0,)),
    ("MUS", "Music Fundamentals", (3.0,)), ("KIN", "Yoga I", (1.0, 0.5)),
    ("CIS", "Computer Literacy/Office Apps", (3.0,)), ("LIBR", "Information Competency (Online)", (1.0,)),
    ("COUN", "College Success Strategies", (1.0, 3.0)), *pools.GE_COURSES,
]


def _same(title: str) -> str:
    return title.casefold().replace(" and ", " & ").replace(", ", " ").replace("-", " ")


def _concept(title: str) -> str:
    return " ".join(_same(title).replace("/", " ").replace("(", " ").split()[:2])


# The shared pools' titles too, unless one of the above is the same course written with '&'.
ECE_TITLES += [(t, u) for t, u in pools.ECE_COURSES if _same(t) not in {_same(m) for m, _ in ECE_TITLES}]
GRADUATE_TITLES = [("Research Methods in Early Childhood", (3.0,)), ("Advanced Child Development", (3.0,)),
                   ("Leadership & Advocacy in ECE", (3.0,)), ("Seminar: Curriculum Theory", (3.0,)),
                   ("Reflective Supervision (Practicum)", (3.0, 4.0)), ("Thesis/Project Continuation", (1.0, 3.0))]
TOPICS = ["Reggio Emilia Approach", "Outdoor Classrooms", "Family Child Care Business", "Trauma-Informed Practice",
          "Loose Parts Play"]
INSTRUCTORS = ["Okafor, M.", "Tran, L.", "Begay, R.", "Fischer, A.", "Haddad, N.", "Rossi, T.", "Santos, J."]
ECE_SUBJECTS = ["ECE", "CHLD", "CD", "CHDV", "ECEC", "CDEV", "ECS", "EDEC", "HDEV", "CFS"]
DEGREE_CHOICES = [*pools.DEGREES, ("Associate of Arts", "Child and Adolescent Development"),
                  ("Associate in Science for Transfer", "Early Childhood Education"),
                  ("Bachelor of Arts", "Child and Adolescent Development"),
                  ("Bachelor of Science", "Child Development")]
GRADUATE_DEGREES = [("Master of Arts", "Early Childhood Education"), ("Master of Science", "Child Development")]
LETTERS = ("A", "A", "A-", "B+", "B", "B", "B-", "C+", "C", "C", "D", "F", "W", "A", "B")
NOT_EARNED = {"F", "W", "NP", "NC", "I", "WU", "FW", "U"}


@dataclass
class Row:
    season: str
    year: int
    subject: str
    number: str
    title: str  # the catalogue title; a system may print it capitalised or truncated
    units: float
    grade: str  # as printed
    repeat: str = ""  # "excluded": a later retake replaces it; "included": the retake
    note: str = ""  # a topic some systems print under the row
    section: str = ""

    @property
    def term(self) -> str:
        return f"{self.season} {self.year}"

    @property
    def code(self) -> str:
        return f"{self.subject} {self.number}"

    @property
    def earned(self) -> float:
        return 0.0 if self.grade in NOT_EARNED else self.units

    @property
    def points(self) -> float | None:
        value = pools.GRADE_POINTS.get(self.grade.removeprefix("T") if len(self.grade) > 1 else self.grade)
        return None if value is None else value * self.units


@dataclass
class Term:
    season: str
    year: int
    rows: list[Row] = field(default_factory=list)
    source: str = ""  # the other school, for a block of transfer credit

    @property
    def name(self) -> str:
        return f"{self.season} {self.year}"


def _number(rng: random.Random, style: str) -> str:
    if style == "cc":  # California community colleges: CHLD 10A, ECE 101, PSYC 1A
        return str(rng.choice((rng.randint(1, 99), rng.randint(100, 199)))) + (
            rng.choice("ABLH") if rng.random() < 0.2 else "")
    if style == "short":  # CD 1, PSYC 1A, ENGL 1B
        return str(rng.randint(1, 60)) + (rng.choice("ABC") if rng.random() < 0.35 else "")
    if style == "four":  # ECE 1100, PSYC 2301
        return str(rng.randint(10, 29) * 100 + rng.choice((0, 1, 3, 5, 10, 13, 15, 21, 30)))
    if style == "grad":
        return str(rng.randint(500, 699))
    return str(rng.randint(100, 299)) + ("H" if rng.random() < 0.05 else "")  # "three"


class Catalog:
    """One school's course numbers: the same title keeps its code across terms (so retakes repeat it)."""

    def __init__(self, rng: random.Random, numbering: str, ece_subject: str | None = None,
                 ece_titles: list[tuple[str, tuple[float, ...]]] | None = None, ece_share: float = 0.6) -> None:
        self.numbering = numbering
        self.ece_subject = ece_subject or rng.choice(ECE_SUBJECTS)
        self.ece_titles = ece_titles or ECE_TITLES
        self.ece_share = ece_share
        self.by_title: dict[str, tuple[str, str, tuple[float, ...]]] = {}
        self.codes: set[str] = set()

    def pick(self, rng: random.Random) -> tuple[str, str, str, tuple[float, ...]]:
        for _ in range(30):  # one catalogue has one 'Practicum', not also a 'Practicum-Field Experience'
            if rng.random() < self.ece_share:
                title, units = rng.choice(self.ece_titles)
                subject = self.ece_subject
            else:
                subject, title, units = rng.choice(GE_TITLES)
            if title in self.by_title or _concept(title) not in {_concept(t) for t in self.by_title}:
                break
        if title not in self.by_title:
            for _ in range(50):
                number = _number(rng, self.numbering)
                if f"{subject} {number}" not in self.codes:
                    break
            self.codes.add(f"{subject} {number}")
            self.by_title[title] = (subject, number, units)
        subject, number, units = self.by_title[title]
        return subject, number, title, units


def _term_sequence(rng: random.Random, seasons: tuple[str, ...], optional: tuple[str, ...], count: int,
                   start: int) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    i, year = rng.randrange(len(seasons)), start
    while len(out) < count:
        season = seasons[i]
        if season not in optional or rng.random() < 0.45:
            out.append((season, year))
        i += 1
        if i == len(seasons):
            i, year = 0, year + 1
    return out


def _record(rng: random.Random, catalog: Catalog, *, seasons: tuple[str, ...] = ("Spring", "Summer", "Fall"),
            optional: tuple[str, ...] = ("Summer",), terms: tuple[int, int] = (3, 6),
            per_term: tuple[int, int] = (2, 5), grades: tuple[str, ...] = LETTERS, start: int | None = None,
            units: Callable[[random.Random, tuple[float, ...]], float] | None = None,
            repeats: bool = True) -> list[Term]:
    start = start or rng.randint(2009, 2021)
    out: list[Term] = []
    taken: set[str] = set()  # a course passed is not taken again; retakes are made on purpose below
    for season, year in _term_sequence(rng, seasons, optional, rng.randint(*terms), start):
        term = Term(season, year)
        wanted = rng.randint(*per_term) if season not in optional else rng.randint(1, 2)
        for _ in range(wanted * 3):
            if len(term.rows) >= wanted:
                break
            subject, number, title, options = catalog.pick(rng)
            if title in taken:
                continue
            taken.add(title)
            row = Row(season, year, subject, number, title,
                      units(rng, options) if units else rng.choice(options), rng.choice(grades))
            if title.startswith("Special Topics"):
                row.note = rng.choice(TOPICS)
            term.rows.append(row)
        out.append(term)
    if repeats and len(out) > 1 and rng.random() < 0.6:
        # A course failed or dropped and taken again later: both attempts print, the first excluded from GPA.
        failed = [r for t in out[:-1] for r in t.rows if r.grade in ("F", "D", "W", "NP", "NC")]
        if failed:
            first = rng.choice(failed)
            later = [t for t in out if (t.year, _SEASON_ORDER[t.season]) > (first.year, _SEASON_ORDER[first.season])
                     and t.season not in optional]
            if later:
                term = rng.choice(later)
                if not any(r.code == first.code for r in term.rows):
                    first.repeat = "excluded"
                    better = [g for g in grades if g in ("A", "A-", "B+", "B", "C", "P", "CR")] or ["B"]
                    retake = Row(term.season, term.year, first.subject, first.number, first.title, first.units,
                                 rng.choice(better), repeat="included", note=first.note)
                    term.rows.insert(rng.randrange(len(term.rows) + 1), retake)
    return [t for t in out if t.rows]


_SEASON_ORDER = {"Winter": 0, "Spring": 1, "Summer": 2, "Fall": 3}


def _transfer(rng: random.Random, issuer: str, record: list[Term], *, grades: tuple[str, ...] = ("A", "B", "C",
              "A-", "B+", "P", "CR"), numbering: str = "cc", terms: tuple[int, int] = (1, 2)) -> list[Term]:
    """Credit from another college (a community college, unless a university issues the transcript), listed under
    the terms the other college gave it; none of it is a course the student took again here."""
    sources = [c for c in INSTITUTIONS if c != issuer and (_is_university(issuer) or not _is_university(c))]
    source = rng.choice(sources)
    taken = {r.title for t in record for r in t.rows}
    catalog = Catalog(rng, numbering, ece_share=0.3)
    count = rng.randint(*terms)
    out = []
    for season, year in _term_sequence(rng, ("Spring", "Fall"), (), count, record[0].year - count):
        term = Term(season, year, source=source)
        for _ in range(rng.randint(2, 4) * 3):
            if len(term.rows) >= 4:
                break
            subject, number, title, options = catalog.pick(rng)
            if title in taken:
                continue
            taken.add(title)
            term.rows.append(Row(season, year, subject, number, title, rng.choice(options), rng.choice(grades)))
        if term.rows:
            out.append(term)
    return out


def _is_university(institution: str) -> bool:
    return "University" in institution or "Pacific Oaks" in institution


def _degree(rng: random.Random, institution: str, last: Term, chance: float = 0.55,
            choices: list[tuple[str, str]] | None = None) -> tuple[str, str, date] | None:
    if rng.random() >= chance:
        return None
    bachelors = _is_university(institution)
    options = choices or [d for d in DEGREE_CHOICES if d[0].startswith("Bachelor") == bachelors]
    title, major = rng.choice(options)
    month = {"Winter": 3, "Spring": rng.choice((5, 6)), "Summer": 8, "Fall": 12}[last.season]
    return title, major, date(last.year, month, rng.randint(10, 28))


def _show(title: str, *, upper: bool = False, limit: int | None = None) -> str:
    """The title as the system prints it: maybe capitalised, maybe cut at its field length (no ellipsis)."""
    shown = title.upper() if upper else title
    return shown[:limit].rstrip() if limit else shown


def _last_first(name: str, upper: bool = True) -> str:
    """'LAST, FIRST M.' as registrar systems print names; names in their own order print as they are."""
    parts = name.split(" ")
    if name in pools.OWN_ORDER or len(parts) < 2:
        shown = name
    else:
        *given, last = parts
        shown = f"{last}, {' '.join(given)}"
    return shown.upper() if upper else shown


def _address(rng: random.Random, institution: str) -> str:
    city, zipcode = CITIES.get(institution, ("Sacramento", "95811"))
    street = f"{rng.randint(100, 28000)} {rng.choice(('College', 'Campus', 'University', 'Mission', 'Oak'))}"
    return f"{street} {rng.choice(('Drive', 'Avenue', 'Boulevard', 'Road', 'Way'))}, {city}, CA {zipcode}"


def _phone(rng: random.Random) -> str:
    area = rng.choice(("831", "408", "626", "310", "916", "559", "714", "707", "510"))
    return f"({area}) 555-01{rng.randint(10, 99)}"


def _birth(rng: random.Random) -> date:
    return pools.some_date(rng, 1968, 2003)


def _gpa(rows: list[Row]) -> tuple[float, float, float, float]:
    """attempted, earned, GPA hours, quality points."""
    graded = [r for r in rows if r.points is not None and r.repeat != "excluded"]
    return (sum(r.units for r in rows), sum(r.earned for r in rows), sum(r.units for r in graded),
            sum(r.points or 0.0 for r in graded))


def _ratio(points: float, hours: float) -> float:
    return points / hours if hours else 0.0


# ================================================================ the page flow and the trace

TRACE: dict[str, Any] = {}


class Flow:
    """Prints top-down across pages; keeps the truth rows in printed order and the page each landed on."""

    def __init__(self, doc: Sheet, top: Callable[[Flow], float], *, bottom: float = 735,
                 foot: Callable[[Flow], None] | None = None) -> None:
        self.doc = doc
        self._top = top
        self._foot = foot
        self.bottom = bottom
        self.courses: list[dict[str, Any]] = []
        self.degrees: list[dict[str, Any]] = []
        self.page1_rows: int | None = None
        self.on_break: Callable[[], None] | None = None
        TRACE.clear()
        TRACE.update(rows=[], degrees=[])
        self.y = top(self)

    @property
    def page(self) -> int:
        return self.doc.pages

    def room(self, height: float) -> bool:
        """Starts a new page unless `height` more points fit on this one; True when it did."""
        if self.y + height <= self.bottom:
            return False
        if self._foot:
            self._foot(self)
        if self.page1_rows is None:
            self.page1_rows = len(self.courses)
        self.doc.new_page()
        self.y = self._top(self)
        if self.on_break:
            self.on_break()
        return True

    def course(self, row: Row, title: str, cells: list[str], label: str | list[str], *,
               more: list[str] | None = None) -> None:
        """Records a printed row: `cells` are printed on one line, `more` continues a wrapped cell below it."""
        truth = {"term": row.term, "code": row.code, "title": title.rstrip(), "units": row.units, "grade": row.grade}
        self.courses.append(truth)
        TRACE["rows"].append({"page": self.page, "cells": [c for c in cells if c], "more": more or [],
                              "label": [label] if isinstance(label, str) else label, "truth": truth})

    def degree(self, title: str, major: str, conferred: date, printed: list[str], when: str) -> None:
        d = {"title": title, "major": major, "conferred_on": conferred.isoformat(), "_page": self.page}
        self.degrees.append(d)
        TRACE["degrees"].append({"page": self.page, "printed": printed, "when": when, "truth": d})

    def finish(self, person: str, printed_person: str, institution: str) -> tuple[dict[str, Any], int | None]:
        if self._foot:
            self._foot(self)
        TRACE.update(person=printed_person, institution=institution, pages=self.doc.pages)
        truth = {"doc_type": "transcript", "person_name": person, "institution": institution,
                 "courses": self.courses, "degrees": self.degrees, "pages": self.doc.pages}
        return truth, (self.page1_rows if self.doc.pages > 1 else None)


Drawn = tuple[Sheet, dict[str, Any], int | None]


def _two_pass(rng: random.Random, draw: Callable[[random.Random, int], Drawn]) -> Generated:
    """Draws once to count the pages, then again from the same random state to print 'Page n of N'."""
    state = rng.getstate()
    first, _, _ = draw(rng, 0)
    rng.setstate(state)
    doc, truth, first_page_rows = draw(rng, first.pages)
    return doc.pdf(), truth, first_page_rows


def _printed_on(rng: random.Random) -> date:
    return pools.some_date(rng, 2024, 2026)


def _money(value: float, places: int = 3) -> str:
    return f"{value:.{places}f}"


# ================================================================ 9: Ellucian Banner "Academic Transcript"

_BANNER_CODES = {"calendar": {"Winter": "10", "Spring": "20", "Summer": "30", "Fall": "40"},
                 "spring10": {"Winter": "05", "Spring": "10", "Summer": "20", "Fall": "30"}}


def _banner_code(season: str, year: int, scheme: str) -> str:
    if scheme == "academic":  # Fall 2021 opens academic year 2022: 202210, Spring 2022 is 202220
        if season == "Fall":
            return f"{year + 1}10"
        return f"{year}" + {"Winter": "15", "Spring": "20", "Summer": "30"}[season]
    return f"{year}{_BANNER_CODES[scheme][season]}"


def _banner(rng: random.Random, total: int) -> Drawn:
    person, institution = pools.person(rng), rng.choice(INSTITUTIONS)
    doc = Sheet(rng.choice(("arial", "times", "sans")))
    browser = rng.random() < 0.55
    upper = rng.random() < 0.5
    scheme = rng.choice(("calendar", "spring10", "academic"))
    label_style = rng.choice(("term", "semester", "plain"))
    catalog = Catalog(rng, rng.choice(("three", "four", "cc")))
    undergraduate = _record(rng, catalog)
    levels: list[tuple[str, str, list[Term]]] = [("Undergraduate", "UG", undergraduate)]
    degrees: list[tuple[str, str, date]] = []
    if _is_university(institution) and rng.random() < 0.35:
        bachelor = _degree(rng, institution, undergraduate[-1], chance=1.0)
        assert bachelor
        degrees.append(bachelor)
        last = undergraduate[-1]
        graduate = _record(rng, Catalog(rng, "grad", catalog.ece_subject, GRADUATE_TITLES, ece_share=1.0),
                           seasons=("Spring", "Fall"), optional=(), terms=(2, 3), per_term=(2, 3),
                           grades=("A", "A", "A-", "B+", "B", "CR"), start=last.year + 1, repeats=False)
        levels.append(("Graduate", "GR", graduate))
        master = _degree(rng, institution, graduate[-1], chance=0.5, choices=GRADUATE_DEGREES)
        if master:
            degrees.append(master)
    else:
        awarded = _degree(rng, institution, undergraduate[-1])
        if awarded:
            degrees.append(awarded)
    transfer = _transfer(rng, institution, undergraduate) if rng.random() < 0.5 else []
    transfer_grades = rng.choice(("plain", "tr"))
    if transfer_grades == "tr":
        for term in transfer:
            for row in term.rows:
                row.grade = "TR"
    size = 8.0
    shown_name = _last_first(person, upper=False) if rng.random() < 0.5 else person
    student_id = f"{rng.choice(('@', 'A', 'G'))}{rng.randint(0, 99999999):08d}"
    printed = _printed_on(rng)
    slug = institution.lower().replace(",", "").replace(".", "").split(" ")[0]
    url = f"https://ssb-prod.{slug}.edu/PROD/bwskotrn.P_ViewTran"
    clock = f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(('AM', 'PM'))}"

    def label(term: Term) -> str:
        if label_style == "term":
            return f"Term: {term.name}"
        if label_style == "semester":
            return f"{term.season} {'Semester' if term.season in ('Spring', 'Fall') else 'Session'} {term.year}"
        return term.name

    def top(flow: Flow) -> float:
        if browser:
            doc.text(30, 20, f"{printed.month}/{printed.day}/{printed.year % 100:02d}, {clock}", 7)
            doc.text(306, 20, "Academic Transcript", 7, align="center")
        if flow.page > 1:
            if browser:
                return 48.0
            doc.text(54, 40, f"{shown_name}   {student_id}", 7.5)
            doc.text(558, 40, f"Page {flow.page} of {total}", 7.5, align="right")
            doc.hline(54, 45, 558, 0.4)
            return 62.0
        y = 50.0
        doc.text(54, y, institution.upper() if rng.random() < 0.5 else institution, 13, bold=True)
        doc.text(54, y + 13, f"Office of the Registrar  |  {_address(rng, institution)}", 7, grey=0.25)
        if not browser:
            doc.seal(520, 62, 28, institution[:22])
        y += 36
        doc.text(54, y, "Academic Transcript", 12, bold=True)
        y += 13
        doc.text(54, y, "This is not an official transcript. Courses which are in progress may also be included "
                        "on this transcript.", 7)
        return y + 16

    def foot(flow: Flow) -> None:
        if browser:
            doc.text(30, 776, url, 7)
            doc.text(582, 776, f"{flow.page}/{total}", 7, align="right")
        else:
            doc.text(306, 770, "*** Transcript is not official without the Registrar's signature and seal ***", 6.5,
                     align="center")

    flow = Flow(doc, top, bottom=738 if browser else 728, foot=foot)

    def band(text: str) -> None:
        flow.room(70)
        doc.shade(54, flow.y - 10, 504, 14, 0.86)
        doc.text(58, flow.y, text, 9, bold=True)
        doc.text(554, flow.y, "-Top-", 7, align="right")
        flow.y += 17

    def pair(x: float, key: str, value: str, tab: float = 88) -> None:
        doc.text(x, flow.y, key, size, bold=True)
        doc.text(x + max(tab, doc.width(key, size, True) + 8), flow.y, value, size)

    band("Transcript Data")
    doc.text(58, flow.y, "STUDENT INFORMATION", size, bold=True)
    flow.y += 13
    pair(58, "Name :", shown_name)
    flow.y += 11
    if not browser:
        pair(58, "Student ID:", student_id)
        flow.y += 11
    pair(58, "Birth Date:", fmt_date(_birth(rng), "dot_dmy"))
    flow.y += 11
    pair(58, "Print Date:", fmt_date(printed, "dot_dmy"))
    flow.y += 16
    if not degrees:
        doc.text(58, flow.y, "Curriculum Information", size, bold=True)
        flow.y += 12
        title, major = rng.choice([d for d in DEGREE_CHOICES if d[0].startswith("Bachelor") == _is_university(
            institution)])
        doc.text(58, flow.y, "Current Program", size, bold=True)
        flow.y += 11
        doc.text(58, flow.y, title, size)
        flow.y += 11
        for key, value in (("Program:", f"{title.split()[0][:1]}{title.split()[-1][:1]}-{major}"),
                           ("College:", rng.choice(("Social Sciences", "Human Development", "Education"))),
                           ("Campus:", rng.choice(("Main", "Online", "Downtown Center"))), ("Major:", major)):
            pair(70, key, value, 60)
            flow.y += 11
        flow.y += 6
    date_style = rng.choice(("long", "mdy", "abbr"))
    for title, major, conferred in degrees:
        band("DEGREE AWARDED")
        when = fmt_date(conferred, date_style)
        pair(58, "Awarded:", title, 60)
        doc.text(330, flow.y, "Degree Date:", size, bold=True)
        doc.text(392, flow.y, when, size)
        flow.degree(title, major, conferred, [title, when], when)
        flow.y += 11
        if rng.random() < 0.3:
            pair(58, "Institutional Honors:", rng.choice(("Cum Laude", "With Honors", "Dean's List")), 96)
            flow.y += 11
        doc.text(58, flow.y, "Curriculum Information", size, bold=True)
        flow.y += 11
        doc.text(58, flow.y, "Primary Degree", size, bold=True)
        flow.y += 11
        pair(70, "Major :", major, 60)
        TRACE["degrees"][-1]["printed"].append(major)
        flow.y += 16

    titles = [_show(r.title, upper=upper, limit=30) for lv in levels for t in lv[2] + transfer for r in t.rows]
    title_x = 190.0
    grade_x = max(362.0, title_x + max(doc.width(t, size) for t in titles) + 10)
    credit_r = grade_x + doc.width("Grade", size, True) + 10 + doc.width("Credit Hours", size, True)
    points_r = credit_r + 10 + doc.width("Quality Points", size, True)
    repeat_x = points_r + 12
    xs = {"Subject": 54.0, "Course": 90.0, "Campus": 124.0, "Level": 162.0}
    campus = rng.choice(("Main", "M", "Online", "OFF"))

    def header(transfer_rows: bool) -> None:
        for head, x in xs.items():
            if transfer_rows and head in ("Campus", "Level"):
                continue
            doc.text(x, flow.y, head, size, bold=True)
        doc.text(124.0 if transfer_rows else title_x, flow.y, "Title", size, bold=True)
        doc.text(grade_x, flow.y, "Grade", size, bold=True)
        doc.text(credit_r, flow.y, "Credit Hours", size, bold=True, align="right")
        doc.text(points_r, flow.y, "Quality Points", size, bold=True, align="right")
        doc.text(repeat_x, flow.y, "R", size, bold=True)
        doc.hline(54, flow.y + 3, 558, 0.4, grey=0.5)
        flow.y += 12

    def row_line(row: Row, level: str, term_label: str, transfer_rows: bool) -> None:
        flow.room(11)
        title = _show(row.title, upper=upper, limit=30)
        units = _money(row.units)
        points = _money(row.points or 0.0, 2)
        cells = [row.subject, row.number, title, row.grade, units]
        doc.text(54, flow.y, row.subject, size)
        doc.text(90, flow.y, row.number, size)
        if not transfer_rows:
            doc.text(124, flow.y, campus, size)
            doc.text(162, flow.y, level, size)
        doc.text(124.0 if transfer_rows else title_x, flow.y, title, size)
        doc.text(grade_x, flow.y, row.grade, size)
        doc.text(credit_r, flow.y, units, size, align="right")
        doc.text(points_r, flow.y, points, size, align="right")
        flag = {"excluded": "E", "included": "I"}.get(row.repeat, "")
        if flag:
            doc.text(repeat_x, flow.y, flag, size)
        flow.course(row, title, cells, term_label)
        flow.y += 11

    heads = ("Attempt Hours", "Passed Hours", "Earned Hours", "GPA Hours", "Quality Points", "GPA")
    rights = (200.0, 265.0, 330.0, 385.0, 455.0, 500.0)

    def totals(caption: str, lines: list[tuple[str, list[Row]]]) -> None:
        flow.room(14 + 11 * (len(lines) + 1))
        if caption:
            doc.text(58, flow.y, caption, size, bold=True)
            flow.y += 11
        for head, x in zip(heads, rights, strict=True):
            doc.text(x, flow.y, head, size - 0.5, bold=True, align="right")
        flow.y += 11
        for name, rows in lines:
            attempted, earned, hours, points = _gpa(rows)
            doc.text(70, flow.y, name, size, bold=True)
            values = (attempted, earned, earned, hours, points, _ratio(points, hours))
            for value, x, places in zip(values, rights, (3, 3, 3, 3, 2, 2), strict=True):
                doc.text(x, flow.y, _money(value, places), size, align="right")
            flow.y += 11
        flow.y += 6

    all_transfer = [r for t in transfer for r in t.rows]
    if transfer:
        band("TRANSFER CREDIT ACCEPTED BY INSTITUTION")
        for term in transfer:
            flow.room(40)
            caption = f"{_banner_code(term.season, term.year, scheme)} {term.name}: {term.source}"
            doc.text(58, flow.y, caption, size + 0.5, bold=True)
            flow.y += 13
            header(True)
            for row in term.rows:
                row_line(row, "UG", caption, True)
            totals("", [("Current Term:", term.rows)])
    for level_name, level, terms in levels:
        band("INSTITUTION CREDIT" if len(levels) == 1 else f"INSTITUTION CREDIT - {level_name.upper()}")
        done: list[Row] = []
        for term in terms:
            flow.room(60)
            term_label = label(term)
            doc.text(58, flow.y, term_label, size + 1, bold=True)
            flow.y += 12
            major = degrees[0][1] if degrees else "Child Development"
            for key, value in (("Major:", major), ("Academic Standing:", rng.choice(
                    ("Good Standing", "Good Standing", "Academic Warning", "Dean's List")))):
                pair(58, key, value, 90)
                flow.y += 11
            header(False)

            def continued(term_label: str = term_label) -> None:
                if not browser:
                    doc.text(58, flow.y, f"{term_label} (continued)", size, bold=True)
                    flow.y += 12
                    header(False)

            flow.on_break = continued
            for row in term.rows:
                row_line(row, level, term_label, False)
            flow.on_break = None
            done.extend(term.rows)
            totals(f"Term Totals ({level_name})", [("Current Term:", term.rows), ("Cumulative:", done)])
            if browser:
                doc.text(58, flow.y - 2, "Unofficial Transcript", size - 0.5, grey=0.3)
                flow.y += 10
        band(f"TRANSCRIPT TOTALS ({level_name.upper()})")
        totals("", [("Total Institution:", done), ("Total Transfer:", all_transfer if level == "UG" else []),
                    ("Overall:", done + (all_transfer if level == "UG" else []))])
    if not browser:
        flow.room(50)
        flow.y += 10
        doc.hline(360, flow.y, 540, 0.5)
        doc.text(360, flow.y + 10, "Registrar", 8)
        doc.text(360, flow.y + 20, institution, 7)
    truth, first = flow.finish(person, shown_name, institution)
    return doc, truth, first


@family("transcript", 9, held_out=True)
def transcript_banner_ssb(rng: random.Random) -> Generated:
    """Ellucian Banner Self-Service 'Academic Transcript': shaded section bands, a column header repeated for
    every term, Term Totals tables, transfer credit under '201840 Fall 2018: Other College' captions."""
    return _two_pass(rng, _banner)


# ================================================================ 10: Oracle PeopleSoft Campus Solutions

_AP_TESTS = [("PSYC", "General Psychology", 3.0, "AP Psychology"), ("ENGL", "College Composition", 3.0,
             "AP English Language"), ("HIST", "United States History", 3.0, "AP U.S. History"),
             ("SPAN", "Elementary Spanish I", 4.0, "AP Spanish Language"), ("BIOL", "Human Biology", 4.0,
             "AP Biology"), ("MATH", "Elementary Statistics", 3.0, "AP Statistics")]


def _peoplesoft(rng: random.Random, total: int) -> Drawn:
    person, institution = pools.person(rng), rng.choice(INSTITUTIONS)
    font = rng.choice(("courier", "arial", "narrow"))
    doc = Sheet(font)
    size = 8.0 if font == "courier" else 8.5
    spaced = rng.random() < 0.6  # "CHDV   101" or run together "CHDV101"
    label_style = rng.choice(("year_first", "season_first", "year_first_sem"))
    upper = rng.random() < 0.6
    catalog = Catalog(rng, rng.choice(("three", "cc", "short")))
    terms = _record(rng, catalog, grades=(*LETTERS, "P", "NP"))
    transfer = _transfer(rng, institution, terms) if rng.random() < 0.55 else []
    if transfer and rng.random() < 0.5:
        for term in transfer:
            for row in term.rows:
                row.grade = "TR"
    tests: list[tuple[Row, str]] = []
    if rng.random() < 0.35:
        opening = terms[0]
        for subject, title, units, test in rng.sample(_AP_TESTS, rng.randint(1, 2)):
            number = _number(rng, catalog.numbering)
            if f"{subject} {number}" in catalog.codes or title in {r.title for t in terms + transfer for r in t.rows}:
                continue
            catalog.codes.add(f"{subject} {number}")
            tests.append((Row(opening.season, opening.year, subject, number, title, units, "CR"), test))
    degree = _degree(rng, institution, terms[-1])
    degree_top = rng.random() < 0.4
    major = degree[1] if degree else rng.choice(DEGREE_CHOICES)[1]
    program = degree[0] if degree else rng.choice([d[0] for d in DEGREE_CHOICES if d[0].startswith("Bachelor") ==
                                                   _is_university(institution)])
    shown_name = person if rng.random() < 0.6 else _last_first(person, upper=False)
    student_id = f"{rng.randint(0, 999999999):09d}"
    printed = _printed_on(rng)
    inst_shown = institution.upper() if rng.random() < 0.5 else institution

    def label(term: Term) -> str:
        if label_style == "season_first":
            return term.name
        if label_style == "year_first_sem":
            return f"{term.year} {term.season} {'Semester' if term.season in ('Spring', 'Fall') else 'Session'}"
        return f"{term.year} {term.season}"

    def top(flow: Flow) -> float:
        doc.text(558, 40, f"Page {flow.page} of {total}", 7, align="right")
        if flow.page > 1:
            doc.text(306, 40, inst_shown, 9, bold=True, align="center")
            doc.text(54, 56, f"Name:  {shown_name}", size)
            doc.text(320, 56, f"Student ID:  {student_id}", size)
            doc.hline(54, 61, 558, 0.5)
            return 78.0
        doc.text(306, 46, inst_shown, 12, bold=True, align="center")
        doc.text(306, 58, f"Office of the Registrar - {_address(rng, institution)}", 7, align="center")
        doc.text(306, 76, rng.choice(("Unofficial Transcript", "Academic Transcript", "Unofficial Academic Record")),
                 10, bold=True, align="center")
        y = 98.0
        birth = fmt_date(_birth(rng), "mdy") if rng.random() < 0.5 else "**/**/****"
        for (k1, v1), (k2, v2) in ((("Name:", shown_name), ("Student ID:", student_id)),
                                   (("Birthdate:", birth), ("Print Date:", fmt_date(printed, rng.choice(("mdy",
                                                                                                        "iso")))))):
            doc.text(54, y, k1, size, bold=True)
            doc.text(120, y, v1, size)
            doc.text(340, y, k2, size, bold=True)
            doc.text(410, y, v2, size)
            y += 12
        return y + 12

    flow = Flow(doc, top, bottom=740)
    codes = [f"{r.subject}{r.number}" for t in terms + transfer for r in t.rows] + [r.code for r, _ in tests]
    subject_w = max(doc.width(r.subject, size) for t in terms + transfer for r in t.rows)
    catalog_x = 54 + subject_w + doc.width("   ", size)
    desc_x = max(124.0, 54 + max(doc.width(c, size) for c in codes) + (catalog_x - 54 - subject_w) + 14)
    attempted_r, earned_r, grade_x, points_r = 392.0, 440.0, 458.0, 524.0

    def course_cell(row: Row) -> list[str]:
        if spaced:
            doc.text(54, flow.y, row.subject, size)
            doc.text(catalog_x, flow.y, row.number, size)
            return [row.subject, row.number]
        doc.text(54, flow.y, f"{row.subject}{row.number}", size)
        return [f"{row.subject}{row.number}"]

    def header(full: bool) -> None:
        flow.room(30)
        doc.text(54, flow.y, "Course", size, bold=True)
        doc.text(desc_x, flow.y, "Description", size, bold=True)
        if full:
            doc.text(attempted_r, flow.y, "Attempted", size, bold=True, align="right")
        doc.text(earned_r, flow.y, "Earned", size, bold=True, align="right")
        doc.text(grade_x, flow.y, "Grade", size, bold=True)
        if full:
            doc.text(points_r, flow.y, "Points", size, bold=True, align="right")
        flow.y += 12

    def note(text: str) -> None:
        flow.room(10)
        doc.text(desc_x, flow.y, text, size - 0.5)
        flow.y += 10

    def course_line(row: Row, term_label: str, full: bool) -> None:
        flow.room(11 + (10 if row.repeat or row.note else 0))
        title = _show(row.title, upper=upper, limit=30)
        cells = course_cell(row)
        doc.text(desc_x, flow.y, title, size)
        units = _money(row.units) if full else f"{row.units:.2f}"
        if full:
            doc.text(attempted_r, flow.y, units, size, align="right")
            doc.text(earned_r, flow.y, _money(row.earned), size, align="right")
        else:
            doc.text(earned_r, flow.y, units, size, align="right")
        doc.text(grade_x, flow.y, row.grade, size)
        if full:
            doc.text(points_r, flow.y, _money(row.points or 0.0), size, align="right")
        flow.course(row, title, [*cells, title, units, row.grade], term_label)
        flow.y += 11
        if row.note:
            note(f"Course Topic: {row.note}")
        if row.repeat:
            note(f"Repeated: {'Excluded from' if row.repeat == 'excluded' else 'Included in'} GPA")

    def centred(text: str, bold: bool = True) -> None:
        flow.room(18)
        doc.text(306, flow.y, text, size + 0.5, bold=bold, align="center")
        flow.y += 16

    def degree_block() -> None:
        if not degree:
            return
        flow.room(60)
        title, degree_major, conferred = degree
        doc.text(54, flow.y, "Degrees Awarded", size + 0.5, bold=True)
        flow.y += 13
        when = fmt_date(conferred, rng.choice(("mdy", "iso")))
        lines = [("Degree:", title), ("Confer Date:", when)]
        if rng.random() < 0.3:
            lines.append(("Degree Honors:", rng.choice(("With Honors", "Cum Laude", "With Distinction"))))
        lines.append(("Plan:", degree_major))
        flow.degree(title, degree_major, conferred, [title, degree_major, when], when)
        for key, value in lines:
            doc.text(70, flow.y, key, size, bold=True)
            doc.text(150, flow.y, value, size)
            flow.y += 11
        flow.y += 8

    centred("- - - - -  Beginning of Undergraduate Record  - - - - -")
    if degree_top:
        degree_block()
    if transfer or tests:
        centred("Transfer Credits")
    for term in transfer:
        flow.room(60)
        doc.text(54, flow.y, f"Transfer Credit from {term.source}", size, bold=True)
        flow.y += 11
        doc.text(54, flow.y, f"Applied Toward {rng.choice(('Undergraduate', program))} Program", size)
        flow.y += 11
        term_label = label(term)
        doc.text(54, flow.y, term_label, size, bold=True)
        flow.y += 12
        header(False)
        for row in term.rows:
            course_line(row, term_label, False)
        units = sum(r.units for r in term.rows)
        doc.text(54, flow.y, f"Course Trans GPA: 0.000    Transfer Totals:   {units:.2f}   {units:.2f}", size)
        flow.y += 16
    if tests:
        flow.room(60)
        doc.text(54, flow.y, "Test Credits Applied Toward Undergraduate Program", size, bold=True)
        flow.y += 11
        term_label = label(terms[0])
        doc.text(54, flow.y, term_label, size, bold=True)
        flow.y += 12
        header(False)
        for row, test in tests:
            course_line(row, term_label, False)
            note(f"Test: {test}   Score: {rng.randint(3, 5)}")
        units = sum(r.units for r, _ in tests)
        doc.text(54, flow.y, f"Test Trans GPA: 0.000    Transfer Totals:   {units:.2f}   {units:.2f}", size)
        flow.y += 16
    centred("Beginning of Academic Program", bold=False)
    done: list[Row] = []
    totals_heads = ("Attempted", "Earned", "GPA Units", "Points")
    totals_rights = (300.0, 352.0, 410.0, 470.0)
    for index, term in enumerate(terms):
        flow.room(70)
        term_label = label(term)
        doc.text(54, flow.y, term_label, size + 0.5, bold=True)
        flow.y += 13
        if index == 0:
            for key, value in (("Program:", f"{program} Program"), ("Plan:", major)):
                doc.text(54, flow.y, key, size)
                doc.text(110, flow.y, value, size)
                flow.y += 11
            flow.y += 3
        header(True)
        for row in term.rows:
            course_line(row, term_label, True)
        done.extend(term.rows)
        flow.room(48)
        flow.y += 3
        for head, x in zip(totals_heads, totals_rights, strict=True):
            doc.text(x, flow.y, head, size - 0.5, align="right")
        flow.y += 10
        for key, key2, rows in (("Term GPA", "Term Totals", term.rows), ("Cum GPA", "Cum Totals", done)):
            attempted, earned, hours, points = _gpa(rows)
            doc.text(54, flow.y, key, size, bold=True)
            doc.text(150, flow.y, f"{_ratio(points, hours):.3f}", size, align="right")
            doc.text(160, flow.y, key2, size, bold=True)
            for amount, x in zip((attempted, earned, hours, points), totals_rights, strict=True):
                doc.text(x, flow.y, _money(amount), size, align="right")
            flow.y += 11
        if rng.random() < 0.25:
            effective = fmt_date(date(term.year, 12 if term.season == "Fall" else 6, 20), "mdy")
            doc.text(54, flow.y, rng.choice(("Dean's List", "Academic Standing: Good Standing",
                                              f"Academic Standing Effective {effective}: Good Standing")), size)
            flow.y += 11
        flow.y += 9
    flow.room(40)
    doc.text(54, flow.y, "Undergraduate Career Totals", size + 0.5, bold=True)
    flow.y += 12
    attempted, earned, hours, points = _gpa(done)
    doc.text(54, flow.y, f"Cum GPA:  {_ratio(points, hours):.3f}     Cum Totals   {attempted:.3f}   {earned:.3f}   "
                         f"{hours:.3f}   {points:.3f}", size)
    flow.y += 18
    if not degree_top:
        degree_block()
    centred("End of Undergraduate Record")
    truth, first = flow.finish(person, shown_name, institution)
    return doc, truth, first


@family("transcript", 10, held_out=True)
def transcript_peoplesoft(rng: random.Random) -> Generated:
    """Oracle PeopleSoft Campus Solutions: 'Beginning of Undergraduate Record', '2021 Fall' term lines, Course
    printed as subject and catalog number apart or run together, Attempted/Earned/Grade/Points, Term GPA and Cum
    GPA lines full of numbers, Transfer Credit and Test Credit blocks, Degrees Awarded with Confer Date and Plan."""
    return _two_pass(rng, _peoplesoft)


# ================================================================ 11: Ellucian Colleague

_COLLEAGUE_SEASONS = {"Winter": "WI", "Spring": "SP", "Summer": "SU", "Fall": "FA"}
_TERM_DATES = {"Winter": ((1, 3), (1, 28)), "Spring": ((1, 24), (5, 22)), "Summer": ((6, 14), (8, 6)),
               "Fall": ((8, 23), (12, 17))}


def _colleague(rng: random.Random, total: int) -> Drawn:
    person, institution = pools.person(rng), rng.choice([c for c in INSTITUTIONS if not _is_university(c)])
    mono = rng.random() < 0.65
    doc = Sheet("courier" if mono else "arial")
    size = 8.0
    code_style = rng.choice(("slash2", "joined", "slash4"))
    with_name = rng.random() < 0.6
    sections = rng.random() < 0.75
    minimal_header = rng.random() < 0.5
    upper = rng.random() < 0.7
    catalog = Catalog(rng, rng.choice(("cc", "short", "three")))
    terms = _record(rng, catalog, seasons=("Winter", "Spring", "Summer", "Fall"), optional=("Winter", "Summer"),
                    grades=(*LETTERS, *LETTERS, "P", "NP", "I"))
    section_style = rng.choice(("digits", "mixed"))
    for term in terms:
        for row in term.rows:
            row.section = (f"{rng.randint(1, 9):02d}" if section_style == "digits" else
                           rng.choice(("01", "02", "W01", "OL1", "H01", "51", "81", "OL2")))
    transfer = _transfer(rng, institution, terms) if rng.random() < 0.5 else []
    degree = _degree(rng, institution, terms[-1])
    degree_top = rng.random() < 0.5
    shown_name = _last_first(person)
    student_id = f"{rng.randint(0, 9999999):07d}"
    printed = _printed_on(rng)
    major = degree[1] if degree else rng.choice(DEGREE_CHOICES)[1]

    def code(term: Term) -> str:
        short = _COLLEAGUE_SEASONS[term.season]
        return {"slash2": f"{term.year % 100:02d}/{short}", "joined": f"{term.year}{short}",
                "slash4": f"{term.year}/{short}"}[code_style]

    def label(term: Term) -> str:
        return f"{code(term)}  {term.name}" if with_name else code(term)

    def span(term: Term) -> str:
        (m0, d0), (m1, d1) = _TERM_DATES[term.season]
        return f"{m0:02d}/{d0:02d}/{term.year % 100:02d}-{m1:02d}/{d1:02d}/{term.year % 100:02d}"

    def course_name(row: Row) -> str:
        return f"{row.subject}-{row.number}" + (f"-{row.section}" if sections and row.section else "")

    title_x = 54 + max(doc.width(course_name(r), size) for t in terms + transfer for r in t.rows) + 12
    title_w = max(doc.width(_show(r.title, upper=upper, limit=30), size) for t in terms + transfer for r in t.rows)
    grade_x = max(300.0, title_x + title_w + 14)
    cred_r, pts_r, flag_x = grade_x + 60, grade_x + 110, grade_x + 124

    def column_header() -> float:
        if not minimal_header:
            return 0.0
        doc.text(54, flow_y[0], "COURSE", size, bold=True)
        doc.text(title_x, flow_y[0], "TITLE", size, bold=True)
        doc.text(grade_x, flow_y[0], "GRD", size, bold=True)
        doc.text(cred_r, flow_y[0], "CRED", size, bold=True, align="right")
        doc.text(pts_r, flow_y[0], "PTS", size, bold=True, align="right")
        doc.hline(54, flow_y[0] + 4, 558, 0.5, dash=(2, 1))
        return 16.0

    flow_y = [0.0]

    def top(flow: Flow) -> float:
        if flow.page == 1:
            doc.text(306, 44, institution.upper(), 11, bold=True, align="center")
            doc.text(306, 56, _address(rng, institution), 7.5, align="center")
            doc.text(306, 67, rng.choice(("OFFICE OF ADMISSIONS & RECORDS", "ADMISSIONS AND RECORDS OFFICE")), 7.5,
                     align="center")
            doc.text(306, 86, rng.choice(("UNOFFICIAL TRANSCRIPT", "ACADEMIC TRANSCRIPT", "STUDENT TRANSCRIPT")), 10,
                     bold=True, align="center")
            y = 106.0
            doc.text(54, y, f"STUDENT: {shown_name}", size)
            doc.text(400, y, f"ID: {student_id}", size)
            doc.text(54, y + 11, f"DOB: {fmt_date(_birth(rng), 'mdy2')}", size)
            doc.text(400, y + 11, f"DATE: {fmt_date(printed, 'mdy2')}", size)
            doc.text(54, y + 22, f"PROGRAM: {rng.choice(('AA', 'AS', 'AAT', 'AST'))}.{major.split()[0][:4].upper()}"
                                 f"  {major}", size)
            doc.text(400, y + 22, f"PAGE: {flow.page} of {total}", size)
            y += 30
        else:
            doc.text(54, 40, f"STUDENT: {shown_name}", size)
            doc.text(400, 40, f"ID: {student_id}", size)
            doc.text(400, 51, f"PAGE: {flow.page} of {total}", size)
            y = 56.0
        doc.hline(54, y, 558, 0.8)
        flow_y[0] = y + 14
        return y + 14 + column_header()

    flow = Flow(doc, top, bottom=742)
    prefix = 0.0

    def degree_block() -> None:
        if not degree:
            return
        flow.room(50)
        title, degree_major, conferred = degree
        when = fmt_date(conferred, "mdy2")
        doc.text(54, flow.y, "DEGREES AWARDED", size, bold=True)
        flow.y += 11
        shown_title = title.upper() if upper else title
        doc.text(66, flow.y, shown_title, size)
        doc.text(330, flow.y, f"DATE: {when}", size)
        flow.y += 11
        doc.text(66, flow.y, f"MAJOR: {degree_major}", size)
        flow.y += 16
        flow.degree(title, degree_major, conferred, [shown_title, degree_major, when], when)

    if degree_top:
        degree_block()

    def course_line(row: Row, term_label: str, points: bool) -> None:
        extra = 9.0 if row.note or (points and rng.random() < 0.25) else 0.0
        flow.room(11 + extra)
        name = course_name(row)
        title = _show(row.title, upper=upper, limit=30)
        doc.text(54, flow.y, name, size)
        doc.text(title_x, flow.y, title, size)
        doc.text(grade_x, flow.y, row.grade, size)
        units = f"{row.units:.2f}"
        doc.text(cred_r, flow.y, units, size, align="right")
        if points and row.points is not None:
            doc.text(pts_r, flow.y, f"{row.points:.2f}", size, align="right")
        if row.repeat == "excluded":
            doc.text(flag_x, flow.y, "R", size, bold=True)
        flow.course(row, title, [name, title, row.grade, units], term_label)
        flow.y += 11
        if row.note:
            doc.text(title_x + 8, flow.y - 2, f"Topic: {row.note}", size - 1)
            flow.y += 9
        elif extra:
            doc.text(title_x + 8, flow.y - 2, f"Instructor: {rng.choice(INSTRUCTORS)}", size - 1)
            flow.y += 9

    if transfer:
        flow.room(40)
        doc.text(54, flow.y, "*** TRANSFER WORK ***", size, bold=True)
        flow.y += 13
        for term in transfer:
            flow.room(40)
            doc.text(54, flow.y, f"FROM: {term.source.upper()}", size, bold=True)
            term_label = label(term)
            doc.text(330, flow.y, term_label, size, bold=True)
            flow.y += 12
            for row in term.rows:
                course_line(row, term_label, False)
            flow.y += 6
        doc.text(54, flow.y, f"TRANSFER TOTAL: {sum(r.units for t in transfer for r in t.rows):.2f}", size)
        flow.y += 16
        prefix = sum(r.units for t in transfer for r in t.rows)
    done: list[Row] = []
    for term in terms:
        flow.room(50)
        term_label = label(term)
        doc.text(54, flow.y, term_label, size, bold=True)
        doc.text(330, flow.y, f"({span(term)})", size - 0.5)
        flow.y += 12
        for row in term.rows:
            course_line(row, term_label, True)
        done.extend(term.rows)
        flow.room(24)
        for key, rows in (("TERM:", term.rows), ("CUM: ", done)):
            attempted, earned, hours, points = _gpa(rows)
            doc.text(150, flow.y, f"{key} ATT {attempted:6.2f}  CMPL {earned:6.2f}  GPA CRED {hours:6.2f}  "
                                  f"PTS {points:6.2f}  GPA {_ratio(points, hours):.3f}", size - 0.5)
            flow.y += 10
        flow.y += 8
    flow.room(30)
    doc.text(54, flow.y, f"TOTAL CREDITS EARNED: {sum(r.earned for r in done) + prefix:.2f}", size, bold=True)
    flow.y += 16
    if not degree_top:
        degree_block()
    flow.room(30)
    doc.text(54, flow.y, "R = Repeated course, excluded from GPA    I = Incomplete    NP = No Pass", size - 1)
    flow.y += 10
    doc.text(306, flow.y + 6, "*** END OF TRANSCRIPT ***", size, bold=True, align="center")
    truth, first = flow.finish(person, shown_name, institution)
    return doc, truth, first


@family("transcript", 11, held_out=True)
def transcript_colleague(rng: random.Random) -> Generated:
    """Ellucian Colleague at a community college: a monospaced report, terms as codes (21/FA, 2021FA) with or
    without a name, course names with a section suffix (ECE-101-01, truth ECE 101), TERM/CUM lines, Instructor and
    Topic lines, an R repeat flag, two-digit-year dates, transfer work under FROM: lines."""
    return _two_pass(rng, _colleague)


# ================================================================ 12: a small college's system, labels on every row

def _academic_year(term: Term) -> tuple[int, int]:
    first = term.year if term.season == "Fall" else term.year - 1
    return first, first + 1


def _labelled(rng: random.Random, total: int) -> Drawn:
    person, institution = pools.person(rng), rng.choice(INSTITUTIONS)
    doc = Sheet(rng.choice(("times", "serif")))
    size = 8.5
    year_style = rng.choice(("ay_heading", "season_ay", "ay_season"))
    row_style = rng.choice(("columns", "flow"))
    units_places = rng.choice((1, 2))
    catalog = Catalog(rng, rng.choice(("three", "four")))
    # Summer terms only where the page prints their calendar year; 'Summer 2021-22' would be ambiguous.
    seasons = ("Spring", "Summer", "Fall") if year_style == "ay_heading" else ("Spring", "Fall")
    terms = _record(rng, catalog, seasons=seasons, optional=("Summer",))
    transfer = _transfer(rng, institution, terms, grades=("TR",) if rng.random() < 0.5 else (
        "A", "B", "C", "B+", "P")) if rng.random() < 0.45 else []
    degree = _degree(rng, institution, terms[-1])
    degree_top = rng.random() < 0.5
    shown_name = person.upper() if rng.random() < 0.4 else person
    student_id = f"{rng.randint(100000, 999999)}"
    issued = _printed_on(rng)
    qp = rng.random() < 0.5

    def labels(term: Term) -> list[str]:
        a, b = _academic_year(term)
        if year_style == "season_ay":
            return [f"{term.season} {a}-{b % 100:02d}"]
        if year_style == "ay_season":
            return [f"{a}-{b % 100:02d} {term.season}"]
        sub = {"Fall": "Fall Semester", "Spring": "Spring Semester"}.get(term.season, f"Summer Session {term.year}")
        return [f"Academic Year {a}-{b}", sub]

    def top(flow: Flow) -> float:
        if flow.page > 1:
            doc.text(54, 42, f"{institution}  -  Official Transcript", 8, bold=True)
            doc.text(54, 53, f"{shown_name}   ID {student_id}", 8)
            doc.text(558, 42, f"Page {flow.page} of {total}", 8, align="right")
            doc.hline(54, 58, 558, 1.0)
            return 76.0
        doc.seal(96, 74, 34, institution[:24])
        doc.text(330, 58, institution, doc.fit(institution, 17, 380, True), bold=True, align="center")
        doc.text(330, 72, "Office of the Registrar", 8.5, align="center")
        doc.text(330, 83, f"{_address(rng, institution)}  \u00b7  {_phone(rng)}", 7.5, align="center")
        doc.text(330, 104, "O F F I C I A L   T R A N S C R I P T", 10, bold=True, align="center")
        doc.hline(54, 118, 558, 1.2)
        doc.hline(54, 120.5, 558, 0.4)
        y = 136.0
        left = [("Student Name", shown_name), ("Student ID", student_id),
                ("Date of Birth", fmt_date(_birth(rng), "long"))]
        entered = date(terms[0].year, {"Fall": 8, "Spring": 1, "Summer": 6}[terms[0].season], 20)
        right = [("Date Entered", fmt_date(entered, "mdy")),
                 ("Date Issued", fmt_date(issued, "long")), ("Issued To", "Student")]
        for (k1, v1), (k2, v2) in zip(left, right, strict=True):
            doc.text(54, y, f"{k1}:", size, bold=True)
            doc.text(132, y, v1, size)
            doc.text(330, y, f"{k2}:", size, bold=True)
            doc.text(400, y, v2, size)
            y += 12
        doc.hline(54, y - 4, 558, 0.4)
        return y + 12

    def foot(flow: Flow) -> None:
        doc.text(306, 768, f"Page {flow.page} of {total}", 7.5, align="center")
        doc.text(54, 768, "Printed on security paper", 6, grey=0.4)

    flow = Flow(doc, top, bottom=736, foot=foot)
    rows = [r for t in terms + transfer for r in t.rows]
    title_w = max(doc.width(r.title, size) for r in rows)
    code_w = max(doc.width(r.code, size) for r in rows)

    def units_text(row: Row) -> str:
        return f"{row.units:.{units_places}f}"

    def course_line(row: Row, term_label: list[str], transfer_row: bool) -> None:
        flow.room(12)
        units = units_text(row)
        bits = [("", row.code), ("", row.title), ("Units:", units), ("Grade:", row.grade)]
        if qp and not transfer_row:
            bits.append(("Quality Pts:", f"{row.points or 0.0:.2f}"))
        if row_style == "columns":
            x_title = 66 + code_w + 14
            x_units = max(x_title + title_w + 16, 360.0)
            xs = [66.0, x_title, x_units, x_units + 60, x_units + 118]
            for (key, value), x in zip(bits, xs, strict=False):
                doc.text(x, flow.y, f"{key} {value}".strip(), size)
        else:
            x = 66.0
            for key, value in bits:
                text = f"{key} {value}".strip()
                x += doc.text(x, flow.y, text, size) + 14
        flow.course(row, row.title, [row.code, row.title, f"Units: {units}", f"Grade: {row.grade}"],
                    term_label)
        flow.y += 12
        if row.repeat:
            doc.text(80, flow.y - 2, "(Course repeated - grade not computed in GPA)" if row.repeat == "excluded"
                     else "(Repeat of an earlier attempt)", size - 1.5, grey=0.25)
            flow.y += 9

    def degree_block() -> None:
        if not degree:
            return
        flow.room(56)
        title, major, conferred = degree
        when = fmt_date(conferred, rng.choice(("long", "mdy")))
        doc.text(54, flow.y, "DEGREE CONFERRED", size + 0.5, bold=True)
        flow.y += 13
        doc.text(66, flow.y, title, size + 0.5, bold=True)
        doc.text(330, flow.y, f"Date Conferred: {when}", size)
        flow.degree(title, major, conferred, [title, major, when], when)
        flow.y += 12
        extra = f"     Minor: {rng.choice(('Psychology', 'Spanish', 'Sociology'))}" if rng.random() < 0.3 else ""
        doc.text(66, flow.y, f"Major: {major}{extra}", size)
        flow.y += 12
        if rng.random() < 0.3:
            doc.text(66, flow.y, f"Honors: {rng.choice(('Cum Laude', 'Magna Cum Laude', 'With Distinction'))}", size)
            flow.y += 12
        flow.y += 8

    if degree_top:
        degree_block()
    if transfer:
        flow.room(50)
        doc.text(54, flow.y, "TRANSFER CREDIT", size + 0.5, bold=True)
        flow.y += 13
        for term in transfer:
            flow.room(40)
            term_label = [term.name]
            doc.text(54, flow.y, f"Accepted from {term.source} ({term.name})", size, bold=True)
            flow.y += 12
            for row in term.rows:
                course_line(row, term_label, True)
            flow.y += 4
        flow.y += 8
    current_year = ""
    for term in terms:
        parts = labels(term)
        flow.room(44)
        if len(parts) == 2:
            if parts[0] != current_year:
                doc.text(54, flow.y, parts[0], size + 1.5, bold=True)
                doc.hline(54, flow.y + 3, 300, 0.5)
                flow.y += 15
                current_year = parts[0]
            doc.text(60, flow.y, parts[1], size + 0.5, bold=True, family="times-i")
        else:
            doc.text(54, flow.y, parts[0], size + 1, bold=True)
        flow.y += 13
        for row in term.rows:
            course_line(row, parts, False)
        attempted, earned, hours, points = _gpa(term.rows)
        doc.text(66, flow.y, f"Term: Units Attempted {attempted:.1f}   Units Earned {earned:.1f}   "
                             f"GPA {_ratio(points, hours):.2f}", size - 1, grey=0.3)
        flow.y += 16
    attempted, earned, hours, points = _gpa([r for t in terms for r in t.rows])
    flow.room(30)
    doc.hline(54, flow.y - 4, 558, 0.4)
    doc.text(54, flow.y + 6, f"Cumulative:  Units Earned {earned + sum(r.units for t in transfer for r in t.rows):.1f}"
                             f"   GPA {_ratio(points, hours):.2f}", size, bold=True)
    flow.y += 24
    if not degree_top:
        degree_block()
    flow.room(50)
    doc.hline(360, flow.y + 22, 540, 0.5)
    doc.text(360, flow.y + 32, "Registrar", 8)
    doc.text(54, flow.y + 32, "End of Record", 8, bold=True)
    truth, first = flow.finish(person, shown_name, institution)
    return doc, truth, first


@family("transcript", 12, held_out=True)
def transcript_labelled_rows(rng: random.Random) -> Generated:
    """A small college's system (Jenzabar-like) that labels every row ('Units: 3.0   Grade: B+'), terms given by
    academic year ('Fall 2021-22', '2021-22 Spring', or an 'Academic Year 2021-2022' heading over 'Fall
    Semester'), a seal and letterhead, the degree in a DEGREE CONFERRED block with a minor beside the major."""
    return _two_pass(rng, _labelled)


# ================================================================ 13: Workday Student

_SEMESTER_DATES = {"Spring": ((1, 18), (5, 13)), "Summer": ((6, 7), (8, 5)), "Fall": ((8, 23), (12, 17))}
_QUARTER_DATES = {"Winter": ((1, 3), (3, 18)), "Spring": ((3, 28), (6, 10)), "Summer": ((6, 21), (7, 29)),
                  "Fall": ((9, 23), (12, 10))}


def _workday(rng: random.Random, total: int) -> Drawn:
    person, institution = pools.person(rng), rng.choice(INSTITUTIONS)
    doc = Sheet(rng.choice(("narrow", "arial")))
    size = 7.0
    quarter = rng.random() < 0.5
    listing = rng.random() < 0.5  # "ECE 101 - Title" in Course Listing, or "ECE 101-02 - Title" in Course Section
    descending = rng.random() < 0.4
    catalog = Catalog(rng, rng.choice(("short", "cc", "three")))
    if quarter:
        terms = _record(rng, catalog, seasons=("Winter", "Spring", "Summer", "Fall"), optional=("Summer",),
                        terms=(3, 7), per_term=(2, 4), grades=(*LETTERS, "P", "NP", "P"),
                        units=lambda r, o: r.choice((4.0, 4.0, 5.0)) if max(o) >= 3 else r.choice((1.0, 2.0)))
    else:
        terms = _record(rng, catalog, grades=(*LETTERS, "P", "NP"))
    for term in terms:
        for row in term.rows:
            row.section = rng.choice(("01", "02", "03", "OL1", "H01", "L01"))
    transfer = _transfer(rng, institution, terms) if rng.random() < 0.5 else []
    degree = _degree(rng, institution, terms[-1])
    student_id = f"{rng.choice(('1', '2', '9'))}{rng.randint(0, 99999999):08d}"
    generated = _printed_on(rng)
    stamp = f"{fmt_date(generated, 'mdy')} {rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(('AM', 'PM'))}"

    def period(term: Term) -> list[str]:
        dates = (_QUARTER_DATES if quarter else _SEMESTER_DATES)[term.season]
        if term.season == "Summer":
            kind = "Summer Session 1" if quarter else "Summer Session"
        else:
            kind = f"{term.season} {'Quarter' if quarter else 'Semester'}"
        (m0, d0), (m1, d1) = dates
        return [f"{term.year} {kind}", f"({m0:02d}/{d0:02d}/{term.year}-{m1:02d}/{d1:02d}/{term.year})"]

    def course_text(row: Row) -> str:
        return f"{row.code} - {row.title}" if listing else f"{row.code}-{row.section} - {row.title}"

    def fmt_of(row: Row) -> str:
        if row.title.startswith("Practicum"):
            return "Fieldwork"
        return rng.choice(("Lecture", "Lecture", "Online", "Lecture/Lab", "Seminar"))

    def basis(row: Row) -> str:
        return "Pass/No Pass" if row.grade in ("P", "NP") else "Graded"

    def grid(heads: list[str], rows: list[list[str]], numeric: set[int], stretch: int, *,
             on_row: Callable[[int, list[list[str]]], None] | None = None, notes: list[str] | None = None) -> None:
        """A Workday grid: shaded two-line header, ruled cells, text top-aligned and wrapped in the stretch column,
        where a row's note (a repeat) prints small under the wrapped text."""
        widths = []
        for i, head in enumerate(heads):
            words = max(doc.width(w, size, True) for w in head.split(" "))
            sizes = [max(doc.width(line, size) for line in cell.split("\n")) for cell in (r[i] for r in rows)]
            widths.append(max([words, *sizes]) + 8)
        widths[stretch] = 0
        widths[stretch] = max(110.0, 504 - sum(widths))
        xs = [54.0]
        for w in widths[:-1]:
            xs.append(xs[-1] + w)

        def header() -> None:
            lines = [_wrap(doc, head, w - 6, size, True) for head, w in zip(heads, widths, strict=True)]
            height = max(len(x) for x in lines) * 8.5 + 6
            doc.shade(54, flow.y, 504, height, 0.86)
            doc.frame(54, flow.y, 504, height, 0.4, grey=0.55)
            for x, w, head_lines, i in zip(xs, widths, lines, range(len(heads)), strict=True):
                for k, line in enumerate(head_lines):
                    if i in numeric:
                        doc.text(x + w - 4, flow.y + 9 + k * 8.5, line, size, bold=True, align="right")
                    else:
                        doc.text(x + 3, flow.y + 9 + k * 8.5, line, size, bold=True)
            flow.y += height

        flow.room(40)
        header()
        flow.on_break = header
        for index, row in enumerate(rows):
            cells = [_wrap(doc, cell, w - 6, size) if i == stretch else cell.split("\n")
                     for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
            note = notes[index] if notes else ""
            height = max(len(cells[stretch]) + bool(note), *(len(c) for c in cells)) * 8.5 + 5
            flow.room(height)
            if note:
                doc.text(xs[stretch] + 3, flow.y + 9 + len(cells[stretch]) * 8.5, note, size - 1, grey=0.35)
            for x, w, lines, i in zip(xs, widths, cells, range(len(heads)), strict=True):
                for k, line in enumerate(lines):
                    if i in numeric:
                        doc.text(x + w - 4, flow.y + 9 + k * 8.5, line, size, align="right")
                    else:
                        doc.text(x + 3, flow.y + 9 + k * 8.5, line, size)
            for x in [*xs, 558.0]:
                doc.vline(x, flow.y, flow.y + height, 0.3, grey=0.6)
            doc.hline(54, flow.y + height, 558, 0.3, grey=0.6)
            if on_row:
                on_row(index, cells)
            flow.y += height
        flow.on_break = None
        flow.y += 14

    def heading(text: str) -> None:
        flow.room(60)
        doc.text(54, flow.y, text, 10, bold=True)
        doc.hline(54, flow.y + 4, 558, 1.2, grey=0.3)
        flow.y += 14

    def top(flow: Flow) -> float:
        doc.text(558, 30, f"Generated {stamp}", 6.5, grey=0.35, align="right")
        if flow.page > 1:
            doc.text(54, 42, f"Academic Record - {person} ({student_id})", 7.5, bold=True)
            return 58.0
        initials = "".join(w[0] for w in institution.replace(",", "").split() if w[0].isupper())[:4]
        doc.shade(54, 38, 36, 36, 0.2)
        doc.text(72, 61, initials, 9 if len(initials) < 4 else 7.5, bold=True, align="center", grey=1.0)
        doc.text(98, 52, institution, doc.fit(institution, 13, 300, True), bold=True)
        doc.text(98, 66, "Student Records", 8, grey=0.3)
        doc.text(54, 98, "Academic Record", 16, bold=True)
        y = 118.0
        fields = [("Student", f"{person} ({student_id})"), ("Academic Level", "Undergraduate"),
                  ("Primary Program of Study", degree[1] if degree else rng.choice(DEGREE_CHOICES)[1]),
                  ("Institution", institution)]
        for i, (key, value) in enumerate(fields):
            x = 54 if i % 2 == 0 else 320
            doc.text(x, y, key, 6.5, grey=0.4)
            doc.text(x, y + 11, value, 8.5)
            if i % 2:
                y += 26
        return y + 8

    def foot(flow: Flow) -> None:
        doc.hline(54, 752, 558, 0.3, grey=0.5)
        doc.text(54, 762, "Workday Student - Academic Record (unofficial)", 6.5, grey=0.35)
        doc.text(558, 762, f"Page {flow.page} of {total}", 6.5, grey=0.35, align="right")

    flow = Flow(doc, top, bottom=742, foot=foot)
    if degree:
        title, major, conferred = degree
        when = fmt_date(conferred, "mdy")
        heading("Academic Credentials")
        grid(["Credential", "Program of Study", "Conferral Date", "Status"], [[title, major, when, "Conferred"]],
             set(), 1)
        flow.degree(title, major, conferred, [title, major, when], when)
    if transfer:
        heading("Transfer Credit")
        trows = [r for t in transfer for r in t.rows]
        # Transfer periods print without dates; the source school has its own column.
        values = [[period(Term(r.season, r.year))[0], f"{r.code} - {r.title}", transfer[0].source,
                   f"{r.units:.2f}", r.grade] for r in trows]

        def traced_transfer(index: int, cells: list[list[str]]) -> None:
            r = trows[index]
            flow.course(r, r.title, [cells[1][0], f"{r.units:.2f}", r.grade], cells[0], more=cells[1][1:])

        grid(["Academic Period", "Course Listing", "Source Institution", "Credits Earned", "Official Grade"],
             values, {3}, 1, on_row=traced_transfer)
    heading("Course History")
    ordered = list(reversed(terms)) if descending else terms
    rows = [r for t in ordered for r in t.rows]
    values = [["\n".join(period(Term(r.season, r.year))), course_text(r), fmt_of(r), basis(r), f"{r.units:.2f}",
               f"{r.earned:.2f}", r.grade, "Withdrawn" if r.grade == "W" else "Registered"] for r in rows]

    def traced(index: int, cells: list[list[str]]) -> None:
        r = rows[index]
        flow.course(r, r.title, [cells[1][0], cells[4][0], cells[6][0]], cells[0], more=cells[1][1:])

    heads = ["Academic Period", "Course Section" if not listing else "Course Listing", "Instructional Format",
             "Grading Basis", "Credits Attempted", "Credits Earned", "Official Grade", "Registration Status"]
    notes = [{"excluded": "Repeat - excluded from GPA", "included": "Repeat - replaces earlier attempt"}.get(
        r.repeat, "") for r in rows]
    grid(heads, values, {4, 5}, 1, on_row=traced, notes=notes)
    _attempted, earned, hours, points = _gpa([r for t in terms for r in t.rows])
    flow.room(30)
    doc.text(54, flow.y, f"Cumulative GPA: {_ratio(points, hours):.3f}     Total Credits Earned: "
                         f"{earned + sum(r.units for t in transfer for r in t.rows):.2f}", 8, bold=True)
    truth, first = flow.finish(person, person, institution)
    return doc, truth, first


@family("transcript", 13, held_out=True)
def transcript_workday(rng: random.Random) -> Generated:
    """Workday Student's academic record: ruled grids with two-line shaded headers (Academic Period, Course Listing
    or Course Section, Instructional Format, Grading Basis, Credits Attempted/Earned, Official Grade, Registration
    Status), the period with its dates wrapped in its cell, course and title in one wrapped cell ('ECE 101 -
    Child Growth & Development'), semester or quarter calendars, newest first sometimes, credentials in a grid."""
    return _two_pass(rng, _workday)


# ================================================================ 14: a student portal's unofficial transcript

def _portal(rng: random.Random, total: int) -> Drawn:
    person, institution = pools.person(rng), rng.choice(INSTITUTIONS)
    doc = Sheet(rng.choice(("arial", "sans")))
    size = 8.0
    scheme = rng.choice(("calendar", "spring10", "academic"))
    places = rng.choice((2, 3))
    catalog = Catalog(rng, rng.choice(("short", "cc")))
    terms = _record(rng, catalog, grades=(*LETTERS, "P", "NP"))
    transfer = _transfer(rng, institution, terms) if rng.random() < 0.55 else []
    degree = _degree(rng, institution, terms[-1])
    # Degrees another college awarded, listed under External Degrees: printed, but not this institution's
    # degrees, so (as SCHEMA's institution rule says of transfer schools) they are not in the truth.
    external: list[tuple[str, str, str, date]] = []
    if rng.random() < 0.6:
        school = transfer[0].source if transfer else rng.choice([c for c in INSTITUTIONS if c != institution])
        ext_title, ext_major = rng.choice([d for d in DEGREE_CHOICES if d[0].startswith("Associate")])
        external.append((school, ext_title, ext_major, date(terms[0].year - 1, 5, rng.randint(10, 28))))
    slug = institution.lower().replace(",", "").replace(".", "").split(" ")[0]
    portal = rng.choice(("MyPortal", "Student Self-Service", f"my{slug.capitalize()}"))
    url = f"https://selfservice.{slug}.edu/Student/Student/AcademicHistory/Transcript"
    printed = _printed_on(rng)
    clock = f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(('AM', 'PM'))}"
    student_id = f"{rng.choice(('A', 'G', 'X'))}{rng.randint(0, 99999999):08d}"
    shown_name = person if rng.random() < 0.6 else _last_first(person, upper=False)
    date_style = rng.choice(("mdy", "long", "mdy_short"))

    def top(flow: Flow) -> float:
        doc.text(30, 18, f"{printed.month}/{printed.day}/{printed.year % 100:02d}, {clock}", 7)
        doc.text(306, 18, f"Unofficial Transcript | {portal}", 7, align="center")
        if flow.page > 1:
            return 44.0
        doc.shade(30, 30, 552, 26, 0.22)
        doc.text(40, 47, institution, doc.fit(institution, 10.5, 280, True), bold=True, grey=1.0)
        doc.text(572, 46, "Home    Registration    Student Records    Financial Aid    Sign Out", 7, grey=1.0,
                 align="right")
        doc.text(40, 72, "Student Records  >  Academic History  >  Unofficial Transcript", 7, grey=0.4)
        doc.text(40, 96, "Unofficial Transcript", 15, bold=True)
        for x, key, value in ((40, "Transcript Level", "Undergraduate"), (200, "Transcript Type", "Unofficial Web")):
            doc.text(x, 112, key, 6.5, grey=0.4)
            doc.frame(x, 116, 140, 16, 0.5, grey=0.6)
            doc.text(x + 5, 127, value, 8)
            doc.text(x + 132, 127, "v", 7, grey=0.4, align="right")
        doc.frame(40, 144, 532, 58, 0.5, grey=0.6)
        doc.shade(40.3, 144.3, 531.4, 14, 0.92)
        doc.text(46, 154, "Student Information", 8, bold=True)
        fields = [("Name", shown_name), ("Student ID", student_id), ("Birth Date", fmt_date(_birth(rng), "mdy")),
                  ("Institution", institution), ("Class", rng.choice(("Sophomore", "Freshman", "Senior"))),
                  ("Print Date", fmt_date(printed, "mdy"))]
        for i, (key, value) in enumerate(fields):
            x, y = 46 + (i % 3) * 178, 172 + (i // 3) * 20
            doc.text(x, y, f"{key}:", 7, bold=True)
            doc.text(x + doc.width(f"{key}:", 7, True) + 4, y, value, doc.fit(value, 7.5, 160 - doc.width(key, 7)))
        return 222.0

    def foot(flow: Flow) -> None:
        doc.text(30, 778, url, 7)
        doc.text(582, 778, f"{flow.page}/{total}", 7, align="right")

    flow = Flow(doc, top, bottom=748, foot=foot)

    def card(title: str) -> None:
        flow.room(60)
        doc.text(40, flow.y, title, 10, bold=True)
        doc.hline(40, flow.y + 4, 572, 0.8, grey=0.5)
        flow.y += 18

    def course_line(row: Row, term_label: str) -> None:
        flow.room(11 + (9 if row.repeat else 0))
        units = f"{row.units:.{places}f}"
        doc.text(48, flow.y, row.code, size)
        doc.text(118, flow.y, row.title, size)
        doc.text(452, flow.y, row.grade, size)
        doc.text(540, flow.y, units, size, align="right")
        flow.course(row, row.title, [row.code, row.title, row.grade, units], term_label)
        flow.y += 11
        if row.repeat:
            doc.text(118, flow.y - 2, f"Repeated: {'Excluded from' if row.repeat == 'excluded' else 'Included in'} GPA",
                     size - 1, grey=0.35)
            flow.y += 9

    if degree:
        card("Degrees Awarded")
        title, major, conferred = degree
        when = fmt_date(conferred, date_style)
        doc.text(48, flow.y, title, 9, bold=True)
        flow.y += 12
        for key, value in (("Major", major), ("Date Awarded", when), ("Status", "Awarded")):
            doc.text(56, flow.y, f"{key}: {value}", size)
            flow.y += 11
        flow.degree(title, major, conferred, [title, major, when], when)
        flow.y += 8
    card("Institution Credit")
    done: list[Row] = []
    for term in terms:
        flow.room(40)
        term_label = f"Term: {_banner_code(term.season, term.year, scheme)} - {term.name}"
        doc.shade(40, flow.y - 10, 532, 15, 0.92)
        doc.text(46, flow.y, term_label, 8.5, bold=True)
        flow.y += 16
        for row in term.rows:
            course_line(row, term_label)
        done.extend(term.rows)
        _attempted, earned, hours, points = _gpa(term.rows)
        cum = _gpa(done)
        doc.text(118, flow.y, f"Term Credits: {earned:.{places}f}    Term GPA: {_ratio(points, hours):.2f}    "
                              f"Cumulative GPA: {_ratio(cum[3], cum[2]):.2f}", 7, grey=0.3)
        flow.y += 18
    if transfer:
        card("Transfer Credit")
        for term in transfer:
            flow.room(40)
            doc.shade(40, flow.y - 10, 532, 15, 0.92)
            doc.text(46, flow.y, f"{term.source}  -  {term.name}", 8.5, bold=True)
            flow.y += 16
            for row in term.rows:
                course_line(row, term.name)
            flow.y += 8
    if transfer or external:
        card("Transfer Institutions")
        schools = sorted({t.source for t in transfer} | {e[0] for e in external})
        for school in schools:
            city, _zip = CITIES.get(school, ("Sacramento", "95811"))
            doc.text(48, flow.y, f"{school}   {city}, CA", size)
            flow.y += 12
        flow.y += 6
        for school, ext_title, ext_major, ext_when in external:
            card("External Degrees")
            doc.text(48, flow.y, f"{ext_title} - {ext_major}", size, bold=True)
            flow.y += 11
            doc.text(56, flow.y, f"Institution: {school}    Degree Date: {fmt_date(ext_when, date_style)}", size)
            flow.y += 16
    truth, first = flow.finish(person, shown_name, institution)
    return doc, truth, first


@family("transcript", 14, held_out=True)
def transcript_portal(rng: random.Random) -> Generated:
    """A student portal's unofficial transcript printed from the browser (Ellucian Self-Service style): a dark
    navigation bar, dropdowns, a student card, 'Term: 202210 - Spring 2022' bars whose code year can differ from
    the term's, rows with no column header, 'Repeated: Excluded from GPA' lines, and External Degrees from other
    colleges (not in the truth)."""
    return _two_pass(rng, _portal)


# ================================================================ 15: Parchment / Clearinghouse eTranscript

def _etranscript(rng: random.Random, total: int) -> Drawn:
    person, institution = pools.person(rng), rng.choice(INSTITUTIONS)
    vendor = rng.choice(("Parchment", "the National Student Clearinghouse"))
    doc = Sheet("arial")
    size = 7.5
    catalog = Catalog(rng, rng.choice(("cc", "three", "four")))
    terms = _record(rng, catalog, grades=(*LETTERS, "P", "NP"))
    transfer = _transfer(rng, institution, terms) if rng.random() < 0.5 else []
    degree = _degree(rng, institution, terms[-1])
    award_top = rng.random() < 0.5
    doc_id = "".join(rng.choice("0123456789ABCDEF") for _ in range(12))
    shown_name = _last_first(person, upper=False) if rng.random() < 0.7 else person
    created = _printed_on(rng)

    def label_value(x: float, y: float, key: str, value: str, tab: float = 70) -> None:
        doc.text(x, y, key, 7, family="arial-i", grey=0.35)
        doc.text(x + tab, y, value, 8)

    def top(flow: Flow) -> float:
        doc.text(54, 40, "Electronic Transcript", 12, bold=True)
        doc.text(558, 36, f"Document ID: {doc_id}", 7, align="right")
        doc.text(558, 46, f"Page {flow.page} of {total}", 7, align="right")
        doc.text(54, 51, f"Delivered by {vendor}", 7, grey=0.4)
        doc.hline(54, 57, 558, 1.0, grey=0.3)
        if flow.page > 1:
            doc.text(54, 70, f"Student: {shown_name}    Sending Institution: {institution}", 7.5)
            return 88.0
        doc.text(54, 76, "Sending Institution", 8, bold=True)
        doc.text(54, 88, institution, 9.5, bold=True)
        doc.text(54, 99, _address(rng, institution), 7.5)
        doc.text(54, 109, f"OPEID: {rng.randint(100000, 4999999):07d}00    CEEB: {rng.randint(4000, 4999)}", 7)
        doc.text(330, 76, "Recipient", 8, bold=True)
        doc.text(330, 88, rng.choice(("California ECE Workforce Registry", "Child Development Training Consortium",
                                      "Student (self)")), 8.5)
        doc.text(330, 99, f"Transcript Created: {created.isoformat()}T{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
                          f":{rng.randint(0, 59):02d}", 7)
        doc.shade(54, 120, 504, 13, 0.88)
        doc.text(58, 130, "Student", 8.5, bold=True)
        label_value(58, 146, "Name", shown_name)
        label_value(58, 158, "Student ID", f"{rng.randint(10000000, 99999999)}")
        label_value(330, 146, "Birth Date", _birth(rng).isoformat())
        label_value(330, 158, "Prior School", f"{rng.choice(('Fresno', 'Hayward', 'Norwalk', 'Modesto'))} High "
                                              f"School, graduated {terms[0].year - rng.randint(1, 8)}-06-1"
                                              f"{rng.randint(0, 9)}")
        return 182.0

    def foot(flow: Flow) -> None:
        doc.text(54, 770, "This document was rendered from a PESC XML College Transcript and is official only when "
                          f"received directly from {vendor}.", 6, grey=0.4)

    flow = Flow(doc, top, bottom=745, foot=foot)
    heads = ("Course", "Course Title", "Credit Basis", "Attempted", "Earned", "Grade", "Quality Pts", "Repeat")
    code_w = max(doc.width(r.code, size) for t in terms + transfer for r in t.rows)
    title_x = 58 + max(code_w, doc.width("Course", size, True)) + 12
    title_w = max(doc.width(r.title, size) for t in terms + transfer for r in t.rows)
    basis_x = max(title_x + title_w + 12, 300.0)
    rights = [basis_x + 50 + 40, basis_x + 50 + 80, 0.0, basis_x + 50 + 158]
    grade_x = rights[1] + 12
    repeat_x = rights[3] + 8

    def bar(text: str, right: str) -> None:
        flow.room(50)
        doc.shade(54, flow.y - 10, 504, 14, 0.88)
        doc.text(58, flow.y, text, 8.5, bold=True)
        doc.text(554, flow.y, right, 7, align="right")
        flow.y += 15

    def header() -> None:
        xs = [58, title_x, basis_x]
        for head, x in zip(heads[:3], xs, strict=True):
            doc.text(x, flow.y, head, size, bold=True, family="arial-i")
        doc.text(rights[0], flow.y, heads[3], size, bold=True, align="right", family="arial-i")
        doc.text(rights[1], flow.y, heads[4], size, bold=True, align="right", family="arial-i")
        doc.text(grade_x, flow.y, heads[5], size, bold=True, family="arial-i")
        doc.text(rights[3], flow.y, heads[6], size, bold=True, align="right", family="arial-i")
        doc.text(repeat_x, flow.y, heads[7], size, bold=True, family="arial-i")
        doc.hline(58, flow.y + 3, 554, 0.4, grey=0.5)
        flow.y += 11

    def course_line(row: Row, term_label: str, basis: str) -> None:
        flow.room(10)
        units = f"{row.units:.2f}"
        doc.text(58, flow.y, row.code, size)
        doc.text(title_x, flow.y, row.title, size)
        doc.text(basis_x, flow.y, basis, size)
        doc.text(rights[0], flow.y, units, size, align="right")
        doc.text(rights[1], flow.y, f"{row.earned:.2f}", size, align="right")
        doc.text(grade_x, flow.y, row.grade, size)
        if row.points is not None and basis == "Regular":
            doc.text(rights[3], flow.y, f"{row.points:.2f}", size, align="right")
        if row.repeat:
            doc.text(repeat_x, flow.y, "Not Counted" if row.repeat == "excluded" else "Counted", size)
        flow.course(row, row.title, [row.code, row.title, units, row.grade], term_label)
        flow.y += 10

    def award() -> None:
        if not degree:
            return
        title, major, conferred = degree
        bar("Academic Award", "")
        when = conferred.isoformat()
        label_value(58, flow.y, "Award Title", title, 90)
        label_value(330, flow.y, "Award Date", when, 60)
        flow.y += 12
        label_value(58, flow.y, "Academic Program", major, 90)
        label_value(330, flow.y, "Program Type", "Major", 60)
        flow.y += 12
        if rng.random() < 0.35:
            label_value(58, flow.y, "Honors", rng.choice(("With Honors", "Cum Laude", "Highest Honors")), 90)
            flow.y += 12
        flow.degree(title, major, conferred, [title, major, when], when)
        flow.y += 8

    if award_top:
        award()
    sessions = [(t, "Transfer") for t in transfer] + [(t, "Regular") for t in terms]
    for term, basis in sessions:
        (m0, d0), (m1, d1) = _TERM_DATES[term.season]
        right = (f"Transfer Credit: {term.source}" if basis == "Transfer" else
                 f"Session Dates: {date(term.year, m0, d0).isoformat()} to {date(term.year, m1, d1).isoformat()}"
                 f"    Session Type: {'Semester' if term.season != 'Summer' else 'Summer Session'}")
        bar(term.name, right)
        header()

        def again(name: str = term.name) -> None:
            doc.text(58, flow.y, f"{name} (continued)", 8, bold=True)
            flow.y += 12
            header()

        flow.on_break = again
        for row in term.rows:
            course_line(row, term.name, basis)
        flow.on_break = None
        attempted, earned, hours, points = _gpa(term.rows)
        doc.text(58, flow.y + 2, f"Session GPA: {_ratio(points, hours) if basis == 'Regular' else 0:.2f}    "
                                 f"Attempted: {attempted:.2f}    Earned: {earned:.2f}    GPA Credits: "
                                 f"{hours if basis == 'Regular' else 0:.2f}    Quality Points: "
                                 f"{points if basis == 'Regular' else 0:.2f}", 7, grey=0.3)
        flow.y += 20
    attempted, earned, hours, points = _gpa([r for t in terms for r in t.rows])
    bar("Academic Summary", "Credit Unit: Semester")
    label_value(58, flow.y, "Institution", f"Attempted {attempted:.2f}   Earned {earned:.2f}   GPA "
                                           f"{_ratio(points, hours):.3f}", 90)
    flow.y += 12
    label_value(58, flow.y, "Transfer", f"Earned {sum(r.units for t in transfer for r in t.rows):.2f}", 90)
    flow.y += 18
    if not award_top:
        award()
    flow.room(20)
    doc.text(306, flow.y + 4, "- End of Transcript -", 8, bold=True, align="center")
    truth, first = flow.finish(person, shown_name, institution)
    return doc, truth, first


@family("transcript", 15, held_out=True)
def transcript_etranscript(rng: random.Random) -> Generated:
    """A Parchment / National Student Clearinghouse eTranscript rendered from PESC XML: italic field labels,
    ISO dates everywhere (birth, creation, session dates, award date), sessions as shaded bars, a Credit Basis
    column (Regular / Transfer), a Repeat column (Counted / Not Counted), the Academic Award as labelled fields."""
    return _two_pass(rng, _etranscript)
