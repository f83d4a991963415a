"""Registry managers: processing times, backlog, and participation of the state's licensed facilities."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from chalicelib.api.routing import RequestContext, secured
from chalicelib.errors import InvalidRequest
from chalicelib.security.identity import Role

bp = Blueprint(__name__)
MANAGERS = [Role.STAFF, Role.ADMIN]


@secured(bp, "/v1/manager/processing", roles=MANAGERS)
def processing(ctx: RequestContext) -> dict[str, Any]:
    from chalicelib.services import dashboard

    months = ctx.query("months") or "6"
    if not months.isdigit():
        raise InvalidRequest("months is a whole number from 1 to 24.")
    return dashboard.processing(int(months))


@secured(bp, "/v1/manager/licensed-facilities", methods=["POST"], roles=[Role.ADMIN])
def import_licensed_facilities(ctx: RequestContext) -> dict[str, Any]:
    from chalicelib.api.models import FacilityList
    from chalicelib.services import dashboard

    return dashboard.import_facilities(ctx.user, ctx.body(FacilityList).csv)


@secured(bp, "/v1/manager/participation", roles=MANAGERS)
def participation(ctx: RequestContext) -> dict[str, Any]:
    from chalicelib.services import dashboard

    return dashboard.participation()
