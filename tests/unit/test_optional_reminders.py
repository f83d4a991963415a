"""Optional reminders on the in-memory unit of work: renewal hours still missing, a training tomorrow, a document
waiting in needs_attention. Each owes its person one email, in their language, however often the job runs; a
closed profile, a withdrawn or waitlisted enrolment and a document that left needs_attention owe none; a person
who turned a reminder off hears nothing of it, but still hears that a credential expires."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from chalicelib import clock, mail
from chalicelib.domain.documents import DocStatus
from chalicelib.services.accounts import reminders
from chalicelib.services.documents.lifecycle import transition
from chalicelib.store.profiles import ProfileItem
from chalicelib.store.records import ReminderSentItem, new_record
from chalicelib.store.training import TrainingEventItem, new_enrollment
from tests.fakes import InMemoryUnitOfWork

TODAY = date(2026, 12, 7)
AT = "2026-12-07T09:00:00.000000Z"


def render(template: str, language: str, values: dict[str, str]) -> tuple[str, str]:
    """The template as SES renders it (the few Handlebars forms the catalogue uses), for asserting the text."""
    def fill(text: str) -> str:
        text = re.sub(r"{{#if (\w+)}}(.*?){{/if}}", lambda m: m.group(2) if values.get(m.group(1)) else "", text,
                      flags=re.S)
        return re.sub(r"{{(\w+)}}", lambda m: values[m.group(1)], text)

    parts = mail.template(template, language)
    return fill(parts["subject"]), fill(parts["text"])


def sent(uow: InMemoryUnitOfWork, template: str | None = None) -> list[dict[str, Any]]:
    return [m for m in uow.sent.get("notifications", [])
            if m["kind"] == "reminder_email" and template in (None, m["template"])]


def person(uow: InMemoryUnitOfWork, user_id: str, language: str = "en", status: str = "active",
           off: list[str] | None = None) -> None:
    uow.people.add(ProfileItem(*ProfileItem.key(user_id), user_id=user_id, registry_id=f"CA-{user_id}",
                               status=status, preferred_language=language, preferred_name=user_id.title(),
                               reminders_off=off, created_at=AT, updated_at=AT))


def permit(uow: InMemoryUnitOfWork, user_id: str, record_id: str, issued_on: str, expires_on: str) -> None:
    uow.save(new_record(user_id, "permit", {"permit_title": "Child Development Teacher Permit",
                                            "issued_on": issued_on, "expires_on": expires_on},
                        record_id=record_id, source_document_id="d-1", verified_by="u-staff", verified_at=AT))


def training(uow: InMemoryUnitOfWork, user_id: str, record_id: str, hours: float, completed_on: str) -> None:
    uow.save(new_record(user_id, "training", {"title": "Workshop", "hours": hours, "completed_on": completed_on},
                        record_id=record_id, source_document_id="d-2", verified_by="u-staff", verified_at=AT))


# ---------------------------------------------------------------- renewal hours


@pytest.fixture
def renewals() -> InMemoryUnitOfWork:
    uow = InMemoryUnitOfWork()
    in_180 = (TODAY + timedelta(days=180)).isoformat()
    in_60 = (TODAY + timedelta(days=60)).isoformat()
    person(uow, "ana", "es")
    permit(uow, "ana", "r-ana", "2022-06-05", in_180)
    training(uow, "ana", "t-ana-1", 40, "2023-03-01")
    training(uow, "ana", "t-ana-2", 27.5, "2025-01-10")
    training(uow, "ana", "t-ana-old", 50, "2021-01-10")  # before the permit was issued: does not count
    person(uow, "ben")
    permit(uow, "ben", "r-ben", "2022-02-05", in_60)
    training(uow, "ben", "t-ben", 105, "2024-05-01")  # all hours done: nothing to say
    person(uow, "cai", "zh")
    permit(uow, "cai", "r-cai", "2022-02-05", in_60)  # no hours at all
    person(uow, "dee", status="closed")
    permit(uow, "dee", "r-dee", "2022-02-05", in_60)
    person(uow, "eve", off=[reminders.RENEWAL_HOURS])
    permit(uow, "eve", "r-eve", "2022-02-05", in_60)
    person(uow, "fay")
    permit(uow, "fay", "r-fay-old", "2022-02-05", in_60)
    permit(uow, "fay", "r-fay-new", "2026-11-01", "2031-11-01")  # already renewed
    uow.commit()
    return uow


def test_missing_renewal_hours_are_told_once_in_the_persons_language(renewals: InMemoryUnitOfWork) -> None:
    assert reminders.send_renewal_hours_due(TODAY, renewals) == 2
    assert reminders.send_renewal_hours_due(TODAY, renewals) == 0
    by_person = {m["user_id"]: m for m in sent(renewals)}
    assert set(by_person) == {"ana", "cai"}
    ana, cai = by_person["ana"], by_person["cai"]
    assert (ana["language"], ana["reminder"], ana["values"]["missing_hours"], ana["values"]["completed_hours"],
            ana["values"]["days"]) == ("es", "renewal_hours", "37.5", "67.5", "180")
    subject, text = render("renewal_hours_missing", "es", {**ana["values"], "name": "Ana", "unsubscribe_url": "U"})
    assert subject == "Aún le faltan 37.5 horas de desarrollo profesional para su Child Development Teacher Permit"
    assert "su registro muestra 67.5, así que aún le faltan 37.5 horas" in text
    assert ana["values"]["calendar_url"].endswith("/app#/training") and ana["values"]["calendar_url"] in text
    assert "Para dejar de recibir estos recordatorios opcionales: U" in text
    assert (cai["language"], cai["values"]["missing_hours"], cai["values"]["days"]) == ("zh", "105", "60")
    assert "仍欠 105 小時" in render("renewal_hours_missing", "zh", {**cai["values"], "name": "",
                                                                       "unsubscribe_url": "U"})[1]
    assert sorted(str(m.sk) for m in renewals.table.every(ReminderSentItem)) == [
        "REMINDER#renewal:r-ana:180", "REMINDER#renewal:r-cai:60"]


def test_turning_renewal_hours_off_leaves_the_expiry_reminder(renewals: InMemoryUnitOfWork) -> None:
    reminders.send_all_due(TODAY, renewals)
    assert "eve" not in {m["user_id"] for m in sent(renewals)}
    expiry = [m["user_id"] for m in renewals.sent["notifications"] if m["kind"] == "credential_reminder"]
    assert "eve" in expiry and "dee" not in expiry  # mandatory for an active profile, never for a closed one


# ---------------------------------------------------------------- training tomorrow


def _event(uow: InMemoryUnitOfWork, event_id: str, starts_at: str) -> TrainingEventItem:
    event = TrainingEventItem(*TrainingEventItem.key(event_id), event_id=event_id, sponsor_id="sp-1",
                              training_id="t-1", starts_at=starts_at, withdraw_until=starts_at, capacity=2,
                              enrolled=2, visibility="published",
                              details={"title": "Positive Guidance", "sponsor_name": "Valley Learning",
                                       "place": "12 Main St, Fresno", "starts_at": starts_at})
    event.index("Fresno")
    uow.save(event)
    return event


@pytest.fixture
def trainings() -> InMemoryUnitOfWork:
    uow = InMemoryUnitOfWork()
    tomorrow = _event(uow, "ev-tomorrow", "2026-12-08T17:30:00.000000Z")
    later = _event(uow, "ev-later", "2026-12-09T17:30:00.000000Z")
    for user_id, language, status, off in (("ana", "es", "enrolled", None), ("ben", "en", "waitlisted", None),
                                           ("cai", "zh", "enrolled", None), ("dee", "en", "withdrawn", None),
                                           ("eve", "en", "enrolled", [reminders.TRAINING_TOMORROW]),
                                           ("fay", "en", "enrolled", None)):
        person(uow, user_id, language, status="closed" if user_id == "fay" else "active", off=off)
        uow.save(new_enrollment(tomorrow, user_id, status=status, queued_at=AT))
    uow.save(new_enrollment(later, "ben", status="enrolled", queued_at=AT))
    uow.commit()
    return uow


def test_everyone_enrolled_in_tomorrows_event_hears_once_when_where_and_how_to_withdraw(
        trainings: InMemoryUnitOfWork) -> None:
    assert reminders.send_training_tomorrow(TODAY, trainings) == 2
    assert reminders.send_training_tomorrow(TODAY, trainings) == 0
    messages = {m["user_id"]: m for m in sent(trainings, "training_tomorrow")}
    assert set(messages) == {"ana", "cai"}  # not waitlisted, withdrawn, turned off, closed, or the next day's
    ana = messages["ana"]
    assert ana["language"] == "es"
    subject, text = render("training_tomorrow", "es", {**ana["values"], "name": "Ana", "unsubscribe_url": "U"})
    assert subject == "Mañana: Positive Guidance"
    assert "Cuándo: 2026-12-08 17:30 UTC\nDónde: 12 Main St, Fresno" in text
    assert ana["values"]["withdraw_url"].endswith("/app#/training/ev-tomorrow")
    assert ana["values"]["withdraw_url"] in text
    assert messages["cai"]["language"] == "zh"
    # The next day, Ben (enrolled in the later event) hears about his.
    assert reminders.send_training_tomorrow(TODAY + timedelta(days=1), trainings) == 1
    assert sent(trainings)[-1]["user_id"] == "ben"


# ---------------------------------------------------------------- needs attention


@pytest.fixture
def attention(monkeypatch: pytest.MonkeyPatch) -> InMemoryUnitOfWork:
    uow = InMemoryUnitOfWork()
    entered = clock.ManualClock(datetime(2026, 12, 4, 15, tzinfo=UTC))  # three days before TODAY
    monkeypatch.setattr(clock, "CLOCK", entered)
    for user_id, language, document_id in (("ana", "es", "d-ana"), ("ben", "en", "d-ben"), ("cai", "en", "d-cai"),
                                           ("eve", "en", "d-eve")):
        person(uow, user_id, language, off=[reminders.DOCUMENT_ATTENTION] if user_id == "eve" else None)
        document = uow.documents.create(document_id, owner_id=user_id, uploaded_by=user_id,
                                        doc_type_hint="permit", status="processing", file_name=f"{user_id}.pdf",
                                        upload_key=f"uploads/{document_id}", created_at=AT, updated_at=AT)
        uow.save(document)
        uow.commit()
        transition(document, DocStatus.NEEDS_ATTENTION, action="extraction:done", uow=uow)
        uow.commit()
    # Cai sends his on to staff the next day: it left needs_attention.
    entered.advance(days=1)
    cai = uow.documents.get("d-cai")
    assert cai is not None
    transition(cai, DocStatus.NEEDS_REVIEW, action="attention:sent_anyway", uow=uow)
    uow.commit()
    return uow


def test_a_document_waiting_3_and_10_days_owes_its_owner_one_email_each_time(
        attention: InMemoryUnitOfWork) -> None:
    assert reminders.send_attention_due(TODAY, attention) == 2
    assert reminders.send_attention_due(TODAY, attention) == 0
    assert reminders.send_attention_due(TODAY + timedelta(days=1), attention) == 0
    messages = {m["user_id"]: m for m in sent(attention, "document_attention")}
    assert set(messages) == {"ana", "ben"}
    ana = messages["ana"]
    subject, text = render("document_attention", "es", {**ana["values"], "name": "Ana", "unsubscribe_url": "U"})
    assert ana["language"] == "es" and ana["values"]["days"] == "3"
    assert subject == f"Su {ana['values']['doc_name']} le está esperando"
    assert "(ana.pdf) lleva 3 días esperándole" in text
    # A later save of a waiting document keeps the day it started waiting.
    ben = attention.documents.get("d-ben")
    assert ben is not None and str(ben.gsi2sk).startswith("2026-12-04")
    ben.index_for_status()
    assert str(ben.gsi2sk).startswith("2026-12-04")
    # Ben then fixes his; Ana's is still waiting at 10 days.
    transition(ben, DocStatus.NEEDS_REVIEW, action="attention:sent_anyway", uow=attention)
    attention.commit()
    assert reminders.send_attention_due(date(2026, 12, 14), attention) == 1
    assert (sent(attention)[-1]["user_id"], sent(attention)[-1]["values"]["days"]) == ("ana", "10")


# ---------------------------------------------------------------- turning reminders off and on


def test_a_reminder_turned_off_stays_off_until_the_person_turns_it_back_on(
        trainings: InMemoryUnitOfWork) -> None:
    profile = reminders.turn(trainings, "ana", reminders.TRAINING_TOMORROW, on=False, how="unsubscribe link")
    assert profile.reminders_off == [reminders.TRAINING_TOMORROW]
    assert reminders.settings_of(profile)["optional"] == {"renewal_hours": True, "training_tomorrow": False,
                                                          "document_attention": True}
    assert reminders.send_training_tomorrow(TODAY, trainings) == 1  # Cai only
    assert [m["user_id"] for m in sent(trainings)] == ["cai"]
    trail = [e for e in trainings.others if str(getattr(e, "sk", "")).startswith("AUDIT#")]
    assert [e.action for e in trail] == ["reminders:off:training_tomorrow"]
    reminders.change_settings("ana", {reminders.TRAINING_TOMORROW: True}, trainings)
    assert reminders.send_training_tomorrow(TODAY, trainings) == 1
    assert [m["user_id"] for m in sent(trainings)] == ["cai", "ana"]
    with pytest.raises(Exception, match="no optional reminder called credential_expiring"):
        reminders.turn(trainings, "ana", "credential_expiring", on=False, how="settings")
