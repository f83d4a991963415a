"""The log filter: the second line of defence behind never logging personal data on purpose."""

from __future__ import annotations

import io
import json
import logging


def _captured(emit: object) -> list[dict[str, object]]:
    from chalicelib.observability import logger

    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logger.registered_formatter)
    logger.addHandler(handler)
    try:
        emit()  # type: ignore[operator]
    finally:
        logger.removeHandler(handler)
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_an_exception_text_loses_ssns_emails_and_dates_but_keeps_its_type() -> None:
    from chalicelib.observability import logger

    def emit() -> None:
        try:
            raise ValueError("cannot parse 536-22-8841 for ana.reyes@example.org born 1987-04-13")
        except ValueError:
            logger.exception("parsing failed")

    (line,) = _captured(emit)
    text = json.dumps(line)
    assert "536-22-8841" not in text and "ana.reyes@example.org" not in text and "1987-04-13" not in text
    assert line["exception_name"] == "ValueError" and "[redacted]" in str(line["exception"])


def test_message_arguments_and_personal_keys_are_masked() -> None:
    from chalicelib.observability import logger

    (line,) = _captured(lambda: logger.info("lookup for %s", "536228841", extra={"email": "x@example.org",
                                                                              "document_id": "d-1"}))
    assert line["message"] == "lookup for [redacted]" and line["email"] == "[redacted]" and line["document_id"] == "d-1"
