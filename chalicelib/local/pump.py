"""Feed SQS messages to the same handler functions Lambda would run.

Like Lambda's SQS event source mapping: receive a batch, invoke the handler with a
Lambda-shaped event, delete what succeeded, leave the rest to reappear after the
visibility timeout (and reach the dead-letter queue after maxReceiveCount, which
moto enforces from the queue's redrive policy). Handlers report partial batch
failures through `batchItemFailures`; an exception fails the whole batch.

Locally a failed message is made visible again after `retry_delay_seconds` rather
than the queue's full visibility timeout, so a developer sees retries in seconds.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chalicelib.observability import logger

LambdaHandler = Callable[[dict[str, Any], Any], Any]


@dataclass(frozen=True, slots=True)
class QueueBinding:
    name: str
    queue_url: str
    handler: LambdaHandler
    batch_size: int = 10
    timeout_seconds: int = 60


@dataclass
class LocalLambdaContext:
    function_name: str
    timeout_seconds: int
    memory_limit_in_mb: int = 1024
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    invoked_function_arn: str = ""
    log_group_name: str = "/aws/lambda/local"
    log_stream_name: str = "local"
    function_version: str = "$LATEST"
    _deadline: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_seconds
        self.invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _to_lambda_record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": {
            k: {"stringValue": v.get("StringValue"), "binaryValue": v.get("BinaryValue"),
                "dataType": v.get("DataType", "String"), "stringListValues": [], "binaryListValues": []}
            for k, v in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


class EventPump:
    def __init__(self, sqs: Any, bindings: list[QueueBinding], *, region: str = "us-east-1",
                 retry_delay_seconds: int = 2, wait_seconds: int = 1,
                 schedules: list[tuple[str, LambdaHandler, float]] | None = None) -> None:
        self._schedules = schedules or []
        self._sqs = sqs
        self._bindings = bindings
        self._region = region
        self._retry_delay = retry_delay_seconds
        self._wait = wait_seconds
        self._arns: dict[str, str] = {}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _arn(self, binding: QueueBinding) -> str:
        if binding.queue_url not in self._arns:
            attrs = self._sqs.get_queue_attributes(QueueUrl=binding.queue_url, AttributeNames=["QueueArn"])
            self._arns[binding.queue_url] = attrs["Attributes"]["QueueArn"]
        return self._arns[binding.queue_url]

    def poll_once(self, binding: QueueBinding, wait_seconds: int | None = None) -> int:
        """Receive and process one batch; return how many messages it held."""
        response = self._sqs.receive_message(
            QueueUrl=binding.queue_url, MaxNumberOfMessages=binding.batch_size,
            WaitTimeSeconds=self._wait if wait_seconds is None else wait_seconds,
            AttributeNames=["All"], MessageAttributeNames=["All"],
        )
        messages = response.get("Messages", [])
        if not messages:
            return 0
        event = {"Records": [_to_lambda_record(m, self._arn(binding), self._region) for m in messages]}
        context = LocalLambdaContext(function_name=binding.name, timeout_seconds=binding.timeout_seconds)
        failed: set[str]
        try:
            result = binding.handler(event, context)
            failed = {f["itemIdentifier"] for f in (result or {}).get("batchItemFailures", [])}
        except Exception:
            logger.exception("local handler failed the whole batch", extra={"handler": binding.name})
            failed = {m["MessageId"] for m in messages}
        for message in messages:
            if message["MessageId"] in failed:
                self._sqs.change_message_visibility(QueueUrl=binding.queue_url,
                                                    ReceiptHandle=message["ReceiptHandle"],
                                                    VisibilityTimeout=self._retry_delay)
            else:
                self._sqs.delete_message(QueueUrl=binding.queue_url, ReceiptHandle=message["ReceiptHandle"])
        return len(messages)

    def drain(self, *, timeout_seconds: float = 120.0, settle_seconds: float = 0.0) -> int:
        """Process every queue until all are empty (tests and scripts). Returns messages processed."""
        deadline = time.monotonic() + timeout_seconds
        processed = 0
        quiet_since: float | None = None
        while time.monotonic() < deadline:
            n = sum(self.poll_once(b, wait_seconds=0) for b in self._bindings)
            processed += n
            if n:
                quiet_since = None
                continue
            if not self._any_in_flight():
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= settle_seconds:
                    return processed
            time.sleep(0.1)
        raise TimeoutError(f"queues did not drain within {timeout_seconds}s")

    def _any_in_flight(self) -> bool:
        for b in self._bindings:
            attrs = self._sqs.get_queue_attributes(
                QueueUrl=b.queue_url,
                AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                                "ApproximateNumberOfMessagesDelayed"])["Attributes"]
            if any(int(v) for v in attrs.values()):
                return True
        return False

    def _invoke_scheduled(self, name: str, handler: LambdaHandler) -> None:
        """Call a scheduled handler with an EventBridge-shaped event, as its rule would in AWS."""
        event = {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "123456789012", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                 "region": self._region, "resources": [], "detail": {}}
        handler(event, LocalLambdaContext(function_name=name, timeout_seconds=60))

    def run_schedules(self) -> None:
        """Invoke every scheduled handler once (tests call this directly)."""
        for name, handler, _period in self._schedules:
            self._invoke_scheduled(name, handler)

    def _schedule_loop(self, name: str, handler: LambdaHandler, period: float) -> None:
        while not self._stop.wait(period):
            try:
                self._invoke_scheduled(name, handler)
            except Exception:
                logger.exception("scheduled handler failed", extra={"handler": name})

    def start(self) -> None:
        for name, handler, period in self._schedules:
            thread = threading.Thread(target=self._schedule_loop, args=(name, handler, period),
                                      name=f"schedule-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        for binding in self._bindings:
            thread = threading.Thread(target=self._loop, args=(binding,), name=f"pump-{binding.name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _loop(self, binding: QueueBinding) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once(binding)
            except Exception:
                logger.exception("event pump poll failed", extra={"handler": binding.name})
                self._stop.wait(1.0)

    # How long Ctrl-C waits, in all, for handlers in the middle of a message: one deadline for every thread, not
    # 5 s each (a slow machine reading several pages at once took longer than the 30 s anyone waits). A handler
    # cut short leaves its message on the queue, where the next start finds it.
    STOP_WITHIN_SECONDS = 10.0

    def stop(self) -> None:
        self._stop.set()
        deadline = time.monotonic() + self.STOP_WITHIN_SECONDS
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
