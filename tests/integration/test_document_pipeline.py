"""Upload -> intake -> extraction -> review -> decision, through the handlers Lambda would run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

PARTICIPANT = ("u-participant-ana", Role.PARTICIPANT)
STAFF = ("u-staff-sam", Role.STAFF)


def _json(response: Any) -> Any:
    return json.loads(response.body)


@pytest.fixture
def pump(aws: dict[str, str], demo: None) -> Any:
    import app as app_module
    from chalicelib.aws.clients import client
    from chalicelib.local.stack import build_pump

    assert client("sqs") is not None
    return build_pump(app_module, retry_delay_seconds=0)


def _upload(api: Any, path: Path, content_type: str, doc_type: str | None = None, name: str | None = None,
            declared: dict[str, str] | None = None) -> str:
    data = path.read_bytes()
    body = {"file_name": name or path.name, "content_type": content_type, "size": max(1, len(data))}
    if doc_type:
        body["doc_type"] = doc_type
    if declared:
        body["declared"] = declared
    response = api.http.post("/v1/documents", headers={**bearer(*PARTICIPANT), "Content-Type": "application/json"},
                             body=json.dumps(body))
    assert response.status_code == 201, response.body
    started = _json(response)
    # moto intercepts the presigned POST in-process just as S3 would take it.
    post = requests.post(started["upload"]["url"], data=started["upload"]["fields"],
                         files={"file": (path.name, data, content_type)}, timeout=30)
    assert post.status_code in (200, 204), post.text
    return str(started["document_id"])


def test_a_permit_photo_reaches_review_prefilled_and_verifying_creates_the_record(
        api: Any, pump: Any, corpus: Path) -> None:
    truth = json.loads((corpus / "dev" / "permit-f1-0-phone.json").read_text())
    document_id = _upload(api, corpus / "dev" / "permit-f1-0-phone.jpg", "image/jpeg", "permit",
                          declared={"document_number": truth["document_number"], "expires_on": "2030-01-01"})
    pump.drain(timeout_seconds=180)
    doc = _json(api.http.get(f"/v1/documents/{document_id}", headers=bearer(*PARTICIPANT)))
    # Ana uploaded Hannah's permit: she is told at once, and staff see nothing until she sends it anyway.
    assert doc["status"] == "needs_attention"
    assert [a["problem"] for a in doc["attention"]] == ["name_mismatch"]
    assert _json(api.http.get("/v1/review/queue", headers=bearer(*STAFF)))["items"] == []
    sent = api.http.post(f"/v1/documents/{document_id}/send-anyway", headers=bearer(*PARTICIPANT), body=b"")
    assert sent.status_code == 200 and _json(sent)["status"] == "needs_review"

    queue = _json(api.http.get("/v1/review/queue", headers=bearer(*STAFF)))
    assert [i["document_id"] for i in queue["items"]] == [document_id]
    detail = _json(api.http.get(f"/v1/review/{document_id}", headers=bearer(*STAFF)))
    assert detail["fields"]["doc_type"] == "permit"
    assert detail["fields"]["document_number"] == truth["document_number"]
    assert detail["pages"] and detail["pages"][0]["url"].startswith("http")
    assert any(d["field"] == "expires_on" for d in detail["disagreements"])

    wrong = {**detail["fields"], "expires_on": "2027-13-01", "issued_on": truth["issued_on"]}
    refused = api.http.post(f"/v1/review/{document_id}/decision", headers={**bearer(*STAFF),
                                                                           "Content-Type": "application/json"},
                            body=json.dumps({"decision": "verify", "fields": wrong, "version": detail["version"]}))
    assert refused.status_code == 422
    assert "expires_on: '2027-13-01' is not a date" in _json(refused)["detail"]

    fields = {**detail["fields"], "expires_on": truth["expires_on"], "issued_on": truth["issued_on"]}
    # Hannah's name is on the permit, not Ana's: it cannot be verified onto Ana's record unseen.
    not_hers = api.http.post(f"/v1/review/{document_id}/decision", headers={**bearer(*STAFF),
                                                                            "Content-Type": "application/json"},
                             body=json.dumps({"decision": "verify", "fields": fields, "version": detail["version"]}))
    assert not_hers.status_code == 422 and _json(not_hers)["name_mismatch"] is True
    assert truth["person_name"] in _json(not_hers)["detail"]
    confirmed = "Ana's permit was issued before her marriage; the marriage certificate is on file."
    decided = api.http.post(f"/v1/review/{document_id}/decision", headers={**bearer(*STAFF),
                                                                           "Content-Type": "application/json"},
                            body=json.dumps({"decision": "verify", "fields": fields, "version": detail["version"],
                                             "name_mismatch_reason": confirmed}))
    assert decided.status_code == 200, decided.body
    from chalicelib.store.documents import audit_trail

    (decision,) = [a for a in audit_trail(document_id) if a.action == "decision:verify"]
    assert decision.after["name_mismatch_confirmed"] == {"name_on_document": truth["person_name"],
                                                         "confirmed_by": STAFF[0], "reason": confirmed}
    again = api.http.post(f"/v1/review/{document_id}/decision", headers={**bearer(*STAFF),
                                                                         "Content-Type": "application/json"},
                          body=json.dumps({"decision": "reject", "reason": "duplicate"}))
    assert again.status_code == 409

    records = _json(api.http.get("/v1/me/records", headers=bearer(*PARTICIPANT)))["items"]
    assert [r["kind"] for r in records] == ["permit"]
    assert records[0]["data"]["document_number"] == truth["document_number"]
    assert records[0]["data"]["expires_on"] == truth["expires_on"]

    pump.drain(timeout_seconds=60)
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    from chalicelib.services.accounts.notifications import outbox

    messages = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
    assert [(m.destinations["ToAddresses"], m.template) for m in messages] == [
        (["ana.reyes@example.org"], "ece-registry-local-verified-en")]
    assert [(m["to"], m["subject"]) for m in outbox()] == [
        ("ana.reyes@example.org", "Your Child Development Permit is verified")]


def test_someone_else_cannot_see_or_delete_my_document(api: Any, pump: Any, corpus: Path) -> None:
    document_id = _upload(api, corpus / "dev" / "permit-f1-0-digital.pdf", "application/pdf", "permit")
    other = bearer("u-participant-ben", Role.PARTICIPANT)
    assert api.http.get(f"/v1/documents/{document_id}", headers=other).status_code == 404
    assert api.http.delete(f"/v1/documents/{document_id}", headers=other).status_code == 404
    assert api.http.get(f"/v1/review/{document_id}", headers=bearer(*PARTICIPANT)).status_code == 403


def test_owner_deletes_before_verification_and_a_tombstone_remains(api: Any, pump: Any, corpus: Path,
                                                                   aws: dict[str, str]) -> None:
    document_id = _upload(api, corpus / "dev" / "cda_credential-f2-0-digital.pdf", "application/pdf")
    pump.drain(timeout_seconds=60)
    response = api.http.delete(f"/v1/documents/{document_id}", headers=bearer(*PARTICIPANT))
    assert response.status_code == 200 and _json(response)["status"] == "deleted"
    listing = boto3.client("s3").list_object_versions(Bucket=aws["UploadsBucketName"], Prefix=f"uploads/{document_id}")
    assert not listing.get("Versions")
    assert api.http.get(f"/v1/documents/{document_id}", headers=bearer(*STAFF)).status_code == 200


def test_the_same_file_sent_twice_is_recognised_and_the_first_is_kept(api: Any, pump: Any, corpus: Path) -> None:
    permit = corpus / "dev" / "permit-f2-0-digital.pdf"
    first = _upload(api, permit, "application/pdf", "permit", name="permit.pdf")
    pump.drain(timeout_seconds=120)
    second = _upload(api, permit, "application/pdf", "permit", name="permit-again.pdf")
    pump.drain(timeout_seconds=60)
    kept = _json(api.http.get(f"/v1/documents/{first}", headers=bearer(*PARTICIPANT)))
    again = _json(api.http.get(f"/v1/documents/{second}", headers=bearer(*PARTICIPANT)))
    assert kept["status"] in ("needs_review", "needs_attention")
    assert again["status"] == "rejected_file"
    assert again["reason"].startswith("You already sent this exact file on ") and "(permit.pdf)" in again["reason"]
    # After the first copy is deleted, sending the file is a fresh start, not a duplicate.
    assert api.http.delete(f"/v1/documents/{first}", headers=bearer(*PARTICIPANT)).status_code == 200
    third = _upload(api, permit, "application/pdf", "permit", name="permit.pdf")
    pump.drain(timeout_seconds=120)
    assert _json(api.http.get(f"/v1/documents/{third}", headers=bearer(*PARTICIPANT)))["status"] != "rejected_file"


def test_a_later_write_to_the_upload_key_is_never_the_file_read_or_shown(api: Any, pump: Any, corpus: Path,
                                                                       aws: dict[str, str]) -> None:
    """The upload link stays valid for minutes after intake checked the file: whatever is written to the key
    afterwards, extraction, the review page and the download use the version intake inspected."""
    permit = corpus / "dev" / "permit-f1-0-digital.pdf"
    document_id = _upload(api, permit, "application/pdf", "permit")
    other = (corpus / "dev" / "transcript-f1-0-digital.pdf").read_bytes()
    boto3.client("s3").put_object(Bucket=aws["UploadsBucketName"], Key=f"uploads/{document_id}", Body=other,
                                  ContentType="application/pdf")
    pump.drain(timeout_seconds=180)
    detail = _json(api.http.get(f"/v1/review/{document_id}", headers=bearer(*STAFF)))
    truth = json.loads((corpus / "dev" / "permit-f1-0-digital.json").read_text())
    assert detail["fields"]["doc_type"] == "permit"
    assert detail["fields"]["document_number"] == truth["document_number"]
    link = _json(api.http.get(f"/v1/documents/{document_id}/original", headers=bearer(*PARTICIPANT)))
    assert link["download_as"].startswith("permit-") and link["download_as"].endswith(".pdf")
    assert requests.get(link["url"], timeout=30).content == permit.read_bytes()
    stranger = bearer("u-participant-ben", Role.PARTICIPANT)
    assert api.http.get(f"/v1/documents/{document_id}/original", headers=stranger).status_code == 404


def test_a_document_staff_upload_for_someone_is_verified_by_a_colleague(api: Any, pump: Any, corpus: Path) -> None:
    permit = corpus / "dev" / "permit-f1-0-digital.pdf"
    data = permit.read_bytes()
    staff = {**bearer(*STAFF), "Content-Type": "application/json"}
    body = {"file_name": "ana-permit.pdf", "content_type": "application/pdf", "size": len(data), "doc_type": "permit"}
    nobody = api.http.post("/v1/documents", headers=staff, body=json.dumps({**body, "participant_id": "u-nobody"}))
    assert nobody.status_code == 404
    started = _json(api.http.post("/v1/documents", headers=staff,
                                  body=json.dumps({**body, "participant_id": "u-participant-ana"})))
    requests.post(started["upload"]["url"], data=started["upload"]["fields"],
                  files={"file": (permit.name, data, "application/pdf")}, timeout=30)
    pump.drain(timeout_seconds=120)
    document_id = started["document_id"]
    api.http.post(f"/v1/documents/{document_id}/send-anyway", headers=bearer(*PARTICIPANT), body=b"")
    detail = _json(api.http.get(f"/v1/review/{document_id}", headers=bearer(*STAFF)))
    decision = {"decision": "verify", "fields": detail["fields"], "version": detail["version"],
                "name_mismatch_reason": "Corpus permit carries an invented name."}
    own = api.http.post(f"/v1/review/{document_id}/decision", headers=staff, body=json.dumps(decision))
    assert own.status_code == 403 and "another staff member must verify it" in _json(own)["detail"]
    colleague = {**bearer("u-staff-kim", Role.STAFF), "Content-Type": "application/json"}
    verified = api.http.post(f"/v1/review/{document_id}/decision", headers=colleague, body=json.dumps(decision))
    assert verified.status_code == 200, verified.body
    records = _json(api.http.get("/v1/me/records", headers=bearer(*PARTICIPANT)))["items"]
    assert [r["source_document_id"] for r in records] == [document_id]


def test_a_reviewer_claims_a_document_and_sees_where_each_value_was_read(api: Any, pump: Any,
                                                                       corpus: Path) -> None:
    document_id = _upload(api, corpus / "dev" / "permit-f2-0-scan.pdf", "application/pdf", "permit")
    pump.drain(timeout_seconds=120)
    api.http.post(f"/v1/documents/{document_id}/send-anyway", headers=bearer(*PARTICIPANT), body=b"")
    sam, kim = bearer(*STAFF), bearer("u-staff-kim", Role.STAFF)
    assert api.http.post(f"/v1/review/{document_id}/claim", headers=sam, body=b"").status_code == 200
    detail = _json(api.http.get(f"/v1/review/{document_id}", headers=kim))
    assert detail["claim"]["by"] == STAFF[0] and detail["claim"]["name"]
    queued = _json(api.http.get("/v1/review/queue", headers=kim))["items"]
    assert next(i for i in queued if i["document_id"] == document_id)["claim"]["by"] == STAFF[0]
    busy = api.http.post(f"/v1/review/{document_id}/claim", headers=kim, body=b"")
    assert busy.status_code == 409 and "is reviewing this document until" in _json(busy)["detail"]
    blocked = api.http.post(f"/v1/review/{document_id}/decision", headers={**kim, "Content-Type": "application/json"},
                            body=json.dumps({"decision": "reject", "reason": "Unreadable."}))
    assert blocked.status_code == 409
    taken = api.http.post(f"/v1/review/{document_id}/claim?take_over=true", headers=kim, body=b"")
    assert _json(taken)["claim"]["by"] == "u-staff-kim"

    # Each value comes with the boxes of the words it was read from, as fractions of its page.
    boxes = detail["boxes"]["document_number"]
    assert boxes and all(b["page"] == 1 and 0 <= b["left"] < 1 and 0 <= b["top"] < 1 and 0 < b["width"] <= 1
                         for b in boxes)
    assert detail["participant"]["names"] and all("Reyes" in n for n in detail["participant"]["names"])
    assert detail["participant"]["name_matches"] is False  # a corpus permit with an invented name


POISON_CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png"}


def test_every_poison_file_gets_its_manifest_outcome(api: Any, pump: Any, corpus: Path) -> None:
    manifest = json.loads((corpus / "poison" / "MANIFEST.json").read_text())["files"]
    outcomes = {}
    for entry in manifest:
        path = corpus / "poison" / entry["file"]
        name = entry.get("upload_name", entry["file"])
        claimed = POISON_CONTENT_TYPES.get(Path(name).suffix, "application/pdf")
        outcomes[entry["file"]] = _upload(api, path, claimed, name=name)
    pump.drain(timeout_seconds=180)
    for entry in manifest:
        doc = _json(api.http.get(f"/v1/documents/{outcomes[entry['file']]}", headers=bearer(*PARTICIPANT)))
        if entry["expect"] == "reject":
            assert doc["status"] == "rejected_file", entry
            assert doc["reason"] and "upload" in doc["reason"].lower()
        else:
            # Accepted by content; the demo participant is told it carries someone else's name.
            assert doc["status"] == "needs_attention", (entry, doc)
            assert [a["problem"] for a in doc["attention"]] == ["name_mismatch"], doc
            detail = _json(api.http.get(f"/v1/review/{outcomes[entry['file']]}", headers=bearer(*STAFF)))
            assert detail["fields"]["doc_type"] == entry["truth"]["doc_type"]


def test_a_file_over_the_cap_is_refused_by_intake_even_though_moto_accepts_it(
        api: Any, pump: Any, aws: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 4096)
    document_id = _upload(api, big, "application/pdf")
    monkeypatch.setenv("REGISTRY_UPLOAD_MAX_BYTES", "1024")
    from chalicelib.config import get_settings

    get_settings.cache_clear()
    pump.drain(timeout_seconds=60)
    doc = _json(api.http.get(f"/v1/documents/{document_id}", headers=bearer(*PARTICIPANT)))
    assert doc["status"] == "rejected_file"
    assert "larger than" in doc["reason"]


def test_a_duplicate_s3_notification_is_processed_once(api: Any, pump: Any, aws: dict[str, str],
                                                       corpus: Path) -> None:
    document_id = _upload(api, corpus / "dev" / "permit-f1-0-digital.pdf", "application/pdf", "permit")
    sqs = boto3.client("sqs")
    messages = sqs.receive_message(QueueUrl=aws["IntakeQueueUrl"], MaxNumberOfMessages=10)["Messages"]
    for m in messages:  # put every notification back twice: a redelivery storm
        sqs.send_message(QueueUrl=aws["IntakeQueueUrl"], MessageBody=m["Body"])
        sqs.send_message(QueueUrl=aws["IntakeQueueUrl"], MessageBody=m["Body"])
        sqs.delete_message(QueueUrl=aws["IntakeQueueUrl"], ReceiptHandle=m["ReceiptHandle"])
    pump.drain(timeout_seconds=120)
    from chalicelib.store.documents import audit_trail

    actions = [a.action for a in audit_trail(document_id)]
    assert actions.count("intake:accepted") == 1
    assert actions.count("extraction:done") == 1


def test_a_poison_message_goes_to_the_dead_letter_queue_and_replays(api: Any, pump: Any,
                                                                   aws: dict[str, str]) -> None:
    sqs = boto3.client("sqs")
    sqs.send_message(QueueUrl=aws["ExtractionQueueUrl"], MessageBody="this is not json")
    for _ in range(5):
        pump.drain(timeout_seconds=30)
    dead = sqs.receive_message(QueueUrl=aws["ExtractionDeadLetterQueueUrl"], MaxNumberOfMessages=10,
                               VisibilityTimeout=0).get("Messages", [])
    assert [m["Body"] for m in dead] == ["this is not json"]
    from chalicelib.services.operations import replay_dead_letters

    assert replay_dead_letters(aws["ExtractionQueueUrl"]) == 1
    body = sqs.receive_message(QueueUrl=aws["ExtractionQueueUrl"])["Messages"][0]["Body"]
    assert body == "this is not json"


def _pdf(tmp_path: Path, name: str, lines: list[str]) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = tmp_path / name
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for n, text in enumerate(lines):
        pdf.setFont("Helvetica", 12)
        pdf.drawCentredString(306, 700 - n * 28, text)
    pdf.save()
    return path


def _verify(api: Any, document_id: str, fields: dict[str, Any]) -> Any:
    detail = _json(api.http.get(f"/v1/review/{document_id}", headers=bearer(*STAFF)))
    return api.http.post(f"/v1/review/{document_id}/decision",
                         headers={**bearer(*STAFF), "Content-Type": "application/json"},
                         body=json.dumps({"decision": "verify", "fields": {**detail["fields"], **fields},
                                          "version": detail["version"]}))


def test_the_two_added_types_go_from_upload_to_a_record(api: Any, pump: Any, tmp_path: Path) -> None:
    """A degree (read by its own parser) and 'other' (no parser: staff type the fields), end to end."""
    types = _json(api.http.get("/v1/document-types"))["items"]
    assert {"degree", "other"} <= {t["name"] for t in types}
    diploma = _pdf(tmp_path, "diploma.pdf", [
        "PASADENA CITY COLLEGE", "The Board of Trustees has conferred upon", "Ana Reyes",
        "the degree of Associate in Arts in Child Development",
        "with all the rights and privileges thereto pertaining. Given on June 12, 2021."])
    letter = _pdf(tmp_path, "evaluation.pdf", [
        "Foreign Credential Evaluation Report", "Prepared for Ana Reyes",
        "Licenciatura en Educacion Preescolar, Universidad de Guadalajara",
        "US equivalency: four years of university study"])
    degree_id = _upload(api, diploma, "application/pdf", "degree")
    other_id = _upload(api, letter, "application/pdf", "other")
    pump.drain(timeout_seconds=120)

    degree = _json(api.http.get(f"/v1/documents/{degree_id}", headers=bearer(*PARTICIPANT)))
    assert degree["status"] == "needs_review", degree  # Ana's own diploma: nothing to fix
    detail = _json(api.http.get(f"/v1/review/{degree_id}", headers=bearer(*STAFF)))
    assert (detail["fields"]["doc_type"], detail["fields"]["degree_title"], detail["fields"]["major"],
            detail["fields"]["conferred_on"]) == ("degree", "Associate in Arts", "Child Development", "2021-06-12")
    assert _verify(api, degree_id, {}).status_code == 200

    other = _json(api.http.get(f"/v1/documents/{other_id}", headers=bearer(*PARTICIPANT)))
    assert (other["doc_type"], other["status"]) == ("other", "needs_review"), other
    typed = {"description": "Foreign credential evaluation", "issuer": "WES", "issued_on": "2024-03-01"}
    # Nothing reads the name off a type without a parser: staff type it too, and it must be Ana's.
    unnamed = _verify(api, other_id, typed)
    assert unnamed.status_code == 422 and "No name from the document was entered" in _json(unnamed)["detail"]
    assert _verify(api, other_id, {**typed, "person_name": "Ana Reyes"}).status_code == 200

    records = _json(api.http.get("/v1/me/records", headers=bearer(*PARTICIPANT)))["items"]
    by_source = {r["source_document_id"]: r for r in records}
    assert by_source[degree_id]["kind"] == "degree"
    assert by_source[degree_id]["data"]["title"] == "Associate in Arts"
    assert by_source[degree_id]["data"]["institution"] == "PASADENA CITY COLLEGE"
    assert (by_source[other_id]["kind"], by_source[other_id]["data"]) == ("other", typed)


def test_a_document_whose_extraction_message_was_lost_is_swept_back_and_read(
        api: Any, pump: Any, aws: dict[str, str], corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Intake saves 'processing' and then sends the extraction message; if that send fails, the retried intake
    sees 'processing' and does nothing. The minute sweeper finds the document and sends it again."""
    from chalicelib import clock as clock_module
    from chalicelib.aws import queues
    from chalicelib.events.webhooks import handle_sweep

    original = queues.Queue.send
    lost: list[str] = []

    def send_but_lose_extraction(self: Any, message: dict[str, Any], **kwargs: Any) -> str:
        if self.url == aws["ExtractionQueueUrl"] and not lost:
            lost.append(message["document_id"])
            raise RuntimeError("SQS was unreachable")
        return original(self, message, **kwargs)

    monkeypatch.setattr(queues.Queue, "send", send_but_lose_extraction)
    document_id = _upload(api, corpus / "dev" / "training_certificate-f1-0-digital.pdf", "application/pdf",
                          "training_certificate")
    pump.drain(timeout_seconds=60)
    assert lost == [document_id]
    doc = _json(api.http.get(f"/v1/documents/{document_id}", headers=bearer(*PARTICIPANT)))
    assert doc["status"] == "processing"  # and, without the sweeper, it would stay so

    manual = clock_module.ManualClock()
    monkeypatch.setattr(clock_module, "CLOCK", manual)
    assert handle_sweep({}, None)["documents"] == {"resent": 0, "failed": 0}  # not stuck yet
    manual.advance(minutes=40)
    assert handle_sweep({}, None)["documents"] == {"resent": 1, "failed": 0}
    pump.drain(timeout_seconds=120)
    doc = _json(api.http.get(f"/v1/documents/{document_id}", headers=bearer(*PARTICIPANT)))
    assert doc["status"] in ("needs_review", "needs_attention")
    assert handle_sweep({}, None)["documents"] == {"resent": 0, "failed": 0}


def test_a_document_that_never_finishes_reading_ends_failed_in_the_staff_queue(
        api: Any, pump: Any, aws: dict[str, str], corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import clock as clock_module
    from chalicelib.events.webhooks import handle_sweep
    from chalicelib.services.documents import extraction

    # Extraction that always dies without a word (a worker killed mid-document, every time).
    monkeypatch.setattr(extraction, "run", lambda document_id, attempt=1: None)
    document_id = _upload(api, corpus / "dev" / "training_certificate-f1-0-digital.pdf", "application/pdf",
                          "training_certificate")
    pump.drain(timeout_seconds=60)
    manual = clock_module.ManualClock()
    monkeypatch.setattr(clock_module, "CLOCK", manual)
    for _ in range(3):
        manual.advance(minutes=40)
        assert handle_sweep({}, None)["documents"] == {"resent": 1, "failed": 0}
        pump.drain(timeout_seconds=30)
    manual.advance(minutes=40)
    assert handle_sweep({}, None)["documents"] == {"resent": 0, "failed": 1}
    queue = _json(api.http.get("/v1/review/queue?status=failed", headers=bearer(*STAFF)))
    assert [d["document_id"] for d in queue["items"]] == [document_id]


def test_the_queue_counts_unsure_fields_without_reading_each_documents_fields(
        api: Any, demo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows read only what they show: the count of unsure fields kept since extraction; a document stored before
    the count was kept is counted from its fields."""
    from botocore.client import BaseClient

    from chalicelib.store.documents import DocumentItem
    from tests.integration.conftest import document_for_review

    counted = document_for_review("u-participant-ana")
    older = document_for_review("u-participant-ben")
    item = DocumentItem.get(*DocumentItem.key(counted))
    item.update(actions=[DocumentItem.low_confidence.set(3)])
    old = DocumentItem.get(*DocumentItem.key(older))
    old.update(actions=[DocumentItem.extracted.set({"doc_type": "permit", "confidence": {
        "person_name": 0.99, "document_number": 0.41, "expires_on": 0.52}})])
    original = BaseClient._make_api_call
    projections: list[set[str]] = []

    def seen(client: Any, name: str, params: dict[str, Any]) -> Any:
        if name == "Query":
            named = set(params.get("ExpressionAttributeNames", {}).values())
            projections.append(named if "ProjectionExpression" in params else {"everything"})
        return original(client, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", seen)
    rows = json.loads(api.http.get("/v1/review/queue?status=needs_review",
                                   headers=bearer(*STAFF)).body)["items"]
    unsure = {r["document_id"]: r["low_confidence"] for r in rows}
    assert unsure[counted] == 3 and unsure[older] == 2
    # A page cut at its limit carries on from where it stopped (its position comes from the last row read).
    third = document_for_review("u-participant-chloe")
    seen, cursor = [], None
    while True:
        page = json.loads(api.http.get("/v1/review/queue?status=needs_review&limit=1" + (
            f"&cursor={cursor}" if cursor else ""), headers=bearer(*STAFF)).body)
        seen += [r["document_id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert {counted, older, third} <= set(seen) and len(seen) == len(set(seen))
    assert projections and all("low_confidence" in p and not p & {"extracted", "everything"} for p in projections)


def test_while_a_document_waits_to_be_read_its_owner_is_told_how_many_wait_and_about_how_long(
        api: Any, pump: Any, corpus: Path) -> None:
    intake = next(b for b in pump._bindings if b.name == "intake")
    first, second = (_upload(api, corpus / "dev" / f"permit-f1-{n}-phone.jpg", "image/jpeg", "permit")
                     for n in range(2))
    while pump.poll_once(intake, wait_seconds=0):
        pass  # taken in: both wait in the extraction queue, nothing reads them yet
    shown = _json(api.http.get(f"/v1/documents/{second}", headers=bearer(*PARTICIPANT)))
    assert shown["status"] == "processing"
    assert shown["reading"] == {"ahead": 2, "expected_minutes": 1}  # two, read five at a time, 8 s each
    listed = {d["document_id"]: d for d in _json(api.http.get("/v1/documents", headers=bearer(*PARTICIPANT)))["items"]}
    assert listed[first]["reading"] == shown["reading"]
    pump.drain(timeout_seconds=180)
    after = _json(api.http.get(f"/v1/documents/{second}", headers=bearer(*PARTICIPANT)))
    assert after["status"] != "processing" and "reading" not in after
