"""The sponsor's Excel report."""

from __future__ import annotations

from chalicelib import clock
from chalicelib.security.identity import Caller
from chalicelib.services.training.attendance import granted_hours
from chalicelib.services.training.sponsors import managed_sponsor
from chalicelib.services.training.survey import SURVEY_THRESHOLD, summarise_answers, survey_closes
from chalicelib.store.training import (
    enrollments_of_event,
)

SMALL_COUNT = 5


def sponsor_report(caller: Caller, sponsor_id: str) -> bytes:
    """The sponsor's Excel report: attendance per event, hours granted by competency area, funding sources,
    feedback (events with at least five answers) and attendee counts by county and language, each count under
    five shown as '<5' (and the total then not given, so it cannot be worked back)."""
    import io
    from collections import Counter, defaultdict

    from openpyxl import Workbook

    from chalicelib.reports.cells import xlsx_row
    from chalicelib.store.profiles import get_profile
    from chalicelib.store.training import events_of_sponsor, survey_of

    sponsor = managed_sponsor(caller, sponsor_id)
    # Write-only: xlsx_row stores formula-like text as text cells, which only write-only sheets keep.
    book = Workbook(write_only=True)
    attendance = book.create_sheet("Attendance")
    attendance.append(xlsx_row(attendance, ["Event", "Title", "Starts", "County", "Capacity", "Enrolled",
                                            "Waitlisted", "Attended", "No show", "Withdrawn", "Hours granted"]))
    hours_by_area: dict[str, float] = defaultdict(float)
    funding: Counter[str] = Counter()
    by_county: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    feedback = book.create_sheet("Feedback")
    feedback.append(xlsx_row(feedback, ["Event", "Title", "Responses", "Useful", "Presenter", "Would recommend"]))
    for event in events_of_sponsor(sponsor_id):
        d = event.details
        people = enrollments_of_event(event.event_id)
        counts = Counter(p.status for p in people)
        granted = (granted_hours(event) or 0.0) * counts["attended"]
        hours_by_area[d.get("competency_area") or "Not specified"] += granted
        funding[d.get("funding_source") or "Not given"] += 1
        attendance.append(xlsx_row(attendance, [
            event.event_id, d.get("title"), event.starts_at[:16], d.get("county"), int(event.capacity),
            counts["enrolled"], counts["waitlisted"], counts["attended"], counts["no_show"], counts["withdrawn"],
            granted]))
        for p in people:
            if p.status == "attended":
                profile = get_profile(p.user_id)
                by_county[(profile.home_county if profile else None) or "Not given"] += 1
                by_language[(profile.preferred_language if profile else None) or "Not given"] += 1
        summary = summarise_answers([r.answers for r in survey_of(event.event_id)], closes=survey_closes(event))
        # As on the summary page: nothing until the survey closes, then everything from SURVEY_THRESHOLD answers.
        a = summary.get("averages") or {}
        hidden = (f"when the survey closes on {summary['closes_on']}" if "closes_on" in summary and
                  clock.now() < survey_closes(event) else f"fewer than {SURVEY_THRESHOLD} answers")
        feedback.append(xlsx_row(feedback, [event.event_id, d.get("title"), summary.get("responses", hidden),
                                            a.get("useful", hidden), a.get("presenter", hidden),
                                            a.get("recommend", hidden)]))
    areas = book.create_sheet("Hours by area")
    areas.append(xlsx_row(areas, ["Competency area", "Hours granted"]))
    for area, hours in sorted(hours_by_area.items()):
        areas.append(xlsx_row(areas, [area, hours]))
    funds = book.create_sheet("Funding")
    funds.append(xlsx_row(funds, ["Funding source", "Events"]))
    for source, n in sorted(funding.items()):
        funds.append(xlsx_row(funds, [source, n]))
    people_sheet = book.create_sheet("Attendees")
    people_sheet.append(xlsx_row(people_sheet, ["Attribute", "Value", "Attendees"]))
    for attribute, counter in (("County", by_county), ("Preferred language", by_language)):
        for value, n in sorted(counter.items()):
            shown = n if n >= SMALL_COUNT else f"<{SMALL_COUNT}"
            people_sheet.append(xlsx_row(people_sheet, [attribute, value, shown]))
    book.properties.title = f"{sponsor.name}: training report"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
