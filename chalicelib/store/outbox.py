"""Messages owed by committed changes and not yet handed to their queue (the transactional outbox)."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from chalicelib.domain.json_values import JsonObject
from chalicelib.store.base import RegistryItem


class OutboxItem(RegistryItem, discriminator="outbox"):
    """pk=OUTBOX#{id} sk=OUTBOX; gsi2: OUTBOX oldest first. Written in the transaction of the change that owes
    the message, deleted once the queue accepted it; whatever is left is sent again by the minute sweeper."""

    message_id = UnicodeAttribute()
    destination = UnicodeAttribute()
    body = JSONAttribute()
    created_at = UnicodeAttribute()


class OutboxTable:
    """The outbox behind the unit of work: new entries, the ones left behind, and forgetting a sent one."""

    def entry(self, message_id: str, destination: str, body: JsonObject, at: str) -> OutboxItem:
        return OutboxItem(f"OUTBOX#{message_id}", "OUTBOX", message_id=message_id, destination=destination,
                          body=body, created_at=at, gsi2pk="OUTBOX", gsi2sk=f"{at}#{message_id}")

    def left_before(self, cutoff: str, *, limit: int = 200) -> list[OutboxItem]:
        query = RegistryItem.gsi2.query("OUTBOX", RegistryItem.gsi2sk < cutoff, scan_index_forward=True,
                                        limit=limit)
        return [i for i in query if isinstance(i, OutboxItem)]

    def forget(self, message_id: str) -> None:
        OutboxItem(f"OUTBOX#{message_id}", "OUTBOX").delete()
