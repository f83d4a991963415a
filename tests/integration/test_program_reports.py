"""Director and Staff Verification Reports: formats, accreditors, verification of copies, and who may ask."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from chalicelib import clock
from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

DIRECTOR = ("u-director-dana", Role.DIRECTOR)
STAFF = ("u-staff-sam", Role.STAFF)
OTHER_DIRECTOR = ("u-director-omar", Role.DIRECTOR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get(api: Any, path: str, who: tuple[str, Role], accept: str = "*/*") -> Any:
    return api.http.get(path, headers={**bearer(*who), "Accept": accept})


@pytest.fixture
def verified(api: Any, demo: None) -> dict[str, Any]:
    """Verified records for two of the demo staff, through the review API's decision."""
    from chalicelib.security.identity import Caller
    from chalicelib.services.documents import review
    from chalicelib.store.base import iso
    from chalicelib.store.documents import DocumentItem
    from chalicelib.store.records import adjust_pending

    staff = Caller(user_id="u-staff-sam", roles=frozenset({Role.STAFF}))
    now = iso(clock.now())
    fixtures = {
        "u-participant-ana": ("permit", {"permit_title": "Child Development Teacher Permit",
                                         "document_number": "C1234567", "issued_on": "2023-01-05",
                                         "expires_on": "2028-01-05", "person_name": "Ana Reyes"}),
        "u-participant-ben": ("transcript", {"institution": "Sacramento City College", "person_name": "Ben Okafor",
                                             "courses": [{"term": "Fall 2020", "code": "CHLD 101", "units": 3.0,
                                                          "title": "Child Growth and Development", "grade": "A"},
                                                         {"term": "Fall 2020", "code": "ENGL 1A", "units": 3.0,
                                                          "title": "College Composition", "grade": "F"}],
                                             "degrees": [{"title": "Associate in Arts", "major": "Child Development",
                                                          "conferred_on": "2022-06-01"}]}),
    }
    for n, (user, (doc_type, fields)) in enumerate(fixtures.items()):
        doc_id = f"doc-fixture-{n}"
        item = DocumentItem(*DocumentItem.key(doc_id), document_id=doc_id, owner_id=user, uploaded_by=user,
                            doc_type=doc_type, status="needs_review", upload_key=f"uploads/{doc_id}",
                            created_at=now, submitted_at=now, updated_at=now, extracted={"doc_type": doc_type})
        item.index_for_status()
        item.save()
        adjust_pending(user, 1)  # as intake does when the document entered the pipeline
        review.decide(staff, doc_id, decision="verify", fields=fields, reason=None, expected_version=None)
    return fixtures


@pytest.mark.parametrize("accreditor", ["naeyc", "nac", "nafcc"])
def test_director_downloads_every_format(api: Any, verified: dict[str, Any], accreditor: str,
                                         artifacts_dir: Path) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    base = f"/v1/programs/prog-sunshine/reports/staff-verification?accreditor={accreditor}"
    pdf = _get(api, base + "&format=pdf", DIRECTOR, "application/pdf")
    assert pdf.status_code == 200, pdf.body
    (artifacts_dir / f"staff-verification-{accreditor}.pdf").write_bytes(pdf.body)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body)).pages).split())
    assert "Ana Reyes" in text and "Ben Okafor" in text and "Chloe Tran" in text
    assert accreditor.upper() in text and pdf.headers["X-Report-Id"] in text

    xlsx = _get(api, base + "&format=xlsx", DIRECTOR, XLSX)
    (artifacts_dir / f"staff-verification-{accreditor}.xlsx").write_bytes(xlsx.body)
    sheet = load_workbook(io.BytesIO(xlsx.body))["Staff"]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    # The approved director is listed (and counted in the administrator rule) on the staff report too, with no
    # hire date until a position of theirs is confirmed: asking the registry for access is not being hired.
    assert rows[0][0] == "Name" and [r[0] for r in rows[1:]] == ["Dana Director", "Ana Reyes", "Ben Okafor",
                                                                 "Chloe Tran"]
    assert rows[1][3] == "not confirmed"
    ben = next(r for r in rows if r[0] == "Ben Okafor")
    assert ben[4] == "Associate in Arts" and ben[7] == 3.0 and ben[8] == 0.0  # the F course counts for nothing

    body = json.loads(_get(api, base + "&format=json", DIRECTOR, "application/json").body)
    assert body["accreditor"] == accreditor and len(body["staff"]) == 3
    ana = next(s for s in body["staff"] if s["name"] == "Ana Reyes")
    assert ana["permits"][0]["status"] == "valid" and ana["lattice"] == "Teacher"
    assert ana["permits"][0]["verified_at"]
    assert [d["name"] for d in body["directors"]] == ["Dana Director"]
    director_rules = [t for t in body["summary"]["thresholds"] if t["applies_to"] == "director"]
    assert director_rules and all(t["staff_counted"] == 1 for t in director_rules)


def test_a_copy_verifies_and_a_changed_byte_does_not(api: Any, verified: dict[str, Any]) -> None:
    pdf = _get(api, "/v1/programs/prog-sunshine/reports/staff-verification?format=pdf", DIRECTOR,
               "application/pdf")
    report_id = pdf.headers["X-Report-Id"]
    info = json.loads(api.http.get(f"/v1/reports/{report_id}/verify").body)
    assert info["issued_for"].startswith("Sunshine Early Learning Center") and info["issued_at"]
    ok = json.loads(api.http.post(f"/v1/reports/{report_id}/verify", headers={"Content-Type": "application/pdf"},
                                  body=pdf.body).body)
    assert ok["genuine"] is True
    changed = bytearray(pdf.body)
    changed[200] ^= 0x20
    bad = json.loads(api.http.post(f"/v1/reports/{report_id}/verify", headers={"Content-Type": "application/pdf"},
                                   body=bytes(changed)).body)
    assert bad["genuine"] is False
    listed = json.loads(_get(api, "/v1/programs/prog-sunshine/reports", DIRECTOR).body)["items"]
    assert report_id in [r["report_id"] for r in listed]


def test_director_report_adds_the_directors_qualifications(api: Any, verified: dict[str, Any]) -> None:
    from pypdf import PdfReader

    pdf = _get(api, "/v1/programs/prog-sunshine/reports/director-verification?format=pdf&accreditor=naeyc",
               DIRECTOR, "application/pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body)).pages).split())
    assert "Director qualifications" in text and "Dana Director" in text and "Administration coursework" in text


def test_another_programs_director_learns_nothing(api: Any, verified: dict[str, Any]) -> None:
    from chalicelib.store.people import DirectorItem

    DirectorItem(pk="PROGRAM#prog-maple", sk="DIRECTOR#u-director-omar", program_id="prog-maple",
                 user_id="u-director-omar", status="approved", created_at="2026-01-01T00:00:00.000000Z",
                 gsi1pk="USER#u-director-omar", gsi1sk="DIRECTS#prog-maple").save()
    for path in ("/v1/programs/prog-sunshine/reports/staff-verification?format=json",
                 "/v1/programs/prog-sunshine/positions", "/v1/programs/prog-sunshine/reports",
                 "/v1/programs/prog-does-not-exist/positions"):
        response = _get(api, path, OTHER_DIRECTOR)
        assert response.status_code == 403, path
        assert "Ana" not in response.body.decode()
    own = _get(api, "/v1/programs/prog-maple/reports/staff-verification?format=json", OTHER_DIRECTOR)
    assert own.status_code == 200
    programs = json.loads(_get(api, "/v1/programs", OTHER_DIRECTOR).body)["items"]
    assert [p["program_id"] for p in programs] == ["prog-maple"]


def test_bad_parameters_get_clear_errors(api: Any, verified: dict[str, Any]) -> None:
    bad = _get(api, "/v1/programs/prog-sunshine/reports/staff-verification?format=docx", DIRECTOR)
    assert bad.status_code == 422 and json.loads(bad.body)["detail"] == "format must be one of: pdf, xlsx, json."
    assert _get(api, "/v1/programs/prog-sunshine/reports/staff-verification?accreditor=abc",
                DIRECTOR).status_code == 422


def test_workforce_dataset_is_de_identified_and_suppresses_small_cells(api: Any, verified: dict[str, Any],
                                                                      tmp_path: Path) -> None:
    from chalicelib.services.careers.workforce import aggregate, collect, to_csv

    members = collect("CA")
    assert len(members) == 3  # the demo program's three confirmed staff
    # The alliance's elements come as bands and codes: the demo positions are 40 hours, with no wage given.
    assert {m.hours_per_week for m in members} == {"35 or more"} and {m.hourly_wage for m in members} == {
        "not given"}
    assert {m.gender for m in members} == {"not given"}
    text = to_csv(aggregate(members, release="2026-Q3"))
    assert "Ana" not in text and "ECE-" not in text and "u-participant" not in text
    # Three people: too few to publish anything but the header.
    assert text.strip().splitlines() == ["area,dimension,value,people"]


def test_a_director_asks_for_access_staff_approve_and_the_director_invites_staff(api: Any, demo: None) -> None:
    newcomer = ("u-director-nia", Role.DIRECTOR)
    asked = api.http.post("/v1/programs/prog-maple/director-requests",
                          headers={**bearer(*newcomer), "Content-Type": "application/json"}, body=b"{}")
    assert json.loads(asked.body)["status"] == "requested"
    assert _get(api, "/v1/programs/prog-maple/positions", newcomer).status_code == 403  # not yet approved
    approved = api.http.post("/v1/programs/prog-maple/director-requests/u-director-nia/decision",
                             headers={**bearer(*STAFF), "Content-Type": "application/json"},
                             body=json.dumps({"decision": "confirm"}))
    assert json.loads(approved.body)["status"] == "approved"
    assert _get(api, "/v1/programs/prog-maple/positions", newcomer).status_code == 200
    invited = api.http.post("/v1/programs/prog-maple/invitations",
                            headers={**bearer(*newcomer), "Content-Type": "application/json"},
                            body=json.dumps({"email": "new.teacher@example.org", "name": "Rosa"}))
    assert invited.status_code == 202
    import boto3

    from chalicelib.aws.clients import client

    messages = client("sqs").receive_message(QueueUrl=boto3.client("sqs").get_queue_url(
        QueueName="ece-registry-local-notifications")["QueueUrl"], MaxNumberOfMessages=10)["Messages"]
    invitation = next(json.loads(m["Body"]) for m in messages if json.loads(m["Body"]).get("kind") == "invitation")
    assert invitation["email"] == "new.teacher@example.org" and "prog-maple" in invitation["enroll_url"]

    def invite(body: dict[str, Any]) -> Any:
        return api.http.post("/v1/programs/prog-maple/invitations", body=json.dumps(body),
                             headers={**bearer(*newcomer), "Content-Type": "application/json"})

    # The same address again the same day: no second email. A name carrying a message or a link: refused.
    again = invite({"email": "New.Teacher@example.org", "name": "Rosa"})
    assert again.status_code == 202 and json.loads(again.body)["status"] == "already_sent"
    for phishing in ("Rosa, your account is locked: https://evil.example/login", "Rosa <b>urgent</b>"):
        assert invite({"email": "other@example.org", "name": phishing}).status_code == 422
    accented = "Siobh\u00e1n O\u2019Brien-N\u00fa\u00f1ez"  # accents, a typographic apostrophe, a hyphen
    assert invite({"email": "o.brien@example.org", "name": accented}).status_code == 202
    from chalicelib.services.accounts.programs import INVITATIONS_PER_DAY

    answers = [invite({"email": f"teacher{n}@example.org"}).status_code for n in range(INVITATIONS_PER_DAY)]
    assert answers.count(202) == INVITATIONS_PER_DAY - 2 and answers[-2:] == [429, 429]


def test_documents_awaiting_verification_are_shown_and_not_counted(api: Any, verified: dict[str, Any]) -> None:
    from chalicelib.domain.documents import DocStatus
    from chalicelib.services.documents.lifecycle import transition
    from chalicelib.store.base import iso
    from chalicelib.store.documents import DocumentItem

    now = iso(clock.now())
    item = DocumentItem(*DocumentItem.key("doc-chloe-pending"), document_id="doc-chloe-pending",
                        owner_id="u-participant-chloe", uploaded_by="u-participant-chloe", doc_type_hint="permit",
                        status="awaiting_upload", upload_key="uploads/doc-chloe-pending", created_at=now,
                        updated_at=now)
    item.index_for_status()
    item.save()
    transition(item, DocStatus.PROCESSING, action="intake:accepted")
    body = json.loads(_get(api, "/v1/programs/prog-sunshine/reports/staff-verification?format=json", DIRECTOR).body)
    chloe = next(s for s in body["staff"] if s["name"] == "Chloe Tran")
    ana = next(s for s in body["staff"] if s["name"] == "Ana Reyes")
    assert chloe["documents_awaiting_verification"] == 1 and chloe["permits"] == []
    assert ana["documents_awaiting_verification"] == 0


def test_a_bad_value_stored_before_field_checks_is_flagged_and_breaks_no_report(api: Any,
                                                                               verified: dict[str, Any]) -> None:
    """Records verified before decisions were validated can hold an impossible date: every report still
    answers, shows what it can, and names the value it could not read."""
    from chalicelib.store.records import RecordsSnapshotItem, new_record, snapshot_of

    ana = "u-participant-ana"
    bad = {"permit_title": "Child Development Site Supervisor Permit", "document_number": "S1",
           "issued_on": "2022-01-01", "expires_on": "2027-13-01"}
    record = new_record(ana, "permit", bad, record_id="rec-bad", source_document_id="doc-fixture-0",
                        verified_by="u-staff-sam", verified_at="2021-05-01T00:00:00.000000Z")
    record.save()
    snapshot = snapshot_of(ana)
    snapshot.update(actions=[RecordsSnapshotItem.records.set([*snapshot.records, {
        "record_id": "rec-bad", "kind": "permit", "data": bad, "verified_at": record.verified_at}])])

    body = json.loads(_get(api, "/v1/programs/prog-sunshine/reports/staff-verification?format=json", DIRECTOR).body)
    row = next(s for s in body["staff"] if s["name"] == "Ana Reyes")
    assert row["unreadable_records"] == ["permit Child Development Site Supervisor Permit: expires on '2027-13-01' "
                                         "is not a date (not counted)"]
    assert row["lattice"] == "Teacher"  # from the valid Teacher permit; the unreadable one counts for nothing
    for fmt in ("pdf", "xlsx"):
        assert _get(api, f"/v1/programs/prog-sunshine/reports/staff-verification?format={fmt}", DIRECTOR).status_code \
            == 200
    me = (ana, Role.PARTICIPANT)
    records = json.loads(_get(api, "/v1/me/records", me).body)["items"]
    assert next(r for r in records if r["record_id"] == "rec-bad")["expiry_status"] == "unknown"
    assert _get(api, "/v1/me/reports/education-training", me, "application/pdf").status_code == 200
    assert _get(api, "/v1/me/training-progress", me).status_code == 200


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "json"])
def test_every_report_format_checks_offline_with_the_published_key(api: Any, verified: dict[str, Any],
                                                                   fmt: str, tmp_path: Path) -> None:
    """A receiver saves the registry's JWKS once and checks copies with no network: `registry check-report`."""
    import subprocess
    import sys

    keys = json.loads(api.http.get("/v1/reports/signing-keys").body)
    assert keys["keys"][0]["kty"] == "EC" and keys["keys"][0]["alg"] == "ES256"
    report = _get(api, f"/v1/programs/prog-sunshine/reports/staff-verification?format={fmt}", DIRECTOR)
    assert report.status_code == 200
    (tmp_path / "keys.json").write_text(json.dumps(keys))
    (tmp_path / f"report.{fmt}").write_bytes(report.body)
    changed = bytearray(report.body)
    changed[len(changed) // 3] ^= 0x01
    (tmp_path / f"changed.{fmt}").write_bytes(bytes(changed))
    cli = [sys.executable, "-c", "from chalicelib.cli import main; main()", "check-report"]
    good = subprocess.run([*cli, str(tmp_path / f"report.{fmt}"), "--keys", str(tmp_path / "keys.json")],
                          capture_output=True, text=True, timeout=60)
    assert good.returncode == 0 and good.stdout.startswith("genuine"), good.stdout + good.stderr
    bad = subprocess.run([*cli, str(tmp_path / f"changed.{fmt}"), "--keys", str(tmp_path / "keys.json")],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and bad.stdout.startswith("NOT GENUINE"), bad.stdout + bad.stderr
    # The online check agrees, and the signed file is what the register holds.
    online = json.loads(api.http.post(f"/v1/reports/{report.headers['X-Report-Id']}/verify",
                                      headers={"Content-Type": "application/octet-stream"}, body=report.body).body)
    assert online["genuine"] is True


def test_a_participant_searches_programs_by_name_on_the_tables(api: Any, verified: dict[str, Any]) -> None:
    participant = ("u-participant-ana", Role.PARTICIPANT)
    first_page = json.loads(_get(api, "/v1/programs", participant).body)["items"]
    assert first_page and len(first_page) <= 20
    name = first_page[0]["name"]
    found = json.loads(_get(api, f"/v1/programs?q={name[:4].lower()}", participant).body)["items"]
    assert name in [p["name"] for p in found]
    assert json.loads(_get(api, "/v1/programs?q=zzzz-no-such", participant).body)["items"] == []
    by_id = json.loads(_get(api, f"/v1/programs?id={first_page[0]['program_id']}", participant).body)["items"]
    assert [p["name"] for p in by_id] == [name]


def test_staff_list_the_director_requests_that_wait_and_a_decision_takes_one_off(api: Any, demo: None) -> None:
    def post(path: str, who: tuple[str, Role], body: dict[str, Any]) -> Any:
        return api.http.post(path, headers={**bearer(*who), "Content-Type": "application/json"},
                             body=json.dumps(body))

    asked = post("/v1/programs/prog-maple/director-requests", OTHER_DIRECTOR, {})
    assert asked.status_code == 200, asked.body
    waiting = json.loads(_get(api, "/v1/director-requests", STAFF).body)["items"]
    assert [(w["program_id"], w["user_id"]) for w in waiting] == [("prog-maple", "u-director-omar")]
    assert waiting[0]["program_name"] == "Maple Family Child Care"
    assert _get(api, "/v1/director-requests", OTHER_DIRECTOR).status_code == 403
    decided = post("/v1/programs/prog-maple/director-requests/u-director-omar/decision", STAFF, {"decision": "confirm"})
    assert decided.status_code == 200, decided.body
    assert json.loads(_get(api, "/v1/director-requests", STAFF).body)["items"] == []
