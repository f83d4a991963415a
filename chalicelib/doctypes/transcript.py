"""College transcripts: courses read as a table by its header's words, term headings or a term column,
degrees from the sentence or section that confers them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

from chalicelib.doctypes import PERSON_NAME, REVIEW_ONLY_KEYS, DocType, Parsed, field_spec
from chalicelib.doctypes.course_rows import (
    HEADER_LEXICON,
    NOTE_LINE,
    SUMMARY_LINE,
    ColumnPlan,
    Header,
    RowReading,
    column_starts,
    course_like,
    find_code,
    header_roles,
    learn_plan,
    read_row,
    read_values,
    row_tokens,
    split_line,
)
from chalicelib.domain.json_values import JsonMapping, JsonObject, JsonValue
from chalicelib.extraction.evidence import POSITION, Reading
from chalicelib.extraction.labels import find_labelled, find_person_name, labels
from chalicelib.extraction.layout import Line, WordBox
from chalicelib.extraction.subjects import KNOWN_SUBJECTS
from chalicelib.extraction.values import (
    GRADE_POINTS,
    course_code,
    course_number,
    find_dates,
    find_term,
    grade_from_points,
    normalise_grade,
    parse_units,
    points_agree,
    subject,
)

_INSTITUTION = re.compile(r"\b(college|university|institute|universidad|school of|community college)\b", re.I)
# Sections of a transcript that name other institutions: transfer work, external degrees, test credit.
_OTHER_INSTITUTIONS = re.compile(r"\b(transfer|external|prior|previous|other institutions?|institutions? attended|"
                                 r"test credit|credit by exam|advanced placement)\b", re.I)


def _term_line(line: Line) -> str | None:
    """The term a line opens ('FALL 2021', 'Term: 202110 Fall 2021', 'Session: Spring 2022', '2021-22 Fall',
    '201840 Fall 2018: Cabrillo College', 'FROM: CAL STATE FULLERTON   2017/SP'): a term at the line's start
    after nothing but labels and codes, or at its end after a transfer institution's name."""
    found = find_term(line.text)
    if found is None:
        return None
    before = line.text[:found[1]]
    before = re.sub(r"\b(term|semester|quarter|session|academic|period|year|beginning|of|record|undergraduate|"
                    r"graduate|enrolled|taken|attended|fa|sp|su|wi|sm)\b|\b\d{2}\b|\b\d{4,6}\b|"
                    r"[:\-\u2013|()#.,*_/]", " ", before, flags=re.I)
    if not before.strip():
        return found[0]
    after = re.sub(r"\(?\d{1,2}/\d{1,2}/\d{2,4}\s*[-\u2013]\s*\d{1,2}/\d{1,2}/\d{2,4}\)?", " ",
                   line.text[found[2]:]).strip(" -:|()_")
    while after and (again := find_term(after)) is not None and again[0] == found[0]:
        after = (after[:again[1]] + after[again[2]:]).strip(" -:|()_")  # '15/SP Spring 2015' says it twice
    # A transfer block's heading: 'FROM: BAKERSFIELD COLLEGE  15/SP', 'Los Angeles Pierce College - Spring 2014'.
    if not after and (re.match(r"^\W*(from|transfer)", line.text, re.I) or _INSTITUTION.search(before)):
        return found[0]
    return None


_ACADEMIC_YEAR_LINE = re.compile(r"\b(?:academic\s+year|AY|school\s+year)\s*:?\s*(\d{4})\s*[-/\u2013]\s*(\d{2,4})\b|"
                                 r"\b(\d{4})\s*[-/\u2013]\s*(\d{2,4})\s+academic\s+year\b", re.I)
_SEASON_ONLY = re.compile(r"^\W*(fall|autumn|winter|spring|summer)(?:\s+(?:semester|quarter|term|session"
                          r"(?:\s+(?:i{1,3}|[12ab]))?))?\W*$", re.I)


def _academic_year(text: str) -> tuple[int, int] | None:
    m = _ACADEMIC_YEAR_LINE.search(text)
    if m is None:
        return None
    first, second = (m[1], m[2]) if m[1] else (m[3], m[4])
    start = int(first)
    end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    return (start, end) if end == start + 1 else None


def _season_term(text: str, year: tuple[int, int] | None) -> tuple[str | None] | None:
    """A heading naming only a season ('Fall Semester'): its term within the academic year above it, or
    (None,) when no year is known (the rows below are then of an unknown term, not the last one's)."""
    m = _SEASON_ONLY.match(text)
    if m is None:
        return None
    season = {"autumn": "Fall"}.get(m[1].lower(), m[1].capitalize())
    if year is None:
        return (None,)
    return (f"{season} {year[0] if season == 'Fall' else year[1]}",)


def _continuation(line: Line, title_left: float) -> str | None:
    """A wrapped title's second line: only words, starting under the title, and no person's name. Beside it may
    stand only the wrapped part of another cell, a term's dates ('(08/23/2018-12/17/2018)   Childhood Education')."""
    under = [c for c in line.cells if abs(c.left - title_left) <= 0.02]
    others = [c for c in line.cells if c not in under]
    if len(under) != 1 or any(not re.fullmatch(r"[\d/().\-\u2013 ]+", c.text) for c in others):
        return None
    text = under[0].text.strip()
    if len(text) > 40 or find_term(text) or SUMMARY_LINE.search(text):
        return None
    if any(ch.isdigit() for ch in text) or ":" in text or NOTE_LINE.search(text):
        return None
    if re.match(r"^[A-Z][a-z'\-]+,\s*[A-Z]", text) or re.search(r"\b[A-Z]\.(\s|$)", text) or len(text.split()) < 2:
        return None
    return text if re.fullmatch(r"[A-Za-z&,'/()\- .]+", text) else None


def _split_x(header: Header) -> float | None:
    """Where a second set of the same columns starts on a header line (terms printed in two columns)."""
    names = header.names()
    first = names[0]
    measures = {"units", "attempted", "earned", "grade"}
    for index in range(1, len(names)):
        # A second set is a whole set: its own course or title column and its own units or grade, right of the
        # first set's measures (a header's 'Title of Course' names no second course column).
        if names[index] == first and {"title", "code", "subject"} & set(names[index:]) and (
                "title" in names[:index] or "code" in names[:index]) and measures & set(names[:index]) \
                and measures & set(names[index:]) and header.roles[index][1] > 0.35:
            return header.roles[index][1] - 0.005
    return None


def _split_from_rows(lines: Sequence[Line]) -> float | None:
    """Where the second column starts, from rows that carry two course codes (when OCR garbled the header)."""
    starts = []
    for line in lines:
        tokens = row_tokens(line)
        codes = [t.left for i, t in enumerate(tokens) if course_code(t.text) or (
            subject(t.text) and i + 1 < len(tokens) and course_number(tokens[i + 1].text))]
        if len(codes) >= 2 and codes[0] < 0.4 < codes[-1]:
            starts.append(codes[-1])
    return min(starts) - 0.005 if len(starts) >= 3 else None


def _starts_table(line: Line, split: float) -> bool:
    """Whether the part of a line right of the split is a header, a term heading or a course row."""
    part = split_line(line, split, True)
    if part is None:
        return False
    words = [re.sub(r"[^a-z#]", "", w.text.lower()) for w in part.words]
    return (sum(w in HEADER_LEXICON for w in words) >= 2 or find_term(part.text) is not None
            or find_code(row_tokens(part), 0) is not None)


def unfold_columns(lines: Sequence[Line]) -> list[Line]:
    """A page whose terms stand in two columns side by side is read as its left column, then its right."""
    out: list[Line] = []
    for page in sorted({ln.page for ln in lines}):
        page_lines = [ln for ln in lines if ln.page == page]
        split: float | None = None
        start = 0
        for index, line in enumerate(page_lines):
            header = header_roles(line)
            if header is not None and (found := _split_x(header)) is not None:
                split, start = found, index
                break
        if split is None and (found := _split_from_rows(page_lines)) is not None:
            split = found
            start = next(index for index, line in enumerate(page_lines) if _starts_table(line, found))
        if split is None:
            out += page_lines
            continue
        out += page_lines[:start]
        for right in (False, True):
            out += [part for line in page_lines[start:] if (part := split_line(line, split, right)) is not None]
    return out


# How OCR draws the roman numerals I and II of "Spanish II" or "Administration II: Personnel": no word of a
# course title is spelled this way, so the repair cannot turn a real word into a numeral.
_ROMAN_LOOKALIKES = {"|", "l", "||", "Il", "ll", "lI", "|l", "l|", "I|", "|I"}


def _clean_title(title: str) -> str:
    words = title.split()
    for n, word in enumerate(words[1:], start=1):
        bare = word.rstrip(":")
        if bare in _ROMAN_LOOKALIKES and (n == len(words) - 1 or word.endswith(":")):
            words[n] = "I" * len(bare) + word[len(bare):]
    while words and words[-1] not in ("&", "/", "+") and (
            (len(words[-1]) == 1 and not words[-1].isupper() and not words[-1].isdigit())
            or not any(c.isalnum() for c in words[-1])):
        words.pop()
    while words and ((len(words[0]) == 1 and not words[0].isupper()) or not any(c.isalnum() for c in words[0])):
        words.pop(0)
    return " ".join(words)


def _title_doubts(tokens: Sequence[WordBox], height: float) -> dict[str, float]:
    """Signs that the title lost a character the page has: a gap between two of its words wide enough for a
    word OCR dropped ('CHILD, FAMILY   COMMUNITY' where '&' stood), or a list with no 'and' before its last."""
    doubts: dict[str, float] = {}
    words = [t for t in tokens if t.as_printed]
    for a, b in itertools.pairwise(words):
        if b.left - a.right > max(height, 0.004) * 1.3:
            doubts["title_gap"] = 0.8
    text = " ".join(t.as_printed for t in words)
    if re.search(r"\w,\s+\w+\s+\w", text) and not re.search(r"\band\b|&|\bor\b|\by\b", text, re.I) and not re.search(
            r",\s+\w+$", text):
        doubts["title_list"] = 0.85
    return doubts


def _row_reading(row: RowReading, plan: ColumnPlan, header: Header | None, term: str | None,
                 term_source: str) -> Reading:
    read = read_values(row, plan, header)
    title_tokens = row.title_tokens
    title = _clean_title(" ".join(t.as_printed for t in title_tokens).strip(" -|")) or None
    units, units_exact = read.units, read.units_exact
    grade, grade_exact = read.grade, read.grade_exact
    used = [*title_tokens, *row.values, *row.labelled.values(), *row.tokens[row.code.first:row.code.after]]
    ocr = min((t.confidence for t in used if t.text), default=row.line.confidence)
    position = {"label": 0.99, "header": 0.99, "cross_check": 0.99, "single": 0.99, "plan": 0.97}.get(read.how, 0.93)
    evidence = {"ocr": ocr, "position": position, "code": 1.0 if row.code.exact else 0.85,
                "units_shape": 1.0 if units_exact else (0.8 if units is not None else 0.6),
                "grade_shape": 1.0 if grade_exact else (0.8 if grade else 0.7),
                "term": {"column": 1.0, "heading": 0.99, "carried": 0.8, "misread": 0.8}.get(term_source, 0.4),
                "layout": 1.0 if header is not None or read.how in ("label", "cross_check", "single") else 0.96}
    if title is None:
        evidence["title_missing"] = 0.7
    grade_token = read.grade_token
    if grade_token is not None and title_tokens and 0 <= grade_token.left - title_tokens[-1].right \
            <= max(row.line.height, 0.004) * 0.8:
        # The grade a word's space after the title: 'Yoga I' or a grade of I? Where the title ends is a guess.
        evidence["title_edge"] = 0.85
    evidence.update(_title_doubts(title_tokens, row.line.height))
    if read.points is not None and units is not None and grade is not None:
        agree = points_agree(units, grade, read.points)
        if agree is False:
            repaired = grade_from_points(units, read.points)
            implied = read.points / GRADE_POINTS[grade] if GRADE_POINTS.get(grade) else None
            if repaired and not grade_exact:
                grade, evidence["grade_shape"] = repaired, 0.85
            elif implied is not None and (not units_exact or units > 6) and 0 < implied <= 6 \
                    and implied * 2 == round(implied * 2):
                # OCR bent the units ('8.0' for 2.0): the printed points and an exact grade say what they were.
                units, evidence["units_shape"] = implied, 0.8
            else:
                evidence["cross_check"] = 0.5
        elif agree:
            evidence["cross_check"] = 1.0
    if units is not None and units * 2 != round(units * 2) and round(units * 3, 2) != round(units * 3):
        # Course units come in halves (or quarter-system thirds); 3.9 is more likely a misread 3.5.
        evidence["plausible"] = 0.6
    if units is not None and units > 20:
        evidence["plausible"] = 0.3
    value = {"term": term, "code": row.code.code, "title": title, "units": units, "grade": grade}
    return Reading(value, evidence, tuple(t.block_id for t in row.line.words if t.block_id))


def parse(lines: Sequence[Line]) -> Parsed:
    lines = unfold_columns(lines)
    parsed = Parsed()
    parsed.fields["person_name"] = find_person_name(lines)
    parsed.fields["institution"] = _institution(lines)
    parsed.rows["courses"] = _consensus_codes(_courses(lines))
    parsed.rows["degrees"] = _degrees(lines)
    return parsed


def _courses(lines: Sequence[Line]) -> list[Reading]:
    # First the shapes of every line, so what a row's numbers mean is learnt from the whole document.
    kinds: list[tuple[str, Any]] = []
    header: Header | None = None
    academic_year: tuple[int, int] | None = None
    for line in lines:
        found_header = header_roles(line)
        if found_header is not None:
            header = found_header
            kinds.append(("header", found_header))
            continue
        candidate = read_row(line, header=header)
        if candidate is not None:
            kinds.append(("row", candidate))
            continue
        if (year := _academic_year(line.text)) is not None:
            academic_year = year
            kinds.append(("other", None))
            continue
        term = _term_line(line)
        if term is None and (season := _season_term(line.text, academic_year)) is not None:
            term = season[0]
            if term is None:
                kinds.append(("lost-term", None))
                continue
        kinds.append(("term", term) if term else ("other", None))
    starts = column_starts([r for k, r in kinds if k == "row"])
    if starts:
        # Read the rows again knowing where the document's word columns start (titles stop there).
        header = None
        for index, (line, (kind, item)) in enumerate(zip(lines, kinds, strict=True)):
            if kind == "header":
                header = item
            elif kind == "row":
                again = read_row(line, header=header, column_starts=starts)
                kinds[index] = ("row", again) if again is not None else kinds[index]
    plan = learn_plan([r for k, r in kinds if k == "row"])
    headings = [t for k, t in kinds if k == "term"]
    rows: list[Reading] = []
    seen: set[tuple[str | None, str]] = set()
    current_term: str | None = None
    last: tuple[int, float] | None = None  # the last row's index in rows and its title's left edge
    # A term's summary line ("Term GPA ...") ends it. Rows after it and before the next heading belong to a
    # term whose heading OCR lost: held back, then given the one term that fits between the two headings
    # (not for sure), or kept without a term for staff to fill in. Carrying the ended term on would look sure.
    ended: str | None = None
    rows_in_term = 0
    held: list[int] = []
    header = None
    for line, (kind, item) in zip(lines, kinds, strict=True):
        if kind == "header":
            header = item
            last = None
            continue
        if kind == "term":
            if held and ended is not None and (between := _term_between(ended, item, headings)) is not None:
                for index in held:
                    reading = rows[index]
                    rows[index] = Reading({**reading.value, "term": between}, {**reading.evidence, "term": 0.7},
                                          reading.words)
            held, ended = [], None
            current_term, rows_in_term, last = item, 0, None
            continue
        if kind == "lost-term":
            # A term heading whose year is nowhere: its rows are of an unknown term, never the last one's.
            held, ended, current_term, rows_in_term, last = [], None, None, 0, None
            continue
        if kind == "other":
            text = line.text
            if current_term is not None and rows_in_term and _TERM_ENDS.search(text) and find_term(text) is None \
                    and not (header is not None and header.has("term")):
                # Only after the term's own rows: some transcripts print a term's GPA line under its heading.
                ended, current_term = current_term, None
            if last is not None and NOTE_LINE.search(text):
                continue  # an instructor, topic or repeat line under its row
            if last is not None and (extra := _continuation(line, last[1])):
                reading = rows[last[0]]
                rows[last[0]] = Reading({**reading.value, "title": f"{reading.value['title']} {extra}"},
                                        {**reading.evidence, "wrapped": 0.85}, reading.words)
            last = None
            continue
        row: RowReading = item
        if row.term is not None:
            term, source = row.term, "column" if row.term_exact else "misread"
            if header is not None and header.has("term"):
                current_term = row.term
        elif current_term is not None:
            term, source = current_term, "heading"
            if header is not None and header.has("term"):
                source = "carried"  # the row's own term column did not read as a term
        else:
            term, source = None, "unknown"
        reading = _row_reading(row, plan, header, term, source)
        key = (reading.value["term"], reading.value["code"])
        if key in seen:
            reading = reading.with_evidence(duplicate=0.5)
        seen.add(key)
        rows.append(reading)
        if term is None and ended is not None:
            held.append(len(rows) - 1)
        rows_in_term += 1
        last = (len(rows) - 1, row.title_tokens[0].left if row.title_tokens else 0.0)
    return rows or _course_shaped_rows(lines)


def _course_shaped_rows(lines: Sequence[Line]) -> list[Reading]:
    """The last resort: lines that carry a code-shaped and a grade-shaped token, read as far as they go and
    returned for staff to check rather than an empty table (the evidence says why)."""
    out: list[Reading] = []
    term: str | None = None
    for line in lines:
        if (heading := _term_line(line)) is not None:
            term = heading
            continue
        tokens = row_tokens(line)
        code = find_code(tokens, 0, reach=6)
        if code is None:
            continue
        rest = [t for t in tokens[code.after:] if t.text]
        grades = [t for t in rest if normalise_grade(t.text)[0] is not None and len(t.text) <= 2]
        if not grades:
            continue
        words = [t for t in rest if t.text.isalpha() and len(t.text) > 2]
        numbers = [parse_units(t.text)[0] for t in rest if parse_units(t.text)[0] is not None]
        value = {"term": term, "code": code.code, "title": " ".join(t.as_printed for t in words) or None,
                 "units": next((n for n in numbers if n is not None and n <= 20), None),
                 "grade": normalise_grade(grades[-1].text)[0]}
        out.append(Reading(value, {"ocr": line.confidence, "position": POSITION["shape_only"],
                                   "course_shaped_only": 0.6}, tuple(w.block_id for w in line.words if w.block_id)))
    return out if len(out) >= 2 else []


_TERM_ENDS = re.compile(r"\b(?:term|semester|quarter|session)\s+(?:gpa|totals?|units|hours|credits)\b|"
                        r"\battempted\s+(?:hours|units|credits)\b", re.I)
_SEASON_ORDER = ("Winter", "Spring", "Summer", "Fall")


def _term_between(ended: str, following: str, headings: Sequence[str]) -> str | None:
    """The one term slot between two headings ('Spring 2013' .. 'Fall 2013' -> 'Summer 2013'), in either order,
    of a season the document uses elsewhere, or summer; None when no slot or several lie between them."""
    def index(term: str) -> int:
        season, year = term.split()
        return int(year) * 4 + _SEASON_ORDER.index(season)

    low, high = sorted((index(ended), index(following)))
    if high - low != 2:  # more than one slot between them: which one is a guess
        return None
    season = _SEASON_ORDER[(low + 1) % 4]
    if season not in {h.split()[0] for h in headings} | {"Summer"}:
        return None
    return f"{season} {(low + 1) // 4}"


_LOOKALIKE_PAIRS = {frozenset(p) for p in ("OD", "UL", "O0", "D0", "B8", "S5", "I1", "L1", "Z2", "G6", "Q0", "OC",
                                            "CG", "EF", "IL", "HN", "MN", "VY", "CE")}


def _one_lookalike_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) == 1 and a.isalpha() and b.isalpha() and min(len(a), len(b)) >= 2:
        # A letter OCR dropped or doubled in a subject ('HST' for HIST, 'CCDEV' for CDEV).
        short, long = sorted((a, b), key=len)
        return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
    if len(a) != len(b) or a == b:
        return False
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diffs) == 1 and frozenset(diffs[0]) in _LOOKALIKE_PAIRS


# A row read with less than this OCR confidence (a text layer reads 0.995) may have its subject repaired from
# the known prefixes.
OCR_DOUBT = 0.95


def _known_subject(subject_part: str) -> str:
    """A subject no college uses, one lookalike letter from exactly one that colleges do ('CHOV', CHDV), is that
    one. Also where the document prints that one on other rows: CHLO on six rows beside CHLD on three is a
    misreading too many to outvote."""
    if subject_part in KNOWN_SUBJECTS or not subject_part.isalpha():
        return subject_part
    near = [known for known in KNOWN_SUBJECTS
            if len(known) == len(subject_part) and _one_lookalike_apart(subject_part, known)]
    return near[0] if len(near) == 1 else subject_part


def _consensus_codes(rows: list[Reading]) -> list[Reading]:
    """A code OCR misread by one lookalike character ('CHLO 1408') takes the spelling the document itself prints
    more often: first the subject most rows share, then the code other rows with the same title carry."""
    subjects: dict[str, int] = {}
    for row in rows:
        subject_part = str(row.value["code"]).split()[0]
        subjects[subject_part] = subjects.get(subject_part, 0) + 1
    codes: list[str] = []
    for row in rows:
        subject_part, _, number = str(row.value["code"]).partition(" ")
        for other, count in subjects.items():
            if count >= max(3, 2 * subjects[subject_part]) and _one_lookalike_apart(subject_part, other):
                subject_part = other
        if row.evidence.get("ocr", 1.0) < OCR_DOUBT:
            subject_part = _known_subject(subject_part)
        codes.append(f"{subject_part} {number}")
    by_title: dict[str, dict[str, int]] = {}
    for row, code in zip(rows, codes, strict=True):
        seen = by_title.setdefault(str(row.value["title"]).casefold(), {})
        seen[code] = seen.get(code, 0) + 1
    # A college that numbers courses with four digits keeps its 1008: the B-for-8 repair is only for documents
    # whose other codes have at most three.
    four_digit_numbering = any(re.search(r" \d{4}", code) and not code.endswith("8") for code in codes)
    out = []
    for row, code in zip(rows, codes, strict=True):
        seen = by_title[str(row.value["title"]).casefold()]
        for other, count in seen.items():
            if count >= 2 and count > seen[code] and _one_lookalike_apart(code, other):
                code = other
        if not four_digit_numbering and len(codes) >= 3:
            code = _letter_suffix(code)
        if code != row.value["code"]:
            row = Reading({**row.value, "code": code}, {**row.evidence, "code": 0.8}, row.words)
        out.append(row)
    return out


_READ_AS_EIGHT = re.compile(r"^(\S+ \d{3})8$")


def _letter_suffix(code: str) -> str:
    """'ECE 1178' is 'ECE 117B' on a transcript whose other courses have at most three digits (OCR reads a final
    B as 8; the A/B halves of a course are common, four-digit numbers are not)."""
    m = _READ_AS_EIGHT.match(code)
    return code if m is None else f"{m[1]}B"


def _institution(lines: Sequence[Line]) -> Reading | None:
    """The issuer: named in the page header (largest type first), beside 'Office of the Registrar', or after an
    'Institution:' label; never a college named in a transfer, external-degree or test-credit section."""
    top = _page_header(lines)
    # Not 'College:' or 'School:': Banner prints the student's academic division that way ('College: Education').
    labelled = find_labelled(top, labels("Institution", "Issuing Institution", "Sending Institution",
                                         "Institution Name"),
                             lambda t: t if _INSTITUTION.search(t) and len(t) < 80 and not t.endswith(":") else None)
    candidates: list[tuple[float, int, Reading]] = []
    for order, line in enumerate(top):
        for cell in line.cells:
            value = _issuer_name(cell.text)
            if value is None:
                continue
            reading = Reading(value, {"ocr": cell.confidence, "position": POSITION["heading"]},
                              tuple(w.block_id for w in cell.words if w.block_id))
            candidates.append((-line.height, order, reading))
    if labelled is not None:
        # A label's value cut at a comma ('California State University' of '..., Fullerton') takes the whole
        # name the page prints elsewhere.
        longer = [c[2] for c in candidates if c[2].value.casefold().startswith(str(labelled.value).casefold())
                  and len(c[2].value) > len(str(labelled.value))]
        return longer[0] if longer else labelled
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1]))
    best = candidates[0][2]
    others = {c[2].value.casefold() for c in candidates[1:]}
    if others - {best.value.casefold()} and abs(candidates[0][0] - candidates[1][0]) < 0.001:
        # Two colleges named in type of one size: which issued the transcript is a guess.
        best = best.with_evidence(issuer=0.8)
    return best


def _page_header(lines: Sequence[Line]) -> list[Line]:
    """Page 1's lines above its first table, term or course row, without sections naming other institutions."""
    out: list[Line] = []
    for line in lines:
        if line.page != 1 or len(out) >= 25:
            break
        if header_roles(line) is not None or _term_line(line) is not None or course_like(line):
            break
        if _OTHER_INSTITUTIONS.search(line.text):
            break
        out.append(line)
    return out


def _issuer_name(text: str) -> str | None:
    text = text.strip()
    if not _INSTITUTION.search(text) or any(w in text.lower() for w in (
            "transcript is", "official unless", "office of", "registrar", "accredited", "member of")):
        return None
    # 'Cabrillo College | Office of Admissions', 'CABRILLO COLLEGE - 6500 Soquel Drive, Aptos' keep the name.
    value = re.split(r"\s+[|\u2022\u00b7]\s+|\s+[-\u2013\u2014]\s+(?=\d|office|admissions|records)|,?\s+\d{2,}",
                     text, maxsplit=1, flags=re.I)[0]
    value = re.sub(r"\s+(OFFICIAL|UNOFFICIAL)?\s*(ACADEMIC\s+)?(TRANSCRIPT|RECORD)\b.*$", "", value,
                   flags=re.I).strip(" -|,")
    if not _INSTITUTION.search(value) or len(value) > 70:
        return None
    return value


_DEGREE_TITLE = re.compile(
    r"\b((?:Associate|Bachelor|Master|Doctor)(?:'s)?\s+(?:in|of)\s+(?:Applied\s+)?(?:Arts|Science|Fine Arts|Education|"
    r"Social Work|Business Administration)(?:\s+for\s+Transfer)?)\b(?:\s+Degree)?", re.I)
_MAJOR_END = re.compile(r"\s*(?:[-\u2013\u2014(]|\bconferred\b|\bawarded\b|\bdate\b|\bon\b\s+\w+\s+\d|\d{1,2}/|$)",
                        re.I)


_MAJOR_LABEL = re.compile(r"^\W*(major|plan|program of study|academic program|area of study|field of study|"
                          r"concentration|emphasis)\s*:?\s*(.*)$", re.I)
_DATE_LABEL = re.compile(r"\b(date|awarded|conferred|confer date|degree date|award date|granted)\b", re.I)
_EXTERNAL_DEGREES = re.compile(r"\b(external degrees?|transfer institutions?|degrees? from other|prior degrees?|"
                               r"previous degrees?|other institutions?)\b", re.I)
_OWN_DEGREES = re.compile(r"\b(degrees? awarded|degree conferred|academic awards?|awards? conferred|"
                          r"degrees? (?:and|&) certificates?|institution credit|academic credentials)\b", re.I)
_NOT_AWARDED = re.compile(r"^\W*(program|current program|curriculum|primary degree|intended|seeking|plan)\b", re.I)


def _degree_window(lines: Sequence[Line], index: int) -> list[Line]:
    """The lines that belong to a degree printed at `index`: up to five below it, until the next degree, table
    or term."""
    out = [lines[index]]
    for line in lines[index + 1:index + 6]:
        if _DEGREE_TITLE.search(line.text) or header_roles(line) is not None or _term_line(line) is not None \
                or course_like(line) or _EXTERNAL_DEGREES.search(line.text):
            break
        out.append(line)
    return out


def _labelled_major(window: Sequence[Line]) -> str | None:
    for line in window:
        cells = list(line.cells)
        for n, cell in enumerate(cells):
            m = _MAJOR_LABEL.match(cell.text)
            if m is None:
                continue
            value = m[2].strip() or (cells[n + 1].text if n + 1 < len(cells) else "")
            if value and (major := _cut_major(re.split(r"\s{2,}|\bminor\b", value, flags=re.I)[0])):
                return major
    return None


def _degrees(lines: Sequence[Line]) -> list[Reading]:
    out: list[Reading] = []
    external = False
    for i, line in enumerate(lines):
        text = line.text
        if _EXTERNAL_DEGREES.search(text):
            external = True  # degrees other colleges awarded are theirs, not this transcript's
        elif _OWN_DEGREES.search(text) or header_roles(line) is not None or _term_line(line) is not None:
            external = False
        m = _DEGREE_TITLE.search(text)
        if not m or course_code(text.split()[0] if text.split() else "") or _looks_like_course(line) or external:
            continue
        title = re.sub(r"\s+", " ", m[1]).strip()
        title = title[0].upper() + title[1:]
        after = text[m.end():]
        window = _degree_window(lines, i)
        major = None
        mm = re.search(r"major\s*:?\s*(.+)", text, re.I)
        if mm:
            major = _cut_major(mm[1])
        else:
            mm = re.match(r"\s*(?:degree\s*)?(?:in|,|-|:)\s*(.+)", after, re.I)
            if mm:
                major = _cut_major(mm[1])
        major = major or _labelled_major(window)
        dates = find_dates(text)
        if not dates:
            labelled = [ln for ln in window[1:] if _DATE_LABEL.search(ln.text) and find_dates(ln.text)]
            dates = find_dates(labelled[0].text) if labelled else []
        if not dates and len(window) > 1:
            dates = find_dates(window[1].text)
        conferred = dates[-1][1] if dates else None
        if _NOT_AWARDED.match(text) and conferred is None:
            continue  # 'Program: Bachelor of Arts Program' is what the student studies, not an award
        context = " ".join(ln.text for ln in window)
        evidence = {"ocr": min(ln.confidence for ln in window), "position": POSITION["sentence"],
                    "complete": 1.0 if major and conferred else 0.8}
        if not re.search(r"degree|conferred|awarded|major|award", context, re.I):
            evidence["context"] = 0.85
        out.append(Reading({"title": title, "major": major, "conferred_on": conferred}, evidence,
                           tuple(w.block_id for w in line.words if w.block_id)))
    unique: dict[str, Reading] = {}
    for reading in out:
        unique.setdefault(reading.value["title"].lower() + str(reading.value["conferred_on"]), reading)
    kept = list(unique.values())
    # A degree named twice, once with its major and date (its block) and once bare (a heading or a grid's
    # title row): the bare one says nothing more.
    full = {r.value["title"].lower() for r in kept if r.value["major"] or r.value["conferred_on"]}
    return [r for r in kept if r.value["major"] or r.value["conferred_on"] or r.value["title"].lower() not in full]


def _cut_major(text: str) -> str | None:
    text = text.strip()
    m = _MAJOR_END.search(text, 1)
    value = text[:m.start()] if m else text
    value = value.strip(" ,;:-")
    return value if re.search(r"[A-Za-z]{3}", value) and len(value) < 60 else None


def _looks_like_course(line: Line) -> bool:
    tokens = line.text.split()
    return any(course_code(t) for t in tokens[:3]) and bool(re.search(r"\b\d+\.\d+\b", line.text))


def to_records(fields: JsonMapping) -> list[tuple[str, JsonObject]]:
    institution = fields.get("institution")
    out: list[tuple[str, JsonObject]] = [("course", {**_strip(c), "institution": institution})
                                         for c in _rows(fields.get("courses"))]
    out += [("degree", {**_strip(d), "institution": institution}) for d in _rows(fields.get("degrees"))]
    return out


def _rows(value: JsonValue) -> list[JsonObject]:
    """A row field's rows (verified fields were checked to be a list of objects, or none)."""
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def _strip(row: JsonMapping) -> JsonObject:
    return {k: v for k, v in row.items() if k not in REVIEW_ONLY_KEYS}


DOC_TYPE = DocType(
    name="transcript",
    achievement_type="LearningProgram",
    display={"en": "College transcript", "es": "Expediente académico", "zh": "大學成績單"},
    fields=(PERSON_NAME,
            field_spec("institution", "text", "Institution", "Institución"),
            field_spec("courses", "rows", "Courses", "Cursos", columns=(
                field_spec("term", "text", "Term", "Período"), field_spec("code", "text", "Code", "Código"),
                field_spec("title", "text", "Title", "Título"), field_spec("units", "number", "Units", "Unidades"),
                field_spec("grade", "grade", "Grade", "Calificación"))),
            field_spec("degrees", "rows", "Degrees", "Títulos", columns=(
                field_spec("title", "text", "Degree", "Título"), field_spec("major", "text", "Major", "Especialidad"),
                field_spec("conferred_on", "date", "Conferred on", "Otorgado el")))),
    signals=(("transcript", 3), ("academic record", 3), ("gpa", 1.5), ("units", 1), ("credits", 1), ("grade", 1),
             ("term totals", 1), ("course title", 1), ("cumulative", 1), ("registrar", 1), ("semester", 1),
             ("quarter", 0.5), ("college", 0.5), ("university", 0.5)),
    parse=parse,
    to_records=to_records,
    order=1,
    shape_signal=lambda lines: min(5.0, 1.0 * sum(course_like(line) for line in lines[:120])),
)
