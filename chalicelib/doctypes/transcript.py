"""College transcripts: courses read as a table by its header's words, term headings or a term column,
degrees from the sentence or section that confers them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chalicelib.doctypes import PERSON_NAME, REVIEW_ONLY_KEYS, DocType, Parsed, field_spec
from chalicelib.extraction.evidence import POSITION, Reading
from chalicelib.extraction.labels import find_labelled, find_person_name, labels
from chalicelib.extraction.layout import Cell, Line, WordBox
from chalicelib.extraction.values import (
    course_code,
    course_number,
    find_dates,
    find_term,
    grade_from_points,
    normalise_grade,
    parse_units,
    points_agree,
    subject,
    term_heading,
)

# Header words and the column role each names; phrases are matched within one cell, longest first.
HEADER_LEXICON: dict[str, str] = {
    "term": "term", "semester": "term", "session": "term", "term code": "term", "yr term": "term", "qtr": "term",
    "course": "code", "course no": "code", "course number": "code", "course #": "code", "course id": "code",
    "catalog": "code", "catalog no": "code", "course code": "code", "crs": "code", "class": "code",
    "class no": "code", "course nbr": "code",
    "subj": "subject", "subject": "subject", "dept": "subject", "department": "subject", "prefix": "subject",
    "no": "number", "num": "number", "number": "number", "nbr": "number", "crse": "number", "cat no": "number",
    "title": "title", "course title": "title", "description": "title", "course name": "title",
    "course description": "title", "descr": "title", "course title description": "title",
    "units": "units", "unit": "units", "credits": "units", "credit": "units", "cr": "units", "hrs": "units",
    "hours": "units", "credit hours": "units", "cr hrs": "units", "sem hrs": "units", "qtr units": "units",
    "sem units": "units", "crd": "units", "cred": "units",
    "att": "attempted", "attempted": "attempted", "units attempted": "attempted", "att units": "attempted",
    "att hrs": "attempted", "attempt": "attempted",
    "earned": "earned", "ern": "earned", "earn": "earned", "units earned": "earned", "cmpl": "earned",
    "completed": "earned", "earned hrs": "earned",
    "grade": "grade", "grd": "grade", "mark": "grade", "final grade": "grade", "gr": "grade", "grades": "grade",
    "points": "points", "pts": "points", "qp": "points", "quality points": "points", "grade points": "points",
    "gp": "points", "qpts": "points", "grd pts": "points", "honor points": "points",
    "level": "other", "campus": "other", "repeat": "other", "rpt": "other", "type": "other", "status": "other",
    "section": "other", "sec": "other", "crn": "other", "lvl": "other", "r": "other",
}
NUMERIC = {"units", "attempted", "earned", "points"}
OPTIONAL_COST = {"points": 1, "earned": 1, "attempted": 1, "grade": 2, "other": 1, "units": 5}
_LEVELS = {"UG", "GR", "LD", "UD", "U", "G", "L"}
_INSTITUTION = re.compile(r"\b(college|university|institute|universidad|school of|community college)\b", re.I)
_NOT_COURSE = re.compile(r"\b(total|totals|gpa|cumulative|cum\b|attempted hours|units earned|transfer units|"
                         r"page \d|continued)\b", re.I)


@dataclass
class Header:
    roles: list[tuple[str, float, float]]  # (role, left, right) in printed order

    def trailing(self) -> list[str]:
        names = [r for r, _, _ in self.roles]
        if "title" not in names:
            return [r for r in names if r in NUMERIC or r == "grade"]
        return names[names.index("title") + 1:]

    def has(self, role: str) -> bool:
        return any(r == role for r, _, _ in self.roles)

    def others_before_title(self) -> int:
        names = [r for r, _, _ in self.roles]
        return names[:names.index("title")].count("other") if "title" in names else 0


def _header_roles(line: Line) -> Header | None:
    roles: list[tuple[str, float, float]] = []
    unmatched = 0
    for cell in line.cells:
        words = [w for w in cell.tokens if re.sub(r"[^a-z#]", "", w.text.lower())] or list(cell.tokens)
        i = 0
        while i < len(words):
            for span in (4, 3, 2, 1):
                chunk = words[i:i + span]
                if len(chunk) < span:
                    continue
                phrase = " ".join(re.sub(r"[^a-z#]+", " ", w.text.lower()).strip() for w in chunk).strip()
                phrase = re.sub(r"\s+", " ", phrase)
                if phrase in HEADER_LEXICON:
                    roles.append((HEADER_LEXICON[phrase], chunk[0].left, chunk[-1].right))
                    i += span
                    break
            else:
                unmatched += 1
                i += 1
    names = [r for r, _, _ in roles]
    # "Subject  Course" means subject and number; "Course  Title" course code then title.
    if "subject" in names:
        roles = [("number", a, b) if r == "code" else (r, a, b) for r, a, b in roles]
        names = [r for r, _, _ in roles]
    core = {"title", "code", "subject"} & set(names)
    measures = ({"units", "attempted", "earned", "grade"}) & set(names)
    if len(set(names)) >= 3 and core and measures and unmatched <= 2:
        return Header(roles)
    return None


def _shape_ok(role: str, token: str) -> tuple[bool, bool]:
    """(fits, exact) for a token in a column of this role."""
    if role in NUMERIC:
        value, exact = parse_units(token)
        if value is None:
            return False, False
        limit = 100.0 if role == "points" else 30.0
        return 0 <= value <= limit, exact
    if role == "grade":
        grade, exact = normalise_grade(token)
        return grade is not None, exact
    if role == "other":
        return len(token) <= 4 and token.isalnum(), True
    return False, False


def _match_trailing(tokens: list[WordBox], roles: list[str]) -> tuple[int, dict[str, WordBox], int] | None:
    """Assign the row's last tokens to the header's trailing roles, right to left, columns left blank allowed.

    Returns (index where the trailing part starts, role -> token, skipped cost), the assignment that
    uses the most tokens at the least cost; the title is everything before it.
    """
    best: tuple[int, dict[str, WordBox], int] | None = None

    def walk(ri: int, ti: int, taken: dict[str, WordBox], cost: int) -> None:
        nonlocal best
        if ri < 0:
            if ti < 0:
                return  # no title left
            if "units" in roles and "units" not in taken and "attempted" not in taken and "earned" not in taken:
                return
            candidate = (ti + 1, dict(taken), cost)
            if best is None or (candidate[2], candidate[0]) < (best[2], best[0]):
                best = candidate
            return
        role = roles[ri]
        if ti >= 0:
            fits, _ = _shape_ok(role, tokens[ti].text)
            if fits:
                taken[role] = tokens[ti]
                walk(ri - 1, ti - 1, taken, cost)
                del taken[role]
            elif role in ("grade", "points", "other") and len(tokens[ti].text) <= 3 and not tokens[ti].text.isalpha():
                # A cell OCR garbled ("(0" for a C): it fills its column, unread, and the row still stands.
                walk(ri - 1, ti - 1, taken, cost + 2)
        walk(ri - 1, ti, taken, cost + OPTIONAL_COST.get(role, 1))

    walk(len(roles) - 1, len(tokens) - 1, {}, 0)
    if best is None or best[2] >= 5:
        return None
    return best


DEFAULT_TRAILING = (["units", "grade", "points"], ["units", "grade"], ["grade", "units", "points"],
                    ["grade", "units"], ["attempted", "earned", "grade", "points"], ["units", "earned", "grade"])


_GRADE_TOKEN = re.compile(r"^[A-F][+-]$")


def _clean_token(text: str) -> str:
    """A word without the specks OCR attaches to it: 'B:' 'ENGL-251.' '2014SP.' '`'."""
    text = text.strip("`'\"\u2018\u2019\u201c\u201d,;:|_~!\u00bb\u00ab>< ")
    if not _GRADE_TOKEN.match(text):
        text = text.rstrip("-\u2014.")
    if len(text) > 1 and text[0] in "-\u2014":
        text = text[1:]
    return text


def _row_tokens(line: Line) -> list[WordBox]:
    """The row's words with OCR specks cleaned off for shape tests; each keeps the word as printed (a title
    keeps its commas and colons)."""
    out = []
    for w in line.words:
        text = _clean_token(w.text)
        if not text or not any(ch.isalnum() for ch in text):
            continue
        # OCR's confidence in a word it had to clean is the cleaning's too.
        confidence = w.confidence if text == w.text else w.confidence * 0.97
        out.append(WordBox(text, w.left, w.right, confidence, w.block_id, printed=w.text))
    while out and len(out[0].text) == 1 and out[0].text.islower():
        out.pop(0)
    return out


def _is_speck(token: WordBox) -> bool:
    """A stray mark OCR read beside a row: one or two characters that are no number."""
    text = token.text
    return len(text) <= 2 and not any(ch.isdigit() for ch in text) and normalise_grade(text)[0] is None


def _find_code(tokens: list[WordBox], start: int) -> tuple[str, int, int, bool] | None:
    """(code, first index, index after it, exact) within the first few tokens from start."""
    for i in range(start, min(len(tokens), start + 4)):
        text = tokens[i].text.strip(",;:|")
        if (code := course_code(text)) is not None:
            return code, i, i + 1, True
        if subject(text) and i + 1 < len(tokens) and (number := course_number(tokens[i + 1].text)):
            return f"{text} {number}", i, i + 2, number == tokens[i + 1].text.strip(",;:|")
    return None


def _parse_row(line: Line, header: Header | None, trailing: list[str], current_term: str | None
               ) -> tuple[dict[str, Any], dict[str, float], float, list[WordBox]] | None:
    tokens = _row_tokens(line)
    if len(tokens) < 3 or _NOT_COURSE.search(line.text):
        return None
    start = 0
    term = current_term
    term_source = "heading"
    head_text = " ".join(t.text for t in tokens[:4])
    found = find_term(head_text)
    if found and found[1] <= 1:
        # The term in the row's first column: consume the tokens it spans.
        consumed, length = 0, 0
        for t in tokens:
            length += len(t.text) + (1 if consumed else 0)
            consumed += 1
            if length >= found[2]:
                break
        start, term, term_source = consumed, found[0], "column"
    code_found = _find_code(tokens, start)
    if code_found is not None and term is not None and term_source == "heading" and header is not None \
            and header.has("term") and code_found[1] > 0:
        # The row's own term column did not read as a term: the row above's term, but not for sure.
        term_source = "carried"
    if term is None:
        return None
    if code_found is None:
        return None
    code, _, after_code, code_exact = code_found
    rest = tokens[after_code:]
    skip = header.others_before_title() if header else 0
    while rest and (skip > 0 or rest[0].text in _LEVELS):
        if rest[0].text in _LEVELS or (len(rest[0].text) <= 4 and rest[0].text.isupper()):
            rest = rest[1:]
            skip -= 1
        else:
            break
    matched = _match_trailing(rest, trailing)
    dropped = 0
    while matched is None and dropped < 2 and len(rest) > 2 and _is_speck(rest[-1]):
        # A speck read past the last column ("... 3.00  B+  13.20  j"): drop it and try again.
        rest, dropped = rest[:-1], dropped + 1
        matched = _match_trailing(rest, trailing)
    if matched is None:
        return None
    title_end, cells, cost = matched
    cost += dropped
    title_tokens = rest[:title_end]
    title = " ".join(t.as_printed for t in title_tokens).strip(" -|")
    if not re.search(r"[A-Za-z]{2}", title):
        return None
    units_token = cells.get("units") or cells.get("attempted") or cells.get("earned")
    if units_token is None:
        return None
    units, units_exact = parse_units(units_token.text)
    if units is not None and units >= 10 and re.fullmatch(r"\d\d\d?", units_token.text):
        # A scan loses the point of "3.0" or "3.50" more often than a course carries ten units or more.
        units, units_exact = units / 10 ** (len(units_token.text) - 1), False
    grade_token = cells.get("grade")
    grade, grade_exact = normalise_grade(grade_token.text) if grade_token else (None, False)
    evidence = {"ocr": min(t.confidence for t in tokens), "position": POSITION["table_column"],
                "code": 1.0 if code_exact else 0.85, "units_shape": 1.0 if units_exact else 0.8,
                "grade_shape": 1.0 if grade_exact else (0.8 if grade else 0.7),
                "term": {"column": 1.0, "heading": 0.99}.get(term_source, 0.8), "layout": 1.0 if header else 0.9,
                "blanks": 1.0 if cost == 0 else 0.98}
    if "points" in cells and units is not None:
        points, _ = parse_units(cells["points"].text)
        if points is not None and grade is not None:
            agree = points_agree(units, grade, points)
            if agree is False:
                repaired = grade_from_points(units, points)
                if repaired and not grade_exact:
                    grade, evidence["grade_shape"] = repaired, 0.85
                else:
                    evidence["cross_check"] = 0.5
            elif agree:
                evidence["cross_check"] = 1.0
    if units is not None and units * 2 != round(units * 2) and round(units * 3, 2) != round(units * 3):
        # Course units come in halves (or quarter-system thirds); 3.9 is more likely a misread 3.5.
        evidence["plausible"] = 0.6
    if units is not None and units > 20:
        evidence["plausible"] = 0.3
    row = {"term": term, "code": code, "title": _clean_title(title), "units": units, "grade": grade}
    return row, evidence, title_tokens[0].left if title_tokens else 0.0, title_tokens


# How OCR draws the roman numerals I and II of "Spanish II" or "Administration II: Personnel": no word of a
# course title is spelled this way, so the repair cannot turn a real word into a numeral.
_ROMAN_LOOKALIKES = {"|", "l", "||", "Il", "ll", "lI", "|l", "l|", "I|", "|I"}


def _clean_title(title: str) -> str:
    words = title.split()
    for n, word in enumerate(words[1:], start=1):
        bare = word.rstrip(":")
        if bare in _ROMAN_LOOKALIKES and (n == len(words) - 1 or word.endswith(":")):
            words[n] = "I" * len(bare) + word[len(bare):]
    while words and ((len(words[-1]) == 1 and not words[-1].isupper() and not words[-1].isdigit())
                     or not any(c.isalnum() for c in words[-1])):
        words.pop()
    while words and ((len(words[0]) == 1 and not words[0].isupper()) or not any(c.isalnum() for c in words[0])):
        words.pop(0)
    return " ".join(words)


def _continuation(line: Line, title_left: float) -> str | None:
    """A wrapped title's second line: only words, starting under the title."""
    text = line.text.strip()
    if abs(line.left - title_left) > 0.02 or len(text) > 40 or find_term(text) or _NOT_COURSE.search(text):
        return None
    if any(ch.isdigit() for ch in text) or ":" in text:
        return None
    return text if re.fullmatch(r"[A-Za-z&,'/()\- .]+", text) else None


def _choose_trailing(lines: Sequence[Line]) -> list[str]:
    """With no header, the column order most rows agree with."""
    scores = []
    for option in DEFAULT_TRAILING:
        hits = 0.0
        for line in lines:
            tokens = _row_tokens(line)
            found = _find_code(tokens, 0) if len(tokens) >= 3 else None
            matched = _match_trailing(tokens[found[2]:], list(option)) if found else None
            if matched is not None:
                hits += 1.0 if matched[2] == 0 else 0.4
        scores.append((hits, -len(option), option))
    return list(max(scores)[2])


def _split_x(header: Header) -> float | None:
    """Where a second set of the same columns starts on a header line (terms printed in two columns)."""
    names = [r for r, _, _ in header.roles]
    first = names[0]
    for index in range(1, len(names)):
        if names[index] == first and {"title", "code", "subject"} & set(names[index:]) and (
                "title" in names[:index] or "code" in names[:index]):
            return header.roles[index][1] - 0.005
    return None


def _part(line: Line, split: float, right: bool) -> Line | None:
    cells = []
    for cell in line.cells:
        words = tuple(w for w in cell.tokens if (w.left >= split) == right)
        if words:
            cells.append(Cell(" ".join(w.text for w in words), words[0].left, words[-1].right,
                              min(w.confidence for w in words), words))
    return Line(line.page, line.top, tuple(cells), line.height) if cells else None


def _split_from_rows(lines: Sequence[Line]) -> float | None:
    """Where the second column starts, from rows that carry two course codes (when OCR garbled the header)."""
    starts = []
    for line in lines:
        tokens = _row_tokens(line)
        codes = [t.left for i, t in enumerate(tokens) if course_code(t.text) or (
            subject(t.text) and i + 1 < len(tokens) and course_number(tokens[i + 1].text))]
        if len(codes) >= 2 and codes[0] < 0.4 < codes[-1]:
            starts.append(codes[-1])
    return min(starts) - 0.005 if len(starts) >= 3 else None


def _starts_table(line: Line, split: float) -> bool:
    """Whether the part of a line right of the split is a header, a term heading or a course row."""
    part = _part(line, split, True)
    if part is None:
        return False
    words = [re.sub(r"[^a-z#]", "", w.text.lower()) for w in part.words]
    return (sum(w in HEADER_LEXICON for w in words) >= 2 or find_term(part.text) is not None
            or _find_code(_row_tokens(part), 0) is not None)


def unfold_columns(lines: Sequence[Line]) -> list[Line]:
    """A page whose terms stand in two columns side by side is read as its left column, then its right."""
    out: list[Line] = []
    for page in sorted({ln.page for ln in lines}):
        page_lines = [ln for ln in lines if ln.page == page]
        split: float | None = None
        start = 0
        for index, line in enumerate(page_lines):
            header = _header_roles(line)
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
            out += [part for line in page_lines[start:] if (part := _part(line, split, right)) is not None]
    return out


def parse(lines: Sequence[Line]) -> Parsed:
    lines = unfold_columns(lines)
    parsed = Parsed()
    parsed.fields["person_name"] = find_person_name(lines)
    parsed.fields["institution"] = _institution(lines)
    header: Header | None = None
    trailing: list[str] | None = None
    current_term: str | None = None
    rows: list[Reading] = []
    seen: set[tuple[str, str]] = set()
    last: tuple[Reading, float, int] | None = None
    # A term's summary line ("Term GPA ...") ends it. Rows after it and before the next heading belong to a
    # term whose heading OCR lost: held back, then given the one term that fits between the two headings
    # (not for sure), or left out. Carrying the ended term on to them would be wrong and look sure.
    ended: str | None = None
    rows_in_term = 0
    held: list[tuple[dict[str, Any], dict[str, float], tuple[str, ...]]] = []
    headings = [h for ln in lines if (h := term_heading(ln.text))]
    for line in lines:
        found_header = _header_roles(line)
        if found_header is not None:
            header, trailing = found_header, found_header.trailing()
            last = None
            continue
        heading = term_heading(line.text)
        if heading:
            if held and ended is not None and (between := _term_between(ended, heading, headings)) is not None:
                for row, evidence, words in held:
                    row["term"] = between
                    evidence["term"] = 0.7
                    rows.append(Reading(row, evidence, words))
            held, ended = [], None
            current_term, rows_in_term = heading, 0
            last = None
            continue
        if trailing is None:
            trailing = _choose_trailing(lines)
        result = _parse_row(line, header, trailing, current_term)
        if result is None and current_term is None and ended is not None:
            unplaced = _parse_row(line, header, trailing, ended)
            if unplaced is not None:
                held.append((unplaced[0], unplaced[1], tuple(t.block_id for t in line.words if t.block_id)))
                continue
        # Only after the term's own rows: some transcripts print a term's GPA line under its heading.
        if result is None and current_term is not None and rows_in_term and _TERM_ENDS.search(line.text) \
                and find_term(line.text) is None and not (header is not None and header.has("term")):
            ended, current_term = current_term, None
        if result is None:
            if last is not None and (extra := _continuation(line, last[1])):
                reading, _, index = last
                row = dict(reading.value)
                row["title"] = f"{row['title']} {extra}"
                rows[index] = Reading(row, {**reading.evidence, "wrapped": 0.9}, reading.words)
            last = None
            continue
        row, evidence, title_left, _ = result
        key = (row["term"], row["code"])
        if key in seen:
            evidence["duplicate"] = 0.5
        seen.add(key)
        words = tuple(t.block_id for t in line.words if t.block_id)
        rows.append(Reading(row, evidence, words))
        rows_in_term += 1
        if header is not None and header.has("term"):
            current_term = row["term"]
        last = (rows[-1], title_left, len(rows) - 1)
    parsed.rows["courses"] = _consensus_codes(rows)
    parsed.rows["degrees"] = _degrees(lines)
    return parsed


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


_LOOKALIKE_PAIRS = {frozenset(p) for p in ("OD", "UL", "O0", "D0", "B8", "S5", "I1", "L1", "Z2", "G6", "Q0")}


def _one_lookalike_apart(a: str, b: str) -> bool:
    if len(a) != len(b) or a == b:
        return False
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diffs) == 1 and frozenset(diffs[0]) in _LOOKALIKE_PAIRS


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
    labelled = find_labelled(lines[:25], labels("Institution", "College", "School", "Issuing Institution"),
                             lambda t: t if _INSTITUTION.search(t) and len(t) < 80 else None)
    if labelled:
        return labelled
    first_page = [ln for ln in lines if ln.page == 1][:10]
    for line in first_page:
        for cell in line.cells:
            text = cell.text.strip()
            if _INSTITUTION.search(text) and "transfer" not in text.lower() and len(text) < 70 and not any(
                    w in text.lower() for w in ("transcript is", "official unless", "office of", "registrar")):
                value = re.sub(r"\s+(OFFICIAL|UNOFFICIAL)?\s*(ACADEMIC\s+)?(TRANSCRIPT|RECORD)\b.*$", "", text,
                               flags=re.I).strip(" -|,")
                return Reading(value, {"ocr": cell.confidence, "position": POSITION["heading"]},
                               tuple(w.block_id for w in cell.words if w.block_id))
    return None


_DEGREE_TITLE = re.compile(
    r"\b((?:Associate|Bachelor|Master|Doctor)(?:'s)?\s+(?:in|of)\s+(?:Applied\s+)?(?:Arts|Science|Fine Arts|Education|"
    r"Social Work|Business Administration)(?:\s+for\s+Transfer)?)\b(?:\s+Degree)?", re.I)
_MAJOR_END = re.compile(r"\s*(?:[-\u2013\u2014(]|\bconferred\b|\bawarded\b|\bdate\b|\bon\b\s+\w+\s+\d|\d{1,2}/|$)",
                        re.I)


def _degrees(lines: Sequence[Line]) -> list[Reading]:
    out: list[Reading] = []
    for i, line in enumerate(lines):
        text = line.text
        m = _DEGREE_TITLE.search(text)
        if not m or course_code(text.split()[0] if text.split() else "") or _looks_like_course(line):
            continue
        title = re.sub(r"\s+", " ", m[1]).strip()
        title = title[0].upper() + title[1:]
        after = text[m.end():]
        major = None
        mm = re.search(r"major\s*:?\s*(.+)", text, re.I)
        if mm:
            major = _cut_major(mm[1])
        else:
            mm = re.match(r"\s*(?:degree\s*)?(?:in|,|-|:)\s*(.+)", after, re.I)
            if mm:
                major = _cut_major(mm[1])
        window = text + " " + (lines[i + 1].text if i + 1 < len(lines) and not _DEGREE_TITLE.search(
            lines[i + 1].text) else "")
        dates = find_dates(text) or find_dates(window)
        conferred = dates[-1][1] if dates else None
        evidence = {"ocr": line.confidence, "position": POSITION["sentence"],
                    "complete": 1.0 if major and conferred else 0.8}
        if not re.search(r"degree|conferred|awarded|major", text + " " + window, re.I):
            evidence["context"] = 0.85
        out.append(Reading({"title": title, "major": major, "conferred_on": conferred}, evidence,
                           tuple(w.block_id for w in line.words if w.block_id)))
    unique: dict[str, Reading] = {}
    for reading in out:
        unique.setdefault(reading.value["title"].lower() + str(reading.value["conferred_on"]), reading)
    return list(unique.values())


def _cut_major(text: str) -> str | None:
    text = text.strip()
    m = _MAJOR_END.search(text, 1)
    value = text[:m.start()] if m else text
    value = value.strip(" ,;:-")
    return value if re.search(r"[A-Za-z]{3}", value) and len(value) < 60 else None


def _looks_like_course(line: Line) -> bool:
    tokens = line.text.split()
    return any(course_code(t) for t in tokens[:3]) and bool(re.search(r"\b\d+\.\d+\b", line.text))


def to_records(fields: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    institution = fields.get("institution")
    out = [("course", {**_strip(c), "institution": institution}) for c in fields.get("courses") or []]
    out += [("degree", {**_strip(d), "institution": institution}) for d in fields.get("degrees") or []]
    return out


def _strip(row: dict[str, Any]) -> dict[str, Any]:
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
)
