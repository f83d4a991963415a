"""Every kind of verified record is one module in domain/record_kinds: its name in three languages and the line
a list shows; the records API sends that line, so the web app shows a kind it has never heard of."""

from __future__ import annotations

from chalicelib import doctypes
from chalicelib.domain import record_kinds


def test_each_module_is_a_kind_with_a_name_in_each_language() -> None:
    kinds = record_kinds.registry()
    assert list(kinds) == ["course", "degree", "permit", "cda", "training", "other"]
    assert all(set(k.label) == {"en", "es", "zh"} and all(k.label.values()) for k in kinds.values())


def test_every_kind_a_document_type_makes_is_in_the_registry() -> None:
    """What verification writes (each type's record mapping, on a filled-in copy) has a kind to show it."""
    made = set()
    for doc_type in doctypes.registry().values():
        if doc_type.to_records is None:
            continue
        filled = {f.name: ([{c.name: "x" for c in f.columns}] if f.kind == "rows" else "x") for f in doc_type.fields}
        made.update(kind for kind, _ in doc_type.to_records(filled))
    assert made - {"training"} and made <= set(record_kinds.registry())


def test_each_kind_shows_a_record_in_one_line() -> None:
    lines = {kind: record_kinds.summary_of(kind, data) for kind, data in [
        ("course", {"term": "Fall 2019", "code": "CD 101", "title": "Child Growth", "units": 3.0, "grade": "A-"}),
        ("degree", {"title": "A.S.", "major": "Early Childhood Education", "institution": "Sierra College",
                    "conferred_on": "2021-05-20"}),
        ("permit", {"permit_title": "Child Development Teacher Permit", "document_number": "C7654321",
                    "expires_on": "2029-01-01"}),
        ("cda", {"credential_id": "CDA-1234", "setting": "Preschool", "expires_on": "2027-03-31"}),
        ("training", {"training_title": "Positive Guidance", "hours": 2.5, "completed_on": "2026-10-03"}),
        ("other", {"description": "Credential evaluation", "issuer": None, "issued_on": "2020-02-02"}),
    ]}
    assert lines == {
        "course": "Fall 2019 CD 101 Child Growth · 3 · A-",
        "degree": "A.S., Early Childhood Education · Sierra College · 2021-05-20",
        "permit": "Child Development Teacher Permit C7654321 · 2029-01-01",
        "cda": "CDA CDA-1234 · Preschool · 2027-03-31",
        "training": "Positive Guidance · 2.5 h · 2026-10-03",
        "other": "Credential evaluation · 2020-02-02",
    }
    # A course with its units missing keeps its shape; a kind this code does not know shows its values.
    assert record_kinds.summary_of("course", {"title": "Art", "units": None, "grade": "B"}) == "  Art ·  · B"
    assert record_kinds.summary_of("apprenticeship", {"trade": "Infant care", "hours": 2000}) == "Infant care · 2000"
