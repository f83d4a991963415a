"""Issued reports: enough to tell anyone holding a copy whether it is genuine."""

from __future__ import annotations

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


def get_report(report_id: str) -> ReportItem | None:
    try:
        return ReportItem.get(*ReportItem.key(report_id))
    except DoesNotExist:
        return None


def reports_about(subject: str, limit: int = 50) -> list[ReportItem]:
    return [r for r in RegistryItem.gsi1.query(f"SUBJECT#{subject}", scan_index_forward=False, limit=limit)
            if isinstance(r, ReportItem)]
