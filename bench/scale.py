"""A year of California on Amazon's own DynamoDB engine: the request paths at state scale.

Loads a California-sized registry into DynamoDB Local (BatchWrite, built with the store's own models, not
through the API), then times the request paths that people wait for and reads their consumed capacity from
DynamoDB's answers. S3, KMS and the rest stay in moto in-process; only the tables are DynamoDB Local's.

    .venv/bin/python bench/scale.py                 # 250,000 participants ... (loads once, kept in .local/)
    .venv/bin/python bench/scale.py --scale 0.02    # a 2% registry, for a quick look

Tables are in memory unless --keep DIR (then kept there and reused while the shape matches: --keep /dev/shm
loads in RAM and survives until the machine restarts). Prints each figure beside its target; exits 1 if one is
missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.environment import offline_environment

ROOT = offline_environment()

# Targets (issue 26): what a person waiting on a page, and a state reviewer, expect of DynamoDB.
READ_P95_MS = 50
ENROL_P95_MS = 100
BIG_REPORT_S = 2.0
COUNTIES = ["Alameda", "Contra Costa", "Fresno", "Kern", "Los Angeles", "Monterey", "Orange", "Riverside",
            "Sacramento", "San Bernardino", "San Diego", "San Francisco", "San Joaquin", "San Mateo", "Santa Clara",
            "Sonoma", "Stanislaus", "Tulare", "Ventura", "Yolo"]
DOC_TYPES = ["transcript", "permit", "training_certificate", "cda", "transcript", "training_certificate"]
BIG_PROGRAM = "p-0000000"
BIG_PROGRAM_STAFF = 500
MOST_RECORDS = 300


@dataclass(frozen=True)
class Shape:
    participants: int = 250_000
    programs: int = 20_000
    records: int = 2_500_000
    documents: int = 600_000
    events: int = 20_000
    enrolments: int = 300_000
    partner_events: int = 240_000
    decisions: int = 600_000
    waiting_for_review: int = 6_000

    def scaled(self, factor: float) -> Shape:
        return Shape(**{k: max(1, int(v * factor)) for k, v in asdict(self).items()})


# ---------------------------------------------------------------- what DynamoDB answered

@dataclass
class Calls:
    """DynamoDB calls made by this thread while measuring one operation: count, capacity, time, Scans."""

    count: int = 0
    capacity: float = 0.0
    seconds: float = 0.0
    scans: int = 0
    cancelled: int = 0  # transactions DynamoDB cancelled (a conflict to retry, or a condition that said no)


_THREAD = threading.local()
_READS = {"GetItem", "Query", "BatchGetItem", "TransactGetItems"}
_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}


def watch_dynamodb() -> None:
    """Ask DynamoDB for its consumed capacity on every call and add it to the calling thread's tally."""
    from botocore.client import BaseClient

    original = getattr(BaseClient, "_make_api_call")  # noqa: B009 - botocore's private hook

    def measured(self: Any, operation: str, params: dict[str, Any]) -> Any:
        calls: Calls | None = getattr(_THREAD, "calls", None)
        if calls is None or self.meta.service_model.service_name != "dynamodb":
            return original(self, operation, params)
        if operation in _READS | _WRITES:
            params = {**params, "ReturnConsumedCapacity": "TOTAL"}
        started = time.perf_counter()
        try:
            answer = original(self, operation, params)
        except Exception as error:
            calls.cancelled += "TransactionCanceled" in type(error).__name__ or "TransactionCanceled" in str(error)
            raise
        finally:
            calls.seconds += time.perf_counter() - started
            calls.count += 1
            calls.scans += operation == "Scan"
        consumed = answer.get("ConsumedCapacity")
        for entry in consumed if isinstance(consumed, list) else [consumed] if consumed else []:
            calls.capacity += float(entry.get("CapacityUnits", 0))
        return answer

    setattr(BaseClient, "_make_api_call", measured)  # noqa: B010


@dataclass
class Figure:
    name: str
    seconds: list[float]
    calls: list[Calls]

    def p(self, q: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] * 1000

    def line(self, target: str) -> str:
        capacity = statistics.mean(c.capacity for c in self.calls)
        count = statistics.mean(c.count for c in self.calls)
        in_db = statistics.mean(c.seconds for c in self.calls) * 1000
        return (f"{self.name:<44} p50 {self.p(0.5):8.1f} ms  p95 {self.p(0.95):8.1f} ms  "
                f"{count:5.1f} calls {capacity:8.1f} CU  ({in_db:6.1f} ms in DynamoDB)   {target}")


def measure(name: str, runs: int, operation: Callable[[int], Any]) -> Figure:
    """`runs` timed calls of operation(n), after one untimed call (the first builds clients and warms caches)."""
    operation(runs)
    seconds, calls = [], []
    for n in range(runs):
        _THREAD.calls = tally = Calls()
        started = time.perf_counter()
        operation(n)
        seconds.append(time.perf_counter() - started)
        calls.append(tally)
        _THREAD.calls = None
    return Figure(name, seconds, calls)


# ---------------------------------------------------------------- the registry, item by item

def _course(rng: random.Random, n: int) -> dict[str, Any]:
    subject = rng.choice(["CHLD", "ECE", "CD", "ENGL", "MATH", "PSYC"])
    return {"course_code": f"{subject} {100 + n % 180}", "title": f"Child Growth and Development {n % 40}",
            "units": rng.choice([1, 2, 3, 3, 3, 4]), "grade": rng.choice(["A", "A-", "B+", "B", "CR", "C"]),
            "term": f"Fall {2010 + n % 15}", "institution": "Sacramento City College", "unit_type": "semester"}


def _record_data(kind: str, rng: random.Random, n: int) -> dict[str, Any]:
    if kind == "course":
        return _course(rng, n)
    if kind == "training":
        return {"title": "Observation and Documentation", "hours": rng.choice([2, 3, 6]),
                "competency_area": "Child Development and Learning", "completed_on": f"2025-{1 + n % 12:02d}-15",
                "sponsor": "Sacramento County Office of Education"}
    if kind == "permit":
        return {"permit_type": "Teacher", "document_number": f"{120000000 + n}", "issued_on": "2024-03-01",
                "expires_on": "2029-03-01"}
    return {"credential_id": f"{80000000 + n}", "setting": "Preschool", "expires_on": "2028-06-30"}


def registry_items(shape: Shape, now: datetime) -> Iterator[Any]:
    """Every item of the state-scale registry, made with the store's models so keys and indexes are the app's."""
    from chalicelib.store.base import iso
    from chalicelib.store.documents import DocumentItem
    from chalicelib.store.operations import DecisionTimeItem
    from chalicelib.store.people import DirectorItem, EmploymentItem, PartnerClientItem, ProgramItem
    from chalicelib.store.profiles import ProfileItem
    from chalicelib.store.records import RecordItem, RecordsSnapshotItem
    from chalicelib.store.training import (
        CatalogTrainingItem,
        EnrollmentItem,
        SponsorItem,
        TrainingEventItem,
        calendar_partition,
        county_calendar_partition,
    )

    rng = random.Random(2026)
    stamp = iso(now - timedelta(days=400))
    # Records per person are skewed as real ones are: most people a few, some a long transcript.
    weights = [rng.paretovariate(1.6) for _ in range(shape.participants)]
    scale = shape.records / sum(weights)
    # At most 300 (a long transcript and years of trainings): DynamoDB refuses an item over 400 KB, and one
    # person's records snapshot is one item (the bench prints the largest, beside that limit).
    per_person = [min(MOST_RECORDS, max(1, int(w * scale))) for w in weights]
    per_person[0] = MOST_RECORDS  # u-0000000: the largest snapshot
    for n in range(shape.participants):
        user = f"u-{n:07d}"
        yield ProfileItem(*ProfileItem.key(user), user_id=user, registry_id=f"R{10_000_000 + n}", status="active",
                          legal_first_name=rng.choice(["Maria", "Linh", "Ana", "Jasmine", "Wei", "Rosa"]),
                          legal_last_name=rng.choice(["Garcia", "Nguyen", "Lopez", "Chen", "Smith", "Hernandez"]),
                          preferred_language=rng.choice(["en", "en", "es", "zh"]),
                          home_county=COUNTIES[n % len(COUNTIES)], created_at=stamp, updated_at=stamp,
                          gsi1pk=f"REGISTRY#R{10_000_000 + n}", gsi1sk="PROFILE", version=1)
        records = []
        for k in range(per_person[n]):
            kind = "course" if k % 10 < 7 else ("training" if k % 10 < 9 else ("permit" if k % 20 == 9 else "cda"))
            record_id = f"r-{n:07d}-{k:03d}"
            data = _record_data(kind, rng, k)
            records.append({"record_id": record_id, "kind": kind, "data": data, "verified_at": stamp})
            yield RecordItem(pk=f"PERSON#{user}", sk=f"RECORD#{kind}#{record_id}", record_id=record_id,
                             user_id=user, kind=kind, data=data, source_document_id=f"d-{n:07d}-0",
                             verified_by="u-staff", verified_at=stamp)
        yield RecordsSnapshotItem(*RecordsSnapshotItem.key(user), user_id=user, records=records, pending_documents=0,
                                  version=1)
        program = _program_of(shape, n)
        yield EmploymentItem(pk=f"PERSON#{user}", sk=f"EMPLOYMENT#e-{n:07d}", employment_id=f"e-{n:07d}",
                             user_id=user, program_id=program, role=rng.choice(["Teacher", "Assistant", "Aide"]),
                             start_date="2023-08-15", status="confirmed", created_at=stamp,
                             gsi1pk=f"PROGRAM#{program}", gsi1sk=f"STAFF#confirmed#{user}")
    for p in range(shape.programs):
        program = f"p-{p:07d}"
        yield ProgramItem(*ProgramItem.key(program), program_id=program, name=f"Little Learners {p}",
                          license_number=f"{340000000 + p}", program_type="center", created_at=stamp,
                          address={"county": COUNTIES[p % len(COUNTIES)]})
        director = f"u-{p % shape.participants:07d}"
        yield DirectorItem(pk=f"PROGRAM#{program}", sk=f"DIRECTOR#{director}", program_id=program, user_id=director,
                           status="approved", created_at=stamp, gsi1pk=f"USER#{director}",
                           gsi1sk=f"DIRECTS#{program}")
    statuses = ["verified"] * 90 + ["rejected"] * 4 + ["needs_attention"] * 3 + ["processing"] * 1 + ["failed"] * 2
    waiting_every = max(1, shape.documents // shape.waiting_for_review)
    for d in range(shape.documents):
        owner = f"u-{d % shape.participants:07d}"
        created = now - timedelta(minutes=d * 525_600 // max(1, shape.documents))
        status = "needs_review" if d % waiting_every == 0 else statuses[d % len(statuses)]
        doc_type = DOC_TYPES[d % len(DOC_TYPES)]
        fields: dict[str, Any] = {"doc_type": doc_type,
                                  "person_name": {"value": "Maria Garcia", "confidence": 0.97}}
        if doc_type == "transcript":
            fields["courses"] = [{k: {"value": v, "confidence": 0.95} for k, v in _course(rng, c).items()}
                                 for c in range(120 if d == 0 else 12 + d % 30)]  # d-0000000: 120 courses
        item = DocumentItem(*DocumentItem.key(f"d-{d:07d}"), document_id=f"d-{d:07d}", owner_id=owner,
                            uploaded_by=owner, doc_type=doc_type, status=status, upload_key=f"uploads/d-{d:07d}",
                            created_at=iso(created), submitted_at=iso(created), updated_at=iso(created),
                            extracted=fields, low_confidence=d % 3, page_count=1 + d % 4, version=1)
        item.index_for_status()
        yield item
    for d in range(shape.decisions):
        decided = now - timedelta(minutes=d * 525_600 // max(1, shape.decisions))
        yield DecisionTimeItem(f"TURNAROUND#{iso(decided)[:7]}", f"{iso(decided)}#d-{d:07d}",
                               doc_type=DOC_TYPES[d % len(DOC_TYPES)], hours=round(rng.lognormvariate(2.5, 1.0), 2))
    yield SponsorItem(*SponsorItem.key("sp-0"), sponsor_id="sp-0", name="Sacramento County Office of Education",
                      status="approved", applicant_id="u-0000001", managers=["u-0000001"], applied_at=stamp)
    details = {"title": "Observation and Documentation", "hours": 3, "competency_area": "Professionalism",
               "language": "en", "delivery": "in_person", "sponsor_name": "Sacramento County Office of Education"}
    yield CatalogTrainingItem(pk="SPONSOR#sp-0", sk="TRAINING#tr-1", training_id="tr-1", sponsor_id="sp-0",
                              details=details)
    event_ids = []
    for e in range(shape.events):
        start = iso(now + timedelta(days=1 + e % 390, hours=8 + e % 10))
        county = COUNTIES[e % len(COUNTIES)]
        event_id = f"ev-{e:06d}"
        event_ids.append(event_id)
        yield TrainingEventItem(
            *TrainingEventItem.key(event_id), event_id=event_id, sponsor_id="sp-0", training_id="tr-1",
            details={**details, "county": county, "place": "Room 1", "starts_at": start, "ends_at": start},
            starts_at=start, withdraw_until=start, capacity=40, enrolled=0, visibility="published",
            gsi1pk=calendar_partition(start), gsi1sk=f"{start}#{event_id}",
            gsi3pk=county_calendar_partition(county, start), gsi3sk=f"{start}#{event_id}",
            gsi2pk="SPONSOR_EVENTS#sp-0", gsi2sk=f"{start}#{event_id}")
    enrolled: set[tuple[str, str]] = set()
    while len(enrolled) < shape.enrolments:
        event_id = event_ids[rng.randrange(len(event_ids))]
        user = f"u-{rng.randrange(shape.participants):07d}"
        if (event_id, user) in enrolled:
            continue
        enrolled.add((event_id, user))
        yield EnrollmentItem(*EnrollmentItem.key(event_id, user), event_id=event_id, user_id=user, status="enrolled",
                             queued_at=stamp, gsi1pk=f"USER#{user}", gsi1sk=f"TEVENT#{stamp}#{event_id}")
    yield from partner_events(shape, now)
    for name, scopes in (("state", ["all"]), ("big-program", [f"program:{BIG_PROGRAM}"])):
        yield PartnerClientItem(pk=f"PARTNER#{name}", sk="PARTNER", client_id=f"client-{name}", name=name,
                                user_id=f"partner-{name}", scopes=scopes, created_at=stamp,
                                gsi2pk=f"PARTNER_USER#partner-{name}", gsi2sk=f"client-{name}")


def _program_of(shape: Shape, n: int) -> str:
    """The one program where participant n works (since 2023: before every event of the loaded year)."""
    return BIG_PROGRAM if n < BIG_PROGRAM_STAFF else f"p-{1 + n % (shape.programs - 1):07d}"


def partner_events(shape: Shape, now: datetime) -> Iterator[Any]:
    """The year's events in the state's log, each with its copy for the program where its person works (as
    stage_event writes them)."""
    from ulid import ULID

    from chalicelib.store.base import iso
    from chalicelib.store.records import EventItem, program_event_item

    for k in range(shape.partner_events):
        at = now - timedelta(minutes=(shape.partner_events - k) * 525_600 // max(1, shape.partner_events))
        event_id = f"evt_{ULID.from_datetime(at)}"
        owner = k % shape.participants
        event = EventItem(f"EVENTS#{iso(at)[:7]}", event_id, event_id=event_id, type="record.verified", at=iso(at),
                          subject={"participant_id": f"u-{owner:07d}", "registry_id": f"R{10_000_000 + owner}",
                                   "records": 3})
        yield event
        yield program_event_item(_program_of(shape, owner), event)


def copies_for_kept_events(shape: Shape, now: datetime) -> Iterator[Any]:
    """Programs' copies of the events in tables loaded before copies existed (what copy_events_to_programs does,
    without reading 240,000 people's positions: the bench knows where each works)."""
    from chalicelib.domain.messages import as_subject
    from chalicelib.services.events import programs_seeing
    from chalicelib.store.records import events_of_month, program_event_item

    def works_at(person: str, on: str) -> set[str]:  # the loaded people (u-0000123), not earlier runs' others
        return {_program_of(shape, int(person[2:]))} if person.startswith("u-") and person[2:].isdigit() else set()

    year, month = now.year, now.month
    for _ in range(13):
        for event in events_of_month(f"{year:04d}-{month:02d}"):
            for program_id in programs_seeing(as_subject(event.subject), event.at, works_at):
                yield program_event_item(program_id, event)
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)


# ---------------------------------------------------------------- loading

def load(items: Iterable[Any], endpoint: str, table: str) -> tuple[int, float]:
    """BatchWrite the items, 25 a call, from four threads; returns (items, seconds)."""
    import boto3

    local = threading.local()

    def dynamodb() -> Any:
        if not hasattr(local, "client"):
            local.client = boto3.session.Session().client("dynamodb", region_name="us-east-1", endpoint_url=endpoint)
        return local.client

    def write(batch: list[dict[str, Any]]) -> None:
        requests = {table: [{"PutRequest": {"Item": item}} for item in batch]}
        while requests:
            answer = dynamodb().batch_write_item(RequestItems=requests)
            requests = answer.get("UnprocessedItems") or {}

    started = time.perf_counter()
    count = 0
    batch: list[dict[str, Any]] = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        pending = []
        for item in items:
            batch.append(item.serialize())
            count += 1
            if len(batch) == 25:
                pending.append(pool.submit(write, batch))
                batch = []
            if len(pending) >= 64:
                for future in pending:
                    future.result()
                pending = []
                if count % 200_000 < 25:
                    print(f"  loaded {count:,} items ({count / (time.perf_counter() - started):,.0f}/s)", flush=True)
        if batch:
            pending.append(pool.submit(write, batch))
        for future in pending:
            future.result()
    return count, time.perf_counter() - started


# ---------------------------------------------------------------- the run

def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of California (1.0: 250,000 people)")
    parser.add_argument("--runs", type=int, default=40, help="samples per read figure")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="keep the loaded tables in DIR and reuse them while the shape matches (DynamoDB Local "
                             "writes about 1,000 items/s to a disk, 2,200/s to /dev/shm, 2,700/s in memory)")
    args = parser.parse_args()
    shape = Shape().scaled(args.scale)
    # The end of a month: the dashboard's current month is then as full as it gets.
    now = datetime(2026, 11, 30, 20, tzinfo=UTC)

    from chalicelib.local.dynamodb_local import DynamoDBLocal

    db_path = args.keep / f"scale-{args.scale:g}" if args.keep else None
    manifest = {"shape": asdict(shape), "now": now.isoformat(), "format": 1}
    manifest_file = db_path / "manifest.json" if db_path else None
    if db_path and (not manifest_file or not manifest_file.exists()
                    or json.loads(manifest_file.read_text()) != manifest):
        import shutil

        shutil.rmtree(db_path, ignore_errors=True)
    server = DynamoDBLocal(db_path=db_path).start()
    os.environ["REGISTRY_DYNAMODB_ENDPOINT_URL"] = server.endpoint_url
    try:
        return run(shape, now, server, manifest, manifest_file, args.runs)
    finally:
        server.stop()


def item_sizes(endpoint: str, table: str) -> str:
    """The largest items the load made, by DynamoDB's own measure (the capacity a strongly consistent read of
    each costs, in 4 KB units), beside its 400 KB item limit."""
    import boto3

    dynamodb = boto3.session.Session().client("dynamodb", region_name="us-east-1", endpoint_url=endpoint)

    def size_kb(pk: str, sk: str) -> float:
        answer = dynamodb.get_item(TableName=table, Key={"pk": {"S": pk}, "sk": {"S": sk}}, ConsistentRead=True,
                                   ReturnConsumedCapacity="TOTAL")
        return float(answer["ConsumedCapacity"]["CapacityUnits"]) * 4

    snapshot = size_kb("PERSON#u-0000000", "RECORDS")
    transcript = size_kb("DOC#d-0000000", "DOC")
    return (f"  largest items: the records snapshot of a person with {MOST_RECORDS} records <= {snapshot:.0f} KB, a "
            f"120-course transcript's document <= {transcript:.0f} KB   (DynamoDB's item limit: 400 KB)")


def _quiet_moto() -> None:
    import logging
    import warnings

    warnings.filterwarnings("ignore", message="Tried to parse")
    for noisy in ("moto", "moto.cloudformation.parsing"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def run(shape: Shape, now: datetime, server: Any, manifest: dict[str, Any], manifest_file: Path | None,
        runs: int) -> int:
    from moto import mock_aws

    from chalicelib import clock

    _quiet_moto()
    with mock_aws():
        from chalicelib.config import get_settings
        from chalicelib.local.cloud import create_in_process_stack

        loaded = manifest_file is not None and manifest_file.exists()
        create_in_process_stack(fresh_tables=not loaded)
        table = get_settings().table_name
        print(f"registry of {shape.participants:,} participants, {shape.programs:,} programs, "
              f"{shape.records:,} records, {shape.documents:,} documents, {shape.events:,} events, "
              f"{shape.enrolments:,} enrolments, {shape.partner_events:,} partner events, "
              f"{shape.decisions:,} decision times; tables in DynamoDB Local {server.endpoint_url}")
        if loaded:
            print(f"  using the tables loaded before ({manifest_file.parent})")  # type: ignore[union-attr]
            added = manifest_file.parent / "added.json"  # type: ignore[union-attr]
            if "program_events" not in (json.loads(added.read_text()) if added.exists() else []):
                count, seconds = load(copies_for_kept_events(shape, now), server.endpoint_url, table)
                added.write_text(json.dumps(["program_events"]))
                print(f"  added {count:,} programs' copies of events to them in {seconds:.0f} s")
        else:
            count, seconds = load(registry_items(shape, now), server.endpoint_url, table)
            if manifest_file is not None:
                manifest_file.write_text(json.dumps(manifest))
            print(f"  loaded {count:,} items in {seconds:.0f} s ({count / seconds:,.0f} items/s, BatchWrite)")
        print(item_sizes(server.endpoint_url, table))
        watch_dynamodb()
        clock.CLOCK = _RunningFrom(now)  # the loaded year ends at `now`: the clock runs on from there
        return measure_all(shape, now, runs)


class _RunningFrom:
    def __init__(self, start: datetime) -> None:
        self._offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset


# A run's own names for what it adds, so a run on kept tables (--keep) meets none of an earlier run's.
RUN = time.strftime("%Y%m%d%H%M%S")
HOT_EVENT = f"ev-hot-{RUN}"
SWEEP_S = 10  # of the sweep's minute: it also retries webhooks and sends what the outbox kept


def measure_all(shape: Shape, now: datetime, runs: int) -> int:
    from chalicelib.domain.documents import DocStatus
    from chalicelib.security.identity import Caller, Role
    from chalicelib.services.documents import dashboard, review
    from chalicelib.services.partners import webhooks
    from chalicelib.services.records import reporting
    from chalicelib.services.records.verified_records import records_with_summary
    from chalicelib.services.training import catalogue, enrolment
    rng = random.Random(7)
    people = [f"u-{rng.randrange(shape.participants):07d}" for _ in range(runs + 1)]  # +1: the warm-up call
    figures: list[tuple[Figure, str, bool]] = []

    def read(figure: Figure, limit_ms: float = READ_P95_MS) -> None:
        figures.append((figure, f"(target p95 <= {limit_ms:.0f} ms)", figure.p(0.95) <= limit_ms))

    read(measure("participant's records with totals", runs, lambda n: records_with_summary(people[n])))
    heavy = measure(f"records of the person with {MOST_RECORDS}", runs, lambda n: records_with_summary("u-0000000"))
    read(heavy)
    staff = Caller(user_id="u-staff", roles=frozenset({Role.STAFF}))
    report = measure("E&T report (PDF, signed, stored)", max(5, runs // 4), lambda n: reporting.issue(
        "education-training", Caller(user_id=people[n], roles=frozenset({Role.PARTICIPANT})), people[n], fmt="pdf"))
    db_only = Figure("  of which DynamoDB", [c.seconds for c in report.calls], report.calls)
    figures.append((report, "(render and sign; its reads below)", True))
    read(db_only)
    read(measure("review queue, oldest first", runs, lambda n: review.queue(
        status=DocStatus.NEEDS_REVIEW, doc_type=None, limit=50, cursor=None)))
    read(measure("review queue, oldest first, by type", runs, lambda n: review.queue(
        status=DocStatus.NEEDS_REVIEW, doc_type=DOC_TYPES[n % 4], limit=50, cursor=None)))
    director = Caller(user_id=f"u-{0:07d}", roles=frozenset({Role.DIRECTOR}))
    big = measure(f"staff verification report, {BIG_PROGRAM_STAFF} staff (PDF)", 5, lambda n: reporting.issue(
        "staff-verification", director, BIG_PROGRAM, fmt="pdf", options={"accreditor": "naeyc"}))
    figures.append((big, f"(target <= {BIG_REPORT_S:.0f} s)", big.p(0.95) <= BIG_REPORT_S * 1000))
    read(measure("calendar by county and month", runs, lambda n: catalogue.calendar(catalogue.CalendarQuery(
        county=COUNTIES[n % len(COUNTIES)], starts_from=(now + timedelta(days=30 * (n % 12))).date(),
        starts_to=(now + timedelta(days=30 * (n % 12) + 29)).date()))))
    state = Caller(user_id="partner-state", roles=frozenset({Role.PARTNER}))
    cursors: list[str | None] = [None]

    def feed(n: int) -> None:
        page = webhooks.events_after(state, cursors[-1] if n % 2 else None, limit=100)
        cursors.append(page["next_cursor"])

    read(measure("partner event feed page (state partner)", runs, feed))
    scoped = Caller(user_id="partner-big-program", roles=frozenset({Role.PARTNER}))
    read(measure("partner event feed page (one program)", max(5, runs // 4),
                 lambda n: webhooks.events_after(scoped, None, limit=100)))
    # The minute sweep counts what waits (every waiting document's key) and this month's decisions; the dashboard
    # reads those counts.
    sweep = measure("dashboard counts (the minute sweep)", 3, lambda n: dashboard.keep_dashboard_counts())
    figures.append((sweep, f"(in the background; target <= {SWEEP_S:.0f} s of each minute)",
                    sweep.p(0.95) <= SWEEP_S * 1000))
    read(measure("processing-time dashboard", max(5, runs // 4), lambda n: dashboard.processing()))

    enrolment_ok, enrol_line = contention(now)
    single = measure("enrolment, one person", runs, lambda n: enrolment.enroll(
        Caller(user_id=f"u-new-{RUN}-{n}", roles=frozenset({Role.PARTICIPANT})),
        f"ev-{rng.randrange(shape.events):06d}"))
    figures.append((single, f"(target p95 <= {ENROL_P95_MS} ms)", single.p(0.95) <= ENROL_P95_MS))
    scans = sum(c.scans for f, _, _ in figures for c in f.calls)

    print()
    for figure, target, ok in figures:
        print(figure.line(target) + ("" if ok else "   MISSED"))
    save_figures({f.name.strip(): {"p50_ms": f.p(0.5), "p95_ms": f.p(0.95),
                                   "calls": statistics.mean(c.count for c in f.calls),
                                   "capacity_units": statistics.mean(c.capacity for c in f.calls)}
                  for f, _, _ in figures}, shape)
    print(enrol_line)
    print(f"Scans on the request paths above: {scans}   (target 0)")
    _ = staff
    return 0 if all(ok for _, _, ok in figures) and enrolment_ok and scans == 0 else 1


RESULTS = ROOT / ".local" / "bench" / "scale.json"


def save_figures(figures: dict[str, dict[str, float]], shape: Shape) -> None:
    """What bench/cost.py prices: each request's DynamoDB calls and consumed capacity, measured here."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"shape": asdict(shape), "figures": figures}, indent=1))


RUSH_PROCESSES = 4
RUSH_THREADS = 8


def _fresh_connections() -> None:
    """In a forked child: no HTTP connection of the parent's may be shared, so every client is made anew."""
    from chalicelib.aws.clients import reset_clients
    from chalicelib.store import base
    from chalicelib.store.keys import ProfileKeyItem

    base._connection.cache_clear()
    reset_clients()
    pending: list[type] = [base.RegistryItem, ProfileKeyItem]
    while pending:
        model = pending.pop()
        model._connection = None  # type: ignore[attr-defined]
        pending.extend(model.__subclasses__())


def _rush_one(n: int) -> tuple[float, Calls, str]:
    from chalicelib.security.identity import Caller, Role
    from chalicelib.services.training import enrolment

    _THREAD.calls = tally = Calls()
    started = time.perf_counter()
    person = Caller(user_id=f"u-rush-{n}", roles=frozenset({Role.PARTICIPANT}))
    status = str(enrolment.enroll(person, HOT_EVENT)["status"])
    _THREAD.calls = None
    return time.perf_counter() - started, tally, status


def _rush_share(first: int, count: int, start_at: float) -> list[tuple[float, Calls, str]]:
    from chalicelib.aws.clients import client
    from chalicelib.services.training import catalogue

    _fresh_connections()
    # As a warm Lambda would be: clients built and the event read once before the rush, which starts for every
    # process at the same moment.
    catalogue.event_for(HOT_EVENT, None)
    client("sqs")
    time.sleep(max(0.0, start_at - time.time()))
    with ThreadPoolExecutor(max_workers=RUSH_THREADS) as pool:
        return list(pool.map(_rush_one, range(first, first + count)))


def contention(now: datetime) -> tuple[bool, str]:
    """200 people at once into 30 seats, from four processes of eight threads, on DynamoDB Local's own
    conditional transactions (no lock anywhere but the database's)."""
    import multiprocessing

    from chalicelib.store.base import iso
    from chalicelib.store.training import TrainingEventItem, enrollments_of_event, get_event

    start = iso(now + timedelta(days=3))
    details = {"title": "Hot Topic", "hours": 3, "competency_area": "Professionalism", "language": "en",
               "delivery": "in_person", "sponsor_name": "Sacramento County Office of Education"}
    TrainingEventItem(*TrainingEventItem.key(HOT_EVENT), event_id=HOT_EVENT, sponsor_id="sp-0", training_id="tr-1",
                      details={**details, "starts_at": start, "ends_at": start}, starts_at=start,
                      withdraw_until=start, capacity=30, enrolled=0, visibility="published").save()
    share = 200 // RUSH_PROCESSES
    start_at = time.time() + 8
    # Forked, so each child has the moto stack (queues, keys) this process made; the tables are the one server's.
    with multiprocessing.get_context("fork").Pool(RUSH_PROCESSES) as processes:
        results = [r for part in processes.starmap(
            _rush_share, [(k * share, share, start_at) for k in range(RUSH_PROCESSES)]) for r in part]
    burst = time.time() - start_at
    stored = enrollments_of_event(HOT_EVENT)
    counter = int(get_event(HOT_EVENT).enrolled)  # type: ignore[union-attr]
    enrolled = sum(1 for e in stored if e.status == "enrolled")
    waitlisted = sum(1 for e in stored if e.status == "waitlisted")
    outcomes = [status for _, _, status in results]
    figure = Figure("enrolment, 200 at once into 30 seats", [t for t, _, _ in results], [c for _, c, _ in results])
    retried = sum(c.cancelled for c in figure.calls)
    ok = enrolled == 30 and waitlisted == 170 and counter == 30 and len({e.user_id for e in stored}) == 200
    line = (figure.line("(latency here is this 2-core machine running 32 requests of Python at once)") +
            f"\n{'':<44} {enrolled} enrolled, {waitlisted} waitlisted, seat counter {counter}, answers "
            f"{outcomes.count('enrolled')}/{outcomes.count('waitlisted')}, seats given twice "
            f"{max(0, enrolled - counter)}, transactions cancelled {retried}, all 200 answered in {burst:.1f} s   "
            "(target 30/170/30, 0 twice)")
    return ok, line + ("" if ok else "   MISSED")


if __name__ == "__main__":
    raise SystemExit(main())
