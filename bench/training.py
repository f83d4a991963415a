"""Training module at registry scale: calendar search and enrolment with 10,000 events and 100,000 enrolments
loaded, and enrolment under contention (200 people at once into 30 seats).

Runs the services against moto in-process, as the integration tests do. Prints p50/p95 per operation beside
the floor it must beat, and the contention outcome (exactly 30 enrolled, 170 waitlisted, no seat twice).

    .venv/bin/python bench/training.py [--events 10000] [--enrollments 100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.environment import offline_environment

ROOT = offline_environment()

COUNTIES = ["Alameda", "Fresno", "Kern", "Los Angeles", "Orange", "Riverside", "Sacramento", "San Bernardino",
            "San Diego", "San Francisco", "San Joaquin", "Santa Clara", "Stanislaus", "Tulare", "Ventura"]
# Floors: a search or an enrolment a person waits for on a phone should answer well inside a second.
FLOOR_SEARCH_P95_MS = 800
FLOOR_ENROL_P95_MS = 300


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--enrollments", type=int, default=100_000)
    args = parser.parse_args()

    from moto import mock_aws

    with mock_aws():
        from chalicelib.local.cloud import create_in_process_stack
        from chalicelib.security.identity import Caller, Role
        from chalicelib.services.training import catalogue, enrolment
        from chalicelib.store.base import iso
        from chalicelib.store.training import (
            CatalogTrainingItem,
            EnrollmentItem,
            SponsorItem,
            TrainingEventItem,
            calendar_partition,
            county_calendar_partition,
        )

        create_in_process_stack()
        now = datetime.now(UTC).replace(microsecond=0)
        SponsorItem(*SponsorItem.key("sp-bench"), sponsor_id="sp-bench", name="Bench Agency", status="approved",
                    applicant_id="u-m", managers=["u-m"], applied_at=iso(now)).save()
        details = {"title": "Observation and Documentation", "hours": 3, "competency_area": "Professionalism",
                   "language": "en", "delivery": "in_person", "sponsor_name": "Bench Agency"}
        CatalogTrainingItem(pk="SPONSOR#sp-bench", sk="TRAINING#tr-1", training_id="tr-1", sponsor_id="sp-bench",
                            details=details).save()
        # Contention first, on a small table: moto's transactions slow with table size, DynamoDB's do not.
        start = iso(now + timedelta(days=3))
        TrainingEventItem(*TrainingEventItem.key("ev-hot"), event_id="ev-hot", sponsor_id="sp-bench",
                          training_id="tr-1", details={**details, "starts_at": start, "ends_at": start},
                          starts_at=start, withdraw_until=start, capacity=30, enrolled=0, visibility="published").save()

        # moto is not thread-safe; DynamoDB applies each call atomically. Serialising the calls (not our
        # read-then-conditional-write sequence, which still interleaves across threads) models that.
        import threading

        from botocore.client import BaseClient

        lock = threading.Lock()
        original = getattr(BaseClient, "_make_api_call")  # noqa: B009 - botocore's private hook

        def one_at_a_time(self: object, operation: str, params: dict) -> object:  # type: ignore[type-arg]
            with lock:
                return original(self, operation, params)

        setattr(BaseClient, "_make_api_call", one_at_a_time)  # noqa: B010

        def rush(n: int) -> str:
            person = Caller(user_id=f"u-rush-{n}", roles=frozenset({Role.PARTICIPANT}))
            return str(enrolment.enroll(person, "ev-hot")["status"])

        with ThreadPoolExecutor(max_workers=32) as pool:
            outcomes = list(pool.map(rush, range(200)))
        from chalicelib.store.training import enrollments_of_event, get_event

        stored = enrollments_of_event("ev-hot")
        counter = int(get_event("ev-hot").enrolled)  # type: ignore[union-attr]
        enrolled = sum(1 for e in stored if e.status == "enrolled")
        waitlisted = sum(1 for e in stored if e.status == "waitlisted")
        print(f"contention          200 at once into 30 seats: {enrolled} enrolled, {waitlisted} waitlisted, "
              f"seat counter {counter}, answers {outcomes.count('enrolled')}/{outcomes.count('waitlisted')}   "
              "(must be 30 / 170 / 30)")
        contention_ok = (enrolled == 30 and waitlisted == 170 and counter == 30
                         and len({e.user_id for e in stored}) == 200)
        setattr(BaseClient, "_make_api_call", original)  # noqa: B010
        rng = random.Random(7)
        loading = time.perf_counter()
        event_ids = []
        with TrainingEventItem.batch_write() as batch:
            for n in range(args.events):
                start = iso(now + timedelta(days=1 + n % 360, hours=n % 10))
                county = COUNTIES[n % len(COUNTIES)]
                event_id = f"ev-{n:06d}"
                event_ids.append(event_id)
                batch.save(TrainingEventItem(
                    *TrainingEventItem.key(event_id), event_id=event_id, sponsor_id="sp-bench", training_id="tr-1",
                    details={**details, "county": county, "place": "Room 1", "starts_at": start,
                             "ends_at": start}, starts_at=start, withdraw_until=start, capacity=40, enrolled=0,
                    visibility="published", gsi1pk=calendar_partition(start), gsi1sk=f"{start}#{event_id}",
                    gsi3pk=county_calendar_partition(county, start), gsi3sk=f"{start}#{event_id}",
                    gsi2pk="SPONSOR_EVENTS#sp-bench", gsi2sk=f"{start}#{event_id}"))
        with EnrollmentItem.batch_write() as batch:
            for n in range(args.enrollments):
                event_id = event_ids[rng.randrange(len(event_ids))]
                user = f"u-{n:07d}"
                batch.save(EnrollmentItem(*EnrollmentItem.key(event_id, user), event_id=event_id, user_id=user,
                                          status="enrolled", queued_at=iso(now), gsi1pk=f"USER#{user}",
                                          gsi1sk=f"TEVENT#{iso(now)}#{event_id}"))
        print(f"loaded {args.events} events and {args.enrollments} enrolments in "
              f"{time.perf_counter() - loading:.0f} s (moto in-process)")

        searches = []
        for n in range(40):
            county = COUNTIES[n % len(COUNTIES)]
            started = time.perf_counter()
            found = catalogue.calendar(catalogue.CalendarQuery(county=county if n % 4 else None,
                                                 starts_from=(now + timedelta(days=n * 7)).date(),
                                                 starts_to=(now + timedelta(days=n * 7 + 30)).date()))
            searches.append(time.perf_counter() - started)
            assert found["items"], "a search found nothing"
        p50, p95 = _ms(searches)
        print(f"calendar search     p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (floor: p95 < {FLOOR_SEARCH_P95_MS} ms)")
        # The peer: moto alone answering one Query on the same index (moto walks every item of a table to answer
        # a Query; DynamoDB reads only the partition asked for).
        from chalicelib.store.base import RegistryItem

        bare = []
        for n in range(10):
            started = time.perf_counter()
            list(RegistryItem.gsi3.query(county_calendar_partition(COUNTIES[n], iso(now + timedelta(days=40)))))
            bare.append(time.perf_counter() - started)
        p50, p95 = _ms(bare)
        print(f"  peer: one bare moto Query on the same index         p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")

        enrolments = []
        for n in range(40):
            person = Caller(user_id=f"u-new-{n}", roles=frozenset({Role.PARTICIPANT}))
            started = time.perf_counter()
            enrolment.enroll(person, event_ids[rng.randrange(len(event_ids))])
            enrolments.append(time.perf_counter() - started)
        p50, p95 = _ms(enrolments)
        print(f"enrolment           p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (floor: p95 < {FLOOR_ENROL_P95_MS} ms)")
        # The peer: moto's own cost for one transaction of the same shape on the same table (moto copies the
        # whole table to be able to roll a transaction back; DynamoDB does not).
        from chalicelib.aws.clients import client
        from chalicelib.config import get_settings

        table = get_settings().table_name
        bare = []
        for n in range(20):
            started = time.perf_counter()
            client("dynamodb").transact_write_items(TransactItems=[
                {"Put": {"TableName": table, "Item": {"pk": {"S": f"BENCH#{n}"}, "sk": {"S": "A"}}}},
                {"Put": {"TableName": table, "Item": {"pk": {"S": f"BENCH#{n}"}, "sk": {"S": "B"}}}}])
            bare.append(time.perf_counter() - started)
        p50, p95 = _ms(bare)
        print(f"  peer: a bare moto transaction on the same table   p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")

        return 0 if contention_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
