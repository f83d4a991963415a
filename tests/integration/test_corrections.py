"""Due process: a participant disputes a verified grade, staff correct it, every report follows, the old report
still verifies as issued and says a newer version exists; retractions, appeals and who may do what."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib import clock
from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

BEN_TRANSCRIPT = {"institution": "Sacramento City College", "person_name": "Ben Okafor",
                  "courses": [{"term": "Fall 2020", "code": "CHLD 101", "units": 3.0,
                               "title": "Child Growth and Development", "grade": "A"},
                              {"term": "Fall 2020", "code": "ENGL 1A", "units": 3.0,
                               "title": "College Composition", "grade": "F"}]}


def _document(owner: str, doc_id: str, doc_type: str, *, status: str = "needs_review") -> None:
    from chalicelib.store.base import iso
    from chalicelib.store.documents import DocumentItem
    from chalicelib.store.records import adjust_pending

    now = iso(clock.now())
    item = DocumentItem(*DocumentItem.key(doc_id), document_id=doc_id, owner_id=owner, uploaded_by=owner,
                        doc_type=doc_type, status=status, upload_key=f"uploads/{doc_id}", file_name="transcript.jpg",
                        created_at=now, submitted_at=now, updated_at=now, extracted={"doc_type": doc_type})
    item.index_for_status()
    item.save()
    adjust_pending(owner, 1)


@pytest.fixture
def ben_verified(api: Any, people: dict[str, str], pump: Any) -> dict[str, str]:
    from chalicelib.security.identity import Caller
    from chalicelib.services.documents import review

    ben, sam = people["u-participant-ben"], people["u-staff-sam"]
    _document(ben, "doc-ben-transcript", "transcript")
    review.decide(Caller(user_id=sam, roles=frozenset({Role.STAFF})), "doc-ben-transcript", decision="verify",
                  fields=BEN_TRANSCRIPT, reason=None, expected_version=None)
    pump.drain(timeout_seconds=30)
    _clear_outbox()
    return {"ben": ben, "sam": sam, "dana": people["u-director-dana"], "ana": people["u-participant-ana"]}


def _clear_outbox() -> None:
    from chalicelib.aws.clients import client
    from chalicelib.config import get_settings

    s3 = client("s3")
    bucket = get_settings().artifacts_bucket
    for o in s3.list_objects_v2(Bucket=bucket, Prefix="outbox/").get("Contents", []):
        s3.delete_object(Bucket=bucket, Key=o["Key"])


def _mail() -> list[tuple[str, str]]:
    from chalicelib.services.accounts.notifications import outbox

    return sorted((m["to"], m["subject"]) for m in outbox())


def _call(api: Any, method: str, path: str, who: tuple[str, Role], body: Any = None,
          accept: str = "application/json") -> Any:
    headers = {**bearer(*who), "Content-Type": "application/json", "Accept": accept}
    return getattr(api.http, method.lower())(path, headers=headers,
                                             **({"body": json.dumps(body)} if body is not None else {}))


def _json(response: Any) -> Any:
    return json.loads(response.body)


def _record(api: Any, ben: str, code: str) -> dict[str, Any]:
    items = _json(_call(api, "GET", "/v1/me/records", (ben, Role.PARTICIPANT)))["items"]
    return next(r for r in items if r["kind"] == "course" and r["data"]["code"] == code)


def _pdf_text(body: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())


def _ben_on_staff_report(api: Any, dana: str) -> dict[str, Any]:
    body = _json(_call(api, "GET", "/v1/programs/prog-sunshine/reports/staff-verification?format=json",
                       (dana, Role.DIRECTOR)))
    return next(s for s in body["staff"] if s["name"] == "Ben Okafor")


def test_a_disputed_grade_is_corrected_and_every_report_follows(api: Any, ben_verified: dict[str, str],
                                                                 pump: Any) -> None:
    ben, sam, dana = ben_verified["ben"], ben_verified["sam"], ben_verified["dana"]
    BEN, SAM = (ben, Role.PARTICIPANT), (sam, Role.STAFF)
    assert _ben_on_staff_report(api, dana)["general_units"] == "0"  # the F counts for nothing
    old_pdf = _call(api, "GET", "/v1/me/reports/education-training", BEN, accept="application/pdf")
    old_id = old_pdf.headers["X-Report-Id"]

    english = _record(api, ben, "ENGL 1A")
    opened = _call(api, "POST", "/v1/me/disputes", BEN, {
        "record_id": english["record_id"], "message": "My grade in ENGL 1A was a B, not an F. See page 2."})
    assert opened.status_code == 201, opened.body
    dispute = _json(opened)
    assert dispute["status"] == "open" and dispute["subject"] == "record"
    again = _call(api, "POST", "/v1/me/disputes", BEN, {"record_id": english["record_id"], "message": "again"})
    assert again.status_code == 409

    # Staff see it in their own queue, with its age, and read the participant's words beside the record.
    assert _call(api, "GET", "/v1/review/disputes", BEN).status_code == 403
    queue = _json(_call(api, "GET", "/v1/review/disputes", SAM))["items"]
    assert [d["dispute_id"] for d in queue] == [dispute["dispute_id"]] and queue[0]["age_hours"] is not None
    detail = _json(_call(api, "GET", f"/v1/review/disputes/{dispute['dispute_id']}", SAM))
    assert detail["message"] == "My grade in ENGL 1A was a B, not an F. See page 2."
    assert detail["record"]["data"]["grade"] == "F" and detail["document"]["document_id"] == "doc-ben-transcript"

    bad = _call(api, "POST", f"/v1/review/disputes/{dispute['dispute_id']}/answer", SAM,
                {"outcome": "corrected", "data": {"grade": "Q"}, "reason": "Grade checked on the transcript."})
    assert bad.status_code == 422 and "grade" in _json(bad)["detail"]
    answered = _call(api, "POST", f"/v1/review/disputes/{dispute['dispute_id']}/answer", SAM,
                     {"outcome": "corrected", "data": {"grade": "B"}, "version": detail["version"],
                      "reason": "Page 2 of your transcript shows a B in ENGL 1A; the record said F."})
    assert answered.status_code == 200, answered.body
    assert _json(answered)["dispute"]["status"] == "corrected"
    pump.drain(timeout_seconds=30)

    assert _record(api, ben, "ENGL 1A")["data"]["grade"] == "B"
    assert _ben_on_staff_report(api, dana)["general_units"] == "3.0"
    assert _json(_call(api, "GET", "/v1/me/disputes", BEN))["items"][0]["status"] == "corrected"
    assert _json(_call(api, "GET", "/v1/review/disputes", SAM))["items"] == []
    assert _mail() == [("ben.okafor@example.org", "A record from your College transcript was corrected")]

    # The old report is still genuine as issued, and says a newer version exists; a new one does not.
    old_check = _json(api.http.post(f"/v1/reports/{old_id}/verify", headers={"Content-Type": "application/pdf"},
                                    body=old_pdf.body))
    assert old_check["genuine"] is True and old_check["newer_version_exists"] is True
    assert "corrected verified records" in old_check["newer_version_note"]
    new_pdf = _call(api, "GET", "/v1/me/reports/education-training", BEN, accept="application/pdf")
    assert "General education units: 0" in _pdf_text(old_pdf.body)
    assert "General education units: 3" in _pdf_text(new_pdf.body)
    new_check = _json(api.http.post(f"/v1/reports/{new_pdf.headers['X-Report-Id']}/verify",
                                    headers={"Content-Type": "application/pdf"}, body=new_pdf.body))
    assert new_check["genuine"] is True and new_check["newer_version_exists"] is False

    # The previous value stays in the source document's audit trail; partners get record.changed.
    from chalicelib.store.documents import audit_trail
    from chalicelib.store.records import EventItem

    (entry,) = [a for a in audit_trail("doc-ben-transcript") if a.action == "record:amended"]
    assert entry.before["data"]["grade"] == "F" and entry.after["data"]["grade"] == "B" and entry.actor_id == sam
    changed = [e for e in EventItem.query(f"EVENTS#{entry.at[:7]}") if e.type == "record.changed"]
    assert [(e.subject["record_id"], e.subject["change"]) for e in changed] == [(english["record_id"], "amended")]


def test_staff_retract_a_record_and_it_leaves_every_figure(api: Any, ben_verified: dict[str, str],
                                                           pump: Any) -> None:
    ben, sam, dana = ben_verified["ben"], ben_verified["sam"], ben_verified["dana"]
    child = _record(api, ben, "CHLD 101")
    path = f"/v1/review/people/{ben}/records/{child['record_id']}"
    assert _call(api, "POST", path, (ben, Role.PARTICIPANT), {"action": "retract", "reason": "x"}).status_code == 403
    no_reason = _call(api, "POST", path, (sam, Role.STAFF), {"action": "retract", "reason": " "})
    assert no_reason.status_code == 422
    done = _call(api, "POST", path, (sam, Role.STAFF),
                 {"action": "retract", "reason": "The college confirmed CHLD 101 was taken by another student."})
    assert done.status_code == 200, done.body
    pump.drain(timeout_seconds=30)
    codes = [r["data"]["code"] for r in _json(_call(api, "GET", "/v1/me/records", (ben, Role.PARTICIPANT)))["items"]
             if r["kind"] == "course"]
    assert codes == ["ENGL 1A"]
    assert _ben_on_staff_report(api, dana)["ece_units"] == "0"
    assert _mail() == [("ben.okafor@example.org", "A record from your College transcript was removed")]
    listed = _json(_call(api, "GET", f"/v1/review/people/{ben}/records", (sam, Role.STAFF)))["items"]
    assert child["record_id"] not in [r["record_id"] for r in listed]


def test_an_appeal_reopens_a_rejected_document_or_is_dismissed_with_a_reason(
        api: Any, ben_verified: dict[str, str], pump: Any) -> None:
    from chalicelib.security.identity import Caller
    from chalicelib.services.documents import review

    ben, ana, sam = ben_verified["ben"], ben_verified["ana"], ben_verified["sam"]
    staff = Caller(user_id=sam, roles=frozenset({Role.STAFF}))
    for doc_id, decision in (("doc-ben-permit", "reject"), ("doc-ben-cert", "request_resubmission")):
        _document(ben, doc_id, "permit")
        review.decide(staff, doc_id, decision=decision, fields=None, expected_version=None,
                      reason="The permit number cannot be read.")
    pump.drain(timeout_seconds=30)
    assert _mail() == [("ben.okafor@example.org", "Please send your Child Development Permit again"),
                       ("ben.okafor@example.org", "Your Child Development Permit was not accepted")]
    _clear_outbox()

    # Ana cannot appeal Ben's document, and nobody can appeal a document that was not rejected.
    stranger = _call(api, "POST", "/v1/me/disputes", (ana, Role.PARTICIPANT),
                     {"document_id": "doc-ben-permit", "message": "mine"})
    assert stranger.status_code == 404
    first = _json(_call(api, "POST", "/v1/me/disputes", (ben, Role.PARTICIPANT),
                        {"document_id": "doc-ben-permit", "message": "The number is on the back; photo 2 shows it."}))
    second = _json(_call(api, "POST", "/v1/me/disputes", (ben, Role.PARTICIPANT),
                         {"document_id": "doc-ben-cert", "message": "Please look again."}))
    base = "/v1/review/disputes/{}/answer"
    wrong = _call(api, "POST", base.format(first["dispute_id"]), (sam, Role.STAFF),
                  {"outcome": "corrected", "data": {"grade": "A"}, "reason": "x"})
    assert wrong.status_code == 422  # an appeal has no record to correct
    reopened = _call(api, "POST", base.format(first["dispute_id"]), (sam, Role.STAFF),
                     {"outcome": "reopened", "reason": "The back of the permit shows the number; we will review it."})
    assert reopened.status_code == 200, reopened.body
    dismissed = _call(api, "POST", base.format(second["dispute_id"]), (sam, Role.STAFF),
                      {"outcome": "dismissed", "reason": "The photo is still too blurry; upload a new one."})
    assert dismissed.status_code == 200, dismissed.body
    pump.drain(timeout_seconds=30)
    doc = _json(_call(api, "GET", "/v1/documents/doc-ben-permit", (ben, Role.PARTICIPANT)))
    assert doc["status"] == "needs_review"
    assert _json(_call(api, "GET", "/v1/documents/doc-ben-cert", (ben, Role.PARTICIPANT)))["status"] \
        == "resubmission_requested"
    assert _mail() == [("ben.okafor@example.org", "Your Child Development Permit will be reviewed again"),
                       ("ben.okafor@example.org", "Your request about your Child Development Permit was answered")]
    queue = _json(_call(api, "GET", "/v1/review/queue", (sam, Role.STAFF)))["items"]
    assert "doc-ben-permit" in [d["document_id"] for d in queue]
