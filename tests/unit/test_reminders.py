"""Expiry reminders on the in-memory unit of work: a permit or CDA credential expiring in 120, 60 or 14 days
owes its person one email each time, whoever runs the job and however often; a closed profile hears nothing;
a corrected expiry date moves the reminder."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.services.accounts import reminders
from chalicelib.store.profiles import ProfileItem
from chalicelib.store.records import ReminderSentItem, indexed, new_record
from tests.fakes import InMemoryUnitOfWork

TODAY = date(2026, 12, 7)
AT = "2026-12-07T09:00:00.000000Z"


def _credential(user_id: str, kind: str, expires_on: str, record_id: str) -> None:
    data = ({"permit_title": "Child Development Teacher Permit", "document_number": "C7654321",
             "expires_on": expires_on} if kind == "permit" else
            {"credential_id": "CDA-1", "setting": "Infant-Toddler", "expires_on": expires_on})
    return new_record(user_id, kind, data, record_id=record_id, source_document_id="d-1", verified_by="u-staff",
                      verified_at=AT)


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    work = InMemoryUnitOfWork()
    for user_id, status, language in (("ana", "active", "es"), ("ben", "active", "en"), ("cai", "closed", "en")):
        work.people.add(ProfileItem(*ProfileItem.key(user_id), user_id=user_id, registry_id=f"CA-{user_id}",
                                    status=status, preferred_language=language, created_at=AT, updated_at=AT))
    for record in (_credential("ana", "permit", "2027-02-05", "r-ana-permit"),  # in 60 days
                   _credential("ben", "cda", "2026-12-21", "r-ben-cda"),  # in 14 days
                   _credential("ben", "permit", "2027-02-06", "r-ben-permit"),  # in 61 days: not today
                   _credential("cai", "permit", "2027-02-05", "r-cai-permit")):  # closed profile
        work.save(record)
    work.save(new_record("ana", "course", {"title": "Child Growth", "expires_on": "2027-02-05"}, record_id="r-c",
                         source_document_id="d-2", verified_by="u-staff", verified_at=AT))  # courses never expire
    work.commit()
    return work


def _sent(uow: InMemoryUnitOfWork) -> list[tuple[str, str, int, str]]:
    return [(m["user_id"], m["record_id"], m["days"], m["title"]) for m in uow.sent.get("notifications", [])
            if m["kind"] == "credential_reminder"]


def test_each_credential_due_today_owes_one_email_and_a_second_run_sends_none(uow: InMemoryUnitOfWork) -> None:
    assert reminders.send_due(TODAY, uow) == 2
    assert sorted(_sent(uow)) == [("ana", "r-ana-permit", 60, "Child Development Teacher Permit"),
                                  ("ben", "r-ben-cda", 14, "CDA Infant-Toddler")]
    assert sorted(str(r.sk) for r in uow.table.every(ReminderSentItem)) == [
        "REMINDER#expiry:r-ana-permit:60", "REMINDER#expiry:r-ben-cda:14"]
    assert reminders.send_due(TODAY, uow) == 0
    assert len(_sent(uow)) == 2


def test_the_next_day_reaches_the_next_credential_and_the_120_day_notice_comes_first(
        uow: InMemoryUnitOfWork) -> None:
    from datetime import timedelta

    reminders.send_due(TODAY, uow)
    assert reminders.send_due(TODAY + timedelta(days=1), uow) == 1
    assert _sent(uow)[-1][:3] == ("ben", "r-ben-permit", 60)
    assert reminders.send_due(date(2027, 2, 6) - timedelta(days=120), uow) == 1
    assert _sent(uow)[-1][:3] == ("ben", "r-ben-permit", 120)


def test_a_corrected_expiry_date_moves_the_reminder_and_an_undated_one_leaves_the_list(
        uow: InMemoryUnitOfWork) -> None:
    record = uow.records.get("ana", "r-ana-permit")
    assert record is not None and record.gsi2pk == "EXPIRES#2027-02-05"
    record.data = {**record.data, "expires_on": "2027-04-20"}
    uow.save(indexed(record))
    uow.commit()
    assert reminders.send_due(TODAY, uow) == 1  # Ben's CDA only
    assert reminders.send_due(date(2026, 12, 7), uow) == 0
    record.data = {**record.data, "expires_on": None}
    assert indexed(record).gsi2pk is None
