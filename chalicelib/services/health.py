"""Are the registry's dependencies reachable? Each check is cheap and bounded."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Literal, NotRequired, TypedDict

from chalicelib.aws.clients import client
from chalicelib.config import get_settings
from chalicelib.version import VERSION


def _s3() -> None:
    settings = get_settings()
    for bucket in (settings.uploads_bucket, settings.artifacts_bucket):
        client("s3").head_bucket(Bucket=bucket)


def _dynamodb() -> None:
    settings = get_settings()
    for table in (settings.table_name, settings.idempotency_table_name):
        client("dynamodb").describe_table(TableName=table)


def _sqs() -> None:
    settings = get_settings()
    for url in (settings.intake_queue_url, settings.extraction_queue_url,
                settings.notification_queue_url, settings.webhook_queue_url):
        client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])


def _pdf_fonts() -> None:
    # Without them a report still builds, with names in Chinese or Vietnamese missing: a degraded service.
    from chalicelib.reports.fonts import LAYER_FILES, find_font

    missing = [name for name in LAYER_FILES if find_font(name) is None]
    if missing:
        raise FileNotFoundError(", ".join(missing))


class Dependency(TypedDict):
    reachable: bool
    ms: float
    error: NotRequired[str]  # the error's class only: messages can carry bucket or table names


class HealthReport(TypedDict):
    status: Literal["ok", "degraded"]
    version: str
    stage: str
    dependencies: dict[str, Dependency]


CHECKS: dict[str, Callable[[], None]] = {"s3": _s3, "dynamodb": _dynamodb, "sqs": _sqs, "pdf_fonts": _pdf_fonts}


def _run(check: Callable[[], None]) -> Dependency:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:
        # Only the error class: messages can carry bucket or table names an attacker could use.
        return {"reachable": False, "error": type(exc).__name__,
                "ms": round((time.perf_counter() - started) * 1000, 1)}
    return {"reachable": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_dependencies() -> HealthReport:
    with ThreadPoolExecutor(max_workers=len(CHECKS)) as pool:
        results = dict(zip(CHECKS, pool.map(_run, CHECKS.values()), strict=True))
    ok = all(r["reachable"] for r in results.values())
    return {"status": "ok" if ok else "degraded", "version": VERSION, "stage": get_settings().stage,
            "dependencies": results}
