"""A participant's own profile, records, employment history and the documents they download."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalice.app import Blueprint, Response

from chalicelib.api.routing import PUBLIC, RequestContext, json_response, secured
from chalicelib.security.identity import Role
from chalicelib.services.accounts.views import PositionView, ProfileClosed, ProfileView, ReminderChoices
from chalicelib.services.careers.views import PermitPathway
from chalicelib.services.views import Items

bp = Blueprint(__name__)
ME = [Role.PARTICIPANT]


def _split(body: Any) -> tuple[Mapping[str, Any], Mapping[str, Any], Mapping[str, Any]]:
    """A profile body's fields by name (the model validated them): names, open fields and sealed ones."""
    from chalicelib.services.accounts.profiles import NAME_FIELDS, OPEN_FIELDS, SEALED_FIELDS

    data = body.model_dump(mode="json", exclude_unset=True)
    data.pop("version", None)
    names = {k: v for k, v in data.items() if k in NAME_FIELDS}
    open_fields = {k: v for k, v in data.items() if k in OPEN_FIELDS}
    sealed = {k: v for k, v in data.items() if k in SEALED_FIELDS}
    return names, open_fields, sealed


def download(content: bytes | str, media_type: str, filename: str, extra: dict[str, str] | None = None) -> Response:
    return Response(body=content, status_code=200, headers={
        "Content-Type": media_type, "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store", **(extra or {})})


@secured(bp, "/v1/me", methods=["POST"], roles=ME)
def enroll(ctx: RequestContext) -> Response:
    from chalicelib.api.models import Enroll
    from chalicelib.services.accounts import profiles

    names, open_fields, sealed = _split(ctx.body(Enroll))
    return json_response(profiles.enroll(ctx.user, profiles.Enrollment(names, open_fields, sealed)), 201)


@secured(bp, "/v1/me", roles=ME)
def get_me(ctx: RequestContext) -> ProfileView:
    from chalicelib.services.accounts import profiles

    return profiles.view(profiles.require_profile(ctx.user), audience="owner")


@secured(bp, "/v1/me", methods=["PATCH"], roles=ME)
def patch_me(ctx: RequestContext) -> ProfileView:
    from chalicelib.api.models import ProfilePatch
    from chalicelib.services.accounts import profiles

    body = ctx.body(ProfilePatch)
    _names, open_fields, sealed = _split(body)
    return profiles.update(ctx.user, profiles.require_profile(ctx.user), {**open_fields, **sealed},
                           expected_version=body.version)


@secured(bp, "/v1/me/reminders", roles=ME)
def my_reminders(ctx: RequestContext) -> ReminderChoices:
    """Which optional reminders the person hears; reminders that a credential expires always go."""
    from chalicelib.services.accounts import reminders

    return reminders.my_settings(ctx.user.user_id)


@secured(bp, "/v1/me/reminders", methods=["PATCH"], roles=ME)
def change_my_reminders(ctx: RequestContext) -> ReminderChoices:
    """Turn optional reminders back on (or off): {"training_tomorrow": true}."""
    from chalicelib.api.models import ReminderSettings
    from chalicelib.services.accounts import reminders

    changes = ctx.body(ReminderSettings).model_dump(exclude_none=True)
    return reminders.change_settings(ctx.user.user_id, changes)


@secured(bp, "/v1/me/name-change", methods=["POST"], roles=ME)
def request_name_change(ctx: RequestContext) -> ProfileView:
    from chalicelib.api.models import NameChange
    from chalicelib.services.accounts import profiles

    body = ctx.body(NameChange)
    names = body.model_dump(exclude={"reason"})
    return profiles.request_name_change(ctx.user, profiles.require_profile(ctx.user), names, body.reason)


@secured(bp, "/v1/me/export", roles=ME)
def export_me(ctx: RequestContext) -> Response:
    from chalicelib.services.accounts import profiles
    from chalicelib.services.accounts.employment import positions_of
    from chalicelib.services.documents.lifecycle import list_documents
    from chalicelib.services.records.verified_records import record_list

    profile = profiles.require_profile(ctx.user)
    everything = {
        # The owner's own view: personal data included, the SSN masked as everywhere else.
        "profile": profiles.view(profile, audience="owner"),
        "records": record_list(ctx.user.user_id),
        "employment": positions_of(ctx.user.user_id),
        "documents": list_documents(ctx.user, limit=1000, cursor=None)["items"],
    }
    import json

    # Text, not bytes: only binary media types travel base64-encoded through API Gateway.
    return download(json.dumps(everything, indent=2, default=str), "application/json",
                    f"registry-data-{profile.registry_id}.json")


@secured(bp, "/v1/me", methods=["DELETE"], roles=ME)
def close_me(ctx: RequestContext) -> ProfileClosed:
    from chalicelib.services.accounts import profiles
    from chalicelib.services.records.closing import close_profile

    if ctx.query("confirm") != "close-my-profile":
        from chalicelib.errors import InvalidRequest

        raise InvalidRequest("Closing deletes your profile for good. Repeat the request with "
                             "?confirm=close-my-profile to go ahead; download your data first.")
    return close_profile(ctx.user, profiles.require_profile(ctx.user))


@secured(bp, "/v1/code-lists", roles=PUBLIC)
def code_lists(ctx: RequestContext) -> dict[str, Any]:
    """The codes participants answer demographics and self-reported education with, and their labels."""
    from chalicelib.domain.code_lists import LISTS

    return {name: [{"code": code, "label": label} for code, label in codes.items()] for name, codes in LISTS.items()}


@secured(bp, "/v1/me/permit-pathway", roles=ME)
def my_permit_pathway(ctx: RequestContext) -> PermitPathway:
    from chalicelib.services.careers.pathway import permit_pathway

    return permit_pathway(ctx.user.user_id, language=ctx.language)


@secured(bp, "/v1/me/employment", roles=ME)
def my_positions(ctx: RequestContext) -> Items[PositionView]:
    from chalicelib.services.accounts.employment import positions_of

    return {"items": positions_of(ctx.user.user_id)}


@secured(bp, "/v1/me/employment", methods=["POST"], roles=ME)
def add_position(ctx: RequestContext) -> Response:
    from chalicelib.api.models import Position
    from chalicelib.services.accounts import employment

    body = ctx.body(Position).model_dump(mode="json")
    return json_response(employment.add_position(ctx.user, body), 201)


@secured(bp, "/v1/me/employment/{employment_id}", methods=["PATCH"], roles=ME)
def patch_position(ctx: RequestContext, employment_id: str) -> PositionView:
    from chalicelib.api.models import PositionPatch
    from chalicelib.services.accounts import employment

    changes = ctx.body(PositionPatch).model_dump(mode="json", exclude_unset=True)
    return employment.update_position(ctx.user, employment_id, changes)


@secured(bp, "/v1/me/reports/education-training", roles=ME)
def my_education_training(ctx: RequestContext) -> Response:
    from chalicelib.services.accounts.profiles import require_profile
    from chalicelib.services.records.reporting import issue

    profile = require_profile(ctx.user)
    issued = issue("education-training", ctx.user, profile.user_id, fmt="pdf")
    return download(issued.content, issued.media_type, f"education-training-{profile.registry_id}.pdf",
                    {"X-Report-Id": issued.report_id})


@secured(bp, "/v1/me/id-card", roles=ME)
def my_id_card(ctx: RequestContext) -> Response:
    from chalicelib.services.accounts.profiles import require_profile
    from chalicelib.services.records import participant_reports as reports

    profile = require_profile(ctx.user)
    return download(reports.id_card(profile), reports.PDF, f"registry-card-{profile.registry_id}.pdf")


@secured(bp, "/v1/me/resume", methods=["POST"], roles=ME)
def my_resume(ctx: RequestContext) -> Response:
    from chalicelib.api.models import ResumeRequest
    from chalicelib.services.accounts.profiles import require_profile
    from chalicelib.services.records import participant_reports as reports

    body = ctx.body(ResumeRequest)
    profile = require_profile(ctx.user)
    content = reports.resume(profile, summary=body.summary, employment_ids=body.employment_ids)
    return download(content, reports.DOCX, f"resume-{profile.registry_id}.docx")
