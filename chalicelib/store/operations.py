"""What registry managers' figures are read from: one small item per decision, by month, and the state's list
of licensed facilities as last imported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.store.base import RegistryItem


class DecisionTimeItem(RegistryItem, discriminator="decision_time"):
    """pk=TURNAROUND#{yyyy-mm} sk={decided_at}#{document}: written in the decision's transaction."""

    doc_type = UnicodeAttribute()
    hours = NumberAttribute()


class LicensedFacilityItem(RegistryItem, discriminator="licensed_facility"):
    """pk=LICENSED#{facility number} sk=FACILITY; gsi1: LICENSED_FACILITIES / {county}#{number}."""

    facility_number = UnicodeAttribute()
    name = UnicodeAttribute()
    facility_type = UnicodeAttribute()
    county = UnicodeAttribute()
    staff = NumberAttribute(null=True)  # as the list states it, where it does
    imported_at = UnicodeAttribute()


def decision_time(document_id: str, *, doc_type: str, decided_at: str, hours: float) -> DecisionTimeItem:
    return DecisionTimeItem(f"TURNAROUND#{decided_at[:7]}", f"{decided_at}#{document_id}", doc_type=doc_type,
                            hours=hours)


def decision_times(month: str) -> list[DecisionTimeItem]:
    return [i for i in DecisionTimeItem.query(f"TURNAROUND#{month}", DecisionTimeItem.sk < "DAY#")
            if isinstance(i, DecisionTimeItem)]


def decision_times_on(day: str) -> list[DecisionTimeItem]:
    """The decisions of one day (yyyy-mm-dd)."""
    return [i for i in DecisionTimeItem.query(f"TURNAROUND#{day[:7]}", DecisionTimeItem.sk.startswith(day))
            if isinstance(i, DecisionTimeItem)]


class DecisionSummaryItem(RegistryItem, discriminator="decision_summary"):
    """pk=TURNAROUND#{yyyy-mm} sk=DAY#{yyyy-mm-dd} or MONTH: the decision times of a day or month that has
    ended, as counts per document type of hours in tenths ({doc_type: {tenths: count}}). Written once, the first
    time a figure needs that period, so a dashboard reads a few of these instead of every decision of the year."""

    counts = JSONAttribute()


def decision_summaries(month: str) -> dict[str, dict[str, dict[str, int]]]:
    """The summaries kept for a month: {'MONTH' or 'DAY#yyyy-mm-dd': counts}."""
    return {i.sk: i.counts for i in DecisionSummaryItem.query(f"TURNAROUND#{month}", DecisionSummaryItem.sk >= "DAY#")
            if isinstance(i, DecisionSummaryItem)}


def save_decision_summary(month: str, period: str, counts: dict[str, dict[str, int]]) -> None:
    """period: 'MONTH' or 'DAY#yyyy-mm-dd'. The same counts whoever writes them first: no condition needed."""
    DecisionSummaryItem(f"TURNAROUND#{month}", period, counts=counts).save()


def day_period(day: str) -> str:
    """The summary period of one day (yyyy-mm-dd)."""
    return f"DAY#{day}"


def month_summaries(months: list[str]) -> dict[str, dict[str, dict[str, int]]]:
    """The MONTH summaries kept for these months, in one BatchGet: {month: counts}."""
    keys = [(f"TURNAROUND#{month}", "MONTH") for month in months]
    return {str(i.pk).removeprefix("TURNAROUND#"): i.counts for i in DecisionSummaryItem.batch_get(keys)
            if isinstance(i, DecisionSummaryItem)} if keys else {}


class BacklogItem(RegistryItem, discriminator="backlog"):
    """pk=DASHBOARD sk=BACKLOG: the waiting documents counted by age band, and this month's decision times as
    counts, as of `as_of`. Counting them means reading every waiting document's key (6,000 at state scale: 0.9 s
    even from a keys-only index) and today's decisions (1,650: 0.4 s), so the minute sweep counts and the
    dashboard reads this one item."""

    bands = JSONAttribute()  # [{age, documents}]
    waiting = NumberAttribute()
    as_of = UnicodeAttribute()
    month = UnicodeAttribute(null=True)  # yyyy-mm of month_counts
    month_counts = JSONAttribute(null=True)  # {doc_type: {tenths: count}}


def kept_backlog() -> BacklogItem | None:
    try:
        return BacklogItem.get("DASHBOARD", "BACKLOG")
    except BacklogItem.DoesNotExist:
        return None


def keep_backlog(bands: Sequence[Mapping[str, object]], waiting: int, as_of: str, month: str,
                 month_counts: dict[str, dict[str, int]]) -> BacklogItem:
    item = BacklogItem("DASHBOARD", "BACKLOG", bands=bands, waiting=waiting, as_of=as_of, month=month,
                       month_counts=month_counts)
    item.save()
    return item


def licensed_facility(**fields: Any) -> LicensedFacilityItem:
    number = fields["facility_number"]
    return LicensedFacilityItem(f"LICENSED#{number}", "FACILITY", gsi1pk="LICENSED_FACILITIES",
                                gsi1sk=f"{fields['county']}#{number}", **fields)


def licensed_facilities() -> list[LicensedFacilityItem]:
    return [i for i in RegistryItem.gsi1.query("LICENSED_FACILITIES") if isinstance(i, LicensedFacilityItem)]


def write_facilities(items: list[LicensedFacilityItem]) -> None:
    with LicensedFacilityItem.batch_write() as batch:
        for item in items:
            batch.save(item)


def registry_license_numbers() -> dict[str, str]:
    """License number -> program id, for every program the registry knows."""
    from chalicelib.store.people import ProgramItem

    return {p.license_number: p.program_id for p in RegistryItem.gsi1.query("PROGRAMS")
            if isinstance(p, ProgramItem) and p.license_number}
