"""The report registry: every report the registry issues and signs is one module in this package.

A module declares a `REPORT_KIND`: its name, whether it is about a person or a program, the formats it comes in,
who may ask for it, and how it gathers what it prints into something that renders. `services/records/reporting.py`
issues every kind the same way (draft, gather, render, sign inside, register, tell partners), and the routes
and the OpenAPI document read the kinds from here: adding a report is adding a module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Literal

from chalicelib.domain.registries import declared_in
from chalicelib.security.identity import Caller
from chalicelib.services.records.views import ReportDetails

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """One issue of a report: who asks, about whom (a person's user id or a program id), and the register's
    entry it will have."""

    caller: Caller
    subject_id: str
    options: Mapping[str, str]
    today: date
    report_id: str
    issued_at: str
    verify_url: str


@dataclass(frozen=True, slots=True)
class Gathered:
    """What a kind gathered for one issue: how it renders in each format (before signing), and what the
    register says of it."""

    render: Callable[[str], bytes]
    registered_as: str  # the kind as the register names it (a verification report with its accreditor)
    issued_for: str
    issued_to: str
    covers: list[str]  # the people in it, for "a newer version exists" after a correction
    details: ReportDetails = field(default_factory=lambda: ReportDetails())
    language: str = "en"


def no_options(options: Mapping[str, str]) -> None:
    """A kind that takes no options ignores any sent."""


@dataclass(frozen=True, slots=True)
class ReportKind:
    name: str
    about: Literal["person", "program"]
    formats: Mapping[str, str]  # format: media type
    authorize: Callable[[Caller, str], None]  # raises Forbidden (or NotFound) for someone who may not ask
    gather: Callable[[ReportRequest], Gathered]
    check_options: Callable[[Mapping[str, str]], None] = no_options
    announce: bool = False  # partners hear of each issue (report.generated)
    order: int = 100


@cache
def registry() -> dict[str, ReportKind]:
    found = declared_in(__name__, __path__, "REPORT_KIND", ReportKind)
    return {k.name: k for k in sorted(found, key=lambda k: (k.order, k.name))}


def get(name: str) -> ReportKind | None:
    return registry().get(name)


def of_programs() -> tuple[str, ...]:
    """The kinds a program's director asks for."""
    return tuple(k.name for k in registry().values() if k.about == "program")
