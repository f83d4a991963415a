"""Faults at the edges AWS owns: SES and KMS failing for a while, an extraction that dies half-way. Afterwards every
document is in a visible state, every email went out once, nothing is left in a dead-letter queue, and a
person who hit the outage was told to try again (503), not shown a server error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from botocore.client import BaseClient
from botocore.exceptions import ClientError

from chalicelib import clock
from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)


class Outage:
    """Make one AWS operation fail with a service error for its next `times` calls (then work again)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, operation: str, times: int) -> None:
        self.left = times
        self.failed = 0
        original = BaseClient._make_api_call

        def call(client: Any, name: str, params: dict[str, Any]) -> Any:
            if name == operation and self.left > 0:
                self.left -= 1
                self.failed += 1
                raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "outage"}}, name)
            return original(client, name, params)

        monkeypatch.setattr(BaseClient, "_make_api_call", call)


def _dead_letters(aws: dict[str, str]) -> dict[str, int]:
    sqs = boto3.client("sqs")
    out = {}
    for name, url in aws.items():
        if name.endswith("DeadLetterQueueUrl"):
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
            out[name] = int(attributes["Attributes"]["ApproximateNumberOfMessages"])
    return out


def test_an_ses_outage_delays_the_email_and_it_goes_out_once(api: Any, people: dict[str, str], pump: Any,
                                                               aws: dict[str, str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.security.identity import Caller
    from chalicelib.services.accounts.notifications import outbox
    from chalicelib.services.documents import review
    from chalicelib.store.base import iso
    from chalicelib.store.documents import DocumentItem

    ben = people["u-participant-ben"]
    now = iso(clock.now())
    item = DocumentItem(*DocumentItem.key("doc-outage"), document_id="doc-outage", owner_id=ben, uploaded_by=ben,
                        doc_type="permit", status="needs_review", upload_key="uploads/doc-outage", created_at=now,
                        submitted_at=now, updated_at=now, extracted={"doc_type": "permit"}, file_name="permit.jpg")
    item.index_for_status()
    item.save()
    outage = Outage(monkeypatch, "SendTemplatedEmail", times=2)
    review.decide(Caller(user_id=people["u-staff-sam"], roles=frozenset({Role.STAFF})), "doc-outage",
                  decision="reject", fields=None, reason="The number cannot be read.", expected_version=None)
    for _ in range(4):
        pump.drain(timeout_seconds=30)
    assert outage.failed == 2  # SES refused twice; the message came back each time and went out on the third
    sent = [(m["to"], m["subject"]) for m in outbox()]
    assert sent == [("ben.okafor@example.org", "Your Child Development Permit was not accepted")]
    assert set(_dead_letters(aws).values()) == {0}


def test_a_kms_outage_tells_an_enrolling_person_to_try_again_and_writes_nothing(
        api: Any, aws: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.store.profiles import get_profile

    who = ("u-participant-newcomer", Role.PARTICIPANT)
    headers = {**bearer(*who), "Content-Type": "application/json"}
    body = json.dumps({"legal_first_name": "Noor", "legal_last_name": "Haddad", "ssn": "123-45-6789"})
    Outage(monkeypatch, "GenerateDataKey", times=1)
    refused = api.http.post("/v1/me", headers=headers, body=body)
    assert refused.status_code == 503, refused.body
    problem = json.loads(refused.body)
    assert "try again" in problem["detail"].lower() and refused.headers.get("Retry-After")
    assert get_profile(who[0]) is None  # nothing half-written: no profile without its data key
    assert api.http.post("/v1/me", headers=headers, body=body).status_code == 201


def test_an_extraction_that_dies_half_way_is_read_again_and_ends_in_the_queue_once(
        api: Any, pump: Any, aws: dict[str, str], corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker dies after reading the page and before saving (a Lambda timeout, an out-of-memory kill): the
    message comes back, the document is read again from the start, and ends needing review exactly once."""
    from chalicelib.local.demo import load_demo_data
    from chalicelib.services.documents import extraction
    from chalicelib.store.documents import audit_trail

    load_demo_data()
    path = corpus / "dev" / "permit-f1-0-digital.pdf"
    data = path.read_bytes()
    started = json.loads(api.http.post("/v1/documents", headers={
        **bearer("u-participant-ana", Role.PARTICIPANT), "Content-Type": "application/json"}, body=json.dumps({
            "doc_type": "permit", "file_name": path.name, "content_type": "application/pdf", "size": len(data)})).body)
    requests.post(started["upload"]["url"], data=started["upload"]["fields"],
                  files={"file": (path.name, data, "application/pdf")}, timeout=30)
    original = extraction.attention_for
    deaths = {"left": 1}

    def dies_once(*args: Any, **kwargs: Any) -> Any:
        if deaths["left"]:
            deaths["left"] -= 1
            raise MemoryError("the worker was killed")
        return original(*args, **kwargs)

    monkeypatch.setattr(extraction, "attention_for", dies_once)
    for _ in range(3):
        pump.drain(timeout_seconds=120)
    doc = json.loads(api.http.get(f"/v1/documents/{started['document_id']}",
                                  headers=bearer("u-participant-ana", Role.PARTICIPANT)).body)
    assert deaths["left"] == 0 and doc["status"] == "needs_attention"  # another person's name: told at once
    finished = [a.action for a in audit_trail(started["document_id"]) if a.action.startswith("extraction:")]
    assert len(finished) == 1, finished
    assert set(_dead_letters(aws).values()) == {0}


def test_a_queue_outage_at_intake_leaves_the_extraction_message_in_the_outbox_until_the_sweeper_sends_it(
        api: Any, pump: Any, aws: dict[str, str], corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Intake saved `processing` but SQS refused the extraction message: the message waits in the table's
    outbox, and the minute schedule sends it, so the document is read once and nothing is stuck."""
    from chalicelib import clock
    from chalicelib.local.demo import load_demo_data
    from chalicelib.store.documents import audit_trail, get_document
    from chalicelib.store.outbox import OutboxTable

    moments = clock.ManualClock()
    monkeypatch.setattr(clock, "CLOCK", moments)
    load_demo_data()
    path = corpus / "dev" / "permit-f1-0-digital.pdf"
    data = path.read_bytes()
    started = json.loads(api.http.post("/v1/documents", headers={
        **bearer("u-participant-ana", Role.PARTICIPANT), "Content-Type": "application/json"}, body=json.dumps({
            "doc_type": "permit", "file_name": path.name, "content_type": "application/pdf", "size": len(data)})).body)
    document_id = started["document_id"]
    requests.post(started["upload"]["url"], data=started["upload"]["fields"],
                  files={"file": (path.name, data, "application/pdf")}, timeout=30)
    outage = Outage(monkeypatch, "SendMessage", times=1)
    pump.drain(timeout_seconds=60)
    assert outage.failed == 1
    document = get_document(document_id)
    assert document is not None and document.status == "processing"
    [left] = OutboxTable().left_before("9999")
    assert left.destination == "extraction" and left.body["document_id"] == document_id
    pump.run_schedules()  # within the minute: the commit that wrote it may still be sending it
    assert len(OutboxTable().left_before("9999")) == 1
    moments.advance(minutes=2)
    pump.run_schedules()
    pump.drain(timeout_seconds=120)
    document = get_document(document_id)
    assert document is not None and document.status == "needs_attention"
    assert [a.action for a in audit_trail(document_id) if a.action.startswith("extraction:")] == ["extraction:done"]
    assert OutboxTable().left_before("9999") == []
    assert set(_dead_letters(aws).values()) == {0}
