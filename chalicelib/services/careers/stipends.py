"""Stipends a county runs in the registry: eligibility explained rule by rule, applications with an SSN or ITIN
(asked here and nowhere else in the app, sealed, shown masked), staff decisions, and the finance export.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from ulid import ULID

from chalicelib import clock
from chalicelib.domain.code_lists import california_county
from chalicelib.domain.json_values import JsonObject
from chalicelib.domain.stipends import (
    Facts,
    Outcome,
    Period,
    Position,
    RulesRefused,
    check_rules,
    evaluate,
    mask_tax_id,
)
from chalicelib.errors import Conflict, InvalidRequest, NotFound, word
from chalicelib.observability import logger, metrics
from chalicelib.reports.cells import csv_text
from chalicelib.security.identity import Caller
from chalicelib.services.careers.views import (
    MyStipendApplication,
    RuleOutcome,
    Stipend,
    StipendApplicant,
    StipendApplicants,
    StipendApplicationView,
    StipendEligibility,
)
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.unit_of_work import Guard, Refused, TableUnitOfWork
from chalicelib.services.views import Items
from chalicelib.store.stipends import (
    StipendApplicationItem,
    StipendProgramItem,
    application_of,
    applications_of,
    applications_to,
    get_program,
    new_application,
    new_program,
    programs_closing_from,
)


@dataclass(frozen=True, slots=True)
class StipendProgramRequest:
    name: str
    county: str
    amount: float
    period_start: date
    period_end: date
    closes_on: date
    rules: list[JsonObject]  # as staff wrote them (api/models.StipendProgram), checked by check_rules
    tax_id_required: bool


class StoredOutcome(TypedDict):
    """A rule as checked when the person applied, kept on the application in English (staff read English)."""
    kind: str
    met: bool
    explanation: dict[str, str]  # {"en": ...}


def _program_view(item: StipendProgramItem) -> Stipend:
    return {"stipend_id": item.stipend_id, "name": item.name, "county": item.county, "amount": float(item.amount),
            "period": {"start": item.period_start, "end": item.period_end}, "closes_on": item.closes_on,
            "tax_id_required": item.tax_id_required == "yes", "rules": item.rules}


def create_program(caller: Caller, request: StipendProgramRequest) -> Stipend:
    county = california_county(request.county)
    if county == "unknown":
        raise InvalidRequest("{county} is not a California county.", county=repr(request.county))
    if not request.period_start <= request.period_end:
        raise InvalidRequest("The period ends before it starts.")
    try:
        check_rules(request.rules)
    except RulesRefused as exc:
        raise InvalidRequest(exc.wording) from None
    stipend_id = str(ULID())
    item = new_program(stipend_id, name=request.name, county=county, amount=request.amount,
                       period_start=request.period_start.isoformat(), period_end=request.period_end.isoformat(),
                       closes_on=request.closes_on.isoformat(), rules=request.rules,
                       tax_id_required="yes" if request.tax_id_required else "no", created_by=caller.user_id,
                       created_at=clock.now_iso())
    uow = TableUnitOfWork()
    uow.save(item)
    uow.audit(f"stipend:{stipend_id}", caller, "stipend:created", after={"rules": request.rules})
    uow.commit()
    return _program_view(item)


def open_programs() -> Items[Stipend]:
    return {"items": [_program_view(i) for i in programs_closing_from(clock.now().date().isoformat())]}


def _program(stipend_id: str) -> StipendProgramItem:
    item = get_program(stipend_id)
    if item is None:
        raise NotFound("No such stipend program.")
    return item


def facts_of(user_id: str) -> Facts:
    """What eligibility may rest on: confirmed positions (with their program's county) and verified records."""
    from chalicelib.domain.readings import as_date
    from chalicelib.services.accounts.employment import _program as program_of
    from chalicelib.services.accounts.employment import positions_of
    from chalicelib.store.profiles import get_profile
    from chalicelib.store.records import snapshot_of

    positions = []
    for p in positions_of(user_id):
        program_id = p["program_id"]
        if p["status"] != "confirmed" or not program_id:
            continue  # self-reported and unconfirmed positions are the person's word, not the employer's
        county = (program_of(program_id).address or {}).get("county")
        positions.append(Position(role=p.get("role") or "", county=county, hours_per_week=p.get("hours_per_week"),
                                  start=as_date(p.get("start_date")), end=as_date(p.get("end_date"))))
    profile = get_profile(user_id)
    return Facts(positions=tuple(positions), records=tuple(snapshot_of(user_id).records or []),
                 home_county=california_county(profile.home_county) if profile and profile.home_county else None)


def _outcomes(item: StipendProgramItem, user_id: str) -> list[Outcome]:
    period = Period(date.fromisoformat(item.period_start), date.fromisoformat(item.period_end))
    return evaluate(item.rules, facts_of(user_id), period)


def _outcome_views(outcomes: list[Outcome], language: str) -> list[RuleOutcome]:
    return [{"kind": o.kind, "met": o.met, "explanation": word(o.explanation, language)} for o in outcomes]


def eligibility(caller: Caller, stipend_id: str, language: str = "en") -> StipendEligibility:
    """Each rule met or not, explained in `language` (the page's)."""
    item = _program(stipend_id)
    outcomes = _outcomes(item, caller.user_id)
    applied = application_of(stipend_id, caller.user_id)
    return {"stipend": _program_view(item), "eligible": all(o.met for o in outcomes),
            "rules": _outcome_views(outcomes, language),
            "application": _application_view(applied) if applied else None}


def _stored(outcome: Outcome) -> StoredOutcome:
    # What the rule said when she applied, kept for staff (who read English) as the application's evidence.
    return {"kind": outcome.kind, "met": outcome.met, "explanation": {"en": outcome.explanation.english()}}


def _application_view(item: StipendApplicationItem) -> StipendApplicationView:
    return {"stipend_id": item.stipend_id, "status": item.status, "applied_at": item.applied_at,
            "tax_id": mask_tax_id(item.tax_id_last4) if item.tax_id_last4 else None, "reason": item.reason,
            "decided_at": item.decided_at}


def apply(caller: Caller, stipend_id: str, *, tax_id: str | None,
          language: str = "en") -> StipendApplicationView:
    from chalicelib.security import fields as sealing
    from chalicelib.store.profiles import get_profile

    item = _program(stipend_id)
    if item.closes_on < clock.now().date().isoformat():
        raise Conflict("Applications to {name} closed on {closes_on}.", name=item.name, closes_on=item.closes_on)
    profile = get_profile(caller.user_id)
    if profile is None or profile.status != "active":
        raise Conflict("Enroll first: eligibility is checked against your verified record.")
    outcomes = _outcomes(item, caller.user_id)
    if not all(o.met for o in outcomes):
        raise Conflict("You are not eligible yet: {reasons}", reasons=[o.explanation for o in outcomes if not o.met],
                       extra={"rules": _outcome_views(outcomes, language)})
    if item.tax_id_required == "yes" and not tax_id:
        raise InvalidRequest("This stipend is paid only with an SSN or ITIN for tax reporting: enter yours.",
                             extra={"field": "tax_id"})
    digits = "".join(ch for ch in tax_id or "" if ch.isdigit())
    sealed = None
    if digits:
        key = sealing.load_data_key(profile.registry_id)
        if key is None:
            raise Conflict("Your profile is closed.")
        sealed = sealing.seal(key, profile.registry_id, f"stipend:{stipend_id}:tax_id", digits)
    application = new_application(stipend_id, caller.user_id, status="submitted",
                                  outcomes=[_stored(o) for o in outcomes], tax_id_sealed=sealed,
                                  tax_id_last4=digits[-4:] if digits else None, applied_at=clock.now_iso())
    uow = TableUnitOfWork()
    uow.save(application, Guard("sk", absent=True))
    uow.audit(f"stipend:{stipend_id}", caller, "stipend:applied")
    try:
        uow.commit()
    except Refused:
        raise Conflict("You already applied to this stipend.") from None
    metrics.add_metric(name="StipendApplications", unit="Count", value=1)
    return _application_view(application)


def my_applications(caller: Caller) -> Items[MyStipendApplication]:
    out: list[MyStipendApplication] = []
    for application in applications_of(caller.user_id):
        program = get_program(application.stipend_id)
        out.append({**_application_view(application), "name": program.name if program else None})
    return {"items": out}


def applications(stipend_id: str) -> StipendApplicants:
    from chalicelib.services.names import display_name
    from chalicelib.store.profiles import get_profile

    item = _program(stipend_id)
    out: list[StipendApplicant] = []
    for application in applications_to(stipend_id):
        profile = get_profile(application.applicant_id)
        if profile is None:
            continue
        out.append({**_application_view(application), "applicant_id": application.applicant_id,
                    "name": display_name(profile), "registry_id": profile.registry_id,
                    "rules": [{"kind": o["kind"], "met": o["met"], "explanation": o["explanation"]["en"]}
                              for o in application.outcomes]})
    return {"stipend": _program_view(item), "items": out}


def decide(caller: Caller, stipend_id: str, applicant_id: str, *, approve: bool,
           reason: str | None) -> StipendApplicationView:
    not_about_themselves(caller, applicant_id)
    application = application_of(stipend_id, applicant_id)
    if application is None:
        raise NotFound("No such application.")
    if application.status != "submitted":
        raise Conflict("This application was already {status}.", status=application.status)
    if not approve and not reason:
        raise InvalidRequest("Say why the application is denied (the applicant reads it).")
    application.status = "approved" if approve else "denied"
    application.reason = reason
    application.decided_by = caller.user_id
    application.decided_at = clock.now_iso()
    # In the stipend's trail: who approved paying whom, and why a denial.
    uow = TableUnitOfWork()
    uow.save(application)
    uow.audit(f"stipend:{stipend_id}", caller, f"stipend:{application.status}", reason=reason,
              after={"applicant_id": applicant_id})
    try:
        uow.commit()
    except Conflict:
        raise Conflict("Someone decided this application at the same moment. Reload it.") from None
    logger.info("stipend decided", extra={"stipend_id": stipend_id, "status": application.status})
    return _application_view(application)


def finance_export(caller: Caller, stipend_id: str) -> bytes:
    """Approved applications for payment: name, Registry ID, amount and the full SSN or ITIN (the reason it was
    asked for). Administrators only; every export is logged with who made it."""
    from chalicelib.security import fields as sealing
    from chalicelib.services.names import legal_name
    from chalicelib.store.profiles import get_profile

    item = _program(stipend_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["legal_name", "registry_id", "amount", "tax_id", "approved_at"])
    rows = 0
    for application in applications_to(stipend_id):
        if application.status != "approved":
            continue
        profile = get_profile(application.applicant_id)
        key = sealing.load_data_key(profile.registry_id) if profile else None
        if profile is None or key is None:
            continue
        tax_id = (sealing.unseal(key, profile.registry_id, f"stipend:{stipend_id}:tax_id", application.tax_id_sealed)
                  if application.tax_id_sealed else "")
        writer.writerow([csv_text(legal_name(profile)), profile.registry_id, f"{float(item.amount):.2f}", tax_id,
                         application.decided_at])
        rows += 1
    logger.info("stipend finance export", extra={"stipend_id": stipend_id, "rows": rows, "by": caller.user_id})
    return out.getvalue().encode("utf-8")
