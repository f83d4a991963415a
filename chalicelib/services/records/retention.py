"""The retention docs/privacy-and-retention.md promises, as a daily job: what a retention period ends is removed,
found with Queries on the retention lists (gsi3 RETENTION#{list} / {start}#..., written when the item is created,
refused or closed, keyed by when its period starts, so a state that changes the period changes it for what is
already kept too), removed through the unit of work in commits of CHUNK items, at most PER_RUN of a list a run
(the rest the next minute: the day is marked done only when every list is through). Each run leaves one audit
entry with what it removed, as counts (subject `job:retention`), never who.

What goes, and when (the start of each period in brackets):
- closed profiles, `retention_years` (7 by default; REGISTRY_RETENTION_YEARS) after closing: their verified
  records and records snapshot, documents with their audit trails, the profile's audit trail and disputes.
  The closed profile item (no name, no contact) and its Registry ID claim stay, so the number is never issued
  again and a public check answers "closed";
- uploads never sent, UNFINISHED_UPLOAD_DAYS after they were started, and files intake refused,
  REFUSED_UPLOAD_DAYS after the refusal: the document item, its audit trail and any file, page image or OCR
  output left of it;
- reminder markers REMINDER_MARKER_DAYS after the reminder went (no run can owe that reminder again by then);
- daily jobs' day markers, DAY_MARKER_DAYS after their day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib import clock
from chalicelib.observability import logger, metrics
from chalicelib.services.records.views import RetentionRun
from chalicelib.services.unit_of_work import TableUnitOfWork, UnitOfWork
from chalicelib.store.base import iso
from chalicelib.store.disputes import DisputeItem
from chalicelib.store.documents import AuditEntryItem, DocumentItem
from chalicelib.store.profiles import ProfileAuditItem, on_retention_list
from chalicelib.store.records import (
    DayRunItem,
    RecordItem,
    RecordsSnapshotItem,
    ReminderSentItem,
    day_run,
    day_run_done,
)

UNFINISHED_UPLOAD_DAYS = 30  # the upload link lives 15 minutes; a month covers any retry the person makes
REFUSED_UPLOAD_DAYS = 90  # the person can read why their file was refused, and staff answer a question about it
REMINDER_MARKER_DAYS = 400  # past a year: every reminder is owed on one day, and a year on none is owed again
DAY_MARKER_DAYS = 90
DAILY_JOBS = ("reminders", "retention")
CHUNK = 50  # items per commit: a DynamoDB transaction takes at most 100
PER_RUN = 500  # items of one list a run removes (a closed profile counts as one)
CLOSED_PER_RUN = 20  # closed profiles a run clears (each one's items in commits of CHUNK)


class RetainedFiles(Protocol):
    """The buckets as retention removes from them (S3 in AWS and locally; a record of calls in unit tests)."""

    def remove_upload(self, key: str) -> None: ...

    def remove_artifact(self, key: str) -> None: ...


class _Buckets:
    def remove_upload(self, key: str) -> None:
        from chalicelib.services.documents.lifecycle import uploads

        uploads().delete_all_versions(key)

    def remove_artifact(self, key: str) -> None:
        from chalicelib.services.documents.lifecycle import artifacts

        artifacts().delete(key)


def years_before(moment: datetime, years: int) -> datetime:
    """The same day and time `years` earlier (28 February for a 29 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def _label(item: Any) -> str:
    for kind, label in ((RecordItem, "records"), (RecordsSnapshotItem, "record_snapshots"),
                        (DocumentItem, "documents"), (AuditEntryItem, "audit_entries"),
                        (ProfileAuditItem, "profile_audit_entries"), (DisputeItem, "disputes"),
                        (ReminderSentItem, "reminder_markers"), (DayRunItem, "day_markers")):
        if isinstance(item, kind):
            return label
    return "other"


def _remove(uow: UnitOfWork, items: Iterable[Any], counts: Counter[str]) -> None:
    staged = 0
    for item in items:
        uow.remove(item)
        counts[_label(item)] += 1
        staged += 1
        if staged == CHUNK:
            uow.commit()
            staged = 0
    if staged:
        uow.commit()


def remove_expired(now: datetime | None = None, uow: UnitOfWork | None = None,
                   files: RetainedFiles | None = None, years: int | None = None) -> RetentionRun:
    """Remove what a retention period ended by `now`. Returns counts per kind of item, and `finished`: False
    when a list had more than a run takes (the next run goes on)."""
    from chalicelib.config import get_settings

    uow = uow or TableUnitOfWork()
    files = files or _Buckets()
    now = now or clock.now()
    years = years or get_settings().retention_years
    counts: Counter[str] = Counter()
    finished = True

    closed = uow.retention.started_before("closed_profile", iso(years_before(now, years)), CLOSED_PER_RUN)
    finished &= len(closed) < CLOSED_PER_RUN
    for profile in closed:
        _remove(uow, uow.retention.kept_about(str(profile.user_id)), counts)
        on_retention_list(profile, None)  # nothing more to remove; the profile item itself stays, closed
        uow.save(profile)
        uow.commit()
        counts["closed_profiles"] += 1

    for retention_list, days in (("unfinished_upload", UNFINISHED_UPLOAD_DAYS),
                                 ("refused_upload", REFUSED_UPLOAD_DAYS)):
        documents = uow.retention.started_before(retention_list, iso(now - timedelta(days=days)), PER_RUN)
        finished &= len(documents) < PER_RUN
        for document in documents:
            files.remove_upload(document.upload_key)
            for key in [*(document.page_keys or []), *([document.ocr_key] if document.ocr_key else [])]:
                files.remove_artifact(key)
            _remove(uow, [document, *uow.retention.audit_trail(document.document_id)], counts)
            counts[f"{retention_list}s"] += 1

    markers = uow.retention.started_before("reminder_sent", iso(now - timedelta(days=REMINDER_MARKER_DAYS)),
                                           PER_RUN)
    finished &= len(markers) < PER_RUN
    _remove(uow, markers, counts)

    before = (now - timedelta(days=DAY_MARKER_DAYS)).date().isoformat()
    for job in DAILY_JOBS:
        runs = uow.retention.day_runs_before(job, before, PER_RUN)
        finished &= len(runs) < PER_RUN
        _remove(uow, runs, counts)

    removed = dict(sorted(counts.items()))
    if removed:
        # What went, as counts: the audit of a removal must not keep what was removed.
        uow.audit("job:retention", None, "retention:removed", after={"removed": removed, "years": years})
        uow.commit()
        metrics.add_metric(name="RetentionRemoved", unit="Count", value=sum(counts.values()))
    logger.info("retention run", extra={"removed": removed, "finished": finished})
    return RetentionRun(removed=removed, finished=finished)


def run_daily() -> RetentionRun | None:
    """remove_expired once a day, from the minute sweep: the day is marked done once a run got through every
    list (a run that stopped at PER_RUN goes on the next minute)."""
    today = clock.today().isoformat()
    if day_run_done("retention", today):
        return None
    result = remove_expired()
    if result["finished"]:
        uow = TableUnitOfWork()
        uow.save(day_run("retention", today, clock.now_iso()))
        uow.commit()
    return result


def index_kept_items() -> dict[str, int]:
    """Put what was written before the reminder and retention indexes on them (once, after deploying the
    version that added them; `make run` does it on kept data): closed profiles, documents waiting in
    needs_attention, never sent or refused, enrolments and reminder markers. A Query per account and per
    person, no Scan; idempotent. Returns how many of each it indexed."""
    from chalicelib.services.documents.lifecycle import transition_keys_changed
    from chalicelib.store.people import list_accounts
    from chalicelib.store.records import on_marker_retention, reminders_sent_to
    from chalicelib.store.training import enrollments_of_user, on_training_day

    uow = TableUnitOfWork()
    done: Counter[str] = Counter()
    for account in list_accounts():
        user_id = str(account.user_id)
        profile = uow.people.profile(user_id)
        if profile is not None and profile.status == "closed" and profile.gsi3pk is None and profile.closed_at:
            on_retention_list(profile, str(profile.closed_at))
            uow.save(profile)
            uow.commit()
            done["closed_profiles"] += 1
        for document in uow.documents.of_owner(user_id):
            if transition_keys_changed(document):
                uow.save(document)
                uow.commit()
                done["documents"] += 1
        for enrollment in enrollments_of_user(user_id):
            if on_training_day(enrollment):
                uow.save(enrollment)
                uow.commit()
                done["enrollments"] += 1
        for marker in reminders_sent_to(user_id):
            if on_marker_retention(marker):
                uow.save(marker)
                uow.commit()
                done["reminder_markers"] += 1
    return dict(done)
