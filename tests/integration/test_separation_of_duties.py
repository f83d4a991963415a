"""Nobody decides about themselves (issue 24): a staff member who is also a participant, a sponsor manager who
also attends. Each decision point refuses its decider as its subject with 403 and changes nothing; a colleague
makes the same decision."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.errors import Forbidden
from chalicelib.security.identity import Caller, Role
from tests.integration.conftest import bearer, document_for_review

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

SAM = Caller(user_id="u-staff-sam", roles=frozenset({Role.STAFF, Role.PARTICIPANT}))
KIM = Caller(user_id="u-staff-kim", roles=frozenset({Role.STAFF}))


def _verify(caller: Caller, doc_id: str) -> dict[str, Any]:
    from chalicelib.services.documents import review

    return review.decide(caller, doc_id, decision="verify", fields={
        "permit_title": "Child Development Teacher Permit", "document_number": "C7654321",
        "issued_on": "2024-01-01", "expires_on": "2029-01-01", "person_name": "Sam Verifier"},
        name_mismatch_reason="Staff member's own permit; identity known.", reason=None, expected_version=None)


def test_staff_cannot_verify_their_own_upload_and_a_colleague_can(api: Any, demo: None) -> None:
    from chalicelib.store.documents import get_document

    doc_id = document_for_review(SAM.user_id)
    with pytest.raises(Forbidden):
        _verify(SAM, doc_id)
    document = get_document(doc_id)
    assert document is not None and document.status == "needs_review"
    assert _verify(KIM, doc_id)["status"] == "verified"


def test_the_review_route_answers_403_to_the_owner_of_the_document(api: Any, demo: None) -> None:
    doc_id = document_for_review("u-staff-sam")
    answer = api.http.post(f"/v1/review/{doc_id}/decision", headers={
        **bearer("u-staff-sam", Role.STAFF), "Content-Type": "application/json"},
        body=json.dumps({"decision": "reject", "reason": "The document is unreadable."}))
    assert answer.status_code == 403, answer.body
    assert "Nobody decides about themselves" in json.loads(answer.body)["detail"]


def test_a_sponsor_manager_cannot_mark_their_own_attendance() -> None:
    """Refused before anything is read: the manager's own id among the marks."""
    from chalicelib.services.duties import not_about_themselves

    manager = Caller(user_id="u-agency-eva", roles=frozenset({Role.SPONSOR}))
    with pytest.raises(Forbidden):
        not_about_themselves(manager, *{"u-participant-ana": True, "u-agency-eva": True})
    not_about_themselves(manager, *{"u-participant-ana": True})
