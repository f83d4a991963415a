"""Stipends a county runs in the registry: eligibility explained, applications, decisions, the finance export."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.routing import RequestContext, json_response, secured
from chalicelib.security.identity import Role
from chalicelib.services.careers.views import (
    MyStipendApplication,
    Stipend,
    StipendApplicants,
    StipendApplicationView,
    StipendEligibility,
)
from chalicelib.services.views import Items

bp = Blueprint(__name__)
STAFF = [Role.STAFF, Role.ADMIN]
SIGNED_IN = [Role.PARTICIPANT, Role.DIRECTOR, Role.STAFF, Role.ADMIN, Role.SPONSOR]


@secured(bp, "/v1/stipends", roles=SIGNED_IN)
def open_stipends(ctx: RequestContext) -> Items[Stipend]:
    from chalicelib.services.careers import stipends

    return stipends.open_programs()


@secured(bp, "/v1/stipends", methods=["POST"], roles=STAFF)
def create_stipend(ctx: RequestContext) -> Response:
    from chalicelib.api.models import StipendProgram
    from chalicelib.services.careers import stipends

    body = ctx.body(StipendProgram)
    created = stipends.create_program(ctx.user, stipends.StipendProgramRequest(
        name=body.name, county=body.county, amount=body.amount, period_start=body.period_start,
        period_end=body.period_end, closes_on=body.closes_on, rules=body.rules,
        tax_id_required=body.tax_id_required))
    return json_response(created, status_code=201)


@secured(bp, "/v1/stipends/{stipend_id}/eligibility", roles=[Role.PARTICIPANT])
def stipend_eligibility(ctx: RequestContext, stipend_id: str) -> StipendEligibility:
    from chalicelib.services.careers import stipends

    return stipends.eligibility(ctx.user, stipend_id, language=ctx.language)


@secured(bp, "/v1/stipends/{stipend_id}/applications", methods=["POST"], roles=[Role.PARTICIPANT])
def apply_for_stipend(ctx: RequestContext, stipend_id: str) -> Response:
    from chalicelib.api.models import StipendApplication
    from chalicelib.services.careers import stipends

    return json_response(stipends.apply(ctx.user, stipend_id, tax_id=ctx.body(StipendApplication).tax_id,
                                        language=ctx.language),
                         status_code=201)


@secured(bp, "/v1/me/stipend-applications", roles=[Role.PARTICIPANT])
def my_stipend_applications(ctx: RequestContext) -> Items[MyStipendApplication]:
    from chalicelib.services.careers import stipends

    return stipends.my_applications(ctx.user)


@secured(bp, "/v1/stipends/{stipend_id}/applications", roles=STAFF)
def stipend_applications(ctx: RequestContext, stipend_id: str) -> StipendApplicants:
    from chalicelib.services.careers import stipends

    return stipends.applications(stipend_id)


@secured(bp, "/v1/stipends/{stipend_id}/applications/{applicant_id}/decision", methods=["POST"], roles=STAFF)
def decide_stipend(ctx: RequestContext, stipend_id: str, applicant_id: str) -> StipendApplicationView:
    from chalicelib.api.models import StipendDecision
    from chalicelib.services.careers import stipends

    body = ctx.body(StipendDecision)
    return stipends.decide(ctx.user, stipend_id, applicant_id, approve=body.decision == "approve",
                           reason=body.reason)


@secured(bp, "/v1/stipends/{stipend_id}/finance-export", roles=[Role.ADMIN])
def stipend_finance_export(ctx: RequestContext, stipend_id: str) -> Response:
    from chalicelib.api.profile import download
    from chalicelib.services.careers import stipends

    return download(stipends.finance_export(ctx.user, stipend_id).decode("utf-8"), "text/csv",
                    f"stipend-{stipend_id}-approved.csv", {})
