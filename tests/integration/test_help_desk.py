"""The help desk through its routes on the in-process stack: a signed-out person writes in Spanish, is
acknowledged with a reference number, staff read the queue and answer, the answer arrives in Spanish at the
address given; what is stored is sealed, an address is held to five messages a day, and nobody answers their own."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

QUESTION = "Subí mi transcripción hace dos semanas y sigue en revisión. ¿Cuánto tarda la verificación?"
ANSWER = "Su transcripción ya está verificada. Puede verla en Mis registros."


def _post(api: Any, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    return api.http.post(path, body=json.dumps(body) if not isinstance(body, str) else body,
                         headers={"Content-Type": "application/json", "Accept-Language": "es", **(headers or {})})


def _message(email: str = "lucia@example.org", **changes: Any) -> dict[str, Any]:
    return {"name": "Lucía Gómez", "email": email, "topic": "documents", "message": QUESTION, **changes}


def _outbox() -> list[dict[str, Any]]:
    from chalicelib.services.accounts.notifications import outbox

    return outbox()


def test_a_signed_out_person_writes_and_staff_answer_in_the_persons_language(
        api: Any, people: dict[str, str], pump: Any) -> None:
    from chalicelib.store.help_desk import HelpRequestItem

    information = json.loads(api.http.get("/v1/help-desk").body)
    assert "documents" in information["topics"] and information["max_message"] == 2000
    assert any("Sacramento" in line for line in information["postal_address"])

    sent = _post(api, "/v1/help-desk/contact", _message())
    assert sent.status_code == 201, sent.body
    reference = json.loads(sent.body)["reference"]
    request_id = json.loads(sent.body)["request_id"]
    raw = str(HelpRequestItem.get(*HelpRequestItem.key(request_id)).attribute_values)
    assert "Lucía" not in raw and "lucia@example.org" not in raw and "transcripción" not in raw
    pump.drain(timeout_seconds=30)
    [received] = [m for m in _outbox() if m["to"] == "lucia@example.org"]
    assert reference in received["subject"] and received["language"] == "es"
    assert "Recibimos su mensaje" in received["subject"]
    assert "Lucía" not in received["body"]  # nothing the sender typed goes to an address nobody confirmed

    sam = bearer(people["u-staff-sam"], Role.STAFF)
    assert api.http.get("/v1/help-desk/messages", headers=bearer(people["u-participant-ana"],
                                                                 Role.PARTICIPANT)).status_code == 403
    queue = json.loads(api.http.get("/v1/help-desk/messages", headers=sam).body)["items"]
    [item] = [i for i in queue if i["request_id"] == request_id]
    assert (item["message"], item["email"], item["language"], item["status"]) == (
        QUESTION, "lucia@example.org", "es", "open")
    answered = _post(api, f"/v1/help-desk/messages/{request_id}/answer",
                     {"answer": ANSWER, "version": item["version"]}, sam)
    assert answered.status_code == 200, answered.body
    assert json.loads(answered.body)["status"] == "answered"
    again = _post(api, f"/v1/help-desk/messages/{request_id}/answer", {"answer": ANSWER}, sam)
    assert again.status_code == 409
    pump.drain(timeout_seconds=30)
    [answer_mail] = [m for m in _outbox() if m["to"] == "lucia@example.org" and reference in m["subject"]
                     and m["subject"].startswith("Respuesta")]
    assert ANSWER in answer_mail["body"] and answer_mail["language"] == "es"
    answered_list = json.loads(api.http.get("/v1/help-desk/messages?status=answered", headers=sam).body)["items"]
    assert [i["reference"] for i in answered_list] == [reference]


def test_a_signed_in_person_has_their_id_attached_and_cannot_answer_their_own(
        api: Any, people: dict[str, str]) -> None:
    sam_id, alex_id = people["u-staff-sam"], people["u-admin-alex"]
    sam = bearer(sam_id, Role.STAFF)
    sent = _post(api, "/v1/me/help-desk/messages", _message("sam.staff@example.org", topic="account"), sam)
    assert sent.status_code == 201, sent.body
    request_id = json.loads(sent.body)["request_id"]
    queue = json.loads(api.http.get("/v1/help-desk/messages", headers=sam).body)["items"]
    assert [i["user_id"] for i in queue if i["request_id"] == request_id] == [sam_id]
    own = _post(api, f"/v1/help-desk/messages/{request_id}/answer", {"answer": "Mine"}, sam)
    assert own.status_code == 403
    colleague = bearer(alex_id, Role.ADMIN)
    assert _post(api, f"/v1/help-desk/messages/{request_id}/answer", {"answer": "Done."},
                 colleague).status_code == 200


def test_public_messages_are_bounded_in_size_topic_and_number_per_address(api: Any, aws: dict[str, str]) -> None:
    too_long = _post(api, "/v1/help-desk/contact", _message(message="x" * 2001))
    assert too_long.status_code == 422
    assert _post(api, "/v1/help-desk/contact", _message(topic="weather")).status_code == 422
    assert _post(api, "/v1/help-desk/contact", "x" * 20_000).status_code == 413
    for _ in range(5):
        assert _post(api, "/v1/help-desk/contact", _message("many@example.org")).status_code == 201
    sixth = _post(api, "/v1/help-desk/contact", _message("Many@Example.org"))
    assert sixth.status_code == 429
    assert "mañana" in json.loads(sixth.body)["detail"]  # worded in the language the person reads


def test_the_contact_form_has_a_per_caller_limit_of_its_own(api: Any, aws: dict[str, str]) -> None:
    """As the WAF rule limits it in AWS: 20 messages in 5 minutes from one caller, whatever the addresses; the
    public look-ups (card checks, the training calendar) are counted apart and still answer."""
    from chalicelib.security.rate_limit import CONTACT_REQUESTS_PER_WINDOW

    for n in range(CONTACT_REQUESTS_PER_WINDOW):
        assert _post(api, "/v1/help-desk/contact", _message(f"person{n}@example.org")).status_code == 201
    refused = _post(api, "/v1/help-desk/contact", _message("one.more@example.org"))
    assert refused.status_code == 429
    assert api.http.get("/v1/training-calendar?county=Fresno").status_code == 200
