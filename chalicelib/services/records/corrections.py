"""Due process for verified records: staff amend or retract a record with a reason; a participant disputes a
record or appeals a rejection, and staff answer from their own queue.

A correction changes the record, the person's records snapshot, the source document's audit trail (the old
value kept there), the dispute it answers, the revocation bit of each record credential carrying the record and
the `record.changed` event in one transaction, so partners,
reports and the audit never disagree about what happened. Reports issued before it stay genuine as issued; a
check of their copy says a newer version exists (issued_reports._newer_version).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ulid import ULID

from chalicelib import clock, doctypes
from chalicelib.domain.documents import DocStatus
from chalicelib.domain.education import fact_key
from chalicelib.domain.json_values import JsonMapping, JsonObject
from chalicelib.domain.messages import DocumentEmail
from chalicelib.errors import Conflict, InvalidRequest, NotFound
from chalicelib.observability import logger, metrics
from chalicelib.security import fields as sealing
from chalicelib.security.identity import Caller
from chalicelib.services.accounts import notifications
from chalicelib.services.documents.lifecycle import transition
from chalicelib.services.documents.review import age_hours
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.events import stage_event
from chalicelib.services.records.portable_record import stage_revocations
from chalicelib.services.records.views import (
    DisputeAnswered,
    DisputeAuditLine,
    DisputeCorrection,
    DisputedDocument,
    DisputeDetail,
    DisputedRecord,
    DisputeQueue,
    DisputeView,
    PersonRecords,
    QueuedDispute,
    RecordChanged,
    StaffDisputeView,
    StaffRecord,
)
from chalicelib.services.unit_of_work import (
    DisputeRepository,
    DocumentRepository,
    PeopleRepository,
    TableUnitOfWork,
    UnitOfWork,
)
from chalicelib.services.views import Items
from chalicelib.store.base import iso
from chalicelib.store.disputes import DisputeItem, open_disputes
from chalicelib.store.documents import AuditEntryItem, DocumentItem, audit_trail
from chalicelib.store.profiles import PeopleTable, ProfileItem
from chalicelib.store.records import RecordItem, indexed

MAX_MESSAGE = 2000
APPEALABLE = frozenset({DocStatus.REJECTED.value, DocStatus.RESUBMISSION_REQUESTED.value})


class Outcome(StrEnum):
    CORRECTED = "corrected"  # the record was amended
    RETRACTED = "retracted"  # the record was removed
    REOPENED = "reopened"  # a rejected document went back to the review queue
    DISMISSED = "dismissed"  # nothing changed; the reason says why


@dataclass(frozen=True, slots=True)
class RecordChange:
    """What staff change on one record: new values for some of its fields, or its removal."""

    reason: str
    data: JsonMapping | None = None  # new values of some of the record's fields (its kind's); None: retract

    @property
    def retracts(self) -> bool:
        return self.data is None


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise InvalidRequest("Give a reason the participant can read: it is emailed to them and kept in the audit.")
    return reason.strip()[:1000]


EVENT_SOURCE = "event:"


@dataclass(frozen=True, slots=True)
class RecordSource:
    """Where a verified record came from: a document staff verified, or a training event whose sponsor marked
    attendance (source id `event:{id}`). Either way a correction is audited under the source's id and emailed."""

    source_id: str
    doc_type: str | None
    label: str | None  # the file name, or the training's title
    document: DocumentItem | None


def _source_of(record: RecordItem, documents: DocumentRepository) -> RecordSource | None:
    if record.source_document_id.startswith(EVENT_SOURCE):
        return RecordSource(record.source_document_id, "training_certificate",
                            str(record.data.get("training_title") or "") or None, None)
    return _document_source(documents.get(record.source_document_id))


def _document_source(document: DocumentItem | None) -> RecordSource | None:
    if document is None:
        return None
    return RecordSource(document.document_id, document.doc_type or document.doc_type_hint, document.file_name,
                        document)


def _dispute_source(dispute: DisputeItem, uow: UnitOfWork) -> RecordSource | None:
    """What a dispute is about: the record's source (its document or event), or the appealed document."""
    record = uow.records.get(dispute.owner_id, dispute.record_id) if dispute.record_id else None
    if record is not None:
        return _source_of(record, uow.documents)
    if dispute.document_id.startswith(EVENT_SOURCE):  # the record was retracted since: the event still names it
        return RecordSource(dispute.document_id, "training_certificate", None, None)
    return _document_source(uow.documents.get(dispute.document_id))


def _email(owner_id: str, source: RecordSource, *, template: str, reason: str) -> DocumentEmail:
    if source.document is not None:
        return notifications.document_email(source.document, template=template, reason=reason)
    return DocumentEmail(template, owner_id, source.source_id, source.doc_type, source.label, reason)


def _profile(user_id: str, people: PeopleRepository | None = None) -> ProfileItem:
    profile = (people or PeopleTable()).profile(user_id)
    if profile is None or profile.status != "active":
        raise NotFound("No active profile with that id.")
    return profile


# --- staff: amend or retract ----------------------------------------------------------------------------

def change_record(caller: Caller, user_id: str, record_id: str, change: RecordChange, *,
                  dispute: DisputeItem | None = None, uow: UnitOfWork | None = None) -> RecordChanged:
    uow = uow or TableUnitOfWork()
    not_about_themselves(caller, user_id)
    reason = _reason(change.reason)
    profile = _profile(user_id, uow.people)
    record = uow.records.get(user_id, record_id)
    if record is None:
        raise NotFound("No such record on this person's profile.")
    source = _source_of(record, uow.documents)
    if source is None:
        raise NotFound("The document this record came from is gone; it cannot be corrected here.")
    before = dict(record.data)
    at = at_now()
    snapshot = uow.records.snapshot_of(user_id)
    after: JsonObject | None = None
    if change.retracts:
        snapshot.records = [r for r in snapshot.records if r.get("record_id") != record_id]
    else:
        assert change.data is not None
        # Records verified before review-only keys were stripped from rows may still carry them: dropped here.
        after = {k: v for k, v in {**before, **change.data}.items() if k not in doctypes.REVIEW_ONLY_KEYS}
        # What staff send is checked; values verified before stay as they were (a sponsor's record carries the
        # catalogue's CDA subject area as a number, which no document field declares).
        problems = doctypes.problems_in_record(source.doc_type, {k: after[k] for k in change.data if k in after})
        if problems:
            raise InvalidRequest("Correct these values: {problems}", problems=" ".join(problems),
                                 extra={"fields": [p.split(":")[0] for p in problems]})
        if after == before:
            raise InvalidRequest("Nothing changed: send the values that differ from the record.")
        key = fact_key(record.kind, after)
        clash = next((r for r in snapshot.records if r.get("record_id") != record_id and key is not None
                      and fact_key(str(r.get("kind")), r.get("data") or {}) == key), None)
        if clash is not None:
            raise Conflict("With these values the record would repeat another one already on the profile "
                           "(record {record_id}). Retract one of them instead.", record_id=clash["record_id"])
        record.data = after
        indexed(record)  # a corrected expiry date moves its reminders
        snapshot.records = [{**r, "data": after, "corrected_at": at} if r.get("record_id") == record_id else r
                            for r in snapshot.records]
    action = "record:retracted" if change.retracts else "record:amended"
    uow.audit(source.source_id, caller, action, reason=reason,
              before={"record_id": record_id, "kind": record.kind, "data": before},
              after=None if after is None else {"record_id": record_id, "kind": record.kind, "data": after})
    if dispute is not None:
        _close(dispute, caller, Outcome.RETRACTED if change.retracts else Outcome.CORRECTED, reason, at,
               correction=DisputeCorrection(before=before, after=after))
        uow.save(dispute)
    if change.retracts:
        uow.remove(record)
    else:
        uow.save(record)
    snapshot.corrected_at = at
    uow.keep_records(snapshot)
    # A record credential that carries the record no longer says what the registry holds: its status bit is set
    # in this commit (services/records/portable_record.py).
    stage_revocations(uow, user_id, record_id, at)
    stage_event(uow, "record.changed", {"participant_id": user_id, "registry_id": profile.registry_id,
                                        "record_id": record_id, "kind": record.kind,
                                        "change": "retracted" if change.retracts else "amended",
                                        "document_id": source.source_id}, at)
    uow.send(_email(user_id, source, template="record_retracted" if change.retracts else "record_corrected",
                    reason=reason))
    try:
        uow.commit()
    except Conflict as exc:
        raise Conflict("The record or the dispute changed at the same moment. Reload and try again.") from exc
    metrics.add_metric(name="RecordsRetracted" if change.retracts else "RecordsAmended", unit="Count", value=1)
    logger.info("record changed", extra={"record_id": record_id, "action": action})
    return RecordChanged(record_id=record_id, kind=record.kind,
                         change="retracted" if change.retracts else "amended", data=after,
                         dispute=None if dispute is None else _staff_view(dispute, profile, uow.people))


def at_now() -> str:
    return iso(clock.now())


def records_for_staff(user_id: str) -> PersonRecords:
    profile = _profile(user_id)
    from chalicelib.store.records import records_of

    return PersonRecords(participant_id=user_id, registry_id=profile.registry_id,
                         items=[StaffRecord(record_id=r.record_id, kind=r.kind, data=r.data, verified_at=r.verified_at,
                                            verified_by=r.verified_by, source_document_id=r.source_document_id)
                                for r in records_of(user_id)])


# --- participant: dispute or appeal -----------------------------------------------------------------------

def open_dispute(caller: Caller, *, record_id: str | None, document_id: str | None, message: str,
                 attachment_document_id: str | None, uow: UnitOfWork | None = None) -> DisputeView:
    uow = uow or TableUnitOfWork()
    if (record_id is None) == (document_id is None):
        raise InvalidRequest("Dispute either one record (record_id) or one rejected document (document_id).")
    text = (message or "").strip()
    if not text or len(text) > MAX_MESSAGE:
        raise InvalidRequest("Say what is wrong and what is right, in at most {most} characters.", most=MAX_MESSAGE)
    profile = _profile(caller.user_id, uow.people)
    record: RecordItem | None = None
    if record_id is not None:
        record = uow.records.get(caller.user_id, record_id)
        if record is None:
            raise NotFound("No such record on your profile. Pick it from My records.")
        source = _source_of(record, uow.documents)
        target_id = source.source_id if source else None
    else:
        target = uow.documents.get(str(document_id))
        if target is None or target.owner_id != caller.user_id:
            raise NotFound("No such document among yours.")
        if target.status not in APPEALABLE:
            raise Conflict("Only a rejected document, or one staff asked you to send again, can be appealed. "
                           "This one is {status}.", status=target.status.replace("_", " "))
        target_id = target.document_id
    if target_id is None:
        raise NotFound("The document this record came from is gone.")
    if attachment_document_id is not None:
        attachment = uow.documents.get(attachment_document_id)
        if attachment is None or attachment.owner_id != caller.user_id:
            raise NotFound("The attached document is not one of yours. Upload it first, then attach it.")
    already = next((d for d in uow.disputes.of_owner(caller.user_id) if d.status == "open"
                    and d.record_id == record_id and d.document_id == target_id), None)
    if already is not None:
        raise Conflict("You already have an open request about this; staff will answer it.")
    key = uow.people.data_key(profile.registry_id)
    if key is None:
        raise Conflict("Your profile cannot store new personal text. Contact registry staff.")
    now = at_now()
    dispute_id = str(ULID())
    dispute = DisputeItem(*DisputeItem.key(dispute_id), dispute_id=dispute_id, owner_id=caller.user_id,
                          subject="record" if record is not None else "rejection", record_id=record_id,
                          record_kind=record.kind if record else None, document_id=target_id,
                          message_sealed=sealing.seal(key, profile.registry_id, f"dispute:{dispute_id}", text),
                          attachment_document_id=attachment_document_id, status="open", created_at=now)
    dispute.index()
    uow.save(dispute)
    uow.audit(target_id, caller, "dispute:opened" if record else "appeal:opened",
              after={"dispute_id": dispute_id, "record_id": record_id})
    uow.commit()
    metrics.add_metric(name="DisputesOpened", unit="Count", value=1)
    logger.info("dispute opened", extra={"dispute_id": dispute_id, "subject": dispute.subject})
    return _owner_view(dispute, text)


def my_disputes(caller: Caller, uow: UnitOfWork | None = None) -> Items[DisputeView]:
    uow = uow or TableUnitOfWork()
    profile = _profile(caller.user_id, uow.people)
    return {"items": [_owner_view(d, _message(d, profile, uow.people))
                      for d in uow.disputes.of_owner(caller.user_id)]}


def _message(dispute: DisputeItem, profile: ProfileItem, people: PeopleRepository) -> str | None:
    key = people.data_key(profile.registry_id)
    if key is None:
        return None
    return sealing.unseal(key, profile.registry_id, f"dispute:{dispute.dispute_id}", dispute.message_sealed)


def _owner_view(d: DisputeItem, message: str | None) -> DisputeView:
    return DisputeView(dispute_id=d.dispute_id, subject=d.subject, record_id=d.record_id, record_kind=d.record_kind,
                       document_id=d.document_id, attachment_document_id=d.attachment_document_id, message=message,
                       status=d.status, resolution=d.resolution, resolved_at=d.resolved_at, created_at=d.created_at)


# --- staff: the dispute queue ---------------------------------------------------------------------------

def queue(*, limit: int, cursor: str | None) -> DisputeQueue:
    from chalicelib.security.cursors import open_cursor, seal

    items, position = open_disputes(limit=limit, start=open_cursor(cursor, "disputes"))
    return DisputeQueue(items=[QueuedDispute(dispute_id=d.dispute_id, subject=d.subject, record_kind=d.record_kind,
                                             document_id=d.document_id, owner_id=d.owner_id,
                                             created_at=d.created_at, age_hours=age_hours(d.created_at),
                                             has_attachment=bool(d.attachment_document_id))
                               for d in items],
                        next_cursor=seal(position, "disputes"))


def _staff_view(d: DisputeItem, profile: ProfileItem, people: PeopleRepository) -> StaffDisputeView:
    return {**_owner_view(d, _message(d, profile, people)), "owner_id": d.owner_id, "registry_id": profile.registry_id,
            "age_hours": age_hours(d.created_at), "resolved_by": d.resolved_by, "correction": d.correction,
            "version": d.version}


def detail(dispute_id: str, uow: UnitOfWork | None = None) -> DisputeDetail:
    uow = uow or TableUnitOfWork()
    dispute = _load(dispute_id, uow.disputes)
    profile = _profile(dispute.owner_id, uow.people)
    document = uow.documents.get(dispute.document_id)
    record = uow.records.get(dispute.owner_id, dispute.record_id) if dispute.record_id else None
    return {**_staff_view(dispute, profile, uow.people),
            "record": None if record is None else DisputedRecord(record_id=record.record_id, kind=record.kind,
                                                                 data=record.data, verified_at=record.verified_at),
            "document": None if document is None else DisputedDocument(
                document_id=document.document_id, doc_type=document.doc_type or document.doc_type_hint,
                status=document.status, reason=document.status_reason, file_name=document.file_name,
                decided_by=document.decided_by, decided_at=document.decided_at),
            "audit": [_audit_line(a) for a in audit_trail(dispute.document_id)]}


def _audit_line(entry: AuditEntryItem) -> DisputeAuditLine:
    line = DisputeAuditLine(at=entry.at, actor_id=entry.actor_id, action=entry.action, reason=entry.reason)
    if str(entry.action).startswith("attendance:"):
        # A sponsor's grant says whose hours and how many: staff judging a dispute see who granted them.
        line["after"] = entry.after
    return line


def _load(dispute_id: str, disputes: DisputeRepository) -> DisputeItem:
    dispute = disputes.get(dispute_id)
    if dispute is None:
        raise NotFound("No such dispute.")
    return dispute


def _close(dispute: DisputeItem, caller: Caller, outcome: Outcome, reason: str, at: str,
           correction: DisputeCorrection | None = None) -> None:
    dispute.status = outcome.value
    dispute.resolution = reason
    dispute.resolved_by = caller.user_id
    dispute.resolved_at = at
    dispute.correction = correction
    dispute.index()


def resolve(caller: Caller, dispute_id: str, *, outcome: Outcome, reason: str | None,
            data: JsonMapping | None, expected_version: int | None,
            uow: UnitOfWork | None = None) -> RecordChanged | DisputeAnswered:
    uow = uow or TableUnitOfWork()
    dispute = _load(dispute_id, uow.disputes)
    if dispute.status != "open":
        raise Conflict("This dispute was already answered ({status}). Open the next one in the queue.",
                       status=dispute.status)
    if expected_version is not None and expected_version != dispute.version:
        raise Conflict("This dispute changed since you opened it. Reload it before answering.")
    text = _reason(reason)
    if outcome in (Outcome.CORRECTED, Outcome.RETRACTED):
        if dispute.record_id is None:
            raise InvalidRequest("An appeal of a rejected document is answered by reopening or dismissing it.")
        if outcome == Outcome.CORRECTED and not data:
            raise InvalidRequest("Send the corrected values of the record (data).")
        change = RecordChange(reason=text, data=data if outcome == Outcome.CORRECTED else None)
        return change_record(caller, dispute.owner_id, dispute.record_id, change, dispute=dispute, uow=uow)
    not_about_themselves(caller, dispute.owner_id)
    at = at_now()
    profile = _profile(dispute.owner_id, uow.people)
    if outcome == Outcome.REOPENED:
        document = None if dispute.document_id.startswith(EVENT_SOURCE) else uow.documents.get(dispute.document_id)
        if dispute.subject != "rejection" or document is None:
            raise InvalidRequest("Only an appeal of a rejected document can be reopened; correct the record instead.")
        _close(dispute, caller, outcome, text, at)
        # The document goes back to the queue, the dispute closes and the email is owed, all in one commit.
        transition(document, DocStatus.NEEDS_REVIEW, actor=caller, action="appeal:reopened", reason=text, uow=uow)
        uow.send(notifications.document_email(document, template="appeal_reopened", reason=text))
    else:
        source = _dispute_source(dispute, uow)
        if source is None:
            raise NotFound("The disputed document is gone.")
        _close(dispute, caller, Outcome.DISMISSED, text, at)
        uow.audit(source.source_id, caller, "dispute:dismissed", reason=text, after={"dispute_id": dispute.dispute_id})
        uow.send(_email(dispute.owner_id, source, template="dispute_dismissed", reason=text))
    uow.save(dispute)
    try:
        uow.commit()
    except Conflict as exc:
        raise Conflict("This dispute changed since you opened it. Reload it before answering.") from exc
    metrics.add_metric(name=f"Disputes_{outcome.value}", unit="Count", value=1)
    return DisputeAnswered(dispute=_staff_view(dispute, profile, uow.people))
