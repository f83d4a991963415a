"""Programs and who directs them: staff create programs and approve directors; directors invite staff."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

from ulid import ULID

from chalicelib import clock
from chalicelib.config import get_settings
from chalicelib.domain.messages import InvitationEmail
from chalicelib.errors import Conflict, InvalidRequest, NotFound, TooManyRequests
from chalicelib.security.identity import Caller, Role
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.employment import require_director_of
from chalicelib.services.unit_of_work import TableUnitOfWork
from chalicelib.store.base import RegistryItem, iso
from chalicelib.store.errors import ItemMissing
from chalicelib.store.people import (
    DirectorItem,
    InvitationItem,
    ProgramItem,
    last_invitation,
    programs_directed_by,
    take_quota,
)


def _view(p: ProgramItem) -> dict[str, Any]:
    return {"program_id": p.program_id, "name": p.name, "license_number": p.license_number,
            "program_type": p.program_type, "address": p.address}


def create(data: dict[str, Any]) -> dict[str, Any]:
    program_id = f"prog-{str(ULID()).lower()}"
    item = ProgramItem(*ProgramItem.key(program_id), program_id=program_id, name=data["name"],
                       license_number=data["license_number"], program_type=data["program_type"],
                       address=data["address"], created_at=iso(clock.now()),
                       gsi1pk="PROGRAMS", gsi1sk=f"{data['name'].lower()}#{program_id}")
    item.save()
    return _view(item)


def visible_programs(caller: Caller) -> list[dict[str, Any]]:
    if caller.has_any({Role.STAFF, Role.ADMIN, Role.PARTICIPANT}):
        # Programs are licensed businesses: their names and license numbers are public.
        return [_view(p) for p in RegistryItem.gsi1.query("PROGRAMS") if isinstance(p, ProgramItem)]
    out = []
    for program_id in programs_directed_by(caller.user_id):
        try:
            out.append(_view(ProgramItem.get(*ProgramItem.key(program_id))))
        except ItemMissing:
            continue
    return out


def request_access(caller: Caller, program_id: str) -> dict[str, Any]:
    try:
        ProgramItem.get(*ProgramItem.key(program_id))
    except ItemMissing:
        raise NotFound("No such program. Check the program id your licensing documents show.") from None
    item = DirectorItem(pk=f"PROGRAM#{program_id}", sk=f"DIRECTOR#{caller.user_id}", program_id=program_id,
                        user_id=caller.user_id, status="requested", created_at=iso(clock.now()),
                        gsi1pk=f"USER#{caller.user_id}", gsi1sk=f"DIRECTS#{program_id}")
    try:
        item.save(condition=DirectorItem.pk.does_not_exist())
    except Exception as exc:
        raise Conflict("You already asked for (or have) access to this program.") from exc
    return {"program_id": program_id, "status": "requested"}


def decide_access(staff: Caller, program_id: str, user_id: str, *, approve: bool) -> dict[str, Any]:
    not_about_themselves(staff, user_id)
    try:
        item = DirectorItem.get(f"PROGRAM#{program_id}", f"DIRECTOR#{user_id}")
    except ItemMissing:
        raise NotFound("No such request for this program.") from None
    item.status = "approved" if approve else "revoked"
    item.approved_by = staff.user_id
    item.save()
    return {"program_id": program_id, "user_id": user_id, "status": item.status}


INVITATIONS_PER_DAY = 50
INVITE_AGAIN_AFTER = timedelta(days=1)
# A name in an invitation greets a person; it is not a place for a message (or a link) of the director's own.
PERSON_NAME = re.compile(r"^[^\W\d_]+(?:[ '\u2019.-]+[^\W\d_]+)*\.?$")


def invite(director: Caller, program_id: str, *, email: str, name: str | None) -> dict[str, Any]:
    """Email an invitation to enroll, in the registry's words: the director supplies only the address and the
    person's name. At most INVITATIONS_PER_DAY per director a day, and one per address per program a day."""
    require_director_of(director, program_id)
    if name is not None and (len(name) > 80 or not PERSON_NAME.match(name)):
        raise InvalidRequest("name: give the person's name only (letters, spaces, hyphens and apostrophes).")
    program = ProgramItem.get(*ProgramItem.key(program_id))
    address = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    now = clock.now()
    earlier = last_invitation(program_id, address)
    if earlier is not None and earlier.sent_at > iso(now - INVITE_AGAIN_AFTER):
        return {"invitation_id": earlier.invitation_id, "status": "already_sent", "sent_at": earlier.sent_at}
    if not take_quota(director.user_id, "invitations", iso(now)[:10], INVITATIONS_PER_DAY):
        raise TooManyRequests("You sent {count} invitations today, the most the registry sends for one director in "
                              "a day. Send the rest tomorrow.", count=INVITATIONS_PER_DAY)
    invitation_id = str(ULID())
    invitation = InvitationItem(f"PROGRAM#{program_id}", f"INVITE#{address}", invitation_id=invitation_id,
                                program_id=program_id, invited_by=director.user_id, sent_at=iso(now))
    uow = TableUnitOfWork()  # the invitation and its email together
    uow.save(invitation)
    uow.send(InvitationEmail(
        invitation_id=invitation_id, email=email, name=name, program_name=program.name, program_id=program_id,
        enroll_url=f"{get_settings().public_base_url}/app/?invite={invitation_id}&program={program_id}"))
    uow.commit()
    return {"invitation_id": invitation_id, "status": "sent"}
