"""A California Child Development Permit."""

from chalicelib.domain.record_kinds import RecordKind, joined, text

RECORD_KIND = RecordKind(
    name="permit", label={"en": "Permit", "es": "Permiso", "zh": "許可證"}, order=3,
    summary=lambda d: joined(f"{text(d.get('permit_title'))} {text(d.get('document_number'))}", d.get("expires_on")))
