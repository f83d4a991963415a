"""Issued reports: enough to tell anyone holding a copy whether it is genuine."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, ListAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem


class ReportItem(RegistryItem, discriminator="report"):
    """pk=REPORT#{id} sk=REPORT; gsi1: SUBJECT#{subject} / {issued_at}#{id} (past reports of a program or person)."""

    report_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    subject = UnicodeAttribute()  # PROGRAM#{id} | PERSON#{user}
    issued_for = UnicodeAttribute()  # who the report is about, as printed on it
    issued_to = UnicodeAttribute()  # the user who asked
    issued_at = UnicodeAttribute()
    media_type = UnicodeAttribute()
    sha256 = UnicodeAttribute()
    signature = UnicodeAttribute()
    signing_key = UnicodeAttribute()
    details = JSONAttribute(null=True)
    # The people whose verified records the report shows (internal ids): a correction to any of them after
    # issue makes a check of this copy say that a newer version exists.
    covers = ListAttribute(of=UnicodeAttribute, null=True)

    @staticmethod
    def key(report_id: str) -> tuple[str, str]:
        return f"REPORT#{report_id}", "REPORT"


def person_subject(user_id: str) -> str:
    """What an issued report about a person names as its subject."""
    return f"PERSON#{user_id}"


def program_subject(program_id: str) -> str:
    return f"PROGRAM#{program_id}"


def new_report(report_id: str, *, subject: str, issued_at: str, **fields: Any) -> ReportItem:
    return ReportItem(*ReportItem.key(report_id), report_id=report_id, subject=subject, issued_at=issued_at,
                      gsi1pk=f"SUBJECT#{subject}", gsi1sk=f"{issued_at}#{report_id}", **fields)


def get_report(report_id: str) -> ReportItem | None:
    try:
        return ReportItem.get(*ReportItem.key(report_id))
    except DoesNotExist:
        return None


def reports_about(subject: str, limit: int = 50) -> list[ReportItem]:
    return [r for r in RegistryItem.gsi1.query(f"SUBJECT#{subject}", scan_index_forward=False, limit=limit)
            if isinstance(r, ReportItem)]
