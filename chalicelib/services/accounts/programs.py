"""Programs and who directs them: staff create programs and approve directors; directors invite staff."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from ulid import ULID

from chalicelib import clock
from chalicelib.config import get_settings
from chalicelib.domain.messages import InvitationEmail
from chalicelib.errors import Conflict, InvalidRequest, NotFound, TooManyRequests
from chalicelib.security.identity import Caller, Role
from chalicelib.services.accounts.employment import require_director_of
from chalicelib.services.accounts.views import (
    DirectorAccessAsked,
    DirectorAccessDecided,
    DirectorRequestLine,
    InvitationSent,
    PostalAddress,
    ProgramView,
)
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.unit_of_work import EmploymentRepository, Guard, Refused, TableUnitOfWork, UnitOfWork
from chalicelib.services.views import stored_as
from chalicelib.store.base import iso
from chalicelib.store.people import (
    EmploymentTable,
    ProgramItem,
    decided,
    director_request,
    last_invitation,
    new_invitation,
    new_program,
    take_quota,
)


def _view(p: ProgramItem) -> ProgramView:
    return {"program_id": p.program_id, "name": p.name, "license_number": p.license_number,
            "program_type": p.program_type,
            "address": stored_as(PostalAddress, p.address) if p.address is not None else None}


def _program_subject(program_id: str) -> str:
    """A program's audit trail: its creation and who was given (or lost) the right to direct it."""
    return f"program:{program_id}"


def create(staff: Caller, data: Mapping[str, Any], uow: UnitOfWork | None = None) -> ProgramView:
    uow = uow or TableUnitOfWork()
    program_id = f"prog-{str(ULID()).lower()}"
    item = new_program(program_id, name=data["name"], license_number=data["license_number"],
                       program_type=data["program_type"], address=data["address"], created_at=iso(clock.now()))
    uow.save(item)
    uow.audit(_program_subject(program_id), staff, "program:created")
    uow.commit()
    return _view(item)


# A participant looks for their employer by name among every licensed program in the state (20,000 in
# California): the list answers a search, a page at a time, never the whole state.
PROGRAM_SEARCH_LIMIT = 20


def visible_programs(caller: Caller, employment: EmploymentRepository | None = None, *, name: str | None = None,
                     program_id: str | None = None) -> list[ProgramView]:
    """Without a search, a director's own programs (or, for everyone else, the first page by name); with one, the
    programs whose name starts with it, or the one with that id (an invitation names its program)."""
    employment = employment or EmploymentTable()
    if program_id:
        found = employment.program(program_id)
        return [_view(found)] if found is not None else []
    if name is not None and name.strip():
        return [_view(p) for p in employment.programs_named(name.strip(), PROGRAM_SEARCH_LIMIT)]
    if caller.is_(Role.DIRECTOR):
        return [_view(p) for program_id in employment.programs_directed_by(caller.user_id)
                if (p := employment.program(program_id)) is not None]
    if caller.has_any({Role.STAFF, Role.ADMIN, Role.PARTICIPANT}):
        # Programs are licensed businesses: their names and license numbers are public.
        return [_view(p) for p in employment.programs_named("", PROGRAM_SEARCH_LIMIT)]
    return []


def request_access(caller: Caller, program_id: str, uow: UnitOfWork | None = None) -> DirectorAccessAsked:
    uow = uow or TableUnitOfWork()
    if uow.employment.program(program_id) is None:
        raise NotFound("No such program. Check the program id your licensing documents show.")
    uow.save(director_request(program_id, caller.user_id, iso(clock.now())), Guard("pk", absent=True))
    uow.audit(_program_subject(program_id), caller, "director:requested")
    try:
        uow.commit()
    except Refused as exc:
        raise Conflict("You already asked for (or have) access to this program.") from exc
    return {"program_id": program_id, "status": "requested"}


def decide_access(staff: Caller, program_id: str, user_id: str, *, approve: bool,
                  uow: UnitOfWork | None = None) -> DirectorAccessDecided:
    uow = uow or TableUnitOfWork()
    not_about_themselves(staff, user_id)
    item = uow.employment.director(program_id, user_id)
    if item is None:
        raise NotFound("No such request for this program.")
    before = item.status
    item.status = "approved" if approve else "revoked"
    item.approved_by = staff.user_id
    decided(item)
    uow.save(item)
    uow.audit(_program_subject(program_id), staff, f"director:{item.status}", before={"user_id": user_id,
                                                                                      "status": before},
              after={"user_id": user_id, "status": item.status})
    uow.commit()
    return {"program_id": program_id, "user_id": user_id, "status": item.status}


WAITING_REQUESTS_PAGE = 100


def waiting_director_requests(uow: UnitOfWork | None = None) -> list[DirectorRequestLine]:
    """What staff decide on, oldest first: who asks to direct which program, with what staff need to check it
    (the person's legal name and Registry ID, the program's license number)."""
    from chalicelib.services.names import legal_name

    uow = uow or TableUnitOfWork()
    out: list[DirectorRequestLine] = []
    for item in uow.employment.waiting_director_requests(WAITING_REQUESTS_PAGE):
        program = uow.employment.program(item.program_id)
        profile = uow.people.profile(item.user_id)
        account = uow.people.account(item.user_id)
        out.append({"program_id": item.program_id, "program_name": program.name if program else None,
                    "license_number": program.license_number if program else None, "user_id": item.user_id,
                    "name": legal_name(profile) if profile else (account.display_name if account else None) or None,
                    "registry_id": profile.registry_id if profile else None, "requested_at": item.created_at})
    return out


INVITATIONS_PER_DAY = 50
INVITE_AGAIN_AFTER = timedelta(days=1)
# A name in an invitation greets a person; it is not a place for a message (or a link) of the director's own.
PERSON_NAME = re.compile(r"^[^\W\d_]+(?:[ '\u2019.-]+[^\W\d_]+)*\.?$")


def invite(director: Caller, program_id: str, *, email: str, name: str | None,
           uow: UnitOfWork | None = None) -> InvitationSent:
    """Email an invitation to enroll, in the registry's words: the director supplies only the address and the
    person's name. At most INVITATIONS_PER_DAY per director a day, and one per address per program a day."""
    require_director_of(director, program_id)
    if name is not None and (len(name) > 80 or not PERSON_NAME.match(name)):
        raise InvalidRequest("name: give the person's name only (letters, spaces, hyphens and apostrophes).")
    uow = uow or TableUnitOfWork()
    program = uow.employment.program(program_id)
    if program is None:
        raise NotFound("No such program. Check the program id your licensing documents show.")
    address = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    now = clock.now()
    earlier = last_invitation(program_id, address)
    if earlier is not None and earlier.sent_at > iso(now - INVITE_AGAIN_AFTER):
        return {"invitation_id": earlier.invitation_id, "status": "already_sent", "sent_at": earlier.sent_at}
    if not take_quota(director.user_id, "invitations", iso(now)[:10], INVITATIONS_PER_DAY):
        raise TooManyRequests("You sent {count} invitations today, the most the registry sends for one director in "
                              "a day. Send the rest tomorrow.", count=INVITATIONS_PER_DAY)
    invitation_id = str(ULID())
    # The invitation and its email together.
    uow.save(new_invitation(program_id, address, invitation_id=invitation_id, invited_by=director.user_id,
                            sent_at=iso(now)))
    uow.send(InvitationEmail(
        invitation_id=invitation_id, email=email, name=name, program_name=program.name, program_id=program_id,
        enroll_url=f"{get_settings().public_base_url}/app?invite={invitation_id}&program={program_id}"))
    uow.commit()
    return {"invitation_id": invitation_id, "status": "sent"}
