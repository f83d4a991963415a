"""A degree or diploma on its own (not on a transcript): the registry receives these by mail."""

from __future__ import annotations

import re
from collections.abc import Sequence

from chalicelib.doctypes import PERSON_NAME, DocType, Parsed, field_spec
from chalicelib.doctypes.transcript import _degrees, _institution
from chalicelib.domain.json_values import JsonMapping, JsonObject
from chalicelib.extraction.evidence import Reading
from chalicelib.extraction.labels import find_person_name
from chalicelib.extraction.layout import Line


def parse(lines: Sequence[Line]) -> Parsed:
    parsed = Parsed()
    parsed.fields["person_name"] = find_person_name(lines)
    parsed.fields["institution"] = _institution(lines)
    degrees = _degrees(lines)
    first = degrees[0] if degrees else None
    for name in ("degree_title", "major", "conferred_on"):
        key = {"degree_title": "title"}.get(name, name)
        value = first.value.get(key) if first else None
        parsed.fields[name] = Reading(value, first.evidence, first.words) if first and value else None
    if first is None:
        for line in lines:
            m = re.search(r"\b(?:diploma|degree)\s+of\s+([A-Z][A-Za-z ]{3,40})", line.text)
            if m:
                parsed.fields["degree_title"] = Reading(m[1].strip(), {"ocr": line.confidence, "position": 0.8})
                break
    return parsed


def to_records(fields: JsonMapping) -> list[tuple[str, JsonObject]]:
    return [("degree", {"title": fields.get("degree_title"), "major": fields.get("major"),
                        "conferred_on": fields.get("conferred_on"), "institution": fields.get("institution")})]


DOC_TYPE = DocType(
    name="degree",
    achievement_type="Degree",
    display={"en": "Degree or diploma", "es": "Título o diploma", "zh": "學位或文憑"},
    fields=(PERSON_NAME,
            field_spec("institution", "text", "Institution", "Institución"),
            field_spec("degree_title", "text", "Degree", "Título"),
            field_spec("major", "text", "Major", "Especialidad"),
            field_spec("conferred_on", "date", "Conferred on", "Otorgado el")),
    signals=(("diploma", 4), ("has conferred upon", 4), ("conferred upon", 3), ("with all the rights", 3),
             ("degree of", 2), ("board of trustees", 1)),
    parse=parse,
    to_records=to_records,
    order=5,
)
