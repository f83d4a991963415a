"""What the retention job finds: items on a retention list (gsi3 RETENTION#{list} / {start}#..., written when the
item is created, refused or closed, keyed by the time its retention period starts) and what the registry kept
about a closed profile. Queries only: the lists are sparse partitions, a person's items are under their keys."""

from __future__ import annotations

from typing import Any

from chalicelib.store.base import RegistryItem
from chalicelib.store.disputes import disputes_of
from chalicelib.store.documents import AuditEntryItem, audit_trail, list_owner_documents
from chalicelib.store.profiles import profile_audit_trail
from chalicelib.store.records import DayRunItem, day_runs_before, records_of, stored_snapshot


def started_before(retention_list: str, cutoff: str, limit: int) -> list[Any]:
    """Up to `limit` items on a retention list whose period started before `cutoff` (ISO time), oldest first."""
    query = RegistryItem.gsi3.query(f"RETENTION#{retention_list}", RegistryItem.gsi3sk < cutoff, limit=limit,
                                    scan_index_forward=True)
    return list(query)


def kept_about(user_id: str) -> list[Any]:
    """What stays of a closed profile for its retention period: verified records and their snapshot, documents
    and their audit trails, the profile's audit trail and disputes (the profile itself and its Registry ID
    claim stay, so the number is never issued again)."""
    kept: list[Any] = list(records_of(user_id))
    snapshot = stored_snapshot(user_id)
    if snapshot is not None:
        kept.append(snapshot)
    position = None
    while True:
        documents, position = list_owner_documents(user_id, limit=100, start=position)
        for document in documents:
            kept.extend([document, *audit_trail(document.document_id)])
        if not position:
            break
    kept.extend(profile_audit_trail(user_id))
    kept.extend(disputes_of(user_id))
    return kept


class RetentionTable:
    """The retention lists behind the unit of work."""

    def started_before(self, retention_list: str, cutoff: str, limit: int) -> list[Any]:
        return started_before(retention_list, cutoff, limit)

    def kept_about(self, user_id: str) -> list[Any]:
        return kept_about(user_id)

    def audit_trail(self, document_id: str) -> list[AuditEntryItem]:
        return audit_trail(document_id)

    def day_runs_before(self, job: str, day: str, limit: int) -> list[DayRunItem]:
        return day_runs_before(job, day, limit)
