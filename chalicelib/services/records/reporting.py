"""Issuing a report of any kind: the one pipeline every kind in services/report_kinds goes through."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chalicelib import clock
from chalicelib.errors import InvalidRequest, NotFound
from chalicelib.security.identity import Caller
from chalicelib.services.records import issued_reports, report_kinds
from chalicelib.store.reports import person_subject, program_subject


@dataclass(frozen=True, slots=True)
class Issued:
    content: bytes  # signed inside, as registered
    media_type: str
    report_id: str
    registered_as: str


def issue(kind_name: str, caller: Caller, subject_id: str, *, fmt: str,
          options: Mapping[str, str] | None = None) -> Issued:
    """Check the request, gather, render, sign inside and register; tell partners where the kind says so."""
    kind = report_kinds.get(kind_name)
    if kind is None:
        raise NotFound("No such report.")
    if fmt not in kind.formats:
        raise InvalidRequest("format must be one of: {formats}.", formats=", ".join(kind.formats))
    options = options or {}
    kind.check_options(options)
    kind.authorize(caller, subject_id)
    d = issued_reports.draft()
    gathered = kind.gather(report_kinds.ReportRequest(
        caller=caller, subject_id=subject_id, options=options, today=clock.today(), report_id=d.report_id,
        issued_at=d.issued_at, verify_url=d.verify_url))
    subject = person_subject(subject_id) if kind.about == "person" else program_subject(subject_id)
    content = issued_reports.register(d, gathered.render(fmt), kind=gathered.registered_as, subject=subject,
                                      issued_for=gathered.issued_for, issued_to=gathered.issued_to,
                                      media_type=kind.formats[fmt], covers=gathered.covers,
                                      details={"format": fmt, **gathered.details} if kind.about == "program"
                                      else gathered.details or None)
    if kind.announce:
        from chalicelib.services.events import publish

        publish("report.generated", {"program_id": subject_id, "report_id": d.report_id,
                                     "report_kind": f"{gathered.registered_as}:{fmt}"}, d.issued_at)
    return Issued(content, kind.formats[fmt], d.report_id, gathered.registered_as)
