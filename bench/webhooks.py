"""Webhook delivery throughput and latency against a real receiver on loopback.

Prints deliveries per second for one worker draining a backlog, and the p50/p95 time
from a staff decision to the partner receiving its signed webhook with the event
pump running as `make run` runs it (moto in-process, SQS long polling).

    .venv/bin/python bench/webhooks.py [--backlog 200] [--live 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from chalicelib import clock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.environment import offline_environment

ROOT = offline_environment(REGISTRY_LOCAL_JWT_SECRET="bench-secret-bench-secret-0123456789",  # noqa: S106
                           POWERTOOLS_LOG_LEVEL="WARNING", REGISTRY_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")


def decide(n: int) -> str:
    from chalicelib.security.identity import Caller, Role
    from chalicelib.services.documents import review
    from chalicelib.store.base import iso
    from chalicelib.store.documents import DocumentItem

    doc_id = f"bench-doc-{n}"
    now = iso(clock.now())
    item = DocumentItem(*DocumentItem.key(doc_id), document_id=doc_id, owner_id="u-participant-ana",
                        uploaded_by="u-participant-ana", doc_type="training_certificate", status="needs_review",
                        upload_key=f"uploads/{doc_id}", created_at=now, submitted_at=now, updated_at=now,
                        extracted={"doc_type": "training_certificate"})
    item.index_for_status()
    item.save()
    review.decide(Caller(user_id="u-staff-sam", roles=frozenset({Role.STAFF})), doc_id, decision="verify",
                  fields={"training_title": "Bench", "hours": 2.0, "completed_on": "2026-01-01", "sponsor": "Bench",
                          "competency_area": None, "person_name": "Ana Reyes"}, reason=None, expected_version=None)
    return doc_id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backlog", type=int, default=200)
    parser.add_argument("--live", type=int, default=50)
    args = parser.parse_args()

    import json

    from moto import mock_aws

    from tests.webhook_receiver import Receiver, running_receiver

    with mock_aws():
        from chalicelib.local.cloud import create_in_process_stack

        create_in_process_stack()
        import app as app_module
        from chalicelib.local.demo import load_demo_data
        from chalicelib.local.stack import build_pump
        from chalicelib.security.identity import Caller, Role
        from chalicelib.services.partners import webhooks

        load_demo_data()
        arrivals: dict[str, float] = {}

        class TimedReceiver(Receiver):
            def handle(self, headers: dict[str, str], body: bytes) -> int:
                status = super().handle(headers, body)
                arrivals.setdefault(json.loads(body)["data"].get("document_id", ""), time.perf_counter())
                return status

        with running_receiver(TimedReceiver()) as receiver:
            partner = Caller(user_id="u-partner-quality", roles=frozenset({Role.PARTNER}))
            receiver.secret = webhooks.create_endpoint(partner, url=receiver.url, event_types=["document.verified"],
                                                       description="bench")["secret"]
            pump = build_pump(app_module, retry_delay_seconds=0)
            from chalicelib.aws.clients import client
            from chalicelib.config import get_settings
            from chalicelib.local.pump import EventPump, QueueBinding

            # One worker on the webhook queue alone: fan-out and each attempt are one message each.
            webhook_worker = EventPump(client("sqs"), [QueueBinding(
                "webhooks", get_settings().webhook_queue_url, app_module.webhook_delivery, batch_size=10)],
                retry_delay_seconds=0)
            for n in range(args.backlog):
                decide(n)
            started = time.perf_counter()
            webhook_worker.drain(timeout_seconds=600)
            elapsed = time.perf_counter() - started
            delivered = len(receiver.processed)
            pump.drain(timeout_seconds=120)  # the participants' emails queued beside the webhooks
            print(f"backlog of {args.backlog} decisions: {delivered} deliveries verified by the receiver "
                  f"in {elapsed:.2f} s -> {delivered / max(elapsed, 1e-9):.1f} deliveries/s (one worker)")

            pump.start()
            sent: dict[str, float] = {}
            for n in range(args.backlog, args.backlog + args.live):
                t0 = time.perf_counter()
                doc_id = decide(n)
                sent[doc_id] = t0
                time.sleep(0.05)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not all(d in arrivals for d in sent):
                time.sleep(0.05)
            pump.stop()
            latencies = sorted(arrivals[d] - t for d, t in sent.items() if d in arrivals)
            p95 = latencies[int(0.95 * (len(latencies) - 1))]
            print(f"decision -> delivery, {len(latencies)} live decisions: p50 {statistics.median(latencies):.2f} s, "
                  f"p95 {p95:.2f} s, max {latencies[-1]:.2f} s (pump long-polls each queue for 1 s)")
            print(f"bad signatures: {receiver.bad_signatures}")


if __name__ == "__main__":
    main()
