"""Participant documents: start an upload, list, show, delete."""

from __future__ import annotations

from typing import Any

from chalice.app import Blueprint, Response

from chalicelib.api.routing import PUBLIC, RequestContext, json_response, parse_model, secured
from chalicelib.errors import Forbidden
from chalicelib.security.identity import Role
from chalicelib.services.documents.views import DocumentTypeView, OriginalFile, OwnerDocument, OwnerDocuments
from chalicelib.services.views import Items

bp = Blueprint(__name__)

OWNERS = [Role.PARTICIPANT, Role.STAFF]


def _page_size(ctx: RequestContext) -> int:
    return ctx.query_int("limit", 25, low=1, high=100)


@secured(bp, "/v1/documents", methods=["POST"], roles=OWNERS)
def start_upload(ctx: RequestContext) -> Response:
    # Request models are built on first use: pydantic model construction is most of the API's import time.
    from chalicelib.api.models import DeclaredCda, DeclaredPermit, StartUpload
    from chalicelib.services.documents import lifecycle as documents

    body = ctx.body(StartUpload)
    owner = ctx.user.user_id
    if body.participant_registry_id:
        if not ctx.user.is_(Role.STAFF):
            raise Forbidden("Only registry staff can upload a document on someone else's behalf.")
        from chalicelib.services.accounts.profiles import staff_profile

        owner = staff_profile(body.participant_registry_id).user_id
    elif body.participant_id and body.participant_id != owner:
        if not ctx.user.is_(Role.STAFF):
            raise Forbidden("Only registry staff can upload a document on someone else's behalf.")
        owner = body.participant_id
    declared: dict[str, str] = {}
    if body.doc_type == "permit":
        declared = parse_model(DeclaredPermit, body.declared).model_dump(mode="json", exclude_none=True)
    elif body.doc_type == "cda_credential":
        declared = parse_model(DeclaredCda, body.declared).model_dump(mode="json", exclude_none=True)
    else:
        declared = {k: v for k, v in body.declared.items() if v}
    result = documents.start_upload(ctx.user, documents.UploadRequest(
        doc_type=body.doc_type, file_name=body.file_name, content_type=body.content_type, size=body.size,
        owner_id=owner, declared=declared))
    return json_response(result, status_code=201, headers={"Location": f"/v1/documents/{result['document_id']}"})


@secured(bp, "/v1/documents", roles=[Role.PARTICIPANT])
def list_documents(ctx: RequestContext) -> OwnerDocuments:
    from chalicelib.services.documents import lifecycle as documents

    return documents.list_documents(ctx.user, limit=_page_size(ctx), cursor=ctx.query("cursor"),
                                    language=ctx.language)


@secured(bp, "/v1/documents/{document_id}", roles=OWNERS)
def get_document(ctx: RequestContext, document_id: str) -> OwnerDocument:
    from chalicelib.services.documents import lifecycle as documents

    return documents.document_view(ctx.user, document_id, language=ctx.language)


@secured(bp, "/v1/documents/{document_id}/original", roles=[*OWNERS, Role.ADMIN])
def original(ctx: RequestContext, document_id: str) -> OriginalFile:
    from chalicelib.services.documents import lifecycle as documents

    return documents.original_link(ctx.user, document_id)


@secured(bp, "/v1/documents/{document_id}/send-anyway", methods=["POST"], roles=[Role.PARTICIPANT])
def send_anyway(ctx: RequestContext, document_id: str) -> OwnerDocument:
    from chalicelib.services.documents import lifecycle as documents

    return documents.send_anyway(ctx.user, document_id, language=ctx.language)


@secured(bp, "/v1/document-types", roles=PUBLIC)
def document_types(ctx: RequestContext) -> Items[DocumentTypeView]:
    """The types the registry receives, their names in each language and the fields staff verify."""
    from chalicelib import doctypes

    return {"items": [{"name": d.name, "display": d.display, "parsed": d.parse is not None,
                       "fields": [{"name": f.name, "kind": f.kind, "label": f.label, "choices": list(f.choices),
                                   "declared": f.declared,
                                   "columns": [{"name": c.name, "kind": c.kind, "label": c.label} for c in f.columns]}
                                  for f in d.fields]}
                      for d in doctypes.registry().values()]}


@secured(bp, "/v1/record-kinds", roles=PUBLIC)
def record_kinds(ctx: RequestContext) -> dict[str, Any]:
    """The kinds of verified record, with their names in each language."""
    from chalicelib.domain import record_kinds as kinds

    return {"items": [{"name": k.name, "label": dict(k.label)} for k in kinds.registry().values()]}


@secured(bp, "/v1/documents/{document_id}", methods=["DELETE"], roles=[Role.PARTICIPANT])
def delete_document(ctx: RequestContext, document_id: str) -> OwnerDocument:
    from chalicelib.services.documents import lifecycle as documents

    return documents.delete_document(ctx.user, document_id)
