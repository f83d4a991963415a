"""Registry staff: look up and correct a participant's profile, decide name changes, print their report."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.profile import download
from chalicelib.api.routing import RequestContext, secured
from chalicelib.security.identity import Role
from chalicelib.services.accounts.views import PendingNameChange, PositionView, ProfileView
from chalicelib.services.records.views import RecordLine
from chalicelib.services.views import Items

bp = Blueprint(__name__)
STAFF = [Role.STAFF, Role.ADMIN]


class ParticipantFile(ProfileView):
    """A participant as staff look them up: their profile, records (with who verified each) and positions. Here
    rather than in a package's views: it joins accounts' profile and positions with the records above them."""
    records: list[RecordLine]
    employment: list[PositionView]


@secured(bp, "/v1/review/name-changes", roles=STAFF)
def name_change_queue(ctx: RequestContext) -> Items[PendingNameChange]:
    from chalicelib.services.accounts import profiles

    return {"items": profiles.pending_name_changes()}


@secured(bp, "/v1/participants/{registry_id}", roles=STAFF)
def get_participant(ctx: RequestContext, registry_id: str) -> ParticipantFile:
    from chalicelib.services.accounts import profiles
    from chalicelib.services.accounts.employment import positions_of
    from chalicelib.services.records.verified_records import record_list

    profile = profiles.staff_profile(registry_id)
    return {**profiles.view(profile, audience="staff"),
            "records": record_list(profile.user_id, with_verifier=True), "employment": positions_of(profile.user_id)}


@secured(bp, "/v1/participants/{registry_id}", methods=["PATCH"], roles=STAFF)
def patch_participant(ctx: RequestContext, registry_id: str) -> ProfileView:
    from chalicelib.api.models import StaffProfilePatch
    from chalicelib.services.accounts import profiles

    body = ctx.body(StaffProfilePatch)
    changes = body.model_dump(mode="json", exclude_unset=True)
    changes.pop("version", None)
    return profiles.update(ctx.user, profiles.staff_profile(registry_id), changes, expected_version=body.version)


@secured(bp, "/v1/participants/{registry_id}/name-change/decision", methods=["POST"], roles=STAFF)
def decide_name_change(ctx: RequestContext, registry_id: str) -> ProfileView:
    from chalicelib.api.models import NameChangeDecision
    from chalicelib.services.accounts import profiles

    body = ctx.body(NameChangeDecision)
    return profiles.decide_name_change(ctx.user, registry_id, approve=body.approve, reason=body.reason)


@secured(bp, "/v1/participants/{registry_id}/reports/education-training", roles=STAFF)
def participant_education_training(ctx: RequestContext, registry_id: str) -> Response:
    from chalicelib.services.accounts.profiles import staff_profile
    from chalicelib.services.records.reporting import issue

    profile = staff_profile(registry_id)
    issued = issue("education-training", ctx.user, profile.user_id, fmt="pdf")
    return download(issued.content, issued.media_type, f"education-training-{profile.registry_id}.pdf",
                    {"X-Report-Id": issued.report_id})
