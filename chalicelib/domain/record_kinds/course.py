"""A college course from a verified transcript."""

from chalicelib.domain.record_kinds import RecordKind, joined, text

RECORD_KIND = RecordKind(
    name="course", label={"en": "Course", "es": "Curso", "zh": "課程"}, order=1,
    summary=lambda d: joined(f"{text(d.get('term'))} {text(d.get('code'))} {text(d.get('title'))}", d.get("units"),
                             d.get("grade")))
