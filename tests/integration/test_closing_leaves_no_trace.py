"""Closing a profile: afterwards no table and no bucket holds the person's name, former name, SSN, birth date or
email, although their verified records and the audit of staff decisions stay (docs/privacy-and-retention.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

ZEE = ("u-participant-zee", Role.PARTICIPANT)
STAFF = ("u-staff-sam", Role.STAFF)
MARKERS = ("Zephyrine", "Quillfeather", "Marlowe", "731-90-4417", "731904417", "zephyrine.q@example.org",
           "1991-07-23", "555-0199")


@pytest.fixture
def pump(aws: dict[str, str]) -> Any:
    import app as app_module
    from chalicelib.local.demo import load_demo_data
    from chalicelib.local.stack import build_pump

    load_demo_data()
    return build_pump(app_module, retry_delay_seconds=0)


def _call(api: Any, method: str, path: str, who: tuple[str, Role], body: Any = None,
          accept: str = "application/json") -> Any:
    headers = {**bearer(*who), "Content-Type": "application/json", "Accept": accept}
    response = api.http.request(method=method, path=path, headers=headers,
                                body=json.dumps(body).encode() if body is not None else b"")
    return response


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.body
    return json.loads(response.body) if response.headers.get("Content-Type", "").startswith("application/") and \
        "json" in response.headers.get("Content-Type", "") else response.body


def _diploma(tmp_path: Path) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = tmp_path / "Zephyrine-Quillfeather-diploma.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for n, text in enumerate(["SACRAMENTO CITY COLLEGE", "The Board of Trustees has conferred upon",
                              "Zephyrine Quillfeather", "the degree of Associate in Arts in Child Development",
                              "with all the rights and privileges thereto pertaining. Given on June 12, 2015."]):
        pdf.setFont("Helvetica", 12)
        pdf.drawCentredString(306, 700 - n * 28, text)
    pdf.save()
    return path


def _everything_stored() -> list[tuple[str, str]]:
    """Every DynamoDB item and every S3 object version, as text, read from moto's backends (no Scan)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends
    from moto.s3.models import s3_backends

    out = []
    for table in dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].tables.values():
        for item in table.all_items():
            out.append((f"dynamodb:{table.name}", json.dumps(item.to_json(), ensure_ascii=False)))
    for bucket in s3_backends[DEFAULT_ACCOUNT_ID]["aws"].buckets.values():
        for versions in bucket.keys.iterlists():
            for key in versions[1]:
                if hasattr(key, "value"):
                    out.append((f"s3:{bucket.name}/{key.name}", key.value.decode("utf-8", "replace")))
    return out


def test_closing_a_profile_leaves_no_name_ssn_birth_date_or_email_anywhere(api: Any, pump: Any,
                                                                           tmp_path: Path) -> None:
    _ok(_call(api, "POST", "/v1/me", ZEE, {
        "legal_first_name": "Zephyrine", "legal_last_name": "Quillfeather", "preferred_name": "Zephyrine",
        "email": "zephyrine.q@example.org", "ssn": "731-90-4417", "birth_date": "1991-07-23",
        "phone": "(916) 555-0199", "demographics": {"gender": "female"},
        "home_address": {"line1": "9 Quillfeather Way", "city": "Davis", "state": "CA", "postal_code": "95616"}}))
    diploma = _diploma(tmp_path)
    started = _ok(_call(api, "POST", "/v1/documents", ZEE, {
        "doc_type": "degree", "file_name": diploma.name, "content_type": "application/pdf",
        "size": diploma.stat().st_size}))
    requests.post(started["upload"]["url"], data=started["upload"]["fields"],
                  files={"file": (diploma.name, diploma.read_bytes(), "application/pdf")}, timeout=30)
    pump.drain(timeout_seconds=120)
    document_id = started["document_id"]
    detail = _ok(_call(api, "GET", f"/v1/review/{document_id}", STAFF))
    assert detail["fields"]["person_name"] == "Zephyrine Quillfeather"
    _ok(_call(api, "POST", f"/v1/review/{document_id}/decision", STAFF, {
        "decision": "verify", "fields": detail["fields"], "version": detail["version"]}))
    registry_id = _ok(_call(api, "GET", "/v1/me", ZEE))["registry_id"]
    _ok(_call(api, "POST", "/v1/me/name-change", ZEE, {"legal_first_name": "Zephyrine",
                                                       "legal_last_name": "Marlowe", "reason": "marriage"}))
    _ok(_call(api, "POST", f"/v1/participants/{registry_id}/name-change/decision", STAFF,
              {"approve": True, "reason": "Certificate for Zephyrine Marlowe seen"}))
    record = _ok(_call(api, "GET", "/v1/me/records", ZEE))["items"][0]
    _ok(_call(api, "POST", "/v1/me/disputes", ZEE, {"record_id": record["record_id"],
                                                    "message": "Zephyrine Quillfeather earned it in 2015."}))
    report = _call(api, "GET", "/v1/me/reports/education-training", ZEE, accept="application/pdf")
    assert report.status_code == 200
    pump.drain(timeout_seconds=60)
    assert any(m in text for _, text in _everything_stored() for m in MARKERS)  # the sweep can see them

    assert _call(api, "DELETE", "/v1/me?confirm=close-my-profile", ZEE).status_code == 200
    pump.drain(timeout_seconds=60)

    found = [(where, marker, text[max(0, text.find(marker) - 120):text.find(marker) + 40])
             for where, text in _everything_stored() for marker in MARKERS if marker in text]
    assert found == [], "\n".join(map(str, found))
    # What is kept still works: the record, and a check of the report issued before closing.
    from chalicelib.store.records import records_of

    assert [r.kind for r in records_of(ZEE[0])] == ["degree"]
    check = json.loads(api.http.post(f"/v1/reports/{report.headers['X-Report-Id']}/verify",
                                     headers={"Content-Type": "application/pdf"}, body=report.body).body)
    assert check["genuine"] is True and registry_id in check["issued_for"]
