"""The Direct Service Profile Report (DSPR) state-funded training sponsors file for California: one row per
training event delivered in a period, identified by its organisational code, with how many people attended and
who they were, in counts.

What the California registry's help desk describes (ccala.zendesk.com, "Training Sponsor Information: Reporting
with the Direct Service Profile Report"): an Excel export for the Child Development Training Consortium, filtered
by program code, dates and county, whose first column is the ORGCODE built from the vendor number, the county
number and CDE/F5CA program code, the delivery type (peer to peer 0, training 1, TOT 2, TA 3, coaching 5,
mentoring 6), the delivery method (classroom or online) and the funding (CDE/F5 funded 0, fee for service 8),
e.g. TEST##C100. The CDE memo with the exact code lists is not public: the letters and digits here follow that
example, and a sponsor's own codes (vendor number, program letter, funding) are what it sets on its desk.

People are counted, never listed: an event's attendees are broken down by language and race only from five
attendees on (the same small-count rule as the sponsor's other report), so a row cannot name anyone.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from chalicelib.domain.code_lists import (
    CALIFORNIA_COUNTIES,
    LANGUAGES,
    RACE,
    california_county,
    coded_answer,
    language_code,
)
from chalicelib.errors import Conflict, InvalidRequest
from chalicelib.services.training.views import StateCodes, StateReportingChanged

if TYPE_CHECKING:
    from chalicelib.security.identity import Caller
    from chalicelib.services.unit_of_work import UnitOfWork
    from chalicelib.store.training import TrainingEventItem

SMALL_COUNT = 5
LONGEST_PERIOD_DAYS = 396  # a fiscal year and a month: what a sponsor reports at once
DELIVERY_TYPE_TRAINING = "1"
METHOD = {"in_person": "0", "online": "1", "hybrid": "1"}  # classroom 0; online (and partly online) 1
FUNDING = {"funded": "0", "fee_for_service": "8"}


@dataclass(frozen=True, slots=True)
class StateReporting:
    vendor_number: str
    program_letter: str  # the CDE/F5CA program as one letter (C for CCIP in the help desk's example)
    funding: str  # funded | fee_for_service


def set_state_reporting(caller: Caller, sponsor_id: str, settings: StateReporting,
                        uow: UnitOfWork | None = None) -> StateReportingChanged:
    from chalicelib.services.training.sponsors import managed_sponsor, sponsor_subject
    from chalicelib.services.unit_of_work import TableUnitOfWork

    uow = uow or TableUnitOfWork()
    sponsor = managed_sponsor(caller, sponsor_id, uow.training)
    value: StateCodes = {"vendor_number": settings.vendor_number, "program_letter": settings.program_letter,
             "funding": settings.funding}
    uow.set(sponsor, "state_reporting", value)
    uow.audit(sponsor_subject(sponsor_id), caller, "sponsor:state_reporting_changed", after=value)
    uow.commit()
    return {"sponsor_id": sponsor_id, "state_reporting": value}


def county_number(county: str | None) -> str:
    """California's county numbers are the counties in alphabetical order, 01 Alameda to 58 Yuba."""
    name = california_county(county)
    return f"{CALIFORNIA_COUNTIES.index(name) + 1:02d}" if name in CALIFORNIA_COUNTIES else "00"


def org_code(reporting: Mapping[str, Any], event: TrainingEventItem) -> str:
    d = event.details
    return (f"{reporting['vendor_number']}{county_number(d.get('county'))}{reporting['program_letter']}"
            f"{DELIVERY_TYPE_TRAINING}{METHOD.get(str(d.get('delivery')), '0')}{FUNDING[reporting['funding']]}")


def _breakdown(counter: Counter[str], codes: list[str]) -> list[int]:
    return [counter.get(code, 0) for code in codes]


def report(caller: Caller, sponsor_id: str, *, start: date, end: date, county: str | None,
           uow: UnitOfWork | None = None) -> bytes:
    from openpyxl import Workbook

    from chalicelib.reports.cells import xlsx_row
    from chalicelib.services.training.sponsors import managed_sponsor
    from chalicelib.services.unit_of_work import TableUnitOfWork
    from chalicelib.store.training import events_of_sponsor

    uow = uow or TableUnitOfWork()
    sponsor = managed_sponsor(caller, sponsor_id, uow.training)
    if end < start or (end - start).days > LONGEST_PERIOD_DAYS:
        raise InvalidRequest("from and to: a period of at most {days} days, from before to.",
                             days=LONGEST_PERIOD_DAYS)
    reporting = dict(sponsor.state_reporting or {})
    if not reporting:
        raise Conflict("Set the sponsor's state vendor number, program and funding first (State reporting on the "
                       "sponsor desk): the report's codes are built from them.")
    languages = list(dict.fromkeys([*LANGUAGES.keys(), "other", "not given"]))
    races = list(dict.fromkeys([*RACE.keys(), "two or more", "other", "not given"]))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("DSPR")
    sheet.append(xlsx_row(sheet, ["ORGCODE", "Training", "Date", "Hours", "County", "Attended",
                                  *[f"Language: {c}" for c in languages], *[f"Race: {c}" for c in races]]))
    for event in events_of_sponsor(sponsor_id, start.isoformat(), end.isoformat()):
        day = event.starts_at[:10]
        if event.draft:
            continue
        d = event.details
        if county and california_county(d.get("county")) != california_county(county):
            continue
        attended = [e.user_id for e in uow.training.enrollments_of_event(event.event_id) if e.status == "attended"]
        by_language: Counter[str] = Counter()
        by_race: Counter[str] = Counter()
        for user_id in attended:
            profile = uow.people.profile(user_id)
            answers = (profile.demographics if profile else None) or {}
            by_language[language_code(answers.get("primary_language"))] += 1
            by_race[coded_answer(answers.get("race_ethnicity"), RACE)] += 1
        counts: list[Any]
        if len(attended) >= SMALL_COUNT:
            counts = [*_breakdown(by_language, languages), *_breakdown(by_race, races)]
        else:
            counts = [f"<{SMALL_COUNT} attended"] * (len(languages) + len(races))
        sheet.append(xlsx_row(sheet, [org_code(reporting, event), d.get("title"), day, d.get("hours"),
                                      d.get("county"), len(attended), *counts]))
    book.properties.title = f"{sponsor.name}: Direct Service Profile {start.isoformat()} to {end.isoformat()}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
