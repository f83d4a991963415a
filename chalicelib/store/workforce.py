"""Workforce dataset releases: one file per state and quarter, prepared by the `workforce_releases` function once
asked for."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem

PREPARING = "WORKFORCE_RELEASES#preparing"


class WorkforceReleaseItem(RegistryItem, discriminator="workforce_release"):
    """pk=WORKFORCE#{state} sk=RELEASE#{release}; gsi2: WORKFORCE_RELEASES#preparing / {requested_at}#... while
    it waits to be prepared."""

    state = UnicodeAttribute()
    release = UnicodeAttribute()  # e.g. 2026-Q3: every export in a quarter is the same file
    as_of = UnicodeAttribute()
    status = UnicodeAttribute()  # preparing | ready
    requested_by = UnicodeAttribute()
    requested_at = UnicodeAttribute()
    made_at = UnicodeAttribute(null=True)
    rows = NumberAttribute(null=True)
    people = NumberAttribute(null=True)
    file_key = UnicodeAttribute(null=True)  # artifacts bucket

    @staticmethod
    def key(state: str, release: str) -> tuple[str, str]:
        return f"WORKFORCE#{state}", f"RELEASE#{release}"

    def ready(self, *, rows: int, people: int, file_key: str, at: str) -> None:
        self.status, self.rows, self.people, self.file_key, self.made_at = "ready", rows, people, file_key, at
        self.gsi2pk = self.gsi2sk = None


def new_release(state: str, release: str, *, as_of: str, requested_by: str, at: str) -> WorkforceReleaseItem:
    return WorkforceReleaseItem(*WorkforceReleaseItem.key(state, release), state=state, release=release,
                                as_of=as_of, status="preparing", requested_by=requested_by, requested_at=at,
                                gsi2pk=PREPARING, gsi2sk=f"{at}#{state}#{release}")


def release_of(state: str, release: str) -> WorkforceReleaseItem | None:
    try:
        return WorkforceReleaseItem.get(*WorkforceReleaseItem.key(state, release), consistent_read=True)
    except DoesNotExist:
        return None


def releases_of(state: str, limit: int) -> list[WorkforceReleaseItem]:
    """The newest first."""
    query = WorkforceReleaseItem.query(f"WORKFORCE#{state}", WorkforceReleaseItem.sk.startswith("RELEASE#"),
                                       scan_index_forward=False, limit=limit)
    return [i for i in query if isinstance(i, WorkforceReleaseItem)]


def releases_to_prepare(limit: int) -> list[WorkforceReleaseItem]:
    return [i for i in RegistryItem.gsi2.query(PREPARING, limit=limit) if isinstance(i, WorkforceReleaseItem)]
