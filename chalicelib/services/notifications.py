"""Participant email: queued on SQS, sent through SES by the notifications handler.

In local mode every sent message is also kept in the artifacts bucket under
outbox/, which `GET /v1/local/outbox` lists, so a developer can read what a
participant would have received.
"""

from __future__ import annotations

import json
from typing import Any

from ulid import ULID

from chalicelib.aws.blobs import BlobStore
from chalicelib.aws.clients import client
from chalicelib.aws.queues import Queue
from chalicelib.config import get_settings
from chalicelib.observability import logger
from chalicelib.store.base import iso, utcnow
from chalicelib.store.people import get_account


def _doc_name(doc_type: str | None) -> str:
    from chalicelib import doctypes

    spec = doctypes.get(doc_type)
    return spec.display["en"] if spec else "document"

TEMPLATES: dict[str, tuple[str, str]] = {
    "file_rejected": ("We could not read your {doc_name}",
                      "Hello {name},\n\nThe file you uploaded ({file_name}) could not be used:\n\n{reason}\n\n"
                      "Please upload it again from My Documents.\n\nThe ECE Registry team"),
    "rejected": ("Your {doc_name} was not accepted",
                 "Hello {name},\n\nRegistry staff reviewed your {doc_name} ({file_name}) and could not accept it:\n\n"
                 "{reason}\n\nThe ECE Registry team"),
    "resubmission_requested": ("Please send your {doc_name} again",
                               "Hello {name},\n\nRegistry staff reviewed your {doc_name} ({file_name}) and need "
                               "another copy:\n\n{reason}\n\nUpload it from My Documents.\n\nThe ECE Registry team"),
    "verified": ("Your {doc_name} is verified",
                 "Hello {name},\n\nYour {doc_name} ({file_name}) is verified and now part of your registry "
                 "record.\n\nThe ECE Registry team"),
}


def queue_document_email(document: Any, *, template: str, reason: str | None = None) -> None:
    Queue(get_settings().notification_queue_url).send({
        "kind": "document_email", "template": template, "user_id": document.owner_id,
        "document_id": document.document_id, "doc_type": document.doc_type or document.doc_type_hint,
        "file_name": document.file_name, "reason": reason,
    })


def _deliver(to: str, subject: str, body: str, *, user_id: str | None = None,
             document_id: str | None = None) -> str:
    """Send one plain-text email through SES; in local mode also keep a copy in the outbox."""
    settings = get_settings()
    response = client("ses").send_email(
        Source=settings.sender_email, Destination={"ToAddresses": [to]},
        Message={"Subject": {"Data": subject, "Charset": "UTF-8"},
                 "Body": {"Text": {"Data": body, "Charset": "UTF-8"}}},
    )
    if settings.is_local:
        outbox_id = str(ULID())
        BlobStore(settings.artifacts_bucket).put(
            f"outbox/{outbox_id}.json",
            json.dumps({"id": outbox_id, "at": iso(utcnow()), "to": to, "subject": subject, "body": body,
                        "user_id": user_id, "document_id": document_id}).encode(),
            "application/json")
    return str(response.get("MessageId", ""))


def _send_invitation(message: dict[str, Any]) -> dict[str, Any]:
    subject = f"{message['program_name']} invites you to the ECE Workforce Registry"
    body = (f"Hello{' ' + message['name'] if message.get('name') else ''},\n\n{message['program_name']} uses the ECE "
            "Workforce Registry to keep its staff's qualifications verified. Enroll, upload your transcripts, "
            f"permits and certificates, and add your position there:\n\n{message['enroll_url']}\n\n"
            "The ECE Registry team")
    _deliver(message["email"], subject, body)
    return {"sent": True}


def _send_endpoint_disabled(message: dict[str, Any]) -> dict[str, Any]:
    subject = "A webhook endpoint of yours was disabled"
    body = (f"Hello {message.get('name') or ''},\n\nEvery delivery to {message['url']} "
            f"(endpoint {message['endpoint_id']}) failed for five days, so the registry stopped sending to it. "
            "Fix the receiver, then re-enable the endpoint (PATCH /v1/webhooks/endpoints/{id} with "
            "enabled=true) and catch up from GET /v1/partner/events.\n\nThe ECE Registry team")
    _deliver(message["email"], subject, body)
    return {"sent": True}


def send(message: dict[str, Any]) -> dict[str, Any]:
    if message.get("kind") == "invitation":
        return _send_invitation(message)
    if message.get("kind") == "endpoint_disabled":
        return _send_endpoint_disabled(message)
    account = get_account(message["user_id"])
    if account is None or not account.email:
        logger.warning("no email address for user; notification dropped", extra={"template": message["template"]})
        return {"sent": False}
    subject_t, body_t = TEMPLATES[message["template"]]
    values = {"name": account.display_name, "doc_name": _doc_name(message.get("doc_type")),
              "file_name": message.get("file_name") or "your file", "reason": message.get("reason") or ""}
    message_id = _deliver(account.email, subject_t.format(**values), body_t.format(**values),
                          user_id=message["user_id"], document_id=message.get("document_id"))
    logger.info("email sent", extra={"template": message["template"], "ses_message_id": message_id})
    return {"sent": True}


def outbox(limit: int = 100) -> list[dict[str, Any]]:
    settings = get_settings()
    s3 = client("s3")
    listing = s3.list_objects_v2(Bucket=settings.artifacts_bucket, Prefix="outbox/")
    keys = sorted((o["Key"] for o in listing.get("Contents", [])), reverse=True)[:limit]
    store = BlobStore(settings.artifacts_bucket)
    return [json.loads(store.get(k)) for k in keys]
