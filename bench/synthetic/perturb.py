"""A metamorphic (perturbation) suite for transcripts.

One transcript RECORD (who, where, which courses in which terms, which degrees) is drawn from a seed,
independently of how it is printed. A canonical renderer prints it: a page header, term headings, a header row
"Course  Title  Units  Grade" and one row per course. Each named TRANSFORMATION changes only how the same record
is printed, the way real registrars' systems differ (other header words, other column orders, extra columns,
term codes, a second page, GPA lines ...). The truth a careful reader writes down stays the same, except where
SCHEMA.md says the truth is what is printed (a title printed with "&" for "and" is the truth with "&").

Image transformations photograph or screenshot page 1 of a document the way people do it (sideways, upside
down, with an EXIF orientation tag, at 12 MP, from far away); their truth is page 1's (render.truth_for_first_page).

    .venv/bin/python -m bench.synthetic.perturb --out .local/perturb --per 3            # write a corpus
    .venv/bin/python -m bench.synthetic.perturb --verify --per 4 --png .local/perturb-png # check the renderer

The transformations are written from how registrars print, not from what any parser expects; a
transformation must never be made easier because an extractor scores badly on it.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

from bench.synthetic import pools
from bench.synthetic.render import Document, fmt_date, phone, render_pages, scan, truth_for_first_page
from bench.synthetic.render import _perspective_coeffs as perspective_coeffs

# ================================================================ the record, independent of printing

SEMESTER_SEASONS = ("Spring", "Summer", "Fall")
QUARTER_SEASONS = ("Winter", "Spring", "Summer", "Fall")
ECE_SUBJECTS = (*pools.ECE_SUBJECTS, "CHDV", "ECED", "HDEV")

# (plain title, the same course as another registrar prints it with & / , ' ( ) -, unit options)
ECE_TITLES: tuple[tuple[str, str, tuple[float, ...]], ...] = (
    ("Child Growth and Development", "Child Growth & Development", (3.0,)),
    ("Child, Family and Community", "Child, Family & Community", (3.0,)),
    ("Introduction to Curriculum", "Intro to Curriculum (Early Childhood)", (3.0, 4.0)),
    ("Principles and Practices of Teaching Young Children", "Principles/Practices of Teaching Young Children",
     (3.0,)),
    ("Observation and Assessment", "Observation & Assessment (Birth-Age 8)", (3.0,)),
    ("Health, Safety and Nutrition", "Health, Safety & Nutrition", (1.0, 3.0)),
    ("Teaching in a Diverse Society", "Teaching in a Diverse Society - Equity/Anti-Bias", (3.0,)),
    ("Infant/Toddler Development", "Infant/Toddler Dev. (Birth-36 Months)", (3.0,)),
    ("Practicum: Field Experience", "Practicum - Field Experience (Supervised)", (3.0, 4.0)),
    ("Administration I: Programs in Early Childhood Education", "Admin. I: Programs in ECE/Child Dev", (3.0,)),
    ("Administration II: Personnel and Leadership", "Admin. II: Personnel & Leadership", (3.0,)),
    ("Adult Supervision and Mentoring", "Adult Supervision & Mentoring", (2.0, 3.0)),
    ("Children with Special Needs", "Children w/ Special Needs (Incl. Autism)", (3.0,)),
    ("Language and Literacy Development", "Language & Literacy Dev., Ages 0-8", (3.0,)),
    ("Math and Science for Young Children", "Math/Science for Young Children", (3.0,)),
    ("Creative Arts for Young Children", "Creative Arts: Music, Art & Movement", (2.0, 3.0)),
    ("Positive Guidance and Discipline", "Positive Guidance (Child Guidance)", (2.0, 3.0)),
    ("Dual Language Learners", "Dual-Language Learners' Development", (2.0, 3.0)),
    ("Play-Based Learning", "Play-Based Learning & Environments", (1.0, 3.0)),
    ("Children's Literature", "Children's Lit. - Storytelling & Reading", (3.0,)),
    ("Home Visiting Practices", "Home Visiting: Families' Strengths/Needs", (3.0,)),
    ("Parenting Education", "Parenting Ed. (Family-Centered Practice)", (3.0,)),
    ("School-Age Child Care", "School-Age Child Care, Ages 5-12", (3.0,)),
    ("Special Topics in Early Childhood", "Spec. Topics - Early Childhood (Var.)", (0.5, 1.0)),
    ("Early Intervention Strategies", "Early Intervention: Strategies/Supports", (3.0,)),
    ("Infant Care and Education", "Infant Care & Ed. (Group Settings)", (3.0,)),
)
GE_TITLES: tuple[tuple[str, str, str, tuple[float, ...]], ...] = (
    ("ENGL", "College Composition", "College Comp: Reading & Writing", (3.0, 4.0)),
    ("ENGL", "Critical Thinking and Writing", "Critical Thinking & Writing", (3.0,)),
    ("PSYC", "General Psychology", "Psychology: General (Intro)", (3.0,)),
    ("PSYC", "Lifespan Development", "Lifespan Dev. - Birth to Death", (3.0,)),
    ("PSYC", "Child Psychology", "Child Psych. (Developmental)", (3.0,)),
    ("MATH", "Elementary Statistics", "Elem. Statistics w/ Lab", (3.0, 4.0)),
    ("MATH", "Mathematics for Elementary Teachers", "Math for Elem. Teachers I/II", (3.0,)),
    ("SOC", "Introduction to Sociology", "Intro. to Sociology", (3.0,)),
    ("SOC", "Marriage, Family and Intimate Relationships", "Marriage, Family & Intimate Relations", (3.0,)),
    ("HIST", "United States History to 1877", "U.S. History to 1877", (3.0,)),
    ("BIOL", "Human Biology", "Human Biology w/ Lab", (4.0,)),
    ("SPAN", "Elementary Spanish I", "Elem. Spanish I (Conversational)", (4.0, 5.0)),
    ("SPAN", "Spanish for Heritage Speakers", "Spanish for Heritage Speakers - Lvl 1", (4.0,)),
    ("COMM", "Public Speaking", "Oral Comm.: Public Speaking", (3.0,)),
    ("ANTH", "Cultural Anthropology", "Cultural Anthro - People & Cultures", (3.0,)),
    ("ART", "Art Appreciation", "Art Appreciation (Survey)", (3.0,)),
    ("NUTR", "Introduction to Nutrition", "Intro to Nutrition & Health", (3.0,)),
    ("KIN", "Fitness for Life", "Fitness/Wellness for Life", (0.5, 1.0)),
    ("POLS", "American Government", "Amer. Gov't: U.S. & California", (3.0,)),
    ("GEOG", "World Regional Geography", "World Regional Geog. (Global)", (3.0,)),
    ("ETHN", "Introduction to Ethnic Studies", "Intro to Ethnic Studies: Race & Ethnicity", (3.0,)),
    ("WGS", "Women's Studies", "Women's & Gender Studies", (3.0,)),
    ("MUS", "Music Appreciation", "Music Appreciation - Western & World", (3.0,)),
    ("HLTH", "Personal Health", "Personal Health & Wellness", (2.0, 3.0)),
    ("CIS", "Computer Literacy", "Computer Literacy (MS Office/Web)", (1.5, 3.0)),
)
GRADES = ("A", "A", "A", "A-", "A-", "B+", "B", "B", "B", "B-", "C+", "C", "C", "C-", "D", "F", "W", "P", "P",
          "NP", "CR")
FAILING = {"F", "W", "NP", "NC", "I", "D"}  # a later attempt may replace these
NO_CREDIT = {"F", "W", "NP", "NC", "I"}
TOPICS = ("Emergent Curriculum", "Nature-Based Learning", "Trauma-Informed Practice", "STEAM in Preschool",
          "Reggio Emilia Approach", "Family Child Care Business")
CAMPUSES = ("MAIN", "ONLN", "WEST", "EAST", "DTWN")
MODES = ("In Person", "Online", "Hybrid", "Online Async")


@dataclass(frozen=True)
class Course:
    subject: str
    number: str
    title: str  # as this college's catalogue prints it
    title_punct: str  # the same course as another registrar prints it, with & / , ' ( ) -
    units: float
    grade: str
    # What a registrar may print around the row; never part of the truth.
    instructor: str = ""
    topic: str = ""
    repeated: bool = False  # retaken later: this attempt is excluded from the GPA
    retake: bool = False  # the later attempt of a repeated course
    crn: str = ""
    section: str = ""
    campus: str = ""
    mode: str = ""

    @property
    def code(self) -> str:
        return f"{self.subject} {self.number}"


@dataclass(frozen=True)
class Term:
    season: str
    year: int
    courses: tuple[Course, ...]

    @property
    def name(self) -> str:
        return f"{self.season} {self.year}"


@dataclass(frozen=True)
class Degree:
    title: str
    major: str
    conferred: date


@dataclass(frozen=True)
class Record:
    person: str
    institution: str
    student_id: str
    birth: date
    issued: date
    terms: tuple[Term, ...]
    degrees: tuple[Degree, ...]

    @property
    def courses(self) -> list[tuple[Term, Course]]:
        return [(t, c) for t in self.terms for c in t.courses]


def _course_number(rng: random.Random, scheme: str, used: set[str]) -> str:
    while True:
        if scheme == "university":
            n = str(rng.randint(100, 499))
        elif rng.random() < 0.5:
            n = str(rng.randint(1, 99)) + (rng.choice("AB") if rng.random() < 0.35 else "")
        else:
            n = str(rng.randint(100, 299)) + ("L" if rng.random() < 0.05 else "")
        if n not in used:
            used.add(n)
            return n


def draw_record(rng: random.Random) -> Record:
    """A transcript record with 8-30 courses over 2-6 terms, retakes, transfer-level variety and 0-2 degrees."""
    seasons = QUARTER_SEASONS if rng.random() < 0.25 else SEMESTER_SEASONS
    total = rng.randint(8, 30)
    n_terms = rng.randint(max(2, math.ceil(total / 7)), 6)
    year, index = rng.randint(2008, 2022), rng.randrange(len(seasons))
    slots: list[tuple[str, int]] = []
    for _ in range(n_terms):
        slots.append((seasons[index], year))
        index += rng.choice((1, 1, 1, 2))
        year += index // len(seasons)
        index %= len(seasons)
    counts = [1] * n_terms
    for _ in range(total - n_terms):
        room = [i for i in range(n_terms) if counts[i] < (3 if slots[i][0] == "Summer" else 7)]
        room = room or [i for i in range(n_terms) if counts[i] < 7]
        counts[rng.choice(room)] += 1
    scheme = rng.choice(("university", "community", "community"))
    ece = rng.choice(ECE_SUBJECTS)
    ece_pool, ge_pool = list(ECE_TITLES), list(GE_TITLES)
    rng.shuffle(ece_pool)
    rng.shuffle(ge_pool)
    used_numbers: dict[str, set[str]] = {}
    terms: list[list[Course]] = [[] for _ in range(n_terms)]
    retakes: list[tuple[int, Course]] = []
    for t in range(n_terms):
        # A course failed or dropped earlier may be retaken now: same code, a new row.
        for earlier_term, earlier in list(retakes):
            if earlier_term < t and len(terms[t]) < counts[t] and rng.random() < 0.7:
                retakes.remove((earlier_term, earlier))
                grade = rng.choice(("A", "B", "B+", "C", "A-"))
                terms[earlier_term] = [replace(c, repeated=True) if c is earlier else c for c in terms[earlier_term]]
                section = rng.choice(("01", "02", "03", "81")) if scheme == "university" else str(rng.randint(1000,
                                                                                                             9999))
                terms[t].append(replace(earlier, grade=grade, retake=True, crn=str(rng.randint(10000, 99999)),
                                        section=section))
        while len(terms[t]) < counts[t]:
            if rng.random() < 0.6 and ece_pool:
                title, punct, options = ece_pool.pop()
                subject = ece
            elif ge_pool:
                subject, title, punct, options = ge_pool.pop()
            else:
                title, punct, options = ece_pool.pop()
                subject = ece
            number = _course_number(rng, scheme, used_numbers.setdefault(subject, set()))
            if subject in ("ENGL", "PSYC", "COMM", "HIST") and rng.random() < 0.15 and number[-1].isdigit():
                number += "H"  # honours section, as ENGL 101H
            grade = rng.choice(GRADES)
            course = Course(
                subject=subject, number=number, title=title, title_punct=punct, units=rng.choice(options),
                grade=grade, instructor=f"{rng.choice(pools.LAST)}, {rng.choice(pools.FIRST)}",
                topic=rng.choice(TOPICS) if title.startswith("Special Topics") or rng.random() < 0.08 else "",
                crn=str(rng.randint(10000, 99999)),
                section=rng.choice(("01", "02", "03", "81")) if scheme == "university" else str(rng.randint(1000,
                                                                                                          9999)),
                campus=rng.choice(CAMPUSES), mode=rng.choice(MODES))
            terms[t].append(course)
            if grade in FAILING and t < n_terms - 1 and rng.random() < 0.35:
                retakes.append((t, course))
    # Every term's codes are unique; a retake shares its code only with an earlier term's row.
    last_season, last_year = slots[-1]
    degrees: list[Degree] = []
    if rng.random() < 0.55:
        month = {"Spring": 5, "Summer": 8, "Fall": 12, "Winter": 3}[last_season]
        for title, major in rng.sample(pools.DEGREES, rng.choice((1, 1, 1, 2))):
            if any(d.title == title for d in degrees):
                continue
            degrees.append(Degree(title, major, date(last_year, month, rng.randint(10, 28))))
    issued = date(min(2026, last_year + rng.randint(0, 4)), rng.randint(1, 12), rng.randint(1, 28))
    birth = date(rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28))
    return Record(
        person=pools.person(rng), institution=rng.choice(pools.COLLEGES),
        student_id=f"{rng.choice(('', 'W', 'A', '@'))}{rng.randint(10**7, 10**8 - 1)}", birth=birth, issued=issued,
        terms=tuple(Term(s, y, tuple(cs)) for (s, y), cs in zip(slots, terms, strict=True)),
        degrees=tuple(degrees))


# ================================================================ how a term is printed

SHORT = {"Fall": "FA", "Spring": "SP", "Summer": "SU", "Winter": "WI"}
BANNER_SUFFIX = {"Fall": 10, "Winter": 15, "Spring": 20, "Summer": 30}


def academic_year(season: str, year: int) -> int:
    """The year an academic year starts in: it begins with Fall and ends with Summer."""
    return year if season == "Fall" else year - 1


def _semester_word(season: str, year: int) -> str:
    if season == "Summer":
        return f"Summer Session {year}"
    if season == "Winter":
        return f"Winter Intersession {year}"
    return f"{season} Semester {year}"


TERM_FORMATS: dict[str, Callable[[str, int], str]] = {
    "plain": lambda s, y: f"{s} {y}",
    "UPPER": lambda s, y: f"{s.upper()} {y}",
    "year_first": lambda s, y: f"{y} {s}",
    "FA21": lambda s, y: f"{SHORT[s]}{y % 100:02d}",
    "FA_2021": lambda s, y: f"{SHORT[s]} {y}",
    "2021FA": lambda s, y: f"{y}{SHORT[s]}",
    "semester": _semester_word,
    "quarter": lambda s, y: f"{'Autumn' if s == 'Fall' else s} Quarter {y}",
    "academic_year": lambda s, y: f"{academic_year(s, y)}-{(academic_year(s, y) + 1) % 100:02d} {s}",
    "banner": lambda s, y: f"Term: {academic_year(s, y)}{BANNER_SUFFIX[s]} {s} {y}",
    "session": lambda s, y: f"Session: {s} {y}",
}


def fmt_term(season: str, year: int, style: str, *, in_column: bool = False) -> str:
    text = TERM_FORMATS[style](season, year)
    if in_column:  # a column already says what it holds
        text = re.sub(r"^(Term|Session): ", "", text)
    return text


def fmt_units(units: float, style: str) -> str:
    return {"1dp": f"{units:.1f}", "2dp": f"{units:.2f}", "3dp": f"{units:.3f}",
            "bare": f"{units:g}"}[style]


# ================================================================ the layout a record is printed in

CORE = ("code", "title", "units", "grade")
CANONICAL_HEADERS = {"term": "Term", "code": "Course", "subject": "Subj", "number": "No.", "title": "Title",
                     "units": "Units", "grade": "Grade"}
HEADER_SYNONYMS = {
    "code": ("Course No.", "Catalog", "Course ID", "Course Listing", "Subject/Catalog", "Crs Nbr"),
    "subject": ("Subject", "Dept", "Subj Area"),
    "number": ("Catalog", "Nbr", "Number", "Crs #"),
    "title": ("Descr", "Description", "Course Description", "Course Title", "Title of Course"),
    "units": ("Cr Hrs", "Credits", "Crd", "Attempted", "Sem Hrs", "Hours", "Credit Hours", "Units Att"),
    "grade": ("Mark", "Official Grade", "Grd", "Final Grade", "Gr"),
    "term": ("Session", "Period", "Yr/Term", "Semester"),
}
INLINE_LABELS = ("Units {u}  Grade {g}", "Cr: {u} Gr: {g}", "Credits: {u}  Grade: {g}", "Hrs {u}  Mark {g}",
                 "Attempted {u}  Grade {g}", "Grade: {g}  Units: {u}")
CODE_STYLES = ("", "-", ".", "  ", "split")

ExtraValue = Callable[[Course, str, "Layout"], str]


def _earned(c: Course, _level: str, layout: Layout) -> str:
    return fmt_units(0.0 if c.grade in NO_CREDIT else c.units, layout.units_fmt)


def _grade_points(c: Course, _level: str, _layout: Layout) -> str:
    value = pools.GRADE_POINTS.get(c.grade)
    return "" if value is None else f"{value * c.units:.2f}"


# name -> (header, value, numeric, where it goes: "first" | "after:<role>" | "end")
EXTRA_COLUMNS: dict[str, tuple[str, ExtraValue, bool, tuple[str, ...]]] = {
    "campus": ("Campus", lambda c, _lv, _l: c.campus, False, ("after:title", "end")),
    "section": ("Section", lambda c, _lv, _l: c.section, False, ("after:code", "first")),
    "mode": ("Instr Mode", lambda c, _lv, _l: c.mode, False, ("after:title", "end")),
    "repeat": ("Repeat", lambda c, _lv, _l: "E" if c.repeated else "I" if c.retake else "", False,
               ("after:grade", "end")),
    "level": ("Lvl", lambda _c, lv, _l: lv, False, ("first", "after:code", "end")),
    "crn": ("CRN", lambda c, _lv, _l: c.crn, False, ("first", "after:code")),
    "earned": ("Earned", _earned, True, ("after:units",)),
    "points": ("Grd Pts", _grade_points, True, ("end", "after:grade")),
}


@dataclass
class Layout:
    font: str = "sans"
    size: float = 9.0
    units_fmt: str = "2dp"
    columns: list[str] = field(default_factory=lambda: list(CORE))  # roles; extras as "x:<name>"
    headers: dict[str, str] = field(default_factory=lambda: dict(CANONICAL_HEADERS))
    header_row: bool = True
    inline: str | None = None  # a label template: "Units {u}  Grade {g}"
    inline_flow: bool = False  # labels run on after the title instead of in their own aligned place
    term_style: str = "plain"
    term_layout: str = "heading"  # heading | column
    code_style: str = " "  # the separator, or "split" for Subj / No. columns
    continuation: bool = False
    punct_titles: bool = False
    totals: str | None = None  # None | "line" | "aligned" | "attempted"
    two_records: tuple[str, str, str, str] | None = None  # UG heading, GR heading, UG totals, GR totals
    page_break: str | None = None  # None | "repeated" | "missing"
    applied: list[str] = field(default_factory=list)


def canonical_layout(rng: random.Random) -> Layout:
    return Layout(font=rng.choice(("sans", "serif", "liberation", "condensed")), size=rng.choice((8.5, 9.0, 9.5)),
                  units_fmt=rng.choice(("1dp", "2dp")))


def _pick(rng: random.Random, options: Sequence[Any], index: int | None) -> Any:
    return options[index % len(options)] if index is not None else rng.choice(options)


Transform = Callable[[Layout, random.Random, int | None], None]


def _title_punctuation(layout: Layout, rng: random.Random, index: int | None) -> None:
    layout.punct_titles = True


def _term_format(style: str) -> Transform:
    def apply(layout: Layout, rng: random.Random, index: int | None) -> None:
        layout.term_style = style
    return apply


def _term_column(layout: Layout, rng: random.Random, index: int | None) -> None:
    layout.term_layout = "column"
    layout.columns.insert(0, "term")


def _code_punctuation(layout: Layout, rng: random.Random, index: int | None) -> None:
    layout.code_style = _pick(rng, CODE_STYLES, index)


def _unknown_column(layout: Layout, rng: random.Random, index: int | None) -> None:
    names = list(EXTRA_COLUMNS)
    chosen = [_pick(rng, names, index)]
    if rng.random() < 0.5:
        chosen.append(rng.choice([n for n in names if n not in chosen]))
    for name in chosen:
        where = rng.choice(EXTRA_COLUMNS[name][3])
        if where == "first":
            layout.columns.insert(0, f"x:{name}")
        elif where == "end":
            layout.columns.append(f"x:{name}")
        else:
            layout.columns.insert(layout.columns.index(where.split(":")[1]) + 1, f"x:{name}")
        if name == "earned" and layout.headers["units"] == "Units":
            layout.headers["units"] = rng.choice(("Attempted", "Units Att", "Att"))


REORDERS = (("code", "title", "grade", "units"), ("code", "units", "title", "grade"),
            ("code", "units", "grade", "title"), ("title", "code", "units", "grade"))


def _columns_reordered(layout: Layout, rng: random.Random, index: int | None) -> None:
    order = iter(_pick(rng, REORDERS, index))
    layout.columns = [next(order) if role in CORE else role for role in layout.columns]
    if "term" in layout.columns and rng.random() < 0.5:
        layout.columns.remove("term")
        layout.columns.append("term")


def _header_synonyms(layout: Layout, rng: random.Random, index: int | None) -> None:
    for role, words in HEADER_SYNONYMS.items():
        if role == "units" and layout.headers["units"] != "Units":
            continue  # already "Attempted" beside an Earned column
        layout.headers[role] = rng.choice(words)


def _header_removed(layout: Layout, rng: random.Random, index: int | None) -> None:
    layout.header_row = False


def _inline_labels(layout: Layout, rng: random.Random, index: int | None) -> None:
    layout.header_row = False
    layout.inline = _pick(rng, INLINE_LABELS, index)
    layout.inline_flow = rng.random() < 0.5


def _continuation_lines(layout: Layout, rng: random.Random, index: int | None) -> None:
    layout.continuation = True


def _gpa_and_totals(layout: Layout, rng: random.Random, index: int | None) -> None:
    layout.totals = _pick(rng, ("line", "aligned", "attempted"), index)


TWO_RECORD_WORDS = (("UNDERGRADUATE RECORD", "GRADUATE RECORD", "Undergraduate Totals", "Graduate Totals"),
                    ("Beginning of Undergraduate Record", "Beginning of Graduate Record",
                     "Undergraduate Career Totals", "Graduate Career Totals"),
                    ("Level: Undergraduate", "Level: Graduate", "UG Cumulative", "GR Cumulative"))


def _two_records(layout: Layout, rng: random.Random, index: int | None) -> None:
    layout.two_records = _pick(rng, TWO_RECORD_WORDS, index)


def _page_break(mode: str) -> Transform:
    def apply(layout: Layout, rng: random.Random, index: int | None) -> None:
        layout.page_break = mode
    return apply


def _none(layout: Layout, rng: random.Random, index: int | None) -> None:
    return None


# Applied in this order whatever order they are named in.
TRANSFORMS: dict[str, Transform] = {
    "none": _none,
    "title_punctuation": _title_punctuation,
    **{f"term_format:{k}": _term_format(k) for k in TERM_FORMATS},
    "term_column": _term_column,
    "code_punctuation": _code_punctuation,
    "unknown_column": _unknown_column,
    "columns_reordered": _columns_reordered,
    "header_synonyms": _header_synonyms,
    "header_removed": _header_removed,
    "inline_labels": _inline_labels,
    "continuation_lines": _continuation_lines,
    "gpa_and_totals_lines": _gpa_and_totals,
    "two_records": _two_records,
    "page2_header_repeated": _page_break("repeated"),
    "page2_header_missing": _page_break("missing"),
}
# "all" leaves out header_removed and inline_labels: both take away the header row header_synonyms renames.
INCOMPATIBLE_WITH_ALL = ("none", "header_removed", "inline_labels")
IMAGE_TRANSFORMS = ("photo_upright", "photo_rotated_90", "photo_rotated_180", "photo_rotated_270",
                    "photo_exif_rotated", "screenshot_96dpi", "photo_12mp", "photo_small")
DISPLAY_ORDER = ("none", "header_synonyms", "header_removed", "columns_reordered", "unknown_column",
                 "inline_labels", *[f"term_format:{k}" for k in TERM_FORMATS], "term_column", "code_punctuation",
                 "continuation_lines", "title_punctuation", "two_records", "page2_header_repeated",
                 "page2_header_missing", "gpa_and_totals_lines")
LAYOUT_TRANSFORMS = (*DISPLAY_ORDER, "all")


def expand(names: Iterable[str], rng: random.Random) -> list[str]:
    """Layout transformation names, with "all" expanded, in the order they are applied."""
    chosen: set[str] = set()
    for name in names:
        if name == "all":
            chosen |= {n for n in TRANSFORMS if n not in INCOMPATIBLE_WITH_ALL and not n.startswith("term_format:")
                       and not n.startswith("page2_")}
            chosen.add(rng.choice([f"term_format:{k}" for k in TERM_FORMATS if k != "plain"]))
            chosen.add(rng.choice(("page2_header_repeated", "page2_header_missing")))
        elif name in TRANSFORMS:
            chosen.add(name)
        elif name not in IMAGE_TRANSFORMS:
            raise ValueError(f"unknown transformation {name!r}")
    return [n for n in TRANSFORMS if n in chosen]


# ================================================================ the renderer

BOTTOM = 728.0
LEFT, RIGHT = 54.0, 558.0


@dataclass
class Column:
    role: str
    head: str
    x: float
    width: float
    numeric: bool


@dataclass
class Printed:
    """What was printed for one course: each truth value in its printed form, and the page it is on."""
    term: str
    code: list[str]
    title: str
    units: str
    grade: str
    page: int = 1


@dataclass
class Rendered:
    pdf: bytes
    truth: dict[str, Any]
    first_page_rows: int | None
    printed: list[Printed]
    pages: int


class _Printer:
    def __init__(self, record: Record, layout: Layout, rng: random.Random) -> None:
        self.record, self.layout, self.rng = record, layout, rng
        self.doc = Document(layout.font)
        self.y = 0.0
        self.header_due = False
        self.printed: list[Printed] = []
        self.levels = self._levels()
        self.size = layout.size
        self.columns: list[Column] = []
        self.label_x = 0.0
        self._fit()

    # ------------------------------------------------------------ values
    def _levels(self) -> dict[int, str]:
        n = len(self.record.terms)
        split = math.ceil(n / 2) if self.layout.two_records else n
        return {i: "UG" if i < split else "GR" for i in range(n)}

    def title(self, c: Course) -> str:
        return c.title_punct if self.layout.punct_titles else c.title

    def code_parts(self, c: Course) -> list[str]:
        style = self.layout.code_style
        return [c.subject, c.number] if style == "split" else [f"{c.subject}{style}{c.number}"]

    def term_text(self, term: Term, in_column: bool) -> str:
        return fmt_term(term.season, term.year, self.layout.term_style, in_column=in_column)

    def cells(self, term_index: int, c: Course) -> dict[str, str]:
        term = self.record.terms[term_index]
        out = {"term": self.term_text(term, True), "title": self.title(c),
               "units": fmt_units(c.units, self.layout.units_fmt), "grade": c.grade}
        parts = self.code_parts(c)
        if len(parts) == 2:
            out["subject"], out["number"] = parts
        else:
            out["code"] = parts[0]
        for role in self.layout.columns:
            if role.startswith("x:"):
                out[role] = EXTRA_COLUMNS[role[2:]][1](c, self.levels[term_index], self.layout)
        return out

    def roles(self) -> list[str]:
        out: list[str] = []
        for role in self.layout.columns:
            out += ["subject", "number"] if role == "code" and self.layout.code_style == "split" else [role]
        return out

    def head(self, role: str) -> str:
        return EXTRA_COLUMNS[role[2:]][0] if role.startswith("x:") else self.layout.headers[role]

    # ------------------------------------------------------------ geometry
    def _fit(self) -> None:
        """Column positions from the widest value; the font shrinks (not below 6 pt) until the table fits."""
        doc, rows = self.doc, [self.cells(i, c) for i, t in enumerate(self.record.terms) for c in t.courses]
        if self.layout.inline:
            self._fit_inline(rows)
            return
        roles = self.roles()
        numeric = {r: r in ("units",) or (r.startswith("x:") and EXTRA_COLUMNS[r[2:]][2]) for r in roles}
        unit_widths = []
        for role in roles:
            values = [r[role] for r in rows] + ([self.head(role)] if self.layout.header_row else [])
            unit_widths.append(max(max(doc.width(v, 1.0) for v in values),
                                   doc.width(self.head(role), 1.0, True) if self.layout.header_row else 0.0))
        gaps = len(roles) - 1
        size = self.layout.size
        while size > 6.0 and sum(unit_widths) * size + gaps * size * 1.4 > RIGHT - LEFT:
            size = round(size - 0.25, 2)
        self.size = size
        gap = min(size * 3.0, (RIGHT - LEFT - sum(unit_widths) * size) / max(1, gaps))
        x = LEFT
        for role, w in zip(roles, unit_widths, strict=True):
            self.columns.append(Column(role, self.head(role), x, w * size, bool(numeric[role])))
            x += w * size + gap

    def _fit_inline(self, rows: list[dict[str, str]]) -> None:
        doc = self.doc
        lead = [r for r in ("term", "code", "subject", "number", "title") if r in self.roles()]
        lead.sort(key=lambda r: self.roles().index(r))
        widths = [max(doc.width(r[role], 1.0) for r in rows) for role in lead]
        labels = max(doc.width(self.label_text(r), 1.0) for r in rows)
        size = self.layout.size
        if self.layout.inline_flow:
            longest = max(doc.width(self.flow_text(r), 1.0) for r in rows)
            while size > 6.0 and longest * size > RIGHT - LEFT:
                size = round(size - 0.25, 2)
        else:
            while size > 6.0 and (sum(widths) + labels) * size + len(lead) * size * 1.6 > RIGHT - LEFT:
                size = round(size - 0.25, 2)
        self.size = size
        x = LEFT
        for role, w in zip(lead, widths, strict=True):
            self.columns.append(Column(role, "", x, w * size, False))
            x += w * size + size * 1.6
        self.label_x = x

    def label_text(self, cells: dict[str, str]) -> str:
        assert self.layout.inline
        text = self.layout.inline.format(u=cells["units"], g=cells["grade"])
        for role in self.layout.columns:
            if role.startswith("x:") and cells[role]:
                text += f"  {EXTRA_COLUMNS[role[2:]][0]} {cells[role]}"
        return text

    def flow_text(self, cells: dict[str, str]) -> str:
        lead = [cells[r] for r in self.roles() if r in ("term", "code", "subject", "number", "title")]
        return "  ".join([*lead, self.label_text(cells)])

    def column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    # ------------------------------------------------------------ pages
    def footer(self) -> None:
        self.doc.text(306, 770, f"Page {self.doc.pages}", 7, align="center", grey=0.3)

    def first_page_header(self) -> None:
        doc, r = self.doc, self.record
        doc.text(306, 56, r.institution.upper(), 14, bold=True, align="center")
        doc.text(306, 70, "Office of Admissions and Records", 8, align="center")
        doc.text(306, 90, "ACADEMIC TRANSCRIPT", 11, bold=True, align="center")
        doc.text(LEFT, 114, f"Name: {r.person}", 9)
        doc.text(340, 114, f"Student ID: {r.student_id}", 9)
        doc.text(LEFT, 128, f"Date of Birth: {fmt_date(r.birth, 'mdy')}", 9)
        doc.text(340, 128, f"Date Issued: {fmt_date(r.issued, 'mdy')}", 9)
        self.y = 156.0
        if self.layout.term_style == "academic_year":
            doc.text(LEFT, 144, "Terms are listed by academic year; an academic year begins with Fall and ends with "
                                "Summer.", 7.5, grey=0.2)
            self.y = 166.0
        self.header_due = self.layout.header_row

    def new_page(self) -> None:
        self.footer()
        self.doc.new_page()
        if self.layout.page_break == "missing":
            self.y = 60.0
            return
        doc, r = self.doc, self.record
        doc.text(LEFT, 50, r.institution, 10, bold=True)
        doc.text(RIGHT, 50, f"{r.person}   ID {r.student_id}", 8.5, align="right")
        doc.rule(LEFT, 56, RIGHT, 0.5)
        self.y = 78.0
        self.header_due = self.layout.header_row

    def need(self, height: float) -> None:
        if self.header_due:
            height += self.size * 2.0
        if self.y + height > BOTTOM:
            self.new_page()

    def table_header(self) -> None:
        if not self.header_due:
            return
        self.header_due = False
        for col in self.columns:
            if col.numeric:
                self.doc.text(col.x + col.width, self.y, col.head, self.size, bold=True, align="right")
            else:
                self.doc.text(col.x, self.y, col.head, self.size, bold=True)
        self.doc.rule(LEFT, self.y + 4, RIGHT, 0.8)
        self.y += self.size * 2.0

    # ------------------------------------------------------------ rows
    def continuation_lines(self, c: Course) -> list[tuple[str, str]]:
        """(flag, text) lines a registrar prints under a row; only some rows have any."""
        if not self.layout.continuation:
            return []
        lines: list[tuple[str, str]] = []
        if c.repeated:
            lines.append(self.rng.choice([("", "Repeated: excluded from GPA"), ("R", "Course repeated - excluded "
                                                                                 "from GPA"),
                                          ("", "** Repeated course; not included in GPA **")]))
        if c.topic:
            lines.append(("", f"Topic: {c.topic}"))
        roll = self.rng.random()
        if roll < 0.3:
            lines.append(("", f"Instructor: {c.instructor}"))
        elif roll < 0.42:
            lines.append(("", self.rng.choice(("Transfers to: CSU, UC", "Course Attributes: CSU-GE Area E",
                                               "Met Requirement: Major / Certificate"))))
        return lines

    def course_row(self, term_index: int, c: Course) -> None:
        cells = self.cells(term_index, c)
        extra = self.continuation_lines(c)
        self.need(self.size * 1.75 + len(extra) * self.size * 1.45)
        self.table_header()
        doc, size = self.doc, self.size
        if self.layout.inline and self.layout.inline_flow:
            doc.text(LEFT, self.y, self.flow_text(cells), size)
        else:
            for col in self.columns:
                value = cells[col.role]
                if not value:
                    continue
                if col.numeric:
                    doc.text(col.x + col.width, self.y, value, size, align="right")
                else:
                    doc.text(col.x, self.y, value, size)
            if self.layout.inline:
                doc.text(self.label_x, self.y, self.label_text(cells), size)
        term = self.record.terms[term_index]
        self.printed.append(Printed(
            term=self.term_text(term, self.layout.term_layout == "column"), code=self.code_parts(c),
            title=self.title(c), units=cells["units"], grade=c.grade, page=doc.pages))
        self.y += size * 1.75
        title_col = self.column("title")
        indent = title_col.x if title_col is not None and title_col.x > LEFT + 20 else LEFT + 36
        for flag, text in extra:
            if flag:
                doc.text(LEFT + 4, self.y - size * 0.3, flag, size * 0.9, bold=True)
            doc.text(indent, self.y - size * 0.3, text, size * 0.85, grey=0.25)
            self.y += size * 1.45

    def term_heading(self, term: Term) -> None:
        self.need(self.size * 1.9 + self.size * 1.75)
        self.table_header()
        self.doc.text(LEFT, self.y, self.term_text(term, False), self.size + 0.5, bold=True)
        self.y += self.size * 1.9

    def totals_lines(self, label: str, rows: list[Course], cumulative: list[Course] | None) -> None:
        style = self.layout.totals
        if style is None:
            return
        u = self.layout.units_fmt
        att, earned, gpa = _sums(rows)
        lines: list[list[tuple[float, str, str]]] = []  # (x, text, align)
        if style == "aligned" and self.column("units") is not None and self.column("title") is not None:
            units_col, title_col = self.column("units"), self.column("title")
            assert units_col is not None and title_col is not None
            grade_col = self.column("grade")
            line = [(title_col.x, label.upper(), "left"), (units_col.x + units_col.width, fmt_units(att, u), "right")]
            if grade_col is not None and grade_col.x > units_col.x:
                line.append((grade_col.x, f"GPA {gpa}", "left"))
            else:
                line[0] = (title_col.x, f"{label.upper()}   GPA {gpa}", "left")
            lines.append(line)
            if cumulative is not None:
                c_att, _, c_gpa = _sums(cumulative)
                lines.append([(title_col.x, f"Cum GPA {c_gpa}   Cum Units {fmt_units(c_att, u)}", "left")])
        elif style == "attempted":
            lines.append([(LEFT + 20, f"Units Attempted {fmt_units(att, u)} Earned {fmt_units(earned, u)} "
                                      f"GPA {gpa}", "left")])
            if cumulative is not None:
                c_att, c_earned, c_gpa = _sums(cumulative)
                lines.append([(LEFT + 20, f"Term GPA: {gpa}   Cumulative GPA: {c_gpa}   Cumulative Units: "
                                          f"{fmt_units(c_earned, u)}", "left")])
        else:
            gpa_units = sum(c.units for c in rows if c.grade in pools.GRADE_POINTS and not c.repeated)
            points = sum(pools.GRADE_POINTS[c.grade] * c.units for c in rows
                         if c.grade in pools.GRADE_POINTS and not c.repeated)
            lines.append([(LEFT + 20, f"{label}: Attempted {fmt_units(att, u)}  Earned {fmt_units(earned, u)}  "
                                      f"GPA Units {fmt_units(gpa_units, u)}  Points {points:.2f}  GPA {gpa}",
                           "left")])
        if cumulative is not None and self.rng.random() < 0.4:
            lines.append([(LEFT + 20, self.rng.choice(("Academic Standing: Good Standing", "Dean's List",
                                                       "Academic Standing: Probation", "President's Honor Roll")),
                           "left")])
        size = self.size * 0.92
        self.need(len(lines) * size * 1.6 + size * 0.4)
        self.y += size * 0.2
        for line in lines:
            for x, text, align in line:
                self.doc.text(x, self.y, text, size, align=align)
            self.y += size * 1.6
        self.y += size * 0.4

    def record_totals(self, label: str, rows: list[Course]) -> None:
        att, earned, gpa = _sums(rows)
        u = self.layout.units_fmt
        self.need(self.size * 2.4)
        self.doc.text(LEFT, self.y, f"{label}:  Attempted {fmt_units(att, u)}   Earned {fmt_units(earned, u)}   "
                                    f"GPA {gpa}", self.size, bold=True)
        self.y += self.size * 2.6

    def degrees(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if not self.record.degrees:
            return out
        self.need(self.size * (3 + 1.8 * len(self.record.degrees)))
        self.y += self.size * 0.6
        self.doc.text(LEFT, self.y, "DEGREES AWARDED", self.size, bold=True)
        self.y += self.size * 1.8
        for d in self.record.degrees:
            self.doc.text(LEFT, self.y, f"{d.title} - {d.major}    Conferred: {fmt_date(d.conferred, 'long')}",
                          self.size)
            self.y += self.size * 1.8
            out.append({"title": d.title, "major": d.major, "conferred_on": d.conferred.isoformat(),
                        "_page": self.doc.pages})
        return out


def _sums(rows: list[Course]) -> tuple[float, float, str]:
    att = sum(c.units for c in rows)
    earned = sum(c.units for c in rows if c.grade not in NO_CREDIT)
    graded = [c for c in rows if c.grade in pools.GRADE_POINTS and not c.repeated]
    units = sum(c.units for c in graded)
    points = sum(pools.GRADE_POINTS[c.grade] * c.units for c in graded)
    return att, earned, f"{points / units:.2f}" if units else "0.00"


def render(record: Record, layout: Layout, rng: random.Random) -> Rendered:
    p = _Printer(record, layout, rng)
    p.first_page_header()
    n_terms = len(record.terms)
    groups: list[tuple[str, str, range]] = [("", "", range(n_terms))]
    if layout.two_records:
        split = math.ceil(n_terms / 2)
        ug, gr, ug_total, gr_total = layout.two_records
        groups = [(ug, ug_total, range(split)), (gr, gr_total, range(split, n_terms))]
    flat = record.courses
    break_at: int | None = None
    if layout.page_break:
        # Force a second page, preferably in the middle of a term, as a long record breaks.
        lo, hi = max(1, math.ceil(len(flat) * 0.35)), max(1, int(len(flat) * 0.7))
        mid_term = [i for i in range(lo, hi + 1) if i < len(flat) and flat[i - 1][0] is flat[i][0]]
        break_at = rng.choice(mid_term) if mid_term else max(1, len(flat) // 2)
    done: list[Course] = []
    for heading, totals_label, indices in groups:
        group_rows: list[Course] = []
        if heading:
            p.need(p.size * 6)
            if p.y > 180:
                p.y += p.size * 0.8
            p.doc.text(LEFT, p.y, heading, p.size + 1.5, bold=True)
            p.doc.rule(LEFT, p.y + 4, RIGHT, 0.4)
            p.y += p.size * 2.4
            p.header_due = layout.header_row
        for t in indices:
            term = record.terms[t]
            if break_at is not None and len(p.printed) == break_at and p.doc.pages == 1:
                p.new_page()  # the break falls between terms
            if layout.term_layout == "heading":
                p.term_heading(term)
            for course in term.courses:
                if break_at is not None and len(p.printed) == break_at and p.doc.pages == 1:
                    p.new_page()
                p.course_row(t, course)
                done.append(course)
                group_rows.append(course)
            p.totals_lines("Term Totals", list(term.courses), list(done))
        if heading:
            p.record_totals(totals_label, group_rows)
    if layout.totals is not None:
        att, earned, gpa = _sums(done)
        u = layout.units_fmt
        p.need(p.size * 2.5)
        p.y += p.size * 0.5
        p.doc.text(LEFT, p.y, f"Cumulative Totals:  Units Attempted {fmt_units(att, u)}   "
                              f"Earned {fmt_units(earned, u)}   GPA {gpa}", p.size, bold=True)
        p.y += p.size * 2.2
    degrees = p.degrees()
    p.need(p.size * 3)
    p.y += p.size
    p.doc.text(306, p.y, "*** END OF TRANSCRIPT ***", p.size * 0.9, align="center")
    p.doc.text(LEFT, 758, "This transcript is not official unless it bears the registrar's signature and seal.",
               6.5, grey=0.3)
    p.footer()
    pages = p.doc.pages
    pdf = p.doc.pdf()
    courses = [{"term": term.name, "code": c.code, "title": p.title(c), "units": c.units, "grade": c.grade}
               for term, c in flat]
    truth = {"doc_type": "transcript", "person_name": record.person, "institution": record.institution,
             "courses": courses, "degrees": degrees, "pages": pages}
    first_rows = sum(1 for x in p.printed if x.page == 1) if pages > 1 else None
    return Rendered(pdf, truth, first_rows, p.printed, pages)


# ================================================================ photos and screenshots

def photo_image(pdf: bytes, rng: random.Random, *, frame: tuple[int, int] = (1440, 1920), dpi: int = 150,
                scale: tuple[float, float] = (0.72, 0.86), blur: tuple[float, float] = (0.5, 1.0)
                ) -> tuple[Image.Image, int]:
    """render.phone()'s desk photo of page 1, with the frame size, render resolution and page scale as
    parameters; the defaults draw exactly what render.phone() draws from the same rng, and other parameters
    draw the same photo otherwise (same desk, light, shadow, tilt). Returns the image and its JPEG quality."""
    import numpy as np

    page = render_pages(pdf, dpi)[0].convert("RGB")
    out_w, out_h = frame
    k = out_w / 1440
    desk = tuple(rng.randint(60, 150) for _ in range(3))
    photo = Image.new("RGB", (out_w, out_h), desk)
    s = rng.uniform(0.72, 0.86)
    s = scale[0] + (s - 0.72) / 0.14 * (scale[1] - scale[0]) if scale != (0.72, 0.86) else s
    pw, ph = page.width * s * out_w / page.width, page.height * s * out_w / page.width
    pw, ph = min(pw, out_w * 0.95), min(ph, out_h * 0.93)
    cx, cy = out_w / 2 + rng.uniform(-40, 40) * k, out_h / 2 + rng.uniform(-40, 40) * k
    tilt = rng.uniform(0.01, 0.05)
    jitter = 25 * k
    corners = [(cx - pw / 2 * (1 - tilt), cy - ph / 2), (cx + pw / 2 * (1 - tilt), cy - ph / 2),
               (cx + pw / 2, cy + ph / 2), (cx - pw / 2, cy + ph / 2)]
    corners = [(x + rng.uniform(-jitter, jitter), y + rng.uniform(-jitter, jitter)) for x, y in corners]
    src = [(0.0, 0.0), (float(page.width), 0.0), (float(page.width), float(page.height)), (0.0, float(page.height))]
    coeffs = perspective_coeffs(src, corners)
    warped = page.transform((out_w, out_h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC,
                            fillcolor=(0, 0, 0))
    mask = Image.new("L", (out_w, out_h), 0)
    ImageDraw.Draw(mask).polygon(corners, fill=255)
    photo.paste(warped, (0, 0), mask)
    pixels = np.asarray(photo, dtype=np.float32)
    yy, xx = np.mgrid[0:out_h, 0:out_w]
    light = 1.0 - rng.uniform(0.1, 0.3) * ((xx / out_w) * rng.uniform(-1, 1) + (yy / out_h) * rng.uniform(-1, 1)) ** 2
    if rng.random() < 0.7:
        edge = rng.uniform(0.2, 0.8) * out_w
        light *= np.where(xx + (yy - out_h / 2) * rng.uniform(-0.4, 0.4) < edge, rng.uniform(0.6, 0.85), 1.0)
    del xx, yy
    pixels *= light[..., None] * rng.uniform(0.85, 1.0)
    del light
    pixels += np.asarray(np.random.default_rng(rng.randrange(1 << 30)).normal(0, 4, pixels.shape))
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="RGB")
    del pixels
    photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(*blur)))
    return photo, rng.randint(70, 88)


def _jpeg(image: Image.Image, quality: int, exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    if exif is not None:
        image.save(buffer, "JPEG", quality=quality, exif=exif)
    else:
        image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


# EXIF Orientation value -> how the stored pixels are turned from upright (PIL transposes).
EXIF_STORED = {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270, 3: Image.Transpose.ROTATE_180}


def image_document(pdf: bytes, transform: str, rng: random.Random, index: int | None = None) -> tuple[bytes, str,
                                                                                                      str]:
    """(data, suffix, variant) for one image transformation of page 1 of pdf."""
    if transform == "screenshot_96dpi":
        page = render_pages(pdf, 96)[0].convert("RGB")
        buffer = io.BytesIO()
        page.save(buffer, "PNG")
        return buffer.getvalue(), ".png", "screenshot"
    if transform == "photo_12mp":
        image, quality = photo_image(pdf, rng, frame=(3024, 4032), dpi=300, blur=(0.7, 1.5))
        return _jpeg(image, quality), ".jpg", "phone"
    if transform == "photo_small":
        # A page far from the lens: it fills about 35 % of the frame instead of 50-70 %.
        image, quality = photo_image(pdf, rng, scale=(0.58, 0.62))
        return _jpeg(image, quality), ".jpg", "phone"
    if transform == "photo_upright":
        return phone(pdf, rng), ".jpg", "phone"  # photo_image(pdf, rng) draws the very same photo
    image, quality = photo_image(pdf, rng)
    if transform.startswith("photo_rotated_"):
        # The page turned clockwise by 90, 180 or 270 degrees in the pixels, with no EXIF to undo it.
        turn = {"90": Image.Transpose.ROTATE_270, "180": Image.Transpose.ROTATE_180,
                "270": Image.Transpose.ROTATE_90}[transform.rsplit("_", 1)[1]]
        return _jpeg(image.transpose(turn), quality), ".jpg", "phone"
    if transform == "photo_exif_rotated":
        orientation = _pick(rng, (6, 8, 3), index)
        exif = Image.Exif()
        exif[0x0112] = orientation
        return _jpeg(image.transpose(EXIF_STORED[orientation]), quality, exif), ".jpg", "phone"
    raise ValueError(f"unknown image transformation {transform!r}")


# ================================================================ one document, and a corpus

def _draw_pdf(seed: object, names: Sequence[str], index: int | None = None) -> tuple[Rendered, list[str]]:
    record = draw_record(random.Random(f"{seed}|record"))
    layout = canonical_layout(random.Random(f"{seed}|style"))
    applied = expand(names, random.Random(f"{seed}|all"))
    for name in applied:
        TRANSFORMS[name](layout, random.Random(f"{seed}|{name}"), None if "all" in names else index)
    layout.applied = applied
    return render(record, layout, random.Random(f"{seed}|render")), applied


def draw(seed: object, transforms: Sequence[str] | str = (), index: int | None = None,
         variant: str = "digital") -> tuple[bytes, str, dict[str, Any]]:
    """One document: (data, suffix, truth) for the record drawn from seed, printed with the named transformations
    (layout ones, "all", and at most one image transformation). `index` picks a transformation's option in turn
    (code style, header-free label style ...) instead of at random; `variant` scan/phone degrades a layout-only
    document as render.scan/render.phone do."""
    names = [transforms] if isinstance(transforms, str) else list(transforms)
    names = [part for name in names for part in name.split("+")]
    images = [n for n in names if n in IMAGE_TRANSFORMS]
    if len(images) > 1:
        raise ValueError(f"at most one image transformation: {images}")
    rendered, applied = _draw_pdf(seed, [n for n in names if n not in IMAGE_TRANSFORMS], index)
    truth = dict(rendered.truth)
    photo_rng = random.Random(f"{seed}|photo")
    if images:
        data, suffix, variant = image_document(rendered.pdf, images[0], photo_rng, index)
        truth = truth_for_first_page(truth, rendered.first_page_rows)
    elif variant == "digital":
        data, suffix = rendered.pdf, ".pdf"
    elif variant == "scan":
        data, suffix = scan(rendered.pdf, photo_rng), ".pdf"
    elif variant == "phone":
        data, suffix = phone(rendered.pdf, photo_rng), ".jpg"
        truth = truth_for_first_page(truth, rendered.first_page_rows)
    else:
        raise ValueError(f"unknown variant {variant!r}")
    truth["degrees"] = [{k: v for k, v in d.items() if not k.startswith("_")} for d in truth.get("degrees") or []]
    name = "+".join(names) or "none"
    truth.update(variant=variant, family=name, transform=name, applied=applied + images)
    return data, suffix, truth


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_+]", "_", name)


def perturbation_corpus(out_dir: Path | str, per_transform: int, seed: int | str,
                        variants: Sequence[str] = ("digital",),
                        transforms: Sequence[str] | None = None) -> list[Path]:
    """Write <stem>.pdf|.jpg|.png and <stem>.json in shared/corpus/dev's shape (score.py scores it unchanged).

    Document n of every transformation is the same record (seed-n), so a transformation's score can be set beside
    the untransformed ("none") score of the very same records. Layout transformations are written once per
    variant; an image transformation (photo_*, screenshot_96dpi) is written once, as what it is."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in transforms or LAYOUT_TRANSFORMS:
        is_image = any(part in IMAGE_TRANSFORMS for part in name.split("+"))
        for n in range(per_transform):
            for variant in (("image",) if is_image else variants):
                data, suffix, truth = draw(f"{seed}-{n}", name, index=n,
                                           variant="digital" if is_image else variant)
                stem = f"transcript-p{slug(name)}-{n}-{truth['variant']}"
                (out / f"{stem}{suffix}").write_bytes(data)
                (out / f"{stem}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
                written.append(out / f"{stem}{suffix}")
    return written


# ================================================================ checking the renderer

def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def check_pdf(rendered: Rendered) -> list[str]:
    """Problems with a rendered PDF: a truth value not in the text layer in its printed form, a course whose code
    and title are not on one line, words overlapping, or text off the page."""
    import pdfplumber

    problems: list[str] = []
    with pdfplumber.open(io.BytesIO(rendered.pdf)) as pdf:
        page_texts = []
        for number, page in enumerate(pdf.pages, 1):
            page_texts.append(page.extract_text() or "")
            words = page.extract_words(keep_blank_chars=False)
            for w in words:
                if w["x0"] < 18 or w["x1"] > page.width - 18 or w["top"] < 18 or w["bottom"] > page.height - 14:
                    problems.append(f"page {number}: {w['text']!r} runs off the page")
            for i, a in enumerate(words):
                for b in words[i + 1:]:
                    v = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    h = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    if v > 1.0 and h > 0.5:
                        problems.append(f"page {number}: {a['text']!r} overlaps {b['text']!r}")
    text = _squash(" ".join(page_texts))
    lines = [_squash(line) for t in page_texts for line in t.splitlines()]
    for row in rendered.printed:
        for value in (row.term, *row.code, row.title, row.units, row.grade):
            if _squash(value) not in text:
                problems.append(f"{value!r} not in the text layer")
        if not any(_squash(row.title) in line and _squash(row.code[-1]) in line for line in lines):
            problems.append(f"{row.code} and {row.title!r} not on one line")
    if len(rendered.printed) != len(rendered.truth["courses"]):
        problems.append("printed rows and truth courses differ in number")
    return problems


def _png(pdf: bytes, path: Path, dpi: int = 60) -> None:
    for n, page in enumerate(render_pages(pdf, dpi), 1):
        page.save(path.with_name(f"{path.stem}-{n}.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="write a corpus here")
    parser.add_argument("--per", type=int, default=3, help="documents per transformation")
    parser.add_argument("--seed", default="7")
    parser.add_argument("--variants", default="digital")
    parser.add_argument("--transforms", default="", help="comma-separated; default every layout transformation")
    parser.add_argument("--verify", action="store_true", help="check every truth value is printed, nothing overlaps")
    parser.add_argument("--png", type=Path, help="with --verify: write page PNGs (60 dpi) of document 0 here")
    args = parser.parse_args()
    names = [n for n in args.transforms.split(",") if n] or list(LAYOUT_TRANSFORMS)
    if args.out:
        written = perturbation_corpus(args.out, args.per, args.seed, tuple(args.variants.split(",")), names)
        print(f"wrote {len(written)} documents to {args.out}")
    if args.verify:
        bad = 0
        for name in names:
            if name in IMAGE_TRANSFORMS:
                continue
            for n in range(args.per):
                rendered, applied = _draw_pdf(f"{args.seed}-{n}", name.split("+"), n)
                problems = check_pdf(rendered)
                bad += bool(problems)
                for problem in problems[:5]:
                    print(f"{name} #{n} ({', '.join(applied)}): {problem}")
                if args.png and n == 0:
                    args.png.mkdir(parents=True, exist_ok=True)
                    _png(rendered.pdf, args.png / f"{slug(name)}.png")
        print(f"verified {len(names)} transformations x {args.per}: {bad} documents with problems")


if __name__ == "__main__":
    main()
