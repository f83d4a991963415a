"""Permits and credentials: expiry status."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

EXPIRING_WITHIN = timedelta(days=90)


class ExpiryStatus(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def expiry_status(expires_on: str | date | None, today: date) -> ExpiryStatus:
    if not expires_on:
        return ExpiryStatus.UNKNOWN
    expiry = expires_on if isinstance(expires_on, date) else date.fromisoformat(expires_on)
    if expiry < today:
        return ExpiryStatus.EXPIRED
    if expiry - today <= EXPIRING_WITHIN:
        return ExpiryStatus.EXPIRING
    return ExpiryStatus.VALID
