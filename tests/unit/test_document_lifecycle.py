"""The document lifecycle's paths that must never leave a document stuck, on the in-memory unit of work:
intake, a staff retry, the processing sweeper and the outbox sweeper. No moto: these run in milliseconds."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from chalicelib import clock
from chalicelib.domain.documents import DocStatus
from chalicelib.errors import Conflict
from chalicelib.security.identity import Caller, Role
from chalicelib.services.documents import intake, review
from chalicelib.services.documents.lifecycle import (
    MAX_REQUEUES,
    STUCK_AFTER,
    UploadRequest,
    requeue_stuck,
    start_upload,
)
from chalicelib.services.unit_of_work import send_left_messages
from chalicelib.store.documents import DocumentItem
from tests.fakes import InMemoryUnitOfWork, InMemoryUploads

ANA = Caller("user-ana", frozenset({Role.PARTICIPANT}))
STAFF = Caller("user-staff", frozenset({Role.STAFF}))


def _photo(shade: int = 200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 1200), (shade, shade, shade)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()


@pytest.fixture
def files() -> InMemoryUploads:
    return InMemoryUploads()


def _uploaded(uow: InMemoryUnitOfWork, files: InMemoryUploads, data: bytes, name: str = "permit.png") -> str:
    started = start_upload(ANA, UploadRequest(doc_type="permit", file_name=name, content_type="image/png",
                                              size=len(data), owner_id=ANA.user_id, declared={}), uow=uow,
                           files=files)
    document_id = str(started["document_id"])
    files.put(f"uploads/{document_id}", data)
    return document_id


def _take_in(uow: InMemoryUnitOfWork, files: InMemoryUploads, document_id: str) -> dict[str, object]:
    size = len(files.versions[f"uploads/{document_id}"][-1][1])
    return intake.take_in(f"uploads/{document_id}", reported_size=size, uow=uow, files=files)


def test_an_accepted_upload_is_processing_and_owes_exactly_one_extraction_message(uow, files) -> None:
    document_id = _uploaded(uow, files, _photo())
    assert _take_in(uow, files, document_id) == {"status": "processing"}
    document = uow.documents.get(document_id)
    assert document is not None and document.status == DocStatus.PROCESSING.value
    assert document.upload_version == "v1" and document.sniffed_type == "png"
    assert uow.actions(document_id) == ["intake:accepted"]
    assert [m["document_id"] for m in uow.sent["extraction"]] == [document_id]
    assert uow.outbox == {}  # handed over, so forgotten
    assert uow.pending == {ANA.user_id: 1}
    # S3 may notify twice: the second notification finds the document already taken in and owes nothing more.
    assert _take_in(uow, files, document_id) == {"status": "processing"}
    assert len(uow.sent["extraction"]) == 1


def test_a_queue_outage_at_intake_leaves_the_message_in_the_outbox_and_the_sweeper_sends_it_once(
        uow, files) -> None:
    document_id = _uploaded(uow, files, _photo())
    uow.queue_down = True
    assert _take_in(uow, files, document_id) == {"status": "processing"}
    assert uow.sent == {}
    [left] = uow.outbox.values()
    assert left.destination == "extraction" and left.body["document_id"] == document_id
    # While the queue is down the sweeper keeps the entry; once it is back the entry goes out and is forgotten.
    later = datetime.now(UTC) + timedelta(minutes=2)
    assert send_left_messages(uow, now=later) == 0 and len(uow.outbox) == 1
    uow.queue_down = False
    assert send_left_messages(uow, now=later) == 1
    assert [m["document_id"] for m in uow.sent["extraction"]] == [document_id]
    assert send_left_messages(uow, now=later) == 0
    assert uow.outbox == {}


def test_the_outbox_sweeper_leaves_messages_of_the_last_minute_to_their_own_commit(uow, files) -> None:
    document_id = _uploaded(uow, files, _photo())
    uow.queue_down = True
    _take_in(uow, files, document_id)
    uow.queue_down = False
    assert send_left_messages(uow, now=datetime.now(UTC)) == 0
    assert len(uow.outbox) == 1


def test_a_refused_file_keeps_its_record_and_reason_is_tagged_and_owes_its_owner_one_email(uow, files) -> None:
    document_id = _uploaded(uow, files, b"MZ\x90\x00 this is a Windows program, not a document")
    assert _take_in(uow, files, document_id) == {"status": "rejected_file"}
    document = uow.documents.get(document_id)
    assert document is not None and document.status == DocStatus.REJECTED_FILE.value
    assert document.status_reason and "Upload" in document.status_reason
    assert files.tags[f"uploads/{document_id}"] == {intake.REFUSED_TAG: "refused"}
    assert uow.sent.get("extraction") is None
    [email] = uow.sent["notifications"]
    assert (email["kind"], email["template"], email["user_id"], email["document_id"]) == (
        "document_email", "file_rejected", ANA.user_id, document_id)
    assert email["reason"] == document.status_reason and email["outbox_id"]
    assert uow.pending == {}


def test_the_same_file_sent_again_is_refused_with_a_pointer_to_the_first(uow, files) -> None:
    photo = _photo()
    first = _uploaded(uow, files, photo)
    _take_in(uow, files, first)
    second = _uploaded(uow, files, photo, name="again.png")
    outcome = _take_in(uow, files, second)
    assert outcome == {"status": "rejected_file", "duplicate_of": first}
    again = uow.documents.get(second)
    assert again is not None and "already sent this exact file" in (again.status_reason or "")
    # A different photo is a new document.
    third = _uploaded(uow, files, _photo(shade=120))
    assert _take_in(uow, files, third) == {"status": "processing"}


def test_a_staff_retry_saves_processing_and_its_message_together(uow, files) -> None:
    document_id = _uploaded(uow, files, _photo())
    _take_in(uow, files, document_id)
    document = uow.documents.get(document_id)
    assert document is not None
    document.status = DocStatus.FAILED.value
    row = DocumentItem.key(document_id)
    uow.table.rows[row] = {**document.serialize(), "version": uow.table.rows[row]["version"]}
    assert review.retry(STAFF, document_id, uow=uow) == {"document_id": document_id, "status": "processing"}
    assert uow.actions(document_id) == ["intake:accepted", "review:retry"]
    assert [m["document_id"] for m in uow.sent["extraction"]] == [document_id, document_id]


def test_a_change_that_loses_the_race_writes_nothing_and_owes_nothing(uow, files) -> None:
    document_id = _uploaded(uow, files, _photo())
    _take_in(uow, files, document_id)
    ours = uow.documents.get(document_id)
    theirs = uow.documents.get(document_id)
    assert ours is not None and theirs is not None
    theirs.status_reason = "changed by someone else first"
    uow.save(theirs)
    uow.commit()
    from chalicelib.domain.messages import ExtractDocument

    ours.requeued = 1
    uow.save(ours)
    uow.send(ExtractDocument(document_id))
    with pytest.raises(Conflict):
        uow.commit()
    assert len(uow.sent["extraction"]) == 1  # only intake's
    assert uow.outbox == {}
    stored = uow.documents.get(document_id)
    assert stored is not None and stored.requeued is None


def test_a_document_left_processing_is_sent_again_and_after_three_tries_goes_to_staff_as_failed(
        uow, files) -> None:
    document_id = _uploaded(uow, files, _photo())
    _take_in(uow, files, document_id)
    now = clock.now()
    assert requeue_stuck(now, uow=uow) == {"resent": 0, "failed": 0}  # just taken in: not stuck
    for attempt in range(1, MAX_REQUEUES + 1):
        now += STUCK_AFTER + timedelta(minutes=1)
        assert requeue_stuck(now, uow=uow) == {"resent": 1, "failed": 0}
        document = uow.documents.get(document_id)
        assert document is not None and document.requeued == attempt
    assert len(uow.sent["extraction"]) == 1 + MAX_REQUEUES
    now += STUCK_AFTER + timedelta(minutes=1)
    assert requeue_stuck(now, uow=uow) == {"resent": 0, "failed": 1}
    document = uow.documents.get(document_id)
    assert document is not None and document.status == DocStatus.FAILED.value
    assert "did not finish after several tries" in (document.status_reason or "")
    assert uow.actions(document_id)[-1] == "sweeper:gave_up"
    assert uow.pending == {ANA.user_id: 1}  # failed is still in the pipeline: staff owe it a look


def test_leaving_a_unit_of_work_without_commit_changes_nothing(uow, files) -> None:
    document_id = _uploaded(uow, files, _photo())
    with uow:
        document = uow.documents.get(document_id)
        assert document is not None
        document.status_reason = "half-done"
        uow.save(document)
    uow.commit()
    stored = uow.documents.get(document_id)
    assert stored is not None and stored.status_reason is None


def test_sending_a_flagged_document_on_is_saved_with_its_audit_entry(uow, files) -> None:
    from chalicelib.services.documents.lifecycle import send_anyway

    document_id = _uploaded(uow, files, _photo())
    _take_in(uow, files, document_id)
    document = uow.documents.get(document_id)
    assert document is not None
    document.status = DocStatus.NEEDS_ATTENTION.value
    document.attention = [{"problem": "expired", "expires_on": "2024-06-30"}]
    uow.save(document)
    uow.commit()
    assert send_anyway(ANA, document_id, uow=uow)["status"] == "needs_review"
    stored = uow.documents.get(document_id)
    assert stored is not None and stored.status == DocStatus.NEEDS_REVIEW.value
    assert uow.actions(document_id)[-1] == "attention:sent_anyway"
    with pytest.raises(Conflict):  # nothing waits for Ana any more
        send_anyway(ANA, document_id, uow=uow)
