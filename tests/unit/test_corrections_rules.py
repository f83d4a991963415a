"""Corrections and disputes on the in-memory unit of work: what an amendment, a retraction, a dispute and its
answer write, which email goes to whom, and that a refused or conflicting change writes and sends nothing."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.documents import DocStatus
from chalicelib.errors import Conflict, Forbidden, InvalidRequest
from chalicelib.security import fields as sealing
from chalicelib.security.identity import Caller, Role
from chalicelib.services.documents import review
from chalicelib.services.records import corrections
from chalicelib.services.records.corrections import Outcome, RecordChange
from chalicelib.store.records import EventItem, RecordItem, new_record
from tests.fakes import InMemoryUnitOfWork
from tests.unit.people import ANA, AT, PERMIT, RIO, SAM, with_ana


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return with_ana()


def _document(uow: InMemoryUnitOfWork, document_id: str, fields: dict[str, Any] | None = None) -> None:
    item = uow.documents.create(document_id, owner_id=ANA.user_id, uploaded_by=ANA.user_id, doc_type="permit",
                                status=DocStatus.NEEDS_REVIEW.value, upload_key=f"uploads/{document_id}",
                                file_name=f"{document_id}.jpg", created_at=AT, submitted_at=AT, updated_at=AT,
                                extracted={"doc_type": "permit", **(fields or PERMIT)})
    item.index_for_status()
    uow.save(item)
    uow.commit()


def _verified_permit(uow: InMemoryUnitOfWork, document_id: str = "doc-1",
                     fields: dict[str, Any] | None = None) -> str:
    _document(uow, document_id, fields)
    answer = review.decide(SAM, document_id, decision="verify", fields=fields or PERMIT, reason=None,
                           expected_version=None, uow=uow)
    _forget_what_was_sent(uow)
    return str(answer["records"][0])


def _forget_what_was_sent(uow: InMemoryUnitOfWork) -> None:
    uow.sent.clear()
    uow.others.clear()
    uow.audit_entries.clear()


def _on_record(uow: InMemoryUnitOfWork) -> list[dict[str, Any]]:
    return list(uow.records.snapshot_of(ANA.user_id).records)


def test_an_amendment_changes_the_record_and_its_snapshot_and_tells_the_participant_why(
        uow: InMemoryUnitOfWork) -> None:
    record_id = _verified_permit(uow)
    answer = corrections.change_record(SAM, ANA.user_id, record_id, RecordChange(
        reason="The permit was renewed; the new expiry date is on the CTC lookup.",
        data={"expires_on": "2031-01-01"}), uow=uow)

    assert answer["data"]["expires_on"] == "2031-01-01" and answer["change"] == "amended"
    record = uow.records.get(ANA.user_id, record_id)
    assert record is not None and record.data["expires_on"] == "2031-01-01"
    snapshot = uow.records.snapshot_of(ANA.user_id)
    assert [r["data"]["expires_on"] for r in snapshot.records] == ["2031-01-01"]
    assert snapshot.corrected_at is not None
    [entry] = uow.audit_entries
    assert (entry.subject_id, entry.action, entry.before["data"]["expires_on"], entry.after["data"]["expires_on"]) \
        == ("doc-1", "record:amended", "2029-01-01", "2031-01-01")
    [event] = [i for i in uow.others if isinstance(i, EventItem)]
    assert (event.type, event.subject["change"], event.subject["record_id"]) == ("record.changed", "amended",
                                                                                 record_id)
    [email] = uow.sent["notifications"]
    assert (email["template"], email["user_id"], email["document_id"]) == ("record_corrected", ANA.user_id, "doc-1")
    assert email["reason"].startswith("The permit was renewed")
    assert [m["type"] for m in uow.sent["webhooks"]] == ["record.changed"]


def test_a_retraction_removes_the_record_and_keeps_the_old_value_in_the_audit(uow: InMemoryUnitOfWork) -> None:
    record_id = _verified_permit(uow)
    corrections.change_record(SAM, ANA.user_id, record_id, RecordChange(reason="Issued to another person."),
                              uow=uow)
    assert uow.records.get(ANA.user_id, record_id) is None and _on_record(uow) == []
    assert [r.record_id for r in uow.removed] == [record_id]
    [entry] = uow.audit_entries
    assert entry.action == "record:retracted" and entry.before["data"]["document_number"] == "123456"
    assert entry.after is None
    assert [m["template"] for m in uow.sent["notifications"]] == ["record_retracted"]


@pytest.mark.parametrize("change, refusal", [
    (RecordChange(reason="  ", data={"expires_on": "2031-01-01"}), InvalidRequest),
    (RecordChange(reason="Same values.", data={"expires_on": "2029-01-01"}), InvalidRequest),
    (RecordChange(reason="Bad date.", data={"expires_on": "next year"}), InvalidRequest),
    (RecordChange(reason="Would repeat the other permit.", data={"document_number": "654321"}), Conflict),
])
def test_a_refused_correction_writes_and_sends_nothing(
        uow: InMemoryUnitOfWork, change: RecordChange, refusal: type) -> None:
    record_id = _verified_permit(uow)
    _verified_permit(uow, "doc-2", {**PERMIT, "document_number": "654321"})
    before, commits = _on_record(uow), uow.commits
    with pytest.raises(refusal):
        corrections.change_record(SAM, ANA.user_id, record_id, change, uow=uow)
    assert (_on_record(uow), uow.commits, uow.sent, uow.audit_entries) == (before, commits, {}, [])


def test_staff_do_not_correct_their_own_records(uow: InMemoryUnitOfWork) -> None:
    record_id = _verified_permit(uow)
    ana_at_work = Caller(ANA.user_id, frozenset({Role.STAFF, Role.PARTICIPANT}))
    with pytest.raises(Forbidden):
        corrections.change_record(ana_at_work, ANA.user_id, record_id,
                                  RecordChange(reason="Mine.", data={"expires_on": "2035-01-01"}), uow=uow)


def test_a_record_from_attendance_is_corrected_under_its_training_event(uow: InMemoryUnitOfWork) -> None:
    record = new_record(ANA.user_id, "training", {"training_title": "Positive Guidance", "hours": 3.0,
                                                  "completed_on": "2026-10-01", "sponsor": "Sacramento COE"},
                        record_id="rec-t", source_document_id="event:ev-7", verified_by="system", verified_at=AT)
    snapshot = uow.records.snapshot_of(ANA.user_id)
    snapshot.records = [{"record_id": "rec-t", "kind": "training", "data": record.data, "verified_at": AT}]
    uow.save(record)
    uow.keep_records(snapshot)
    uow.commit()
    corrections.change_record(SAM, ANA.user_id, "rec-t", RecordChange(reason="Two hours attended, not three.",
                                                                      data={"hours": 2.0}), uow=uow)
    assert uow.actions("event:ev-7") == ["record:amended"]
    [email] = uow.sent["notifications"]
    assert (email["document_id"], email["doc_type"], email["file_name"], email["template"]) == (
        "event:ev-7", "training_certificate", "Positive Guidance", "record_corrected")


def test_a_dispute_is_sealed_with_the_profiles_key_and_one_is_open_at_a_time(uow: InMemoryUnitOfWork) -> None:
    record_id = _verified_permit(uow)
    opened = corrections.open_dispute(ANA, record_id=record_id, document_id=None,
                                      message="My permit was renewed in 2026.", attachment_document_id=None, uow=uow)
    assert (opened["status"], opened["message"], opened["document_id"]) == ("open",
                                                                           "My permit was renewed in 2026.", "doc-1")
    stored = uow.disputes.get(opened["dispute_id"])
    assert stored is not None and "renewed" not in stored.message_sealed
    key = uow.people.data_key("CA-0000-0001")
    assert key is not None and sealing.unseal(key, "CA-0000-0001", f"dispute:{stored.dispute_id}",
                                              stored.message_sealed) == "My permit was renewed in 2026."
    assert uow.actions("doc-1") == ["dispute:opened"]
    with pytest.raises(Conflict, match="already have an open request"):
        corrections.open_dispute(ANA, record_id=record_id, document_id=None, message="Again.",
                                 attachment_document_id=None, uow=uow)
    assert len(uow.disputes.of_owner(ANA.user_id)) == 1


def test_a_dispute_answered_by_correcting_closes_with_the_correction_in_one_commit(uow: InMemoryUnitOfWork) -> None:
    record_id = _verified_permit(uow)
    opened = corrections.open_dispute(ANA, record_id=record_id, document_id=None, message="Renewed.",
                                      attachment_document_id=None, uow=uow)
    _forget_what_was_sent(uow)
    commits = uow.commits
    answer = corrections.resolve(SAM, opened["dispute_id"], outcome=Outcome.CORRECTED, reason="Renewal confirmed.",
                                 data={"expires_on": "2031-01-01"}, expected_version=None, uow=uow)
    assert uow.commits == commits + 1
    dispute = uow.disputes.get(opened["dispute_id"])
    assert dispute is not None and (dispute.status, dispute.resolved_by) == ("corrected", SAM.user_id)
    assert dispute.correction == {"before": {**{k: PERMIT[k] for k in ("permit_title", "document_number",
                                                                        "issued_on", "expires_on")}},
                                  "after": {**{k: PERMIT[k] for k in ("permit_title", "document_number",
                                                                       "issued_on")}, "expires_on": "2031-01-01"}}
    assert answer["dispute"]["message"] == "Renewed." and answer["dispute"]["status"] == "corrected"
    assert [m["template"] for m in uow.sent["notifications"]] == ["record_corrected"]


def test_two_staff_answering_one_dispute_at_once_leave_one_answer(
        uow: InMemoryUnitOfWork, monkeypatch: pytest.MonkeyPatch) -> None:
    record_id = _verified_permit(uow)
    opened = corrections.open_dispute(ANA, record_id=record_id, document_id=None, message="Renewed.",
                                      attachment_document_id=None, uow=uow)
    as_read_by_rio = uow.disputes.get(opened["dispute_id"])
    corrections.resolve(SAM, opened["dispute_id"], outcome=Outcome.DISMISSED, reason="The CTC shows 2029.",
                        data=None, expected_version=None, uow=uow)
    _forget_what_was_sent(uow)
    monkeypatch.setattr(uow.disputes, "get", lambda dispute_id: as_read_by_rio)
    with pytest.raises(Conflict):
        corrections.resolve(RIO, opened["dispute_id"], outcome=Outcome.RETRACTED, reason="Wrong person.",
                            data=None, expected_version=None, uow=uow)
    assert uow.records.get(ANA.user_id, record_id) is not None  # the retraction did not happen
    assert (uow.sent, uow.audit_entries, uow.removed) == ({}, [], [])


def test_an_appeal_reopened_puts_the_document_back_in_the_queue_with_its_email(uow: InMemoryUnitOfWork) -> None:
    _document(uow, "doc-9")
    review.decide(SAM, "doc-9", decision="reject", fields=None, reason="The page is cut off.",
                  expected_version=None, uow=uow)
    opened = corrections.open_dispute(ANA, record_id=None, document_id="doc-9", message="The second page shows it.",
                                      attachment_document_id=None, uow=uow)
    _forget_what_was_sent(uow)
    pending_before = uow.pending.get(ANA.user_id, 0)
    answer = corrections.resolve(RIO, opened["dispute_id"], outcome=Outcome.REOPENED, reason="Reviewing again.",
                                 data=None, expected_version=None, uow=uow)
    assert answer["dispute"]["status"] == "reopened"
    document = uow.documents.get("doc-9")
    assert document is not None and document.status == DocStatus.NEEDS_REVIEW.value
    assert uow.actions("doc-9") == ["appeal:reopened"]
    assert [(m["template"], m["document_id"]) for m in uow.sent["notifications"]] == [("appeal_reopened", "doc-9")]
    assert uow.pending[ANA.user_id] == pending_before + 1
    with pytest.raises(Conflict, match="already answered"):
        corrections.resolve(SAM, opened["dispute_id"], outcome=Outcome.DISMISSED, reason="No.", data=None,
                            expected_version=None, uow=uow)


def test_only_an_appeal_is_reopened_and_only_a_record_dispute_is_corrected(uow: InMemoryUnitOfWork) -> None:
    record_id = _verified_permit(uow)
    about_record = corrections.open_dispute(ANA, record_id=record_id, document_id=None, message="Renewed.",
                                            attachment_document_id=None, uow=uow)
    with pytest.raises(InvalidRequest, match="Only an appeal"):
        corrections.resolve(SAM, about_record["dispute_id"], outcome=Outcome.REOPENED, reason="Why not.",
                            data=None, expected_version=None, uow=uow)
    assert uow.disputes.get(about_record["dispute_id"]).status == "open"  # type: ignore[union-attr]
    assert isinstance(uow.records.get(ANA.user_id, record_id), RecordItem)
