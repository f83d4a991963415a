"""The retention job on the in-memory unit of work, with a clock the test sets: what a period has not ended yet
stays, what it has ended goes (in bounded commits), and the job's audit keeps counts, never who."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib import clock
from chalicelib.domain.documents import DocStatus
from chalicelib.services.documents.lifecycle import transition
from chalicelib.services.records import retention
from chalicelib.services.unit_of_work import audit_entry
from chalicelib.store.base import iso
from chalicelib.store.documents import DocumentItem
from chalicelib.store.profiles import ProfileItem, new_profile_audit, on_retention_list, registry_id_claim
from chalicelib.store.records import (
    DayRunItem,
    RecordItem,
    RecordsSnapshotItem,
    ReminderSentItem,
    day_run,
    new_record,
    reminder_sent,
)
from tests.fakes import InMemoryUnitOfWork

CLOSED = datetime(2026, 12, 7, 10, tzinfo=UTC)
SEVEN_YEARS_LATER = datetime(2033, 12, 7, 10, tzinfo=UTC)


class Files:
    """The buckets, as what retention asked them to remove."""

    def __init__(self) -> None:
        self.uploads: list[str] = []
        self.artifacts: list[str] = []

    def remove_upload(self, key: str) -> None:
        self.uploads.append(key)

    def remove_artifact(self, key: str) -> None:
        self.artifacts.append(key)


def _closed_person(uow: InMemoryUnitOfWork, user_id: str, closed_at: datetime, records: int = 2) -> None:
    at = iso(closed_at - timedelta(days=400))
    profile = ProfileItem(*ProfileItem.key(user_id), user_id=user_id, registry_id=f"CA-{user_id}", status="closed",
                          created_at=at, updated_at=iso(closed_at), closed_at=iso(closed_at))
    on_retention_list(profile, iso(closed_at))  # as closing a profile leaves it (services/accounts/profiles.close)
    uow.save(profile)
    uow.save(registry_id_claim(f"CA-{user_id}", user_id))
    for n in range(records):
        uow.save(new_record(user_id, "course", {"title": f"Course {n}"}, record_id=f"r-{user_id}-{n}",
                            source_document_id=f"d-{user_id}", verified_by="u-staff", verified_at=at))
    uow.commit()
    document = uow.documents.create(f"d-{user_id}", owner_id=user_id, uploaded_by=user_id, status="verified",
                                    upload_key=f"uploads/d-{user_id}", created_at=at, updated_at=at)
    document.index_for_status()
    uow.save(document)
    uow.save(audit_entry(f"d-{user_id}", None, "status:needs_review->verified"))
    uow.save(new_profile_audit(user_id, entry_id="e-1", at=at, actor_id=user_id, action="profile:closed"))
    uow.save(RecordsSnapshotItem(*RecordsSnapshotItem.key(user_id), user_id=user_id, records=[]))
    uow.commit()


def _kept_of(uow: InMemoryUnitOfWork, user_id: str) -> list[str]:
    return sorted(type(i).__name__ for i in uow.retention.kept_about(user_id))


def test_a_closed_profiles_records_and_trails_go_seven_years_after_closing_and_not_a_day_before() -> None:
    uow, files = InMemoryUnitOfWork(), Files()
    _closed_person(uow, "ana", CLOSED)
    _closed_person(uow, "ben", CLOSED + timedelta(days=1))
    kept = ["AuditEntryItem", "DocumentItem", "ProfileAuditItem", "RecordItem", "RecordItem", "RecordsSnapshotItem"]
    assert _kept_of(uow, "ana") == kept

    result = retention.remove_expired(SEVEN_YEARS_LATER - timedelta(seconds=1), uow, files, years=7)
    assert result == {"removed": {}, "finished": True}
    assert _kept_of(uow, "ana") == kept

    result = retention.remove_expired(SEVEN_YEARS_LATER + timedelta(seconds=1), uow, files, years=7)
    assert result["removed"] == {"audit_entries": 1, "closed_profiles": 1, "documents": 1,
                                 "profile_audit_entries": 1, "record_snapshots": 1, "records": 2}
    assert _kept_of(uow, "ana") == [] and _kept_of(uow, "ben") == kept  # Ben closed a day later
    profile = uow.people.profile("ana")
    assert profile is not None and (profile.status, profile.gsi3pk) == ("closed", None)  # the tombstone stays
    assert uow.table.get(("REGISTRYID#CA-ana", "CLAIM"), object) is not None  # the number is never reissued
    [audit] = [a for a in uow.audit_entries if a.subject_id == "job:retention"]
    assert audit.after == {"removed": result["removed"], "years": 7}
    assert "ana" not in str(audit.serialize())  # counts only: the audit does not keep who
    # A day later Ben's are due; then nothing more.
    later = SEVEN_YEARS_LATER + timedelta(days=1, seconds=1)
    assert retention.remove_expired(later, uow, files, years=7)["removed"] == {
        "audit_entries": 1, "closed_profiles": 1, "documents": 1, "profile_audit_entries": 1,
        "record_snapshots": 1, "records": 2}
    assert retention.remove_expired(SEVEN_YEARS_LATER + timedelta(days=2), uow, files, years=7)["removed"] == {}


def test_a_state_that_keeps_ten_years_keeps_them_ten_years() -> None:
    uow = InMemoryUnitOfWork()
    _closed_person(uow, "ana", CLOSED)
    assert retention.remove_expired(SEVEN_YEARS_LATER + timedelta(days=400), uow, Files(), years=10)["removed"] == {}
    removed = retention.remove_expired(datetime(2036, 12, 7, 10, 1, tzinfo=UTC), uow, Files(), years=10)["removed"]
    assert removed["records"] == 2


def test_many_records_go_in_bounded_commits() -> None:
    uow = InMemoryUnitOfWork()
    _closed_person(uow, "ana", CLOSED, records=120)
    before = uow.commits
    removed = retention.remove_expired(SEVEN_YEARS_LATER + timedelta(days=1), uow, Files(), years=7)["removed"]
    assert removed["records"] == 120
    # 125 items in commits of at most CHUNK, then the profile off the list, then the job's audit entry.
    assert uow.commits - before == -(-125 // retention.CHUNK) + 2
    assert uow.table.every(RecordItem) == []


def test_uploads_never_sent_and_refused_files_go_after_their_periods_with_their_files(
        monkeypatch: pytest.MonkeyPatch) -> None:
    uow, files = InMemoryUnitOfWork(), Files()
    started = clock.ManualClock(CLOSED)
    monkeypatch.setattr(clock, "CLOCK", started)
    for document_id in ("d-unfinished", "d-refused", "d-sent"):
        document = uow.documents.create(document_id, owner_id="ana", uploaded_by="ana", status="awaiting_upload",
                                        upload_key=f"uploads/{document_id}", created_at=iso(CLOSED),
                                        updated_at=iso(CLOSED))
        document.index_for_status()
        uow.save(document)
        uow.commit()
    refused = uow.documents.get("d-refused")
    sent = uow.documents.get("d-sent")
    assert refused is not None and sent is not None
    transition(refused, DocStatus.REJECTED_FILE, reason="Not a PDF or an image", uow=uow)
    transition(sent, DocStatus.PROCESSING, uow=uow)  # sent: off the list
    uow.commit()

    assert retention.remove_expired(CLOSED + timedelta(days=30, seconds=-1), uow, files)["removed"] == {}
    assert retention.remove_expired(CLOSED + timedelta(days=30, seconds=1), uow, files)["removed"] == {
        "documents": 1, "unfinished_uploads": 1}
    assert files.uploads == ["uploads/d-unfinished"]
    assert {d.document_id for d in uow.table.every(DocumentItem)} == {"d-refused", "d-sent"}
    assert retention.remove_expired(CLOSED + timedelta(days=89), uow, files)["removed"] == {}
    removed = retention.remove_expired(CLOSED + timedelta(days=90, seconds=1), uow, files)["removed"]
    assert removed == {"audit_entries": 1, "documents": 1, "refused_uploads": 1}  # with its refusal's audit
    assert files.uploads == ["uploads/d-unfinished", "uploads/d-refused"]
    assert {d.document_id for d in uow.table.every(DocumentItem)} == {"d-sent"}


def test_reminder_and_day_markers_go_once_no_run_can_need_them() -> None:
    uow = InMemoryUnitOfWork()
    uow.save(reminder_sent("ana", "expiry:r-1:60", iso(CLOSED)))
    uow.save(reminder_sent("ana", "expiry:r-1:14", iso(CLOSED + timedelta(days=46))))
    for days in (0, 1, 2):
        uow.save(day_run("reminders", (CLOSED + timedelta(days=days)).date().isoformat(), iso(CLOSED)))
    uow.save(day_run("retention", CLOSED.date().isoformat(), iso(CLOSED)))
    uow.commit()
    removed = retention.remove_expired(CLOSED + timedelta(days=91), uow, Files())["removed"]
    assert removed == {"day_markers": 2}  # the reminders' 7 and the retention's 7 December; 8 December stays
    assert sorted(str(r.sk) for r in uow.table.every(DayRunItem)) == ["2026-12-08", "2026-12-09"]
    removed = retention.remove_expired(CLOSED + timedelta(days=retention.REMINDER_MARKER_DAYS, seconds=1), uow,
                                       Files())["removed"]
    assert removed == {"day_markers": 2, "reminder_markers": 1}
    assert [str(m.sk) for m in uow.table.every(ReminderSentItem)] == ["REMINDER#expiry:r-1:14"]
