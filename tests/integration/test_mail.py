"""Mail that reaches people: at the address they sign in with, in their language, never again to an address
that bounced for good (SES events through the configuration set's topic and queue)."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer


def _verified_email(user_id: str) -> dict[str, Any]:
    return {"kind": "document_email", "template": "verified", "user_id": user_id, "document_id": "d-1",
            "doc_type": "permit", "file_name": "permiso.jpg", "reason": None}


def _mail_to(address: str) -> list[dict[str, Any]]:
    from chalicelib.services.accounts.notifications import outbox

    return [m for m in outbox() if m["to"] == address]


def _set_language(api: Any, user_id: str, language: str) -> None:
    headers = {**bearer(user_id, Role.PARTICIPANT), "Content-Type": "application/json"}
    me = json.loads(api.http.get("/v1/me", headers=headers).body)
    answer = api.http.patch("/v1/me", headers=headers,
                            body=json.dumps({"preferred_language": language, "version": me["version"]}))
    assert answer.status_code == 200, answer.body


def test_a_spanish_speaker_gets_the_verified_email_in_spanish_at_their_sign_in_address(
        api: Any, people: dict[str, str]) -> None:
    from chalicelib.services.accounts.notifications import send

    ana = people["u-participant-ana"]
    _set_language(api, ana, "es")
    assert send(_verified_email(ana)) == {"sent": True}
    (mail,) = _mail_to("ana.reyes@example.org")
    assert mail["subject"] == "Su Permiso de Desarrollo Infantil está verificado"
    assert mail["body"].startswith("Hola Ana:") and "permiso.jpg" in mail["body"]
    assert mail["language"] == "es"
    # Ben keeps English.
    send(_verified_email(people["u-participant-ben"]))
    (english,) = _mail_to("ben.okafor@example.org")
    assert english["subject"] == "Your Child Development Permit is verified"


def test_mail_follows_a_changed_address(api: Any, people: dict[str, str]) -> None:
    from chalicelib.aws.clients import client
    from chalicelib.config import get_settings
    from chalicelib.services.accounts.notifications import send

    ana = people["u-participant-ana"]
    client("cognito-idp").admin_update_user_attributes(
        UserPoolId=get_settings().user_pool_id, Username=ana,
        UserAttributes=[{"Name": "email", "Value": "ana.new@example.org"}, {"Name": "email_verified", "Value": "true"}])
    send(_verified_email(ana))
    assert len(_mail_to("ana.new@example.org")) == 1
    assert _mail_to("ana.reyes@example.org") == []


def _ses_event(kind: str, user_id: str, address: str, bounce_type: str = "Permanent") -> str:
    event: dict[str, Any] = {"eventType": kind, "mail": {"destination": [address],
                                                        "tags": {"registry_user": [user_id]}}}
    if kind == "Bounce":
        event["bounce"] = {"bounceType": bounce_type, "bounceSubType": "General",
                           "bouncedRecipients": [{"emailAddress": address}]}
    else:
        event["complaint"] = {"complainedRecipients": [{"emailAddress": address}]}
    return json.dumps(event)


def test_a_hard_bounce_stops_mail_until_the_address_changes(api: Any, pump: Any, people: dict[str, str]) -> None:
    from chalicelib.aws.clients import client
    from chalicelib.config import get_settings
    from chalicelib.services.accounts.notifications import send

    ben, chloe = people["u-participant-ben"], people["u-participant-chloe"]
    topic = next(t["TopicArn"] for t in client("sns").list_topics()["Topics"] if t["TopicArn"].endswith("mail-events"))
    # SES publishes through the configuration set's topic; the mail-events function reads its queue.
    client("sns").publish(TopicArn=topic, Message=_ses_event("Bounce", ben, "ben.okafor@example.org"))
    client("sns").publish(TopicArn=topic, Message=_ses_event("Bounce", chloe, "chloe.tran@example.org",
                                                             bounce_type="Transient"))
    pump.drain(timeout_seconds=30)

    assert send(_verified_email(ben)) == {"sent": False, "why": "suppressed"}
    assert _mail_to("ben.okafor@example.org") == []
    assert send(_verified_email(chloe)) == {"sent": True}  # a full mailbox is no reason to stop
    assert len(_mail_to("chloe.tran@example.org")) == 1

    client("cognito-idp").admin_update_user_attributes(
        UserPoolId=get_settings().user_pool_id, Username=ben,
        UserAttributes=[{"Name": "email", "Value": "ben@new.example.org"}, {"Name": "email_verified", "Value": "true"}])
    assert send(_verified_email(ben)) == {"sent": True}
    assert len(_mail_to("ben@new.example.org")) == 1


def test_a_complaint_stops_mail_too(api: Any, pump: Any, people: dict[str, str]) -> None:
    from chalicelib.aws.clients import client
    from chalicelib.services.accounts.notifications import send

    dana = people["u-participant-chloe"]
    queue = next(u for u in client("sqs").list_queues()["QueueUrls"] if u.endswith("-mail-events"))
    # Raw SES event straight on the queue, as a subscription with raw delivery would put it.
    client("sqs").send_message(QueueUrl=queue, MessageBody=_ses_event("Complaint", dana, "chloe.tran@example.org"))
    pump.drain(timeout_seconds=30)
    assert send(_verified_email(dana))["sent"] is False
