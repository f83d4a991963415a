"""The registry's one clock: every time and date it stamps or compares comes from here, so tests can move it
forward instead of sleeping (webhook retries span a day, permits expire in years). The store, the services and
the local stack read it; nothing else calls datetime.now() or date.today()."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


CLOCK: Clock = SystemClock()


def now() -> datetime:
    return CLOCK.now()



def today() -> date:
    """Today's date in UTC, as Lambda and the stored times see it."""
    return now().astimezone(UTC).date()


def now_iso() -> str:
    """The current time as the registry writes it (ISO 8601, microseconds, Z)."""
    return now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
