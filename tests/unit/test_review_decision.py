"""The staff decision on the in-memory unit of work: what one verify, reject or resubmission request writes, which
messages it owes and to whom, and that a refused or conflicting decision writes and sends nothing. No moto."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.documents import DocStatus
from chalicelib.errors import Conflict, Forbidden, InvalidRequest
from chalicelib.security.identity import Caller, Role
from chalicelib.services.documents import review
from chalicelib.store.operations import DecisionTimeItem
from chalicelib.store.records import EventItem, RecordItem
from tests.fakes import InMemoryUnitOfWork
from tests.unit.people import ANA, AT, PERMIT, RIO, SAM, with_ana


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return with_ana()


def _waiting(uow: InMemoryUnitOfWork, document_id: str, *, fields: dict[str, Any] | None = None,
             uploaded_by: str = ANA.user_id) -> None:
    item = uow.documents.create(document_id, owner_id=ANA.user_id, uploaded_by=uploaded_by, doc_type="permit",
                                status=DocStatus.NEEDS_REVIEW.value, upload_key=f"uploads/{document_id}",
                                file_name="permit.jpg", created_at=AT, submitted_at=AT,
                                updated_at=AT, extracted={"doc_type": "permit", **(fields or PERMIT)})
    item.index_for_status()
    uow.save(item)
    uow.commit()
    uow.sent.clear()


def _verify(uow: InMemoryUnitOfWork, document_id: str, who: Caller = SAM, fields: dict[str, Any] | None = None,
            **extra: Any) -> dict[str, Any]:
    return review.decide(who, document_id, decision="verify", fields=fields or PERMIT, reason=None,
                         expected_version=None, uow=uow, **extra)


def _saved(uow: InMemoryUnitOfWork, kind: type) -> list[Any]:
    return [i for i in uow.others if isinstance(i, kind)]


def test_a_verified_permit_writes_its_record_event_and_time_and_owes_one_email_and_two_announcements(
        uow: InMemoryUnitOfWork) -> None:
    _waiting(uow, "doc-1")
    answer = _verify(uow, "doc-1")

    document = uow.documents.get("doc-1")
    assert document is not None and document.status == DocStatus.VERIFIED.value
    assert (document.decided_by, document.verified_fields) == (SAM.user_id, PERMIT)
    [record] = _saved(uow, RecordItem)
    assert answer == {"document_id": "doc-1", "status": "verified", "records": [record.record_id]}
    assert (record.kind, record.data["document_number"], record.verified_by) == ("permit", "123456", SAM.user_id)
    snapshot = uow.records.snapshot_of(ANA.user_id)
    assert [(r["record_id"], r["kind"]) for r in snapshot.records] == [(record.record_id, "permit")]
    assert uow.actions("doc-1") == ["decision:verify"]
    assert [e.type for e in _saved(uow, EventItem)] == ["document.verified", "record.updated"]
    [timing] = _saved(uow, DecisionTimeItem)
    assert timing.doc_type == "permit" and float(timing.hours) > 0
    [email] = uow.sent["notifications"]
    assert (email["kind"], email["template"], email["user_id"], email["document_id"]) == (
        "document_email", "verified", ANA.user_id, "doc-1")
    assert [(m["type"], m["subject"]["registry_id"]) for m in uow.sent["webhooks"]] == [
        ("document.verified", "CA-0000-0001"), ("record.updated", "CA-0000-0001")]
    assert uow.pending == {ANA.user_id: -1} and uow.outbox == {}


def test_the_same_permit_verified_from_a_second_copy_adds_no_second_record(uow: InMemoryUnitOfWork) -> None:
    _waiting(uow, "doc-1")
    _waiting(uow, "doc-2")
    _verify(uow, "doc-1")
    second = _verify(uow, "doc-2")
    assert second["records"] == []
    assert len(uow.records.snapshot_of(ANA.user_id).records) == 1
    assert [m["type"] for m in uow.sent["webhooks"]][-1] == "document.verified"  # no record.updated


def test_two_reviewers_deciding_at_once_leave_one_decision_and_nothing_of_the_other(
        uow: InMemoryUnitOfWork, monkeypatch: pytest.MonkeyPatch) -> None:
    _waiting(uow, "doc-1")
    as_read_by_rio = uow.documents.get("doc-1")
    _verify(uow, "doc-1")
    written, sent = len(uow.others), {k: list(v) for k, v in uow.sent.items()}

    monkeypatch.setattr(uow.documents, "get", lambda document_id: as_read_by_rio)
    with pytest.raises(Conflict, match="Another reviewer decided this document"):
        review.decide(RIO, "doc-1", decision="reject", fields=None, reason="Blurred.", expected_version=None,
                      uow=uow)
    assert uow.table.load(("DOC#doc-1", "DOC")).status == "verified"
    assert (len(uow.others), uow.sent, uow.outbox) == (written, sent, {})
    assert uow.actions("doc-1") == ["decision:verify"]


def test_records_changed_meanwhile_refuse_the_decision_instead_of_losing_a_record(uow: InMemoryUnitOfWork) -> None:
    """Two of Ana's documents verified at the same moment: the second commit would write records read before
    the first one's, so it is refused and the reviewer decides again."""
    _waiting(uow, "doc-1")
    _waiting(uow, "doc-2", fields={**PERMIT, "document_number": "654321"})
    records_before = uow.records.snapshot_of(ANA.user_id)
    _verify(uow, "doc-1")
    stale = pytest.MonkeyPatch()
    stale.setattr(uow.records, "snapshot_of", lambda user_id: records_before)
    with pytest.raises(Conflict):
        _verify(uow, "doc-2", fields={**PERMIT, "document_number": "654321"})
    stale.undo()
    assert [r["data"]["document_number"] for r in uow.records.snapshot_of(ANA.user_id).records] == ["123456"]
    assert uow.documents.get("doc-2").status == DocStatus.NEEDS_REVIEW.value  # type: ignore[union-attr]
    assert len(_saved(uow, RecordItem)) == 1
    assert _verify(uow, "doc-2", fields={**PERMIT, "document_number": "654321"})["status"] == "verified"  # again
    assert len(uow.records.snapshot_of(ANA.user_id).records) == 2


def test_staff_who_uploaded_for_the_participant_cannot_verify_it_and_nothing_is_written(
        uow: InMemoryUnitOfWork) -> None:
    _waiting(uow, "doc-1", uploaded_by=SAM.user_id)
    commits = uow.commits
    with pytest.raises(Forbidden, match="another staff member must verify it"):
        _verify(uow, "doc-1")
    assert (uow.commits, uow.sent, uow.others) == (commits, {}, [])
    assert _verify(uow, "doc-1", who=RIO)["status"] == "verified"


def test_nobody_decides_about_their_own_document(uow: InMemoryUnitOfWork) -> None:
    staff_ana = Caller(ANA.user_id, frozenset({Role.STAFF, Role.PARTICIPANT}))
    _waiting(uow, "doc-1")
    with pytest.raises(Forbidden):
        _verify(uow, "doc-1", who=staff_ana)
    assert uow.documents.get("doc-1").status == DocStatus.NEEDS_REVIEW.value  # type: ignore[union-attr]


def test_a_name_that_is_not_the_participants_needs_a_reason_that_the_audit_keeps(uow: InMemoryUnitOfWork) -> None:
    other = {**PERMIT, "person_name": "Maria Lopez"}
    _waiting(uow, "doc-1", fields=other)
    with pytest.raises(InvalidRequest) as refused:
        _verify(uow, "doc-1", fields=other)
    assert refused.value.extra == {"field": "person_name", "name_mismatch": True}
    assert uow.sent == {}
    _verify(uow, "doc-1", fields=other, name_mismatch_reason="Married name; marriage certificate seen.")
    [entry] = uow.audit_entries[-1:]
    assert entry.after["name_mismatch_confirmed"] == {
        "name_on_document": "Maria Lopez", "confirmed_by": SAM.user_id,
        "reason": "Married name; marriage certificate seen."}


def test_a_rejection_needs_a_reason_and_a_template_reason_travels_as_its_code(uow: InMemoryUnitOfWork) -> None:
    from chalicelib.domain.catalogues import catalogue
    from chalicelib.domain.reasons import STAFF_TEMPLATES

    _waiting(uow, "doc-1")
    with pytest.raises(InvalidRequest, match="reason the participant can act on"):
        review.decide(SAM, "doc-1", decision="reject", fields=None, reason="  ", expected_version=None, uow=uow)
    code = STAFF_TEMPLATES[0]
    words = catalogue("reasons", "en")[code]
    answer = review.decide(SAM, "doc-1", decision="request_resubmission", fields=None, reason=words,
                           expected_version=None, uow=uow)
    assert answer == {"document_id": "doc-1", "status": "resubmission_requested", "records": []}
    [email] = uow.sent["notifications"]
    assert (email["template"], email["reason"], email["reason_code"]["code"]) == (
        "resubmission_requested", words, code)
    assert [m["type"] for m in uow.sent["webhooks"]] == ["document.rejected"]
    assert _saved(uow, RecordItem) == [] and uow.records.snapshot_of(ANA.user_id).version is None
    assert uow.pending == {ANA.user_id: -1}


def test_a_claim_keeps_others_out_until_taken_over_which_the_audit_keeps(uow: InMemoryUnitOfWork) -> None:
    from chalicelib.store.people import AccountItem

    uow.people.accounts[SAM.user_id] = AccountItem(*AccountItem.key(SAM.user_id), user_id=SAM.user_id,
                                                   roles=["staff"], display_name="Sam Ortiz", created_at=AT)
    _waiting(uow, "doc-1")
    held = review.claim(SAM, "doc-1", uow=uow)
    assert held["claim"]["by"] == SAM.user_id and held["claim"]["name"] == "Sam Ortiz"
    with pytest.raises(Conflict, match="Sam Ortiz is reviewing this document"):
        review.claim(RIO, "doc-1", uow=uow)
    with pytest.raises(Conflict, match="Sam Ortiz is reviewing this document"):
        _verify(uow, "doc-1", who=RIO)
    assert uow.actions("doc-1") == []
    taken = review.claim(RIO, "doc-1", take_over=True, uow=uow)
    assert taken["claim"]["by"] == RIO.user_id
    [entry] = uow.audit_entries
    assert (entry.action, entry.actor_id, entry.before) == ("review:taken_over", RIO.user_id,
                                                            {"claimed_by": SAM.user_id})
    review.release(RIO, "doc-1", uow=uow)
    assert uow.documents.get("doc-1").claimed_by is None  # type: ignore[union-attr]
    assert _verify(uow, "doc-1", who=SAM)["status"] == "verified"
