"""Stipend eligibility as data: a county's program lists rules, each checked against verified records and
confirmed positions only, and each explained to the applicant (met or not, and why) in their language.

Rule kinds (a program's `rules` is a list of these objects):
- `position`: a confirmed position during the program's period, with `min_hours_per_week`, and optionally
  `roles` (words any of which the position's role contains) and `counties` (where the program is);
- `units_in_period`: at least `min_units` verified college units in terms within the period (`ece_only` to
  count early-childhood units only);
- `home_county`: the participant lives in one of `counties`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib.domain.education import counts, is_ece
from chalicelib.domain.readings import as_date, as_decimal
from chalicelib.domain.wording import Refusal, Wording

RULE_KINDS = ("position", "units_in_period", "home_county")
_SEASON_MONTH = {"winter": 1, "spring": 3, "summer": 7, "fall": 10, "autumn": 10}
_TERM = re.compile(r"\b(winter|spring|summer|fall|autumn)\s+(\d{4})\b", re.I)


class RulesRefused(Refusal):
    """A program's rules are not ones the registry can check (says which and why)."""


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Position:
    role: str
    county: str | None
    hours_per_week: float | None
    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class Facts:
    positions: tuple[Position, ...]
    records: tuple[Mapping[str, Any], ...]
    home_county: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str
    met: bool
    explanation: Wording  # why, worded in the reader's language when read


def check_rules(rules: Sequence[Mapping[str, Any]]) -> None:
    if not rules:
        raise RulesRefused("A stipend program needs at least one eligibility rule.")
    for n, rule in enumerate(rules, start=1):
        kind = rule.get("kind")
        if kind not in RULE_KINDS:
            raise RulesRefused("Rule {n}: kind must be one of {kinds}.", n=n, kinds=", ".join(RULE_KINDS))
        if kind == "position" and not isinstance(rule.get("min_hours_per_week"), int | float):
            raise RulesRefused("Rule {n}: a position rule needs min_hours_per_week.", n=n)
        if kind == "units_in_period" and not isinstance(rule.get("min_units"), int | float):
            raise RulesRefused("Rule {n}: a units rule needs min_units.", n=n)
        if kind == "home_county" and not rule.get("counties"):
            raise RulesRefused("Rule {n}: a home county rule needs counties.", n=n)


def term_date(term: Any) -> date | None:
    """The middle of a term named like "Fall 2025"; None when the term cannot be read (never guessed)."""
    found = _TERM.search(str(term or ""))
    if not found:
        return as_date(term) if term else None
    return date(int(found[2]), _SEASON_MONTH[found[1].lower()], 15)


def _overlaps(position: Position, period: Period) -> bool:
    starts = position.start or date.min
    ends = position.end or date.max
    return starts <= period.end and ends >= period.start


def _wanted(hours: float, roles: list[str], counties: list[str]) -> Wording:
    values = {"hours": f"{hours:g}", "roles": " / ".join(roles), "counties": " / ".join(counties)}
    if roles and counties:
        return Wording("at least {hours} hours a week as {roles} in {counties} County", values)
    if roles:
        return Wording("at least {hours} hours a week as {roles}", values)
    if counties:
        return Wording("at least {hours} hours a week in {counties} County", values)
    return Wording("at least {hours} hours a week", values)


def _position_rule(rule: Mapping[str, Any], facts: Facts, period: Period) -> Outcome:
    hours = float(rule["min_hours_per_week"])
    roles = [r.lower() for r in rule.get("roles") or []]
    counties = set(rule.get("counties") or [])
    wanted = _wanted(hours, list(rule.get("roles") or []), sorted(counties))
    for position in facts.positions:
        if (_overlaps(position, period) and (position.hours_per_week or 0) >= hours
                and (not roles or any(r in position.role.lower() for r in roles))
                and (not counties or position.county in counties)):
            return Outcome("position", True, Wording(
                "You have a confirmed position ({role}) with {wanted} during the program period.",
                {"role": position.role, "wanted": wanted}))
    unknown = any(p.hours_per_week is None and _overlaps(p, period) for p in facts.positions)
    needs = {"wanted": wanted, "start": period.start.isoformat(), "end": period.end.isoformat()}
    if unknown:
        return Outcome("position", False, Wording(
            "Needs a position confirmed by your employer with {wanted} between {start} and {end}. One of your "
            "positions has no hours per week: ask your director to add them.", needs))
    return Outcome("position", False, Wording(
        "Needs a position confirmed by your employer with {wanted} between {start} and {end}.", needs))


def _units_rule(rule: Mapping[str, Any], facts: Facts, period: Period) -> Outcome:
    needed = Decimal(str(rule["min_units"]))
    ece_only = bool(rule.get("ece_only"))
    total = Decimal("0")
    unread = 0
    for record in facts.records:
        if record.get("kind") != "course":
            continue
        data = record.get("data") or {}
        when = term_date(data.get("term"))
        if when is None:
            unread += 1
            continue
        if period.start <= when <= period.end and counts(data.get("grade")) and (not ece_only or is_ece(data)):
            total += as_decimal(data.get("units")) or Decimal("0")
    met = total >= needed
    values = {"needed": f"{needed:g}", "total": f"{total:g}", "start": period.start.isoformat(),
              "end": period.end.isoformat(),
              "what": Wording("early childhood education units") if ece_only else Wording("college units")}
    explanation = (Wording("You completed {needed} {what} in terms between {start} and {end}; your verified records "
                           "show {total}.", values) if met else
                   Wording("Needs {needed} {what} in terms between {start} and {end}; your verified records show "
                           "{total}.", values))
    if unread:
        explanation = Wording("{rule} {note}", {"rule": explanation, "note": Wording(
            "{count} verified course(s) have no term we can read and are not counted.", {"count": unread})})
    return Outcome("units_in_period", met, explanation)


def _county_rule(rule: Mapping[str, Any], facts: Facts) -> Outcome:
    counties = " / ".join(sorted(rule["counties"]))
    if facts.home_county in rule["counties"]:
        return Outcome("home_county", True, Wording("You live in {counties} County.", {"counties": counties}))
    return Outcome("home_county", False, Wording(
        "Needs a home in {counties} County (your profile says {county}).",
        {"counties": counties, "county": facts.home_county or Wording("no county")}))


def evaluate(rules: Sequence[Mapping[str, Any]], facts: Facts, period: Period) -> list[Outcome]:
    outcomes = []
    for rule in rules:
        if rule["kind"] == "position":
            outcomes.append(_position_rule(rule, facts, period))
        elif rule["kind"] == "units_in_period":
            outcomes.append(_units_rule(rule, facts, period))
        else:
            outcomes.append(_county_rule(rule, facts))
    return outcomes


def mask_tax_id(tax_id: str) -> str:
    return f"***-**-{tax_id[-4:]}"
