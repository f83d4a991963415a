"""Record credentials the registry issued, and the revocation bits of their Bitstring Status Lists.

Positions are handed out by one atomic counter (`STATUS_LISTS/COUNTER`), so two exports never share one; list
`n` holds positions n*LIST_SIZE .. (n+1)*LIST_SIZE-1. A list's revoked positions are a number set on its item
(`STATUS_LIST#{n}/BITS`), added to atomically in the transaction that retracts or amends a record, so two
retractions never conflict over the list.
"""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, NumberAttribute, NumberSetAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem

# 131,072 bits: the W3C Bitstring Status List's minimum (16 KB uncompressed), so a list does not tell which of a
# few credentials is which.
LIST_SIZE = 131_072


class StatusCounterItem(RegistryItem, discriminator="status_counter"):
    """pk=STATUS_LISTS sk=COUNTER: the next free position over all lists."""

    next_index = NumberAttribute(null=True)


class StatusListItem(RegistryItem, discriminator="status_list"):
    """pk=STATUS_LIST#{n} sk=BITS: the revoked positions of list n (offsets within the list)."""

    list_number = NumberAttribute()
    revoked = NumberSetAttribute(null=True)


class IssuedCredentialItem(RegistryItem, discriminator="issued_credential"):
    """pk=PERSON#{user} sk=CREDENTIAL#{credential id}: a record credential issued to a person, the records it
    carries and where its revocation bit is."""

    credential_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    list_number = NumberAttribute()
    position = NumberAttribute()
    record_ids = JSONAttribute()
    issued_at = UnicodeAttribute()
    valid_until = UnicodeAttribute()
    revoked_at = UnicodeAttribute(null=True)


def issued_credential(user_id: str, credential_id: str, *, index: int, record_ids: list[str], issued_at: str,
                      valid_until: str) -> IssuedCredentialItem:
    return IssuedCredentialItem(f"PERSON#{user_id}", f"CREDENTIAL#{credential_id}", credential_id=credential_id,
                                user_id=user_id, list_number=index // LIST_SIZE, position=index % LIST_SIZE,
                                record_ids=record_ids, issued_at=issued_at, valid_until=valid_until)


def status_list_key(list_number: int) -> tuple[str, str]:
    return f"STATUS_LIST#{list_number}", "BITS"


def status_list_item(list_number: int) -> StatusListItem:
    """The list's item as a revocation updates it (the update names its type: it may be what creates it)."""
    return StatusListItem(*status_list_key(list_number), list_number=list_number)


class CredentialStatusTable:
    """Issued credentials and status lists behind the unit of work."""

    def allocate_index(self) -> int:
        """A position no other credential has, over all lists (one atomic update; an export that then fails
        leaves its position unused, never shared)."""
        counter = StatusCounterItem("STATUS_LISTS", "COUNTER")
        counter.update(actions=[StatusCounterItem.next_index.add(1), StatusCounterItem.entity.set(StatusCounterItem)],
                       add_version_condition=False)
        index = int(counter.next_index or 1) - 1
        if index % LIST_SIZE == 0:  # the first position of a list: the list item exists from now on
            item = status_list_item(index // LIST_SIZE)
            item.update(actions=[StatusListItem.list_number.set(item.list_number),
                                 StatusListItem.entity.set(StatusListItem)], add_version_condition=False)
        return index

    def issued_to(self, user_id: str) -> list[IssuedCredentialItem]:
        return [i for i in IssuedCredentialItem.query(f"PERSON#{user_id}",
                                                      IssuedCredentialItem.sk.startswith("CREDENTIAL#"))
                if isinstance(i, IssuedCredentialItem)]

    def status_list(self, list_number: int) -> StatusListItem | None:
        """One GetItem: a list's revoked positions (None for a list never started)."""
        try:
            item = StatusListItem.get(*status_list_key(list_number))
        except DoesNotExist:
            return None
        return item if isinstance(item, StatusListItem) else None
