"""Reminders the registry sends by itself, each once, in the person's language. The minute sweep runs them once
a day (run_daily):
- a permit or CDA credential that expires in 120, 60 and 14 days (mandatory: no unsubscribe);
- optional ones, each email with a signed link that turns that kind off (security/reminder_links.py), and a
  setting on the profile that turns it back on: renewal hours still missing 180 and 60 days before a permit
  expires; a training event tomorrow, to everyone enrolled in it; a document waiting in needs_attention for 3
  and for 10 days.
Each reminder's marker (ReminderSentItem) is written under the condition that it is not there yet, in the same
commit as its email: a second run, or a sweep running beside this one, sends nothing twice."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from ulid import ULID

from chalicelib import clock
from chalicelib.domain.catalogues import catalogue, language_for
from chalicelib.domain.messages import CredentialReminderEmail, OutgoingMessage, ReminderEmail
from chalicelib.observability import logger, metrics
from chalicelib.services.accounts.views import ReminderChoices, ReminderTurnedOff
from chalicelib.services.unit_of_work import Guard, Refused, TableUnitOfWork, UnitOfWork
from chalicelib.store.profiles import ProfileItem
from chalicelib.store.records import day_run, day_run_done, reminder_sent
from chalicelib.store.training import TrainingEventItem

# How many days ahead a person hears that a permit or CDA credential expires: the first notice leaves time to
# finish the professional growth hours a renewal asks for; the last is two weeks out.
EXPIRY_NOTICE_DAYS = (120, 60, 14)

# The optional reminders, by the name their unsubscribe link and the profile's setting use.
RENEWAL_HOURS, TRAINING_TOMORROW, DOCUMENT_ATTENTION = "renewal_hours", "training_tomorrow", "document_attention"
OPTIONAL = (RENEWAL_HOURS, TRAINING_TOMORROW, DOCUMENT_ATTENTION)
# Days before a permit expires when hours still missing for its renewal are worth a word: half a year leaves
# time for a college course, two months for workshops.
RENEWAL_NOTICE_DAYS = (180, 60)
# Days a document has waited for its owner in needs_attention.
ATTENTION_NOTICE_DAYS = (3, 10)


def _hours(value: float) -> str:
    return f"{value:g}"


def _recipient(uow: UnitOfWork, user_id: str, reminder: str | None = None) -> ProfileItem | None:
    """The person's profile if they are to hear this reminder: active, and (an optional one) not turned off."""
    profile = uow.people.profile(user_id)
    if profile is None or profile.status != "active":
        return None  # a closed profile's records stay, and its owner hears nothing more
    if reminder is not None and reminder in (profile.reminders_off or []):
        return None
    return profile


def _once(uow: UnitOfWork, user_id: str, what: str, message: OutgoingMessage) -> bool:
    """The reminder's marker and its email in one commit, the marker only if it is not there yet."""
    uow.save(reminder_sent(user_id, what, clock.now_iso()), Guard("pk", absent=True))
    uow.send(message)
    try:
        uow.commit()
    except Refused:
        return False  # sent before: an earlier run, or a sweep running beside this one
    return True


def _links() -> dict[str, str]:
    from chalicelib.config import get_settings

    base = get_settings().public_base_url
    return {"calendar": f"{base}/app#/training", "training": f"{base}/app#/training/", "documents":
            f"{base}/app#/documents"}


def send_due(today: date | None = None, uow: UnitOfWork | None = None) -> int:
    """The expiry reminders due today, each at most once however often this runs: a person's reminder and its
    email commit together (the email waits in the outbox if the queue is down). Returns how many were owed."""
    uow = uow or TableUnitOfWork()
    today = today or clock.today()
    owed = 0
    for days in EXPIRY_NOTICE_DAYS:
        for record in uow.records.expiring_on((today + timedelta(days=days)).isoformat()):
            if _recipient(uow, record.user_id) is None:
                continue
            data = record.data or {}
            title = str(data.get("permit_title") or f"CDA {data.get('setting') or ''}".strip())
            owed += _once(uow, record.user_id, f"expiry:{record.record_id}:{days}", CredentialReminderEmail(
                user_id=record.user_id, record_id=record.record_id, record_kind=record.kind, title=title,
                expires_on=str(data["expires_on"])[:10], days=days))
    if owed:
        metrics.add_metric(name="ExpiryReminders", unit="Count", value=owed)
        logger.info("expiry reminders owed", extra={"count": owed})
    return owed


def send_renewal_hours_due(today: date | None = None, uow: UnitOfWork | None = None) -> int:
    """Permits that expire in 180 or 60 days whose renewal still lacks professional growth hours: the person
    hears how many are missing (verified training completed since the permit was issued, against what renewal
    needs: domain/training.renewal_progress, as the training-progress page shows) and where to find trainings.
    A permit already followed by a later one on the record is renewed: no word about it."""
    from chalicelib.domain.readings import as_date
    from chalicelib.domain.training import renewal_progress

    uow = uow or TableUnitOfWork()
    today = today or clock.today()
    owed = 0
    for days in RENEWAL_NOTICE_DAYS:
        for record in uow.records.expiring_on((today + timedelta(days=days)).isoformat()):
            data = record.data or {}
            issued, expires = as_date(data.get("issued_on")), as_date(data.get("expires_on"))
            if record.kind != "permit" or issued is None or expires is None:
                continue
            profile = _recipient(uow, record.user_id, RENEWAL_HOURS)
            if profile is None:
                continue
            records = uow.records.of_person(record.user_id)
            if any(r.kind == "permit" and str((r.data or {}).get("expires_on") or "")[:10] > expires.isoformat()
                   for r in records):
                continue
            progress = renewal_progress([r.data or {} for r in records if r.kind == "training"], issued, expires)
            if progress["remaining_hours"] <= 0:
                continue
            values = {"title": str(data.get("permit_title") or "permit"), "expires_on": expires.isoformat(),
                      "days": str(days), "issued_on": issued.isoformat(),
                      "required_hours": _hours(progress["required_hours"]),
                      "completed_hours": _hours(progress["completed_hours"]),
                      "missing_hours": _hours(progress["remaining_hours"]), "calendar_url": _links()["calendar"]}
            owed += _once(uow, record.user_id, f"renewal:{record.record_id}:{days}", ReminderEmail(
                template="renewal_hours_missing", reminder=RENEWAL_HOURS, user_id=record.user_id,
                language=_language(profile), values=values))
    return owed


def send_training_tomorrow(today: date | None = None, uow: UnitOfWork | None = None) -> int:
    """Everyone enrolled (not waitlisted, withdrawn or marked) in an event that starts tomorrow (UTC) hears its
    time, place and how to withdraw: one Query on the day's enrolments, one read per event."""
    uow = uow or TableUnitOfWork()
    tomorrow = ((today or clock.today()) + timedelta(days=1)).isoformat()
    events: dict[str, TrainingEventItem | None] = {}
    owed = 0
    for enrollment in uow.training.enrollments_on(tomorrow):
        if enrollment.status != "enrolled":
            continue
        if enrollment.event_id not in events:
            events[enrollment.event_id] = uow.training.event(enrollment.event_id)
        event = events[enrollment.event_id]
        if event is None or not str(event.starts_at).startswith(tomorrow):
            continue
        profile = _recipient(uow, enrollment.user_id, TRAINING_TOMORROW)
        if profile is None:
            continue
        d = event.details or {}
        values = {"title": str(d.get("title") or ""), "sponsor": str(d.get("sponsor_name") or ""),
                  "place": str(d.get("place") or ""),
                  "starts": f"{event.starts_at[:10]} {event.starts_at[11:16]} UTC",
                  "withdraw_url": _links()["training"] + event.event_id}
        owed += _once(uow, enrollment.user_id, f"training:{event.event_id}", ReminderEmail(
            template="training_tomorrow", reminder=TRAINING_TOMORROW, user_id=enrollment.user_id,
            language=_language(profile), values=values))
    return owed


def send_attention_due(today: date | None = None, uow: UnitOfWork | None = None) -> int:
    """Documents waiting for their owner in needs_attention since 3 and since 10 days ago: one email each time
    (found by the day they entered the status; one that left it is no longer on that list)."""
    from chalicelib.services.accounts.notifications import document_name

    uow = uow or TableUnitOfWork()
    today = today or clock.today()
    owed = 0
    for days in ATTENTION_NOTICE_DAYS:
        for document in uow.documents.needing_attention_since((today - timedelta(days=days)).isoformat()):
            if document.status != "needs_attention":
                continue
            profile = _recipient(uow, document.owner_id, DOCUMENT_ATTENTION)
            if profile is None:
                continue
            language = _language(profile)
            values = {"doc_name": document_name(document.doc_type or document.doc_type_hint, language),
                      "file_name": str(document.file_name or ""), "days": str(days),
                      "document_url": _links()["documents"]}
            owed += _once(uow, document.owner_id, f"attention:{document.document_id}:{days}", ReminderEmail(
                template="document_attention", reminder=DOCUMENT_ATTENTION, user_id=document.owner_id,
                language=language, values=values))
    return owed


def _language(profile: ProfileItem) -> str:
    return language_for(profile.preferred_language)


def send_all_due(today: date | None = None, uow: UnitOfWork | None = None) -> dict[str, int]:
    """Every reminder due today, mandatory and optional."""
    uow = uow or TableUnitOfWork()
    today = today or clock.today()
    owed = {"expiry": send_due(today, uow), RENEWAL_HOURS: send_renewal_hours_due(today, uow),
            TRAINING_TOMORROW: send_training_tomorrow(today, uow), DOCUMENT_ATTENTION: send_attention_due(today, uow)}
    optional = sum(owed[k] for k in OPTIONAL)
    if optional:
        metrics.add_metric(name="OptionalReminders", unit="Count", value=optional)
        logger.info("optional reminders owed", extra=owed)
    return owed


def run_daily() -> int | None:
    """The day's reminders once a day: the minute sweep calls this every minute; the first call of the day that
    runs to its end marks the day done (a run cut short is run again the next minute, and sends nothing twice).
    Returns how many were owed."""
    today = clock.today().isoformat()
    if day_run_done("reminders", today):
        return None
    owed = sum(send_all_due().values())
    uow = TableUnitOfWork()
    uow.save(day_run("reminders", today, clock.now_iso()))
    uow.commit()
    return owed


def turn(uow: UnitOfWork, user_id: str, reminder: str, *, on: bool, how: str) -> ProfileItem:
    """Turn an optional reminder on or off for a person (from their settings, or an unsubscribe link), with an
    entry in their profile's audit trail."""
    from chalicelib.errors import InvalidRequest, NotFound
    from chalicelib.store.profiles import new_profile_audit

    if reminder not in OPTIONAL:
        raise InvalidRequest("There is no optional reminder called {reminder}: choose one of {choices}.",
                             reminder=reminder, choices=", ".join(OPTIONAL))
    profile = uow.people.profile(user_id)
    if profile is None or profile.status != "active":
        raise NotFound("No active profile for this link: it may have been closed.")
    before: list[str] = sorted(str(k) for k in profile.reminders_off or [])
    after = sorted(set(before) - {reminder}) if on else sorted({*before, reminder})
    if after == before:
        return profile
    profile.reminders_off = after or None  # type: ignore[assignment]
    profile.updated_at = clock.now_iso()
    uow.save(profile)
    uow.save(new_profile_audit(user_id, entry_id=str(ULID()), at=profile.updated_at, actor_id=user_id,
                               action=f"reminders:{'on' if on else 'off'}:{reminder}", reason=how,
                               before={"reminders_off": before}, after={"reminders_off": after}))
    uow.commit()
    return profile


def settings_of(profile: ProfileItem) -> ReminderChoices:
    """Which optional reminders the person hears (true) and which they turned off; expiry ones always go."""
    off = set(profile.reminders_off or [])
    return {"optional": {kind: kind not in off for kind in OPTIONAL}, "mandatory": ["credential_expiring"]}


def index_expiring_records() -> int:
    """Put the permits and CDA credentials verified before records were indexed by expiry on that index (once,
    after deploying the version that added it; `make run` does it on kept data). A Query per account, no Scan;
    idempotent. Returns how many records it indexed."""
    from chalicelib.store.people import list_accounts
    from chalicelib.store.records import EXPIRING_KINDS, indexed, records_of

    uow = TableUnitOfWork()
    done = 0
    for account in list_accounts():
        for record in records_of(account.user_id):
            if record.kind in EXPIRING_KINDS and record.gsi2pk is None and indexed(record).gsi2pk is not None:
                uow.save(record)
                uow.commit()
                done += 1
    return done


_NO_SUCH_LINK = ("This link does not turn off any reminder: it may have been cut short in your email. Turn reminders "
                 "off under your profile's reminder settings instead.")


def off_by_link(user_id: str | None, reminder: str | None, signature: str | None,
                uow: UnitOfWork | None = None) -> ReminderTurnedOff:
    """An unsubscribe link used (a mail client's one-click POST, or the button of the link's page): the signed
    reminder kind is turned off for its person. Bounded: a malformed link is refused before any work, a valid
    one costs a KMS check, one profile read and one commit."""
    from chalicelib.errors import NotFound
    from chalicelib.security import reminder_links

    if reminder not in OPTIONAL or not reminder_links.valid(user_id or "", reminder, signature or ""):
        raise NotFound(_NO_SUCH_LINK)
    assert user_id is not None and reminder is not None
    profile = turn(uow or TableUnitOfWork(), user_id, reminder, on=False, how="unsubscribe link")
    return {"reminder": reminder, "on": False, **settings_of(profile)}


def _page_words(language: str) -> Mapping[str, str]:
    """The unsubscribe page's sentences (no sign-in there, so not the web app's strings): their own catalogue."""
    return catalogue("unsubscribe", language)


def off_page(user_id: str | None, reminder: str | None, signature: str | None, language: str, *,
             done: bool = False) -> str:
    """The page an unsubscribe link shows: a button that POSTs the link (GET changes nothing, so a mail
    scanner that opens links turns nothing off), or what the POST did. A link that is not one the registry
    signed is refused as any request is (a problem document), before any page."""
    import html
    from urllib.parse import urlencode

    from chalicelib.errors import NotFound
    from chalicelib.security import reminder_links

    if reminder not in OPTIONAL or not (done or reminder_links.valid(user_id or "", reminder, signature or "")):
        raise NotFound(_NO_SUCH_LINK)
    words = _page_words(language)
    kind = html.escape(words[str(reminder)])
    if done:
        body = f"<p>{html.escape(words['done']).format(kind=kind)}</p>"
    else:
        action = reminder_links.PATH + "?" + urlencode({"u": user_id, "r": reminder, "s": signature})
        body = (f"<p>{html.escape(words['ask']).format(kind=kind)}</p>"
                f'<form method="post" action="{html.escape(action)}"><input type="hidden" name="List-Unsubscribe" '
                f'value="One-Click"><button type="submit">{html.escape(words["button"])}</button></form>')
    return (f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{html.escape(words["title"])}</title></head>'
            f"<body><main><h1>{html.escape(words['title'])}</h1>{body}</main></body></html>")


def my_settings(user_id: str, uow: UnitOfWork | None = None) -> ReminderChoices:
    from chalicelib.errors import NotFound

    profile = _recipient(uow or TableUnitOfWork(), user_id)
    if profile is None:
        raise NotFound("Enrol in the registry first.")
    return settings_of(profile)


def change_settings(user_id: str, changes: dict[str, bool], uow: UnitOfWork | None = None) -> ReminderChoices:
    """Turn optional reminders on (true) or off (false) from the person's own settings."""
    uow = uow or TableUnitOfWork()
    result = my_settings(user_id, uow)
    for reminder, on in changes.items():
        result = settings_of(turn(uow, user_id, reminder, on=on, how="settings"))
    return result
