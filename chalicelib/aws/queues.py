"""SQS behind a small interface."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.aws.clients import client


class Queue:
    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, message: dict[str, Any], *, delay_seconds: int = 0) -> str:
        response = client("sqs").send_message(QueueUrl=self.url, MessageBody=json.dumps(message),
                                               DelaySeconds=delay_seconds)
        return str(response["MessageId"])

    def waiting(self) -> int:
        """Messages waiting to be received (SQS's approximate count; in-flight ones are not counted)."""
        answer = client("sqs").get_queue_attributes(QueueUrl=self.url, AttributeNames=["ApproximateNumberOfMessages"])
        return int(answer["Attributes"]["ApproximateNumberOfMessages"])

    def move_all(self, target: Queue, *, max_messages: int = 10_000) -> int:
        """Move messages from this queue to target (DLQ replay); each is deleted only after it is re-sent."""
        sqs = client("sqs")
        moved = 0
        while moved < max_messages:
            batch = sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10, WaitTimeSeconds=0,
                                        MessageAttributeNames=["All"]).get("Messages", [])
            if not batch:
                break
            for message in batch:
                attrs = message.get("MessageAttributes") or {}
                kwargs: dict[str, Any] = {"QueueUrl": target.url, "MessageBody": message["Body"]}
                if attrs:
                    kwargs["MessageAttributes"] = attrs
                sqs.send_message(**kwargs)
                sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])
                moved += 1
        return moved
