"""Enroll, get documents verified, download the E&T report, ID card and resume; encryption; employment; closing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import requests

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

ANA = ("u-participant-ana", Role.PARTICIPANT)
BEN = ("u-participant-ben", Role.PARTICIPANT)
STAFF = ("u-staff-sam", Role.STAFF)
DIRECTOR = ("u-director-dana", Role.DIRECTOR)
PERSONAL = {"ssn": "536-22-8841", "birth_date": "1987-04-13", "phone": "(916) 555-0142",
            "home_address": {"line1": "12 Elm St", "city": "Davis", "state": "CA", "postal_code": "95616"}}


def tables() -> Any:
    """The app's own DynamoDB client: moto's, or DynamoDB Local's on the --tables=dynamodb-local pass."""
    from chalicelib.aws.clients import client

    return client("dynamodb")


def _json(response: Any) -> Any:
    return json.loads(response.body)


def _call(api: Any, method: str, path: str, who: tuple[str, Role], body: Any = None,
          accept: str = "application/json") -> Any:
    headers = {**bearer(*who), "Content-Type": "application/json", "Accept": accept}
    return api.http.request(method=method, path=path, headers=headers,
                            body=json.dumps(body).encode() if body is not None else b"")


@pytest.fixture
def pump(aws: dict[str, str], demo: None) -> Any:
    import app as app_module
    from chalicelib.local.stack import build_pump

    return build_pump(app_module, retry_delay_seconds=0)


@pytest.fixture
def enrolled(api: Any, demo: None) -> dict[str, Any]:
    # The demo enrolls Ana already; this test enrolls her afresh with personal data.
    from chalicelib.store.profiles import get_profile

    existing = get_profile("u-participant-ana")
    if existing is not None:
        existing.delete()
    response = _call(api, "POST", "/v1/me", ANA, {"legal_first_name": "Ana", "legal_middle_name": "María",
                                                 "legal_last_name": "Reyes", "email": "ana.reyes@example.org",
                                                 "preferred_language": "es", "began_ece_year": 2015,
                                                 "demographics": {"hispanic_latino": "prefer_not_to_say"},
                                                 **PERSONAL})
    assert response.status_code == 201, response.body
    return dict(_json(response))


def _verify_document(api: Any, pump: Any, path: Path, content_type: str, doc_type: str,
                     truth: dict[str, Any]) -> str:
    data = path.read_bytes()
    started = _json(_call(api, "POST", "/v1/documents", ANA, {"doc_type": doc_type, "file_name": path.name,
                                                              "content_type": content_type, "size": len(data)}))
    requests.post(started["upload"]["url"], data=started["upload"]["fields"],
                  files={"file": (path.name, data, content_type)}, timeout=30)
    pump.drain(timeout_seconds=180)
    # Ana uploads corpus documents with other people's names: she is told so, and sends them on anyway.
    mine = _json(_call(api, "GET", f"/v1/documents/{started['document_id']}", ANA))
    assert mine["status"] == "needs_attention" and "name_mismatch" in {a["problem"] for a in mine["attention"]}
    sent = _call(api, "POST", f"/v1/documents/{started['document_id']}/send-anyway", ANA, {})
    assert sent.status_code == 200, sent.body
    detail = _json(_call(api, "GET", f"/v1/review/{started['document_id']}", STAFF))
    fields = {**detail["fields"], **{k: v for k, v in truth.items() if k not in ("variant", "family", "pages")}}
    decided = _call(api, "POST", f"/v1/review/{started['document_id']}/decision", STAFF,
                    {"decision": "verify", "fields": fields,
                     "name_mismatch_reason": "Test corpus documents carry invented names; verified onto Ana."})
    assert decided.status_code == 200, decided.body
    return str(started["document_id"])


def test_enrollment_gives_a_registry_id_and_seals_personal_data(api: Any, enrolled: dict[str, Any],
                                                                aws: dict[str, str]) -> None:
    from chalicelib.domain.registry_id import normalise

    assert normalise(enrolled["registry_id"]) == enrolled["registry_id"]
    assert enrolled["ssn"] == "***-**-8841"
    assert enrolled["home_address"]["city"] == "Davis"
    raw = tables().get_item(TableName=aws["RegistryTableName"],
                                            Key={"pk": {"S": "PERSON#u-participant-ana"}, "sk": {"S": "PROFILE"}})
    text = json.dumps(raw["Item"])
    for value in ("536-22-8841", "1987-04-13", "555-0142", "Elm St", "Davis"):
        assert value not in text
    assert raw["Item"]["ssn_sealed"]["S"].startswith("v1:")
    assert _call(api, "POST", "/v1/me", ANA, {"legal_first_name": "A", "legal_last_name": "R"}).status_code == 409


def test_names_change_only_through_an_approved_request_and_the_old_name_stays_audited(
        api: Any, enrolled: dict[str, Any]) -> None:
    refused = _call(api, "PATCH", "/v1/me", ANA, {"legal_last_name": "Smith"})
    assert refused.status_code == 422  # names are not part of a participant's patch at all
    assert _call(api, "PATCH", "/v1/me", ANA, {"preferred_name": "Anita"}).status_code == 200
    requested = _call(api, "POST", "/v1/me/name-change", ANA, {"legal_first_name": "Ana",
                                                             "legal_last_name": "Reyes-Ortiz", "reason": "marriage"})
    assert _json(requested)["name_change_request"]["status"] == "pending"
    rid = enrolled["registry_id"]
    # Staff find it in the queue of pending name changes, with the current and the requested name.
    (pending,) = _json(_call(api, "GET", "/v1/review/name-changes", STAFF))["items"]
    assert (pending["registry_id"], pending["current"]["legal_last_name"], pending["requested"]["legal_last_name"],
            pending["reason"]) == (rid, "Reyes", "Reyes-Ortiz", "marriage")
    assert _call(api, "GET", "/v1/review/name-changes", ANA).status_code == 403
    decided = _call(api, "POST", f"/v1/participants/{rid}/name-change/decision", STAFF,
                    {"approve": True, "reason": "marriage certificate seen"})
    assert _json(decided)["legal_last_name"] == "Reyes-Ortiz"
    assert _json(_call(api, "GET", "/v1/review/name-changes", STAFF))["items"] == []
    # A document issued under the old name is still Ana's: an approved former name counts.
    from chalicelib.services.accounts.profiles import names_of
    from chalicelib.store.profiles import get_profile

    assert "Ana María Reyes" in names_of(get_profile("u-participant-ana"), include_pending=False)  # type: ignore[arg-type]
    from chalicelib.store.profiles import ProfileAuditItem

    audit = list(ProfileAuditItem.query("PERSON#u-participant-ana", ProfileAuditItem.sk.startswith("AUDIT#")))
    approved = next(a for a in audit if a.action == "name_change:approved")
    assert approved.before["legal_last_name"] == "Reyes" and approved.after["legal_last_name"] == "Reyes-Ortiz"


def test_staff_look_up_by_registry_id_and_others_cannot(api: Any, enrolled: dict[str, Any]) -> None:
    rid = enrolled["registry_id"]
    assert _json(_call(api, "GET", f"/v1/participants/{rid}", STAFF))["legal_last_name"] == "Reyes"
    assert _call(api, "GET", f"/v1/participants/{rid}", BEN).status_code == 403
    assert _call(api, "GET", f"/v1/participants/{rid}", DIRECTOR).status_code == 403
    typo = rid[:-1] + str((int(rid[-1]) + 1) % 10)
    assert _call(api, "GET", f"/v1/participants/{typo}", STAFF).status_code == 422


def test_reports_hold_verified_records_without_d_or_f_courses(api: Any, pump: Any, enrolled: dict[str, Any],
                                                             corpus: Path, artifacts_dir: Path) -> None:
    from pypdf import PdfReader

    permit = json.loads((corpus / "dev" / "permit-f1-0-digital.json").read_text())
    transcript = json.loads((corpus / "dev" / "transcript-f2-1-digital.json").read_text())
    _verify_document(api, pump, corpus / "dev" / "permit-f1-0-digital.pdf", "application/pdf", "permit", permit)
    _verify_document(api, pump, corpus / "dev" / "transcript-f2-1-digital.pdf", "application/pdf", "transcript",
                     transcript)

    response = _call(api, "GET", "/v1/me/reports/education-training", ANA, accept="application/pdf")
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"] == "application/pdf"
    (artifacts_dir / "education-training.pdf").write_bytes(response.body)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.body)).pages)
    flat = " ".join(text.split())
    assert enrolled["registry_id"] in flat and "Ana María Reyes" in flat
    assert permit["document_number"] in flat and "Associate Teacher Permit" in flat
    counted = [c for c in transcript["courses"] if c["grade"] in ("A", "A-", "B+", "B", "B-", "C+", "C", "C-", "P")]
    failed = [c for c in transcript["courses"] if c["grade"] in ("D", "F", "D+", "D-", "W")]
    for course in counted:
        assert f"{course['code']} {course['title']}" in flat, course
    only_failed = {c["code"] for c in failed} - {c["code"] for c in counted}
    assert only_failed, "the corpus transcript should have a course never passed"
    for code in only_failed:
        assert code not in flat, code

    report_id = response.headers["X-Report-Id"]
    verdict = api.http.post(f"/v1/reports/{report_id}/verify", headers={"Content-Type": "application/pdf"},
                            body=response.body)
    assert _json(verdict)["genuine"] is True
    tampered = bytearray(response.body)
    tampered[len(tampered) // 2] ^= 0x01
    assert _json(api.http.post(f"/v1/reports/{report_id}/verify", headers={"Content-Type": "application/pdf"},
                               body=bytes(tampered)))["genuine"] is False

    card = _call(api, "GET", "/v1/me/id-card", ANA, accept="application/pdf")
    (artifacts_dir / "id-card.pdf").write_bytes(card.body)
    page = PdfReader(io.BytesIO(card.body)).pages[0]
    assert round(float(page.mediabox.width)) == 243 and round(float(page.mediabox.height)) == 153
    assert enrolled["registry_id"] in page.extract_text()
    # Anyone learns whether the ID is active; the name only by typing the last name printed on the card.
    public = _json(api.http.get(f"/v1/public/registry-ids/{enrolled['registry_id']}"))
    assert public == {"registry_id": enrolled["registry_id"], "status": "active", "name": None}
    checked = _json(api.http.get(f"/v1/public/registry-ids/{enrolled['registry_id']}?last_name=REYES"))
    assert (checked["name"], checked["last_name_matches"]) == ("Ana Reyes", True)
    guessed = _json(api.http.get(f"/v1/public/registry-ids/{enrolled['registry_id']}?last_name=Smith"))
    assert (guessed["name"], guessed["last_name_matches"]) == (None, False)


def test_a_registry_id_answers_no_more_names_after_five_wrong_ones_in_a_day(api: Any, enrolled: dict[str, Any]
                                                                            ) -> None:
    """Guessing a member's name costs five tries a day per ID, whoever asks; then even the right name is refused
    (else a guesser only waits), while the ID's status is still answered."""
    path = f"/v1/public/registry-ids/{enrolled['registry_id']}"
    for wrong in ("Smith", "Lopez", "Garcia", "Nguyen", "Kim"):
        assert _json(api.http.get(f"{path}?last_name={wrong}"))["last_name_matches"] is False
    locked = api.http.get(f"{path}?last_name=Reyes")
    assert locked.status_code == 429 and "Too many wrong last names" in _json(locked)["detail"]
    assert _json(api.http.get(path))["status"] == "active"


def test_resume_is_a_word_document_built_from_history_and_records(api: Any, enrolled: dict[str, Any]) -> None:
    from docx import Document

    response = _call(api, "POST", "/v1/me/resume", ANA, {"summary": "Preschool teacher who loves music."},
                     accept="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert response.status_code == 200, response.body
    text = "\n".join(p.text for p in Document(io.BytesIO(response.body)).paragraphs)
    assert "Preschool teacher who loves music." in text
    assert "Sunshine Early Learning Center" in text  # the demo position at the demo program


def test_a_confirmed_position_is_locked_but_its_end_date(api: Any, enrolled: dict[str, Any]) -> None:
    added = _json(_call(api, "POST", "/v1/me/employment", ANA, {
        "program_id": "prog-sunshine", "role": "Lead Teacher", "start_date": "2024-01-08", "hours_per_week": 40,
        "age_groups": ["preschool"]}))
    assert added["status"] == "pending"
    eid = added["employment_id"]
    positions = _json(_call(api, "GET", "/v1/programs/prog-sunshine/positions", DIRECTOR))["items"]
    assert eid in [p["employment_id"] for p in positions]
    confirmed = _call(api, "POST", f"/v1/programs/prog-sunshine/positions/{eid}/decision", DIRECTOR,
                      {"decision": "confirm"})
    assert _json(confirmed)["status"] == "confirmed"
    assert _call(api, "PATCH", f"/v1/me/employment/{eid}", ANA, {"role": "Director"}).status_code == 403
    ended = _call(api, "PATCH", f"/v1/me/employment/{eid}", ANA, {"end_date": "2025-06-30"})
    assert _json(ended)["end_date"] == "2025-06-30"
    # Ended and confirmed: clearing or extending the end date would put Ana back on the program's reports.
    for reopen in ({"end_date": None}, {"end_date": "2026-06-30"}):
        refused = _call(api, "PATCH", f"/v1/me/employment/{eid}", ANA, reopen)
        assert refused.status_code == 403 and "only your director can reopen" in _json(refused)["detail"]
    assert _json(_call(api, "PATCH", f"/v1/me/employment/{eid}", ANA, {"end_date": "2025-05-31"}))["end_date"] \
        == "2025-05-31"
    corrected = _call(api, "PATCH", f"/v1/programs/prog-sunshine/positions/{eid}", DIRECTOR, {"role": "Director"})
    assert _json(corrected)["role"] == "Director" and _json(corrected)["status"] == "confirmed"
    assert _call(api, "GET", "/v1/programs/prog-other/positions", DIRECTOR).status_code == 403


def test_export_then_close_destroys_the_data_key(api: Any, enrolled: dict[str, Any], aws: dict[str, str]) -> None:
    export = _call(api, "GET", "/v1/me/export", ANA)
    data = json.loads(export.body)
    assert data["profile"]["ssn"] == "***-**-8841" and data["profile"]["registry_id"] == enrolled["registry_id"]
    assert data["profile"]["birth_date"] == PERSONAL["birth_date"]
    assert b"536-22-8841" not in export.body and b"536228841" not in export.body
    assert _call(api, "DELETE", "/v1/me", ANA).status_code == 422
    closed = _call(api, "DELETE", "/v1/me?confirm=close-my-profile", ANA)
    assert _json(closed)["status"] == "closed"
    from chalicelib.security.fields import load_data_key

    assert load_data_key(enrolled["registry_id"]) is None
    raw = tables().get_item(TableName=aws["ProfileKeysTableName"],
                                            Key={"profile": {"S": enrolled["registry_id"]}})
    assert "Item" not in raw
    assert _call(api, "GET", "/v1/me", ANA).status_code == 404
    public = _json(api.http.get(f"/v1/public/registry-ids/{enrolled['registry_id']}"))
    assert public["status"] == "closed" and public["name"] is None


def test_a_second_copy_of_a_transcript_adds_no_course_twice(api: Any, pump: Any, enrolled: dict[str, Any],
                                                            corpus: Path) -> None:
    transcript = json.loads((corpus / "dev" / "transcript-f2-1-digital.json").read_text())
    path = corpus / "dev" / "transcript-f2-1-digital.pdf"
    _verify_document(api, pump, path, "application/pdf", "transcript", transcript)
    first = _json(_call(api, "GET", "/v1/me/records", ANA))
    courses = [r for r in first["items"] if r["kind"] == "course"]
    assert len(courses) == len(transcript["courses"])

    # The participant uploads the same transcript again (a newer print of it, so not the same bytes: the very
    # same file would be recognised at intake); staff see every row is known.
    data = path.read_bytes() + b"\n% printed again\n"
    started = _json(_call(api, "POST", "/v1/documents", ANA, {"doc_type": "transcript", "file_name": "again.pdf",
                                                              "content_type": "application/pdf", "size": len(data)}))
    requests.post(started["upload"]["url"], data=started["upload"]["fields"],
                  files={"file": ("again.pdf", data, "application/pdf")}, timeout=30)
    pump.drain(timeout_seconds=120)
    _call(api, "POST", f"/v1/documents/{started['document_id']}/send-anyway", ANA, {})
    detail = _json(_call(api, "GET", f"/v1/review/{started['document_id']}", STAFF))
    assert detail["fields"]["courses"] and all(c["on_record"] for c in detail["fields"]["courses"])
    decided = _call(api, "POST", f"/v1/review/{started['document_id']}/decision", STAFF,
                    {"decision": "verify", "fields": {**detail["fields"], **transcript},
                     "name_mismatch_reason": "Test corpus documents carry invented names; verified onto Ana."})
    assert decided.status_code == 200, decided.body

    second = _json(_call(api, "GET", "/v1/me/records", ANA))
    assert [r for r in second["items"] if r["kind"] == "course"] == courses
    assert second["summary"]["units"] == first["summary"]["units"]


def test_the_portfolio_demographics_from_code_lists_self_reported_education_and_outside_employers(
        api: Any, enrolled: dict[str, Any]) -> None:
    lists = _json(api.http.get("/v1/code-lists"))
    assert {"code": "prefer_not_to_say", "label": "Prefer not to say"} in lists["race_ethnicity"]
    assert "bachelor" in {c["code"] for c in lists["education_level"]}

    typed = _call(api, "PATCH", "/v1/me", ANA, {"demographics": {"race_ethnicity": ["Latina"]}})
    assert typed.status_code == 422 and "race_ethnicity" in typed.body.decode()
    assert "'Latina' is not a race ethnicity code" in typed.body.decode()
    answered = _call(api, "PATCH", "/v1/me", ANA, {
        "demographics": {"race_ethnicity": ["white", "another"], "hispanic_latino": "yes",
                         "gender": "prefer_not_to_say", "primary_language": "es", "other_languages": ["en"],
                         "birth_year_range": "1980_1989"},
        "self_reported_education": [{"level": "bachelor", "field_of_study": "Psychology",
                                     "institution": "Universidad de Guadalajara", "year": 2009}]})
    assert answered.status_code == 200, answered.body
    me = _json(_call(api, "GET", "/v1/me", ANA))
    assert me["demographics"]["primary_language"] == "es"
    assert me["self_reported_education"][0]["level"] == "bachelor"
    bad_level = _call(api, "PATCH", "/v1/me", ANA, {"self_reported_education": [{"level": "BA"}]})
    assert bad_level.status_code == 422
    # Self-reported schooling is never a verified record: reports and units do not see it.
    assert _json(_call(api, "GET", "/v1/me/records", ANA))["summary"]["units"]["total_units"] == "0"

    outside = _call(api, "POST", "/v1/me/employment", ANA, {
        "employer_name": "Little Stars Family Child Care (Guadalajara)", "role": "Assistant",
        "start_date": "2010-01-04", "end_date": "2014-06-30"})
    assert outside.status_code == 201, outside.body
    position = _json(outside)
    assert (position["status"], position["program_name"]) == ("self_reported",
                                                               "Little Stars Family Child Care (Guadalajara)")
    both = _call(api, "POST", "/v1/me/employment", ANA, {"program_id": "prog-sunshine", "employer_name": "X",
                                                         "role": "Aide", "start_date": "2020-01-01"})
    assert both.status_code == 422
    mine = _json(_call(api, "GET", "/v1/me/employment", ANA))["items"]
    assert position["employment_id"] in [p["employment_id"] for p in mine]
    staff_of_programs = _json(_call(api, "GET", "/v1/programs/prog-sunshine/positions", DIRECTOR))["items"]
    assert position["employment_id"] not in [p["employment_id"] for p in staff_of_programs]
    ended = _call(api, "PATCH", f"/v1/me/employment/{position['employment_id']}", ANA, {"role": "Lead Assistant"})
    assert _json(ended)["role"] == "Lead Assistant"


def test_the_permit_pathway_reads_verified_records_and_confirmed_positions(api: Any, enrolled: dict[str, Any]) -> None:
    pathway = _json(_call(api, "GET", "/v1/me/permit-pathway", ANA))
    assert "Commission on Teacher Credentialing" in pathway["source"] and len(pathway["levels"]) == 6
    assert pathway["qualifies_for"] is None  # nothing verified yet
    assert pathway["next"]["title"] == "Child Development Assistant Permit"
    assert pathway["next"]["missing"] == ["6 more units of ECE/child development"]
    spanish = json.loads(api.http.get("/v1/me/permit-pathway", headers={**bearer(*ANA), "Accept-Language": "es"}).body)
    assert "GET /v1/me/permit-pathway" in api.http.checked  # against its described view (conftest.DescribedAnswers)
    assert spanish["next"]["missing"] == ["6 unidades más de educación infantil/desarrollo infantil"]
    assert spanish["note"].startswith("Solo a partir de registros verificados")
    assert spanish["next"]["title"] == "Child Development Assistant Permit"  # the Commission's own name
    assert _call(api, "GET", "/v1/me/permit-pathway", STAFF).status_code == 403
