"""Staff review: queue, document detail, decisions, retry; the participant's verified records."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.routing import RequestContext, secured
from chalicelib.domain.documents import DocStatus
from chalicelib.errors import InvalidRequest
from chalicelib.security.identity import Role
from chalicelib.services.documents.views import (
    ClaimHeld,
    ClaimReleased,
    DecisionMade,
    QueueBacklog,
    ReadAgain,
    ReviewDetail,
    ReviewQueue,
)
from chalicelib.services.records.views import MyRecords
from chalicelib.services.views import Items

bp = Blueprint(__name__)
REVIEWERS = [Role.STAFF, Role.ADMIN]


@secured(bp, "/v1/review/queue", roles=REVIEWERS)
def get_queue(ctx: RequestContext) -> ReviewQueue:
    from chalicelib import doctypes
    from chalicelib.services.documents import review

    try:
        status = DocStatus(ctx.query("status") or DocStatus.NEEDS_REVIEW.value)
        type_param = ctx.query("type")
        if type_param and doctypes.get(type_param) is None:
            raise ValueError(type_param)
        doc_type = type_param or None
        limit = ctx.query_int("limit", 25, low=1, high=100)
    except ValueError as exc:
        raise InvalidRequest("Use status=needs_review|failed, type={types} and a numeric limit.",
                             types="|".join(doctypes.names())) from exc
    if status not in (DocStatus.NEEDS_REVIEW, DocStatus.FAILED):
        raise InvalidRequest("The queue holds documents that need review or failed: status=needs_review|failed.")
    return review.queue(status=status, doc_type=doc_type, limit=limit, cursor=ctx.query("cursor"))


@secured(bp, "/v1/review/summary", roles=REVIEWERS)
def get_summary(ctx: RequestContext) -> Items[QueueBacklog]:
    from chalicelib.services.documents import review

    return {"items": review.backlog()}


@secured(bp, "/v1/review/{document_id}", roles=REVIEWERS)
def get_review(ctx: RequestContext, document_id: str) -> ReviewDetail:
    from chalicelib.services.documents import review

    return review.detail(document_id)


@secured(bp, "/v1/review/{document_id}/decision", methods=["POST"], roles=REVIEWERS)
def post_decision(ctx: RequestContext, document_id: str) -> DecisionMade:
    from chalicelib.api.models import DecisionBody
    from chalicelib.services.documents import review

    body = ctx.body(DecisionBody)
    return review.decide(ctx.user, document_id, decision=body.decision, fields=body.fields, reason=body.reason,
                         expected_version=body.version, name_mismatch_reason=body.name_mismatch_reason)


@secured(bp, "/v1/review/{document_id}/claim", methods=["POST"], roles=REVIEWERS)
def post_claim(ctx: RequestContext, document_id: str) -> ClaimHeld:
    from chalicelib.services.documents import review

    return review.claim(ctx.user, document_id, take_over=ctx.query("take_over") == "true")


@secured(bp, "/v1/review/{document_id}/claim", methods=["DELETE"], roles=REVIEWERS)
def delete_claim(ctx: RequestContext, document_id: str) -> ClaimReleased:
    from chalicelib.services.documents import review

    return review.release(ctx.user, document_id)


@secured(bp, "/v1/review/{document_id}/retry", methods=["POST"], roles=REVIEWERS)
def post_retry(ctx: RequestContext, document_id: str) -> ReadAgain:
    from chalicelib.services.documents import review

    return review.retry(ctx.user, document_id)


@secured(bp, "/v1/me/records", roles=[Role.PARTICIPANT])
def my_records(ctx: RequestContext) -> MyRecords:
    from chalicelib.services.records.verified_records import records_with_summary

    return records_with_summary(ctx.user.user_id)
