"""Staff review: the queue, one document with everything needed to decide, and the decision."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from ulid import ULID

from chalicelib import clock
from chalicelib.domain.documents import DocStatus
from chalicelib.domain.json_values import JsonMapping, JsonObject
from chalicelib.domain.messages import EventSubject, ExtractDocument
from chalicelib.domain.review import low_confidence_fields
from chalicelib.domain.wording import Wording
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.observability import logger, metrics
from chalicelib.security.identity import Caller
from chalicelib.services.accounts import notifications
from chalicelib.services.documents.lifecycle import artifacts
from chalicelib.services.documents.views import (
    ClaimHeld,
    ClaimReleased,
    DecisionMade,
    NameConfirmation,
    QueueBacklog,
    ReadAgain,
    ReviewClaim,
    ReviewDetail,
    ReviewParticipant,
    ReviewQueue,
    WordBox,
    as_imported_credential,
)
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.unit_of_work import PeopleRepository, TableUnitOfWork, UnitOfWork
from chalicelib.store.base import iso
from chalicelib.store.documents import DocumentItem, audit_trail, extracted_of, get_document, list_queue
from chalicelib.store.records import RecordItem, new_record, snapshot_of

Decision = Literal["verify", "reject", "request_resubmission"]


def age_hours(since: str | None) -> float | None:
    if not since:
        return None
    then = datetime.strptime(since, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return round((clock.now() - then).total_seconds() / 3600, 2)


def queue(*, status: DocStatus, doc_type: str | None, limit: int, cursor: str | None) -> ReviewQueue:
    from chalicelib.security.cursors import open_cursor, seal

    scope = f"queue:{status.value}:{doc_type or ''}"
    items, position = list_queue(status, doc_type, limit=limit, start=open_cursor(cursor, scope),
                                 attributes=QUEUE_ROW_FIELDS)
    next_cursor = seal(position, scope)
    unsure = _low_confidence_counts(items)
    return {"items": [{"document_id": i.document_id, "doc_type": i.doc_type or i.doc_type_hint, "status": i.status,
                       "submitted_at": i.submitted_at, "age_hours": age_hours(i.submitted_at),
                       "owner_id": i.owner_id, "page_count": None if i.page_count is None else int(i.page_count),
                       "low_confidence": unsure[i.document_id],
                       "disagreements": len(i.disagreements or []), "claim": _claim_view(i)} for i in items],
            "next_cursor": next_cursor}


QUEUE_ROW_FIELDS = ["doc_type", "doc_type_hint", "status", "submitted_at", "owner_id", "page_count", "low_confidence",
                    "disagreements", "claimed_by", "claimed_until"]


def _low_confidence_counts(items: list[DocumentItem]) -> dict[str, int]:
    """Each row's count of unsure fields: kept on the item since extraction stored it; a document read before then
    has its fields fetched (BatchGet) and counted."""
    counts = {i.document_id: int(i.low_confidence) for i in items if i.low_confidence is not None}
    older = [i.document_id for i in items if i.low_confidence is None]
    for document_id, extracted in extracted_of(older).items():
        counts[document_id] = len(low_confidence_fields(extracted))
    return {**dict.fromkeys(older, 0), **counts}


def backlog() -> list[QueueBacklog]:
    """Counts and the oldest age per type: a Query with Select=COUNT per queue, and one item for the oldest."""
    from chalicelib import doctypes
    from chalicelib.store.documents import queue_count

    out: list[QueueBacklog] = []
    for doc_type in doctypes.names():
        needs_review, failed = (queue_count(status, doc_type) for status in (DocStatus.NEEDS_REVIEW, DocStatus.FAILED))
        oldest, _ = list_queue(DocStatus.NEEDS_REVIEW, doc_type, limit=1)
        out.append({"doc_type": doc_type, "needs_review": needs_review, "failed": failed,
                    "oldest_age_hours": age_hours(oldest[0].submitted_at) if oldest else None})
    return out


def detail(document_id: str) -> ReviewDetail:
    item = get_document(document_id)
    if item is None or item.status == DocStatus.DELETED.value:
        raise NotFound("No such document in the review queue.")
    store = artifacts()
    from chalicelib.services.documents.lifecycle import attention_messages

    extracted = dict(item.extracted or {})
    confidence = extracted.pop("confidence", {})
    # Why each value is believed, and which OCR words it was read from (for the page to point at).
    evidence = extracted.pop("evidence", {})
    words = extracted.pop("words", {})
    from chalicelib.domain.education import fact_key

    on_record = _facts_on_record(snapshot_of(item.owner_id).records or [])
    institution = extracted.get("institution")
    where = _word_boxes(item.ocr_key)
    for rows, kind in (("courses", "course"), ("degrees", "degree")):
        if isinstance(extracted.get(rows), list):
            extracted[rows] = [{**{k: v for k, v in row.items() if k != "words"},
                                "boxes": [where[w] for w in row.get("words") or [] if w in where],
                                "on_record": fact_key(kind, {**row, "institution": institution}) in on_record}
                               for row in extracted[rows]]
    return {"document_id": item.document_id, "status": item.status, "reason": item.status_reason,
            "doc_type": item.doc_type or item.doc_type_hint, "owner_id": item.owner_id, "file_name": item.file_name,
            "submitted_at": item.submitted_at, "age_hours": age_hours(item.submitted_at),
            "pages": [{"number": n, "url": store.presigned_get(k, content_type="image/jpeg")}
                      for n, k in enumerate(item.page_keys or [], start=1)],
            "fields": extracted, "confidence": confidence, "evidence": evidence, "words": words,
            "boxes": {name: [where[w] for w in ids if w in where] for name, ids in words.items()},
            "participant": _participant(item), "claim": _claim_view(item),
            "attention": attention_messages(item, "en"),
            "low_confidence": low_confidence_fields(item.extracted or {}),
            "declared": item.declared or {}, "disagreements": item.disagreements or [],
            "ocr_engine": item.ocr_engine,
            "processing_ms": None if item.processing_ms is None else int(item.processing_ms),
            "version": item.version,
            # A document from another registry's signed credential: who verified it there (no page to show).
            "imported_from": as_imported_credential(item.imported_from),
            # What happened to the document so far, oldest first: every step is audited and staff can read it.
            "history": [{"at": a.at, "action": a.action, "actor_id": a.actor_id, "actor_role": a.actor_role,
                         "reason": a.reason} for a in audit_trail(item.document_id)]}



def _word_boxes(ocr_key: str | None) -> dict[str, WordBox]:
    """Where each OCR word is: page (1-based) and its box as fractions of the page, for the review page to
    highlight and zoom to the words a field was read from."""
    if not ocr_key:
        return {}
    import json

    try:
        blocks = json.loads(artifacts().get(ocr_key)).get("Blocks", [])
    except Exception:  # a missing or unreadable OCR file only means nothing is highlighted
        logger.warning("OCR blocks unreadable for highlighting")
        return {}
    out: dict[str, WordBox] = {}
    for b in blocks:
        box = (b.get("Geometry") or {}).get("BoundingBox")
        if b.get("BlockType") == "WORD" and box:
            out[b["Id"]] = {"page": int(b.get("Page") or 1), "left": round(float(box["Left"]), 4),
                            "top": round(float(box["Top"]), 4), "width": round(float(box["Width"]), 4),
                            "height": round(float(box["Height"]), 4)}
    return out


def _participant(item: DocumentItem) -> ReviewParticipant:
    """Who the document should belong to, so the reviewer compares the printed name at a glance."""
    from chalicelib.domain.attention import same_person
    from chalicelib.services.accounts.profiles import names_of
    from chalicelib.store.profiles import get_profile

    profile = get_profile(item.owner_id)
    names = names_of(profile, include_pending=False) if profile is not None else []
    printed = str((item.extracted or {}).get("person_name") or "")
    return {"registry_id": profile.registry_id if profile else None, "names": names,
            "name_matches": bool(printed and names and same_person(printed, names)),
            "uploaded_on_behalf_by": item.uploaded_by if item.uploaded_by != item.owner_id else None}


CLAIM_MINUTES = 15


def _claim_live(item: DocumentItem, now: str) -> bool:
    return bool(item.claimed_by and item.claimed_until and item.claimed_until > now)


def _claim_view(item: DocumentItem, people: PeopleRepository | None = None) -> ReviewClaim | None:
    if not _claim_live(item, iso(clock.now())):
        return None
    from chalicelib.store.profiles import PeopleTable

    account = (people or PeopleTable()).account(str(item.claimed_by))
    return {"by": str(item.claimed_by), "name": account.display_name if account else None,
            "until": str(item.claimed_until)}


def claim(caller: Caller, document_id: str, *, take_over: bool = False,
          uow: UnitOfWork | None = None) -> ClaimHeld:
    """The reviewer who opens a document holds it for CLAIM_MINUTES (renewed while they work), so two staff do not
    review the same file; others see who has it, and can take it over when the holder has left it (audited)."""
    from datetime import timedelta

    uow = uow or TableUnitOfWork()
    item = uow.documents.get(document_id)
    if item is None or item.status not in (DocStatus.NEEDS_REVIEW.value, DocStatus.FAILED.value):
        raise NotFound("No such document in the review queue.")
    now = clock.now()
    held_by_another = _claim_live(item, iso(now)) and item.claimed_by != caller.user_id
    if held_by_another and not take_over:
        holder = _claim_view(item, uow.people)
        raise Conflict("{reviewer} is reviewing this document until {until} UTC. Open the next one, or take it over.",
                       reviewer=(holder["name"] if holder else None) or "Another reviewer",
                       until=str(item.claimed_until)[11:16], extra={"claim": holder or {}})
    if held_by_another:
        uow.audit(item, caller, "review:taken_over", before={"claimed_by": item.claimed_by})
    item.claimed_by = caller.user_id
    item.claimed_until = iso(now + timedelta(minutes=CLAIM_MINUTES))
    uow.save(item)
    try:
        uow.commit()
    except Conflict as exc:
        raise Conflict("Another reviewer claimed this document at the same moment. Open the next one.") from exc
    return {"document_id": document_id, "claim": _claim_view(item, uow.people), "version": item.version}


def release(caller: Caller, document_id: str, uow: UnitOfWork | None = None) -> ClaimReleased:
    uow = uow or TableUnitOfWork()
    item = uow.documents.get(document_id)
    if item is not None and item.claimed_by == caller.user_id:
        item.claimed_by = item.claimed_until = None
        uow.save(item)
        uow.commit()
    return {"document_id": document_id, "claim": None}


def _facts_on_record(records: Iterable[Mapping[str, Any]]) -> set[tuple[str, ...]]:
    from chalicelib.domain.education import fact_key

    return {key for r in records if (key := fact_key(str(r.get("kind")), r.get("data") or {})) is not None}


def _records_for(item: DocumentItem, fields: JsonMapping, caller: Caller, at: str,
                 already: set[tuple[str, ...]]) -> list[RecordItem]:
    """The records a verified document adds: a fact already on the person's record (the same course from a
    second copy of a transcript) is not added again, so its units never count twice."""
    from chalicelib import doctypes
    from chalicelib.domain.education import fact_key

    spec = doctypes.get(item.doc_type or item.doc_type_hint)
    pieces = spec.to_records(fields) if spec is not None and spec.to_records is not None else []
    records = []
    for kind, data in pieces:
        key = fact_key(kind, data)
        if key is not None:
            if key in already:
                continue
            already.add(key)
        records.append(new_record(item.owner_id, kind, data, record_id=str(ULID()),
                                  source_document_id=item.document_id, verified_by=caller.user_id, verified_at=at))
    return records


def _check_person(caller: Caller, item: DocumentItem, fields: JsonMapping,
                  name_mismatch_reason: str | None, people: PeopleRepository) -> NameConfirmation | None:
    """Four eyes and the right person: what the audit entry must say about who the document belongs to.

    A document staff uploaded on someone's behalf is verified by someone else; the name printed on a document
    must be the profile's (legal, preferred or an approved former name), or staff confirm with a reason."""
    from chalicelib import doctypes
    from chalicelib.domain.attention import same_person
    from chalicelib.services.accounts.profiles import names_of

    if item.uploaded_by != item.owner_id and item.uploaded_by == caller.user_id:
        raise Forbidden("You uploaded this document on the participant's behalf, so another staff member must "
                        "verify it. Leave it in the queue for a colleague.")
    spec = doctypes.get(item.doc_type or item.doc_type_hint)
    if spec is None or "person_name" not in spec.field_names():
        return None
    profile = people.profile(item.owner_id)
    if profile is not None:
        known = names_of(profile, include_pending=False)
    else:
        account = people.account(item.owner_id)
        known = [account.display_name] if account is not None else []
    printed = str(fields.get("person_name") or "").strip()
    if printed and known and same_person(printed, known):
        return None
    why = (name_mismatch_reason or "").strip()
    if not why:
        problem = (Wording("The name on the document ({printed}) is not this participant's name or an approved "
                           "former name.", {"printed": printed}) if printed
                   else Wording("No name from the document was entered."))
        raise InvalidRequest("{problem} Correct person_name, or confirm it is this participant's document with "
                             "name_mismatch_reason (kept in the audit).", problem=problem,
                             extra={"field": "person_name", "name_mismatch": True})
    return {"name_on_document": printed or None, "confirmed_by": caller.user_id, "reason": why}


def decide(caller: Caller, document_id: str, *, decision: Decision, fields: JsonObject | None,
           reason: str | None, expected_version: int | None,
           name_mismatch_reason: str | None = None, uow: UnitOfWork | None = None) -> DecisionMade:
    """The decision, its audit entry, the records, the events, the decision time and the email commit together
    or not at all; the version condition means two reviewers cannot both decide the same document."""
    uow = uow or TableUnitOfWork()
    item = uow.documents.get(document_id)
    if item is None or item.status == DocStatus.DELETED.value:
        raise NotFound("No such document in the review queue.")
    not_about_themselves(caller, item.owner_id)
    if item.status not in (DocStatus.NEEDS_REVIEW.value, DocStatus.FAILED.value):
        raise Conflict("This document was already decided ({status}). Open the next one in the queue.",
                       status=item.status)
    if expected_version is not None and expected_version != item.version:
        raise Conflict("This document changed since you opened it. Reload it before deciding.")
    if _claim_live(item, iso(clock.now())) and item.claimed_by != caller.user_id:
        holder = _claim_view(item, uow.people)
        raise Conflict("{reviewer} is reviewing this document. Take it over first if they have left it.",
                       reviewer=(holder["name"] if holder else None) or "Another reviewer",
                       extra={"claim": holder or {}})
    if decision != "verify" and not (reason and reason.strip()):
        raise InvalidRequest("Give a reason the participant can act on.")
    at = iso(clock.now())
    before = item.extracted
    target = {"verify": DocStatus.VERIFIED, "reject": DocStatus.REJECTED,
              "request_resubmission": DocStatus.RESUBMISSION_REQUESTED}[decision]
    records: list[RecordItem] = []
    name_confirmation = None
    if decision == "verify":
        if not fields:
            raise InvalidRequest("Send the verified fields (the prefilled ones, corrected where needed).")
        from chalicelib import doctypes

        fields = doctypes.without_review_keys(fields)
        problems = doctypes.problems_in(item.doc_type or item.doc_type_hint, fields)
        if problems:
            raise InvalidRequest("Correct these fields before verifying: {problems}", problems=" ".join(problems))
        name_confirmation = _check_person(caller, item, fields, name_mismatch_reason, uow.people)
        item.verified_fields = fields
        snapshot = uow.records.snapshot_of(item.owner_id)
        records = _records_for(item, fields, caller, at, _facts_on_record(snapshot.records or []))
        snapshot.records = [*(snapshot.records or []), *({"record_id": r.record_id, "kind": r.kind, "data": r.data,
                                                          "verified_at": r.verified_at} for r in records)]
        uow.keep_records(snapshot)
    previous = item.status
    item.status = target.value
    item.status_reason = reason
    # A reason staff chose from the registry's templates (unedited) reads in the participant's language.
    from chalicelib.domain.reasons import STAFF_TEMPLATES
    from chalicelib.domain.reasons import reason as worded

    template = next((c for c in STAFF_TEMPLATES if reason and worded(c).text("en") == reason.strip()), None)
    item.status_reason_code = worded(template).as_dict() if template and decision != "verify" else None
    item.decided_by = caller.user_id
    item.decided_at = at
    item.claimed_by = item.claimed_until = None
    item.updated_at = at
    item.index_for_status()
    uow.save(item)
    uow.audit(item, caller, f"decision:{decision}", reason=reason, before=before,
              after=(fields if name_confirmation is None else {**fields, "name_mismatch_confirmed": name_confirmation})
              if decision == "verify" and fields is not None else None)
    from chalicelib.domain.turnaround import hours_between
    from chalicelib.services.documents.lifecycle import pending_delta
    from chalicelib.services.events import stage_event
    from chalicelib.store.operations import decision_time

    owner_profile = uow.people.profile(item.owner_id)
    subject: EventSubject = {
        "document_id": item.document_id, "participant_id": item.owner_id, "doc_type": item.doc_type,
        "registry_id": owner_profile.registry_id if owner_profile else None, "records": [r.record_id for r in records]}
    for written in records:
        uow.save(written)
    stage_event(uow, "document.verified" if decision == "verify" else "document.rejected", subject, at)
    if records:
        stage_event(uow, "record.updated", subject, at)
    # One small item per decision, by month, for the managers' turnaround figures.
    uow.save(decision_time(item.document_id, doc_type=item.doc_type or "unknown", decided_at=at,
                           hours=hours_between(item.submitted_at or item.created_at, at)))
    uow.send(notifications.document_email(item, template={
        "verify": "verified", "reject": "rejected", "request_resubmission": "resubmission_requested"}[decision],
        reason=reason))
    uow.adjust_pending(item.owner_id, pending_delta(DocStatus(previous), target))
    try:
        uow.commit()
    except Conflict as exc:
        raise Conflict("Another reviewer decided this document at the same moment. Open the next one.") from exc
    metrics.add_metric(name=f"Decision_{decision}", unit="Count", value=1)
    logger.info("document decided", extra={"document_id": document_id, "decision": decision, "from": previous})
    return {"document_id": document_id, "status": item.status, "records": [r.record_id for r in records]}


def retry(caller: Caller, document_id: str, uow: UnitOfWork | None = None) -> ReadAgain:
    from chalicelib.services.documents.lifecycle import transition

    uow = uow or TableUnitOfWork()
    item = uow.documents.get(document_id)
    if item is None:
        raise NotFound("No such document.")
    if item.status not in (DocStatus.FAILED.value, DocStatus.NEEDS_REVIEW.value):
        raise Conflict("Only a failed or unreviewed document can be read again, not one that is {status}.",
                       status=item.status)
    transition(item, DocStatus.PROCESSING, actor=caller, action="review:retry", uow=uow)
    uow.send(ExtractDocument(document_id))
    uow.commit()
    return {"document_id": document_id, "status": item.status}
