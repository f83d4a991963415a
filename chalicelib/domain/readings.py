"""Values read back from stored records.

Verified fields are checked by their kinds before they are stored, but records verified before that check
existed, or corrected by hand, can still hold a date like "2027-13-01" or units like "3,5". A report must show
what it can and flag the rest, never fail for everyone on the roster because of one person's record.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


def as_date(value: Any) -> date | None:
    """The ISO date in `value`, or None when it is missing or unreadable."""
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def as_decimal(value: Any) -> Decimal | None:
    """The number in `value` (0 when missing), or None when it is there but unreadable."""
    if value in (None, ""):
        return Decimal("0")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def unreadable_date(value: Any) -> bool:
    return bool(value) and as_date(value) is None


def unreadable_number(value: Any) -> bool:
    return as_decimal(value) is None
