"""Who the unit tests of review, corrections and disputes are about: Ana, a participant with a permit, and two
staff members, Sam and Rio."""

from __future__ import annotations

from chalicelib.security.identity import Caller, Role
from chalicelib.store.profiles import ProfileItem
from tests.fakes import InMemoryUnitOfWork

ANA = Caller("user-ana", frozenset({Role.PARTICIPANT}))
SAM = Caller("user-sam", frozenset({Role.STAFF}))
RIO = Caller("user-rio", frozenset({Role.STAFF}))
AT = "2026-11-02T09:00:00.000000Z"
PERMIT = {"person_name": "Ana Reyes", "permit_title": "Child Development Teacher Permit",
          "document_number": "123456", "issued_on": "2024-01-01", "expires_on": "2029-01-01"}


def with_ana() -> InMemoryUnitOfWork:
    """An in-memory unit of work where Ana is enrolled, with her profile's data key."""
    work = InMemoryUnitOfWork()
    work.people.add(ProfileItem(*ProfileItem.key(ANA.user_id), user_id=ANA.user_id, registry_id="CA-0000-0001",
                                status="active", legal_first_name="Ana", legal_last_name="Reyes", created_at=AT,
                                updated_at=AT))
    return work
