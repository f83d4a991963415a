"""The help desk on the in-memory unit of work: what a message stores (sealed) and sends, the daily allowance per
address, who may answer, and that the answer goes to the address the person gave, in the language they wrote."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib import clock
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, TooManyRequests
from chalicelib.security.identity import Caller, Role
from chalicelib.services.accounts import help_desk
from chalicelib.store.help_desk import HelpQuotaItem, HelpRequestItem
from tests.fakes import InMemoryUnitOfWork
from tests.unit.people import ANA, RIO, SAM

QUESTION = "¿Cuánto tarda la verificación de mi permiso? Lo subí hace una semana."


@pytest.fixture
def manual(monkeypatch: pytest.MonkeyPatch) -> clock.ManualClock:
    at = clock.ManualClock(datetime(2026, 12, 7, 9, tzinfo=UTC))
    monkeypatch.setattr(clock, "CLOCK", at)
    return at


@pytest.fixture
def uow(manual: clock.ManualClock) -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()


def _send(uow: InMemoryUnitOfWork, caller: Caller | None = None, email: str = "lucia@example.org",
          language: str = "es", message: str = QUESTION) -> dict[str, str]:
    return help_desk.write_to_staff(caller, name="Lucía Gómez", email=email, topic="documents", message=message,
                                    language=language, uow=uow)


def test_a_message_is_stored_sealed_audited_and_acknowledged_with_its_reference(uow: InMemoryUnitOfWork) -> None:
    sent = _send(uow)

    assert sent["status"] == "open" and sent["reference"].startswith("HD-")
    [item] = [i for i in uow.others if isinstance(i, HelpRequestItem)]
    assert (item.user_id, item.language, item.topic, item.reference) == (None, "es", "documents", sent["reference"])
    stored = str(uow.table.rows[(str(item.pk), str(item.sk))])
    assert "Lucía" not in stored and "lucia@example.org" not in stored and "verificación" not in stored
    assert uow.actions(f"help:{sent['request_id']}") == ["help:received"]
    assert uow.sent["notifications"] == [{"kind": "help_desk", "template": "help_received",
                                          "request_id": sent["request_id"], "outbox_id": uow.sent[
                                              "notifications"][0]["outbox_id"]}]
    email = help_desk.email_for(sent["request_id"], "help_received", uow)
    assert email is not None
    assert (email["to"], email["language"], email["name"], email["reference"]) == (
        "lucia@example.org", "es", "Lucía Gómez", sent["reference"])
    # In the queue, oldest first, with the words opened for staff.
    [waiting] = help_desk.queue(uow=uow)["items"]
    assert (waiting["message"], waiting["email"], waiting["status"]) == (QUESTION, "lucia@example.org", "open")


def test_a_signed_in_sender_has_their_user_id_attached(uow: InMemoryUnitOfWork) -> None:
    sent = _send(uow, ANA)
    item = uow.help_desk.get(sent["request_id"])
    assert item is not None and item.user_id == ANA.user_id


def test_an_address_sends_five_messages_a_day_and_the_sixth_is_refused_until_tomorrow(
        uow: InMemoryUnitOfWork, manual: clock.ManualClock) -> None:
    for _ in range(help_desk.PER_ADDRESS_PER_DAY):
        _send(uow, email="Lucia@Example.org")
    commits = uow.commits
    with pytest.raises(TooManyRequests):
        _send(uow, email="lucia@example.org ")
    assert uow.commits == commits  # nothing written, nothing sent
    _send(uow, email="other@example.org")  # another address is counted apart
    [quota] = [q for q in uow.table.every(HelpQuotaItem) if q.used == help_desk.PER_ADDRESS_PER_DAY]
    assert quota.expires_at is not None  # the count leaves the table by itself
    manual.advance(days=1)
    _send(uow, email="lucia@example.org")


def test_a_message_needs_a_topic_from_the_list_and_at_most_2000_characters(uow: InMemoryUnitOfWork) -> None:
    with pytest.raises(InvalidRequest):
        _send(uow, message="x" * 2001)
    with pytest.raises(InvalidRequest):
        help_desk.write_to_staff(None, name="A", email="a@example.org", topic="weather", message="Hi", language="en",
                                 uow=uow)
    assert uow.commits == 0


def test_the_answer_is_stored_audited_and_emailed_to_the_address_given_in_the_language_written(
        uow: InMemoryUnitOfWork) -> None:
    sent = _send(uow, ANA)
    uow.sent.clear()
    answer = "Su permiso se verifica en un plazo de 5 días hábiles. Ya está en la cola de revisión."

    answered = help_desk.answer(SAM, sent["request_id"], text=answer, uow=uow)

    assert (answered["status"], answered["answered_by"], answered["answer"]) == ("answered", SAM.user_id, answer)
    assert uow.actions(f"help:{sent['request_id']}") == ["help:received", "help:answered"]
    [message] = uow.sent["notifications"]
    assert (message["template"], message["request_id"]) == ("help_answered", sent["request_id"])
    email = help_desk.email_for(sent["request_id"], "help_answered", uow)
    assert email is not None
    assert (email["to"], email["language"], email["answer"]) == ("lucia@example.org", "es", answer)
    item = uow.help_desk.get(sent["request_id"])
    assert item is not None and item.expires_at is not None and answer not in str(item.serialize())
    assert help_desk.queue(uow=uow)["items"] == []
    assert [i["reference"] for i in help_desk.queue("answered", uow=uow)["items"]] == [sent["reference"]]
    with pytest.raises(Conflict):
        help_desk.answer(RIO, sent["request_id"], text="Again", uow=uow)


def test_nobody_answers_their_own_message(uow: InMemoryUnitOfWork) -> None:
    own = _send(uow, SAM, email="sam@example.org")
    with pytest.raises(Forbidden):
        help_desk.answer(SAM, own["request_id"], text="I answer myself", uow=uow)
    # Sent signed out from the address they sign in with: still their own.
    signed_out = _send(uow, None, email="sam@example.org")
    sam = Caller(SAM.user_id, frozenset({Role.STAFF}), email="Sam@example.org")
    with pytest.raises(Forbidden):
        help_desk.answer(sam, signed_out["request_id"], text="I answer myself", uow=uow)
    commits = uow.commits
    help_desk.answer(RIO, own["request_id"], text="A colleague answers.", uow=uow)
    assert uow.commits == commits + 1


def test_the_topics_the_form_offers_are_the_ones_the_route_accepts() -> None:
    from typing import get_args

    from chalicelib.api.models import HelpTopic

    assert get_args(HelpTopic) == help_desk.TOPICS


def test_closing_a_profile_shreds_and_removes_what_the_person_wrote_signed_in(uow: InMemoryUnitOfWork) -> None:
    from chalicelib.services.records.closing import _forget_help_desk_messages

    mine = _send(uow, ANA)
    other = _send(uow, None, email="someone@example.org")
    assert _forget_help_desk_messages(ANA.user_id, uow) == 1
    assert uow.help_desk.get(mine["request_id"]) is None and uow.help_desk.key(mine["request_id"]) is None
    assert help_desk.email_for(mine["request_id"], "help_received", uow) is None
    assert uow.help_desk.get(other["request_id"]) is not None
