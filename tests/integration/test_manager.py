"""Registry managers' figures on moto: turnaround and backlog from real decisions, and participation after the
state's licensed-facility list is imported."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

SAM = ("u-staff-sam", Role.STAFF)
ALEX = ("u-admin-alex", Role.ADMIN)
ANA = ("u-participant-ana", Role.PARTICIPANT)


def _call(api: Any, method: str, path: str, who: tuple[str, Role], body: Any = None) -> Any:
    headers = {**bearer(*who), "Content-Type": "application/json"}
    return getattr(api.http, method)(path, headers=headers, **({"body": json.dumps(body)} if body is not None else {}))


def _waiting_permit(document_id: str, submitted: str) -> None:
    from chalicelib.store.documents import DocumentItem

    fields = {"person_name": "Ana Reyes", "permit_title": "Child Development Teacher Permit",
              "document_number": document_id[-6:], "issued_on": "2024-01-01", "expires_on": "2029-01-01"}
    item = DocumentItem(*DocumentItem.key(document_id), document_id=document_id, owner_id=ANA[0], uploaded_by=ANA[0],
                        doc_type="permit", status="needs_review", upload_key=f"uploads/{document_id}",
                        created_at=submitted, submitted_at=submitted, updated_at=submitted,
                        extracted={"doc_type": "permit", **fields})
    item.index_for_status()
    item.save()


def test_turnaround_and_backlog_come_from_decisions_and_the_queue(api: Any, demo: None) -> None:
    from chalicelib import clock

    now = clock.now()
    iso = "%Y-%m-%dT%H:%M:%S.%fZ"
    _waiting_permit("doc-decided-000001", (now - timedelta(hours=30)).strftime(iso))
    _waiting_permit("doc-waiting-000002", (now - timedelta(days=5)).strftime(iso))
    _waiting_permit("doc-waiting-000003", (now - timedelta(hours=2)).strftime(iso))
    detail = json.loads(_call(api, "get", "/v1/review/doc-decided-000001", SAM).body)
    fields = {k: v for k, v in detail["fields"].items() if k != "doc_type"}
    assert _call(api, "post", "/v1/review/doc-decided-000001/decision", SAM,
                 {"decision": "verify", "fields": fields}).status_code == 200

    assert _call(api, "get", "/v1/manager/processing", ANA).status_code == 403
    figures = json.loads(_call(api, "get", "/v1/manager/processing?months=2", SAM).body)
    [row] = figures["turnaround"]
    assert (row["month"], row["doc_type"], row["decisions"]) == (now.strftime("%Y-%m"), "permit", 1)
    assert 29.9 < row["p50_hours"] < 30.2 and row["p90_hours"] == row["p50_hours"]
    ages = {b["age"]: b["documents"] for b in figures["backlog"]}
    assert ages["under 1 day"] == 1 and ages["3-7 days"] == 1 and figures["waiting"] == 2


def test_participation_after_the_licensed_facility_list_is_imported(api: Any, demo: None) -> None:
    good = ("facility_number,name,facility_type,county,staff\n"
            "197412345,Sunshine Early Learning Center,Child Care Center,Sacramento,3\n"
            "555000111,Oak Street Preschool,Child Care Center,Sacramento,12\n"
            "344455667,Maple Family Child Care,Family Child Care Home,fresno county,\n")
    assert _call(api, "post", "/v1/manager/licensed-facilities", SAM, {"csv": good}).status_code == 403
    bad = good + "12AB,Nowhere,Child Care Center,Atlantis,4\n"
    refused = _call(api, "post", "/v1/manager/licensed-facilities", ALEX, {"csv": bad})
    problem = json.loads(refused.body)
    assert refused.status_code == 422 and "line 5: facility_number must be digits" in problem["detail"]
    assert json.loads(_call(api, "get", "/v1/manager/participation", SAM).body)["facilities"] == 0  # none written
    huge_field = 'facility_number,name,facility_type,county\n197412345,"' + "x" * 140_000 + '",Center,Fresno\n'
    unreadable = _call(api, "post", "/v1/manager/licensed-facilities", ALEX, {"csv": huge_field})
    assert unreadable.status_code == 422, unreadable.body  # the csv module's field limit, said, not a 500
    missing = _call(api, "post", "/v1/manager/licensed-facilities", ALEX, {"csv": "number,name\n1,x\n"})
    assert missing.status_code == 422 and "missing: facility_number" in json.loads(missing.body)["detail"]

    assert json.loads(_call(api, "post", "/v1/manager/licensed-facilities", ALEX, {"csv": good}).body) == {
        "imported": 3}
    seen = json.loads(_call(api, "get", "/v1/manager/participation", SAM).body)
    assert (seen["facilities"], seen["in_registry"], seen["share"]) == (3, 2, 0.6667)
    # Sunshine states 3 staff and has 3 confirmed in the registry; Maple states none.
    assert seen["staff"] == {"listed_at_facilities_in_registry": 3, "in_registry": 3, "share": 1.0}
    assert seen["by_county"] == [
        {"county": "Fresno", "facilities": 1, "in_registry": 1, "share": 1.0},
        {"county": "Sacramento", "facilities": 2, "in_registry": 1, "share": 0.5}]
