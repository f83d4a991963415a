"""Training certificates: a title, hours, a date, the sponsor, and the competency area when printed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from chalicelib.doctypes import PERSON_NAME, DocType, Parsed, field_spec
from chalicelib.doctypes.validity import DISTRACTOR_CONTEXT
from chalicelib.domain.json_values import JsonMapping, JsonObject
from chalicelib.extraction.evidence import POSITION, Reading
from chalicelib.extraction.labels import find_labelled, find_person_name, labels
from chalicelib.extraction.layout import Line
from chalicelib.extraction.values import find_dates, only_date, similar

COMPETENCY_AREAS = (
    "Child Development and Learning", "Culture, Diversity and Equity", "Relationships, Interactions, and Guidance",
    "Family and Community Engagement", "Dual-Language Development",
    "Observation, Screening, Assessment, and Documentation", "Special Needs and Inclusion",
    "Learning Environments and Curriculum", "Health, Safety, and Nutrition", "Leadership in Early Childhood Education",
    "Professionalism", "Administration and Supervision",
)
_ORG = re.compile(r"\b(inc|llc|alliance|council|county|office of education|center|centre|services|college|"
                  r"university|association|foundation|network|agency|department|ymca|first 5|partnership|"
                  r"program|institute|district|schools|resource|coalition|children's|early edge|wested)\b", re.I)


def competency(text: str) -> tuple[str, float] | None:
    cleaned = re.sub(r"\s+", " ", text).strip(" .:;")
    best, score = None, 0.0
    for area in COMPETENCY_AREAS:
        s = similar(cleaned, area)
        if s > score:
            best, score = area, s
    return (best, score) if best and score >= 0.85 else None


def hours(text: str) -> float | None:
    m = re.fullmatch(r"\s*(\d{1,3}(?:\.\d{1,2})?)\s*(?:(?:clock|contact|training|credit)?\s*h(?:ou)?rs?\.?)?\s*",
                     text, re.I)
    if not m:
        return None
    value = float(m[1])
    return value if 0 < value <= 200 else None


def _title_value(text: str) -> str | None:
    text = text.strip(" \"'\u201c\u201d")
    if len(text) < 4 or only_date(text) or not re.search(r"[A-Za-z]{3}", text):
        return None
    return text


def _sponsor_value(text: str) -> str | None:
    text = text.strip(" .")
    return text if 3 <= len(text) <= 90 and re.search(r"[A-Za-z]{2}", text) and not only_date(text) else None


TITLE_LABELS = labels("Training Title", "Title of Training", "Workshop Title", "Session Title", "Course Title",
                      "Training Name", "Event Title", "Training", "Workshop", "Course", "Session", "Title", "Class",
                      "Event", "Topic")
HOURS_LABELS = labels("Training Hours", "Clock Hours", "Contact Hours", "Total Hours", "Credit Hours",
                      "Professional Growth Hours", "Hours Completed", "Hours Earned", "Number of Hours", "Hours",
                      "Duration")
DATE_LABELS = labels("Date Completed", "Completion Date", "Date of Completion", "Date of Training", "Training Date",
                     "Completed on", "Session Date", "Event Date", "Workshop Date", "Date Attended", "Completed",
                     "Date")
SPONSOR_LABELS = labels("Training Sponsor", "Sponsoring Agency", "Sponsored by", "Sponsor", "Presented by",
                        "Provided by", "Training Provider", "Training Agency", "Provider", "Issued by", "Offered by",
                        "Hosted by", "Organization", "Agency")
COMPETENCY_LABELS = labels("California ECE Competency", "CA ECE Competency", "Core Competency", "Competency Area",
                           "Competency Domain", "ECE Competency", "Competency", "Content Area")


def parse(lines: Sequence[Line]) -> Parsed:
    parsed = Parsed()
    parsed.fields["person_name"] = find_person_name(lines)
    parsed.fields["training_title"] = find_labelled(lines, TITLE_LABELS, _title_value) or _title_sentence(lines)
    parsed.fields["hours"] = find_labelled(lines, HOURS_LABELS, hours) or _hours_sentence(lines)
    parsed.fields["completed_on"] = find_labelled(
        lines, DATE_LABELS, only_date, skip=lambda ln: bool(DISTRACTOR_CONTEXT.search(ln.text))) or \
        _date_sentence(lines)
    parsed.fields["sponsor"] = find_labelled(lines, SPONSOR_LABELS, _sponsor_value) or _sponsor_heading(lines)
    parsed.fields["competency_area"] = _competency(lines)
    return parsed


def _words(line: Line) -> tuple[str, ...]:
    return tuple(w.block_id for w in line.words if w.block_id)


_COMPLETED = re.compile(r"(?:has\s+)?(?:successfully\s+)?(?:completed|attended|participated in|for completing|"
                        r"completion of)(?:\s+the)?(?:\s+(?:training|workshop|course|session))?\s*:?\s*", re.I)


def _title_sentence(lines: Sequence[Line]) -> Reading | None:
    for i, line in enumerate(lines):
        m = _COMPLETED.search(line.text)
        if not m:
            continue
        after = line.text[m.end():]
        quoted = re.search(r"[\"\u201c]([^\"\u201d]{4,})[\"\u201d]", after)
        if quoted and (value := _title_value(quoted[1])):
            return Reading(value, {"ocr": line.confidence, "position": POSITION["sentence"]}, _words(line))
        after = re.split(r"\s+(?:on|for|with)\s+(?=\d|[A-Z][a-z]+ \d)|,", after)[0].strip()
        if after and not re.match(r"^\d", after) and (value := _title_value(after)) and "hour" not in after.lower():
            return Reading(value, {"ocr": line.confidence, "position": POSITION["sentence"]}, _words(line))
        for nxt in lines[i + 1:i + 2]:
            if re.search(r"\bhours?\b|\bon\b \w+ \d", nxt.text, re.I):
                continue
            if value := _title_value(nxt.text):
                return Reading(value, {"ocr": nxt.confidence, "position": POSITION["sentence"]}, _words(nxt))
    return None


def _hours_sentence(lines: Sequence[Line]) -> Reading | None:
    for line in lines:
        if re.search(r"\b105\b|\brenewal\b|\brequire", line.text, re.I):
            continue
        m = re.search(r"(\d{1,3}(?:\.\d{1,2})?)\s*(?:\(\w+\)\s*)?(?:training|clock|contact|professional\s+"
                      r"development|credit)?\s*hours?\b", line.text, re.I)
        if m and 0 < float(m[1]) <= 200:
            return Reading(float(m[1]), {"ocr": line.confidence, "position": POSITION["sentence"]}, _words(line))
    return None


def _date_sentence(lines: Sequence[Line]) -> Reading | None:
    for line in lines:
        if DISTRACTOR_CONTEXT.search(line.text):
            continue
        for position, iso in find_dates(line.text):
            before = line.text[max(0, position - 60):position].lower()
            if re.search(r"\b(on|complet\w*|attended|held|conducted|date)\b", before) or before.strip() == "":
                standalone = before.strip() == "" and len(line.text) < 30
                return Reading(iso, {"ocr": line.confidence,
                                     "position": POSITION["shape_only" if standalone else "sentence"]}, _words(line))
    return None


def _sponsor_heading(lines: Sequence[Line]) -> Reading | None:
    """An agency that prints its own name at the top ("CHILD ACTION, INC. awards this certificate to")."""
    for line in lines[:4]:
        text = line.text.strip()
        if _ORG.search(text) and len(text) < 80 and not re.search(r"certificate|record|verification|transcript",
                                                                   text, re.I):
            value = text.title() if text.isupper() else text
            return Reading(value, {"ocr": line.confidence, "position": POSITION["heading"], "specific": 0.9},
                           _words(line))
    return None


def _competency(lines: Sequence[Line]) -> Reading | None:
    def area(text: str) -> str | None:
        found = competency(text)
        return found[0] if found else None

    labelled = find_labelled(lines, COMPETENCY_LABELS, area)
    if labelled:
        return labelled
    # A value wrapped in its table cell: join the label's value with the line below it.
    for i, line in enumerate(lines):
        for cell in line.cells:
            if not re.search(r"competenc", cell.text, re.I):
                continue
            for j in range(i + 1, min(len(lines), i + 3)):
                below = [c for c in lines[j].cells if abs(c.left - cell.left) < 0.04]
                further = [c for c in lines[j + 1].cells if abs(c.left - cell.left) < 0.04] if j + 1 < len(
                    lines) else []
                if below and further and (value := area(f"{below[0].text} {further[0].text}")):
                    return Reading(value, {"ocr": min(below[0].confidence, further[0].confidence),
                                           "position": POSITION["below"], "wrapped": 0.95})
    for line in lines:
        if value := area(line.text.split(":")[-1]):
            return Reading(value, {"ocr": line.confidence, "position": POSITION["vocabulary"]}, _words(line))
    return None


def to_records(fields: JsonMapping) -> list[tuple[str, JsonObject]]:
    return [("training", {k: fields.get(k) for k in ("training_title", "hours", "completed_on", "sponsor",
                                                     "competency_area")})]


DOC_TYPE = DocType(
    name="training_certificate",
    achievement_type="CertificateOfCompletion",
    display={"en": "Training certificate", "es": "Certificado de capacitación", "zh": "培訓證書"},
    fields=(PERSON_NAME,
            field_spec("training_title", "text", "Training title", "Título de la capacitación"),
            field_spec("hours", "number", "Hours", "Horas"),
            field_spec("completed_on", "date", "Completed on", "Completada el"),
            field_spec("sponsor", "text", "Sponsor", "Patrocinador"),
            field_spec("competency_area", "choice", "Competency area", "Área de competencia",
                       choices=COMPETENCY_AREAS)),
    signals=(("certificate of completion", 3), ("certificate of attendance", 3), ("training", 1.5), ("hours", 1.5),
             ("competency", 1.5), ("sponsor", 1), ("professional development", 1), ("workshop", 1),
             ("has completed", 1), ("attended", 1), ("professional growth", 1)),
    parse=parse,
    to_records=to_records,
    order=3,
)
