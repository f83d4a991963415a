"""Partial-batch SQS processing and idempotency shared by every handler (Powertools Batch + Idempotency)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig

from chalicelib.aws.clients import client
from chalicelib.config import get_settings
from chalicelib.observability import bind_correlation_id, logger, metrics, publish_metrics, tracer

RecordHandler = Callable[[SQSRecord], None]


@cache
def persistence(handler: str) -> DynamoDBPersistenceLayer:
    """One layer per handler: a layer keeps the config of the function it serves, so sharing one mixes keys."""
    return DynamoDBPersistenceLayer(table_name=get_settings().idempotency_table_name,
                                     boto3_client=client("dynamodb"))


def idempotency_config(key_path: str, *, expires_after_seconds: int = 24 * 3600) -> IdempotencyConfig:
    return IdempotencyConfig(event_key_jmespath=key_path, expires_after_seconds=expires_after_seconds,
                             raise_on_no_idempotency_key=True)


TRACER = tracer()


@TRACER.capture_method(capture_response=False)
def process_sqs_batch(event: dict[str, Any], context: Any, handler: RecordHandler, *, name: str) -> dict[str, Any]:
    """Run handler on each record; failed ones are reported so only they are retried."""
    processor = BatchProcessor(event_type=EventType.SQS)

    def _one(record: SQSRecord) -> None:
        bind_correlation_id(record.message_id, handler=name)
        handler(record)

    result: dict[str, Any] = process_partial_response(event=event, record_handler=_one, processor=processor,
                                                      context=context)
    failures = len(result.get("batchItemFailures", []))
    metrics.add_metric(name=f"{name}Processed", unit="Count", value=len(event.get("Records", [])) - failures)
    if failures:
        metrics.add_metric(name=f"{name}Failed", unit="Count", value=failures)
        logger.warning("batch had failures", extra={"handler": name, "failed": failures})
    publish_metrics()
    return result
