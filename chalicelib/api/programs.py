"""Program directors: their staff's positions, confirmed or declined."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.routing import RequestContext, secured
from chalicelib.security.identity import Role
from chalicelib.services.accounts.views import (
    DirectorAccessAsked,
    DirectorAccessDecided,
    DirectorRequestLine,
    PositionView,
    ProgramView,
    StaffMember,
)
from chalicelib.services.records.views import PastReport, QrisSummary
from chalicelib.services.views import Items

bp = Blueprint(__name__)
DIRECTORS = [Role.DIRECTOR, Role.STAFF, Role.ADMIN]


@secured(bp, "/v1/programs/{program_id}/positions", roles=DIRECTORS)
def list_positions(ctx: RequestContext, program_id: str) -> Items[StaffMember]:
    from chalicelib.services.accounts import employment

    return {"items": employment.program_roster(ctx.user, program_id)}


@secured(bp, "/v1/programs/{program_id}/positions/{employment_id}/decision", methods=["POST"], roles=DIRECTORS)
def decide_position(ctx: RequestContext, program_id: str, employment_id: str) -> PositionView:
    from chalicelib.api.models import PositionDecision
    from chalicelib.services.accounts import employment

    body = ctx.body(PositionDecision)
    return employment.decide_position(ctx.user, program_id, employment_id, confirm=body.decision == "confirm")


@secured(bp, "/v1/programs/{program_id}/positions/{employment_id}", methods=["PATCH"], roles=DIRECTORS)
def correct_position(ctx: RequestContext, program_id: str, employment_id: str) -> PositionView:
    from chalicelib.api.models import PositionPatch
    from chalicelib.services.accounts import employment

    changes = ctx.body(PositionPatch).model_dump(mode="json", exclude_unset=True)
    return employment.director_update(ctx.user, program_id, employment_id, changes)


@secured(bp, "/v1/programs/{program_id}/reports/{kind}", roles=DIRECTORS)
def program_report(ctx: RequestContext, program_id: str, kind: str) -> Response:
    from chalicelib.api.profile import download
    from chalicelib.errors import NotFound
    from chalicelib.services.records import report_kinds
    from chalicelib.services.records.reporting import issue

    if kind not in report_kinds.of_programs():
        raise NotFound("No such report.")
    fmt = (ctx.query("format") or "pdf").lower()
    accreditor = (ctx.query("accreditor") or "naeyc").lower()
    issued = issue(kind, ctx.user, program_id, fmt=fmt, options={"accreditor": accreditor})
    name = f"{kind}-{accreditor}-{issued.report_id}.{fmt}"
    if fmt == "json":
        # JSON travels as text through API Gateway; the registered hash is of these exact UTF-8 bytes.
        return download(issued.content.decode("utf-8"), issued.media_type, name, {"X-Report-Id": issued.report_id})
    return download(issued.content, issued.media_type, name, {"X-Report-Id": issued.report_id})


@secured(bp, "/v1/programs/{program_id}/qris", roles=DIRECTORS)
def qris_summary(ctx: RequestContext, program_id: str) -> QrisSummary:
    from chalicelib.services.records import qris

    return qris.summary(ctx.user, program_id)


@secured(bp, "/v1/programs/{program_id}/reports", roles=DIRECTORS)
def program_reports_list(ctx: RequestContext, program_id: str) -> Items[PastReport]:
    from chalicelib.services.records import program_reports

    return program_reports.past_reports(ctx.user, program_id)


@secured(bp, "/v1/programs", roles=[*DIRECTORS, Role.PARTICIPANT])
def list_programs(ctx: RequestContext) -> Items[ProgramView]:
    from chalicelib.services.accounts import programs

    name = (ctx.query("q") or "")[:80]
    program_id = (ctx.query("id") or "")[:40] or None
    return {"items": programs.visible_programs(ctx.user, name=name or None, program_id=program_id)}


@secured(bp, "/v1/programs", methods=["POST"], roles=[Role.STAFF, Role.ADMIN])
def create_program(ctx: RequestContext) -> Response:
    from chalicelib.api.models import NewProgram
    from chalicelib.api.routing import json_response
    from chalicelib.services.accounts import programs

    return json_response(programs.create(ctx.user, ctx.body(NewProgram).model_dump(mode="json")), 201)


@secured(bp, "/v1/director-requests", roles=[Role.STAFF, Role.ADMIN])
def waiting_director_requests(ctx: RequestContext) -> Items[DirectorRequestLine]:
    from chalicelib.services.accounts import programs

    return {"items": programs.waiting_director_requests()}


@secured(bp, "/v1/programs/{program_id}/director-requests", methods=["POST"], roles=[Role.DIRECTOR])
def request_director_access(ctx: RequestContext, program_id: str) -> DirectorAccessAsked:
    from chalicelib.services.accounts import programs

    return programs.request_access(ctx.user, program_id)


@secured(bp, "/v1/programs/{program_id}/director-requests/{user_id}/decision", methods=["POST"],
         roles=[Role.STAFF, Role.ADMIN])
def decide_director_access(ctx: RequestContext, program_id: str, user_id: str) -> DirectorAccessDecided:
    from chalicelib.api.models import PositionDecision
    from chalicelib.services.accounts import programs

    body = ctx.body(PositionDecision)
    return programs.decide_access(ctx.user, program_id, user_id, approve=body.decision == "confirm")


@secured(bp, "/v1/programs/{program_id}/invitations", methods=["POST"], roles=[Role.DIRECTOR])
def invite_staff(ctx: RequestContext, program_id: str) -> Response:
    from chalicelib.api.models import Invitation
    from chalicelib.api.routing import json_response
    from chalicelib.services.accounts import programs

    body = ctx.body(Invitation)
    return json_response(programs.invite(ctx.user, program_id, email=body.email, name=body.name), 202)
