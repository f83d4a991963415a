"""Participant email: queued on SQS, sent through SES by the notifications handler.

Document emails go to the address the person signs in with (read from the user pool when sent), in their
preferred language, from the SES templates of chalicelib/mail; an address that bounced for good or complained
gets no more mail until the person changes it. In local mode every sent message is also kept, rendered by SES's
TestRenderTemplate, in the artifacts bucket under outbox/, which `GET /v1/local/outbox` lists, so a developer
can read what a participant would have received.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ulid import ULID

from chalicelib import clock
from chalicelib.aws import mail_sender
from chalicelib.aws.blobs import BlobStore
from chalicelib.aws.clients import client
from chalicelib.config import get_settings
from chalicelib.domain.catalogues import language_for
from chalicelib.domain.messages import DocumentEmail
from chalicelib.observability import logger
from chalicelib.services.accounts.views import MailedEvent, MailOutcome, OutboxMessage
from chalicelib.store.base import iso


def document_name(doc_type: str | None, language: str) -> str:
    """A document type's name in the reader's language ("document" for one the registry does not know)."""
    from chalicelib import doctypes

    spec = doctypes.get(doc_type)
    if spec is None:
        return {"es": "documento", "zh": "文件"}.get(language, "document")
    return spec.display.get(language) or spec.display["en"]


def document_email(document: Any, *, template: str, reason: str | None = None) -> DocumentEmail:
    """The email a change to this document owes its owner (staged in the change's unit of work)."""
    return DocumentEmail(template, document.owner_id, document.document_id,
                         document.doc_type or document.doc_type_hint, document.file_name, reason,
                         document.status_reason_code if reason == document.status_reason else None)


def deliver(to: str, subject: str, body: str, *, user_id: str | None = None,
             document_id: str | None = None) -> str:
    """Send one plain-text email through SES; in local mode also keep a copy in the outbox."""
    message_id = mail_sender.send_text(to, subject, body)
    if get_settings().is_local:
        _keep_in_outbox(to, subject, body, user_id=user_id, document_id=document_id)
    return message_id


def _keep_in_outbox(to: str, subject: str, body: str, *, user_id: str | None, document_id: str | None,
                    language: str | None = None, attachments: list[str] | None = None) -> None:
    settings = get_settings()
    outbox_id = str(ULID())
    BlobStore(settings.artifacts_bucket).put(
        f"outbox/{outbox_id}.json",
        json.dumps({"id": outbox_id, "at": iso(clock.now()), "to": to, "subject": subject, "body": body,
                    "user_id": user_id, "document_id": document_id, "language": language,
                    "attachments": attachments or []}).encode(),
        "application/json")


def _send_invitation(message: Mapping[str, Any]) -> MailOutcome:
    subject = f"{message['program_name']} invites you to the ECE Workforce Registry"
    body = (f"Hello{' ' + message['name'] if message.get('name') else ''},\n\n{message['program_name']} uses the ECE "
            "Workforce Registry to keep its staff's qualifications verified. Enroll, upload your transcripts, "
            f"permits and certificates, and add your position there:\n\n{message['enroll_url']}\n\n"
            "The ECE Registry team")
    deliver(message["email"], subject, body)
    return {"sent": True}


def _send_endpoint_disabled(message: Mapping[str, Any]) -> MailOutcome:
    subject = "A webhook endpoint of yours was disabled"
    body = (f"Hello {message.get('name') or ''},\n\nEvery delivery to {message['url']} "
            f"(endpoint {message['endpoint_id']}) failed for five days, so the registry stopped sending to it. "
            "Fix the receiver, then re-enable the endpoint (PATCH /v1/webhooks/endpoints/{id} with "
            "enabled=true) and catch up from GET /v1/partner/events.\n\nThe ECE Registry team")
    deliver(message["email"], subject, body)
    return {"sent": True}


def _send_job_application(message: Mapping[str, Any]) -> MailOutcome:
    from chalicelib.services.accounts.people import is_suppressed, mail_address

    address = mail_address(message["director_id"])
    if address is None or is_suppressed(message["director_id"], address.address):
        return {"sent": False, "why": "no address"}
    subject = f"New application: {message['job_title']}"
    body = (f"Someone applied to your opening \"{message['job_title']}\" at {message['program_name']}.\n\n"
            f"Sign in to the ECE Workforce Registry and open My program to read the application:\n"
            f"{get_settings().public_base_url}/app#/roster\n\nThe ECE Registry team")
    deliver(address.address, subject, body, user_id=message["director_id"])
    return {"sent": True}


def _reason_text(message: Mapping[str, Any], language: str) -> str:
    from chalicelib.domain.reasons import Reason

    coded = Reason.from_dict(message.get("reason_code"))
    return coded.text(language) if coded is not None else str(message.get("reason") or "")


def _send_document_email(message: Mapping[str, Any]) -> MailOutcome:
    from chalicelib import mail
    from chalicelib.services.accounts.people import is_suppressed, mail_address
    from chalicelib.store.profiles import get_profile

    user_id = message["user_id"]
    address = mail_address(user_id)
    if address is None:
        return {"sent": False, "why": "no address"}
    if is_suppressed(user_id, address.address):
        logger.info("email not sent: the address bounced or complained", extra={"template": message["template"]})
        return {"sent": False, "why": "suppressed"}
    profile = get_profile(user_id)
    language = language_for(profile.preferred_language if profile else None)
    settings = get_settings()
    template_name = mail.ses_template_name(settings.mail_template_prefix, message["template"], language)
    name = (profile.preferred_name or profile.legal_first_name) if profile else None
    data = {"name": name or "", "doc_name": document_name(message.get("doc_type"), language),
            "file_name": message.get("file_name") or "", "reason": _reason_text(message, language)}
    message_id = mail_sender.send_templated(address.address, template_name, data, user_id=user_id)
    if settings.is_local:
        subject, body = mail_sender.rendered(template_name, data)
        _keep_in_outbox(address.address, subject, body, user_id=user_id, document_id=message.get("document_id"),
                        language=language)
    logger.info("email sent", extra={"template": message["template"], "language": language,
                                     "ses_message_id": message_id})
    return {"sent": True}


def _event_as_stored(event_id: str | None) -> MailedEvent | None:
    """What the email needs of an event, read from the table: for a message queued before messages carried the
    event (a local stack's saved queue), so it is still sent rather than lost."""
    from chalicelib.store.training import get_event

    event = get_event(event_id) if event_id else None
    if event is None:
        return None
    d = event.details
    return {"event_id": event.event_id, "title": d.get("title"), "sponsor": d.get("sponsor_name"),
            "place": d.get("place"), "starts_at": d.get("starts_at"), "ends_at": d.get("ends_at"),
            "hours": d.get("hours"), "competency_area": d.get("competency_area")}


def _active_recipient(user_id: str) -> tuple[Any, Any, str | None]:
    """The person's active profile and the address their mail goes to, or why nothing is sent: a closed profile,
    no address, or an address that bounced or complained."""
    from chalicelib.services.accounts.people import is_suppressed, mail_address
    from chalicelib.store.profiles import get_profile

    profile = get_profile(user_id)
    if profile is None or profile.status != "active":
        return None, None, "no active profile"
    address = mail_address(user_id)
    if address is None:
        return profile, None, "no address"
    if is_suppressed(user_id, address.address):
        return profile, address, "suppressed"
    return profile, address, None


def _send_raw(raw: Any, to: str, *, user_id: str, subject: str, body: str, language: str,
              attachments: list[str] | None = None) -> None:
    """A MIME email the registry builds itself (a calendar file, list headers), from the registry, tagged with
    whose it is; on the local stack also kept in the outbox."""
    from email.utils import formataddr

    settings = get_settings()
    raw["Subject"] = subject
    raw["From"] = formataddr(("ECE Workforce Registry", settings.sender_email))
    raw["To"] = to
    mail_sender.send_raw(to, raw.as_bytes(), user_id=user_id)
    if settings.is_local:
        _keep_in_outbox(to, subject, body, user_id=user_id, document_id=None, language=language,
                        attachments=attachments)


def _send_training_email(message: Mapping[str, Any]) -> MailOutcome:
    """Enrolled, waitlisted or moved up: in the person's language, with the event as a calendar file."""
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    from urllib.parse import urlsplit

    from chalicelib import mail
    from chalicelib.reports.calendar import event_ics
    from chalicelib.services.accounts.people import is_suppressed, mail_address
    from chalicelib.store.profiles import get_profile

    user_id = message["user_id"]
    address = mail_address(user_id)
    view: Mapping[str, Any] | None = message.get("event") or _event_as_stored(message.get("event_id"))
    if address is None or not view:
        return {"sent": False, "why": "no address" if address is None else "no event"}
    if is_suppressed(user_id, address.address):
        return {"sent": False, "why": "suppressed"}
    profile = get_profile(user_id)
    language = language_for(profile.preferred_language if profile else None)
    settings = get_settings()
    data = {"name": ((profile.preferred_name or profile.legal_first_name) if profile else None) or "",
            "title": view["title"] or "", "sponsor": view["sponsor"] or "", "place": view["place"] or "",
            "starts": f"{view['starts_at'][:10]} {view['starts_at'][11:16]} UTC"}
    template_name = mail.ses_template_name(settings.mail_template_prefix, message["template"], language)
    subject, body = mail_sender.rendered(template_name, data)
    raw = MIMEMultipart("mixed")
    raw.attach(MIMEText(body, "plain", "utf-8"))
    with_calendar = message["template"] != "training_waitlisted"
    if with_calendar:
        host = urlsplit(settings.public_base_url).hostname or "registry"
        ics = MIMEApplication(event_ics(view, registry_host=host), "ics", Name="training.ics")
        ics.replace_header("Content-Type", 'text/calendar; charset="utf-8"; method=PUBLISH; name="training.ics"')
        ics["Content-Disposition"] = 'attachment; filename="training.ics"'
        raw.attach(ics)
    _send_raw(raw, address.address, user_id=user_id, subject=subject, body=body, language=language,
              attachments=["training.ics"] if with_calendar else [])
    return {"sent": True}


def _send_credential_reminder(message: Mapping[str, Any]) -> MailOutcome:
    """A permit or CDA credential expiring: in the person's language, never to a closed profile."""
    from chalicelib import mail

    user_id = message["user_id"]
    profile, address, why = _active_recipient(user_id)
    if why:
        return {"sent": False, "why": why}
    language = language_for(profile.preferred_language)
    settings = get_settings()
    template_name = mail.ses_template_name(settings.mail_template_prefix, "credential_expiring", language)
    data = {"name": profile.preferred_name or profile.legal_first_name or "", "title": message["title"],
            "expires_on": message["expires_on"], "days": str(message["days"])}
    message_id = mail_sender.send_templated(address.address, template_name, data, user_id=user_id)
    if settings.is_local:
        subject, body = mail_sender.rendered(template_name, data)
        _keep_in_outbox(address.address, subject, body, user_id=user_id, document_id=None, language=language)
    logger.info("email sent", extra={"template": "credential_expiring", "language": language,
                                     "ses_message_id": message_id})
    return {"sent": True}


def _send_reminder_email(message: Mapping[str, Any]) -> MailOutcome:
    """An optional reminder, in the language it was decided in, with a signed link that turns it off in the body
    and as the List-Unsubscribe header (RFC 8058 one-click: mail clients POST to it). Checked again here: a
    person who turned it off or closed their profile since the job ran gets nothing."""
    from email.mime.text import MIMEText

    from chalicelib import mail
    from chalicelib.security import reminder_links

    user_id, reminder = message["user_id"], message["reminder"]
    profile, address, why = _active_recipient(user_id)
    if profile is not None and reminder in (profile.reminders_off or []):
        why = "turned off"
    if why:
        return {"sent": False, "why": why}
    language = language_for(message.get("language"))
    settings = get_settings()
    unsubscribe = reminder_links.link(user_id, reminder)
    data = {**message["values"], "name": profile.preferred_name or profile.legal_first_name or "",
            "unsubscribe_url": unsubscribe}
    template_name = mail.ses_template_name(settings.mail_template_prefix, message["template"], language)
    subject, body = mail_sender.rendered(template_name, data)
    raw = MIMEText(body, "plain", "utf-8")
    raw["List-Unsubscribe"] = f"<{unsubscribe}>"
    raw["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    _send_raw(raw, address.address, user_id=user_id, subject=subject, body=body, language=language)
    logger.info("email sent", extra={"template": message["template"], "language": language})
    return {"sent": True}


def _send_help_desk_email(message: Mapping[str, Any]) -> MailOutcome:
    """A help-desk acknowledgement or answer, in the language the person wrote in, to the address they gave."""
    from chalicelib import mail
    from chalicelib.services.accounts.help_desk import email_for
    from chalicelib.services.accounts.people import is_suppressed

    found = email_for(message["request_id"], message["template"])
    if found is None:
        return {"sent": False, "why": "gone"}
    if found["user_id"] and is_suppressed(found["user_id"], found["to"]):
        return {"sent": False, "why": "suppressed"}
    language = language_for(found["language"])
    settings = get_settings()
    template_name = mail.ses_template_name(settings.mail_template_prefix, message["template"], language)
    # The acknowledgement goes to an address nobody confirmed: it carries nothing the sender typed (no name), so
    # the form cannot be used to mail someone else words of one's choosing. The answer is staff's words.
    data = {"reference": found["reference"]}
    if message["template"] == "help_answered":
        data.update(name=found["name"], answer=found["answer"])
    message_id = mail_sender.send_templated(found["to"], template_name, data, user_id=found["user_id"] or None)
    if settings.is_local:
        subject, body = mail_sender.rendered(template_name, data)
        _keep_in_outbox(found["to"], subject, body, user_id=found["user_id"] or None, document_id=None,
                        language=language)
    logger.info("email sent", extra={"template": message["template"], "language": language,
                                     "ses_message_id": message_id})
    return {"sent": True}


def send(message: Mapping[str, Any]) -> MailOutcome:
    if message.get("kind") == "help_desk":
        return _send_help_desk_email(message)
    if message.get("kind") == "credential_reminder":
        return _send_credential_reminder(message)
    if message.get("kind") == "reminder_email":
        return _send_reminder_email(message)
    if message.get("kind") == "training_email":
        return _send_training_email(message)
    if message.get("kind") == "invitation":
        return _send_invitation(message)
    if message.get("kind") == "endpoint_disabled":
        return _send_endpoint_disabled(message)
    if message.get("kind") == "job_application":
        return _send_job_application(message)
    return _send_document_email(message)


def outbox(limit: int = 100) -> list[OutboxMessage]:
    settings = get_settings()
    s3 = client("s3")
    listing = s3.list_objects_v2(Bucket=settings.artifacts_bucket, Prefix="outbox/")
    keys = sorted((o["Key"] for o in listing.get("Contents", [])), reverse=True)[:limit]
    store = BlobStore(settings.artifacts_bucket)
    return [json.loads(store.get(k)) for k in keys]
