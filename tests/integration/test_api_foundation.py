"""Health, authentication and authorisation, problem details, and logs free of personal data."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer


def test_health_reports_version_and_reachable_dependencies(api: Any) -> None:
    response = api.http.get("/v1/health")
    body = json.loads(response.body)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["version"]
    assert {k for k, v in body["dependencies"].items() if v["reachable"]} == {"s3", "dynamodb", "sqs", "pdf_fonts"}


def test_health_says_degraded_when_the_pdf_fonts_are_missing(api: Any, tmp_path: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A fonts layer left off the function: reports would print Chinese names as nothing."""
    from chalicelib.config import get_settings

    monkeypatch.setenv("REGISTRY_FONT_DIR", str(tmp_path))
    get_settings.cache_clear()
    body = json.loads(api.http.get("/v1/health").body)
    assert body["status"] == "degraded"
    assert body["dependencies"]["pdf_fonts"] == {"reachable": False, "error": "FileNotFoundError",
                                                 "ms": body["dependencies"]["pdf_fonts"]["ms"]}


def test_health_says_degraded_when_a_dependency_is_gone(api: Any, aws: dict[str, str]) -> None:
    import boto3

    boto3.client("sqs").delete_queue(QueueUrl=aws["WebhookQueueUrl"])
    response = api.http.get("/v1/health")
    body = json.loads(response.body)
    assert response.status_code == 503
    assert body["dependencies"]["sqs"]["reachable"] is False
    assert body["dependencies"]["s3"]["reachable"] is True


def test_no_token_is_401_with_problem_details(api: Any) -> None:
    response = api.http.get("/v1/session")
    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = json.loads(response.body)
    assert problem["status"] == 401 and "Bearer" in problem["detail"]


def test_a_role_the_route_does_not_allow_is_403(api: Any, demo: None) -> None:
    response = api.http.get("/v1/documents", headers=bearer("u-staff-sam", Role.STAFF))
    assert response.status_code == 403
    assert "participant" in json.loads(response.body)["detail"]


def test_a_valid_token_reaches_an_authenticated_route(api: Any, demo: None) -> None:
    response = api.http.get("/v1/session", headers=bearer("u-director-dana", Role.DIRECTOR))
    body = json.loads(response.body)
    assert response.status_code == 200
    assert body["user_id"] == "u-director-dana"
    assert body["programs"] == ["prog-sunshine"]


def test_unknown_fields_are_refused_without_echoing_values(api: Any, demo: None) -> None:
    response = api.http.post("/v1/documents", headers={**bearer("u-participant-ana", Role.PARTICIPANT),
                                                       "Content-Type": "application/json"},
                             body=json.dumps({"file_name": "a.pdf", "content_type": "application/pdf", "size": 10,
                                              "is_admin": True, "ssn": "123-45-6789"}))
    assert response.status_code == 422
    text = response.body.decode()
    assert "is_admin" in text and "123-45-6789" not in text


PERSONAL = {"legal_name": "Marisol Quintanilla-Ybarra", "birth_date": "1987-04-13", "ssn": "536-22-8841"}


@pytest.mark.parametrize("path,method", [("/v1/documents", "POST"), ("/v1/session", "GET"),
                                         ("/v1/documents/does-not-exist", "DELETE")])
def test_personal_data_in_a_request_never_reaches_the_logs(api: Any, demo: None, path: str, method: str) -> None:
    from chalicelib.observability import logger

    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logger.registered_formatter)
    logger.addHandler(handler)
    headers = {**bearer("u-participant-ana", Role.PARTICIPANT), "Content-Type": "application/json",
               "X-Applicant-Name": PERSONAL["legal_name"]}
    body = json.dumps({"file_name": f"{PERSONAL['legal_name']} {PERSONAL['birth_date']}.pdf",
                       "content_type": "application/pdf", "size": 1000, "declared": PERSONAL, **PERSONAL})
    api.http.request(method=method, path=f"{path}?ssn={PERSONAL['ssn']}&dob={PERSONAL['birth_date']}",
                     headers=headers, body=body.encode())
    # Also a well-formed upload whose file name carries a name and birth date.
    api.http.post("/v1/documents", headers=headers, body=json.dumps(
        {"file_name": f"{PERSONAL['legal_name']} {PERSONAL['birth_date']}.pdf", "content_type": "application/pdf",
         "size": 1000}))
    logger.removeHandler(handler)
    captured = buffer.getvalue()
    assert captured.strip(), "expected the request to be logged at all"
    for value in PERSONAL.values():
        assert value not in captured


def test_the_scan_guard_itself_catches_a_scan(aws: dict[str, str]) -> None:
    import boto3

    with pytest.raises(AssertionError, match="Scan"):
        boto3.client("dynamodb").scan(TableName=aws["RegistryTableName"])


def test_paging_cursors_are_opaque_and_a_tampered_or_foreign_one_is_a_400(api: Any, demo: None) -> None:
    import base64
    import json as json_module
    from urllib.parse import quote

    ana = bearer("u-participant-ana", Role.PARTICIPANT)
    for n in range(3):
        started = api.http.post("/v1/documents", headers={**ana, "Content-Type": "application/json"},
                                body=json_module.dumps({"file_name": f"doc-{n}.pdf", "content_type": "application/pdf",
                                                        "size": 100}))
        assert started.status_code == 201
    first = json_module.loads(api.http.get("/v1/documents?limit=2", headers=ana).body)
    cursor = first["next_cursor"]
    assert len(first["items"]) == 2 and cursor
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    assert b"OWNER#" not in raw and b"gsi1" not in raw and b"u-participant-ana" not in raw
    second = json_module.loads(api.http.get(f"/v1/documents?limit=2&cursor={quote(cursor)}", headers=ana).body)
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert {d["document_id"] for d in first["items"]}.isdisjoint({d["document_id"] for d in second["items"]})

    tampered = cursor[:-6] + ("AAAAAA" if not cursor.endswith("AAAAAA") else "BBBBBB")
    forged = base64.urlsafe_b64encode(json_module.dumps(
        {"pk": {"S": "DOC#x"}, "gsi1pk": {"S": "OWNER#u-participant-ben"}}).encode()).decode()
    ben = bearer("u-participant-ben", Role.PARTICIPANT)
    for headers, bad in ((ana, tampered), (ana, forged), (ana, "%%%"), (ben, cursor)):
        answer = api.http.get(f"/v1/documents?limit=2&cursor={quote(bad)}", headers=headers)
        assert answer.status_code == 400, (bad, answer.body)
        assert "first page" in json_module.loads(answer.body)["detail"]
    staff = bearer("u-staff-sam", Role.STAFF)
    assert api.http.get(f"/v1/review/queue?cursor={quote(cursor)}", headers=staff).status_code == 400
    partner = bearer("u-partner-quality", Role.PARTNER)
    assert api.http.get("/v1/partner/events?after=not-an-event", headers=partner).status_code == 400


MARKER = {"name": "Zephyrine Quillfeather", "ssn": "731-90-4417", "email": "zephyrine.q@example.org",
          "birth_date": "1991-07-23"}


def test_no_route_logs_a_name_ssn_birth_date_or_email_sent_to_it(api: Any, demo: None) -> None:
    """Every route of the app, as a participant and as staff, with the markers in the path, the query string,
    a header and the body: whatever the route answers (200, 404, 422, 500), no marker reaches a log line."""
    import re

    from app import app
    from chalicelib.observability import logger

    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logger.registered_formatter)
    logger.addHandler(handler)
    body = json.dumps({"legal_first_name": "Zephyrine", "legal_last_name": "Quillfeather", **MARKER,
                       "message": f"I am {MARKER['name']}, SSN {MARKER['ssn']}, born {MARKER['birth_date']}",
                       "file_name": f"{MARKER['name']} {MARKER['birth_date']}.pdf", "reason": MARKER["name"],
                       "content_type": "application/pdf", "size": 100, "url": f"https://{MARKER['email']}/hook",
                       "declared": {"person_name": MARKER["name"]}}).encode()
    answered = 0
    try:
        for path, methods in app.routes.items():
            concrete = re.sub(r"\{[^}]+\}", MARKER["ssn"], path)
            for method in methods:
                for who in (("u-participant-ana", Role.PARTICIPANT), ("u-staff-sam", Role.STAFF)):
                    headers = {**bearer(*who), "Content-Type": "application/json", "Accept": "*/*",
                               "X-Applicant": MARKER["name"]}
                    api.http.request(method=method, path=f"{concrete}?q={MARKER['email']}&dob={MARKER['birth_date']}",
                                     headers=headers, body=body)
                    answered += 1
    finally:
        logger.removeHandler(handler)
    captured = buffer.getvalue()
    assert answered > 150 and captured.count("\n") > 50  # every route was called, and the calls were logged
    for marker in (*MARKER.values(), "Zephyrine", "Quillfeather", "731904417"):
        assert marker not in captured, captured[max(0, captured.find(marker) - 300):captured.find(marker) + 100]


def test_text_with_control_characters_is_refused_anywhere_in_a_body(api: Any, demo: None) -> None:
    """Found by fuzzing: a preferred name with a control character was stored and then broke the Word resume."""
    headers = {**bearer("u-participant-ana", Role.PARTICIPANT), "Content-Type": "application/json"}
    for body in ({"preferred_name": "Ana\u0001"}, {"demographics": {"race_ethnicity": ["white\u0000"]}},
                 {"self_reported_education": [{"level": "bachelor", "institution": "U\u001b[31m"}]}):
        refused = api.http.patch("/v1/me", headers=headers, body=json.dumps(body))
        assert refused.status_code == 422 and "control characters" in json.loads(refused.body)["detail"], body
    # Tabs and line breaks are ordinary text (a dispute message has paragraphs).
    assert api.http.patch("/v1/me", headers=headers,
                          body=json.dumps({"preferred_name": "Ana\tMaría"})).status_code == 200


def test_one_caller_is_limited_on_the_public_routes_as_waf_limits_it_in_aws(api: Any) -> None:
    """The stage throttle is shared by everyone; the per-caller limit (WAF in AWS, the app on make run) is not:
    one address that uses up its window gets 429, another address is still served, signed-in routes are not
    counted."""
    from chalicelib.security.rate_limit import LOCAL_PUBLIC_LIMIT, PUBLIC_REQUESTS_PER_WINDOW

    for _ in range(PUBLIC_REQUESTS_PER_WINDOW):
        assert api.http.get("/v1/training-calendar?county=Fresno").status_code == 200
    refused = api.http.get("/v1/public/registry-ids/ECE-0000-0000")
    assert refused.status_code == 429 and "Wait 5 minutes" in json.loads(refused.body)["detail"]
    assert LOCAL_PUBLIC_LIMIT.allow("203.0.113.9")  # someone else
    assert api.http.get("/v1/health").status_code != 429  # health is not a public data route
