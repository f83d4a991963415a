"""A degree a college conferred."""

from chalicelib.domain.record_kinds import RecordKind, joined, text

RECORD_KIND = RecordKind(
    name="degree", label={"en": "Degree", "es": "Título", "zh": "學位"}, order=2,
    summary=lambda d: joined(f"{text(d.get('title'))}{', ' + text(d['major']) if d.get('major') else ''}",
                             d.get("institution"), d.get("conferred_on")))
