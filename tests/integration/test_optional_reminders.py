"""Optional reminders and retention on the tables (moto, and DynamoDB Local in the storage pass): the day's
enrolments, documents waiting in needs_attention and the retention lists are found with Queries; a reminder's
one-click unsubscribe link turns that reminder off, a tampered one does nothing, and the person turns it back
on from their settings."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer
from tests.integration.test_training_module import _call, _schedule, sponsor  # noqa: F401  (a fixture)

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (the day and retention indexes)


def _raw_mail_to(address: str) -> list[str]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return [m.raw_data for m in ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
            if hasattr(m, "raw_data") and address in m.raw_data]


def test_the_day_before_a_training_the_enrolled_hear_once_and_can_unsubscribe_in_one_click(
        api: Any, sponsor: dict[str, Any]) -> None:  # noqa: F811
    from email import message_from_string

    import app as app_module
    from chalicelib.events.webhooks import handle_sweep
    from chalicelib.local.demo import load_demo_data
    from chalicelib.local.stack import build_pump
    from chalicelib.services.accounts import reminders
    from chalicelib.services.accounts.notifications import outbox

    ids = load_demo_data(with_sign_in=True)["ids"]
    ana, ben = (ids["u-participant-ana"], Role.PARTICIPANT), (ids["u-participant-ben"], Role.PARTICIPANT)
    me = json.loads(_call(api, "GET", "/v1/me", ana).body)
    _call(api, "PATCH", "/v1/me", ana, {"preferred_language": "es", "version": me["version"]})
    event = _schedule(api, sponsor, days=1, capacity=1)
    path = f"/v1/training-events/{event['event_id']}/enrollments"
    assert json.loads(_call(api, "POST", path, ana, {}).body)["status"] == "enrolled"
    assert json.loads(_call(api, "POST", path, ben, {}).body)["status"] == "waitlisted"
    pump = build_pump(app_module, retry_delay_seconds=0)
    pump.drain(timeout_seconds=60)
    before = {m["id"] for m in outbox()}

    assert handle_sweep({}, None)["reminders"] == 1  # Ana; Ben is on the waitlist
    assert handle_sweep({}, None)["reminders"] is None
    assert reminders.send_training_tomorrow() == 0  # once, however often
    pump.drain(timeout_seconds=60)
    [mail] = [m for m in outbox() if m["id"] not in before]
    assert (mail["to"], mail["language"], mail["subject"]) == (
        "ana.reyes@example.org", "es", "Mañana: Supporting Dual Language Learners")
    assert "Dónde: Fresno EOC, Room 4" in mail["body"]
    assert f"/app#/training/{event['event_id']}" in mail["body"]

    [raw] = [r for r in _raw_mail_to("ana.reyes@example.org") if "List-Unsubscribe" in r]
    headers = message_from_string(raw)
    link = re.sub(r"\s+", "", str(headers["List-Unsubscribe"])).strip("<>")  # a long header is folded
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in mail["body"]
    target = urlsplit(link)
    assert target.path == "/v1/public/reminders/off"
    url = f"{target.path}?{target.query}"

    # Opening the link changes nothing: a page with a button that posts it.
    page = api.http.get(url, headers={"Accept-Language": "es"})
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert '<form method="post"' in page.body.decode() and "Dejar de recibir" in page.body.decode()
    settings = json.loads(_call(api, "GET", "/v1/me/reminders", ana).body)
    assert settings["optional"]["training_tomorrow"] is True

    # A tampered link, or one for a reminder that is not optional, turns nothing off.
    other = re.sub(r"s=[^&]+", "s=" + "A" * 43, url)
    refused = api.http.get(other, headers={"Accept-Language": "es"})
    assert refused.status_code == 404 and refused.headers["Content-Type"].startswith("application/problem+json")
    assert "Este enlace no desactiva ningún recordatorio" in json.loads(refused.body)["detail"]
    assert api.http.post(other, headers={"Content-Type": "application/x-www-form-urlencoded"},
                         body="List-Unsubscribe=One-Click").status_code == 404
    expiry = url.replace("r=training_tomorrow", "r=credential_expiring")
    assert api.http.post(expiry, headers={"Content-Type": "application/x-www-form-urlencoded"},
                         body="List-Unsubscribe=One-Click").status_code == 404
    assert json.loads(_call(api, "GET", "/v1/me/reminders", ana).body)["optional"]["training_tomorrow"] is True

    # RFC 8058 one-click: the mail client POSTs to the link.
    done = api.http.post(url, headers={"Content-Type": "application/x-www-form-urlencoded",
                                       "Accept": "application/json"}, body="List-Unsubscribe=One-Click")
    assert done.status_code == 200, done.body
    assert json.loads(done.body)["optional"]["training_tomorrow"] is False
    assert json.loads(_call(api, "GET", "/v1/me/reminders", ana).body) == {
        "optional": {"renewal_hours": True, "training_tomorrow": False, "document_attention": True},
        "mandatory": ["credential_expiring"]}

    # Another event tomorrow: Ana, who unsubscribed, hears nothing; after turning it back on, she does.
    second = _schedule(api, sponsor, days=1, capacity=5)
    assert json.loads(_call(api, "POST", f"/v1/training-events/{second['event_id']}/enrollments", ana,
                            {}).body)["status"] == "enrolled"
    assert reminders.send_training_tomorrow() == 0
    turned = _call(api, "PATCH", "/v1/me/reminders", ana, {"training_tomorrow": True})
    assert turned.status_code == 200 and json.loads(turned.body)["optional"]["training_tomorrow"] is True
    assert reminders.send_training_tomorrow() == 1
    refused = _call(api, "PATCH", "/v1/me/reminders", ana, {"credential_expiring": False})
    assert refused.status_code == 422  # expiry reminders are not optional


def test_documents_waiting_for_their_owner_are_found_by_the_day_they_started_waiting(
        api: Any, people: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import clock
    from chalicelib.domain.documents import DocStatus
    from chalicelib.services.accounts import reminders
    from chalicelib.services.documents.lifecycle import transition
    from chalicelib.services.unit_of_work import TableUnitOfWork
    from chalicelib.store.documents import get_document, needing_attention_since

    ana = people["u-participant-ana"]
    waiting = clock.ManualClock(datetime.now(UTC) - timedelta(days=3))
    monkeypatch.setattr(clock, "CLOCK", waiting)
    uow = TableUnitOfWork()
    for document_id in ("d-waits", "d-fixed"):
        item = uow.documents.create(document_id, owner_id=ana, uploaded_by=ana, doc_type_hint="permit",
                                    status="processing", file_name="permit.pdf", upload_key=f"uploads/{document_id}",
                                    created_at=clock.now_iso(), updated_at=clock.now_iso())
        item.index_for_status()
        uow.save(item)
        uow.commit()
        transition(item, DocStatus.NEEDS_ATTENTION, action="extraction:done")
    day = waiting.now().date().isoformat()
    assert sorted(d.document_id for d in needing_attention_since(day)) == ["d-fixed", "d-waits"]
    waiting.advance(days=1)
    fixed = get_document("d-fixed")
    assert fixed is not None
    transition(fixed, DocStatus.NEEDS_REVIEW, action="attention:sent_anyway")
    assert [d.document_id for d in needing_attention_since(day)] == ["d-waits"]
    waiting.advance(days=2)
    assert reminders.send_attention_due() == 1
    assert reminders.send_attention_due() == 0


def test_a_closed_profile_keeps_its_records_for_the_retention_period_then_they_go(
        api: Any, people: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import clock
    from chalicelib.services.accounts.profiles import legal_full_name
    from chalicelib.services.documents import review
    from chalicelib.services.records import retention
    from chalicelib.store.profiles import get_profile
    from chalicelib.store.records import records_of
    from chalicelib.store.retention import started_before
    from tests.integration.conftest import document_for_review

    ana = people["u-participant-ana"]
    profile = get_profile(ana)
    assert profile is not None
    from chalicelib.security.identity import Caller

    review.decide(Caller(user_id=people["u-staff-sam"], roles=frozenset({Role.STAFF})), document_for_review(ana),
                  decision="verify", fields={"permit_title": "Child Development Teacher Permit",
                                             "document_number": "C7654321", "issued_on": "2022-01-01",
                                             "expires_on": "2027-01-01", "person_name": legal_full_name(profile)},
                  name_mismatch_reason=None, reason=None, expected_version=None)
    closed = api.http.delete("/v1/me?confirm=close-my-profile",
                             headers={**bearer(ana, Role.PARTICIPANT), "Accept": "application/json"})
    assert closed.status_code == 200, closed.body
    closed_at = datetime.fromisoformat(json.loads(closed.body)["closed_at"].replace("Z", "+00:00"))
    assert [p.user_id for p in started_before("closed_profile", "9999", 10)] == [ana]
    assert len(records_of(ana)) == 1

    just_before = retention.years_before(closed_at, -7) - timedelta(seconds=1)
    assert retention.remove_expired(just_before)["removed"] == {}
    assert len(records_of(ana)) == 1
    monkeypatch.setattr(clock, "CLOCK", clock.ManualClock(retention.years_before(closed_at, -7) +
                                                          timedelta(seconds=1)))
    removed = retention.run_daily()
    assert removed is not None and removed["removed"]["records"] == 1 and removed["removed"]["closed_profiles"] == 1
    assert records_of(ana) == []
    assert started_before("closed_profile", "9999", 10) == []
    kept = get_profile(ana)
    assert kept is not None and kept.status == "closed"
    assert retention.run_daily() is None  # the day is done


def test_what_was_written_before_the_indexes_is_put_on_them_once(api: Any, people: dict[str, str]) -> None:
    from chalicelib import clock
    from chalicelib.services.records.retention import index_kept_items
    from chalicelib.store.documents import DocumentItem, needing_attention_since
    from chalicelib.store.profiles import get_profile
    from chalicelib.store.records import reminder_sent
    from chalicelib.store.retention import started_before
    from chalicelib.store.training import TrainingEventItem, enrollments_on, new_enrollment

    ana, ben = people["u-participant-ana"], people["u-participant-ben"]
    now = clock.now_iso()
    event = TrainingEventItem(*TrainingEventItem.key("ev-old"), event_id="ev-old", sponsor_id="sp", training_id="t",
                              details={}, starts_at="2027-03-04T17:00:00.000000Z", withdraw_until=now, capacity=5,
                              visibility="published")
    enrollment = new_enrollment(event, ana, status="enrolled", queued_at=now)
    enrollment.gsi2pk = enrollment.gsi2sk = None
    enrollment.save()
    waiting = DocumentItem(*DocumentItem.key("d-old"), document_id="d-old", owner_id=ana, uploaded_by=ana,
                           status="needs_attention", upload_key="uploads/d-old", created_at=now, updated_at=now,
                           gsi1pk=f"OWNER#{ana}", gsi1sk=f"{now}#d-old")
    waiting.save()
    marker = reminder_sent(ana, "expiry:r-old:60", now)
    marker.gsi3pk = marker.gsi3sk = None
    marker.save()
    profile = get_profile(ben)
    assert profile is not None
    profile.status, profile.closed_at = "closed", now
    profile.save()

    assert enrollments_on("2027-03-04") == [] and needing_attention_since(now[:10]) == []
    assert index_kept_items() == {"closed_profiles": 1, "documents": 1, "enrollments": 1, "reminder_markers": 1}
    assert index_kept_items() == {}
    assert [e.user_id for e in enrollments_on("2027-03-04")] == [ana]
    assert [d.document_id for d in needing_attention_since(now[:10])] == ["d-old"]
    assert [p.user_id for p in started_before("closed_profile", "9999", 10)] == [ben]
    assert [str(m.sk) for m in started_before("reminder_sent", "9999", 10)] == ["REMINDER#expiry:r-old:60"]
