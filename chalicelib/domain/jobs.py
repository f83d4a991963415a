"""The job board's rules: what a posting must say, when it is open, and what a search matches.

Programs post; participants search and make the first contact. There is deliberately no way to search people:
nothing here (or anywhere) lists participants to an employer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from chalicelib.domain.wording import Refusal, Wording

ROLES: Mapping[str, str] = {
    "assistant": "Assistant teacher / aide", "associate_teacher": "Associate teacher", "teacher": "Teacher",
    "lead_teacher": "Lead teacher", "site_supervisor": "Site supervisor", "director": "Program director",
    "family_child_care_assistant": "Family child care assistant", "substitute": "Substitute",
    "other": "Other role",
}
SCHEDULES: Mapping[str, str] = {"full_time": "Full time", "part_time": "Part time",
                                "substitute": "On call / substitute", "seasonal": "Seasonal or summer"}
PAY_PERIODS: Mapping[str, str] = {"hour": "per hour", "year": "per year"}
LONGEST_OPEN = timedelta(days=90)
# A full-time hour is 2080 a year: searches compare pay per hour whatever period a post uses.
HOURS_PER_YEAR = 2080


class PostStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # by the program
    REMOVED = "removed"  # by registry staff (abuse), with a reason


class PostingRefused(Refusal):
    """What is wrong with a posting, in words a director can act on."""


@dataclass(frozen=True, slots=True)
class Pay:
    low: float
    high: float
    period: str

    def hourly_high(self) -> float:
        return self.high if self.period == "hour" else self.high / HOURS_PER_YEAR


@dataclass(frozen=True, slots=True)
class Posting:
    title: str
    role: str
    county: str
    schedule: str
    pay: Pay
    requirements: str
    closes_on: date


def check_posting(posting: Posting, today: date) -> None:
    problems = []
    if posting.role not in ROLES:
        problems.append(Wording("role must be one of: {roles}.", {"roles": ", ".join(ROLES)}))
    if posting.schedule not in SCHEDULES:
        problems.append(Wording("schedule must be one of: {schedules}.", {"schedules": ", ".join(SCHEDULES)}))
    if posting.pay.period not in PAY_PERIODS:
        problems.append(Wording("pay_period must be hour or year."))
    if not 0 < posting.pay.low <= posting.pay.high:
        problems.append(Wording("The pay range needs a lowest and a highest amount above 0, the lowest first."))
    elif posting.pay.period == "hour" and posting.pay.high > 500:
        problems.append(Wording("An hourly pay above $500 looks like a yearly amount: set pay_period to year."))
    if not today < posting.closes_on <= today + LONGEST_OPEN:
        problems.append(Wording("closes_on must be after today and at most {days} days away; post again to keep "
                                "an opening listed longer.", {"days": LONGEST_OPEN.days}))
    if problems:
        raise PostingRefused("{problems}", problems=problems)


def is_listed(status: str, closes_on: date, today: date) -> bool:
    """A post is listed while open and until the end of its closing day."""
    return status == PostStatus.OPEN.value and closes_on >= today


@dataclass(frozen=True, slots=True)
class JobSearch:
    county: str | None = None
    role: str | None = None
    schedule: str | None = None
    min_hourly_pay: float | None = None

    def matches(self, posting: Posting) -> bool:
        return ((self.county is None or posting.county == self.county)
                and (self.role is None or posting.role == self.role)
                and (self.schedule is None or posting.schedule == self.schedule)
                and (self.min_hourly_pay is None or posting.pay.hourly_high() >= self.min_hourly_pay))
