"""Partner webhooks: endpoints, fan-out, signed at-least-once delivery with backoff, replay, catch-up feed.

Delivery follows the Standard Webhooks specification: `webhook-id` (the same on every
attempt of a message, so receivers can deduplicate), `webhook-timestamp`, and
`webhook-signature` with `v1,` HMAC-SHA256 signatures, made by the `standardwebhooks`
package. During a secret rotation both the new and the old secret sign, for a day.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import secrets
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from urllib.parse import urlsplit

from ulid import ULID

from chalicelib import clock
from chalicelib.aws import keys
from chalicelib.config import get_settings
from chalicelib.domain.messages import EndpointDisabledEmail, EventSubject, PartnerEvent, WebhookAttempt
from chalicelib.errors import Conflict, InvalidRequest, NotFound
from chalicelib.observability import logger, metrics
from chalicelib.security.identity import Caller
from chalicelib.security.targets import check_target
from chalicelib.services.events import EVENT_TYPES, ProgramsOf, programs_on, programs_seeing
from chalicelib.services.partners.views import (
    AttemptOutcome,
    AttemptRecord,
    Delivery,
    Endpoint,
    EndpointChanges,
    EndpointSettings,
    Feed,
    NewEndpoint,
    RotatedEndpoint,
    WebhookBody,
    WebhookData,
)
from chalicelib.services.unit_of_work import (
    Guard,
    PeopleRepository,
    Refused,
    TableUnitOfWork,
    UnitOfWork,
    WebhookRepository,
)
from chalicelib.services.views import Items
from chalicelib.store.base import iso
from chalicelib.store.people import EmploymentTable, partner_scopes
from chalicelib.store.webhooks import DeliveryItem, EndpointItem, WebhookTable, new_delivery, new_endpoint

# Seconds to wait after each failed attempt: about 32 hours in all, with up to 10% jitter.
BACKOFF_SECONDS = (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600)
DISABLE_AFTER = timedelta(days=5)
ROTATION_OVERLAP = timedelta(hours=24)
RESPONSE_BODY_CAP = 4096
USER_AGENT = "ece-registry-webhooks/1"


def backoff_scale() -> float:
    """1 in AWS. A local stack or a demo may shrink the schedule (REGISTRY_WEBHOOK_BACKOFF_SCALE=0.01)."""
    return get_settings().webhook_backoff_scale


def timeout_seconds() -> float:
    return get_settings().webhook_timeout_seconds


def deadline_seconds() -> float:
    """The whole attempt, connection to last byte read: a receiver dripping one byte inside each read timeout
    cannot hold a delivery worker longer than this."""
    return get_settings().webhook_deadline_seconds


# A partner's own limits: endpoints they may register, replays they may ask for in a day.
ENDPOINTS_PER_PARTNER = 10
REPLAYS_PER_DAY = 200


# ---------------------------------------------------------------- secrets

def _seal_secret(secret: str) -> str:
    blob = keys.encrypt(get_settings().webhook_secret_key_id, secret.encode(), {"purpose": "webhook-secret"})
    return base64.b64encode(blob).decode()


def _open_secret(sealed: str) -> str:
    return keys.decrypt(base64.b64decode(sealed), {"purpose": "webhook-secret"},
                        get_settings().webhook_secret_key_id).decode()


def _new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


# ---------------------------------------------------------------- endpoints

def _require_https() -> bool:
    return not get_settings().is_local


def _view(e: EndpointItem) -> Endpoint:
    return {"endpoint_id": e.endpoint_id, "url": e.url, "description": e.description,
            "event_types": [str(t) for t in e.event_types],
            "enabled": e.enabled == "true", "disabled_reason": e.disabled_reason, "failing_since": e.failing_since,
            "created_at": e.created_at}


def _check_types(types: list[str]) -> None:
    unknown = sorted(set(types) - set(EVENT_TYPES))
    if unknown or not types:
        raise InvalidRequest("Choose event types from: {types}.", types=", ".join(EVENT_TYPES))


def _endpoint_subject(endpoint_id: str) -> str:
    """An endpoint's audit trail: where a partner sends the registry's events is worth knowing who changed."""
    return f"endpoint:{endpoint_id}"


def _audited_settings(e: EndpointItem) -> EndpointSettings:
    return {"url": e.url, "event_types": [str(t) for t in e.event_types], "enabled": e.enabled == "true"}


def create_endpoint(partner: Caller, *, url: str, event_types: list[str], description: str | None,
                    uow: UnitOfWork | None = None) -> NewEndpoint:
    uow = uow or TableUnitOfWork()
    _check_types(event_types)
    check_target(url, require_https=_require_https())
    if len(uow.webhooks.endpoints_of(partner.user_id)) >= ENDPOINTS_PER_PARTNER:
        from chalicelib.errors import Conflict

        raise Conflict("You have {most} webhook endpoints, the most a partner may have. Delete one you no longer "
                       "use, or send several event types to one endpoint.", most=ENDPOINTS_PER_PARTNER)
    endpoint_id = f"ep_{ULID()}"
    secret = _new_secret()
    item = new_endpoint(endpoint_id, partner_user_id=partner.user_id, url=url, description=description,
                        event_types=event_types, secret_sealed=_seal_secret(secret), created_at=iso(clock.now()))
    uow.save(item)
    uow.audit(_endpoint_subject(endpoint_id), partner, "endpoint:created", after=_audited_settings(item))
    uow.commit()
    return {**_view(item), "secret": secret}


def _own(partner: Caller, endpoint_id: str, webhooks: WebhookRepository | None = None) -> EndpointItem:
    item = (webhooks or WebhookTable()).endpoint(endpoint_id)
    if item is None or item.partner_user_id != partner.user_id:
        raise NotFound("No such webhook endpoint among yours.")
    return item


def list_endpoints(partner: Caller) -> Items[Endpoint]:
    return {"items": [_view(e) for e in WebhookTable().endpoints_of(partner.user_id)]}


def get_endpoint_view(partner: Caller, endpoint_id: str) -> Endpoint:
    return _view(_own(partner, endpoint_id))


def update_endpoint(partner: Caller, endpoint_id: str, changes: EndpointChanges,
                    uow: UnitOfWork | None = None) -> Endpoint:
    uow = uow or TableUnitOfWork()
    item = _own(partner, endpoint_id, uow.webhooks)
    before = _audited_settings(item)
    if "url" in changes:
        check_target(changes["url"], require_https=_require_https())
        item.url = changes["url"]
    if "event_types" in changes:
        _check_types(changes["event_types"])
        item.event_types = changes["event_types"]  # type: ignore[assignment]  # pynamodb stubs type items as attributes
    if "description" in changes:
        item.description = changes["description"]
    if "enabled" in changes:
        item.enabled = "true" if changes["enabled"] else "false"
        if changes["enabled"]:
            item.disabled_reason = None
            item.failing_since = None
    uow.save(item)
    uow.audit(_endpoint_subject(endpoint_id), partner, "endpoint:changed", before=before,
              after=_audited_settings(item))
    _commit(uow)
    return _view(item)


def _commit(uow: UnitOfWork) -> None:
    try:
        uow.commit()
    except Conflict as exc:  # a versioned endpoint someone changed since it was read
        raise Conflict("This endpoint changed at the same moment (a delivery or another change). Reload it and "
                       "try again.") from exc


def delete_endpoint(partner: Caller, endpoint_id: str, uow: UnitOfWork | None = None) -> None:
    uow = uow or TableUnitOfWork()
    item = _own(partner, endpoint_id, uow.webhooks)
    uow.remove(item)
    uow.audit(_endpoint_subject(endpoint_id), partner, "endpoint:deleted", before=_audited_settings(item))
    _commit(uow)


def rotate_secret(partner: Caller, endpoint_id: str, uow: UnitOfWork | None = None) -> RotatedEndpoint:
    uow = uow or TableUnitOfWork()
    item = _own(partner, endpoint_id, uow.webhooks)
    secret = _new_secret()
    item.previous_secret_sealed = item.secret_sealed
    item.previous_secret_expires_at = iso(clock.now() + ROTATION_OVERLAP)
    item.secret_sealed = _seal_secret(secret)
    uow.save(item)
    uow.audit(_endpoint_subject(endpoint_id), partner, "endpoint:secret_rotated")
    _commit(uow)
    return {**_view(item), "secret": secret, "previous_secret_valid_until": item.previous_secret_expires_at}


# ---------------------------------------------------------------- scope and payloads

def _programs_of(user_id: str, on: str) -> set[str]:
    """Programs where the person held a confirmed position on the day `on` (YYYY-MM-DD...)."""
    return programs_on(EmploymentTable().positions_of(user_id), on)


def in_scope(scopes: set[str], subject: EventSubject, at: str, programs_of: ProgramsOf = _programs_of) -> bool:
    """A partner sees events about people employed at, or reports of, programs that granted it access, and only
    for the time the person worked there: nothing from before they started or after they left."""
    if "all" in scopes:
        return True
    programs = _scoped_programs(scopes)
    if not subject.get("program_id") and f"participant:{subject.get('participant_id')}" in scopes:
        return True
    return bool(programs and programs_seeing(subject, at, programs_of) & programs)


def _scoped_programs(scopes: set[str]) -> set[str]:
    return {s.removeprefix("program:") for s in scopes if s.startswith("program:")}


# A partner with at most this many programs (and no single people in its scope) reads its programs' copies of
# the events; beyond it, each person's positions are read once per page of the state's events.
PROGRAM_FEED_PROGRAMS = 20


def _feed_programs_of() -> ProgramsOf:
    """programs_of for one page of the state's events, each person's positions read once."""
    remembered: dict[tuple[str, str], set[str]] = {}

    def looked_up(user_id: str, on: str) -> set[str]:
        key = (user_id, on[:10])
        if key not in remembered:
            remembered[key] = _programs_of(user_id, on)
        return remembered[key]

    return looked_up


# Only these subject fields ever leave the registry; never SSN, birth date, address or names.
PUBLIC_SUBJECT_FIELDS = ("document_id", "doc_type", "registry_id", "records", "program_id", "employment_id",
                         "report_id", "report_kind", "status")


def webhook_body(event_id: str, event_type: str, at: str, subject: Mapping[str, Any]) -> WebhookBody:
    """What a webhook carries and the catch-up feed lists: the event, with only the subject's public fields."""
    data = cast(WebhookData, {k: v for k, v in subject.items() if k in PUBLIC_SUBJECT_FIELDS})
    return {"type": event_type, "timestamp": at, "data": {**data, "event_id": event_id}}


def payload(event: PartnerEvent) -> str:
    body = webhook_body(event.event_id, event.type, event.at, event.subject)
    return json.dumps(body, separators=(",", ":"), sort_keys=True)


# ---------------------------------------------------------------- fan-out and attempts

def fan_out(event: PartnerEvent, uow: UnitOfWork | None = None) -> int:
    """One delivery per subscribed, in-scope endpoint; idempotent if the event arrives twice."""
    uow = uow or TableUnitOfWork()
    people, employment = uow.people, uow.employment
    created = 0
    scopes_cache: dict[str, set[str]] = {}

    def programs_of(person: str, on: str) -> set[str]:
        return programs_on(employment.positions_of(person), on)

    for endpoint in uow.webhooks.subscribed():
        if event.type not in endpoint.event_types:
            continue
        scopes = scopes_cache.setdefault(endpoint.partner_user_id, people.partner_scopes(endpoint.partner_user_id))
        if not in_scope(scopes, event.subject, event.at, programs_of):
            continue
        delivery_id = "dlv_" + hashlib.sha256(f"{event.event_id}|{endpoint.endpoint_id}".encode()).hexdigest()[:26]
        item = new_delivery(delivery_id, message_id=f"msg_{event.event_id.removeprefix('evt_')}",
                            event_id=event.event_id, event_type=event.type, endpoint_id=endpoint.endpoint_id,
                            payload=payload(event), created_at=iso(clock.now()))
        # The delivery and the message that starts it, together; one commit per endpoint.
        uow.save(item, Guard("pk", absent=True))
        uow.send(WebhookAttempt(delivery_id, 1))
        try:
            uow.commit()
        except Refused:
            continue  # this event already fanned out to this endpoint
        created += 1
    return created


def _requeue(delivery: DeliveryItem, status: str, uow: UnitOfWork) -> None:
    """Mark the delivery queued and owe its next attempt, in one transaction (sent right after; the outbox
    sweeper sends it if that fails)."""
    delivery.status = status
    delivery.gsi2pk = delivery.gsi2sk = None
    uow.save(delivery)
    uow.send(WebhookAttempt(delivery.delivery_id, int(delivery.attempt_count) + 1))
    uow.commit()


def _signature_header(endpoint: EndpointItem, message_id: str, at: datetime, body: str) -> str:
    from standardwebhooks import Webhook

    signatures = [Webhook(_open_secret(endpoint.secret_sealed)).sign(message_id, at, body)]
    if endpoint.previous_secret_sealed and endpoint.previous_secret_expires_at and \
            endpoint.previous_secret_expires_at > iso(clock.now()):
        signatures.append(Webhook(_open_secret(endpoint.previous_secret_sealed)).sign(message_id, at, body))
    return " ".join(signatures)


def _post(url: str, headers: dict[str, str], body: str,
          pinned: str | None = None) -> tuple[int | None, str | None, int]:
    """(status, error, latency ms) within deadline_seconds(). The request runs in a thread of its own: a
    receiver that drips its answer a byte inside every read timeout is left behind at the deadline (its thread
    ends at its next read timeout) instead of holding the delivery worker."""
    import threading

    started = time.perf_counter()
    outcome: list[tuple[int | None, str | None, int]] = []
    worker = threading.Thread(target=lambda: outcome.append(_post_now(url, headers, body, pinned, started)),
                              daemon=True, name="webhook-post")
    worker.start()
    worker.join(deadline_seconds())
    if outcome:
        return outcome[0]
    return None, f"no complete answer within {deadline_seconds():g} s", int((time.perf_counter() - started) * 1000)


def _post_now(url: str, headers: dict[str, str], body: str, pinned: str | None,
              started: float) -> tuple[int | None, str | None, int]:
    """No redirects followed; at most RESPONSE_BODY_CAP bytes read. With `pinned`, the connection goes to that
    checked address; the URL's host name is still sent for TLS (SNI, certificate) and in the Host header."""
    import urllib3

    timeout = urllib3.Timeout(connect=min(5.0, timeout_seconds()), read=timeout_seconds())
    try:
        if pinned is None:
            http = urllib3.PoolManager(retries=False, timeout=timeout)
            response = http.request("POST", url, body=body.encode(), headers=headers, redirect=False,
                                    preload_content=False)
        else:
            parts = urlsplit(url)
            host = parts.hostname or ""
            port = parts.port or (443 if parts.scheme == "https" else 80)
            pool: urllib3.HTTPConnectionPool = (
                urllib3.HTTPSConnectionPool(pinned, port, server_hostname=host, assert_hostname=host,
                                            retries=False, timeout=timeout)
                if parts.scheme == "https" else urllib3.HTTPConnectionPool(pinned, port, retries=False,
                                                                           timeout=timeout))
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            response = pool.urlopen("POST", target, body=body.encode(), redirect=False, preload_content=False,
                                    headers={**headers, "host": parts.netloc.rsplit("@", 1)[-1]})
        left = RESPONSE_BODY_CAP
        while left > 0 and time.perf_counter() - started < deadline_seconds():
            chunk = response.read(min(left, 1024))
            if not chunk:
                break
            left -= len(chunk)
        response.release_conn()
        return response.status, None, int((time.perf_counter() - started) * 1000)
    except urllib3.exceptions.NewConnectionError:
        # Checked first: urllib3 2 still makes it a subclass of ConnectTimeoutError.
        return None, "connection failed (refused or unreachable)", int((time.perf_counter() - started) * 1000)
    except urllib3.exceptions.TimeoutError:
        return None, f"timed out after {timeout_seconds():g} s", int((time.perf_counter() - started) * 1000)
    except urllib3.exceptions.HTTPError as exc:
        reason = type(getattr(exc, "reason", exc)).__name__
        return None, f"connection failed ({reason})", int((time.perf_counter() - started) * 1000)


def attempt(delivery_id: str, number: int, uow: UnitOfWork | None = None) -> AttemptOutcome:
    uow = uow or TableUnitOfWork()
    delivery = uow.webhooks.delivery(delivery_id)
    if delivery is None:
        return {"status": "unknown"}
    if delivery.status == "delivered" or delivery.attempt_count >= number:
        return {"status": delivery.status}  # a redelivered message of an attempt already made
    endpoint = uow.webhooks.endpoint(delivery.endpoint_id)
    now = clock.now()
    if endpoint is None or endpoint.enabled != "true":
        delivery.status = "endpoint_disabled"
        delivery.retry_at(None)
        uow.save(delivery)
        uow.commit()
        return {"status": delivery.status}
    try:
        target = check_target(endpoint.url, require_https=_require_https())
        # The signed timestamp is the real sending time (receivers check its freshness), whatever the
        # scheduling clock says.
        sent_at = datetime.now(UTC)
        headers = {"content-type": "application/json", "user-agent": USER_AGENT, "webhook-id": delivery.message_id,
                   "webhook-timestamp": str(int(sent_at.timestamp())),
                   "webhook-signature": _signature_header(endpoint, delivery.message_id, sent_at, delivery.payload)}
        status, error, latency = _post(endpoint.url, headers, delivery.payload, pinned=target.address)
    except InvalidRequest as refused:
        status, error, latency = None, f"refused: {refused.detail}", 0
    ok = status is not None and 200 <= status < 300
    if not ok and error is None:
        error = f"HTTP {status}"
    record: AttemptRecord = {"at": iso(now), "number": number, "status_code": status, "latency_ms": latency,
                             "error": error}
    for _ in range(3):
        try:
            _record_attempt(delivery, endpoint, record, ok=ok, now=now, uow=uow)
            break
        except Conflict:
            # Someone (the sweeper, a replay, another delivery to this endpoint) saved the delivery or the
            # endpoint meanwhile: record the attempt on the newer copies.
            fresh, endpoint_now = uow.webhooks.delivery(delivery_id), uow.webhooks.endpoint(delivery.endpoint_id)
            if fresh is None or endpoint_now is None:
                break
            delivery, endpoint = fresh, endpoint_now
    else:
        raise Conflict("delivery changed concurrently")
    metrics.add_metric(name="WebhookDelivered" if ok else "WebhookAttemptFailed", unit="Count", value=1)
    logger.info("webhook attempt", extra={"delivery_id": delivery_id, "attempt": number, "status_code": status,
                                          "latency_ms": latency, "delivered": ok})
    return {"status": delivery.status, "status_code": status}


def _record_attempt(delivery: DeliveryItem, endpoint: EndpointItem, record: AttemptRecord, *, ok: bool,
                    now: datetime, uow: UnitOfWork) -> None:
    """The attempt on the delivery, and the endpoint's health, in one commit."""
    number = int(record["number"])
    delivery.attempts = [*delivery.attempts, record]
    delivery.attempt_count = max(int(delivery.attempt_count), number)
    if ok:
        delivery.status, delivery.delivered_at = "delivered", iso(now)
        delivery.retry_at(None)
        _endpoint_healthy(endpoint, uow)
    elif number <= len(BACKOFF_SECONDS):
        wait = BACKOFF_SECONDS[number - 1] * backoff_scale() * random.uniform(1.0, 1.1)  # noqa: S311 - jitter
        delivery.status = "retrying"
        delivery.retry_at(iso(now + timedelta(seconds=wait)))
        _endpoint_failing(endpoint, now, uow)
    else:
        delivery.status = "exhausted"
        delivery.retry_at(None)
        _endpoint_failing(endpoint, now, uow)
    uow.save(delivery)
    uow.commit()


def _endpoint_healthy(endpoint: EndpointItem, uow: UnitOfWork) -> None:
    if endpoint.failing_since:
        endpoint.failing_since = None
        uow.save(endpoint)


def _endpoint_failing(endpoint: EndpointItem, now: datetime, uow: UnitOfWork) -> None:
    since = endpoint.failing_since or iso(now)
    if endpoint.failing_since == since and now - datetime.fromisoformat(since.replace("Z", "+00:00")) \
            < DISABLE_AFTER:
        return  # failing already, and not for long enough to switch off: nothing of the endpoint changes
    endpoint.failing_since = since
    uow.save(endpoint)
    if now - datetime.fromisoformat(since.replace("Z", "+00:00")) >= DISABLE_AFTER:
        endpoint.enabled = "false"
        endpoint.disabled_reason = f"Every delivery failed for {DISABLE_AFTER.days} days; re-enable it when fixed."
        # Switched off and its owner told together: the email waits in the outbox if the queue is down.
        for email in _owner_email(endpoint, uow.people):
            uow.send(email)
        uow.audit(_endpoint_subject(endpoint.endpoint_id), None, "endpoint:disabled", reason=endpoint.disabled_reason)
        logger.warning("webhook endpoint disabled", extra={"endpoint_id": endpoint.endpoint_id})


def _owner_email(endpoint: EndpointItem, people: PeopleRepository) -> list[EndpointDisabledEmail]:
    account = people.account(endpoint.partner_user_id)
    if account is None or not account.email:
        return []
    return [EndpointDisabledEmail(email=account.email, endpoint_id=endpoint.endpoint_id, url=endpoint.url,
                                  name=account.display_name)]


def sweep(limit: int = 500, uow: UnitOfWork | None = None) -> int:
    """Queue every retry that is due (run every minute by a schedule, and by the local pump)."""
    uow = uow or TableUnitOfWork()
    queued = 0
    for delivery in uow.webhooks.retries_due(iso(clock.now()), limit):
        # Saved before the message goes out, so the attempt never reads a state older than this one.
        _requeue(delivery, "retry_queued", uow)
        queued += 1
    return queued


def _delivery_view(d: DeliveryItem) -> Delivery:
    return {"delivery_id": d.delivery_id, "webhook_id": d.message_id, "event_id": d.event_id,
            "event_type": d.event_type, "status": d.status, "attempts": d.attempts,
            "next_attempt_at": d.next_attempt_at, "created_at": d.created_at, "delivered_at": d.delivered_at}


def deliveries(partner: Caller, endpoint_id: str, limit: int = 50) -> Items[Delivery]:
    webhooks = WebhookTable()
    _own(partner, endpoint_id, webhooks)
    return {"items": [_delivery_view(d) for d in webhooks.deliveries_of(endpoint_id, limit)]}


def replay(partner: Caller, delivery_id: str, uow: UnitOfWork | None = None) -> Delivery:
    uow = uow or TableUnitOfWork()
    delivery = uow.webhooks.delivery(delivery_id)
    if delivery is None:
        raise NotFound("No such delivery.")
    _own(partner, delivery.endpoint_id, uow.webhooks)
    from chalicelib.store.people import take_quota

    if not take_quota(partner.user_id, "webhook_replays", iso(clock.now())[:10], REPLAYS_PER_DAY):
        from chalicelib.errors import TooManyRequests

        raise TooManyRequests("You asked for {most} replays today, the most a partner may. Catch up from "
                              "GET /v1/partner/events instead, or replay again tomorrow.", most=REPLAYS_PER_DAY)
    # Same webhook-id as before: a receiver that already processed it can recognise the replay.
    _requeue(delivery, "replay_queued", uow)
    return _delivery_view(delivery)


# ---------------------------------------------------------------- catch-up feed

# What one request reads of the state's events for a partner who sees few of them and has no copies of its own
# (more than PROGRAM_FEED_PROGRAMS programs, or single people in its scope).
FEED_READ_LIMIT = 500


def events_after(partner: Caller, after: str | None, limit: int = 100) -> Feed:
    """Events in order, after a cursor (an event id), that this partner may see."""
    scopes = partner_scopes(partner.user_id)
    now = clock.now()
    try:
        start = datetime.fromtimestamp(ULID.from_str(after.removeprefix("evt_")).timestamp, tz=now.tzinfo) \
            if after else now - timedelta(days=365)
    except ValueError:
        from chalicelib.errors import BadRequest

        raise BadRequest("'after' must be an event id from this feed (evt_...), or left out to start from "
                             "the oldest event.") from None
    programs = _scoped_programs(scopes)
    if "all" not in scopes and programs and len(programs) == len(scopes) and len(programs) <= PROGRAM_FEED_PROGRAMS:
        return _program_events_after(sorted(programs), after or f"evt_{str(ULID.from_datetime(start))[:10]}", limit)
    return _state_events_after(scopes, after, start, now, limit)


def _page(events: list[Any]) -> list[WebhookBody]:
    return [webhook_body(e.event_id, e.type, e.at, e.subject) for e in events]


def _program_events_after(programs: list[str], after: str, limit: int) -> Feed:
    """The partner's programs' copies of the events, merged in order: a page reads what it returns."""
    from chalicelib.store.records import program_events

    merged = {e.event_id: e for program in programs for e in program_events(program, after, limit)}
    page = [merged[event_id] for event_id in sorted(merged)[:limit]]
    return {"items": _page(page), "next_cursor": page[-1].event_id if page else after}


def _state_events_after(scopes: set[str], after: str | None, start: datetime, now: datetime,
                        limit: int) -> Feed:
    from chalicelib.store.records import events_in_month_after

    months: list[str] = []
    cursor = datetime(start.year, start.month, 1, tzinfo=now.tzinfo)
    while cursor <= now:
        months.append(cursor.strftime("%Y-%m"))
        cursor = datetime(cursor.year + (cursor.month // 12), cursor.month % 12 + 1, 1, tzinfo=now.tzinfo)
    out: list[Any] = []
    last = after
    programs_of = _feed_programs_of()
    examined = 0
    for month in months:
        # A page reads at most FEED_READ_LIMIT events, matching or not: a partner who may see few of them pages on
        # with next_cursor instead of one request reading a year of the state's events.
        for event in events_in_month_after(month, after, FEED_READ_LIMIT - examined):
            examined += 1
            last = event.event_id
            if in_scope(scopes, event.subject, event.at, programs_of):
                out.append(event)
            if len(out) >= limit:
                return {"items": _page(out), "next_cursor": last}
        if examined >= FEED_READ_LIMIT:
            break
    return {"items": _page(out), "next_cursor": last}
