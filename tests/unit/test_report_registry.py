"""Every report is one module in services/report_kinds, issued by one pipeline: the registry finds the modules,
the routes and the OpenAPI document list what it holds, and the pipeline refuses what a kind does not offer
before it reads anything."""

from __future__ import annotations

import pytest

from chalicelib.errors import Forbidden, InvalidRequest, NotFound
from chalicelib.security.identity import Caller, Role
from chalicelib.services.records import report_kinds
from chalicelib.services.records.reporting import issue

ANA = Caller("user-ana", frozenset({Role.PARTICIPANT}))
BEN = Caller("user-ben", frozenset({Role.PARTICIPANT}))
OMAR = Caller("user-omar", frozenset({Role.DIRECTOR}))  # directs no program here


def test_each_module_of_the_package_is_a_report_kind_in_order() -> None:
    kinds = report_kinds.registry()
    assert list(kinds) == ["education-training", "staff-verification", "director-verification",
                           "qris-staff-qualifications"]
    assert report_kinds.of_programs() == ("staff-verification", "director-verification",
                                          "qris-staff-qualifications")
    assert kinds["education-training"].formats == {"pdf": "application/pdf"}
    assert set(kinds["staff-verification"].formats) == {"pdf", "xlsx", "json"}
    assert [k.name for k in kinds.values() if k.announce] == ["staff-verification", "director-verification"]


def test_the_openapi_document_lists_the_program_reports_the_registry_holds() -> None:
    from chalicelib.api.openapi import _path_parameter

    assert _path_parameter("/v1/programs/{program_id}/reports/{kind}", "kind") == {
        "type": "string", "enum": list(report_kinds.of_programs())}
    assert _path_parameter("/v1/programs/{program_id}/reports/{kind}", "program_id")["type"] == "string"


@pytest.mark.parametrize(("kind", "caller", "subject", "fmt", "options", "refused"), [
    ("transcript-summary", ANA, "user-ana", "pdf", {}, NotFound),  # no such kind
    ("education-training", ANA, "user-ana", "xlsx", {}, InvalidRequest),  # a format it does not come in
    ("education-training", BEN, "user-ana", "pdf", {}, Forbidden),  # someone else's report
    ("staff-verification", OMAR, "prog-sun", "pdf", {"accreditor": "iso9000"}, InvalidRequest),
    ("staff-verification", OMAR, "prog-sun", "pdf", {"accreditor": "nac"}, Forbidden),  # not their program
])
def test_the_pipeline_refuses_before_it_reads_or_signs_anything(
        kind: str, caller: Caller, subject: str, fmt: str, options: dict[str, str], refused: type[Exception],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.services.records import issued_reports
    from chalicelib.store.people import EmploymentTable

    monkeypatch.setattr(EmploymentTable, "programs_directed_by", lambda self, user_id: [])

    def no_draft() -> None:
        raise AssertionError("a refused request reached the register")

    monkeypatch.setattr(issued_reports, "draft", no_draft)
    with pytest.raises(refused):
        issue(kind, caller, subject, fmt=fmt, options=options)
