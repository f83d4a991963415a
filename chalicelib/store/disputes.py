"""Disputes of verified records and appeals of rejected documents."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem
from chalicelib.store.documents import Position, _checked, _page


class DisputeItem(RegistryItem, discriminator="dispute"):
    """pk=DISPUTE#{id} sk=DISPUTE; gsi1: DISPUTES_OF#{user} newest first; gsi2: DISPUTES#open oldest first."""

    dispute_id = UnicodeAttribute()
    owner_id = UnicodeAttribute()
    subject = UnicodeAttribute()  # record | rejection
    record_id = UnicodeAttribute(null=True)
    record_kind = UnicodeAttribute(null=True)
    document_id = UnicodeAttribute()  # the record's source document, or the rejected document
    message_sealed = UnicodeAttribute()  # the participant's words, sealed with their profile's data key
    attachment_document_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # open | corrected | retracted | reopened | dismissed
    resolution = UnicodeAttribute(null=True)  # the reason staff give the participant
    resolved_by = UnicodeAttribute(null=True)
    resolved_at = UnicodeAttribute(null=True)
    correction = JSONAttribute(null=True)  # {"before": ..., "after": ...} when a record changed
    created_at = UnicodeAttribute()
    version = VersionAttribute()

    @staticmethod
    def key(dispute_id: str) -> tuple[str, str]:
        return f"DISPUTE#{dispute_id}", "DISPUTE"

    def index(self) -> None:
        self.gsi1pk = f"DISPUTES_OF#{self.owner_id}"
        self.gsi1sk = f"{self.created_at}#{self.dispute_id}"
        if self.status == "open":
            self.gsi2pk, self.gsi2sk = "DISPUTES#open", f"{self.created_at}#{self.dispute_id}"
        else:
            self.gsi2pk = self.gsi2sk = None


def get_dispute(dispute_id: str) -> DisputeItem | None:
    try:
        return DisputeItem.get(*DisputeItem.key(dispute_id), consistent_read=True)
    except DoesNotExist:
        return None


def disputes_of(owner_id: str) -> list[DisputeItem]:
    return [i for i in RegistryItem.gsi1.query(f"DISPUTES_OF#{owner_id}", scan_index_forward=False)
            if isinstance(i, DisputeItem)]


def open_disputes(*, limit: int, start: Position | None = None) -> tuple[list[DisputeItem], Position | None]:
    query = RegistryItem.gsi2.query("DISPUTES#open", scan_index_forward=True, limit=limit,
                                    last_evaluated_key=_checked(start, "gsi2pk", "DISPUTES#open"))
    return _page(query, limit)


class DisputeTable:
    """Disputes behind the unit of work."""

    def get(self, dispute_id: str) -> DisputeItem | None:
        return get_dispute(dispute_id)

    def of_owner(self, owner_id: str) -> list[DisputeItem]:
        return disputes_of(owner_id)
