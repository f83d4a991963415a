"""Intake: S3 ObjectCreated notifications (delivered through the intake SQS queue) for uploads/."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import idempotent_function

from chalicelib.events.batch import idempotency_config, persistence, process_sqs_batch
from chalicelib.observability import logger
from chalicelib.services.documents import intake
from chalicelib.services.documents.views import TakenIn

IDEMPOTENCY = idempotency_config("[bucket, key, version]")


@idempotent_function(data_keyword_argument="upload", persistence_store=persistence("intake"), config=IDEMPOTENCY)
def _take_in(upload: dict[str, Any]) -> TakenIn:
    return intake.take_in(upload["key"], reported_size=upload["size"], version_id=upload.get("version_id"),
                          etag=upload.get("etag"))


def _handle(record: SQSRecord) -> None:
    notification = json.loads(record.body)
    if notification.get("Event") == "s3:TestEvent":
        return
    for s3_record in notification.get("Records", []):
        if not str(s3_record.get("eventName", "")).startswith("ObjectCreated"):
            continue
        obj = s3_record["s3"]["object"]
        # A duplicate notification of the same object version is processed once.
        upload = {"bucket": s3_record["s3"]["bucket"]["name"], "key": unquote_plus(obj["key"]),
                  "version": obj.get("versionId") or obj.get("sequencer") or obj.get("eTag", ""),
                  "size": int(obj.get("size", 0)), "version_id": obj.get("versionId"), "etag": obj.get("eTag")}
        outcome = _take_in(upload=upload)
        logger.info("upload taken in", extra={"outcome": outcome.get("status")})


def handle_intake(event: dict[str, Any], context: Any) -> dict[str, Any]:
    # Lets an in-progress record expire with the invocation if Lambda times out mid-way.
    IDEMPOTENCY.register_lambda_context(context)
    return process_sqs_batch(event, context, _handle, name="Intake")
