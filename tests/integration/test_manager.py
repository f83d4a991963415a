"""Registry managers' figures on moto: turnaround and backlog from real decisions, and participation after the
state's licensed-facility list is imported."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

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


def test_ended_days_and_months_are_summarised_once_and_the_sweep_counts_today(
        aws: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    from chalicelib import clock
    from chalicelib.services.documents.dashboard import processing
    from chalicelib.store.operations import decision_summaries, decision_time

    monkeypatch.setattr(clock, "CLOCK", clock.ManualClock(datetime(2026, 11, 20, 15, tzinfo=UTC)))
    for n, (at, hours) in enumerate([("2026-10-03T10:00:00.000000Z", 5.0), ("2026-10-30T10:00:00.000000Z", 7.04),
                                     ("2026-11-19T09:00:00.000000Z", 30.0), ("2026-11-20T11:00:00.000000Z", 2.0)]):
        decision_time(f"doc-{n}", doc_type="permit", decided_at=at, hours=hours).save()
    first = processing(months=2)
    assert [(r["month"], r["decisions"], r["p50_hours"], r["p90_hours"]) for r in first["turnaround"]] == [
        ("2026-10", 2, 5.0, 7.0), ("2026-11", 2, 2.0, 30.0)]
    assert set(decision_summaries("2026-10")) == {"MONTH"}
    # Every ended day of this month is kept (empty ones too, so they are not read again); today is not.
    assert set(decision_summaries("2026-11")) == {f"DAY#2026-11-{d:02d}" for d in range(1, 20)}
    decision_time("doc-late", doc_type="permit", decided_at="2026-11-20T14:00:00.000000Z", hours=40.0).save()
    # This month's row is as of the last count (the dashboard's own, a moment ago), like the backlog ...
    again = processing(months=2)
    assert [(r["month"], r["decisions"]) for r in again["turnaround"]] == [("2026-10", 2), ("2026-11", 2)]
    assert again["backlog_as_of"] == "2026-11-20T15:00:00.000000Z"
    # ... and the minute sweep's next count has the late decision.
    from chalicelib.events.webhooks import handle_sweep

    clock.CLOCK.advance(seconds=60)  # type: ignore[attr-defined]
    handle_sweep({}, None)
    swept = processing(months=2)
    assert [(r["month"], r["decisions"]) for r in swept["turnaround"]] == [("2026-10", 2), ("2026-11", 3)]
    assert swept["backlog_as_of"] == "2026-11-20T15:01:00.000000Z"


def test_the_backlog_is_counted_by_the_minute_sweep_and_read_as_one_item(
        aws: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting what waits reads every waiting document's key, so the minute sweep counts and the dashboard reads
    that count with its time; with no sweep for 2 minutes the dashboard counts for itself."""
    from datetime import UTC, datetime

    from chalicelib import clock
    from chalicelib.events.webhooks import handle_sweep
    from chalicelib.services.documents.dashboard import processing

    manual = clock.ManualClock(datetime(2026, 11, 20, 15, tzinfo=UTC))
    monkeypatch.setattr(clock, "CLOCK", manual)
    _waiting_permit("doc-waiting-000010", "2026-11-20T12:00:00.000000Z")
    assert handle_sweep({}, None)["waiting_for_staff"] == 1
    _waiting_permit("doc-waiting-000011", "2026-11-13T12:00:00.000000Z")  # after the sweep

    manual.advance(seconds=90)
    seen = processing(months=1)
    assert (seen["waiting"], seen["backlog_as_of"]) == (1, "2026-11-20T15:00:00.000000Z")
    assert {b["age"]: b["documents"] for b in seen["backlog"]}["under 1 day"] == 1

    manual.advance(seconds=60)  # no sweep since: older than 2 minutes
    seen = processing(months=1)
    ages = {b["age"]: b["documents"] for b in seen["backlog"]}
    assert (seen["waiting"], ages["under 1 day"], ages["1-2 weeks"]) == (2, 1, 1)
    assert seen["backlog_as_of"] == "2026-11-20T15:02:30.000000Z"
