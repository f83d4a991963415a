"""Training sponsors: an agency applies and staff decide; its managers (invited, and managers once they accept), its
contact person, its logo."""

from __future__ import annotations

from ulid import ULID

from chalicelib import clock
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.observability import logger
from chalicelib.security.identity import Caller, Role
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.training.views import (
    Application,
    Contact,
    ContactChanged,
    Logo,
    ManagerAnswer,
    Managers,
    MySponsor,
    SponsorName,
    SponsorState,
    as_contact,
)
from chalicelib.services.unit_of_work import (
    Guard,
    PeopleRepository,
    Refused,
    TableUnitOfWork,
    TrainingRepository,
    UnitOfWork,
)
from chalicelib.services.views import Items
from chalicelib.store.base import iso
from chalicelib.store.training import (
    SponsorItem,
    TrainingTable,
    get_sponsor,
    new_sponsor,
    sponsor_member,
)

SPONSOR_GROUP = Role.SPONSOR.value


def sponsor_subject(sponsor_id: str) -> str:
    """A sponsor's audit trail: its application, decision, managers and instructors."""
    return f"sponsor:{sponsor_id}"


def apply(caller: Caller, *, name: str, uow: UnitOfWork | None = None) -> SponsorState:
    uow = uow or TableUnitOfWork()
    sponsor_id = f"sp_{ULID()}"
    uow.save(new_sponsor(sponsor_id, name=name, applicant_id=caller.user_id, applied_at=iso(clock.now())))
    uow.save(sponsor_member(sponsor_id, caller.user_id, "applicant"))
    uow.audit(sponsor_subject(sponsor_id), caller, "sponsor:applied")
    uow.commit()
    return {"sponsor_id": sponsor_id, "status": "applied"}


def grant_sponsor_role(user_id: str) -> None:
    from chalicelib.aws import user_pool

    if not user_pool.configured():
        return
    try:
        user_pool.add_to_group(user_id, SPONSOR_GROUP)
    except user_pool.NoSuchUser:
        logger.warning("sponsor applicant has no sign-in; role not granted", extra={"user_id": user_id})


def decide(staff: Caller, sponsor_id: str, *, approve: bool, reason: str | None,
           uow: UnitOfWork | None = None) -> SponsorState:
    uow = uow or TableUnitOfWork()
    sponsor = uow.training.sponsor(sponsor_id)
    if sponsor is None:
        raise NotFound("No such sponsor application.")
    not_about_themselves(staff, sponsor.applicant_id)
    if sponsor.status != "applied":
        raise Conflict("This application was already decided ({status}).", status=sponsor.status)
    if not approve and not (reason and reason.strip()):
        raise InvalidRequest("Give the agency a reason it can act on.")
    sponsor.status = "approved" if approve else "denied"
    sponsor.reason = reason
    sponsor.decided_by = staff.user_id
    sponsor.index()
    if approve:
        sponsor.contact_manager_id = sponsor.applicant_id
        sponsor.managers = [sponsor.applicant_id]  # type: ignore[list-item]  # pynamodb stubs type the list items as attributes
        uow.save(sponsor_member(sponsor_id, sponsor.applicant_id, "manager"))
    uow.save(sponsor, Guard("decided_by", absent=True))  # two staff deciding at once: the second is refused
    uow.audit(sponsor_subject(sponsor_id), staff, f"sponsor:{sponsor.status}", reason=reason)
    try:
        uow.commit()
    except Refused as exc:
        raise Conflict("Another staff member decided this application at the same moment. Reload it.") from exc
    if approve:
        grant_sponsor_role(sponsor.applicant_id)  # once the approval is stored: Cognito is not in the transaction
    return {"sponsor_id": sponsor_id, "status": sponsor.status}


def managed_sponsor(caller: Caller, sponsor_id: str, training: TrainingRepository | None = None) -> SponsorItem:
    """The sponsor, if the caller manages it; the same answer whether it does not exist or is someone else's."""
    sponsor = (training or TrainingTable()).sponsor(sponsor_id)
    if sponsor is None or sponsor.status != "approved" or caller.user_id not in (sponsor.managers or []):
        raise Forbidden("Only this sponsor's managers can do that.")
    return sponsor


def set_contact(caller: Caller, sponsor_id: str, contact: Contact,
                uow: UnitOfWork | None = None) -> ContactChanged:
    """The person participants ask about the sponsor's trainings, as the sponsor publishes them on its events."""
    uow = uow or TableUnitOfWork()
    sponsor = managed_sponsor(caller, sponsor_id, uow.training)
    uow.set(sponsor, "contact", contact)
    uow.audit(sponsor_subject(sponsor_id), caller, "sponsor:contact_changed", after=contact)
    uow.commit()
    return {"sponsor_id": sponsor_id, "contact": contact}


def invite_manager(caller: Caller, sponsor_id: str, *, email: str | None, user_id: str | None,
                   uow: UnitOfWork | None = None) -> Managers:
    """By the address the person signs in with; looked up only for the sponsor's own managers (nobody else can use
    this to learn who has an account)."""
    from chalicelib.services.accounts.people import user_id_for

    uow = uow or TableUnitOfWork()
    managed_sponsor(caller, sponsor_id, uow.training)
    found = user_id or (user_id_for(email) if email else None)
    if found is None:
        raise NotFound("Nobody signs in with this email yet: ask them to create an account, then invite them.")
    return add_manager(caller, sponsor_id, found, uow=uow)


def add_manager(caller: Caller, sponsor_id: str, user_id: str, uow: UnitOfWork | None = None) -> Managers:
    """Invite a person to manage the sponsor: nothing is theirs to do, and no role is given, until they accept
    (a manager cannot make anyone a sponsor manager, with the power to grant hours, without their consent)."""
    uow = uow or TableUnitOfWork()
    sponsor = managed_sponsor(caller, sponsor_id, uow.training)
    if user_id not in (sponsor.managers or []):
        member = uow.training.member(sponsor_id, user_id)
        if member is None or member.role != "invited":
            uow.save(sponsor_member(sponsor_id, user_id, "invited"))
            uow.audit(sponsor_subject(sponsor_id), caller, "sponsor:manager_invited", after={"user_id": user_id})
            uow.commit()
        logger.info("sponsor manager invited", extra={"sponsor_id": sponsor_id})
    return {"sponsor_id": sponsor_id, "managers": [str(m) for m in sponsor.managers or []],
            "invited": [m.user_id for m in uow.training.members(sponsor_id) if m.role == "invited"]}


def answer_manager_invitation(caller: Caller, sponsor_id: str, *, accept: bool,
                              uow: UnitOfWork | None = None) -> ManagerAnswer:
    """The invited person accepts (and becomes a manager, with the sponsor role) or declines."""
    uow = uow or TableUnitOfWork()
    member = uow.training.member(sponsor_id, caller.user_id)
    sponsor = uow.training.sponsor(sponsor_id)
    if member is None or member.role != "invited" or sponsor is None or sponsor.status != "approved":
        raise NotFound("You have no invitation to manage this training sponsor.")
    uow.save(sponsor_member(sponsor_id, caller.user_id, "manager" if accept else "declined"))
    uow.audit(sponsor_subject(sponsor_id), caller, f"sponsor:manager_{'accepted' if accept else 'declined'}")
    if accept:
        sponsor.managers = [*(sponsor.managers or []), caller.user_id]  # type: ignore[list-item]  # pynamodb stubs
        uow.set(sponsor, "managers", sponsor.managers)
    uow.commit()
    if not accept:
        return {"sponsor_id": sponsor_id, "manager": False}
    grant_sponsor_role(caller.user_id)
    logger.info("sponsor manager accepted", extra={"sponsor_id": sponsor_id})
    return {"sponsor_id": sponsor_id, "manager": True}


def my_sponsors(caller: Caller) -> Items[MySponsor]:
    """The sponsors a person applied for or manages, with their status."""
    from chalicelib.store.training import sponsors_of_member

    items: list[MySponsor] = []
    for link in sponsors_of_member(caller.user_id):
        sponsor = get_sponsor(link.sponsor_id)
        if sponsor is not None:
            manages = caller.user_id in (sponsor.managers or []) and sponsor.status == "approved"
            items.append({"sponsor_id": sponsor.sponsor_id, "name": sponsor.name, "status": sponsor.status,
                          "reason": sponsor.reason, "manager": manages,
                          "invited_to_manage": link.role == "invited" and sponsor.status == "approved",
                          "contact": as_contact(sponsor.contact) if manages else None,
                          "state_reporting": dict(sponsor.state_reporting) if manages and sponsor.state_reporting
                          else None})
    return {"items": items}


# Agencies approved to sponsor training in a state number in the hundreds; a page of them is the whole list.
SPONSOR_LIST_LIMIT = 500


def approved_sponsors() -> Items[SponsorName]:
    """The approved sponsors by name, for a person who wants to teach for one: names only (they are public on the
    calendar already), never who applied or manages them."""
    from chalicelib.store.training import sponsors_with_status

    items: list[SponsorName] = [{"sponsor_id": s.sponsor_id, "name": s.name}
                                for s in sponsors_with_status("approved", SPONSOR_LIST_LIMIT)]
    return {"items": sorted(items, key=lambda i: str(i["name"]).lower())}


def applications(status: str) -> Items[Application]:
    from chalicelib.store.training import sponsors_with_status

    return {"items": [{"sponsor_id": s.sponsor_id, "name": s.name, "status": s.status, "applied_at": s.applied_at,
                       "applicant": display_name(s.applicant_id)} for s in sponsors_with_status(status)]}


LOGO_MAX_BYTES = 512 * 1024


LOGO_MAX_SIDE = 400


LOGO_MAX_PIXELS = 4_000_000  # a logo is shown at 400 px: 2000 x 2000 is plenty, and costs little to decode


def set_logo(caller: Caller, sponsor_id: str, data: bytes, uow: UnitOfWork | None = None) -> Logo:
    """A logo is checked by its content like every upload, then re-drawn as a small PNG: whatever else the file
    carried (metadata, a second payload, an oversized canvas) is not kept."""
    import io

    from PIL import Image

    from chalicelib.files.inspection import inspect_file
    from chalicelib.services.documents.lifecycle import artifacts

    uow = uow or TableUnitOfWork()
    sponsor = managed_sponsor(caller, sponsor_id, uow.training)
    verdict = inspect_file(data, max_bytes=LOGO_MAX_BYTES, max_pixels=LOGO_MAX_PIXELS)
    if not verdict.accepted or verdict.kind not in ("png", "jpeg", "webp"):
        if verdict.why is not None:
            raise InvalidRequest("The logo was not taken: {why}", why=verdict.why)
        raise InvalidRequest("A logo must be a PNG, JPEG or WebP image.")
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
        clean = image.convert("RGBA")
    out = io.BytesIO()
    clean.save(out, format="PNG")
    key = f"logos/{sponsor_id}.png"
    artifacts().put(key, out.getvalue(), "image/png")
    uow.set(sponsor, "logo_key", key)
    uow.audit(sponsor_subject(sponsor_id), caller, "sponsor:logo")
    uow.commit()
    return {"sponsor_id": sponsor_id, "logo_url": f"/v1/sponsors/{sponsor_id}/logo"}


def logo(sponsor_id: str) -> bytes:
    from chalicelib.services.documents.lifecycle import artifacts

    sponsor = get_sponsor(sponsor_id)
    if sponsor is None or sponsor.status != "approved" or not sponsor.logo_key:
        raise NotFound("This sponsor has no logo.")
    return artifacts().get(sponsor.logo_key)


def display_name(user_id: str, people: PeopleRepository | None = None) -> str | None:
    """First name and last initial: enough to recognise an instructor, no more."""
    from chalicelib.store.profiles import PeopleTable

    profile = (people or PeopleTable()).profile(user_id)
    if profile is None or profile.status != "active":
        return None
    first = profile.preferred_name or profile.legal_first_name or ""
    last = (profile.legal_last_name or "")[:1]
    return f"{first} {last}.".strip() if last else first or None
