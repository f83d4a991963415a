"""California Child Development Permits, as the Commission prints them: certificates, letters, cards and
public search results."""

from __future__ import annotations

import re
from collections.abc import Sequence

from chalicelib.doctypes import PERSON_NAME, DocType, Parsed, field_spec
from chalicelib.doctypes.validity import DISTRACTOR_CONTEXT, validity_dates
from chalicelib.domain.json_values import JsonMapping, JsonObject
from chalicelib.extraction.evidence import POSITION, Reading
from chalicelib.extraction.labels import find_labelled, find_person_name, labels
from chalicelib.extraction.layout import Line

TITLES = ("Child Development Assistant Permit", "Child Development Associate Teacher Permit",
          "Child Development Teacher Permit", "Child Development Master Teacher Permit",
          "Child Development Site Supervisor Permit", "Child Development Program Director Permit")
# Longest level first: "Associate Teacher" and "Master Teacher" both contain "Teacher".
LEVELS = (("site supervisor", TITLES[4]), ("program director", TITLES[5]), ("master teacher", TITLES[3]),
          ("associate teacher", TITLES[1]), ("assistant", TITLES[0]), ("teacher", TITLES[2]))
_OTHER_PERMITS = re.compile(r"emergency|substitute|30-day|intern|credential\b(?! information)|clear\b|preliminary",
                            re.I)
_NUMBER = re.compile(r"^[A-Z]{0,3}\d{6,12}$")


def permit_title(text: str) -> str | None:
    lowered = re.sub(r"\s+", " ", text.lower())
    if "permit" not in lowered or _OTHER_PERMITS.search(lowered):
        return None
    for key, title in LEVELS:
        if re.search(rf"\b{key}\b", lowered):
            return title
    return None


def _level_only(text: str) -> str | None:
    lowered = re.sub(r"\s+", " ", text.lower()).strip()
    for key, title in LEVELS:
        if re.fullmatch(rf"(child development )?{key}( permit)?", lowered):
            return title
    return None


def document_number(text: str) -> str | None:
    candidate = re.sub(r"[\s\-.]", "", text.upper())
    if re.match(r"^[A-Z]{0,2}[0-9O]{6,12}$", candidate):
        head = re.match(r"^[A-Z]{0,2}", candidate)
        prefix = head[0] if head else ""
        candidate = prefix + candidate[len(prefix):].replace("O", "0")
    return candidate if _NUMBER.match(candidate) else None


NUMBER_LABELS = labels("Document Number", "Document No", "Document #", "Doc No", "Permit Number", "Permit No",
                       "Permit #", "Certificate Number", "Certificate No", "Credential Number", "Document ID",
                       "Permit ID")
ISSUE_LABELS = labels("Issued", "Issue Date", "Date Issued", "Date of Issue", "Issued on", "Valid From",
                      "Effective", "Effective Date", "Granted", "Date Granted", "Issuance Date", "Begin Date",
                      "Start Date", "From")
EXPIRY_LABELS = labels("Expires", "Expiration Date", "Expiration", "Valid Through", "Valid Until", "Expires on",
                       "Date of Expiration", "Exp Date", "Exp. Date", "Expiry Date", "Expiry", "Good Through",
                       "End Date", "Valid To", "Through")


def parse(lines: Sequence[Line]) -> Parsed:
    parsed = Parsed()
    parsed.fields["person_name"] = find_person_name(lines)
    table_row: Line | None = None
    for line in lines:
        # A table of documents (a credential search result): the first child development permit row.
        title = permit_title(line.text)
        if title and len(_dates_in(line)) >= 2:
            table_row = line
            break
    if table_row is not None:
        evidence = {"ocr": table_row.confidence, "position": POSITION["table_column"]}
        words = tuple(w.block_id for w in table_row.words if w.block_id)
        parsed.fields["permit_title"] = Reading(permit_title(table_row.text), evidence, words)
        numbers = [n for c in table_row.cells for t in [c.text, *c.text.split()] if (n := document_number(t))]
        if numbers:
            parsed.fields["document_number"] = Reading(numbers[0], evidence, words)
        dates = sorted(_dates_in(table_row))
        parsed.fields["issued_on"] = Reading(dates[0], {**evidence, "order": 0.98}, words)
        parsed.fields["expires_on"] = Reading(dates[-1], {**evidence, "order": 0.98}, words)
    else:
        parsed.fields["permit_title"] = _title(lines)
        parsed.fields["document_number"] = find_labelled(lines, NUMBER_LABELS, document_number, above=True) or \
            _number_in_sentence(lines)
        issued, expires = validity_dates(lines, ISSUE_LABELS, EXPIRY_LABELS, years=(1, 2, 3, 5))
        parsed.fields["issued_on"], parsed.fields["expires_on"] = issued, expires
    return parsed


def _dates_in(line: Line) -> list[str]:
    from chalicelib.extraction.values import find_dates

    return [d for _, d in find_dates(line.text)]


def _title(lines: Sequence[Line]) -> Reading | None:
    labelled = find_labelled(lines, labels("Permit Type", "Permit Title", "Permit", "Document Title", "Type"),
                             lambda t: permit_title(t) or _level_only(t))
    if labelled:
        return labelled
    for line in lines:
        if DISTRACTOR_CONTEXT.search(line.text):
            continue
        title = permit_title(line.text)
        if title is None:
            m = re.search(r"child development permit\s*[-\u2013\u2014:,(]\s*([a-z ]+)", line.text, re.I)
            title = _level_only(m[1]) if m else None
        if title:
            return Reading(title, {"ocr": line.confidence, "position": POSITION["vocabulary"]},
                           tuple(w.block_id for w in line.words if w.block_id))
    return None


def _number_in_sentence(lines: Sequence[Line]) -> Reading | None:
    for line in lines:
        m = re.search(r"\b(?:document|permit|certificate)\s*(?:number|no\.?|#)?\s*:?\s*([A-Z]{0,3}[\d\s-]{6,14}\d)",
                      line.text, re.I)
        if m and (number := document_number(m[1])):
            return Reading(number, {"ocr": line.confidence, "position": POSITION["sentence"]},
                           tuple(w.block_id for w in line.words if w.block_id))
    return None


def to_records(fields: JsonMapping) -> list[tuple[str, JsonObject]]:
    return [("permit", {k: fields.get(k) for k in ("permit_title", "document_number", "issued_on", "expires_on")})]


DOC_TYPE = DocType(
    name="permit",
    achievement_type="License",
    display={"en": "Child Development Permit", "es": "Permiso de Desarrollo Infantil", "zh": "兒童發展許可證"},
    fields=(PERSON_NAME,
            field_spec("permit_title", "choice", "Permit title", "Título del permiso", choices=TITLES,
                       declared=True),
            field_spec("document_number", "text", "Document number", "Número de documento", declared=True),
            field_spec("issued_on", "date", "Issued on", "Fecha de emisión", declared=True),
            field_spec("expires_on", "date", "Expires on", "Fecha de vencimiento", declared=True)),
    signals=(("commission on teacher credentialing", 4), ("child development permit", 3), ("permit", 2),
             ("document number", 1), ("document no", 1), ("credentialing", 1), ("site supervisor", 1),
             ("associate teacher", 1), ("master teacher", 1), ("program director", 1)),
    parse=parse,
    to_records=to_records,
    order=2,
)
