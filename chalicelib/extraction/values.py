"""Normalising printed values: dates, numbers, grades, terms, names."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH_NAME = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|" \
              r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATE_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b"), "mdy"),
    (re.compile(rf"\b{_MONTH_NAME}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), "Mdy"),
    (re.compile(rf"\b(\d{{1,2}})\s+{_MONTH_NAME},?\s+(\d{{4}})\b", re.I), "dMy"),
]


def find_dates(text: str) -> list[tuple[int, str]]:
    """Every date in text as (position, ISO string), in reading order."""
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for pattern, order in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() in r for r in taken):
                continue
            try:
                if order == "ymd":
                    d = date(int(m[1]), int(m[2]), int(m[3]))
                elif order == "mdy":
                    d = date(int(m[3]), int(m[1]), int(m[2]))
                elif order == "Mdy":
                    d = date(int(m[3]), MONTHS[m[1][:3].lower()], int(m[2]))
                else:
                    d = date(int(m[3]), MONTHS[m[2][:3].lower()], int(m[1]))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), d.isoformat()))
            taken.append(range(m.start(), m.end()))
    return sorted(found)


def first_date(text: str) -> str | None:
    dates = find_dates(text)
    return dates[0][1] if dates else None


SEASONS = {"FA": "Fall", "FALL": "Fall", "SP": "Spring", "SPRING": "Spring", "SU": "Summer", "SUMMER": "Summer",
           "WI": "Winter", "WINTER": "Winter", "SM": "Summer", "SPR": "Spring", "FAL": "Fall", "SUM": "Summer",
           "WIN": "Winter"}
TERM_PATTERNS = [
    re.compile(r"\b(FALL|SPRING|SUMMER|WINTER)\s*(?:SEMESTER|QUARTER|TERM|SESSION)?\s*['\u2019]?(\d{4})\b", re.I),
    re.compile(r"\b(\d{4})\s*(FA|SP|SU|WI|SM|FALL|SPRING|SUMMER|WINTER)\b", re.I),
    re.compile(r"\b(FA|SP|SU|WI|SM)\s*[-/]?\s*(\d{4})\b", re.I),
]


def find_term(text: str) -> tuple[str, int, int] | None:
    """A term such as 'Fall 2021' however printed, with its span."""
    best: tuple[str, int, int] | None = None
    for pattern in TERM_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        a, b = m[1], m[2]
        season, year = (b, a) if a.isdigit() else (a, b)
        term = f"{SEASONS[season.upper()]} {year}"
        if best is None or m.start() < best[1]:
            best = (term, m.start(), m.end())
    return best


GRADE = re.compile(r"^(?:[ABCDF][+-]?|P|NP|W|CR|NC|I|IP|AU)$")
GRADE_POINTS = {"A+": 4.0, "A": 4.0, "A-": 3.7, "B+": 3.3, "B": 3.0, "B-": 2.7, "C+": 2.3, "C": 2.0, "C-": 1.7,
                "D+": 1.3, "D": 1.0, "D-": 0.7, "F": 0.0}
# What OCR makes of a printed letter grade, seen on scans and phone photos.
_GRADE_LOOKALIKES = {"©": "C", "CC": "C", "(": "C", "€": "C", "8": "B", "0": "D", "PP": "P", "FR": "F", "FF": "F",
                     "E": "F", "Â": "A", "4": "A", "4-": "A-", "8+": "B+", "8-": "B-", "AT": "A+", "BT": "B+",
                     "CT": "C+", "DT": "D+", "AL": "A-", "C~": "C-", "B~": "B-", "A~": "A-", "D~": "D-",
                     "VW": "W", "WW": "W", "G": "C"}


def normalise_grade(token: str) -> tuple[str | None, bool]:
    """(grade, exact): exact is False when the token had to be read as a lookalike."""
    cleaned = token.strip().replace("\u2014", "-").replace("\u2013", "-")
    if GRADE.match(cleaned):
        return cleaned, True
    upper = cleaned.upper()
    if GRADE.match(upper):
        return upper, False
    if upper in _GRADE_LOOKALIKES:
        return _GRADE_LOOKALIKES[upper], False
    return None, False


def grade_from_points(units: float, points: float) -> str | None:
    """The letter grade whose grade points times units give the printed points, if exactly one does."""
    if units <= 0:
        return None
    matches = [g for g, value in GRADE_POINTS.items() if g != "A+" and abs(value * units - points) < 0.051]
    return matches[0] if len(matches) == 1 else None


def parse_number(text: str) -> float | None:
    m = re.search(r"\d+(?:\.\d+)?", text.replace(",", "."))
    return float(m[0]) if m else None


def clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    # OCR noise after a name ("Zoë Ødegaard, i j"): keep the run of capitalised words and initials.
    words = text.split(" ")
    kept: list[str] = []
    for word in words:
        bare = word.strip(",;:|")
        if bare and (bare[0].isupper() or (kept and bare.lower() in {"de", "la", "del", "van", "von", "da", "di"})):
            kept.append(bare if word.endswith((",", ";", ":", "|")) else word)
            if word.endswith((",", ";", ":", "|")):
                break
        else:
            break
    text = " ".join(kept) if len(kept) >= 2 else text
    text = re.sub(r"[,;:|]+$", "", text)
    if text.isupper():
        text = " ".join(part.capitalize() if not re.match(r"^[A-Z]\.$", part) else part for part in text.split())
    return text


def similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a.lower(), b.lower()).ratio()
