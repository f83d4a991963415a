"""Issue and expiry dates, shared by the types that have a period of validity (permits, CDA credentials)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from chalicelib.extraction.evidence import POSITION, Reading
from chalicelib.extraction.labels import Label, find_labelled
from chalicelib.extraction.layout import Line
from chalicelib.extraction.values import find_dates, only_date

DISTRACTOR_CONTEXT = re.compile(
    r"\b(print\w*|birth|dob|search\w*|generated|verified|verification|received|application|approv\w*|visit|"
    r"as of|today|letter|signed|original|submitted|posted|report date|record date|date issued:? \d)", re.I)
_RANGE = re.compile(r"\b(valid|effective|term of validity|validity|period|from)\b.*?\b(through|to|until|thru)\b|"
                    r"\d\s*(?:-|\u2013|\u2014|to|through|thru)\s*\w", re.I)
_ISSUE_SENTENCE = re.compile(r"\b(issued|granted|awarded|renewed|effective)\b(?:\s+\w+){0,2}\s+(?:on\s+)?$", re.I)
_EXPIRY_SENTENCE = re.compile(r"\b(expires?|expiring|valid\s+(?:until|through|thru)|good\s+through)\b"
                              r"(?:\s+\w+){0,2}\s*(?:on\s+)?$", re.I)


def _date_value(text: str) -> str | None:
    return only_date(text)


def _years_apart(a: str, b: str) -> float:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days / 365.25


def validity_dates(lines: Sequence[Line], issue_labels: Sequence[Label], expiry_labels: Sequence[Label], *,
                   years: tuple[int, ...]) -> tuple[Reading | None, Reading | None]:
    issued = find_labelled(lines, issue_labels, _date_value, above=True,
                           skip=lambda ln: bool(DISTRACTOR_CONTEXT.search(ln.text)))
    expires = find_labelled(lines, expiry_labels, _date_value, above=True,
                            skip=lambda ln: bool(DISTRACTOR_CONTEXT.search(ln.text)))
    if issued is None or expires is None:
        ranged = _range(lines)
        if ranged:
            issued = issued or ranged[0]
            expires = expires or ranged[1]
    if issued is None or expires is None:
        sentence_issue, sentence_expiry = _sentences(lines)
        issued = issued or sentence_issue
        expires = expires or sentence_expiry
    if issued is None or expires is None:
        guessed = _by_shape(lines, years)
        if guessed:
            issued = issued or guessed[0]
            expires = expires or guessed[1]
    if issued is not None and expires is not None:
        apart = _years_apart(issued.value, expires.value)
        if apart <= 0:
            factor = 0.3
        elif any(abs(apart - y) < 0.02 for y in years):
            factor = 1.0
        else:
            factor = 0.85
        issued, expires = issued.with_evidence(cross_check=factor), expires.with_evidence(cross_check=factor)
    else:
        issued = issued.with_evidence(cross_check=0.9) if issued else None
        expires = expires.with_evidence(cross_check=0.9) if expires else None
    return issued, expires


def _words(line: Line) -> tuple[str, ...]:
    return tuple(w.block_id for w in line.words if w.block_id)


def _range(lines: Sequence[Line]) -> tuple[Reading, Reading] | None:
    for line in lines:
        if DISTRACTOR_CONTEXT.search(line.text):
            continue
        dates = find_dates(line.text)
        if len(dates) == 2 and _RANGE.search(line.text):
            evidence = {"ocr": line.confidence, "position": POSITION["sentence"]}
            return (Reading(dates[0][1], evidence, _words(line)), Reading(dates[1][1], evidence, _words(line)))
    return None


def _sentences(lines: Sequence[Line]) -> tuple[Reading | None, Reading | None]:
    issued = expires = None
    for line in lines:
        text = line.text
        for position, iso in find_dates(text):
            before = text[max(0, position - 40):position]
            evidence = {"ocr": line.confidence, "position": POSITION["sentence"]}
            if issued is None and _ISSUE_SENTENCE.search(before) and not DISTRACTOR_CONTEXT.search(before):
                issued = Reading(iso, evidence, _words(line))
            elif expires is None and _EXPIRY_SENTENCE.search(before):
                expires = Reading(iso, evidence, _words(line))
    return issued, expires


def _by_shape(lines: Sequence[Line], years: tuple[int, ...]) -> tuple[Reading, Reading] | None:
    """No labels understood: two dates a whole validity period apart, the earlier issued."""
    candidates: list[tuple[str, Line]] = []
    for line in lines:
        if DISTRACTOR_CONTEXT.search(line.text):
            continue
        candidates += [(iso, line) for _, iso in find_dates(line.text)]
    for i, (a, line_a) in enumerate(candidates):
        for b, line_b in candidates[i + 1:]:
            first, second = sorted(((a, line_a), (b, line_b)))
            if any(abs(_years_apart(first[0], second[0]) - y) < 0.02 for y in years):
                return (Reading(first[0], {"ocr": first[1].confidence, "position": POSITION["shape_only"]}),
                        Reading(second[0], {"ocr": second[1].confidence, "position": POSITION["shape_only"]}))
    return None
