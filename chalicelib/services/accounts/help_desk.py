"""The help desk: anyone writes to registry staff from the Help page; staff answer from their queue.

A message is stored, counted against its address's daily allowance and acknowledged by email (with its reference
number) in one commit; its answer is stored, audited and emailed in the language the person wrote in, in another.
The person's name, address and words and the answer are sealed with a data key of the message's own, so they never
sit in the table, a queue or a log in the clear; an answered message leaves the table two years after its answer
(the table's TTL), and a signed-in sender's messages go when they close their profile (services/records/closing.py).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from ulid import ULID

from chalicelib import clock
from chalicelib.config import get_settings
from chalicelib.domain.catalogues import language_for
from chalicelib.domain.messages import HelpDeskEmail
from chalicelib.domain.turnaround import hours_between
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, NotFound, TooManyRequests
from chalicelib.observability import logger, metrics
from chalicelib.security import fields as sealing
from chalicelib.security.identity import Caller
from chalicelib.services.accounts.views import (
    HelpDeskInformation,
    HelpEmail,
    HelpMessageOpened,
    HelpMessageReceived,
    HelpMessageView,
    HelpQueue,
    HelpSender,
)
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.unit_of_work import TableUnitOfWork, UnitOfWork
from chalicelib.store.base import iso
from chalicelib.store.help_desk import ANSWERED, OPEN, HelpRequestItem, new_request

# What people write about, in the order the form lists them (the page words each one).
TOPICS = ("account", "documents", "records", "training", "stipends", "privacy", "other")
MAX_NAME = 120
MAX_MESSAGE = 2000
MAX_ANSWER = 4000
PER_ADDRESS_PER_DAY = 5
KEEP_ANSWERED = timedelta(days=730)
QUEUE_SIZE = 100


def _fingerprint(address: str) -> str:
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def public_information() -> HelpDeskInformation:
    """What the Help page shows before anyone writes: the topics, the limits and where paper goes."""
    settings = get_settings()
    return {"topics": list(TOPICS), "max_message": MAX_MESSAGE, "max_name": MAX_NAME,
            "per_address_per_day": PER_ADDRESS_PER_DAY,
            "postal_address": settings.help_desk_postal_address.split("|"),
            "email": settings.help_desk_email}


def sender_defaults(caller: Caller, uow: UnitOfWork | None = None) -> HelpSender:
    """What the form fills in for someone signed in: the address they sign in with and their name."""
    from chalicelib.services.accounts.people import mail_address
    from chalicelib.services.names import display_name

    uow = uow or TableUnitOfWork()
    address = mail_address(caller.user_id)
    profile = uow.people.profile(caller.user_id)
    account = uow.people.account(caller.user_id)
    name = display_name(profile) if profile is not None and profile.status == "active" else (
        account.display_name if account is not None else None)
    return {"email": address.address if address else None, "name": name}


def write_to_staff(caller: Caller | None, *, name: str, email: str, topic: str, message: str, language: str,
                   uow: UnitOfWork | None = None) -> HelpMessageReceived:
    uow = uow or TableUnitOfWork()
    name, email, text = name.strip(), email.strip().lower(), message.strip()
    if topic not in TOPICS:
        raise InvalidRequest("Pick a topic from the list: {topics}.", topics=", ".join(TOPICS))
    if not name or len(name) > MAX_NAME:
        raise InvalidRequest("Give the name we should answer, in at most {most} characters.", most=MAX_NAME)
    if not text or len(text) > MAX_MESSAGE:
        raise InvalidRequest("Write your question in at most {most} characters.", most=MAX_MESSAGE)
    if "@" not in email or len(email) > 254:
        raise InvalidRequest("Give the email address the answer should go to.")
    now = clock.now()
    day = now.date().isoformat()
    quota = uow.help_desk.sent_from(_fingerprint(email), day, int((now + timedelta(days=2)).timestamp()))
    if quota.used >= PER_ADDRESS_PER_DAY:
        raise TooManyRequests("{most} messages were already sent from this email address today. Staff will "
                              "answer them; write again tomorrow if you need to.", most=PER_ADDRESS_PER_DAY)
    quota.used = int(quota.used) + 1
    request_id = str(ULID())
    reference = f"HD-{request_id[-8:]}"
    key = uow.help_desk.new_key(request_id)

    def sealed(field: str, value: str) -> str:
        return sealing.seal(key, f"help:{request_id}", field, value)

    item = new_request(request_id, reference=reference, topic=topic,
                       language=language_for(language),
                       user_id=caller.user_id if caller else None, name_sealed=sealed("name", name),
                       email_sealed=sealed("email", email), message_sealed=sealed("message", text),
                       status=OPEN, created_at=iso(now))
    # The count is versioned: two messages from one address at once cannot both take the fifth place.
    uow.save(quota)
    uow.save(item)
    uow.audit(f"help:{request_id}", caller, "help:received", after={"topic": topic, "reference": reference})
    uow.send(HelpDeskEmail("help_received", request_id))
    try:
        uow.commit()
    except Conflict as exc:
        raise Conflict("Another message from this address arrived at the same moment. Send yours again.") from exc
    metrics.add_metric(name="HelpDeskMessages", unit="Count", value=1)
    logger.info("help-desk message received", extra={"request_id": request_id, "topic": topic})
    return {"request_id": request_id, "reference": reference, "status": OPEN, "created_at": item.created_at}


def _opened(item: HelpRequestItem, uow: UnitOfWork) -> HelpMessageOpened:
    key = uow.help_desk.key(item.request_id)
    if key is None:
        return {"name": None, "email": None, "message": None, "answer": None}
    profile_id = f"help:{item.request_id}"
    return {"name": sealing.unseal(key, profile_id, "name", item.name_sealed),
            "email": sealing.unseal(key, profile_id, "email", item.email_sealed),
            "message": sealing.unseal(key, profile_id, "message", item.message_sealed),
            "answer": sealing.unseal(key, profile_id, "answer", item.answer_sealed) if item.answer_sealed else None}


def _staff_view(item: HelpRequestItem, uow: UnitOfWork) -> HelpMessageView:
    return {"request_id": item.request_id, "reference": item.reference, "topic": item.topic,
            "language": item.language, "user_id": item.user_id, "status": item.status,
            "created_at": item.created_at, "age_hours": round(hours_between(item.created_at, clock.now_iso()), 2),
            "answered_by": item.answered_by, "answered_at": item.answered_at, "version": item.version,
            **_opened(item, uow)}


def queue(status: str = OPEN, uow: UnitOfWork | None = None) -> HelpQueue:
    """Open messages oldest first (the next to answer on top), or the latest answered ones."""
    uow = uow or TableUnitOfWork()
    if status not in (OPEN, ANSWERED):
        raise InvalidRequest("status must be open or answered.")
    return {"status": status, "items": [_staff_view(i, uow) for i in uow.help_desk.waiting(status, QUEUE_SIZE)]}


def answer(caller: Caller, request_id: str, *, text: str, expected_version: int | None = None,
           uow: UnitOfWork | None = None) -> HelpMessageView:
    uow = uow or TableUnitOfWork()
    item = uow.help_desk.get(request_id)
    if item is None:
        raise NotFound("No help-desk message with that id.")
    not_about_themselves(caller, item.user_id)
    opened = _opened(item, uow)
    if opened["email"] is None:
        raise NotFound("This message can no longer be read: its sender closed their profile.")
    if caller.email and caller.email.strip().lower() == opened["email"]:
        raise Forbidden("Nobody decides about themselves: a colleague must answer this message.")
    if item.status != OPEN:
        raise Conflict("This message was already answered. Open the next one in the queue.")
    if expected_version is not None and expected_version != item.version:
        raise Conflict("This message changed since you opened it. Reload it before answering.")
    words = text.strip()
    if not words or len(words) > MAX_ANSWER:
        raise InvalidRequest("Write the answer in at most {most} characters.", most=MAX_ANSWER)
    key = uow.help_desk.key(item.request_id)
    assert key is not None  # opened above
    now = clock.now()
    item.answer_sealed = sealing.seal(key, f"help:{item.request_id}", "answer", words)
    item.status, item.answered_by, item.answered_at = ANSWERED, caller.user_id, iso(now)
    item.expires_at = int((now + KEEP_ANSWERED).timestamp())
    item.index()
    uow.save(item)
    uow.audit(f"help:{item.request_id}", caller, "help:answered", after={"reference": item.reference})
    uow.send(HelpDeskEmail("help_answered", item.request_id))
    try:
        uow.commit()
    except Conflict as exc:
        raise Conflict("This message changed since you opened it. Reload it before answering.") from exc
    metrics.add_metric(name="HelpDeskAnswers", unit="Count", value=1)
    return _staff_view(item, uow)


def email_for(request_id: str, template: str, uow: UnitOfWork | None = None) -> HelpEmail | None:
    """What the acknowledgement or the answer email says, and to whom (None once the message is gone)."""
    uow = uow or TableUnitOfWork()
    item = uow.help_desk.get(request_id)
    if item is None:
        return None
    opened = _opened(item, uow)
    if opened["email"] is None or (template == "help_answered" and opened["answer"] is None):
        return None
    return {"to": str(opened["email"]), "language": item.language, "user_id": item.user_id or "",
            "name": str(opened["name"] or ""), "reference": item.reference,
            "answer": str(opened["answer"] or ""), "topic": item.topic}
