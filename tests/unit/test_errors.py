from __future__ import annotations

from chalicelib.errors import Forbidden, InvalidRequest, NotFound


def test_problem_details_follow_rfc_9457() -> None:
    problem = NotFound("No such document.").to_problem("/v1/documents/x")
    assert problem["status"] == 404
    assert problem["title"] == "Not found"
    assert problem["detail"] == "No such document."
    assert problem["instance"] == "/v1/documents/x"
    assert problem["type"].endswith("/not_found")


def test_extra_members_are_carried() -> None:
    problem = InvalidRequest("Fix these fields", extra={"errors": [{"field": "size"}]}).to_problem()
    assert problem["errors"] == [{"field": "size"}]
    assert Forbidden("x").status == 403
