"""SES bounce and complaint events (configuration set -> SNS -> SQS): suppress mail to addresses that bounce
for good or complain. Transient bounces (mailbox full, greylisting) change nothing."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.events.batch import process_sqs_batch
from chalicelib.services.accounts.people import record_mail_event


def _handle(record: SQSRecord) -> None:
    envelope = json.loads(record.body)
    # SNS wraps the SES event unless the subscription delivers raw messages.
    event = json.loads(envelope["Message"]) if envelope.get("Type") == "Notification" else envelope
    record_mail_event(event)


def handle_mail_events(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_sqs_batch(event, context, _handle, name="MailEvent")
