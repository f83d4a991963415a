"""Due process: participants dispute a record or appeal a rejection; staff answer and correct records."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.routing import RequestContext, json_response, secured
from chalicelib.errors import InvalidRequest
from chalicelib.security.identity import Role
from chalicelib.services.records.views import (
    DisputeAnswered,
    DisputeDetail,
    DisputeQueue,
    DisputeView,
    PersonRecords,
    RecordChanged,
)
from chalicelib.services.views import Items

bp = Blueprint(__name__)
REVIEWERS = [Role.STAFF, Role.ADMIN]


@secured(bp, "/v1/me/disputes", methods=["POST"], roles=[Role.PARTICIPANT])
def open_dispute(ctx: RequestContext) -> Response:
    from chalicelib.api.models import DisputeBody
    from chalicelib.services.records import corrections

    body = ctx.body(DisputeBody)
    created = corrections.open_dispute(ctx.user, record_id=body.record_id, document_id=body.document_id,
                                       message=body.message, attachment_document_id=body.attachment_document_id)
    return json_response(created, status_code=201)


@secured(bp, "/v1/me/disputes", roles=[Role.PARTICIPANT])
def my_disputes(ctx: RequestContext) -> Items[DisputeView]:
    from chalicelib.services.records import corrections

    return corrections.my_disputes(ctx.user)


@secured(bp, "/v1/review/disputes", roles=REVIEWERS)
def dispute_queue(ctx: RequestContext) -> DisputeQueue:
    from chalicelib.services.records import corrections

    return corrections.queue(limit=ctx.query_int("limit", 25, low=1, high=100), cursor=ctx.query("cursor"))


@secured(bp, "/v1/review/disputes/{dispute_id}", roles=REVIEWERS)
def dispute_detail(ctx: RequestContext, dispute_id: str) -> DisputeDetail:
    from chalicelib.services.records import corrections

    return corrections.detail(dispute_id)


@secured(bp, "/v1/review/disputes/{dispute_id}/answer", methods=["POST"], roles=REVIEWERS)
def answer_dispute(ctx: RequestContext, dispute_id: str) -> RecordChanged | DisputeAnswered:
    from chalicelib.api.models import DisputeAnswer
    from chalicelib.services.records import corrections

    body = ctx.body(DisputeAnswer)
    return corrections.resolve(ctx.user, dispute_id, outcome=corrections.Outcome(body.outcome), reason=body.reason,
                               data=body.data, expected_version=body.version)


@secured(bp, "/v1/review/people/{user_id}/records", roles=REVIEWERS)
def person_records(ctx: RequestContext, user_id: str) -> PersonRecords:
    from chalicelib.services.records import corrections

    return corrections.records_for_staff(user_id)


@secured(bp, "/v1/review/people/{user_id}/records/{record_id}", methods=["POST"], roles=REVIEWERS)
def correct_record(ctx: RequestContext, user_id: str, record_id: str) -> RecordChanged:
    from chalicelib.api.models import RecordCorrection
    from chalicelib.services.records import corrections

    body = ctx.body(RecordCorrection)
    if body.action == "amend" and not body.data:
        raise InvalidRequest("Send the corrected values (data) to amend a record, or action=retract to remove it.")
    change = corrections.RecordChange(reason=body.reason, data=body.data if body.action == "amend" else None)
    return corrections.change_record(ctx.user, user_id, record_id, change)
