"""Anything else a participant sends (a letter, a foreign credential evaluation): no parser, staff type the fields."""

from __future__ import annotations

from chalicelib.doctypes import PERSON_NAME, DocType, field_spec
from chalicelib.domain.json_values import JsonMapping, JsonObject


def to_records(fields: JsonMapping) -> list[tuple[str, JsonObject]]:
    return [("other", {k: fields.get(k) for k in ("description", "issuer", "issued_on")})]


DOC_TYPE = DocType(
    name="other",
    display={"en": "Other document", "es": "Otro documento", "zh": "其他文件"},
    fields=(PERSON_NAME,
            field_spec("description", "text", "What this document is", "Qué es este documento"),
            field_spec("issuer", "text", "Issued by", "Emitido por"),
            field_spec("issued_on", "date", "Issued on", "Fecha de emisión")),
    parse=None,
    to_records=to_records,
    order=99,
)
