"""The document-type registry: every type is one module, and everything else reads the registry."""

from __future__ import annotations

from chalicelib import doctypes


def test_the_registry_holds_every_module_and_the_two_added_types() -> None:
    assert doctypes.names() == ("transcript", "permit", "training_certificate", "cda_credential", "degree", "other")
    for spec in doctypes.registry().values():
        assert {"en", "es", "zh"} <= set(spec.display), spec.name
        assert spec.to_records is not None, spec.name
        assert all({"en", "es"} <= set(f.label) for f in spec.fields), spec.name


def test_other_has_no_parser_and_staff_type_its_fields() -> None:
    other = doctypes.get("other")
    assert other is not None and other.parse is None
    assert other.to_records is not None
    assert other.to_records({"description": "Foreign degree evaluation", "issuer": "WES",
                             "issued_on": "2020-01-02"}) == [
        ("other", {"description": "Foreign degree evaluation", "issuer": "WES", "issued_on": "2020-01-02"})]


def test_declared_fields_come_from_the_type_module() -> None:
    assert doctypes.get("permit").declared_fields() == ("permit_title", "document_number", "issued_on",  # type: ignore[union-attr]
                                                        "expires_on")
    assert doctypes.get("transcript").declared_fields() == ()  # type: ignore[union-attr]


def test_a_transcript_becomes_course_and_degree_records_without_review_only_keys() -> None:
    spec = doctypes.get("transcript")
    assert spec is not None and spec.to_records is not None
    records = spec.to_records({"institution": "Cabrillo College",
                               "courses": [{"term": "Fall 2019", "code": "CD 10A", "title": "Child Growth",
                                            "units": 3.0, "grade": "A", "confidence": 0.9, "words": ["w1"]}],
                               "degrees": [{"title": "Associate in Arts", "major": "ECE",
                                            "conferred_on": "2021-06-01", "confidence": 0.8}]})
    assert records == [("course", {"term": "Fall 2019", "code": "CD 10A", "title": "Child Growth", "units": 3.0,
                                   "grade": "A", "institution": "Cabrillo College"}),
                       ("degree", {"title": "Associate in Arts", "major": "ECE", "conferred_on": "2021-06-01",
                                   "institution": "Cabrillo College"})]


def test_verified_fields_are_checked_by_their_kind_and_named_when_wrong() -> None:
    good = {"person_name": "Ana Reyes", "permit_title": "Child Development Teacher Permit",
            "document_number": "C1234567", "issued_on": "2022-07-24", "expires_on": "2027-07-24"}
    assert doctypes.problems_in("permit", good) == []
    assert doctypes.problems_in("permit", {**good, "expires_on": "2027-13-01"}) == [
        "expires_on: '2027-13-01' is not a date; write it as YYYY-MM-DD."]
    assert doctypes.problems_in("permit", {**good, "permit_title": "Teacher"})[0].startswith(
        "permit_title: 'Teacher' is not one of: Child Development Assistant Permit")
    assert doctypes.problems_in("permit", {**good, "expires_on": "2021-01-01"}) == [
        "expires_on: 2021-01-01 is not after issued_on 2022-07-24."]
    assert doctypes.problems_in("training_certificate", {"hours": "three"}) == [
        "hours: 'three' is not a number from 0 to 1000."]


def test_course_rows_are_checked_row_by_row() -> None:
    courses = [{"term": "Fall 2021", "code": "CHLD 101", "title": "Child Growth", "units": 3.0, "grade": "B+"},
               {"term": "Fall 2021", "code": "CHLD 102", "title": "Curriculum", "units": "3", "grade": "Q"}]
    assert doctypes.problems_in("transcript", {"courses": courses}) == [
        "courses[2].units: '3' is not a number from 0 to 1000.",
        "courses[2].grade: 'Q' is not a grade (A-F with + or -, P, NP, CR, NC, W, I, IP)."]
    assert doctypes.problems_in("nonsense", {}) == ["doc_type: 'nonsense' is not a document type the registry knows."]


def test_review_only_keys_leave_verified_fields_and_their_rows() -> None:
    from chalicelib.doctypes import without_review_keys

    shown = {"institution": "X College", "confidence": {"institution": 0.99}, "words": {"institution": ["w1"]},
             "courses": [{"code": "CHLD 1", "units": 3, "confidence": 0.97, "boxes": [{"page": 1}], "on_record": True,
                          "words": ["w2"]}]}
    assert without_review_keys(shown) == {"institution": "X College", "courses": [{"code": "CHLD 1", "units": 3}]}
