"""Notifications handler: participant email."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import idempotent_function

from chalicelib.events.batch import idempotency_config, persistence, process_sqs_batch
from chalicelib.services.accounts import notifications
from chalicelib.services.accounts.views import MailOutcome

IDEMPOTENCY = idempotency_config("message_id")


@idempotent_function(data_keyword_argument="message", persistence_store=persistence("notifications"),
                     config=IDEMPOTENCY)
def _send_once(message: dict[str, Any]) -> MailOutcome:
    return notifications.send(message["payload"])


def _handle(record: SQSRecord) -> None:
    payload = json.loads(record.body)
    # A message from the outbox may be sent twice (its queue took it, then forgetting it failed): its outbox id,
    # not the queue's message id, says it is the same email.
    _send_once(message={"message_id": payload.get("outbox_id") or record.message_id, "payload": payload})


def handle_notification(event: dict[str, Any], context: Any) -> dict[str, Any]:
    IDEMPOTENCY.register_lambda_context(context)
    return process_sqs_batch(event, context, _handle, name="Notification")
