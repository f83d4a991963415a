"""Anything else staff verified (a letter, a foreign credential evaluation): what it is, who issued it, when."""

from chalicelib.domain.record_kinds import RecordKind, text

RECORD_KIND = RecordKind(
    name="other", label={"en": "Other document", "es": "Otro documento", "zh": "其他文件"}, order=99,
    summary=lambda d: " · ".join(text(d.get(k)) for k in ("description", "issuer", "issued_on") if d.get(k)))
