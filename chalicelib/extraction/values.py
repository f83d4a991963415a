"""Typed recognisers for the values registrars, the Commission, the Council and training agencies print:
dates, terms, grades, units, course codes, names. Each returns None for what is not its shape."""

from __future__ import annotations

import re
from datetime import date

from chalicelib import clock

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH_NAME = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|" \
              r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_YEAR = r"(\d{4}|'?\d{2})"
DATE_PATTERNS = [
    (re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/-])"), "ymd"),
    (re.compile(r"(?<![\d/.])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])"), "ymd"),
    (re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d/-]|\.\d)"), "mdy"),
    (re.compile(rf"\b{_MONTH_NAME}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), "Mdy"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+|-|\s+of\s+){_MONTH_NAME},?(?:\s+|-)(\d{{4}})\b", re.I), "dMy"),
    (re.compile(rf"\b{_MONTH_NAME}[\s-]+(\d{{4}})\b", re.I), "My"),
]


def _year(text: str) -> int:
    text = text.lstrip("'")
    value = int(text)
    if len(text) == 2:
        # Two-digit years on permits and certificates: 00-49 are this century, 50-99 the last.
        value += 2000 if value < 50 else 1900
    return value


def find_dates(text: str) -> list[tuple[int, str]]:
    """Every full date (day, month and year) in text as (position, ISO string), in reading order."""
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for pattern, order in DATE_PATTERNS:
        if order == "My":
            continue
        for m in pattern.finditer(text):
            if any(m.start() in r or (m.end() - 1) in r for r in taken):
                continue
            try:
                if order == "ymd":
                    d = date(int(m[1]), int(m[2]), int(m[3]))
                elif order == "mdy":
                    d = date(_year(m[4]), int(m[1]), int(m[3]))
                elif order == "Mdy":
                    d = date(int(m[3]), MONTHS[m[1][:3].lower()], int(m[2]))
                else:
                    d = date(int(m[3]), MONTHS[m[2][:3].lower()], int(m[1]))
            except (ValueError, KeyError):
                continue
            if not 1950 <= d.year <= 2100:
                continue
            found.append((m.start(), d.isoformat()))
            taken.append(range(m.start(), m.end()))
    return sorted(found)


def first_date(text: str) -> str | None:
    dates = find_dates(text)
    return dates[0][1] if dates else None


def only_date(text: str) -> str | None:
    """The date when text is a date and little else (a value cell), else None."""
    dates = find_dates(text)
    if len(dates) != 1:
        return None
    rest = re.sub(r"[\s,.:;()\-\u2013\u2014]+", " ", _remove_dates(text)).strip()
    return dates[0][1] if len(rest) <= 12 else None


def _remove_dates(text: str) -> str:
    for pattern, _ in DATE_PATTERNS:
        text = pattern.sub(" ", text)
    return text


# ---------------------------------------------------------------- terms

SEASONS = {"FA": "Fall", "FALL": "Fall", "AUTUMN": "Fall", "AU": "Fall", "FL": "Fall", "FAL": "Fall",
           "SP": "Spring", "SPRING": "Spring", "SPR": "Spring", "SU": "Summer", "SUMMER": "Summer", "SM": "Summer",
           "SUM": "Summer", "SS": "Summer", "WI": "Winter", "WINTER": "Winter", "WIN": "Winter", "WN": "Winter"}
_SEASON_WORDS = ("FALL", "AUTUMN", "SPRING", "SUMMER", "WINTER")
_SEASON_WORD = f"({'|'.join(_SEASON_WORDS)})"
_SEASON_CODE = r"(FA|SP|SU|WI|SM|FL|SPR|SUM|FAL|WIN)"
# 'Summer Session I': OCR reads the numeral as | or l.
_PERIOD = r"(?:\s+(?:SEMESTER|QUARTER|TERM|SESSION(?:\s+(?:I{1,3}|[12AB]|\||l{1,2}))?|INTERSESSION))?"
TERM_PATTERNS = [
    re.compile(rf"\b{_SEASON_WORD}{_PERIOD}\s*,?\s*(\d{{4}}|'\d{{2}}|\u2019\d{{2}})(?!\d)", re.I),
    re.compile(rf"\b(\d{{4}})\s*[-/ ]?\s*{_SEASON_WORD}{_PERIOD}\b", re.I),
    re.compile(rf"\b(\d{{4}})\s*[-/ ]?\s*{_SEASON_CODE}\b"),
    re.compile(rf"\b{_SEASON_CODE}\s*[-/ ]?\s*(\d{{4}}|'?\d{{2}})(?![\d.])"),
]


# An academic year with its season ('2021-22 Fall', 'Spring 2021-2022'): fall opens the year, the rest close it.
ACADEMIC_YEAR_PATTERNS = [
    re.compile(rf"\b(\d{{4}})\s*[-/\u2013]\s*(\d{{4}}|\d{{2}})\s*,?\s*{_SEASON_WORD}{_PERIOD}\b", re.I),
    re.compile(rf"\b{_SEASON_WORD}{_PERIOD}\s*,?\s*(\d{{4}})\s*[-/\u2013]\s*(\d{{4}}|\d{{2}})(?!\d)", re.I),
]
# Colleague's '21/FA' and a year written before its season code with a slash.
_SHORT_YEAR_CODE = re.compile(rf"\b(\d{{2}})\s*/\s*{_SEASON_CODE}\b")


def _academic_year_term(text: str) -> tuple[str, int, int] | None:
    for pattern in ACADEMIC_YEAR_PATTERNS:
        m = pattern.search(text)
        if m is None:
            continue
        groups = [g for g in m.groups() if g]
        season = next(g for g in groups if not g[0].isdigit())
        first, second = (g for g in groups if g[0].isdigit())
        start = int(first)
        end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
        if end != start + 1 or not 1950 <= start <= 2100:
            continue
        name = SEASONS[season.upper()]
        return f"{name} {start if name == 'Fall' else end}", m.start(), m.end()
    return None


def find_term(text: str) -> tuple[str, int, int] | None:
    """A term such as 'Fall 2021' however printed, with its span: the leftmost match wins."""
    # OCR glues a code to its name with an underscore ('16/SP_Spring 2016'); same length, so spans hold.
    text = text.replace("_", " ")
    best: tuple[str, int, int] | None = _academic_year_term(text)
    if best is None and (m := _SHORT_YEAR_CODE.search(text)) is not None:
        best = (f"{SEASONS[m[2].upper()]} {2000 + int(m[1]) if int(m[1]) < 50 else 1900 + int(m[1])}",
                m.start(), m.end())
    if best is not None:
        return best
    for pattern in TERM_PATTERNS:
        for m in pattern.finditer(text):
            a, b = m[1], m[2]
            season, year = (b, a) if a[0].isdigit() else (a, b)
            year_value = _year(year.lstrip("'\u2019")) if len(year.lstrip("'\u2019")) == 2 else int(year)
            if not 1950 <= year_value <= 2100:
                continue
            term = f"{SEASONS[season.upper()]} {year_value}"
            if best is None or m.start() < best[1]:
                best = (term, m.start(), m.end())
            break
    return best


_MISREAD_TERM = re.compile(r"^[\s|]*([0-9DOQ]?[0-9]{2}|[0-9DOQ][0-9]{3})\s+([A-Za-z]{3,7})\s+([A-Za-z]{4,9})\b")
_PERIOD_WORDS = ("QUARTER", "SEMESTER", "SESSION", "TERM")


def find_misread_term(text: str) -> tuple[str, int, int] | None:
    """A row that opens with a term OCR misread ('D13 Fall Quaner', '214 Winer Quarter'): a year whose first one
    or two characters are lost or lookalikes, a season one letter off, and what a period is called (two letters
    off), which says the words are a term and not a title ('101 Fall Prevention'). The year is read from its
    last two digits. Never sure; for a row whose term read as none, where the alternative is none or the row
    above's."""
    m = _MISREAD_TERM.match(text)
    if m is None or not any(_edits(m[3].upper(), word) <= 2 for word in _PERIOD_WORDS):
        return None
    season = next((name for name in _SEASON_WORDS if _edits(m[2].upper(), name) <= 1), None)
    year = _year(m[1][-2:])
    if season is None or year > clock.today().year:
        return None
    return f"{SEASONS[season]} {year}", m.start(1), m.end()


def _edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def term_heading(text: str) -> str | None:
    """The term when a line is a term heading ('FALL 2021', 'Term: Fall Semester 2021', 'Spring '22')."""
    found = find_term(text)
    if not found:
        return None
    rest = (text[:found[1]] + " " + text[found[2]:]).lower()
    rest = re.sub(r"\b(term|semester|quarter|session|academic|year|period|[0-9]{4}\s*-\s*[0-9]{2,4})\b|[:\-\u2013|()]",
                  " ", rest)
    return found[0] if len(rest.strip()) <= 3 else None


# ---------------------------------------------------------------- grades, units, codes

# Letter grades and the marks registrars print instead: pass/credit, withdrawals (WF, WP), incomplete (INC),
# in progress, audit, no grade or not reported (NG, NR), transfer credit (TR).
GRADE = re.compile(r"^(?:[ABCDF][+-]?|P|NP|W|CR|NC|I|IP|AU|NG|NR|RD|S|U|WU|EW|MW|WF|WP|INC|TR)$")
GRADE_POINTS = {"A+": 4.0, "A": 4.0, "A-": 3.7, "B+": 3.3, "B": 3.0, "B-": 2.7, "C+": 2.3, "C": 2.0, "C-": 1.7,
                "D+": 1.3, "D": 1.0, "D-": 0.7, "F": 0.0}
# What OCR makes of a printed letter grade, seen on scans and phone photos.
_GRADE_LOOKALIKES = {"©": "C", "CC": "C", "(": "C", "€": "C", "8": "B", "0": "D", "PP": "P", "FR": "F", "FF": "F",
                     "E": "F", "Â": "A", "4": "A", "4-": "A-", "8+": "B+", "8-": "B-", "AT": "A+", "BT": "B+",
                     "CT": "C+", "DT": "D+", "AL": "A-", "C~": "C-", "B~": "B-", "A~": "A-", "D~": "D-",
                     "VW": "W", "WW": "W", "G": "C", "B4": "B+", "Bt": "B+", "At": "A+", "Ct": "C+"}


def normalise_grade(token: str) -> tuple[str | None, bool]:
    """(grade, exact): exact is False when the token had to be read as a lookalike."""
    cleaned = token.strip().strip("|:;,.").replace("\u2014", "-").replace("\u2013", "-").replace("\u2212", "-")
    if GRADE.match(cleaned):
        return cleaned, True
    upper = cleaned.upper()
    if GRADE.match(upper):
        return upper, False
    if upper in _GRADE_LOOKALIKES:
        return _GRADE_LOOKALIKES[upper], False
    if cleaned in _GRADE_LOOKALIKES:
        return _GRADE_LOOKALIKES[cleaned], False
    return None, False


def grade_from_points(units: float, points: float) -> str | None:
    """The letter grade whose grade points times units give the printed points, if exactly one does."""
    if units <= 0:
        return None
    matches = [g for g, value in GRADE_POINTS.items() if g != "A+" and abs(value * units - points) < 0.051]
    return matches[0] if len(matches) == 1 else None


def points_agree(units: float, grade: str, points: float) -> bool | None:
    """Whether printed grade points equal units x the grade's value (None when the grade carries no points)."""
    value = GRADE_POINTS.get(grade)
    if value is None:
        return None
    return abs(value * units - points) < 0.051


_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})?$")
_DIGIT_LOOKALIKES = str.maketrans({"S": "5", "s": "5", "O": "0", "o": "0", "l": "1", "I": "1", "|": "1",
                                   ":": ".", ",": ".", "B": "8"})


def parse_units(token: str) -> tuple[float | None, bool]:
    """(number, exact) for a units, hours or points cell; OCR lookalikes are repaired but not exact."""
    token = token.strip().rstrip(".")
    if _NUMBER.match(token):
        return float(token), True
    repaired = token.translate(_DIGIT_LOOKALIKES)
    if _NUMBER.match(repaired) and sum(ch.isdigit() for ch in token) >= max(1, len(token) - 2):
        return float(repaired), False
    return None, False


def parse_number(text: str) -> float | None:
    m = re.search(r"\d+(?:\.\d+)?", text.replace(",", "."))
    return float(m[0]) if m else None


_NOT_SUBJECTS = {"GPA", "TOTAL", "TOTALS", "UNITS", "TERM", "PAGE", "ID", "NO", "DOB", "CUM", "QP", "GP", "ATT",
                 "EARNED", "HRS", "AND", "THE", "OF", "FOR", "IN", "TO", "PTS", "CR", "NC", "UG", "GR", "LD", "UD",
                 "SSN", "FERPA", "CA", "PO", "BOX", "ST", "AVE", "RD", "DR", "SEM", "QTR", "AB", "AA", "AS", "BA",
                 "BS", "MA", "MS", "FALL", "SPRING", "SUMMER", "WINTER", "FA", "SP", "SU", "WI", "SM", "SPR", "SUM",
                 "FAL", "WIN", "FL", "AU", "WN", "SS"}
CODE = re.compile(r"^([A-Z]{2,5})(?:\s*[-.]?\s*)(\d{1,4}[A-Z]{0,2})$")
SUBJECT = re.compile(r"^[A-Z]{2,5}$")
COURSE_NUMBER = re.compile(r"^\d{1,4}[A-Z]{0,2}$")
_NUMBER_LOOKALIKES = str.maketrans("lIOo", "1100")


def course_code(token: str) -> str | None:
    """'CHLD 101' for CHLD 101, CHLD-101, CHLD101 or CD 10A (one token)."""
    m = CODE.match(token.strip(",;:|"))
    if not m or m[1] in _NOT_SUBJECTS:
        return None
    return f"{m[1]} {m[2]}"


def subject(token: str) -> bool:
    return bool(SUBJECT.match(token)) and token not in _NOT_SUBJECTS


def course_number(token: str) -> str | None:
    token = token.strip(",;:|")
    if COURSE_NUMBER.match(token):
        return token
    repaired = token[0] + token[1:].translate(_NUMBER_LOOKALIKES) if token else ""
    if repaired and repaired[0].isdigit() and COURSE_NUMBER.match(repaired):
        return repaired
    return None


# ---------------------------------------------------------------- names

PARTICLES = {"de", "del", "la", "las", "los", "van", "von", "da", "di", "du", "le", "bin", "ibn", "y", "der", "dos"}


def clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    # OCR noise after a name ("Zoë Ødegaard, i j"): keep the run of capitalised words and initials.
    words = text.split(" ")
    kept: list[str] = []
    for word in words:
        bare = word.strip(",;:|")
        if bare and (bare[0].isupper() or (kept and bare.lower() in PARTICLES)):
            kept.append(bare if word.endswith((",", ";", ":", "|")) else word)
            if word.endswith((",", ";", ":", "|")):
                break
        else:
            break
    text = " ".join(kept) if len(kept) >= 2 else text
    text = re.sub(r"[,;:|]+$", "", text)
    if text.isupper():
        text = " ".join(_capitalise(part) for part in text.split())
    return text


def _capitalise(word: str) -> str:
    if re.match(r"^[A-Z]\.$", word):
        return word
    return "-".join("'".join(p.capitalize() for p in piece.split("'")) for piece in word.split("-"))


def name_in_order(text: str) -> str:
    """'WASHINGTON, MEI A.' -> 'Mei A. Washington': a registrar's surname-first order turned to the printed
    given-name-first order the record keeps."""
    if text.count(",") == 1:
        last, given = (part.strip() for part in text.split(","))
        if last and given and len(given.split()) <= 3 and len(last.split()) <= 3:
            return f"{given} {last}"
    return text


def similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a.lower(), b.lower()).ratio()
