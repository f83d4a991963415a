"""Webhooks end to end with a real receiver on loopback and a clock the test moves forward."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer, document_for_review
from tests.webhook_receiver import Receiver, running_receiver

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

PARTNER = ("u-partner-quality", Role.PARTNER)
STAFF = ("u-staff-sam", Role.STAFF)


def _call(api: Any, method: str, path: str, who: tuple[str, Role], body: Any = None) -> Any:
    return api.http.request(method=method, path=path, headers={**bearer(*who), "Content-Type": "application/json"},
                            body=json.dumps(body).encode() if body is not None else b"")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    from chalicelib import clock as clock_module

    manual = clock_module.ManualClock()
    monkeypatch.setattr(clock_module, "CLOCK", manual)
    return manual


@pytest.fixture
def setup(api: Any, demo: None, clock: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    import app as app_module
    from chalicelib.config import get_settings
    from chalicelib.local.stack import build_pump

    monkeypatch.setenv("REGISTRY_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1")
    monkeypatch.setenv("REGISTRY_WEBHOOK_TIMEOUT_SECONDS", "1")
    get_settings.cache_clear()
    yield {"pump": build_pump(app_module, retry_delay_seconds=0)}


def _register(api: Any, receiver: Receiver, types: list[str] | None = None) -> dict[str, Any]:
    created = _call(api, "POST", "/v1/webhooks/endpoints", PARTNER,
                    {"url": receiver.url, "event_types": types or ["document.verified"]})
    assert created.status_code == 201, created.body
    body = json.loads(created.body)
    receiver.secret = body["secret"]
    return dict(body)


def _verify_a_document(owner: str = "u-participant-ana") -> str:
    from chalicelib.security.identity import Caller
    from chalicelib.services.accounts.profiles import legal_full_name
    from chalicelib.services.documents import review
    from chalicelib.store.profiles import get_profile

    doc_id = document_for_review(owner)
    review.decide(Caller(user_id="u-staff-sam", roles=frozenset({Role.STAFF})), doc_id, decision="verify",
                  fields={"permit_title": "Child Development Teacher Permit", "document_number": "C7654321",
                          "issued_on": "2024-01-01", "expires_on": "2029-01-01",
                          "person_name": legal_full_name(profile) if (profile := get_profile(owner)) else "Una Known"},
                  # Someone with no profile has no name to check against: staff confirm it is theirs.
                  name_mismatch_reason=None if profile else "No profile yet; identity checked by phone.",
                  reason=None, expected_version=None)
    return doc_id


def test_a_verification_is_delivered_signed_even_when_the_receiver_fails_twice(api: Any, setup: Any,
                                                                              clock: Any) -> None:
    pump = setup["pump"]
    with running_receiver(Receiver(fail_first=2)) as receiver:
        endpoint = _register(api, receiver)
        doc_id = _verify_a_document()
        pump.drain(timeout_seconds=30)
        assert len(receiver.received) == 1 and not receiver.processed
        pump.run_schedules()  # not due yet: nothing is retried before its time
        pump.drain(timeout_seconds=30)
        assert len(receiver.received) == 1
        clock.advance(seconds=6)
        pump.run_schedules()
        pump.drain(timeout_seconds=30)
        assert len(receiver.received) == 2
        clock.advance(minutes=6)
        pump.run_schedules()
        pump.drain(timeout_seconds=30)
        assert len(receiver.received) == 3
        assert receiver.bad_signatures == 0
        assert len(receiver.processed) == 1
        (webhook_id, body), = receiver.processed.items()
        assert {r["headers"]["webhook-id"] for r in receiver.received} == {webhook_id}
        assert body["type"] == "document.verified" and body["data"]["document_id"] == doc_id
        assert set(body["data"]) <= {"event_id", "document_id", "doc_type", "registry_id", "records"}

        deliveries = json.loads(_call(api, "GET", f"/v1/webhooks/endpoints/{endpoint['endpoint_id']}/deliveries",
                                      PARTNER).body)["items"]
        (delivery,) = deliveries
        assert delivery["status"] == "delivered"
        assert [a["status_code"] for a in delivery["attempts"]] == [500, 500, 204]
        assert all(a["latency_ms"] >= 0 and a["at"] for a in delivery["attempts"])

        replay = _call(api, "POST", f"/v1/webhooks/deliveries/{delivery['delivery_id']}/replay", PARTNER)
        assert replay.status_code == 202
        pump.drain(timeout_seconds=30)
        assert len(receiver.received) == 4 and len(receiver.processed) == 1  # the receiver's dedupe holds


def test_timeouts_and_a_down_receiver_are_logged_and_retried(api: Any, setup: Any, clock: Any) -> None:
    pump = setup["pump"]
    with running_receiver(Receiver(delay_seconds=1.5)) as slow:
        endpoint = _register(api, slow)
        _verify_a_document()
        pump.drain(timeout_seconds=30)
        attempts = json.loads(_call(api, "GET", f"/v1/webhooks/endpoints/{endpoint['endpoint_id']}/deliveries",
                                    PARTNER).body)["items"][0]["attempts"]
        assert attempts[0]["status_code"] is None and "timed out" in attempts[0]["error"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    down = Receiver()
    down.url = f"http://127.0.0.1:{closed_port}/hooks"
    endpoint = _register(api, down)
    _verify_a_document()
    pump.drain(timeout_seconds=30)
    items = json.loads(_call(api, "GET", f"/v1/webhooks/endpoints/{endpoint['endpoint_id']}/deliveries",
                             PARTNER).body)["items"]
    assert items[0]["status"] == "retrying" and "connection failed" in items[0]["attempts"][0]["error"]


def test_an_endpoint_failing_for_five_days_is_disabled_and_its_owner_emailed(api: Any, setup: Any,
                                                                            clock: Any) -> None:
    import boto3

    pump = setup["pump"]
    with running_receiver(Receiver(fail_first=10_000)) as receiver:
        endpoint = _register(api, receiver)
        _verify_a_document()
        pump.drain(timeout_seconds=30)
        for _ in range(12):
            clock.advance(hours=14, minutes=30)
            pump.run_schedules()
            pump.drain(timeout_seconds=30)
            _verify_a_document()
            pump.drain(timeout_seconds=30)
        state = json.loads(_call(api, "GET", f"/v1/webhooks/endpoints/{endpoint['endpoint_id']}", PARTNER).body)
        assert state["enabled"] is False and "5 days" in state["disabled_reason"]
    sent = boto3.client("ses").get_send_statistics()["SendDataPoints"]
    assert sum(p["DeliveryAttempts"] for p in sent) >= 1


@pytest.mark.parametrize("url", ["http://10.0.0.5/hooks", "http://169.254.169.254/latest/meta-data",
                                 "http://localhost:9/hooks", "http://192.168.1.20/x", "ftp://example.org/x",
                                 "http://user:pass@127.0.0.1/x"])
def test_private_and_metadata_targets_are_refused(api: Any, setup: Any, url: str) -> None:
    response = _call(api, "POST", "/v1/webhooks/endpoints", PARTNER, {"url": url, "event_types": ["document.verified"]})
    assert response.status_code == 422, url


def test_partners_catch_up_in_order_and_see_only_their_scope(api: Any, setup: Any) -> None:
    first = _verify_a_document()
    _verify_a_document(owner="u-participant-unaffiliated")
    second = _verify_a_document()
    feed = json.loads(_call(api, "GET", "/v1/partner/events", PARTNER).body)
    verified = [e["data"]["document_id"] for e in feed["items"] if e["type"] == "document.verified"]
    assert verified == [first, second]
    after = json.loads(_call(api, "GET", f"/v1/partner/events?after={feed['next_cursor']}", PARTNER).body)
    assert after["items"] == []
    assert _call(api, "GET", "/v1/partner/events", STAFF).status_code == 403
    bad = _call(api, "GET", "/v1/partner/events?limit=abc", PARTNER)
    assert bad.status_code == 422 and "limit must be a whole number" in json.loads(bad.body)["detail"]


def test_admin_creates_a_partner_whose_secret_rotates_with_overlap(api: Any, setup: Any, clock: Any) -> None:
    """A partner is a Cognito app client: it gets tokens by client credentials from the user pool's token
    endpoint (the local stand-in here), and a rotated secret keeps the old one working for a day."""
    import base64

    from chalicelib.events.webhooks import handle_sweep

    admin = ("u-admin-alex", Role.ADMIN)
    created = json.loads(_call(api, "POST", "/v1/partners", admin,
                               {"name": "State QRIS", "scopes": ["program:prog-sunshine"]}).body)

    def token(secret: str) -> Any:
        basic = base64.b64encode(f"{created['client_id']}:{secret}".encode()).decode()
        return api.http.post("/local/cognito/oauth2/token", body=b"grant_type=client_credentials",
                             headers={"Authorization": f"Basic {basic}",
                                      "Content-Type": "application/x-www-form-urlencoded"})

    assert token(created["client_secret"]).status_code == 200
    assert token("wrong").status_code == 401
    rotated = json.loads(_call(api, "POST", f"/v1/partners/{created['client_id']}/secret", admin).body)
    listed = json.loads(_call(api, "GET", "/v1/partners", admin).body)["items"]
    [mine] = [p for p in listed if p["client_id"] == created["client_id"]]
    assert (mine["name"], mine["scopes"]) == ("State QRIS", ["program:prog-sunshine"])
    assert mine["previous_secret_valid_until"] == rotated["previous_secret_valid_until"]
    assert created["client_secret"] not in json.dumps(listed) and rotated["client_secret"] not in json.dumps(listed)
    assert token(rotated["client_secret"]).status_code == 200
    assert token(created["client_secret"]).status_code == 200  # the old one works during the overlap
    access = json.loads(token(rotated["client_secret"]).body)["access_token"]
    partner_headers = {"Authorization": f"Bearer {access}"}
    assert api.http.get("/v1/webhooks/endpoints", headers=partner_headers).status_code == 200
    # A partner's token reaches partner routes only, whatever it claims.
    assert api.http.get("/v1/documents", headers=partner_headers).status_code == 403

    clock.advance(hours=23)
    assert handle_sweep({}, None)["secrets_retired"] == 0
    clock.advance(hours=2)
    assert handle_sweep({}, None)["secrets_retired"] == 1
    assert token(created["client_secret"]).status_code == 401
    assert token(rotated["client_secret"]).status_code == 200
    from chalicelib.store.people import PartnerClientItem

    stored = json.dumps(PartnerClientItem.get(f"PARTNER#{created['client_id']}", "CLIENT").attribute_values,
                        default=str)
    assert created["client_secret"] not in stored and rotated["client_secret"] not in stored


def test_a_partner_sees_a_person_only_while_they_work_at_its_program(api: Any, setup: Any) -> None:
    """Scope follows the position's dates: after Ana's position at the program ends, the program's partner gets
    no more events about her (the ones from while she worked there stay in its feed)."""
    from datetime import UTC, datetime, timedelta

    from chalicelib.services.events import publish
    from chalicelib.store.base import iso

    director = ("u-director-dana", Role.DIRECTOR)
    positions = json.loads(_call(api, "GET", "/v1/programs/prog-sunshine/positions", director).body)["items"]
    ana = next(p for p in positions if p["user_id"] == "u-participant-ana" and p["status"] == "confirmed")
    month_ago = datetime.now(UTC) - timedelta(days=30)
    assert ana["start_date"] < month_ago.date().isoformat()
    while_employed = publish("document.verified", {"participant_id": "u-participant-ana", "document_id": "doc-old",
                                                   "doc_type": "permit"}, iso(month_ago))
    ended = _call(api, "PATCH", f"/v1/programs/prog-sunshine/positions/{ana['employment_id']}", director,
                  {"end_date": (datetime.now(UTC) - timedelta(days=10)).date().isoformat()})
    assert ended.status_code == 200, ended.body
    after_leaving = _verify_a_document()
    feed = json.loads(_call(api, "GET", "/v1/partner/events", PARTNER).body)
    seen = [e["data"].get("document_id") for e in feed["items"] if e["type"] == "document.verified"]
    assert seen == ["doc-old"] and after_leaving not in seen and while_employed.event_id


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The DynamoDB Queries made from here on, by index ('table' for the table itself)."""
    from botocore.client import BaseClient

    original = BaseClient._make_api_call
    made: list[str] = []

    def counted(client: Any, name: str, params: dict[str, Any]) -> Any:
        if name == "Query":
            made.append(params.get("IndexName", "table"))
        return original(client, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counted)
    return made


def _strangers_events(start: Any, count: int) -> None:
    """Events about people who work nowhere a partner can see, stored as the state's log holds them."""
    from datetime import timedelta

    from chalicelib.services.events import new_event
    from chalicelib.store.base import iso
    from chalicelib.store.records import EventItem

    with EventItem.batch_write() as batch:
        for n in range(count):
            batch.save(new_event("document.verified", {"participant_id": f"u-stranger-{n}", "document_id": f"d-{n}",
                                                       "doc_type": "permit"}, iso(start + timedelta(seconds=n))))


def test_a_program_partner_reads_its_programs_copies_not_the_states_events(api: Any, setup: Any,
                                                                           queries: list[str]) -> None:
    """An event is copied to the programs whose partners may see it when it is stored, so a program's partner
    reads a page of what it may see (one Query for its scopes, one for its program), however many other events
    the state has; the cursor goes on from the last one."""
    from datetime import UTC, datetime, timedelta

    from chalicelib.services.events import publish
    from chalicelib.store.base import iso

    start = datetime.now(UTC) - timedelta(minutes=30)
    _strangers_events(start, 1100)
    ours = [publish("document.verified", {"participant_id": "u-participant-ana", "document_id": f"doc-ana-{n}",
                                          "doc_type": "permit"}, iso(start + timedelta(seconds=1200 + n)))
            for n in range(3)]
    queries.clear()
    page = json.loads(_call(api, "GET", "/v1/partner/events?limit=2", PARTNER).body)
    assert [e["data"]["document_id"] for e in page["items"]] == ["doc-ana-0", "doc-ana-1"]
    assert len(queries) == 2, queries
    rest = json.loads(_call(api, "GET", f"/v1/partner/events?limit=2&after={page['next_cursor']}", PARTNER).body)
    assert [e["data"]["document_id"] for e in rest["items"]] == ["doc-ana-2"]
    assert rest["next_cursor"] == ours[-1].event_id


def test_events_stored_before_the_copies_existed_get_them_once(api: Any, setup: Any) -> None:
    """A registry kept from before programs' copies of events (make run's kept data) gets them on start; running
    it again writes the same copies, not new ones."""
    from datetime import UTC, datetime, timedelta

    from chalicelib.services.events import copy_events_to_programs, new_event
    from chalicelib.store.base import iso

    old = new_event("document.verified", {"participant_id": "u-participant-ana", "document_id": "doc-kept",
                                          "doc_type": "permit"}, iso(datetime.now(UTC) - timedelta(days=3)))
    old.save()  # as the log held events before they were copied
    _strangers_events(datetime.now(UTC) - timedelta(days=2), 5)
    before = json.loads(_call(api, "GET", "/v1/partner/events", PARTNER).body)["items"]
    assert "doc-kept" not in [e["data"].get("document_id") for e in before]
    assert copy_events_to_programs() == 1  # Ana's event, to her one program; the strangers work nowhere
    from click.testing import CliRunner

    from chalicelib.cli import main

    again = CliRunner().invoke(main, ["copy-events-to-programs", "--months", "2"])  # as an operator runs it
    assert again.exit_code == 0 and again.output == "1 copies written (the same ones again if run twice)\n"
    items = json.loads(_call(api, "GET", "/v1/partner/events", PARTNER).body)["items"]
    assert [e["data"].get("document_id") for e in items].count("doc-kept") == 1


def test_a_feed_page_of_the_states_events_is_bounded_and_the_cursor_reaches_the_rest(setup: Any,
                                                                                    queries: list[str]) -> None:
    """A partner that follows single people has no copies of its own: one request reads at most 500 of the
    state's events, and next_cursor carries it on to the event about its person."""
    from datetime import UTC, datetime, timedelta

    from ulid import ULID

    from chalicelib.security.identity import Caller
    from chalicelib.services.events import publish
    from chalicelib.services.partners import webhooks
    from chalicelib.store.base import iso
    from chalicelib.store.people import PartnerClientItem

    PartnerClientItem(pk="PARTNER#client-follows-ana", sk="CLIENT", client_id="client-follows-ana",
                      name="Ana's college", user_id="u-partner-college", scopes=["participant:u-participant-ana"],
                      created_at=iso(datetime.now(UTC)), gsi2pk="PARTNER_USER#u-partner-college",
                      gsi2sk="client-follows-ana").save()
    college = Caller(user_id="u-partner-college", roles=frozenset({Role.PARTNER}))
    start = datetime.now(UTC) - timedelta(minutes=30)
    _strangers_events(start, 1100)
    publish("document.verified", {"participant_id": "u-participant-ana", "document_id": "doc-ana",
                                  "doc_type": "permit"}, iso(start + timedelta(seconds=1200)))
    pages: list[dict[str, Any]] = []
    cursor = f"evt_{ULID.from_datetime(start - timedelta(seconds=1))}"
    while not pages or not pages[-1]["items"]:
        queries.clear()
        pages.append(webhooks.events_after(college, cursor))
        assert len(queries) <= 3, queries  # scopes, 500 events (two Queries across a month's end)
        assert pages[-1]["next_cursor"] != cursor
        cursor = pages[-1]["next_cursor"]
        assert len(pages) <= 3, "1,100 strangers' events take two pages of 500, the third reaches Ana's"
    assert len(pages) == 3
    assert [e["data"]["document_id"] for e in pages[-1]["items"]] == ["doc-ana"]


def test_a_receiver_dripping_its_answer_is_left_at_the_attempt_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each byte arrives inside the read timeout, so only a deadline on the whole attempt ends it."""
    import socket
    import threading
    import time

    from chalicelib.config import get_settings
    from chalicelib.services.partners import webhooks

    monkeypatch.setenv("REGISTRY_WEBHOOK_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("REGISTRY_WEBHOOK_DEADLINE_SECONDS", "2")
    get_settings.cache_clear()
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip() -> None:
        connection, _ = server.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nX-Drip: ")
            while not stop.is_set():
                try:
                    connection.sendall(b"a")
                except OSError:
                    return
                time.sleep(0.3)

    threading.Thread(target=drip, daemon=True).start()
    started = time.monotonic()
    status, error, latency_ms = webhooks._post(f"http://127.0.0.1:{server.getsockname()[1]}/hook",
                                               {"content-type": "application/json"}, "{}")
    took = time.monotonic() - started
    stop.set()
    server.close()
    assert status is None and error == "no complete answer within 2 s"
    assert 1.9 <= took < 3.0 and latency_ms >= 1900


def test_a_partner_has_at_most_ten_endpoints_and_a_daily_number_of_replays(
        api: Any, setup: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.services.partners import webhooks

    with running_receiver(Receiver()) as receiver:
        for _ in range(webhooks.ENDPOINTS_PER_PARTNER):
            endpoint = _register(api, receiver)
        eleventh = _call(api, "POST", "/v1/webhooks/endpoints", PARTNER,
                         {"url": receiver.url, "event_types": ["document.verified"]})
        assert eleventh.status_code == 409 and "10 webhook endpoints" in json.loads(eleventh.body)["detail"]
        _verify_a_document()
        setup["pump"].drain(timeout_seconds=30)
        [delivery] = json.loads(_call(api, "GET", f"/v1/webhooks/endpoints/{endpoint['endpoint_id']}/deliveries",
                                      PARTNER).body)["items"]
        monkeypatch.setattr(webhooks, "REPLAYS_PER_DAY", 2)
        path = f"/v1/webhooks/deliveries/{delivery['delivery_id']}/replay"
        assert [_call(api, "POST", path, PARTNER).status_code for _ in range(3)] == [202, 202, 429]
