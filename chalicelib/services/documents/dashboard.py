"""Registry managers' figures: how long verification takes (per document type and month), what waits and for how
long, and how much of the state's licensed child care is in the registry."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from chalicelib import clock
from chalicelib.domain.code_lists import california_county
from chalicelib.domain.documents import DocStatus
from chalicelib.domain.turnaround import (
    Decision,
    HourCounts,
    backlog,
    hour_counts,
    hours_between,
    merged,
    share,
    turnaround_of_counts,
)
from chalicelib.errors import InvalidRequest
from chalicelib.observability import logger
from chalicelib.security.identity import Caller
from chalicelib.services.documents.views import FacilitiesImported, FacilityParticipation, ProcessingFigures
from chalicelib.store.operations import BacklogItem, day_period, keep_backlog, kept_backlog, month_summaries

REQUIRED_COLUMNS = ("facility_number", "name", "facility_type", "county")
MAX_FACILITIES = 100_000


def _months_back(today: date, count: int) -> list[str]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


# A day is summarised once it ended this long ago: a decision stamped just before midnight has committed by then.
SETTLED_AFTER = timedelta(minutes=10)


def _month_counts(month: str, now: datetime) -> HourCounts:
    """A month's decision times as counts: its stored summary once it has ended, otherwise its ended days'
    summaries (made now where missing) and today's decisions as they stand."""
    from chalicelib.store.operations import (
        decision_summaries,
        decision_times,
        decision_times_on,
        save_decision_summary,
    )

    def settled(next_day: date) -> bool:
        return datetime.combine(next_day, time.min, tzinfo=UTC) + SETTLED_AFTER <= now

    def counts_of(decisions: list[Any]) -> HourCounts:
        return hour_counts(Decision(i.doc_type, month, float(i.hours)) for i in decisions)

    kept = decision_summaries(month)
    if "MONTH" in kept:
        return kept["MONTH"]
    first = date.fromisoformat(f"{month}-01")
    if settled(date(first.year + first.month // 12, first.month % 12 + 1, 1)):
        counts = counts_of(decision_times(month))
        save_decision_summary(month, "MONTH", counts)
        return counts
    parts = []
    day = first
    while day <= now.date():
        period = day_period(day.isoformat())
        if period in kept:
            parts.append(kept[period])
        else:
            parts.append(counts_of(decision_times_on(day.isoformat())))
            if settled(day + timedelta(days=1)):
                save_decision_summary(month, period, parts[-1])
        day += timedelta(days=1)
    return merged(*parts)


# The dashboard's backlog and this month's figures are at most this old: the minute sweep counts them, and a
# dashboard read finding an older count (no sweep running) counts for itself.
BACKLOG_FRESH_FOR = timedelta(minutes=2)


def keep_dashboard_counts() -> BacklogItem:
    """Count the documents waiting for staff by age band, and this month's decision times, and keep both for the
    dashboard (the minute sweep)."""
    from chalicelib.store.documents import waiting_since

    now = clock.now()
    now_iso = clock.now_iso()
    ages = [hours_between(since, now_iso)
            for status in (DocStatus.NEEDS_REVIEW, DocStatus.FAILED) for since in waiting_since(status)]
    month = now.strftime("%Y-%m")
    return keep_backlog(backlog(ages), len(ages), now_iso, month, _month_counts(month, now))


def processing(months: int = 6) -> ProcessingFigures:
    months = max(1, min(months, 24))
    now = clock.now()
    wanted = _months_back(now.date(), months)
    kept = kept_backlog()
    if kept is None or datetime.fromisoformat(kept.as_of) + BACKLOG_FRESH_FOR < now:
        kept = keep_dashboard_counts()
    ended = month_summaries(wanted[:-1])  # one BatchGet; a month without its summary yet is read below
    by_month = {month: ended[month] if month in ended
                else kept.month_counts if month == kept.month and kept.month_counts is not None
                else _month_counts(month, now) for month in wanted}
    return {"months": wanted, "turnaround": turnaround_of_counts(by_month),
            "backlog": [{"age": str(band["age"]), "documents": int(band["documents"])} for band in kept.bands],
            "waiting": int(kept.waiting), "backlog_as_of": kept.as_of,
            "note": "Turnaround is from the upload being taken in to the staff decision; p50 and p90 are nearest-"
                    "rank percentiles of the decisions made in the month. Backlog counts documents waiting for "
                    "staff (needs review or failed reading) by how long they have waited. The backlog and this "
                    "month's rows are recounted every minute."}


def import_facilities(caller: Caller, text: str) -> FacilitiesImported:
    """Replace-or-add the state's licensed facilities from its CSV (Community Care Licensing's columns named as
    REQUIRED_COLUMNS, and optionally `staff`). Every problem is reported with its line; nothing is written
    unless the whole file is sound."""
    try:
        return _import_facilities(caller, csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        # A field past the csv module's limit (128 KB), a stray NUL: the file's shape, said as such, not a 500.
        raise InvalidRequest("The file is not a CSV the registry can read ({problem}). Export it again as plain "
                             "CSV, one facility a line.", problem=str(exc)[:120]) from exc


def _import_facilities(caller: Caller, reader: csv.DictReader[str]) -> FacilitiesImported:
    from chalicelib.store.operations import licensed_facility, write_facilities

    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InvalidRequest("The file needs the columns {columns} (and may have staff); missing: {missing}.",
                             columns=", ".join(REQUIRED_COLUMNS), missing=", ".join(missing))
    reader.fieldnames = columns
    items: list[Any] = []
    problems: list[str] = []
    at = clock.now_iso()
    for line, row in enumerate(reader, start=2):
        if len(items) >= MAX_FACILITIES:
            raise InvalidRequest("The file has more than {most} facilities; split it by county.", most=MAX_FACILITIES)
        number = (row.get("facility_number") or "").strip()
        county = california_county(row.get("county"))
        staff_text = (row.get("staff") or "").strip()
        if not number.isdigit():
            problems.append(f"line {line}: facility_number must be digits")
            continue
        if county == "unknown":
            problems.append(f"line {line}: {row.get('county')!r} is not a California county")
            continue
        if staff_text and not staff_text.isdigit():
            problems.append(f"line {line}: staff must be a whole number")
            continue
        items.append(licensed_facility(facility_number=number, name=(row.get("name") or "").strip()[:200],
                                       facility_type=(row.get("facility_type") or "").strip()[:60], county=county,
                                       staff=int(staff_text) if staff_text else None, imported_at=at))
    if problems:
        raise InvalidRequest("Nothing was imported. Fix these lines and send the file again: {problems}.",
                             problems="; ".join(problems[:20]) + (f"; +{len(problems) - 20}" if len(problems) > 20
                                                                  else ""))
    write_facilities(items)
    logger.info("licensed facilities imported", extra={"facilities": len(items), "by": caller.user_id})
    return {"imported": len(items)}


def participation() -> FacilityParticipation:
    """Of the licensed facilities last imported: how many are programs in the registry, and of the staff the list
    states for those, how many hold a confirmed, current position in the registry."""
    from chalicelib.services.accounts.program_staff import current_staff
    from chalicelib.store.operations import licensed_facilities, registry_license_numbers

    facilities = licensed_facilities()
    known = registry_license_numbers()
    today = clock.now().date()
    by_county: dict[str, dict[str, int]] = {}
    in_registry = staff_listed = staff_in_registry = 0
    for facility in facilities:
        county = by_county.setdefault(facility.county, {"facilities": 0, "in_registry": 0})
        county["facilities"] += 1
        program_id = known.get(facility.facility_number)
        if program_id is None:
            continue
        in_registry += 1
        county["in_registry"] += 1
        if facility.staff:
            staff_listed += int(facility.staff)
            staff_in_registry += min(int(facility.staff), len(current_staff(program_id, today)))
    return {"facilities": len(facilities), "in_registry": in_registry, "share": share(in_registry, len(facilities)),
            "staff": {"listed_at_facilities_in_registry": staff_listed, "in_registry": staff_in_registry,
                      "share": share(staff_in_registry, staff_listed)},
            "by_county": [{"county": c, "facilities": v["facilities"], "in_registry": v["in_registry"],
                           "share": share(v["in_registry"], v["facilities"])}
                          for c, v in sorted(by_county.items())],
            "note": "A facility is in the registry when a program there has its license number. Staff shares "
                    "use the staff counts the imported list states, where it states them."}
