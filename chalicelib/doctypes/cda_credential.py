"""Child Development Associate (CDA) credentials from the Council for Professional Recognition."""

from __future__ import annotations

import re
from collections.abc import Sequence

from chalicelib.doctypes import PERSON_NAME, DocType, Parsed, field_spec
from chalicelib.doctypes.validity import validity_dates
from chalicelib.domain.json_values import JsonMapping, JsonObject
from chalicelib.extraction.evidence import POSITION, Reading
from chalicelib.extraction.labels import find_labelled, find_person_name, labels
from chalicelib.extraction.layout import Line

SETTINGS = ("Preschool", "Infant-Toddler", "Family Child Care", "Home Visitor")
_SETTING_WORDS = (("infant[\\s/-]*toddler", "Infant-Toddler"), ("family child care", "Family Child Care"),
                  ("home visitor", "Home Visitor"), ("preschool", "Preschool"))


def setting(text: str) -> str | None:
    found = {value for pattern, value in _SETTING_WORDS if re.search(pattern, text, re.I)}
    return found.pop() if len(found) == 1 else None


def credential_id(text: str) -> str | None:
    m = re.fullmatch(r"\s*(?:#\s*)?([A-Z]{0,3}\d[\d\s-]{4,12}\d)\s*", text.upper())
    if not m:
        return None
    value = re.sub(r"[\s-]", "", m[1])
    return value if 6 <= len(value) <= 12 else None


ID_LABELS = labels("CDA Credential Number", "CDA Credential ID", "Credential ID", "Credential Number", "CDA ID",
                   "CDA Number", "CDA #", "Credential #", "ID Number", "Credential No", "Certificate Number", "ID")
SETTING_LABELS = labels("Setting", "Credential Setting", "Setting Type", "Credential Type", "Endorsement", "Type")
ISSUE_LABELS = labels("Awarded", "Award Date", "Date Awarded", "Date of Award", "Renewal date", "Renewal Date",
                      "Renewed", "Renewal Effective", "Issued", "Issue Date", "Date Issued", "Effective",
                      "Effective Date", "Valid From")
EXPIRY_LABELS = labels("Expires", "Expiration Date", "Expiration", "Valid Through", "Valid Until", "Expires on",
                       "Date of Expiration", "Expiry Date", "Good Through", "Renew By")


def parse(lines: Sequence[Line]) -> Parsed:
    parsed = Parsed()
    parsed.fields["person_name"] = find_person_name(lines)
    parsed.fields["credential_id"] = find_labelled(lines, ID_LABELS, credential_id, above=True) or _id_sentence(lines)
    parsed.fields["setting"] = find_labelled(lines, SETTING_LABELS, setting, above=True) or _setting_phrase(lines)
    issued, expires = validity_dates(lines, ISSUE_LABELS, EXPIRY_LABELS, years=(3, 5))
    parsed.fields["issued_on"], parsed.fields["expires_on"] = issued, expires
    return parsed


def _id_sentence(lines: Sequence[Line]) -> Reading | None:
    for line in lines:
        m = re.search(r"\b(?:credential|cda|id)\s*(?:number|no\.?|#|id)\s*:?\s*(\d[\d\s-]{4,12}\d)", line.text, re.I)
        if m and (value := credential_id(m[1])):
            return Reading(value, {"ocr": line.confidence, "position": POSITION["sentence"]})
    return None


def _setting_phrase(lines: Sequence[Line]) -> Reading | None:
    for i, line in enumerate(lines):
        # "... with a Preschool / setting endorsement": the phrase may wrap onto the next line.
        text = line.text + (" " + lines[i + 1].text.split(",")[0] if i + 1 < len(lines) else "")
        value = setting(line.text)
        if value and re.search(r"setting|endorsement|credential type", text, re.I):
            return Reading(value, {"ocr": line.confidence, "position": POSITION["sentence"]},
                           tuple(w.block_id for w in line.words if w.block_id))
    return None


def to_records(fields: JsonMapping) -> list[tuple[str, JsonObject]]:
    return [("cda", {k: fields.get(k) for k in ("credential_id", "setting", "issued_on", "expires_on")})]


DOC_TYPE = DocType(
    name="cda_credential",
    achievement_type="Certification",
    display={"en": "CDA credential", "es": "Credencial CDA", "zh": "CDA 證書"},
    fields=(PERSON_NAME,
            field_spec("credential_id", "text", "Credential ID", "Número de credencial", declared=True),
            field_spec("setting", "choice", "Setting", "Entorno", choices=SETTINGS, declared=True),
            field_spec("issued_on", "date", "Awarded or renewed on", "Otorgada o renovada el", declared=True),
            field_spec("expires_on", "date", "Expires on", "Fecha de vencimiento", declared=True)),
    signals=(("council for professional recognition", 5), ("child development associate", 3), ("cda", 2),
             ("credential id", 1), ("setting", 1), ("infant", 0.5), ("preschool", 0.5)),
    parse=parse,
    to_records=to_records,
    order=4,
)
