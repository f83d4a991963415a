"""Separation of duties, one rule for every place a person decides: nobody decides about themselves.

A staff member who is also a participant does not verify their own upload, approve their own name change, amend
their own record, grant their own stipend or approve their own sponsor application or program access; a sponsor
manager does not mark their own attendance (the hours would land on their record verified) nor approve
themselves as an instructor. The decision goes to a colleague; the refusal says so.
"""

from __future__ import annotations

from chalicelib.errors import Forbidden
from chalicelib.security.identity import Caller


def not_about_themselves(decider: Caller, *subject_ids: str | None) -> None:
    if decider.user_id in {s for s in subject_ids if s}:
        raise Forbidden("Nobody decides about themselves: a colleague must make this decision.")
