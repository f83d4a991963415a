"""Webhook fan-out and retries on the in-memory unit of work: one delivery per subscribed endpoint whose partner
may see the event, each with the message that starts it; an event that arrives twice makes no second delivery;
the sweep queues only the retries that are due; a disabled endpoint's delivery stops."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

import pytest

from chalicelib import clock
from chalicelib.domain.messages import EventSubject, PartnerEvent
from chalicelib.services.partners import webhooks
from chalicelib.store.people import EmploymentItem
from chalicelib.store.webhooks import DeliveryItem, new_endpoint
from tests.fakes import InMemoryUnitOfWork

AT = "2026-11-02T09:00:00.000000Z"


@pytest.fixture
def uow(monkeypatch: pytest.MonkeyPatch) -> InMemoryUnitOfWork:
    monkeypatch.setattr(clock, "CLOCK", clock.ManualClock(datetime(2026, 11, 2, 9, tzinfo=UTC)))
    work = InMemoryUnitOfWork()
    work.people.scopes = {"partner-qris": {"program:prog-sun"}, "partner-state": {"all"},
                          "partner-college": {"participant:ben"}}
    for endpoint_id, partner, types in (("ep-qris", "partner-qris", ["document.verified"]),
                                        ("ep-state", "partner-state", ["document.verified", "record.changed"]),
                                        ("ep-state-other", "partner-state", ["employment.confirmed"]),
                                        ("ep-college", "partner-college", ["document.verified"])):
        work.save(new_endpoint(endpoint_id, partner_user_id=partner, url="https://93.184.216.34/hook",
                               description=None, event_types=types, secret_sealed="sealed", created_at=AT))
    work.save(EmploymentItem(pk="PERSON#ana", sk="EMPLOYMENT#e-1", employment_id="e-1", user_id="ana",
                             program_id="prog-sun", role="Teacher", start_date="2024-08-15", status="confirmed",
                             created_at=AT))
    work.commit()
    return work


def _event(person: str, event_type: str = "document.verified", event_id: str = "evt_01") -> PartnerEvent:
    # A key no event type has (as a stored event of an older shape might): it never leaves the registry.
    subject = cast(EventSubject, {"participant_id": person, "document_id": "d-1", "legal_name": "never sent"})
    return PartnerEvent(event_id=event_id, type=event_type, at=AT, subject=subject)


def _attempts(uow: InMemoryUnitOfWork) -> list[dict[str, object]]:
    """The attempt messages sent to the webhook queue (which also carries partner events), in order."""
    return [m for m in uow.sent.get("webhooks", []) if m.get("kind") == "attempt"]


def _deliveries(uow: InMemoryUnitOfWork) -> dict[str, str]:
    return {d.endpoint_id: d.status for d in uow.table.every(DeliveryItem)}


def test_an_event_goes_to_each_subscribed_endpoint_whose_partner_may_see_it_once(uow: InMemoryUnitOfWork) -> None:
    assert webhooks.fan_out(_event("ana"), uow=uow) == 2
    assert _deliveries(uow) == {"ep-qris": "pending", "ep-state": "pending"}
    assert sorted(m["delivery_id"] for m in _attempts(uow)) == sorted(
        d.delivery_id for d in uow.table.every(DeliveryItem))
    assert webhooks.fan_out(_event("ana"), uow=uow) == 0  # the same event again: nothing new
    assert len(uow.table.every(DeliveryItem)) == 2 and len(_attempts(uow)) == 2
    [payload] = {d.payload for d in uow.table.every(DeliveryItem)}
    assert "never sent" not in payload and '"document_id":"d-1"' in payload


def test_a_person_the_partner_follows_reaches_it_and_a_stranger_only_the_state(uow: InMemoryUnitOfWork) -> None:
    webhooks.fan_out(_event("ben", event_id="evt_02"), uow=uow)
    webhooks.fan_out(_event("cai", event_id="evt_03"), uow=uow)
    by_event: dict[str, set[str]] = {}
    for d in uow.table.every(DeliveryItem):
        by_event.setdefault(d.event_id, set()).add(d.endpoint_id)
    assert by_event == {"evt_02": {"ep-state", "ep-college"}, "evt_03": {"ep-state"}}


def test_the_sweep_queues_the_retries_that_are_due_and_a_disabled_endpoint_stops_its_delivery(
        uow: InMemoryUnitOfWork) -> None:
    webhooks.fan_out(_event("ana"), uow=uow)
    due = {d.endpoint_id: d for d in uow.table.every(DeliveryItem)}
    due["ep-qris"].attempt_count, due["ep-qris"].status = 1, "retrying"
    due["ep-qris"].retry_at("2026-11-02T08:59:00.000000Z")
    due["ep-state"].attempt_count, due["ep-state"].status = 1, "retrying"
    due["ep-state"].retry_at("2026-11-02T09:30:00.000000Z")  # not yet
    for d in due.values():
        uow.save(d)
    uow.commit()
    sent_before = len(_attempts(uow))
    assert webhooks.sweep(uow=uow) == 1
    assert _deliveries(uow) == {"ep-qris": "retry_queued", "ep-state": "retrying"}
    assert [(m["delivery_id"], m["attempt"]) for m in _attempts(uow)[sent_before:]] == [
        (due["ep-qris"].delivery_id, 2)]
    assert webhooks.sweep(uow=uow) == 0  # queued is off the list

    endpoint = uow.webhooks.endpoint("ep-qris")
    assert endpoint is not None
    endpoint.enabled = "false"
    uow.save(endpoint)
    uow.commit()
    assert webhooks.attempt(due["ep-qris"].delivery_id, 2, uow=uow) == {"status": "endpoint_disabled"}
    assert uow.webhooks.delivery(due["ep-qris"].delivery_id).gsi2pk is None  # type: ignore[union-attr]
