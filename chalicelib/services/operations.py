"""Operator actions: dead-letter replay."""

from __future__ import annotations

from chalicelib.aws.clients import client
from chalicelib.aws.queues import Queue


def dead_letter_queue_of(queue_url: str) -> Queue:
    import json

    attrs = client("sqs").get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])["Attributes"]
    if "RedrivePolicy" not in attrs:
        raise ValueError("This queue has no dead-letter queue.")
    dlq_arn = json.loads(attrs["RedrivePolicy"])["deadLetterTargetArn"]
    dlq_name = dlq_arn.rsplit(":", 1)[-1]
    return Queue(client("sqs").get_queue_url(QueueName=dlq_name)["QueueUrl"])


def replay_dead_letters(queue_url: str) -> int:
    return dead_letter_queue_of(queue_url).move_all(Queue(queue_url))
