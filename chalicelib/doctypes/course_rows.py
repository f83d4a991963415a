"""Course rows read by what they contain: a code, title words, a units-shaped number and a grade.

Registrars print the same facts in many layouts: with or without a column header, with header words no
lexicon lists, with the units and grade labelled inline on each row ("Units 3  Grade B"), the term in a
column, a heading or not at all, extra columns (campus, level, repeat flags) anywhere. So a row is
recognised by its tokens' shapes, in any order, and a header, where one is found, only names the columns
more surely. What a row's numbers mean (units, points, attempted, earned) is learnt from the whole
document: printed grade points equal units x the grade's value, which says which number is which.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from chalicelib.extraction.layout import Cell, Line, WordBox
from chalicelib.extraction.subjects import KNOWN_SUBJECTS
from chalicelib.extraction.values import (
    GRADE_POINTS,
    course_code,
    course_number,
    find_misread_term,
    find_term,
    normalise_grade,
    parse_units,
    subject,
)

# Header words and the column role each names; phrases are matched within one cell, longest first.
HEADER_LEXICON: dict[str, str] = {
    "term": "term", "semester": "term", "session": "term", "term code": "term", "yr term": "term", "qtr": "term",
    "academic period": "term", "period": "term", "year term": "term", "term taken": "term",
    "course": "code", "course no": "code", "course number": "code", "course #": "code", "course id": "code",
    "catalog": "code", "catalog no": "code", "course code": "code", "crs": "code", "class": "code",
    "class no": "code", "course nbr": "code", "course listing": "code", "course section": "code",
    "course ref": "code", "crs no": "code", "course num": "code",
    "subj": "subject", "subject": "subject", "dept": "subject", "department": "subject", "prefix": "subject",
    "discipline": "subject", "subj code": "subject",
    "no": "number", "num": "number", "number": "number", "nbr": "number", "crse": "number", "cat no": "number",
    "catalog nbr": "number", "catalog number": "number",
    "title": "title", "course title": "title", "description": "title", "course name": "title",
    "course description": "title", "descr": "title", "course title description": "title", "name": "title",
    "course descr": "title", "title description": "title", "title of course": "title", "name of course": "title",
    "course title and description": "title", "subject matter": "title",
    "units": "units", "unit": "units", "credits": "units", "credit": "units", "cr": "units", "hrs": "units",
    "hours": "units", "credit hours": "units", "cr hrs": "units", "sem hrs": "units", "qtr units": "units",
    "sem units": "units", "crd": "units", "cred": "units", "credit hrs": "units", "course units": "units",
    "units taken": "units", "sh": "units", "qh": "units", "ch": "units",
    "att": "attempted", "attempted": "attempted", "units attempted": "attempted", "att units": "attempted",
    "att hrs": "attempted", "attempt": "attempted", "credits attempted": "attempted", "att cr": "attempted",
    "hours attempted": "attempted", "attm": "attempted",
    "earned": "earned", "ern": "earned", "earn": "earned", "units earned": "earned", "cmpl": "earned",
    "completed": "earned", "earned hrs": "earned", "credits earned": "earned", "hours earned": "earned",
    "earn cr": "earned", "ernd": "earned", "passed": "earned",
    "grade": "grade", "grd": "grade", "mark": "grade", "final grade": "grade", "gr": "grade", "grades": "grade",
    "official grade": "grade", "letter grade": "grade", "grade earned": "grade",
    "points": "points", "pts": "points", "qp": "points", "quality points": "points", "grade points": "points",
    "gp": "points", "qpts": "points", "grd pts": "points", "honor points": "points", "qual pts": "points",
    "grade pts": "points", "quality pts": "points",
    "level": "other", "campus": "other", "repeat": "other", "rpt": "other", "type": "other", "status": "other",
    "section": "other", "sec": "other", "crn": "other", "lvl": "other", "r": "other", "instr mode": "other",
    "mode": "other", "registration status": "other", "instructor": "other", "notes": "other", "note": "other",
    "course type": "other", "grading basis": "other", "basis": "other", "location": "other", "attr": "other",
}
NUMERIC = frozenset({"units", "attempted", "earned", "points"})
# Inline labels: a word (or two) printed before its value on the row itself, as some systems print every row.
INLINE_LABELS: dict[str, str] = {
    "units": "units", "unit": "units", "credits": "units", "credit": "units", "cr": "units", "hrs": "units",
    "hours": "units", "credit hours": "units", "cr hrs": "units", "crd": "units", "sem hrs": "units",
    "units attempted": "attempted", "attempted": "attempted", "att": "attempted", "credits attempted": "attempted",
    "earned": "earned", "units earned": "earned", "credits earned": "earned",
    "grade": "grade", "grd": "grade", "gr": "grade", "mark": "grade", "final grade": "grade",
    "official grade": "grade",
    "points": "points", "pts": "points", "qp": "points", "quality points": "points", "grade points": "points",
}
_LEVELS = frozenset({"UG", "GR", "LD", "UD", "U", "G", "L", "UGRD", "GRAD", "UND"})
# A summary line, never a course: term and cumulative figures, standing, tests.
SUMMARY_LINE = re.compile(r"\b(totals?|gpa|cumulative|cum\b|attempted hours|units earned|transfer units|page \d|"
                          r"continued|academic standing|good standing|probation|dean'?s list|president'?s list|"
                          r"honou?r roll|earned hrs|quality points|combined|overall|institution credit|"
                          r"transfer credit)\b", re.I)
# Lines printed under a row that belong to it but are no course: who taught it, its topic, a repeat flag.
NOTE_LINE = re.compile(r"^\W*(instructor|instr|taught by|faculty|topic|course topic|special topic|note|notes|"
                       r"comment|repeat(ed)?|repeated course|excluded|included|replaced|r\b|\*+|grade replaced|"
                       r"course repeated|section|attribute|attributes|ge area|satisfies|meets|requirement)\b",
                       re.I)
_GRADE_TOKEN = re.compile(r"^[A-F][+-]$")
_DATE_LIKE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}")
_SECTIONED_CODE = re.compile(r"^([A-Z]{2,6})[-.](\d{1,4}[A-Z]{0,2})[-.]([0-9A-Z]{1,4})$")
_LONG_SUBJECT_CODE = re.compile(r"^([A-Z]{6})[-.]?(\d{1,4}[A-Z]{0,2})$")


def clean_token(text: str) -> str:
    """A word without the specks OCR attaches to it: 'B:' 'ENGL-251.' '2014SP.' '`'."""
    text = text.strip("`'\"\u2018\u2019\u201c\u201d,;:|_~!\u00bb\u00ab>< ")
    if not _GRADE_TOKEN.match(text):
        text = text.rstrip("-\u2014.")
    if len(text) > 1 and text[0] in "-\u2014":
        text = text[1:]
    if re.fullmatch(r"[(\[]?\d+(?:\.\d+)?[)\]]?", text):
        text = text.strip("()[]")  # a number OCR fenced with a table rule: '3.00)'
    return text


def row_tokens(line: Line) -> list[WordBox]:
    """The row's words with OCR specks cleaned off for shape tests; each keeps the word as printed (a title
    keeps its commas and colons). Marks with no letter or digit (& / -) are kept, as printed: they belong to
    titles ('Child, Family & Community')."""
    out = []
    for w in line.words:
        text = clean_token(w.text)
        if not text or not any(ch.isalnum() for ch in text):
            if w.text.strip() in ("&", "/", "-", "+", "\u2013", "&amp;"):
                out.append(WordBox("", w.left, w.right, w.confidence, w.block_id, printed=w.text.strip()))
            continue
        # OCR's confidence in a word it had to clean of specks is the cleaning's too; a comma or colon after a
        # word is print, not a speck.
        removed = set(w.text) - set(text)
        confidence = w.confidence if removed <= set(",;:.'\"()") else w.confidence * 0.97
        out.append(WordBox(text, w.left, w.right, confidence, w.block_id, printed=w.text))
    while out and (not out[0].text or (len(out[0].text) == 1 and out[0].text.islower())):
        out.pop(0)
    return out


def _shape_tokens(tokens: Sequence[WordBox]) -> list[WordBox]:
    return [t for t in tokens if t.text]


# ---------------------------------------------------------------- codes

@dataclass(frozen=True, slots=True)
class CodeHit:
    code: str
    first: int  # token index
    after: int
    exact: bool


# Column words a summary line prints before its figures ('TERM: ATT 11.00 CMPL 11.00'): never a course's subject.
_COLUMN_WORDS = frozenset(w.upper() for w in ("att", "attm", "cmpl", "cred", "crd", "ern", "earn", "pts", "qpts",
                                              "qp", "gp", "hrs", "units", "unit", "term", "cum", "tot", "totals",
                                              "gpa", "credits", "hours", "points", "earned", "session", "sess"))


def find_code(tokens: Sequence[WordBox], start: int = 0, reach: int = 4) -> CodeHit | None:
    hit = _find_code(tokens, start, reach)
    if hit is None or hit.code.split()[0] in _COLUMN_WORDS:
        return None
    return hit


def _find_code(tokens: Sequence[WordBox], start: int, reach: int) -> CodeHit | None:
    """The course code within `reach` tokens from start: 'CHLD 101', 'CHLD-101', 'CHLD101', 'ECE-101-01'
    (a section number after the course's), or a subject and a number in two columns."""
    for i in range(start, min(len(tokens), start + reach)):
        text = tokens[i].text.strip(",;:|")
        if not text:
            continue
        if (code := course_code(text)) is not None:
            return CodeHit(code, i, i + 1, True)
        if (m := _SECTIONED_CODE.match(text)) and subject(m[1]):
            return CodeHit(f"{m[1]} {m[2]}", i, i + 1, True)
        # A six-letter subject (CHLDEV) only where a row starts: an ALL-CAPS title's HEALTH before its units is none.
        if i == start and (m := _LONG_SUBJECT_CODE.match(text)) and subject(m[1]):
            return CodeHit(f"{m[1]} {m[2]}", i, i + 1, True)
        if (subject(text) or (i == start and re.fullmatch(r"[A-Z]{6}", text))) and i + 1 < len(tokens):
            nxt = tokens[i + 1].text.strip(",;:|")
            if (number := course_number(nxt)) is not None:
                return CodeHit(f"{text} {number}", i, i + 2, number == nxt)
            # A section after the number ('101-01'), joined by a hyphen: '3.000' is units, not '3' section '000'.
            if (m := re.fullmatch(r"(\d{1,4}[A-Z]{0,2})-([0-9A-Z]{1,4})", nxt)) is not None:
                return CodeHit(f"{text} {m[1]}", i, i + 2, True)
        # OCR sets letters whose capital is their small letter's shape in lower case ('soc 259' for SOC 259):
        # a known subject, where a row starts, before a number; not exact.
        if i == start and text.islower() and text.upper() in KNOWN_SUBJECTS and i + 1 < len(tokens) \
                and (number := course_number(tokens[i + 1].text.strip(",;:|"))) is not None:
            return CodeHit(f"{text.upper()} {number}", i, i + 2, False)
    return None


# ---------------------------------------------------------------- headers

@dataclass
class Header:
    roles: list[tuple[str, float, float]]  # (role, left, right) in printed order

    def has(self, role: str) -> bool:
        return any(r == role for r, _, _ in self.roles)

    def names(self) -> list[str]:
        return [r for r, _, _ in self.roles]

    def role_at(self, left: float, right: float) -> str | None:
        """The column a token at [left, right] stands in: the header cell it overlaps, else the nearest by
        centre within half a column (numbers are set right, text left, under their headings)."""
        best, best_overlap = None, 0.0
        for role, a, b in self.roles:
            overlap = min(right, b) - max(left, a)
            if overlap > best_overlap:
                best, best_overlap = role, overlap
        if best is not None:
            return best
        centre = (left + right) / 2
        ranked = sorted(self.roles, key=lambda r: abs((r[1] + r[2]) / 2 - centre))
        if not ranked:
            return None
        role, a, b = ranked[0]
        return role if abs((a + b) / 2 - centre) < max(0.05, (b - a)) else None


def _phrase(words: Sequence[WordBox]) -> str:
    return re.sub(r"\s+", " ", " ".join(re.sub(r"[^a-z#]+", " ", w.text.lower()).strip() for w in words)).strip()


def header_roles(line: Line) -> Header | None:
    """The line as a table header, when its words name columns: at least a course or title column and a
    units or grade column, and few words that name nothing."""
    roles: list[tuple[str, float, float]] = []
    unmatched = 0
    words_total = 0
    for cell in line.cells:
        words = [w for w in cell.tokens if re.sub(r"[^a-z#]", "", w.text.lower())] or list(cell.tokens)
        words_total += len(words)
        i = 0
        while i < len(words):
            for span in (4, 3, 2, 1):
                chunk = words[i:i + span]
                if len(chunk) < span:
                    continue
                phrase = _phrase(chunk)
                if phrase in HEADER_LEXICON:
                    roles.append((HEADER_LEXICON[phrase], chunk[0].left, chunk[-1].right))
                    i += span
                    break
            else:
                unmatched += 1
                i += 1
    if any(ch.isdigit() for ch in line.text):
        return None
    names = [r for r, _, _ in roles]
    # "Subject  Course" means subject and number; "Course  Title" course code then title.
    if "subject" in names:
        roles = [("number", a, b) if r == "code" else (r, a, b) for r, a, b in roles]
        names = [r for r, _, _ in roles]
    core = {"title", "code", "subject"} & set(names)
    measures = {"units", "attempted", "earned", "grade"} & set(names)
    if len(set(names)) >= 3 and core and measures and unmatched <= max(2, len(roles) // 2):
        return Header(roles)
    return None


# ---------------------------------------------------------------- one row

@dataclass
class RowReading:
    """What one line says as a course row, before the document's column plan names its numbers."""

    line: Line
    code: CodeHit
    term: str | None
    term_exact: bool
    title_tokens: list[WordBox]
    values: list[WordBox]  # numbers and grade-shaped tokens outside the title, in printed order
    labelled: dict[str, WordBox] = field(default_factory=dict)  # role -> value printed after its inline label
    tokens: list[WordBox] = field(default_factory=list)

    def numbers(self) -> list[WordBox]:
        return [v for v in self.values if parse_units(v.text)[0] is not None]


def _term_span(tokens: Sequence[WordBox]) -> tuple[str, int, int, bool] | None:
    """A term printed on the row ('2019FA', 'Fall 2021', '2022 Spring Semester (01/18/2022-05/13/2022)'):
    the term, the token range it covers, and whether it read as printed (not repaired from a misreading)."""
    texts = [t.text for t in tokens]
    joined = " ".join(texts)
    found, exact = find_term(joined), True
    if found is None:
        found, exact = find_misread_term(joined), False
    if found is None:
        return None
    term, start, end = found
    position, first, last = 0, None, None
    for index, text in enumerate(texts):
        a, b = position, position + len(text)
        if first is None and b > start:
            first = index
        if a < end:
            last = index
        position = b + 1
    if first is None or last is None:
        return None
    return term, first, last + 1, exact


def _is_value(token: WordBox) -> bool:
    text = token.text
    if not text:
        return False
    if parse_units(text)[0] is not None and parse_units(text)[1]:
        return True
    grade, exact = normalise_grade(text)
    return grade is not None and exact and (len(text) <= 2 or text in ("INC",))


def _is_loose_value(token: WordBox) -> bool:
    """A value OCR bent a little: '3.0O', '(0' for C; only where a column's values stand."""
    text = token.text
    if not text or len(text) > 5:
        return False
    if parse_units(text)[0] is not None:
        return True
    return normalise_grade(text)[0] is not None and len(text) <= 3


def _take_inline_labels(tokens: list[WordBox]) -> tuple[list[WordBox], dict[str, WordBox]]:
    """'Units 3  Grade B' and 'Cr: 3.0  Gr: A-': values printed after their own label, taken out of the row."""
    out: list[WordBox] = []
    labelled: dict[str, WordBox] = {}
    i = 0
    while i < len(tokens):
        taken = False
        for span in (2, 1):
            if i + span >= len(tokens):
                continue
            if not all(t.text.isalpha() for t in tokens[i:i + span]):
                continue  # '1877 Cr:' is a title's year and a label, not the label 'cr'
            phrase = _phrase(tokens[i:i + span])
            role = INLINE_LABELS.get(phrase)
            if role is None or role in labelled:
                continue
            value = tokens[i + span]
            if span == 1 and (normalise_grade(tokens[i].text)[0] is not None or _is_level(tokens[i].text.upper())) \
                    and not tokens[i].as_printed.endswith(":"):
                continue  # 'CR 3.00' is a grade and its units; 'Cr: 3.0' a label and its value
            if role == "grade":
                ok = normalise_grade(value.text)[0] is not None and len(value.text) <= 3
            else:
                number = parse_units(value.text)[0]
                ok = number is not None and number <= (100 if role == "points" else 30)
            # A label is a label when its word carried a colon or stands right before its value's shape.
            if ok:
                labelled[role] = value
                i += span + 1
                taken = True
                break
        if not taken:
            out.append(tokens[i])
            i += 1
    return out, labelled


def read_row(line: Line, *, header: Header | None = None, column_starts: Sequence[float] = ()) -> RowReading | None:
    """The line as a course row, or None when it carries no code with a units- or grade-shaped value.

    `column_starts` are where the document's rows start a run of words at the same place (a delivery mode, a
    grading basis): a title stops there however narrow the gap before it."""
    tokens = row_tokens(line)
    shaped = _shape_tokens(tokens)
    if len(shaped) < 2:
        return None
    term: str | None = None
    term_exact = False
    span = _term_span(tokens)
    if span is not None:
        # A term anywhere on the row (its own column); taken out so its year is no number of the row's.
        term, first, after, term_exact = span
        tokens = tokens[:first] + tokens[after:]
    code = find_code(tokens, 0, reach=len(tokens))
    if code is None:
        return None
    before = tokens[:code.first]
    if before and any(SUMMARY_LINE.search(t.text) or t.text.upper() in _COLUMN_WORDS for t in before):
        return None
    # Some systems print the title first and the code after it: words before the code may be the title.
    rest = before + tokens[code.after:]
    after_code = len(before)
    rest, labelled = _take_inline_labels(rest)
    # Values at the edges of the title: the longest run of word tokens is the title, the values around it.
    kinds = []
    for t in rest:
        if _DATE_LIKE.search(t.text):
            kinds.append("date")  # a term's dates ('(01/18/2022-05/13/2022)'), no title word
        elif not t.text:
            kinds.append("mark")
        elif _is_value(t):
            kinds.append("value")
        else:
            kinds.append("word")
    runs: list[tuple[int, int]] = []
    i = 0
    # Two columns stand at least a few letters apart; a word OCR dropped ("&") leaves a narrower gap inside a title.
    wide = max(line.height, 0.004) * 2.2
    column_gap = _column_gap([t for t in tokens if t.text], line.height)
    while i < len(rest):
        if kinds[i] in ("word", "mark"):
            j = i + 1
            while j < len(rest) and rest[j].left - rest[j - 1].right <= wide and not (
                    rest[j].left - rest[j - 1].right > column_gap
                    and any(abs(rest[j].left - x) <= 0.004 for x in column_starts)) and (
                    kinds[j] in ("word", "mark") or (
                    kinds[j] == "value" and j + 1 < len(rest) and kinds[j + 1] == "word"
                    and _inside_title(rest, j)) or _number_of_title(rest, kinds, j, line.height)
                    or _letter_of_title(rest, kinds, j, line.height)):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    title_tokens: list[WordBox] = []
    if runs:
        a, b = _title_run(rest, runs, header, after_code)
        title_tokens = rest[a:b]
        # A trailing I or II of 'Spanish I' stays in the title when more grade-shaped values follow it, or
        # the row's grade stands after its own label.
        while b < len(rest) and (_roman_numeral_of_title(rest, b) or (
                "grade" in labelled and rest[b].text in ("I", "II", "III", "IV")
                and rest[b].left - rest[b - 1].right <= max(line.height, 0.004) * 0.8)):
            title_tokens.append(rest[b])
            b += 1
        values = [t for t in rest[:a] + rest[b:] if t.text]
    else:
        values = [t for t in rest if t.text]
    # A level (UG, GR) or a value of a column the header names as something else (campus, section) is no title.
    while title_tokens and (_is_level(title_tokens[0].text) or _other_column(header, title_tokens[0])):
        title_tokens = title_tokens[1:]
    while title_tokens and _other_column(header, title_tokens[-1]):
        title_tokens = title_tokens[:-1]
    values = [v for v in values if _is_value(v) or _is_loose_value(v) or _is_level(v.text)]
    if not title_tokens or not re.search(r"[A-Za-z]{2}", " ".join(t.text for t in title_tokens)):
        title_tokens = []
    has_number = any(parse_units(v.text)[0] is not None for v in values) or any(
        r in labelled for r in NUMERIC)
    has_grade = any(normalise_grade(v.text)[0] is not None for v in values) or "grade" in labelled
    if not (has_number or has_grade):
        return None
    if not title_tokens and not (has_number and has_grade):
        return None
    if SUMMARY_LINE.search(" ".join(t.text for t in title_tokens)) and not title_tokens[0].text[:1].isupper():
        return None
    return RowReading(line, code, term, term_exact, title_tokens, values, labelled, tokens)


def _number_of_title(rest: Sequence[WordBox], kinds: Sequence[str], index: int, height: float) -> bool:
    """A number set a word's space after a title word, with the row's own numbers still to come: the title's
    ('Spanish for Heritage Speakers - Lvl 1', 'Music 2'), not its units."""
    if kinds[index] != "value" or parse_units(rest[index].text)[0] is None or "." in rest[index].text:
        return False
    if rest[index].left - rest[index - 1].right > max(height, 0.004) * 0.8 or kinds[index - 1] != "word":
        return False
    return any(parse_units(t.text)[0] is not None for t in rest[index + 1:])


def _letter_of_title(rest: Sequence[WordBox], kinds: Sequence[str], index: int, height: float) -> bool:
    """A letter set a word's space after a title word, with the row's grade still to come: a title the
    registrar cut short ('MUSIC AND MOVEMENT FOR YOUNG C'), not a grade."""
    text = rest[index].text
    if kinds[index] != "value" or not (len(text) == 1 and text.isalpha()) or kinds[index - 1] != "word":
        return False
    if rest[index].left - rest[index - 1].right > max(height, 0.004) * 0.8:
        return False
    return any(normalise_grade(t.text)[0] is not None and not _is_level(t.text) for t in rest[index + 1:])


def _letters(tokens: Sequence[WordBox]) -> int:
    return sum(ch.isalpha() for t in tokens for ch in t.text)


def _title_run(rest: Sequence[WordBox], runs: Sequence[tuple[int, int]], header: Header | None,
               after_code: int) -> tuple[int, int]:
    """Which run of words is the title: the one under the header's title column, else the first after the code
    (other word columns, a delivery mode or a grading basis, come after it), else one before the code (a title
    printed first), else the longest."""
    if header is not None and header.has("title"):
        placed = [r for r in runs if header.role_at(rest[r[0]].left, rest[r[1] - 1].right) == "title"]
        if placed:
            return max(placed, key=lambda r: _letters(rest[r[0]:r[1]]))

    def titled(run: tuple[int, int]) -> bool:
        return _letters(rest[run[0]:run[1]]) >= 4 and not _is_level(rest[run[0]].text)

    after = [r for r in runs if r[0] >= after_code and titled(r)]
    if after:
        return after[0]
    before = [r for r in runs if r[1] <= after_code and titled(r)]
    if before:
        return max(before, key=lambda r: _letters(rest[r[0]:r[1]]))
    return max(runs, key=lambda r: _letters(rest[r[0]:r[1]]))


def _inside_title(tokens: Sequence[WordBox], index: int) -> bool:
    """A grade-shaped word between two title words ('A' of 'Planning a Curriculum', 'I' of 'Admin I Programs')."""
    text = tokens[index].text
    return len(text) <= 2 and text.isalpha() and index > 0 and bool(tokens[index - 1].text)


def _roman_numeral_of_title(tokens: Sequence[WordBox], index: int) -> bool:
    text = tokens[index].text
    if text not in ("I", "II", "III", "IV"):
        return False
    later_grades = [t for t in tokens[index + 1:] if (normalise_grade(t.text)[0] is not None and t.text.isalpha())
                    or _GRADE_TOKEN.match(t.text)]
    return bool(later_grades) and index > 0 and tokens[index - 1].text.isalpha()


def _other_column(header: Header | None, token: WordBox) -> bool:
    if header is None or not header.has("title") or len(token.text) > 6:
        return False
    return header.role_at(token.left, token.right) in ("other", "term")


def _is_level(text: str) -> bool:
    return text in _LEVELS


# ---------------------------------------------------------------- the document's column plan

@dataclass
class ColumnPlan:
    """Which of a row's numbers is its units and which its points, learnt from the whole document."""

    units_index: dict[int, int]  # count of numbers on a row -> index of the units among them
    points_index: dict[int, int]


def _units_and_points(values: Sequence[float | None], grade: str | None) -> list[tuple[int, int]]:
    """Index pairs (units, points) of a row's numbers where units x the grade's value is the points, in printed
    order. A D (1 point) says nothing: its units and points are the same number."""
    value = GRADE_POINTS.get(grade or "")
    if value is None or value == 1.0:
        return []
    return [(u, p) for u, uv in enumerate(values) for p, pv in enumerate(values)
            if u != p and uv is not None and pv is not None and 0 < uv <= 20 and abs(uv * value - pv) < 0.051]


def learn_plan(rows: Sequence[RowReading]) -> ColumnPlan:
    """For each count of numbers a row carries, which one is the units: the one whose product with the
    grade's value another number on the row equals (the points), else the first."""
    votes: dict[int, Counter[tuple[int, int]]] = {}
    for row in rows:
        numbers = row.numbers()
        if len(numbers) < 2:
            continue
        values = [parse_units(n.text)[0] for n in numbers]
        # Among several (attempted = earned), the first printed is the units.
        if hits := _units_and_points(values, _grade_of(row, None)[0]):
            votes.setdefault(len(values), Counter())[hits[0]] += 1
    units_index, points_index = {}, {}
    for count, counter in votes.items():
        (u, p), _ = counter.most_common(1)[0]
        units_index[count], points_index[count] = u, p
    return ColumnPlan(units_index, points_index)


def _grade_of(row: RowReading, header: Header | None) -> tuple[str | None, bool, WordBox | None]:
    if "grade" in row.labelled:
        token = row.labelled["grade"]
        grade, exact = normalise_grade(token.text)
        return grade, exact, token
    candidates = [v for v in row.values if parse_units(v.text)[0] is None or normalise_grade(v.text)[1]]
    if header is not None and header.has("grade"):
        placed = [v for v in candidates if header.role_at(v.left, v.right) == "grade"]
        if placed:
            grade, exact = normalise_grade(placed[0].text)
            if grade is not None:
                return grade, exact, placed[0]
    graded = [(v, *normalise_grade(v.text)) for v in candidates]
    graded = [(v, g, e) for v, g, e in graded if g is not None and not _is_level(v.text)]
    if not graded:
        return None, False, None
    # A letter grade (A-F) over a flag column's I, E or R.
    graded.sort(key=lambda item: (item[1] not in GRADE_POINTS and item[1] not in ("P", "NP", "W", "CR", "NC"),
                                  not item[2]))
    token, grade, exact = graded[0]
    return grade, exact, token


def _units_value(text: str) -> tuple[float | None, bool]:
    """A number as units would be printed: a scan or photo loses the point of '3.00' more often than a course
    carries 300 units, so a bare '300' or '30' is read as 3.0, not for sure."""
    value, exact = parse_units(text)
    if value is not None and value >= 10 and re.fullmatch(r"\d{2,3}", text):
        return value / 10 ** (len(text) - 1), False
    return value, exact


@dataclass(frozen=True, slots=True)
class ReadValues:
    units: float | None
    units_exact: bool
    grade: str | None
    grade_exact: bool
    points: float | None
    how: str  # label | header | cross_check | single | plan | first
    grade_token: WordBox | None = None


def read_values(row: RowReading, plan: ColumnPlan, header: Header | None) -> ReadValues:
    grade, grade_exact, grade_token = _grade_of(row, header)
    numbers = [n for n in row.numbers() if n is not grade_token]
    values = [_units_value(n.text) for n in numbers]
    units: float | None = None
    units_exact = False
    points: float | None = None
    how = "first"
    for role in ("units", "attempted", "earned"):
        if role in row.labelled:
            units, units_exact = _units_value(row.labelled[role].text)
            how = "label"
            break
    if "points" in row.labelled:
        points = parse_units(row.labelled["points"].text)[0]
    if units is None and header is not None:
        placed = {header.role_at(n.left, n.right): n.text for n in numbers}
        for role in ("units", "attempted", "earned"):
            if role in placed and parse_units(placed[role])[0] is not None:
                units, units_exact = _units_value(placed[role])
                how = "header"
                break
        if "points" in placed:
            points = parse_units(placed["points"])[0]
    if units is None and values:
        count = len(values)
        if pairs := _units_and_points([v for v, _ in values], grade):
            (units, units_exact), points, how = values[pairs[0][0]], values[pairs[0][1]][0], "cross_check"
        if units is None and count in plan.units_index:
            units, units_exact = values[plan.units_index[count]]
            points = values[plan.points_index[count]][0]
            how = "plan"
        if units is None:
            small = [(v, e) for v, e in values if v is not None and v <= 20]
            if small:
                units, units_exact = small[0]
                # One number and one grade on the row: nothing else it could be.
                how = "single" if len(values) == 1 and grade is not None else "first"
    return ReadValues(units, units_exact, grade, grade_exact, points, how, grade_token)


def _column_gap(tokens: Sequence[WordBox], height: float) -> float:
    """A gap wide enough to stand between two columns on this line: well over the line's own word spacing (OCR's
    boxes of capitals make a space look wide against their height; a monospaced font's spaces line up from row
    to row), and over a letter's height."""
    spaces = sorted(b.left - a.right for a, b in itertools.pairwise(tokens)
                    if 0 <= b.left - a.right < max(height, 0.004) * 1.5)
    space = spaces[len(spaces) // 2] if spaces else max(height, 0.004) * 0.3
    return max(max(height, 0.004) * 1.0, space * 2.5)


def column_starts(rows: Sequence[RowReading]) -> list[float]:
    """Where many rows start a run of words after a gap: the left edges of word columns beside the title. A title
    continues at no fixed place from row to row; a column starts at the same place on every row."""
    counts: Counter[int] = Counter()
    for row in rows:
        tokens = [t for t in row.tokens if t.text]
        gap = _column_gap(tokens, row.line.height)
        for before, token in itertools.pairwise(tokens):
            if token.left - before.right > gap and not _is_value(token):
                counts[round(token.left / 0.002)] += 1
    needed = max(3, len(rows) * 0.3)
    starts = []
    for bucket, count in counts.items():
        near = count + counts.get(bucket - 1, 0) + counts.get(bucket + 1, 0)
        if near >= needed and count >= max(counts.get(bucket - 1, 0), counts.get(bucket + 1, 0)):
            starts.append(bucket * 0.002)
    return sorted(starts)


def course_like(line: Line) -> bool:
    """Whether a line carries a code-shaped token and a grade- or units-shaped one (a course row's shape)."""
    return read_row(line) is not None


def split_line(line: Line, split: float, right: bool) -> Line | None:
    cells = []
    for cell in line.cells:
        words = tuple(w for w in cell.tokens if (w.left >= split) == right)
        if words:
            cells.append(Cell(" ".join(w.text for w in words), words[0].left, words[-1].right,
                              min(w.confidence for w in words), words))
    return Line(line.page, line.top, tuple(cells), line.height) if cells else None
