"""Permits and credentials: expiry status."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from chalicelib.domain.readings import as_date

EXPIRING_WITHIN = timedelta(days=90)


class ExpiryStatus(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


def expiry_status(expires_on: str | date | None, today: date) -> ExpiryStatus:
    expiry = as_date(expires_on)
    if expiry is None:
        return ExpiryStatus.UNKNOWN
    if expiry < today:
        return ExpiryStatus.EXPIRED
    if expiry - today <= EXPIRING_WITHIN:
        return ExpiryStatus.EXPIRING
    return ExpiryStatus.VALID
