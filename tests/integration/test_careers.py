"""Careers on moto: the job board end to end, and a record credential carried from one registry to another."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta
from typing import Any

import pytest
import requests

from chalicelib import clock
from chalicelib.security import jws
from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

ANA = ("u-participant-ana", Role.PARTICIPANT)
BEN = ("u-participant-ben", Role.PARTICIPANT)
DANA = ("u-director-dana", Role.DIRECTOR)
SAM = ("u-staff-sam", Role.STAFF)
ALEX = ("u-admin-alex", Role.ADMIN)


def _call(api: Any, method: str, path: str, who: tuple[str, Role] | None, body: Any = None) -> Any:
    headers = {**(bearer(*who) if who else {}), "Content-Type": "application/json"}
    response = getattr(api.http, method)(path, headers=headers, **({"body": json.dumps(body)} if body is not None
                                                                   else {}))
    return response.status_code, json.loads(response.body or b"null")


def _verified_degree(owner_id: str, *, person_name: str) -> str:
    from chalicelib.store.base import iso
    from chalicelib.store.documents import DocumentItem

    now = iso(clock.now())
    fields = {"person_name": person_name, "institution": "Sacramento State University",
              "degree_title": "Bachelor of Arts", "major": "Child Development", "conferred_on": "2019-05-24"}
    item = DocumentItem(*DocumentItem.key(f"doc-degree-{owner_id}"), document_id=f"doc-degree-{owner_id}",
                        owner_id=owner_id, uploaded_by=owner_id, doc_type="degree", status="verified",
                        upload_key="uploads/x", created_at=now, updated_at=now, decided_at=now, decided_by="u-staff-x",
                        verified_fields=fields, file_name="diploma.pdf")
    item.index_for_status()
    item.save()
    # Verifying writes the document's records (services/documents/review.py); the record credential is built from them.
    from chalicelib.doctypes.degree import to_records
    from chalicelib.store.records import new_record

    [(kind, data)] = to_records(fields)
    new_record(owner_id, kind, data, record_id=f"rec-degree-{owner_id}", source_document_id=item.document_id,
               verified_by="u-staff-x", verified_at=now).save()
    return item.document_id


def _posting(**changes: Any) -> dict[str, Any]:
    return {"title": "Preschool lead teacher", "role": "lead_teacher", "county": "sacramento county",
            "schedule": "full_time", "pay_low": 22.5, "pay_high": 27.0, "pay_period": "hour",
            "requirements": "Teacher permit; 24 ECE units.",
            "closes_on": (date.today() + timedelta(days=30)).isoformat(), **changes}


def test_a_director_posts_an_opening_a_participant_finds_it_and_applies_with_her_report(
        api: Any, demo: None, pump: Any) -> None:
    from chalicelib.services.accounts.notifications import outbox

    status, refused = _call(api, "post", "/v1/programs/prog-sunshine/jobs", DANA, _posting(pay_low=30, pay_high=20))
    assert status == 422 and "lowest first" in refused["detail"]
    status, refused = _call(api, "post", "/v1/programs/prog-sunshine/jobs", DANA, _posting(county="Narnia"))
    assert status == 422 and "not a California county" in refused["detail"]
    status, posted = _call(api, "post", "/v1/programs/prog-sunshine/jobs", DANA, _posting())
    assert status == 201 and posted["county"] == "Sacramento"
    assert posted["program"]["name"] == "Sunshine Early Learning Center" and posted["program"]["licensed"]
    job_id = posted["job_id"]
    # Another program's opening in another county, and a part-time one paying less.
    status, _ = _call(api, "post", "/v1/programs/prog-maple/jobs", DANA, _posting(county="Fresno"))
    assert status == 403  # Dana does not direct Maple
    _call(api, "post", "/v1/programs/prog-sunshine/jobs", DANA,
          _posting(title="Aide", role="assistant", schedule="part_time", pay_low=17, pay_high=18))

    _, found = _call(api, "get", "/v1/jobs?county=Sacramento&role=lead_teacher&min_hourly_pay=25", ANA)
    assert [j["job_id"] for j in found["items"]] == [job_id]
    _, cheaper = _call(api, "get", "/v1/jobs?county=Sacramento&min_hourly_pay=19", ANA)
    assert [j["title"] for j in cheaper["items"]] == ["Preschool lead teacher"]
    _, elsewhere = _call(api, "get", "/v1/jobs?county=Fresno", ANA)
    assert elsewhere["items"] == []
    status, _ = _call(api, "get", "/v1/jobs?county=Atlantis", ANA)
    assert status == 422

    degree = _verified_degree("u-participant-ana", person_name="Ana Reyes")
    status, refused = _call(api, "post", f"/v1/jobs/{job_id}/applications", ANA,
                            {"message": "Hello", "document_ids": [_verified_degree("u-participant-ben",
                                                                                   person_name="Ben Okafor")]})
    assert status == 404  # Ben's document is not Ana's to attach (and she learns nothing of it)
    status, sent = _call(api, "post", f"/v1/jobs/{job_id}/applications", ANA, {
        "message": "I have taught preschool for six years.", "document_ids": [degree],
        "attach_education_report": True})
    assert status == 200, sent
    assert [a["kind"] for a in sent["attachments"]] == ["document", "report"]
    status, again = _call(api, "post", f"/v1/jobs/{job_id}/applications", ANA, {"message": "Again"})
    assert status == 409 and "already applied" in again["detail"]

    status, _ = _call(api, "get", f"/v1/jobs/{job_id}/applications", ANA)
    assert status == 403
    _, received = _call(api, "get", f"/v1/jobs/{job_id}/applications", DANA)
    [application] = received["items"]
    assert application["name"] == "Ana Reyes" and application["message"] == "I have taught preschool for six years."
    report = next(a for a in application["attachments"] if a["kind"] == "report")
    assert requests.get(report["url"], timeout=10).content.startswith(b"%PDF")
    assert received["job"]["applications"] == 1
    _, mine = _call(api, "get", "/v1/me/job-applications", ANA)
    assert [(a["title"], a["still_listed"]) for a in mine["items"]] == [("Preschool lead teacher", True)]
    # Each answer above was checked against the route's described view (conftest.DescribedAnswers).
    assert {"GET /v1/jobs", "POST /v1/jobs/{job_id}/applications", "GET /v1/jobs/{job_id}/applications",
            "GET /v1/me/job-applications"} <= set(api.http.checked)

    pump.drain(timeout_seconds=30)
    assert [(m["to"], m["subject"]) for m in outbox()] == [
        ("dana@sunshine-ece.example.org", "New application: Preschool lead teacher")]


def test_closed_expired_and_removed_posts_are_not_listed(api: Any, demo: None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import clock

    _, soon = _call(api, "post", "/v1/programs/prog-sunshine/jobs", DANA,
                    _posting(title="Summer aide", closes_on=(date.today() + timedelta(days=1)).isoformat()))
    _, closed = _call(api, "post", "/v1/programs/prog-sunshine/jobs", DANA, _posting(title="Cook"))
    _, abusive = _call(api, "post", "/v1/programs/prog-sunshine/jobs", DANA, _posting(title="Send $50 to apply"))
    assert _call(api, "post", f"/v1/jobs/{closed['job_id']}/close", DANA, {})[0] == 200
    status, problem = _call(api, "post", f"/v1/jobs/{abusive['job_id']}/close", SAM, {})
    assert status == 422 and "Say why" in problem["detail"]
    _, removed = _call(api, "post", f"/v1/jobs/{abusive['job_id']}/close", SAM,
                       {"reason": "Asks applicants for money."})
    assert removed["status"] == "removed"
    _, listed = _call(api, "get", "/v1/jobs", BEN)
    assert [j["title"] for j in listed["items"]] == ["Summer aide"]
    _, own = _call(api, "get", "/v1/programs/prog-sunshine/jobs", DANA)
    assert {j["title"]: j["status"] for j in own["items"]} == {
        "Summer aide": "open", "Cook": "closed", "Send $50 to apply": "removed"}
    later = clock.ManualClock()
    later.advance(days=2)
    monkeypatch.setattr(clock, "CLOCK", later)
    _, listed = _call(api, "get", "/v1/jobs", BEN)
    assert listed["items"] == []
    status, gone = _call(api, "post", f"/v1/jobs/{soon['job_id']}/applications", BEN, {"message": "Hi"})
    assert status == 404 and "no longer listed" in gone["detail"]


def test_a_verified_record_travels_to_another_registry_and_waits_for_its_staff(
        api: Any, demo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Registry A issues Ana's record; registry B (the same code under another address) checks it against A's
    published keys and queues the degree for its staff, who verify it without a new upload."""
    from chalicelib.config import get_settings
    from chalicelib.security.identity import Caller
    from chalicelib.services.accounts.profiles import Enrollment, enroll

    in_a = ("u-registry-a-ana", Role.PARTICIPANT)
    enroll(Caller(in_a[0], frozenset({Role.PARTICIPANT})),
           Enrollment(names={"legal_first_name": "Ana", "legal_last_name": "Reyes"},
                      open_fields={"preferred_language": "en"}, sealed={}))
    status, nothing = _call(api, "get", "/v1/me/record-credential", in_a)
    assert status == 409 and "Nothing on your record is verified" in nothing["detail"]
    _verified_degree(in_a[0], person_name="Ana Reyes")
    status, exported = _call(api, "get", "/v1/me/record-credential", in_a)
    assert status == 200 and exported["documents"] == 1 and exported["media_type"] == "application/vc+jwt"
    _, issuer_a = _call(api, "get", "/v1/credentials/issuer", None)
    assert issuer_a["id"] == exported["issuer"]["id"] == "http://127.0.0.1:8000"

    monkeypatch.setenv("REGISTRY_PUBLIC_BASE_URL", "https://registry-b.example.org")
    get_settings.cache_clear()
    credential = exported["credential"]
    status, unknown = _call(api, "post", "/v1/me/record-imports", ANA, {"credential": credential})
    assert status == 422 and unknown["refused"] == "unknown_issuer"
    status, _ = _call(api, "post", "/v1/admin/trusted-registries", SAM,
                      {"issuer_id": issuer_a["id"], "name": "Registry A", "jwks": issuer_a["jwks"]})
    assert status == 403  # trusting another registry is an administrator's decision
    status, trusted = _call(api, "post", "/v1/admin/trusted-registries", ALEX,
                            {"issuer_id": issuer_a["id"], "name": "California ECE Registry (A)",
                             "jwks": issuer_a["jwks"]})
    assert status == 201 and trusted["keys"] == [k["kid"] for k in issuer_a["jwks"]["keys"]]

    header, payload, signature = credential.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    fields = claims["vc"]["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["eceRegistry"]["fields"]
    fields["degree_title"] = "Master of Arts"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    status, tampered = _call(api, "post", "/v1/me/record-imports", ANA,
                             {"credential": f"{header}.{forged}.{signature}"})
    assert status == 422 and tampered["refused"] == "bad_signature"

    status, imported = _call(api, "post", "/v1/me/record-imports", ANA, {"credential": credential})
    assert status == 201 and imported["issuer"]["name"] == "California ECE Registry (A)"
    [document_id] = imported["documents"]
    status, again = _call(api, "post", "/v1/me/record-imports", ANA, {"credential": credential})
    assert status == 409 and "imported before" in again["detail"]
    _, mine = _call(api, "get", f"/v1/documents/{document_id}", ANA)
    assert mine["status"] == "needs_review" and mine["imported_from"]["issuer_name"] == "California ECE Registry (A)"
    _, queue = _call(api, "get", "/v1/review/queue", SAM)
    assert [i["document_id"] for i in queue["items"]] == [document_id]
    _, detail = _call(api, "get", f"/v1/review/{document_id}", SAM)
    assert detail["imported_from"]["issuer_id"] == "http://127.0.0.1:8000" and detail["pages"] == []
    assert detail["fields"]["degree_title"] == "Bachelor of Arts"
    assert [h["action"] for h in detail["history"]] == ["import:received"]
    status, verified = _call(api, "post", f"/v1/review/{document_id}/decision", SAM,
                             {"decision": "verify", "fields": {k: v for k, v in detail["fields"].items()
                                                               if k != "doc_type"}, "version": detail["version"]})
    assert status == 200, verified
    _, records = _call(api, "get", "/v1/me/records", ANA)
    assert any(r["kind"] == "degree" and r["data"]["title"] == "Bachelor of Arts" for r in records["items"])


def test_retracting_a_record_revokes_the_credential_that_carried_it_on_the_public_status_list(
        api: Any, demo: None) -> None:
    """On the tables: the status position is taken from the counter, the retraction adds the bit to the list in its
    transaction, and the public route serves the signed list with the bit set."""
    import gzip

    import jwt

    from chalicelib.security.identity import Caller
    from chalicelib.services.accounts.profiles import Enrollment, enroll

    lee = ("u-participant-lee", Role.PARTICIPANT)
    enroll(Caller(lee[0], frozenset({Role.PARTICIPANT})),
           Enrollment(names={"legal_first_name": "Lee", "legal_last_name": "Park"},
                      open_fields={"preferred_language": "en"}, sealed={}))
    _verified_degree(lee[0], person_name="Lee Park")
    _, exported = _call(api, "get", "/v1/me/record-credential", lee)
    status = jwt.decode(exported["credential"], options={"verify_signature": False})["vc"]["credentialStatus"]
    index = int(status["statusListIndex"])
    path = status["statusListCredential"].removeprefix("http://127.0.0.1:8000")

    def revoked() -> bool:
        response = api.http.get(path)
        assert response.status_code == 200 and response.headers["Content-Type"] == "application/vc+jwt"
        _, issuer = _call(api, "get", "/v1/credentials/issuer", None)
        token = response.body.decode()
        claims = jws.verify(token, lambda i: issuer["jwks"] if i == issuer["id"] else None)
        encoded = claims["vc"]["credentialSubject"]["encodedList"]
        bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
        return bool(bits[index // 8 % len(bits)] & (0x80 >> (index % 8)))

    assert not revoked()
    status_code, _ = _call(api, "post", f"/v1/review/people/{lee[0]}/records/rec-degree-{lee[0]}", SAM,
                           {"action": "retract", "reason": "The diploma belongs to another person."})
    assert status_code == 200
    assert revoked()
    assert api.http.get("/v1/credentials/status/999").status_code == 404
    assert api.http.get("/v1/credentials/status/x1").status_code == 404


def test_1edtechs_sample_clr_goes_in_unverified_through_the_api_and_malformed_input_is_a_4xx(
        api: Any, demo: None) -> None:
    from pathlib import Path

    samples = Path(__file__).parent.parent / "fixtures" / "1edtech" / "samples"
    sample = json.loads((samples / "clr20-simple.json").read_text())
    status, imported = _call(api, "post", "/v1/me/record-imports", ANA, {"credential": sample})
    assert status == 201 and imported["signature_checked"] is False, imported
    status, jwt_sample = _call(api, "post", "/v1/me/record-imports", ANA,
                               {"credential": (samples / "clr20-simple.jwt").read_text().strip()})
    assert status == 201 and jwt_sample["unverified_because"] == "issuer_not_trusted"
    for bad in ({"type": ["VerifiableCredential", "ClrCredential"], "issuer": []}, "{not json", "a.b.c", 7, []):
        status, problem = _call(api, "post", "/v1/me/record-imports", ANA, {"credential": bad})
        assert 400 <= status < 500 and problem["detail"], (bad, status, problem)
