"""Registry managers: processing times, backlog, and participation of the state's licensed facilities."""

from __future__ import annotations

import re

from chalice.app import Blueprint, Response

from chalicelib.api.routing import RequestContext, secured
from chalicelib.errors import InvalidRequest
from chalicelib.security.identity import Role
from chalicelib.services.careers.views import WorkforceRelease
from chalicelib.services.documents.views import FacilitiesImported, FacilityParticipation, ProcessingFigures
from chalicelib.services.views import Items

bp = Blueprint(__name__)
MANAGERS = [Role.STAFF, Role.ADMIN]


@secured(bp, "/v1/manager/processing", roles=MANAGERS)
def processing(ctx: RequestContext) -> ProcessingFigures:
    from chalicelib.services.documents import dashboard

    months = ctx.query("months") or "6"
    if not months.isdigit():
        raise InvalidRequest("months is a whole number from 1 to 24.")
    return dashboard.processing(int(months))


@secured(bp, "/v1/manager/licensed-facilities", methods=["POST"], roles=[Role.ADMIN])
def import_licensed_facilities(ctx: RequestContext) -> FacilitiesImported:
    from chalicelib.api.models import FacilityList
    from chalicelib.services.documents import dashboard

    return dashboard.import_facilities(ctx.user, ctx.body(FacilityList).csv)


@secured(bp, "/v1/manager/participation", roles=MANAGERS)
def participation(ctx: RequestContext) -> FacilityParticipation:
    from chalicelib.services.documents import dashboard

    return dashboard.participation()


def _state(value: str | None) -> str:
    state = (value or "").strip().upper()
    if len(state) != 2 or not state.isalpha():
        raise InvalidRequest("state: give the two-letter state code, for example CA.")
    return state


@secured(bp, "/v1/admin/workforce-releases", roles=[Role.ADMIN])
def workforce_releases(ctx: RequestContext) -> Items[WorkforceRelease]:
    from chalicelib.services.careers import workforce

    return workforce.releases(_state(ctx.query("state")))


@secured(bp, "/v1/admin/workforce-releases", methods=["POST"], roles=[Role.ADMIN])
def request_workforce_release(ctx: RequestContext) -> Response:
    from chalicelib.api.models import WorkforceReleaseRequest
    from chalicelib.api.routing import json_response
    from chalicelib.services.careers import workforce

    return json_response(workforce.request_release(ctx.user, _state(ctx.body(WorkforceReleaseRequest).state)), 202)


@secured(bp, "/v1/admin/workforce-releases/{state}/{release}", roles=[Role.ADMIN])
def workforce_release_file(ctx: RequestContext, state: str, release: str) -> Response:
    from chalicelib.api.profile import download
    from chalicelib.errors import NotFound
    from chalicelib.services.careers import workforce

    if not re.fullmatch(r"\d{4}-Q[1-4]", release):
        raise NotFound("No such release, or it is still being prepared: try again in a minute.")
    state = _state(state)
    return download(workforce.release_file(state, release), "text/csv", f"workforce-{state}-{release}.csv", {})
