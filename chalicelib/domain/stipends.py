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
from chalicelib.domain.wording import Refusal

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
    explanation: dict[str, str]  # by language


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


def _position_rule(rule: Mapping[str, Any], facts: Facts, period: Period) -> Outcome:
    hours = float(rule["min_hours_per_week"])
    roles = [r.lower() for r in rule.get("roles") or []]
    counties = set(rule.get("counties") or [])
    wanted = f"at least {hours:g} hours a week" + (f" as {' or '.join(rule['roles'])}" if roles else "") + (
        f" in {' or '.join(sorted(counties))} County" if counties else "")
    wanted_es = f"al menos {hours:g} horas por semana" + (f" como {' o '.join(rule['roles'])}" if roles else "") + (
        f" en el condado de {' o '.join(sorted(counties))}" if counties else "")
    for position in facts.positions:
        if (_overlaps(position, period) and (position.hours_per_week or 0) >= hours
                and (not roles or any(r in position.role.lower() for r in roles))
                and (not counties or position.county in counties)):
            return Outcome("position", True, {
                "en": f"You have a confirmed position ({position.role}) with {wanted} during the program period.",
                "es": f"Tiene un puesto confirmado ({position.role}) con {wanted_es} durante el período."})
    unknown = any(p.hours_per_week is None and _overlaps(p, period) for p in facts.positions)
    hint_en = " One of your positions has no hours per week: ask your director to add them." if unknown else ""
    hint_es = " Uno de sus puestos no tiene horas por semana: pida a su director que las agregue." if unknown else ""
    return Outcome("position", False, {
        "en": f"Needs a position confirmed by your employer with {wanted} between {period.start} and "
              f"{period.end}.{hint_en}",
        "es": f"Se necesita un puesto confirmado por su empleador con {wanted_es} entre {period.start} y "
              f"{period.end}.{hint_es}"})


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
    what_en = "early childhood education units" if ece_only else "college units"
    what_es = "unidades de educación infantil" if ece_only else "unidades universitarias"
    note_en = f" {unread} verified course(s) have no term we can read and are not counted." if unread else ""
    note_es = f" {unread} curso(s) verificado(s) no tienen un período legible y no se cuentan." if unread else ""
    met = total >= needed
    return Outcome("units_in_period", met, {
        "en": f"{'You completed' if met else 'Needs'} {needed:g} {what_en} in terms between {period.start} and "
              f"{period.end}; your verified records show {total:g}.{note_en}",
        "es": f"{'Completó' if met else 'Se necesitan'} {needed:g} {what_es} en períodos entre {period.start} y "
              f"{period.end}; sus registros verificados muestran {total:g}.{note_es}"})


def _county_rule(rule: Mapping[str, Any], facts: Facts) -> Outcome:
    counties = sorted(rule["counties"])
    met = facts.home_county in counties
    return Outcome("home_county", met, {
        "en": f"{'You live' if met else 'Needs a home'} in {' or '.join(counties)} County"
              f"{'' if met else ' (your profile says ' + (facts.home_county or 'no county') + ')'}.",
        "es": f"{'Vive' if met else 'Se necesita vivir'} en el condado de {' o '.join(counties)}"
              f"{'' if met else ' (su perfil dice ' + (facts.home_county or 'ningún condado') + ')'}."})


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
