"""Powertools Logger, Metrics and Tracer shared by the API and every event handler.

Logs are JSON with a correlation id (the API request id, or the SQS message id).
Personal data is never logged on purpose; the filter below is a second line of
defence that masks anything shaped like an SSN or a birth date should it slip in.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics

SERVICE = "ece-registry"
NAMESPACE = "ECERegistry"

_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\b(?<!\d)\d{9}(?!\d)\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DATE = re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b(?!T)")  # a bare date (a birth date?), not a timestamp


def _scrubbed(text: str) -> str:
    return _DATE.sub("[date]", _EMAIL.sub("[email]", _SSN.sub("[redacted]", text)))
_PERSONAL_KEYS = frozenset({"birth_date", "date_of_birth", "dob", "ssn", "legal_name", "person_name",
                            "first_name", "last_name", "home_address", "address", "phone", "email"})


class _PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _scrubbed(record.getMessage())
            record.args = None
        for key in list(vars(record)):
            if key in _PERSONAL_KEYS:
                setattr(record, key, "[redacted]")
        if record.exc_info and record.exc_info[1] is not None:
            # An exception's text can carry the input that caused it: only its type and a scrubbed text are kept.
            error = record.exc_info[1]
            record.exception_name = type(error).__name__
            record.exception = _scrubbed(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
            record.exc_text = None
        return True


logger = Logger(service=SERVICE)
logger.addFilter(_PersonalDataFilter())
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)


@cache
def tracer() -> Any:
    """Created on first use: the X-Ray SDK costs more to import than the whole API (cold start)."""
    from aws_lambda_powertools import Tracer

    return Tracer(service=SERVICE)


def bind_correlation_id(correlation_id: str | None, **keys: Any) -> None:
    logger.set_correlation_id(correlation_id)
    if keys:
        logger.append_keys(**keys)


def publish_metrics() -> None:
    """Flush the metrics of this request or batch as EMF; locally (metrics disabled) just drop them."""
    from aws_lambda_powertools.metrics.functions import is_metrics_disabled

    if not metrics.metric_set:
        return
    if is_metrics_disabled():
        metrics.clear_metrics()
    else:
        metrics.flush_metrics()
