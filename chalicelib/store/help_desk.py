"""The help desk: messages anyone sends from the Help page, and how many each address sent in a day."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem

OPEN, ANSWERED = "open", "answered"


class HelpRequestItem(RegistryItem, discriminator="help_request"):
    """pk=HELP#{id} sk=HELP; gsi1: HELP_OF#{user} (a signed-in sender's, for closing their profile); gsi2:
    HELP#open oldest first while open, HELP#answered (by answer time) after.

    What the person typed (name, address, message) and the staff answer are sealed with a data key of the
    message's own (profile-keys table, id `help:{id}`): destroying that key makes the message unreadable."""

    request_id = UnicodeAttribute()
    reference = UnicodeAttribute()  # HD-XXXXXXXX, what the acknowledgement email and the staff page show
    topic = UnicodeAttribute()
    language = UnicodeAttribute()  # en | es | zh: the language the person wrote in, and is answered in
    user_id = UnicodeAttribute(null=True)  # the signed-in sender's id; None for someone signed out
    name_sealed = UnicodeAttribute()
    email_sealed = UnicodeAttribute()
    message_sealed = UnicodeAttribute()
    answer_sealed = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # open | answered
    created_at = UnicodeAttribute()
    answered_by = UnicodeAttribute(null=True)
    answered_at = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)  # the table's TTL (epoch seconds): set once answered
    version = VersionAttribute()

    @staticmethod
    def key(request_id: str) -> tuple[str, str]:
        return f"HELP#{request_id}", "HELP"

    def index(self) -> None:
        if self.user_id:
            self.gsi1pk, self.gsi1sk = f"HELP_OF#{self.user_id}", f"{self.created_at}#{self.request_id}"
        if self.status == OPEN:
            self.gsi2pk, self.gsi2sk = f"HELP#{OPEN}", f"{self.created_at}#{self.request_id}"
        else:
            self.gsi2pk, self.gsi2sk = f"HELP#{ANSWERED}", f"{self.answered_at}#{self.request_id}"


class HelpQuotaItem(RegistryItem, discriminator="help_quota"):
    """pk=HELPQUOTA#{sha256 of the address} sk=DAY#{yyyy-mm-dd}: messages sent from one address that day.
    Versioned: two messages counted at once cannot both pass the ceiling."""

    used = NumberAttribute(default=0)
    expires_at = NumberAttribute(null=True)  # the table's TTL (epoch seconds): gone a couple of days later
    version = VersionAttribute()


def new_request(request_id: str, **fields: Any) -> HelpRequestItem:
    item = HelpRequestItem(*HelpRequestItem.key(request_id), request_id=request_id, **fields)
    item.index()
    return item


class HelpDeskTable:
    """Help-desk messages and their daily counts, behind the unit of work (which adds the messages' data keys)."""

    def get(self, request_id: str) -> HelpRequestItem | None:
        try:
            return HelpRequestItem.get(*HelpRequestItem.key(request_id), consistent_read=True)
        except DoesNotExist:
            return None

    def waiting(self, status: str, limit: int) -> list[HelpRequestItem]:
        """Open messages oldest first; answered ones newest answer first."""
        query = RegistryItem.gsi2.query(f"HELP#{status}", scan_index_forward=status == OPEN, limit=limit)
        return [i for i in query if isinstance(i, HelpRequestItem)][:limit]

    def of_sender(self, user_id: str) -> list[HelpRequestItem]:
        return [i for i in RegistryItem.gsi1.query(f"HELP_OF#{user_id}") if isinstance(i, HelpRequestItem)]

    def sent_from(self, address_sha256: str, day: str, expires_at: int) -> HelpQuotaItem:
        """The day's count for an address: the stored one, or a new one at zero (saved with the message)."""
        pk, sk = f"HELPQUOTA#{address_sha256}", f"DAY#{day}"
        try:
            return HelpQuotaItem.get(pk, sk, consistent_read=True)
        except DoesNotExist:
            return HelpQuotaItem(pk, sk, used=0, expires_at=expires_at)
