"""SES, as the registry sends mail: from the registry's own address, through its configuration set (so bounces
and complaints come back to the mail-events queue), tagged with whose mail it is where there is someone."""

from __future__ import annotations

import json
from collections.abc import Mapping

from chalicelib.aws.clients import client
from chalicelib.config import get_settings


def _tags(user_id: str | None) -> dict[str, list[dict[str, str]]]:
    return {"Tags": [{"Name": "registry_user", "Value": user_id}]} if user_id else {}


def send_text(to: str, subject: str, body: str) -> str:
    """One plain-text email; returns SES's message id."""
    settings = get_settings()
    response = client("ses").send_email(
        Source=settings.sender_email, Destination={"ToAddresses": [to]},
        Message={"Subject": {"Data": subject, "Charset": "UTF-8"},
                 "Body": {"Text": {"Data": body, "Charset": "UTF-8"}}},
        ConfigurationSetName=settings.mail_configuration_set)
    return str(response.get("MessageId", ""))


def send_templated(to: str, template: str, data: Mapping[str, object], *, user_id: str | None) -> str:
    """One email from an SES template (chalicelib/mail's catalogues, one template per language)."""
    settings = get_settings()
    response = client("ses").send_templated_email(
        Source=settings.sender_email, Destination={"ToAddresses": [to]}, Template=template,
        TemplateData=json.dumps(dict(data)), ConfigurationSetName=settings.mail_configuration_set,
        **_tags(user_id))
    return str(response.get("MessageId", ""))


def send_raw(to: str, message: bytes, *, user_id: str | None) -> None:
    """A MIME message the registry built itself (a calendar file, list headers)."""
    settings = get_settings()
    client("ses").send_raw_email(Source=settings.sender_email, Destinations=[to], RawMessage={"Data": message},
                                 ConfigurationSetName=settings.mail_configuration_set, **_tags(user_id))


def rendered(template: str, data: Mapping[str, object]) -> tuple[str, str]:
    """Subject and text of a templated email, as SES renders them."""
    from email import message_from_string
    from email.message import Message

    raw = client("ses").test_render_template(TemplateName=template,
                                             TemplateData=json.dumps(dict(data)))["RenderedTemplate"]
    parsed = message_from_string(raw)
    subject = str(parsed.get("Subject", ""))
    parts: list[Message] = [p for p in parsed.walk() if p.get_content_type() == "text/plain"] or [parsed]
    payload = parts[0].get_payload(decode=True)
    body = payload.decode(parts[0].get_content_charset() or "utf-8") if isinstance(payload, bytes) else str(payload)
    return subject, body
