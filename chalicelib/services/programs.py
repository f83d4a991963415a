"""Programs and who directs them: staff create programs and approve directors; directors invite staff."""

from __future__ import annotations

from typing import Any

from ulid import ULID

from chalicelib.aws.queues import Queue
from chalicelib.config import get_settings
from chalicelib.errors import Conflict, NotFound
from chalicelib.security.identity import Caller, Role
from chalicelib.services.employment import require_director_of
from chalicelib.store.base import RegistryItem, iso, utcnow
from chalicelib.store.errors import ItemMissing
from chalicelib.store.people import DirectorItem, ProgramItem, programs_directed_by


def _view(p: ProgramItem) -> dict[str, Any]:
    return {"program_id": p.program_id, "name": p.name, "license_number": p.license_number,
            "program_type": p.program_type, "address": p.address}


def create(data: dict[str, Any]) -> dict[str, Any]:
    program_id = f"prog-{str(ULID()).lower()}"
    item = ProgramItem(*ProgramItem.key(program_id), program_id=program_id, name=data["name"],
                       license_number=data["license_number"], program_type=data["program_type"],
                       address=data["address"], created_at=iso(utcnow()),
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
                        user_id=caller.user_id, status="requested", created_at=iso(utcnow()),
                        gsi1pk=f"USER#{caller.user_id}", gsi1sk=f"DIRECTS#{program_id}")
    try:
        item.save(condition=DirectorItem.pk.does_not_exist())
    except Exception as exc:
        raise Conflict("You already asked for (or have) access to this program.") from exc
    return {"program_id": program_id, "status": "requested"}


def decide_access(staff: Caller, program_id: str, user_id: str, *, approve: bool) -> dict[str, Any]:
    try:
        item = DirectorItem.get(f"PROGRAM#{program_id}", f"DIRECTOR#{user_id}")
    except ItemMissing:
        raise NotFound("No such request for this program.") from None
    item.status = "approved" if approve else "revoked"
    item.approved_by = staff.user_id
    item.save()
    return {"program_id": program_id, "user_id": user_id, "status": item.status}


def invite(director: Caller, program_id: str, *, email: str, name: str | None) -> dict[str, Any]:
    require_director_of(director, program_id)
    program = ProgramItem.get(*ProgramItem.key(program_id))
    invitation_id = str(ULID())
    Queue(get_settings().notification_queue_url).send({
        "kind": "invitation", "invitation_id": invitation_id, "email": email, "name": name,
        "program_name": program.name, "program_id": program_id,
        "enroll_url": f"{get_settings().public_base_url}/app/?invite={invitation_id}&program={program_id}",
    })
    return {"invitation_id": invitation_id, "status": "sent"}
