"""A person's verified records as the participant, staff and an export read them."""

from __future__ import annotations

from datetime import date

from chalicelib import clock
from chalicelib.domain.credentials import expiry_status
from chalicelib.domain.education import counts, is_ece, unit_totals
from chalicelib.domain.readings import as_date
from chalicelib.domain.record_kinds import summary_of
from chalicelib.domain.training import hours_by_area, hours_by_year
from chalicelib.services.records.views import MyRecord, MyRecords, RecordLine, RecordTotals
from chalicelib.store.records import RecordItem, records_of


def _line(r: RecordItem, *, with_verifier: bool) -> MyRecord:
    """A record's line; the participant's page adds its standing to it."""
    line = MyRecord(record_id=r.record_id, kind=r.kind, data=r.data, summary=summary_of(r.kind, r.data),
                    verified_at=r.verified_at, source_document_id=r.source_document_id)
    if with_verifier:
        line["verified_by"] = r.verified_by
    return line


def record_list(user_id: str, *, with_verifier: bool = False) -> list[RecordLine]:
    """Each record with the one line its kind shows it in (domain/record_kinds)."""
    return [_line(r, with_verifier=with_verifier) for r in records_of(user_id)]


def records_with_summary(user_id: str, today: date | None = None) -> MyRecords:
    """Each record with whether it counts (courses) and its expiry (permits, CDA), and the totals."""
    today = today or clock.today()
    items: list[MyRecord] = []
    for record in records_of(user_id):
        item = _line(record, with_verifier=False)
        data = item["data"]
        if item["kind"] == "course":
            grade = data.get("grade")  # text, as the transcript's grade field reads it
            item["counts"] = counts(grade if isinstance(grade, str) else None)
            item["area"] = "ECE/CD" if is_ece(data) else "General"
        if item["kind"] in ("permit", "cda"):
            item["expiry_status"] = expiry_status(as_date(data.get("expires_on")), today).value
        items.append(item)
    courses = [i["data"] for i in items if i["kind"] == "course"]
    trainings = [i["data"] for i in items if i["kind"] == "training"]
    summary = RecordTotals(units={k: str(v) for k, v in unit_totals(courses).items()},
                           training_hours_by_area={k: str(v) for k, v in hours_by_area(trainings).items()},
                           training_hours_by_year={str(k): str(v) for k, v in hours_by_year(trainings).items()})
    return {"items": items, "summary": summary}
