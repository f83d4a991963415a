"""Reminders the registry sends by itself, each once, in the person's language: a permit or CDA credential that
expires in 120, 60 and 14 days. The minute sweep runs them once a day."""

from __future__ import annotations

from datetime import date, timedelta

from chalicelib import clock
from chalicelib.domain.messages import CredentialReminderEmail
from chalicelib.observability import logger, metrics
from chalicelib.services.unit_of_work import Guard, Refused, TableUnitOfWork, UnitOfWork
from chalicelib.store.records import day_run, day_run_done, reminder_sent

# How many days ahead a person hears that a permit or CDA credential expires: the first notice leaves time to
# finish the professional growth hours a renewal asks for; the last is two weeks out.
EXPIRY_NOTICE_DAYS = (120, 60, 14)


def send_due(today: date | None = None, uow: UnitOfWork | None = None) -> int:
    """The expiry reminders due today, each at most once however often this runs: a person's reminder and its
    email commit together (the email waits in the outbox if the queue is down). Returns how many were owed."""
    uow = uow or TableUnitOfWork()
    today = today or clock.today()
    owed = 0
    for days in EXPIRY_NOTICE_DAYS:
        for record in uow.records.expiring_on((today + timedelta(days=days)).isoformat()):
            profile = uow.people.profile(record.user_id)
            if profile is None or profile.status != "active":
                continue  # a closed profile's records stay, and its owner hears nothing more
            data = record.data or {}
            title = str(data.get("permit_title") or f"CDA {data.get('setting') or ''}".strip())
            uow.save(reminder_sent(record.user_id, f"expiry:{record.record_id}:{days}", clock.now_iso()),
                     Guard("pk", absent=True))
            uow.send(CredentialReminderEmail(user_id=record.user_id, record_id=record.record_id,
                                             record_kind=record.kind, title=title,
                                             expires_on=str(data["expires_on"])[:10], days=days))
            try:
                uow.commit()
            except Refused:
                continue  # sent before: an earlier run, or a sweep running beside this one
            owed += 1
    if owed:
        metrics.add_metric(name="ExpiryReminders", unit="Count", value=owed)
        logger.info("expiry reminders owed", extra={"count": owed})
    return owed


def run_daily() -> int | None:
    """send_due once a day: the minute sweep calls this every minute; the first call of the day that runs to its
    end marks the day done (a run cut short is run again the next minute, and sends nothing twice)."""
    today = clock.today().isoformat()
    if day_run_done("reminders", today):
        return None
    owed = send_due()
    uow = TableUnitOfWork()
    uow.save(day_run("reminders", today, clock.now_iso()))
    uow.commit()
    return owed


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
