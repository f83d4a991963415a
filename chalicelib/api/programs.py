"""Program directors: their staff's positions, confirmed or declined."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint

from chalicelib.api.routing import RequestContext, secured
from chalicelib.security.identity import Role

bp = Blueprint(__name__)
DIRECTORS = [Role.DIRECTOR, Role.STAFF, Role.ADMIN]


@secured(bp, "/v1/programs/{program_id}/positions", roles=DIRECTORS)
def list_positions(ctx: RequestContext, program_id: str) -> dict[str, Any]:
    from chalicelib.services import employment
    from chalicelib.services.participant_reports import display_name
    from chalicelib.store.profiles import get_profile

    items = []
    for position in employment.program_positions(ctx.user, program_id):
        profile = get_profile(position.user_id)
        items.append({"employment_id": position.employment_id, "role": position.role,
                      "start_date": position.start_date, "end_date": position.end_date,
                      "status": position.status,
                      "name": display_name(profile) if profile and profile.status == "active" else None,
                      "registry_id": profile.registry_id if profile else None})
    return {"items": items}


@secured(bp, "/v1/programs/{program_id}/positions/{employment_id}/decision", methods=["POST"], roles=DIRECTORS)
def decide_position(ctx: RequestContext, program_id: str, employment_id: str) -> dict[str, Any]:
    from chalicelib.api.models import PositionDecision
    from chalicelib.services import employment

    body = ctx.body(PositionDecision)
    return employment.decide_position(ctx.user, program_id, employment_id, confirm=body.decision == "confirm")
