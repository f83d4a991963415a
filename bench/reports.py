"""Staff Verification Report rendering time and DynamoDB request count by program size.

Seeds synthetic verified records into moto (in-process) for programs of 10, 100, 500
and 5,000 staff, then builds the report in each format, printing seconds, DynamoDB
requests by operation, and the process's peak memory. Targets: 500 staff in at most
2 s for PDF and 1 s for XLSX; requests grow only through Query pages and BatchGets.

    .venv/bin/python bench/reports.py [--sizes 10,100,500,5000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.update({"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                   "REGISTRY_AUTH_MODE": "local", "REGISTRY_LOCAL_JWT_SECRET": "bench-secret-bench-secret-0123456789",
                   "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true",
                   "POWERTOOLS_LOG_LEVEL": "WARNING"})
os.environ.pop("AWS_ENDPOINT_URL", None)

COURSES = [("CHLD 101", "Child Growth and Development", "A"), ("CHLD 102", "Observation and Assessment", "B"),
           ("ENGL 1A", "College Composition", "C"), ("CHLD 210", "Administration I: Programs in ECE", "B+"),
           ("MATH 10", "Statistics", "D")]


class RequestCounter:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def install(self) -> None:
        from botocore.client import BaseClient

        original = BaseClient._make_api_call  # type: ignore[attr-defined]
        counter = self

        def counted(client: Any, operation: str, params: dict[str, Any]) -> Any:
            if client.meta.service_model.service_name == "dynamodb":
                counter.counts[operation] += 1
            return original(client, operation, params)

        BaseClient._make_api_call = counted  # type: ignore[attr-defined]


def seed(program_id: str, size: int) -> None:
    from chalicelib.store.base import RegistryItem
    from chalicelib.store.people import EmploymentItem, ProgramItem
    from chalicelib.store.profiles import ProfileItem
    from chalicelib.store.records import RecordItem, RecordsSnapshotItem

    ProgramItem(*ProgramItem.key(program_id), program_id=program_id, name=f"Bench Program {size}",
                license_number=f"{size:09d}", program_type="center", created_at="2026-01-01T00:00:00.000000Z",
                gsi1pk="PROGRAMS", gsi1sk=f"bench#{program_id}").save()
    with RegistryItem.batch_write() as batch:
        for n in range(size):
            user = f"{program_id}-u{n}"
            batch.save(ProfileItem(*ProfileItem.key(user), user_id=user, registry_id=f"ECE-{n:04d}-0000-0",
                                   status="active", legal_first_name=f"Person{n}", legal_last_name="Bench",
                                   created_at="2026-01-01T00:00:00.000000Z", updated_at="2026-01-01T00:00:00.000000Z",
                                   gsi1pk=f"REGISTRY#ECE-{n:04d}-0000-0", gsi1sk="PROFILE"))
            batch.save(EmploymentItem(pk=f"PERSON#{user}", sk="EMPLOYMENT#e", employment_id=f"e{n}", user_id=user,
                                      program_id=program_id, role="Teacher" if n % 3 else "Assistant Teacher",
                                      start_date="2020-08-15", status="confirmed",
                                      created_at="2026-01-01T00:00:00.000000Z", gsi1pk=f"PROGRAM#{program_id}",
                                      gsi1sk=f"STAFF#confirmed#{user}"))
            records: list[tuple[str, dict[str, Any]]] = [
                ("course", {"term": "Fall 2020", "code": c, "title": t, "units": 3.0, "grade": g,
                            "institution": "Bench College"}) for c, t, g in COURSES]
            records.append(("permit", {"permit_title": "Child Development Teacher Permit",
                                       "document_number": f"C{n:07d}", "issued_on": "2023-01-01",
                                       "expires_on": "2028-01-01"}))
            records.append(("training", {"training_title": "Bench Training", "hours": 6.0,
                                         "completed_on": "2026-06-01", "sponsor": "Bench Sponsor",
                                         "competency_area": "Professionalism"}))
            for i, (kind, data) in enumerate(records):
                batch.save(RecordItem(pk=f"PERSON#{user}", sk=f"RECORD#{kind}#{i}", record_id=f"{n}-{i}",
                                      user_id=user, kind=kind, data=data, source_document_id="bench",
                                      verified_by="bench", verified_at="2026-02-01T00:00:00.000000Z"))
            # What review.decide writes beside the records, in the same transaction.
            batch.save(RecordsSnapshotItem(*RecordsSnapshotItem.key(user), user_id=user, version=1, records=[
                {"record_id": f"{n}-{i}", "kind": kind, "data": data, "verified_at": "2026-02-01T00:00:00.000000Z"}
                for i, (kind, data) in enumerate(records)]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,500,5000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from moto import mock_aws

    with mock_aws():
        from chalicelib.local.cloud import create_in_process_stack

        create_in_process_stack()
        from chalicelib.security.identity import Caller, Role
        from chalicelib.services.records import program_reports, reporting

        counter = RequestCounter()
        counter.install()
        staff = Caller(user_id="bench-staff", roles=frozenset({Role.STAFF}))
        print("load = reading the roster from moto (whose Query and BatchGet cost grows with the table size,")
        print("unlike DynamoDB's); render = building the file. Requests are the DynamoDB calls of one report.\n")
        print(f"{'staff':>6} {'format':<6} {'total s':>8} {'load s':>7} {'render s':>9} {'Query':>6} {'BatchGet':>9}"
              f" {'GetItem':>8} {'Scan':>5} {'other':>6} {'peak MB':>8}  target (total)")
        for size in sizes:
            program_id = f"prog-bench-{size}"
            seed(program_id, size)
            for fmt in ("pdf", "xlsx", "json"):
                counter.counts.clear()
                timings: dict[str, float] = {}
                original_build = program_reports.build_report

                def timed_build(*a: Any, _orig: Any = original_build, _timings: dict[str, float] = timings,
                                **kw: Any) -> Any:
                    t = time.perf_counter()
                    result = _orig(*a, **kw)
                    _timings["load"] = time.perf_counter() - t
                    return result

                program_reports.build_report = timed_build  # type: ignore[assignment]
                started = time.perf_counter()
                content = reporting.issue("staff-verification", staff, program_id, fmt=fmt,
                                          options={"accreditor": "naeyc"}).content
                seconds = time.perf_counter() - started
                program_reports.build_report = original_build  # type: ignore[assignment]
                c = counter.counts
                other = sum(c.values()) - c["Query"] - c["BatchGetItem"] - c["GetItem"] - c["Scan"]
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                target = {"pdf": 2.0, "xlsx": 1.0}.get(fmt) if size == 500 else None
                verdict = "" if target is None else f"<= {target:.1f}s {'OK' if seconds <= target else 'OVER'}"
                print(f"{size:>6} {fmt:<6} {seconds:>8.2f} {timings['load']:>7.2f} {seconds - timings['load']:>9.2f}"
                      f" {c['Query']:>6} {c['BatchGetItem']:>9} {c['GetItem']:>8} {c['Scan']:>5} {other:>6}"
                      f" {peak:>8.0f}  {verdict}")
                assert content


if __name__ == "__main__":
    main()
