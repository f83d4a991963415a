"""Drive the running local stack as its users would: phone upload, staff review, verified record."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.conftest import Stack, problems_for

pytestmark = pytest.mark.e2e

CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg"}

# The demo participant uploads corpus documents that carry invented names: staff confirm the mismatch.
CORPUS_NAME = "Corpus sample with an invented name, uploaded by the demo participant."


def test_health_answers_with_every_dependency_reachable(stack: Stack) -> None:
    body = stack.get("/v1/health").json()
    assert body["status"] == "ok"
    assert all(dep["reachable"] for dep in body["dependencies"].values())


def test_a_page_on_another_site_cannot_reach_the_local_api_or_moto_by_dns_rebinding(stack: Stack) -> None:
    """Such a page names its own host, which the browser sends in the Host header."""
    for url in (f"{stack.api}/v1/health", f"{stack.api}/local/cognito/oauth2/token",
                stack.description["aws_endpoint_url"] + "/"):
        answer = requests.get(url, headers={"Host": "rebind.attacker.example"}, timeout=10)
        assert answer.status_code == 421, url
    assert requests.get(f"{stack.api}/v1/health", headers={"Host": "localhost"}, timeout=10).status_code == 200


def test_people_and_partners_get_tokens_as_in_aws_and_roles_are_enforced(stack: Stack, tmp_path: Path) -> None:
    """People sign in by the authorization-code flow with PKCE, partners by client credentials, both at the
    user pool's endpoints (moto's Cognito behind the local stand-in); the API checks role and scope."""
    import os
    import subprocess
    import sys

    from chalicelib.local.oauth_client import SignInFailed, client_credentials, sign_in

    users = stack.description["users"]
    for role in ("participant", "staff", "director", "admin"):
        tokens = sign_in(stack.api, users[role]["email"], stack.description["password"])
        session = requests.get(f"{stack.api}/v1/session", timeout=10,
                               headers={"Authorization": f"Bearer {tokens['access_token']}"})
        assert session.status_code == 200, role
        # Other tests may give a demo person a second role (Dana becomes a training sponsor).
        assert role in session.json()["roles"]
    with pytest.raises(SignInFailed):
        sign_in(stack.api, users["staff"]["email"], "not-the-password-1")
    partner = client_credentials(stack.description["token_url"], users["partner"]["client_id"],
                                 users["partner"]["client_secret"])
    partner_headers = {"Authorization": f"Bearer {partner}"}
    assert requests.get(f"{stack.api}/v1/webhooks/endpoints", headers=partner_headers, timeout=10).status_code == 200
    assert requests.get(f"{stack.api}/v1/review/queue", headers=partner_headers, timeout=10).status_code == 403
    assert stack.get("/v1/session").status_code == 401
    assert stack.get("/v1/review/queue", "participant").status_code == 403
    # The command a developer uses for curl gets the same kind of token.
    env = {**os.environ, "REGISTRY_LOCAL_DIR": str(stack.local_dir)}
    printed = subprocess.run([str(Path(sys.executable).with_name("registry")), "token", "--email",
                              users["director"]["email"]], env=env, capture_output=True, text=True, timeout=60)
    assert printed.returncode == 0, printed.stderr
    assert requests.get(f"{stack.api}/v1/session", timeout=10, headers={
        "Authorization": f"Bearer {printed.stdout.strip()}"}).json()["roles"][0] == "director"


def test_a_new_participant_signs_up_and_gets_the_verified_email_in_spanish(stack: Stack, corpus: Path) -> None:

    from tests.e2e.conftest import sign_up

    email = "rosa.mendez@example.org"
    tokens = sign_up(stack, email, "una-clave-segura-2026")  # sign-up pages, emailed code, code + PKCE sign-in
    me = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert requests.get(f"{stack.api}/v1/session", headers=me, timeout=10).json()["roles"] == ["participant"]

    path = corpus / "dev" / "permit-f1-0-digital.pdf"
    truth = json.loads(path.with_suffix(".json").read_text())
    first, *_, last = truth["person_name"].split()
    enrolled = requests.post(f"{stack.api}/v1/me", headers=me, timeout=10, json={
        "legal_first_name": first, "legal_last_name": last, "preferred_language": "es"})
    assert enrolled.status_code == 201, enrolled.text
    started = requests.post(f"{stack.api}/v1/documents", headers=me, timeout=10, json={
        "doc_type": "permit", "file_name": "mi-permiso.pdf", "content_type": "application/pdf",
        "size": path.stat().st_size})
    assert started.status_code == 201, started.text
    upload = started.json()["upload"]
    with path.open("rb") as fh:
        assert requests.post(upload["url"], data=upload["fields"], timeout=60,
                             files={"file": (path.name, fh, "application/pdf")}).status_code in (200, 204)
    document_id = started.json()["document_id"]
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        doc = requests.get(f"{stack.api}/v1/documents/{document_id}", headers=me, timeout=10).json()
        if doc["status"] in ("needs_review", "needs_attention"):
            break
        time.sleep(0.5)
    if doc["status"] == "needs_attention":  # an expired sample permit: she sends it on anyway
        assert {a["problem"] for a in doc["attention"]} <= {"expired"}, doc
        assert requests.post(f"{stack.api}/v1/documents/{document_id}/send-anyway", headers=me, json={},
                             timeout=10).status_code == 200
    detail = stack.get(f"/v1/review/{document_id}", "staff").json()
    decided = stack.post(f"/v1/review/{document_id}/decision", "staff",
                         {"decision": "verify", "fields": detail["fields"], "version": detail["version"]})
    assert decided.status_code == 200, decided.text
    deadline = time.monotonic() + 60
    received: list[dict] = []  # type: ignore[type-arg]
    while time.monotonic() < deadline and not received:
        received = [m for m in stack.get("/v1/local/outbox", "staff").json()["items"]
                    if m["to"] == email and m.get("document_id") == document_id]
        time.sleep(0.5)
    assert [m["subject"] for m in received] == ["Su Permiso de Desarrollo Infantil está verificado"]
    assert received[0]["body"].startswith(f"Hola {first}:")


@pytest.mark.parametrize("tables", ["moto", "dynamodb-local"])
def test_data_survives_a_restart_and_reset_starts_clean(tmp_path: Path, corpus: Path, tables: str) -> None:
    """Also with REGISTRY_TABLE_BACKEND=dynamodb-local: the tables in Amazon's engine, in its own files."""
    import os
    import subprocess
    import sys

    import boto3

    from tests.e2e.conftest import launch, stop

    def launch_it() -> Any:
        return launch(tmp_path, REGISTRY_TABLE_BACKEND=tables)

    process, first = launch_it()
    try:
        document_id = _upload(first, corpus / "dev" / "training_certificate-f1-0-digital.pdf",
                              "training_certificate")
        first.wait_for_status(document_id, {"needs_review", "needs_attention"})
        registry_id = first.get("/v1/me", "participant").json()["registry_id"]
    finally:
        stop(process)

    process, second = launch_it()
    try:
        # The same people sign in with the same passwords and keep their ids; sealed data still opens.
        assert second.user("participant") == first.user("participant")
        me = second.get("/v1/me", "participant").json()
        assert me["registry_id"] == registry_id and me["legal_last_name"] == "Reyes"
        doc = second.get(f"/v1/documents/{document_id}", "participant").json()
        assert doc["status"] in ("needs_review", "needs_attention")
        env = second.description["env"]
        s3 = boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], region_name="us-east-1",
                          aws_access_key_id="local", aws_secret_access_key="local")
        kept = s3.get_object(Bucket=env["REGISTRY_UPLOADS_BUCKET"], Key=f"uploads/{document_id}")["Body"].read()
        assert kept == (corpus / "dev" / "training_certificate-f1-0-digital.pdf").read_bytes()
        detail = second.get(f"/v1/review/{document_id}", "staff").json()
        assert detail["pages"] and requests.get(detail["pages"][0]["url"], timeout=10).status_code == 200
        where = env.get("REGISTRY_DYNAMODB_ENDPOINT_URL", env["AWS_ENDPOINT_URL"])
        assert (where != env["AWS_ENDPOINT_URL"]) == (tables == "dynamodb-local")
        table = boto3.client("dynamodb", endpoint_url=where, region_name="us-east-1", aws_access_key_id="local",
                             aws_secret_access_key="local")
        assert "Item" in table.get_item(TableName=env["REGISTRY_TABLE_NAME"], Key={
            "pk": {"S": f"DOC#{document_id}"}, "sk": {"S": "DOC"}})
    finally:
        stop(process)

    registry = str(Path(sys.executable).with_name("registry"))
    reset = subprocess.run([registry, "local", "reset", "--yes"], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "REGISTRY_LOCAL_DIR": str(tmp_path)})
    assert reset.returncode == 0, reset.stderr
    process, third = launch_it()
    try:
        assert third.get(f"/v1/documents/{document_id}", "participant").status_code == 404
    finally:
        stop(process)


def test_a_stack_killed_in_the_middle_of_an_extraction_finishes_it_after_a_restart(tmp_path: Path,
                                                                                   corpus: Path) -> None:
    """`make run` dies hard (kill -9: no Ctrl-C, no final save) while a transcript photo is being read. The
    next start delivers the message the dead process held, and the document ends in a visible state once."""
    import signal

    from tests.e2e.conftest import launch, stop

    process, first = launch(tmp_path, REGISTRY_LOCAL_SAVE_SECONDS="0.5")
    try:
        document_id = _upload(first, corpus / "dev" / "transcript-f1-0-phone.jpg", "transcript")
        first.wait_for_status(document_id, {"processing"}, timeout=60)
        time.sleep(2)  # the periodic save catches the message in flight
        assert first.get(f"/v1/documents/{document_id}", "participant").json()["status"] == "processing"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    process, second = launch(tmp_path)
    try:
        assert "were being handled when the stack last stopped" in (tmp_path / "stack.log").read_text()
        second.wait_for_status(document_id, {"needs_review", "needs_attention"})
        detail = second.get(f"/v1/review/{document_id}", "staff").json()
        finished = [a["action"] for a in detail["history"] if a["action"].startswith("extraction:")]
        assert finished == ["extraction:done"]
    finally:
        stop(process)


def _upload(stack: Stack, path: Path, doc_type: str) -> str:
    started = stack.post("/v1/documents", "participant", {
        "doc_type": doc_type, "file_name": path.name, "content_type": CONTENT_TYPES[path.suffix],
        "size": path.stat().st_size})
    assert started.status_code == 201, started.text
    upload = started.json()["upload"]
    with path.open("rb") as fh:
        response = requests.post(upload["url"], data=upload["fields"],
                                 files={"file": (path.name, fh, CONTENT_TYPES[path.suffix])}, timeout=60)
    assert response.status_code in (200, 204), response.text
    return str(started.json()["document_id"])


@pytest.mark.parametrize("variant", ["digital.pdf", "scan.pdf", "phone.jpg"])
def test_each_variant_goes_from_phone_upload_to_a_verified_record(stack: Stack, corpus: Path, variant: str) -> None:
    # Not a file any other test of this stack uploads for the demo participant: the same bytes sent twice are
    # recognised at intake and refused.
    stem = f"permit-f2-0-{variant.split('.')[0]}"
    truth = json.loads((corpus / "dev" / f"{stem}.json").read_text())
    document_id = _upload(stack, corpus / "dev" / f"{stem}.{variant.split('.')[1]}", "permit")
    assert stack.read_and_send(document_id, problems_for(truth))["status"] == "needs_review"

    queue = stack.get("/v1/review/queue?type=permit", "staff").json()["items"]
    assert document_id in [item["document_id"] for item in queue]
    detail = stack.get(f"/v1/review/{document_id}", "staff").json()
    image = requests.get(detail["pages"][0]["url"], timeout=30)
    assert image.status_code == 200 and image.content[:3] == b"\xff\xd8\xff"
    fields = {k: truth[k] for k in ("permit_title", "document_number", "issued_on", "expires_on", "person_name")}
    decided = stack.post(f"/v1/review/{document_id}/decision", "staff",
                         {"decision": "verify", "fields": {**detail["fields"], **fields},
                          "name_mismatch_reason": CORPUS_NAME})
    assert decided.status_code == 200, decided.text

    # Each variant is the same paper permit: however many copies are verified, the record holds it once.
    records = stack.get("/v1/me/records", "participant").json()["items"]
    mine = [r for r in records if r["kind"] == "permit" and r["data"]["document_number"] == truth["document_number"]]
    assert len(mine) == 1
    assert mine[0]["data"]["expires_on"] == truth["expires_on"]
    assert stack.wait_for_status(document_id, {"verified"})["fields"]["expires_on"] == truth["expires_on"]


def test_a_rejected_upload_keeps_its_record_and_the_participant_is_emailed(stack: Stack, tmp_path: Path) -> None:
    fake = tmp_path / "transcript.pdf"
    fake.write_bytes(b"<html><body>not a transcript</body></html>")
    document_id = _upload(stack, fake, "transcript")
    doc = stack.wait_for_status(document_id, {"rejected_file"}, timeout=60)
    assert "web page" in doc["reason"]
    listing = stack.get("/v1/documents", "participant").json()["items"]
    assert document_id in [d["document_id"] for d in listing]
    for _ in range(60):
        outbox = stack.get("/v1/local/outbox", "participant").json()["items"]
        if any(m["document_id"] == document_id for m in outbox):
            break
        import time

        time.sleep(0.5)
    else:
        raise AssertionError("no email reached the participant's outbox")


def test_participant_downloads_an_education_report_matching_their_verified_records(stack: Stack, corpus: Path) -> None:
    import io

    from pypdf import PdfReader

    truth = json.loads((corpus / "dev" / "transcript-f1-1-digital.json").read_text())
    document_id = _upload(stack, corpus / "dev" / "transcript-f1-1-digital.pdf", "transcript")
    assert stack.read_and_send(document_id, problems_for(truth))["status"] == "needs_review"
    detail = stack.get(f"/v1/review/{document_id}", "staff").json()
    assert stack.post(f"/v1/review/{document_id}/decision", "staff",
                      {"decision": "verify", "fields": detail["fields"],
                       "name_mismatch_reason": CORPUS_NAME}).status_code == 200

    me = stack.get("/v1/me", "participant").json()
    response = requests.get(stack.api + "/v1/me/reports/education-training",
                            headers={**stack.token("participant"), "Accept": "application/pdf"}, timeout=60)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert me["registry_id"] in text
    passed = [c for c in truth["courses"] if c["grade"] not in ("D", "D+", "D-", "F", "W", "I", "NP")]
    never_passed = {c["code"] for c in truth["courses"]} - {c["code"] for c in passed}
    for course in passed:
        assert f"{course['code']} {course['title']}" in text
    for code in never_passed:
        assert code not in text
    check = requests.post(f"{stack.api}/v1/reports/{response.headers['X-Report-Id']}/verify",
                          data=response.content, headers={"Content-Type": "application/pdf"}, timeout=30)
    assert check.json()["genuine"] is True

    card = requests.get(stack.api + "/v1/me/id-card", headers={**stack.token("participant"),
                                                               "Accept": "application/pdf"}, timeout=30)
    assert me["registry_id"] in PdfReader(io.BytesIO(card.content)).pages[0].extract_text()


@pytest.mark.parametrize("accreditor", ["naeyc", "nac", "nafcc"])
def test_demo_director_downloads_each_format_and_copies_verify(stack: Stack, accreditor: str) -> None:
    program = stack.description["program_id"]
    for fmt, media in (("pdf", "application/pdf"),
                       ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                       ("json", "application/json")):
        response = requests.get(
            f"{stack.api}/v1/programs/{program}/reports/staff-verification?format={fmt}&accreditor={accreditor}",
            headers={**stack.token("director"), "Accept": media}, timeout=60)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"] == media
        report_id = response.headers["X-Report-Id"]
        genuine = requests.post(f"{stack.api}/v1/reports/{report_id}/verify", data=response.content,
                                headers={"Content-Type": media}, timeout=30).json()
        assert genuine["genuine"] is True
        changed = bytearray(response.content)
        changed[len(changed) // 3] ^= 0x01
        forged = requests.post(f"{stack.api}/v1/reports/{report_id}/verify", data=bytes(changed),
                               headers={"Content-Type": media}, timeout=30).json()
        assert forged["genuine"] is False
        if fmt == "json":
            assert response.json()["report_id"] == report_id
    other = stack.get("/v1/programs/prog-maple/reports/staff-verification?format=json", "director")
    assert other.status_code == 403


def test_operators_export_the_workforce_dataset_and_replay_a_dead_letter_queue(stack: Stack, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    registry = str(Path(sys.executable).with_name("registry"))
    env = {**os.environ, "REGISTRY_LOCAL_DIR": str(stack.local_dir)}
    out = tmp_path / "workforce.csv"
    result = subprocess.run([registry, "export", "workforce-dataset", "--state", "CA", "--out", str(out)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    header = out.read_text().splitlines()[0]
    assert header == "area,dimension,value,people"  # docs/workforce-dataset.md
    assert "Reyes" not in out.read_text()
    replay = subprocess.run([registry, "dlq", "replay", "extraction"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert replay.returncode == 0 and "replayed" in replay.stdout


def test_demo_partner_gets_a_signed_delivery_once_despite_two_failures_and_can_replay(stack: Stack,
                                                                                      corpus: Path) -> None:
    import time

    from tests.webhook_receiver import Receiver, running_receiver

    with running_receiver(Receiver(fail_first=2)) as receiver:
        created = stack.post("/v1/webhooks/endpoints", "partner",
                             {"url": receiver.url, "event_types": ["document.verified"]})
        assert created.status_code == 201, created.text
        receiver.secret = created.json()["secret"]
        endpoint_id = created.json()["endpoint_id"]

        document_id = _upload(stack, corpus / "dev" / "cda_credential-f1-0-digital.pdf", "cda_credential")
        truth = json.loads((corpus / "dev" / "cda_credential-f1-0-digital.json").read_text())
        assert stack.read_and_send(document_id, problems_for(truth))["status"] == "needs_review"
        detail = stack.get(f"/v1/review/{document_id}", "staff").json()
        assert stack.post(f"/v1/review/{document_id}/decision", "staff",
                          {"decision": "verify", "fields": detail["fields"],
                           "name_mismatch_reason": CORPUS_NAME}).status_code == 200

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not receiver.processed:
            time.sleep(0.3)
        assert len(receiver.processed) == 1 and len(receiver.received) == 3 and receiver.bad_signatures == 0
        (body,) = receiver.processed.values()
        assert body["data"]["document_id"] == document_id

        deadline = time.monotonic() + 30
        while True:  # the receiver answers before the registry records the attempt
            delivery = stack.get(f"/v1/webhooks/endpoints/{endpoint_id}/deliveries", "partner").json()["items"][0]
            if delivery["status"] == "delivered" or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert [a["status_code"] for a in delivery["attempts"]] == [500, 500, 204]
        assert stack.post(f"/v1/webhooks/deliveries/{delivery['delivery_id']}/replay", "partner",
                          {}).status_code == 202
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(receiver.received) < 4:
            time.sleep(0.3)
        assert len(receiver.received) == 4 and len(receiver.processed) == 1


def test_a_verified_transcript_travels_between_two_local_registries_without_a_new_upload(tmp_path: Path,
                                                                                         corpus: Path) -> None:
    """Registry A verifies Ana's transcript and issues her record credential; registry B, another `make run` on
    other ports, trusts A's published key, and its staff accept the transcript Ana imports with no file."""
    from tests.e2e.conftest import running_stack

    path = corpus / "dev" / "transcript-f1-0-digital.pdf"
    truth = json.loads(path.with_suffix(".json").read_text())
    fields = {k: truth[k] for k in ("person_name", "institution", "courses", "degrees")}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with running_stack(tmp_path / "a") as a:
        document_id = _upload(a, path, "transcript")
        a.read_and_send(document_id, problems_for(truth))
        detail = a.get(f"/v1/review/{document_id}", "staff").json()
        decided = a.post(f"/v1/review/{document_id}/decision", "staff",
                         {"decision": "verify", "fields": {**detail["fields"], **fields},
                          "name_mismatch_reason": CORPUS_NAME})
        assert decided.status_code == 200, decided.text
        issued = a.get("/v1/me/record-credential", "participant").json()
        issuer_a = a.get("/v1/credentials/issuer").json()
    assert issued["issuer"]["id"] == issuer_a["id"] and issued["documents"] == 1

    with running_stack(tmp_path / "b") as b:
        refused = b.post("/v1/me/record-imports", "participant", {"credential": issued["credential"]})
        assert refused.status_code == 422 and refused.json()["refused"] == "unknown_issuer"
        trusted = b.post("/v1/admin/trusted-registries", "admin",
                         {"issuer_id": issuer_a["id"], "name": "Registry A", "jwks": issuer_a["jwks"]})
        assert trusted.status_code == 201, trusted.text
        imported = b.post("/v1/me/record-imports", "participant", {"credential": issued["credential"]})
        assert imported.status_code == 201, imported.text
        [imported_id] = imported.json()["documents"]
        detail = b.get(f"/v1/review/{imported_id}", "staff").json()
        assert detail["imported_from"]["issuer_name"] == "Registry A" and detail["pages"] == []
        shown = [{k: v for k, v in c.items() if k not in ("boxes", "on_record")} for c in detail["fields"]["courses"]]
        assert shown == truth["courses"]
        accepted = b.post(f"/v1/review/{imported_id}/decision", "staff",
                          {"decision": "verify",
                           "fields": {k: v for k, v in detail["fields"].items() if k != "doc_type"},
                           "name_mismatch_reason": CORPUS_NAME})
        assert accepted.status_code == 200, accepted.text
        records = b.get("/v1/me/records", "participant").json()["items"]
        courses = sorted(r["data"]["code"] for r in records if r["kind"] == "course")
        assert courses == sorted(c["code"] for c in truth["courses"])
