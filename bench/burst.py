"""Stipend day: 10,000 uploads within an hour, through the real intake and extraction handlers, on simulated time.

Every upload is started by the real use case, put in S3 (moto), taken in by the real intake handler and read by
the real extraction handler (parsers, DynamoDB writes, review queue). What is simulated, on a clock that jumps
instead of waiting:
- SQS: visibility timeout, receive count, the dead-letter queue after maxReceiveCount (the template's values);
- Lambda's SQS event source: five pollers to start, up to 300 more a minute, each taking one batch at a time;
  a poller that invokes a function already at its reserved concurrency is throttled and the message stays
  invisible until its visibility timeout, counted as received (AWS: "event source mappings don't account for
  reserved concurrency"), unless the mapping's MaximumConcurrency holds the pollers back;
- Textract: a DetectDocumentText stand-in answering with a recorded response after a realistic latency, and
  with ProvisionedThroughputExceededException beyond its transactions-per-second quota, retried by botocore's own
  retry logic (its sleeps advance the simulated clock).
A handler's own work (S3, DynamoDB, parsing) takes the time it really takes here.

    .venv/bin/python bench/burst.py                      # 10,000 uploads, both settings
    .venv/bin/python bench/burst.py --uploads 1000       # a quicker look
"""

from __future__ import annotations

import argparse
import heapq
import io
import json
import math
import os
import random
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.environment import offline_environment

ROOT = offline_environment(REGISTRY_OCR_ENGINE="textract", POWERTOOLS_IDEMPOTENCY_DISABLED="false")

FIXTURE = ROOT / "tests" / "fixtures" / "textract" / "permit-f2-0-phone.detect-document-text.json"
# An assumption, not a reading: check the account's DetectDocumentText quota in Service Quotas (it differs by
# Region and has been raised over the years); --textract-tps sets it.
TEXTRACT_TPS = 10
TEXTRACT_LATENCY_MEDIAN_S = 1.5  # DetectDocumentText on a phone photo of a page, as CloudWatch ResponseTime shows


@dataclass(frozen=True)
class Settings:
    """What decides how the extraction function drains its queue."""

    name: str
    reserved_concurrency: int
    maximum_concurrency: int | None  # the event source mapping's ScalingConfig
    visibility_timeout: int
    max_receives: int
    textract_attempts: int


def template_settings() -> Settings:
    """The settings the deployable template has now (infra/), read from it rather than copied."""
    sys.path.insert(0, str(ROOT / "infra"))
    import yaml  # type: ignore[import-untyped]

    from chalicelib.aws.clients import TEXTRACT_MAX_ATTEMPTS

    build = ROOT / "infra" / "build" / "template.yaml"
    if not build.exists():
        raise SystemExit("Build the template first: make infra")

    class Loader(yaml.SafeLoader):  # type: ignore[misc]
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    template = yaml.load(build.read_text(), Loader=Loader)  # noqa: S506  # nosec B506 - a SafeLoader
    resources = template["Resources"]
    queue = resources["ExtractionQueue"]["Properties"]
    extraction = resources["Extraction"]["Properties"]
    reserved = template["Parameters"]["OcrConcurrency"]["Default"]
    scaling = next((e["Properties"].get("ScalingConfig") for e in extraction.get("Events", {}).values()
                    if e.get("Type") == "SQS"), None)
    maximum = template["Parameters"].get("OcrConcurrency", {}).get("Default") if scaling else None
    return Settings(name="the template's", reserved_concurrency=int(reserved),
                    maximum_concurrency=int(maximum) if maximum else None,
                    visibility_timeout=int(queue["VisibilityTimeout"]),
                    max_receives=int(queue["RedrivePolicy"]["maxReceiveCount"]),
                    textract_attempts=TEXTRACT_MAX_ATTEMPTS)


# ---------------------------------------------------------------- simulated time and services

class SimulatedTime:
    """The bench's clock. The app reads it through chalicelib.clock; botocore's retry sleeps advance it."""

    def __init__(self, start: float) -> None:
        self.now = start  # seconds since the burst began
        self.spent = 0.0  # simulated seconds spent by the handler running now (Textract calls, retry sleeps)

    def sleep(self, seconds: float) -> None:
        self.spent += seconds


@dataclass(order=True)
class Message:
    visible_at: float
    message_id: str = field(compare=False)
    body: str = field(compare=False)
    sent_at: float = field(compare=False)
    receives: int = field(default=0, compare=False)


class SimulatedQueue:
    """SQS semantics for one queue and its dead-letter queue: at-least-once, visibility timeout, receive count."""

    def __init__(self, visibility_timeout: int, max_receives: int) -> None:
        self.visibility_timeout = visibility_timeout
        self.max_receives = max_receives
        self._visible: list[Message] = []  # by the time they became visible: oldest first, as SQS roughly does
        self._invisible: list[Message] = []  # in flight, by when they reappear
        self.in_flight: dict[str, Message] = {}
        self.dead: list[Message] = []
        self.sent = 0

    def send(self, body: str, at: float) -> None:
        self.sent += 1
        heapq.heappush(self._visible, Message(at, str(uuid.uuid4()), body, at))

    def visible(self, at: float) -> int:
        self._return_expired(at)
        return len(self._visible)

    def _return_expired(self, at: float) -> None:
        while self._invisible and self._invisible[0].visible_at <= at:
            message = heapq.heappop(self._invisible)
            if self.in_flight.pop(message.message_id, None) is not None:  # not deleted meanwhile
                heapq.heappush(self._visible, message)

    def receive(self, at: float) -> Message | None:
        self._return_expired(at)
        while self._visible:
            message = heapq.heappop(self._visible)
            if message.receives >= self.max_receives:  # SQS moves it on the receive after maxReceiveCount
                self.dead.append(message)
                continue
            message.receives += 1
            message.visible_at = at + self.visibility_timeout
            self.in_flight[message.message_id] = message
            heapq.heappush(self._invisible, message)
            return message
        return None

    def delete(self, message: Message) -> None:
        self.in_flight.pop(message.message_id, None)

    def pending(self) -> int:
        return len(self._visible) + len(self.in_flight)


class TextractStandIn:
    """DetectDocumentText with a per-second quota: answered after a latency, or throttled beyond the quota."""

    def __init__(self, clock: SimulatedTime, tps: int, rng: random.Random) -> None:
        self._clock = clock
        self._tps = tps
        self._rng = rng
        self._per_second: dict[int, int] = {}
        self._body = FIXTURE.read_bytes()
        self.calls = 0
        self.throttled = 0
        self.busiest_second = 0

    def take(self) -> bool:
        """One DetectDocumentText call now: True and its latency spent, or False (throttled) and its refusal."""
        second = int(self._clock.now + self._clock.spent)
        if self._per_second.get(second, 0) >= self._tps:
            self.throttled += 1
            self._clock.spent += 0.05  # the refusal's round trip
            return False
        self._per_second[second] = self._per_second.get(second, 0) + 1
        self.busiest_second = max(self.busiest_second, self._per_second[second])
        self.calls += 1
        self._clock.spent += self._rng.lognormvariate(math.log(TEXTRACT_LATENCY_MEDIAN_S), 0.35)
        return True

    def wait(self, seconds: float) -> None:
        self._clock.spent += seconds

    def __call__(self, request: Any, **kwargs: Any) -> Any:
        """botocore's before-send hook: the answer to a real handler's call, on the simulated clock."""
        from botocore.awsrequest import AWSResponse

        headers: Any = {"x-amzn-RequestId": str(uuid.uuid4()), "Content-Type": "application/x-amz-json-1.1"}
        if not self.take():
            body = json.dumps({"__type": "ProvisionedThroughputExceededException",
                               "message": "Provisioned rate exceeded"}).encode()
            return AWSResponse(request.url, 400, headers, _Raw(body))
        return AWSResponse(request.url, 200, headers, _Raw(self._body))


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body


# ---------------------------------------------------------------- the documents people send

def _page_image(rng: random.Random, serial: int = 0) -> bytes:
    """A small phone photo of a page (a recorded Textract answer stands for what is on it); `serial` makes each
    upload's file its own, as people's files are (the registry refuses the same file sent twice)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 1200), (90 + rng.randrange(30), 80, 70))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 840, 1140), fill=(245, 245, 240))
    for line in range(20):
        draw.rectangle((120, 140 + line * 45, 120 + rng.randrange(300, 680), 160 + line * 45), fill=(40, 40, 40))
    draw.text((120, 1080), f"No. {serial:08d}", fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)
    return out.getvalue()


def _scanned_pdf(pages: list[bytes]) -> bytes:
    from PIL import Image

    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=100)
    return out.getvalue()


# ---------------------------------------------------------------- the run

@dataclass
class Outcome:
    settings: Settings
    uploads: int
    drained_after: float | None
    states: dict[str, int]
    dead_letters: int
    duplicates: int
    textract_calls: int
    throttled: int
    busiest_second: int
    waits: list[float]
    promised: list[tuple[float, float]]  # (minutes promised, minutes it took)
    handler_seconds: list[float]
    durations: list[float]


def run(settings: Settings, uploads: int, window: float, tps: int, seed: int, real_every: int) -> Outcome:
    from moto import mock_aws

    rng = random.Random(seed)
    with mock_aws():
        return _run(settings, uploads, window, tps, rng, real_every)


def _shadow_reading(textract: TextractStandIn, pages: int, attempts: int, rng: random.Random) -> dict[str, Any]:
    """A shadow document's Textract calls, retried as botocore's standard mode does (full-jitter exponential
    back-off, at most 20 s); an empty result is a success, as the handler's would be."""
    for _ in range(pages):
        for attempt in range(attempts):
            if textract.take():
                break
            if attempt == attempts - 1:
                return {"crashed": True}
            textract.wait(rng.random() * min(20.0, 2.0 ** attempt))
    return {}


def _run(settings: Settings, uploads: int, window: float, tps: int, rng: random.Random,
         real_every: int) -> Outcome:
    from datetime import UTC, datetime, timedelta

    from botocore.client import BaseClient

    import app as app_module
    from chalicelib import clock as app_clock
    from chalicelib.aws.clients import client
    from chalicelib.config import get_settings
    from chalicelib.local.cloud import create_in_process_stack
    from chalicelib.local.pump import LocalLambdaContext, _to_lambda_record
    from chalicelib.security.identity import Caller, Role
    from chalicelib.services.documents.lifecycle import UploadRequest, document_view, start_upload

    os.environ["REGISTRY_OCR_CONCURRENCY"] = str(settings.maximum_concurrency or settings.reserved_concurrency)
    create_in_process_stack()
    config = get_settings()
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)
    sim = SimulatedTime(0.0)

    class Clock:
        def now(self) -> datetime:
            return start + timedelta(seconds=sim.now + sim.spent)

    app_clock.CLOCK = Clock()
    queue = SimulatedQueue(settings.visibility_timeout, settings.max_receives)
    original_call = getattr(BaseClient, "_make_api_call")  # noqa: B009 - botocore's private hook

    def routed(self: Any, operation: str, params: dict[str, Any]) -> Any:
        if operation == "SendMessage" and params.get("QueueUrl") == config.extraction_queue_url:
            queue.send(params["MessageBody"], sim.now + sim.spent)
            return {"MessageId": str(uuid.uuid4()), "MD5OfMessageBody": ""}
        if operation == "GetQueueAttributes" and params.get("QueueUrl") == config.extraction_queue_url:
            at = sim.now + sim.spent
            return {"Attributes": {"ApproximateNumberOfMessages": str(queue.visible(at)),
                                   "ApproximateNumberOfMessagesNotVisible": str(len(queue.in_flight))}}
        return original_call(self, operation, params)

    setattr(BaseClient, "_make_api_call", routed)  # noqa: B010
    textract = TextractStandIn(sim, tps, rng)
    client("textract").meta.events.register("before-send.textract.DetectDocumentText", textract)
    real_sleep = time.sleep
    time.sleep = sim.sleep  # type: ignore[assignment]  # botocore's retry back-off (botocore.endpoint sleeps with time.sleep), simulated

    pages = [_page_image(rng) for _ in range(4)]

    def file_for(n: int) -> tuple[str, bytes]:
        own = [_page_image(rng, n), *pages[1:sizes[n]]]
        return ("image/jpeg", own[0]) if sizes[n] == 1 else ("application/pdf", _scanned_pdf(own))

    arrivals = sorted(rng.uniform(0, window) for _ in range(uploads))
    sizes = [rng.choices((1, 2, 3, 4), weights=(60, 25, 10, 5))[0] for _ in range(uploads)]
    participants = [f"u-burst-{n % 4000:05d}" for n in range(uploads)]
    uploads_bucket = client("s3")
    doc_ids: list[str] = []
    watched: dict[str, tuple[float, float]] = {}  # document -> (uploaded at, minutes promised)
    ready_at: dict[str, float] = {}
    handler_seconds: list[float] = []
    durations: list[float] = []  # each real invocation's billed time: its own work and its wait on Textract
    extractions: dict[str, int] = {}
    shadow_ready: dict[int, float] = {}

    running: list[tuple[float, int, Message, dict[str, Any]]] = []  # (ends at, seq, message, result)
    pollers, poller_free_at = 5, [0.0] * 5
    seq = 0
    next_arrival = 0
    tick = 0.0
    drained_after = None
    horizon = window + 12 * 3600
    while tick < horizon:
        sim.now, sim.spent = tick, 0.0
        # Uploads of this second: started, put in S3, taken in by the real intake handler.
        while next_arrival < uploads and arrivals[next_arrival] <= tick:
            n = next_arrival
            next_arrival += 1
            if n % real_every:
                # A shadow upload: the same queue, pollers and Textract quota; no handler run for it.
                queue.send(json.dumps({"shadow": n, "pages": sizes[n]}), tick)
                continue
            owner = participants[n]
            content_type, data = file_for(n)
            caller = Caller(user_id=owner, roles=frozenset({Role.PARTICIPANT}))
            started = start_upload(caller, UploadRequest(doc_type=None, file_name="permit.jpg",
                                                         content_type=content_type, size=len(data), owner_id=owner,
                                                         declared={}))
            key = f"uploads/{started['document_id']}"
            put = uploads_bucket.put_object(Bucket=config.uploads_bucket, Key=key, Body=data, ContentType=content_type)
            notification = {"Records": [{"eventName": "ObjectCreated:Post", "s3": {
                "bucket": {"name": config.uploads_bucket},
                "object": {"key": key, "size": len(data), "eTag": put["ETag"].strip('"'),
                           "versionId": put.get("VersionId"), "sequencer": uuid.uuid4().hex}}}]}
            record = {"messageId": str(uuid.uuid4()), "receiptHandle": "r", "body": json.dumps(notification),
                      "attributes": {"ApproximateReceiveCount": "1"}, "messageAttributes": {}, "md5OfBody": "",
                      "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:intake",
                      "awsRegion": "us-east-1"}
            app_module.intake({"Records": [record]}, LocalLambdaContext(function_name="intake", timeout_seconds=60))
            doc_ids.append(started["document_id"])
            if n % 25 == 0:  # what the participant's page says right after the upload
                shown = document_view(caller, started["document_id"])
                reading = shown.get("reading")
                minutes = reading["expected_minutes"] if reading else None
                if minutes is not None:
                    watched[started["document_id"]] = (tick, float(minutes))
        # Invocations that ended by now: a success deletes the message, a failure leaves it to reappear.
        while running and running[0][0] <= tick:
            ends, _, finished, result = heapq.heappop(running)
            failed = {f["itemIdentifier"] for f in (result or {}).get("batchItemFailures", [])}
            if finished.message_id not in failed and not result.get("crashed"):
                queue.delete(finished)
                done = json.loads(finished.body)
                if "document_id" in done:
                    ready_at.setdefault(done["document_id"], ends)
                else:
                    shadow_ready.setdefault(done["shadow"], ends)
        # Pollers: five, then up to 300 more a minute while there is a backlog (at most 1,000).
        backlog = queue.visible(tick)
        if backlog and tick % 60 == 0:
            pollers = min(1000, pollers + min(300, backlog))
            poller_free_at += [tick] * (pollers - len(poller_free_at))
        limit = settings.maximum_concurrency
        for p in range(pollers):
            if poller_free_at[p] > tick:
                continue
            if limit is not None and len(running) >= limit:
                break  # MaximumConcurrency: the mapping does not even receive
            message = queue.receive(tick)
            if message is None:
                break
            if len(running) >= settings.reserved_concurrency:
                # Throttled: the message stays in flight until its visibility timeout, counted as received.
                poller_free_at[p] = tick + 1
                continue
            body = json.loads(message.body)
            if "shadow" in body:
                sim.spent = 0.0
                result = _shadow_reading(textract, body["pages"], settings.textract_attempts, rng)
                typical = statistics.median(handler_seconds) if handler_seconds else 0.4
                ends = tick + typical + sim.spent
                seq += 1
                heapq.heappush(running, (ends, seq, message, result))
                poller_free_at[p] = ends
                continue
            extractions[body["document_id"]] = extractions.get(body["document_id"], 0) + 1
            lambda_message = {"MessageId": message.message_id, "ReceiptHandle": message.message_id,
                              "Body": message.body, "Attributes": {"ApproximateReceiveCount": str(message.receives)}}
            event = {"Records": [_to_lambda_record(lambda_message, "arn:aws:sqs:us-east-1:0:extraction", "us-east-1")]}
            sim.spent = 0.0
            began = time.perf_counter()
            try:
                result = app_module.extraction(event, LocalLambdaContext(function_name="extraction",
                                                                         timeout_seconds=900)) or {}
            except Exception:
                result = {"crashed": True}
            real = time.perf_counter() - began
            handler_seconds.append(real)
            durations.append(real + sim.spent)
            ends = tick + real + sim.spent
            seq += 1
            heapq.heappush(running, (ends, seq, message, result))
            poller_free_at[p] = ends
        if next_arrival >= uploads and not running and queue.pending() == 0:
            drained_after = tick
            break
        tick += 1.0

    from chalicelib.store.documents import get_document

    states: dict[str, int] = {}
    for doc_id in doc_ids:
        item = get_document(doc_id)
        status = item.status if item else "missing"
        states[status] = states.get(status, 0) + 1
    duplicates = sum(1 for n in extractions.values() if n > 1)
    real_arrivals = [arrivals[n] for n in range(uploads) if n % real_every == 0]
    waits = [(ready_at[d] - real_arrivals[i]) / 60 for i, d in enumerate(doc_ids) if d in ready_at]
    waits += [(at - arrivals[n]) / 60 for n, at in shadow_ready.items()]
    states["shadow documents read"] = len(shadow_ready)
    shadow_unread = sum(1 for n in range(uploads) if n % real_every and n not in shadow_ready)
    if shadow_unread:
        states["shadow documents not read"] = shadow_unread
    promised = [(minutes, (ready_at[d] - at) / 60) for d, (at, minutes) in watched.items() if d in ready_at]
    setattr(BaseClient, "_make_api_call", original_call)  # noqa: B010
    time.sleep = real_sleep
    return Outcome(settings, uploads, drained_after, states, len(queue.dead), duplicates, textract.calls,
                   textract.throttled, textract.busiest_second, waits, promised, handler_seconds, durations)


def report(outcome: Outcome, tps: int) -> tuple[str, bool]:
    s = outcome.settings
    stuck = sum(n for status, n in outcome.states.items()
                if status in ("awaiting_upload", "processing", "shadow documents not read"))
    lost = outcome.states.get("missing", 0)
    waits = sorted(outcome.waits) or [0.0]
    drained = f"{outcome.drained_after / 3600:.2f} h" if outcome.drained_after is not None else "not within 12 h"
    told = ""
    if outcome.promised:
        within = sum(1 for promised, took in outcome.promised if took <= promised) / len(outcome.promised)
        ratio = statistics.median(took / promised for promised, took in outcome.promised if promised)
        told = (f"\n  told on upload: 'about N minutes'; ready within what was said for {within:.0%} of "
                f"{len(outcome.promised)} sampled, median took {ratio:.2f} x what was said")
    ok = stuck == 0 and lost == 0 and outcome.dead_letters == 0 and outcome.duplicates == 0 and \
        outcome.busiest_second <= tps
    concurrency = (f"MaximumConcurrency {s.maximum_concurrency}" if s.maximum_concurrency else "no MaximumConcurrency")
    text = (f"{s.name} settings: reserved concurrency {s.reserved_concurrency}, {concurrency}, visibility "
            f"{s.visibility_timeout} s, maxReceiveCount {s.max_receives}, Textract attempts {s.textract_attempts}\n"
            f"  {outcome.uploads:,} uploads; queue drained after {drained}; "
            f"upload to read p50 {waits[len(waits) // 2]:.1f} min, p95 {waits[int(len(waits) * 0.95) - 1]:.1f} min\n"
            f"  Textract: {outcome.textract_calls:,} pages read, {outcome.throttled:,} calls throttled and retried, "
            f"busiest second {outcome.busiest_second} calls (quota {tps})\n"
            f"  documents: {dict(sorted(outcome.states.items()))}; in the dead-letter queue {outcome.dead_letters}, "
            f"stuck {stuck}, lost {lost}, read twice {outcome.duplicates}   (target 0, 0, 0, 0)"
            f"{told}\n"
            f"  handler time per invocation here: median {statistics.median(outcome.handler_seconds or [0]):.2f} s "
            f"(plus simulated Textract time)")
    return text + ("" if ok else "\n  MISSED a target"), ok


RESULTS = ROOT / ".local" / "bench" / "burst.json"


def save(outcome: Outcome) -> None:
    """What bench/cost.py prices: Textract pages per upload and the OCR function's billed seconds."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "uploads": outcome.uploads, "textract_pages_per_upload": outcome.textract_calls / outcome.uploads,
        "extraction_seconds_median": statistics.median(outcome.durations or [0]),
        "extraction_seconds_mean": statistics.mean(outcome.durations or [0]),
        "throttled_per_page": outcome.throttled / max(1, outcome.textract_calls)}, indent=1))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=10_000)
    parser.add_argument("--window", type=float, default=3600, help="seconds over which the uploads arrive")
    parser.add_argument("--textract-tps", type=int, default=TEXTRACT_TPS)
    parser.add_argument("--only", choices=("template", "old"), help="run one setting only")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--real-every", type=int, default=10,
                        help="run the real handlers for every Nth upload (1: all; about 0.6 s of this machine each); "
                             "the others are shadows that take their place in the queue, pollers and Textract quota")
    args = parser.parse_args()
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    current = template_settings()
    # What the template had before this bench: reserved concurrency 5 and nothing holding the pollers back.
    before = Settings(name="the earlier", reserved_concurrency=5, maximum_concurrency=None, visibility_timeout=1800,
                      max_receives=3, textract_attempts=3)
    chosen = {"template": [current], "old": [before]}.get(args.only or "", [before, current])
    print(f"{args.uploads:,} uploads over {args.window / 3600:.1f} h, every {args.real_every} through the real intake "
          f"and extraction handlers; Textract stand-in: {args.textract_tps} TPS, median {TEXTRACT_LATENCY_MEDIAN_S} s "
          "a page; 60% one page, 25% two, 10% three, 5% four\n")
    all_ok = True
    for settings in chosen:
        began = time.perf_counter()
        outcome = run(settings, args.uploads, args.window, args.textract_tps, args.seed, args.real_every)
        text, ok = report(outcome, args.textract_tps)
        if settings is current:
            save(outcome)
        print(text + f"\n  (bench ran {time.perf_counter() - began:.0f} s)\n")
        all_ok &= ok or settings is before
    return 0 if all_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
