"""An expiry reminder reaches a Spanish-speaking participant once, in Spanish, from the minute sweep (with the
optional one about the renewal hours still missing)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.security.identity import Caller, Role
from tests.integration.conftest import bearer, document_for_review

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (the expiry index is gsi2)


def test_a_permit_expiring_in_60_days_sends_one_reminder_in_spanish(api: Any, people: dict[str, str],
                                                                    pump: Any) -> None:
    from chalicelib import clock
    from chalicelib.events.webhooks import handle_sweep
    from chalicelib.services.accounts.notifications import outbox
    from chalicelib.services.accounts.profiles import legal_full_name
    from chalicelib.services.documents import review
    from chalicelib.store.profiles import get_profile

    ana = people["u-participant-ana"]
    headers = {**bearer(ana, Role.PARTICIPANT), "Content-Type": "application/json"}
    assert api.http.patch("/v1/me", headers=headers,
                          body=json.dumps({"preferred_language": "es"})).status_code == 200
    expires_on = (clock.today() + timedelta(days=60)).isoformat()
    profile = get_profile(ana)
    assert profile is not None
    review.decide(Caller(user_id=people["u-staff-sam"], roles=frozenset({Role.STAFF})), document_for_review(ana),
                  decision="verify", fields={"permit_title": "Child Development Teacher Permit",
                                             "document_number": "C7654321", "issued_on": "2022-01-01",
                                             "expires_on": expires_on, "person_name": legal_full_name(profile)},
                  name_mismatch_reason=None, reason=None, expected_version=None)
    pump.drain(timeout_seconds=60)
    before = {m["id"] for m in outbox()}

    # The expiry reminder, and (optional) the 105 renewal hours she has not done: no training on her record.
    assert handle_sweep({}, None)["reminders"] == 2
    assert handle_sweep({}, None)["reminders"] is None  # today's run is done
    pump.drain(timeout_seconds=60)
    new = sorted((m for m in outbox() if m["id"] not in before), key=lambda m: m["subject"], reverse=True)
    assert [(m["to"], m["language"], m["subject"]) for m in new] == [
        ("ana.reyes@example.org", "es", f"Su Child Development Teacher Permit vence el {expires_on}"),
        ("ana.reyes@example.org", "es",
         "Aún le faltan 105 horas de desarrollo profesional para su Child Development Teacher Permit")]
    assert "dentro de 60 días" in new[0]["body"] and "/v1/public/reminders/off?" not in new[0]["body"]
    assert "/v1/public/reminders/off?" in new[1]["body"]  # only the optional one can be turned off


def test_permits_verified_before_the_expiry_index_are_put_on_it_once(api: Any, people: dict[str, str]) -> None:
    from chalicelib import clock
    from chalicelib.services.accounts.reminders import index_expiring_records, send_due
    from chalicelib.store.records import new_record

    ana = people["u-participant-ana"]
    expires_on = (clock.today() + timedelta(days=14)).isoformat()
    old = new_record(ana, "permit", {"permit_title": "Child Development Assistant Permit", "expires_on": expires_on},
                     record_id="r-before-the-index", source_document_id="d-old", verified_by="u-staff",
                     verified_at="2024-01-01T00:00:00.000000Z")
    old.gsi2pk = old.gsi2sk = None
    old.save()  # as a record verified before records were indexed by expiry
    assert send_due() == 0
    assert index_expiring_records() == 1
    assert index_expiring_records() == 0
    assert send_due() == 1
