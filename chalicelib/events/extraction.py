"""Extraction worker: OCR and per-type parsing of a document's pages."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from chalicelib.domain.messages import ExtractDocument
from chalicelib.events.batch import process_sqs_batch
from chalicelib.services.documents import extraction


def _handle(record: SQSRecord) -> None:
    message = ExtractDocument.parse(record.body)
    # Idempotent by state: the service only works on a document that is processing (or failed, on replay).
    extraction.run(message.document_id, attempt=int(record.attributes.approximate_receive_count or 1))


def handle_extraction(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_sqs_batch(event, context, _handle, name="Extraction")
