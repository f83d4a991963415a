"""Webhook handler: fans events out to endpoints and makes delivery attempts; the sweeper queues due retries."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.domain.messages import PartnerEvent
from chalicelib.events.batch import process_sqs_batch
from chalicelib.services.partners import webhooks


def _handle(record: SQSRecord) -> None:
    message = json.loads(record.body)
    # Idempotent by design: fan-out creates each delivery with a conditional put, and an attempt
    # whose number was already made is skipped.
    if message.get("kind") == "attempt":
        webhooks.attempt(message["delivery_id"], int(message["attempt"]))
    else:
        webhooks.fan_out(PartnerEvent(event_id=message["event_id"], type=message["type"], at=message["at"],
                                      subject=message["subject"]))


def handle_webhook(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_sqs_batch(event, context, _handle, name="Webhook")


def handle_sweep(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.services.accounts import reminders
    from chalicelib.services.documents import dashboard
    from chalicelib.services.documents import lifecycle as documents
    from chalicelib.services.partners import clients as partners
    from chalicelib.services.records import retention
    from chalicelib.services.unit_of_work import send_left_messages

    # The one minute schedule: webhook retries, partner secrets past their overlap, messages left in the outbox,
    # documents left processing, the dashboard's counts, and (once a day) the reminders people are owed and the
    # removal of what a retention period ended.
    return {"queued": webhooks.sweep(), "secrets_retired": partners.retire_rotated_secrets(),
            "outbox_sent": send_left_messages(), "documents": documents.requeue_stuck(),
            "waiting_for_staff": int(dashboard.keep_dashboard_counts().waiting), "reminders": reminders.run_daily(),
            "retention": retention.run_daily()}
