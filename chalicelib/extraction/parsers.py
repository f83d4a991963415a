"""Classifier and one parser per document type, from lines to the fields of shared/corpus/SCHEMA.md.

The parsers look for what a person looks for (labels, the certify-that sentence,
rows that read like a course), not for positions on one template, so that
unseen layouts still read. Each field carries a confidence in [0, 1]: the OCR
confidence of the words it came from times how sure the rule that found it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from chalicelib.extraction.layout import Line
from chalicelib.extraction.values import (
    clean_name,
    find_dates,
    find_term,
    first_date,
    grade_from_points,
    normalise_grade,
    parse_number,
    similar,
)

PERMIT_TITLES = {
    "Site Supervisor": "Child Development Site Supervisor Permit",
    "Program Director": "Child Development Program Director Permit",
    "Master Teacher": "Child Development Master Teacher Permit",
    "Associate Teacher": "Child Development Associate Teacher Permit",
    "Assistant": "Child Development Assistant Permit",
    "Teacher": "Child Development Teacher Permit",
}
CDA_SETTINGS = {"preschool": "Preschool", "infant-toddler": "Infant-Toddler", "infant/toddler": "Infant-Toddler",
                "infant toddler": "Infant-Toddler", "family child care": "Family Child Care",
                "home visitor": "Home Visitor"}
COMPETENCY_AREAS = (
    "Child Development and Learning", "Culture, Diversity and Equity", "Relationships, Interactions, and Guidance",
    "Family and Community Engagement", "Dual-Language Development",
    "Observation, Screening, Assessment, and Documentation", "Special Needs and Inclusion",
    "Learning Environments and Curriculum", "Health, Safety, and Nutrition", "Leadership in Early Childhood Education",
    "Professionalism", "Administration and Supervision",
)


@dataclass
class Fields:
    values: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)

    def set(self, name: str, value: Any, confidence: float) -> None:
        if value is None or value == "":
            return
        if name not in self.values or confidence > self.confidence.get(name, 0):
            self.values[name] = value
            self.confidence[name] = round(max(0.0, min(1.0, confidence)), 3)


@dataclass(frozen=True, slots=True)
class Found:
    text: str
    confidence: float
    line_index: int


def _label_regex(labels: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(label).replace(r"\ ", r"\s*") for label in labels)
    return re.compile(rf"^\s*(?:{alternatives})\s*[:#.\-]?\s*(.*)$", re.I)


def _fuzzy_label(text: str, labels: Iterable[str]) -> str | None:
    """The rest of the cell after a label OCR misread slightly ("Derument Number:"), else None."""
    head, sep, rest = text.partition(":")
    if not sep:
        return None
    for label in labels:
        if len(label) >= 6 and similar(head.strip(), label) >= 0.8:
            return rest
    return None


def find_labelled(lines: list[Line], labels: Iterable[str], *, accept: Callable[[str], bool] | None = None,
                  same_line_only: bool = False) -> Found | None:
    """The value printed after a label: in the same cell, the next cell, or the line below."""
    labels = tuple(labels)
    pattern = _label_regex(labels)
    for i, line in enumerate(lines):
        for j, cell in enumerate(line.cells):
            m = pattern.match(cell.text)
            penalty = 1.0
            if m:
                rest = m[1].strip()
            else:
                fuzzy = _fuzzy_label(cell.text, labels)
                if fuzzy is None:
                    continue
                rest, penalty = fuzzy.strip(), 0.95
            candidates: list[tuple[str, float]] = []
            if rest:
                candidates.append((rest, cell.confidence * penalty))
            if j + 1 < len(line.cells):
                nxt = line.cells[j + 1]
                candidates.append((nxt.text, nxt.confidence * penalty))
            if not same_line_only and i + 1 < len(lines) and not rest and j + 1 >= len(line.cells):
                below = lines[i + 1]
                near = [c for c in below.cells if abs(c.left - cell.left) < 0.2] or list(below.cells[:1])
                if near:
                    candidates.append((near[0].text, near[0].confidence * 0.9))
            for text, conf in candidates:
                # A table rule beside a value is often read as a dash or a bar: drop it from the edges.
                text = text.strip(" |_-\u2013\u2014")
                if text and (accept is None or accept(text)):
                    return Found(text, conf, i)
    return None


def _all_text(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines)


def classify(lines: list[Line]) -> tuple[str | None, float]:
    text = _all_text(lines).lower()
    scores = {
        "transcript": sum(k in text for k in ("transcript", "academic record", "gpa", "units", "credits", "grade",
                                               "term totals", "course title", "cumulative")),
        "permit": sum(k in text for k in ("commission on teacher credentialing", "permit", "document number",
                                           "document no", "credentialing")) + 2 * ("child development" in text
                                                                                    and "permit" in text),
        "cda_credential": sum(k in text for k in ("council for professional recognition", "cda", "credential id",
                                                   "child development associate (cda)", "setting")) * 1.5,
        "training_certificate": sum(k in text for k in ("certificate of completion", "training", "hours",
                                                         "competency", "sponsor", "professional development")),
    }
    if "cda" in text and "council for professional recognition" in text:
        scores["cda_credential"] += 3
    best = max(scores, key=lambda k: scores[k])
    total = sum(scores.values()) or 1
    if scores[best] == 0:
        return None, 0.0
    return best, round(min(1.0, 0.5 + scores[best] / total / 2), 3)


# ---------------------------------------------------------------- names

_CERTIFY = re.compile(r"(certif(?:y|ies) that|awards?(?: the)?|awarded to|presented to|^to$|this is to certify)", re.I)
_NAME_LABELS = ("Student Name", "Student", "Name", "Educator", "Participant", "Holder", "Applicant", "Awarded to",
                "Recipient", "Candidate")
_NAME_OK = re.compile(r"^[^\d@]{3,60}$")


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not (1 < len(words) <= 5) or not _NAME_OK.match(text):
        return False
    lowered = text.lower()
    stop = ("credential", "permit", "certificate", "council", "commission", "college", "university", "has ",
            "completed", "setting", "child development", "the ", "date", "hours", "training")
    if any(s in lowered for s in stop):
        return False
    # Every word a capitalised name, an initial or a particle: OCR specks ("fad ~") are not names.
    particles = {"de", "del", "la", "las", "los", "van", "von", "da", "di", "du", "le", "bin", "ibn", "y"}
    for word in words:
        bare = word.strip(",.")
        if bare.lower() in particles:
            continue
        if not bare or not bare[0].isupper() or sum(ch.isalpha() for ch in bare) < max(1, len(bare) - 2):
            return False
    return True


def find_person_name(lines: list[Line]) -> tuple[str | None, float]:
    found = find_labelled(lines, _NAME_LABELS, accept=_looks_like_name)
    if found:
        return clean_name(found.text), found.confidence
    for line in lines:
        m = re.match(r"^\s*Dear\s+([^,:;]+)", line.text, re.I)
        if m and _looks_like_name(m[1]):
            return clean_name(m[1]), line.confidence
    for i, line in enumerate(lines):
        if _CERTIFY.search(line.text):
            for nxt in lines[i + 1:i + 4]:
                if _looks_like_name(nxt.text):
                    return clean_name(nxt.text), nxt.confidence * 0.95
    return None, 0.0


# ---------------------------------------------------------------- permit

_DOC_NUMBER = re.compile(r"^[A-Z]{0,3}\d{6,12}$")


def _doc_number(text: str) -> str | None:
    candidate = re.sub(r"[\s\-.]", "", text.upper())
    candidate = candidate.replace("O", "0") if re.match(r"^[A-Z]?[0-9O]{6,12}$", candidate) and candidate[1:].count(
        "O") else candidate
    return candidate if _DOC_NUMBER.match(candidate) else None


def _permit_title(text: str) -> str | None:
    lowered = re.sub(r"\s+", " ", text.lower())
    if "permit" not in lowered or "substitute" in lowered or "emergency" in lowered:
        return None
    for key, title in PERMIT_TITLES.items():
        if key.lower() in lowered:
            return title
    return None


def parse_permit(lines: list[Line]) -> Fields:
    fields = Fields()
    # A table of documents (a credential search result): the first child development permit row.
    for line in lines:
        title = _permit_title(line.text)
        dates = find_dates(line.text)
        if title and len(dates) >= 2:
            numbers = [n for c in line.cells if (n := _doc_number(c.text))]
            fields.set("permit_title", title, line.confidence)
            if numbers:
                fields.set("document_number", numbers[0], line.confidence)
            fields.set("issued_on", dates[0][1], line.confidence)
            fields.set("expires_on", dates[1][1], line.confidence)
            break
    if "permit_title" not in fields.values:
        for line in lines:
            title = _permit_title(line.text)
            if title:
                fields.set("permit_title", title, line.confidence * 0.98)
                break
    number = find_labelled(lines, ("Document Number", "Document No", "Permit Number", "Permit No", "Doc No",
                                   "Document #", "Credential Number", "Certificate Number"),
                           accept=lambda t: _doc_number(t) is not None)
    if number:
        fields.set("document_number", _doc_number(number.text), number.confidence)
    _validity_dates(lines, fields, ("Issued", "Issue Date", "Date Issued", "Date of Issue", "Valid From",
                                    "Effective", "Effective Date", "Issued on", "Granted", "Date Granted",
                                    "Issuance Date"))
    return fields


def _validity_dates(lines: list[Line], fields: Fields, issue_labels: tuple[str, ...]) -> None:
    """Issue and expiry dates by their labels, else a 'valid ... through ...' phrase."""
    issued = find_labelled(lines, issue_labels, accept=lambda t: first_date(t) is not None)
    if issued:
        fields.set("issued_on", first_date(issued.text), issued.confidence)
    expires = find_labelled(lines, EXPIRY_LABELS, accept=lambda t: first_date(t) is not None)
    if expires:
        fields.set("expires_on", first_date(expires.text), expires.confidence)
    _valid_range(lines, fields)


EXPIRY_LABELS = ("Expires", "Expiration Date", "Expiration", "Valid Through", "Valid Until", "Expires on",
                 "Date of Expiration", "Exp Date", "Exp. Date", "Expiry Date", "Expiry", "Good Through")


def _valid_range(lines: list[Line], fields: Fields) -> None:
    """'Valid 07/24/2022 through 07/24/2027' printed as one phrase."""
    if "issued_on" in fields.values and "expires_on" in fields.values:
        return
    for line in lines:
        if re.search(r"\b(valid|effective)\b.*\b(through|to|until)\b", line.text, re.I):
            dates = find_dates(line.text)
            if len(dates) >= 2:
                fields.set("issued_on", dates[0][1], line.confidence * 0.95)
                fields.set("expires_on", dates[1][1], line.confidence * 0.95)
                return


# ---------------------------------------------------------------- CDA

def _cda_setting(text: str) -> str | None:
    lowered = text.lower()
    for key, value in CDA_SETTINGS.items():
        if key in lowered:
            return value
    return None


def parse_cda(lines: list[Line]) -> Fields:
    fields = Fields()
    ident = find_labelled(lines, ("Credential ID", "CDA ID", "CDA Credential ID", "Credential Number", "CDA Number",
                                  "ID Number", "Credential #", "CDA #"),
                          accept=lambda t: re.search(r"\d{5,}", t) is not None)
    if ident:
        m = re.search(r"[A-Z]{0,3}\d[\d\s\-]{4,}\d", ident.text.upper())
        if m:
            fields.set("credential_id", re.sub(r"[\s\-]", "", m[0]), ident.confidence)
    setting = find_labelled(lines, ("Setting", "Credential Setting", "Setting Type"),
                            accept=lambda t: _cda_setting(t) is not None)
    if setting:
        fields.set("setting", _cda_setting(setting.text), setting.confidence)
    else:
        for line in lines:
            value = _cda_setting(line.text)
            if value and ("setting" in line.text.lower() or len(line.text) < 40):
                fields.set("setting", value, line.confidence * 0.95)
                break
    _validity_dates(lines, fields, ("Awarded", "Award Date", "Date Awarded", "Date of Award", "Renewal date",
                                    "Renewed", "Renewal Effective", "Issued", "Issue Date", "Date Issued",
                                    "Effective"))
    return fields


# ---------------------------------------------------------------- training

def _competency(text: str) -> tuple[str | None, float]:
    best, score = None, 0.0
    cleaned = re.sub(r"\s+", " ", text).strip()
    for area in COMPETENCY_AREAS:
        s = similar(cleaned, area)
        if s > score:
            best, score = area, s
    return (best, score) if score >= 0.8 else (None, 0.0)


DISTRACTOR_DATE = re.compile(r"\b(print|printed|birth|dob|approv|registry|search|expir|valid through|letter)\w*")


def parse_training(lines: list[Line]) -> Fields:
    fields = Fields()
    title = find_labelled(lines, ("Training Title", "Training", "Course Title", "Workshop", "Session", "Course",
                                  "Title", "Class"), accept=lambda t: len(t) > 3 and not first_date(t))
    if title:
        fields.set("training_title", title.text, title.confidence)
    else:
        for i, line in enumerate(lines):
            if re.search(r"(successfully )?completed|has completed|attended", line.text, re.I) and i + 1 < len(lines):
                nxt = lines[i + 1]
                fields.set("training_title", nxt.text.strip(), nxt.confidence * 0.95)
                break
    hours = find_labelled(lines, ("Hours", "Training Hours", "Clock Hours", "Contact Hours", "Total Hours",
                                  "Credit Hours"),
                          accept=lambda t: parse_number(t) is not None)
    if hours:
        fields.set("hours", parse_number(hours.text), hours.confidence)
    else:
        for line in lines:
            m = re.search(r"(\d+(?:\.\d+)?)\s*(?:training|clock|contact|professional development)?\s*hours?\b",
                          line.text, re.I)
            if m:
                fields.set("hours", float(m[1]), line.confidence * 0.95)
                break
    completed = find_labelled(lines, ("Date Completed", "Completion Date", "Completed on", "Date of Completion",
                                      "Date of Training", "Training Date", "Completed", "Date"),
                              accept=lambda t: first_date(t) is not None, same_line_only=False)
    if completed:
        fields.set("completed_on", first_date(completed.text), completed.confidence)
    else:
        # "... completed 6 hours of training on March 5, 2022": the date on a line about completing.
        for line in lines:
            lowered = line.text.lower()
            if DISTRACTOR_DATE.search(lowered):
                continue
            if re.search(r"\b(complet|attended|held|presented|conducted|date)\w*", lowered) and first_date(line.text):
                fields.set("completed_on", first_date(line.text), line.confidence * 0.8)
                break
    sponsor = find_labelled(lines, ("Sponsor", "Sponsored by", "Training Sponsor", "Provided by", "Presented by",
                                    "Provider", "Training Provider", "Organization"), accept=lambda t: len(t) > 2)
    if sponsor:
        fields.set("sponsor", sponsor.text, sponsor.confidence)
    competency = find_labelled(lines, ("Core Competency", "Competency Area", "Competency", "CA ECE Competency",
                                       "Competency Domain"))
    if competency:
        area, score = _competency(competency.text)
        if area:
            fields.set("competency_area", area, competency.confidence * score)
    if "competency_area" not in fields.values:
        fields.values["competency_area"] = None
        fields.confidence["competency_area"] = 0.8
    return fields


# ---------------------------------------------------------------- transcript

_CODE = re.compile(r"^([A-Z]{2,5})\s*[- ]?\s*(\d{1,4}[A-Z]?)$")
_SUBJECT = re.compile(r"^[A-Z]{2,5}$")
_COURSE_NUMBER = re.compile(r"^\d{1,4}[A-Z]?$")
_UNITS = re.compile(r"^\d{1,2}(?:\.\d{1,2})?$")
_INSTITUTION = re.compile(r"\b(college|university|institute|school of)\b", re.I)


def _course_from_line(line: Line, current_term: str | None) -> tuple[dict[str, Any], float] | None:
    text = line.text
    term_info = find_term(text)
    term = term_info[0] if term_info else current_term
    # Punctuation OCR glues to a course code ("SPAN 185,") is dropped; a title keeps its commas.
    tokens = [t.strip(",;:|") if re.match(r"^[A-Z]{2,5}[-]?\d{0,4}[A-Z]?[,;:|]+$", t) else t for t in text.split()]
    tokens = [t for t in tokens if t]
    # Find code: SUBJ NUM (one or two tokens).
    code, code_end = None, -1
    for i, tok in enumerate(tokens):
        if _SUBJECT.match(tok) and i + 1 < len(tokens):
            number = _course_number(tokens[i + 1])
            if number:
                code, code_end = f"{tok} {number}", i + 2
                break
        m = re.match(r"^([A-Z]{2,5})-?(\d{1,4}[A-Z]?)$", tok)
        if m:
            code, code_end = f"{m[1]} {m[2]}", i + 1
            break
    if code is None or term is None:
        return None
    rest = tokens[code_end:]
    # Units then grade (then, on many transcripts, grade points), read from the right.
    for i in range(len(rest) - 2, 0, -1):
        units = _units(rest[i])
        if units is None:
            continue
        grade, exact = normalise_grade(rest[i + 1])
        points = _units(rest[i + 2], decimal_expected=True) if i + 2 < len(rest) else None
        from_points = grade_from_points(units, points) if points is not None else None
        confidence = line.confidence
        if grade is None or (from_points is not None and from_points != grade and not exact):
            if from_points is None:
                continue
            grade, confidence = from_points, confidence * 0.9
        elif from_points is not None and from_points == grade:
            confidence = max(confidence, 0.97)
        elif not exact:
            confidence *= 0.85
        title = " ".join(rest[:i])
        if term_info and term_info[0] in title:
            title = title.replace(term_info[0], "").strip()
        if units != round(units * 2) / 2:
            # Course units come in halves (or quarter-system thirds); 3.9 is more likely a misread 3.5.
            confidence *= 0.6
        return ({"term": term, "code": code, "title": _clean_title(title), "units": units, "grade": grade},
                confidence)
    # Some registrars print the grade before the units ("... Child Growth  A  3.0").
    for i in range(len(rest) - 1, 1, -1):
        units = _units(rest[i])
        grade, exact = normalise_grade(rest[i - 1])
        if units is None or grade is None or not exact:
            continue
        title = " ".join(rest[:i - 1])
        if term_info and term_info[0] in title:
            title = title.replace(term_info[0], "").strip()
        return ({"term": term, "code": code, "title": _clean_title(title), "units": units, "grade": grade},
                line.confidence * 0.9)
    return None


_DIGIT_LOOKALIKES = str.maketrans({"S": "5", "s": "5", "O": "0", "o": "0", "l": "1", "I": "1", "|": "1",
                                   ":": ".", ",": ".", "B": "8"})


_NUMBER_LOOKALIKES = str.maketrans("lIOo", "1100")


def _course_number(token: str) -> str | None:
    if _COURSE_NUMBER.match(token):
        return token
    repaired = token[0] + token[1:].translate(_NUMBER_LOOKALIKES) if token else ""
    if repaired and repaired[0].isdigit() and _COURSE_NUMBER.match(repaired):
        return repaired
    return None


def _clean_title(title: str) -> str:
    """Drop OCR specks around a title: stray single lowercase letters and punctuation at either end."""
    def speck(word: str) -> bool:
        return (len(word) == 1 and not word.isupper()) or not any(c.isalnum() for c in word)

    words = title.split()
    # A closing Roman numeral ("Spanish I") is often read as a bar or a lowercase l.
    if len(words) > 1 and words[-1] in {"|", "l", "||", "Il", "ll", "|l", "l|"}:
        words[-1] = "I" * len(words[-1])
    while words and speck(words[-1]):
        words.pop()
    while words and speck(words[0]):
        words.pop(0)
    return " ".join(words).lstrip("-")


def _units(token: str, *, decimal_expected: bool = False) -> float | None:
    token = token.strip().rstrip(".")
    if not _UNITS.match(token):
        # OCR reads "3.5" as "3S", "3:5" or "3s"; only a token that is mostly digits is repaired.
        repaired = token.translate(_DIGIT_LOOKALIKES)
        if not _UNITS.match(repaired) or sum(ch.isdigit() for ch in token) == 0:
            return None
        token = repaired
    value = float(token)
    # OCR drops the decimal point of "3.5" on noisy scans; a course is never 35 units.
    if "." not in token and value >= 10 and not decimal_expected and len(token) == 2:
        value = value / 10
    return value


def parse_transcript(lines: list[Line]) -> Fields:
    fields = Fields()
    for line in lines[:8]:
        for cell in line.cells:
            if _INSTITUTION.search(cell.text) and "transfer" not in cell.text.lower() and len(cell.text) < 80:
                fields.set("institution", cell.text.strip(), cell.confidence)
                break
        if "institution" in fields.values:
            break
    courses: list[dict[str, Any]] = []
    confidences: list[float] = []
    current_term: str | None = None
    seen: set[tuple[str, str]] = set()
    for line in lines:
        term_info = find_term(line.text)
        if term_info and len(line.text) < 30:
            current_term = term_info[0]
            continue
        parsed = _course_from_line(line, current_term)
        if parsed:
            course, conf = parsed
            key = (course["term"], course["code"])
            if key in seen:
                continue
            seen.add(key)
            courses.append({**course, "confidence": round(conf, 3)})
            confidences.append(conf)
    fields.values["courses"] = courses
    fields.confidence["courses"] = round(min(confidences), 3) if confidences else 0.5
    fields.values["degrees"] = _degrees(lines)
    fields.confidence["degrees"] = 0.9
    return fields


_DEGREE_TITLE = re.compile(r"\b((?:Associate|Bachelor|Master|Doctor)\s+(?:in|of)\s+[A-Z][A-Za-z]+(?:\s+"
                           r"(?:for\s+Transfer|in\s+[A-Z][a-z]+))?)", re.I)


def _degrees(lines: list[Line]) -> list[dict[str, Any]]:
    degrees: list[dict[str, Any]] = []
    for i, line in enumerate(lines):
        text = line.text
        if not re.search(r"\bdegree\b|conferred|awarded", text, re.I):
            continue
        m = _DEGREE_TITLE.search(text)
        if not m:
            continue
        title = m[1].strip()
        window = " ".join(ln.text for ln in lines[i:i + 2])
        major = None
        mm = re.search(r"major\s*:?\s*(.+?)(?:\s+date\b|\s+conferred\b|$)", window, re.I)
        if mm:
            major = mm[1].strip(" ,;-")
        else:
            after = text[m.end():]
            mm = re.match(r"\s*[,\-]\s*(.+?)\s*(?:[-\u2013]\s*)?(?:conferred|awarded|date|$)", after, re.I)
            if mm:
                major = mm[1].strip(" ,;-")
        conferred = first_date(window)
        degrees.append({"title": title, "major": major, "conferred_on": conferred,
                        "confidence": round(line.confidence * (1.0 if major and conferred else 0.8), 3)})
    return degrees


PARSERS: dict[str, Callable[[list[Line]], Fields]] = {
    "permit": parse_permit,
    "cda_credential": parse_cda,
    "training_certificate": parse_training,
    "transcript": parse_transcript,
}


def extract_fields(lines: list[Line], doc_type_hint: str | None = None) -> dict[str, Any]:
    doc_type, type_confidence = classify(lines)
    if doc_type is None and doc_type_hint in PARSERS:
        doc_type, type_confidence = doc_type_hint, 0.5
    result: dict[str, Any] = {"doc_type": doc_type}
    confidence: dict[str, float] = {"doc_type": type_confidence}
    if doc_type is None:
        return {**result, "confidence": confidence}
    name, name_conf = find_person_name(lines)
    result["person_name"] = name
    confidence["person_name"] = round(name_conf, 3)
    parsed = PARSERS[doc_type](lines)
    result.update(parsed.values)
    confidence.update(parsed.confidence)
    result["confidence"] = confidence
    return result


ROW_FIELDS = ("courses", "degrees")


def merge_field_sets(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Combine extractions of different readings of one document: per field, the most confident value.

    Rows (courses, degrees) are taken whole from the reading that found the most of them, since
    mixing rows across readings could pair a code from one with a grade from another.
    """
    if len(results) == 1:
        return results[0]
    votes: dict[str, int] = {}
    for r in results:
        if r.get("doc_type"):
            votes[r["doc_type"]] = votes.get(r["doc_type"], 0) + 1
    doc_type = max(votes, key=lambda k: votes[k]) if votes else None
    same_type = [r for r in results if r.get("doc_type") == doc_type] or results
    merged: dict[str, Any] = {"doc_type": doc_type}
    confidence: dict[str, float] = {"doc_type": max(r["confidence"].get("doc_type", 0.0) for r in same_type)}
    names = {k for r in same_type for k in r if k not in ("confidence", "doc_type")}
    for name in sorted(names):
        if name in ROW_FIELDS:
            best = max(same_type, key=lambda r: (len(r.get(name) or []),
                                                 sum(row.get("confidence", 0) for row in r.get(name) or [])))
        else:
            candidates = [r for r in same_type if r.get(name) not in (None, "")] or same_type
            best = max(candidates, key=lambda r: r["confidence"].get(name, 0.0))
        merged[name] = best.get(name)
        if name in best["confidence"]:
            confidence[name] = best["confidence"][name]
    merged["confidence"] = confidence
    return merged
