"""Participant profiles: enroll, view, edit, name changes, export, close (crypto-shredding)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ulid import ULID

from chalicelib import clock
from chalicelib.domain.registry_id import new_registry_id
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.observability import logger
from chalicelib.security import fields as sealing
from chalicelib.security.identity import Caller, Role
from chalicelib.services.accounts.views import (
    NameChangeRequest,
    PendingNameChange,
    PersonalFields,
    PostalAddress,
    ProfileClosed,
    ProfileDemographics,
    ProfileView,
    SchoolingReported,
)
from chalicelib.services.duties import not_about_themselves
from chalicelib.services.unit_of_work import Guard, TableUnitOfWork
from chalicelib.services.views import stored_as
from chalicelib.store.base import iso
from chalicelib.store.profiles import (
    ProfileAuditItem,
    ProfileItem,
    get_profile,
    new_profile,
    new_profile_audit,
    on_name_change_queue,
    on_retention_list,
    profile_by_registry_id,
    registry_id_claim,
)

SEALED_FIELDS = ("ssn", "birth_date", "home_address", "phone")
NAME_FIELDS = ("legal_first_name", "legal_middle_name", "legal_last_name")
OPEN_FIELDS = ("email", "preferred_name", "preferred_language", "home_county", "began_ece_year", "demographics",
               "self_reported_education")


@dataclass(frozen=True, slots=True)
class Enrollment:
    """What a person enrolls with, by field name, as api/models.Enroll validated and dumped it."""
    names: Mapping[str, str | None]
    open_fields: Mapping[str, Any]
    sealed: Mapping[str, Any]


def _audit(profile: ProfileItem, actor: Caller | None, action: str, *, reason: str | None = None,
           before: Any = None, after: Any = None) -> ProfileAuditItem:
    return new_profile_audit(profile.user_id, entry_id=str(ULID()), at=iso(clock.now()),
                             actor_id=actor.user_id if actor else "system", action=action, reason=reason,
                             before=before, after=after)


def _seal_into(profile: ProfileItem, key: sealing.DataKey, values: Mapping[str, Any]) -> None:
    for name in SEALED_FIELDS:
        if name in values:
            value = values[name]
            setattr(profile, f"{name}_sealed",
                    None if value in (None, "") else sealing.seal(key, profile.registry_id, name,
                                                                  value if isinstance(value, str) else _json(value)))


def _json(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True)


def enroll(caller: Caller, enrollment: Enrollment) -> ProfileView:
    if get_profile(caller.user_id) is not None:
        raise Conflict("You are already enrolled. Open your profile to change it.")
    now = iso(clock.now())
    for _attempt in range(5):
        registry_id = new_registry_id()
        key = sealing.new_data_key(registry_id)
        profile = new_profile(caller.user_id, registry_id, now)
        for name, value in {**enrollment.names, **enrollment.open_fields}.items():
            if value not in (None, ""):
                setattr(profile, name, value)
        _seal_into(profile, key, enrollment.sealed)
        claim = registry_id_claim(registry_id, caller.user_id)
        uow = TableUnitOfWork()
        uow.save(claim, Guard("pk", absent=True))
        uow.save(profile, Guard("pk", absent=True))
        uow.save(_audit(profile, caller, "profile:enrolled"))
        try:
            uow.commit()
        except Conflict as exc:
            if get_profile(caller.user_id) is not None:
                raise Conflict("You are already enrolled. Open your profile to change it.") from exc
            continue  # the random Registry ID was taken: draw another
        sealing.store_data_key(registry_id, key)
        logger.info("participant enrolled")
        return view(profile, audience="owner")
    raise Conflict("Could not assign a Registry ID. Try again in a moment.")


def _mask_ssn(ssn: str | None) -> str | None:
    return f"***-**-{ssn[-4:]}" if ssn else None


def personal_fields(profile: ProfileItem) -> PersonalFields:
    key = sealing.load_data_key(profile.registry_id)
    if key is None:
        return {"ssn": None, "birth_date": None, "home_address": None, "phone": None}

    def opened(name: str) -> str | None:
        sealed = getattr(profile, f"{name}_sealed")
        return sealing.unseal(key, profile.registry_id, name, sealed) if sealed else None

    import json

    address = opened("home_address")
    return {"ssn": opened("ssn"), "birth_date": opened("birth_date"),
            "home_address": stored_as(PostalAddress, json.loads(address)) if address else None,
            "phone": opened("phone")}


def view(profile: ProfileItem, *, audience: str) -> ProfileView:
    """What each audience may see: the owner and staff see personal fields (SSN masked); nobody else does."""
    body: ProfileView = {
        "registry_id": profile.registry_id, "status": profile.status,
        "legal_first_name": profile.legal_first_name, "legal_middle_name": profile.legal_middle_name,
        "legal_last_name": profile.legal_last_name, "email": profile.email, "preferred_name": profile.preferred_name,
        "preferred_language": profile.preferred_language, "home_county": profile.home_county,
        "began_ece_year": None if profile.began_ece_year is None else int(profile.began_ece_year),
        "demographics": stored_as(ProfileDemographics, profile.demographics) if profile.demographics else None,
        "self_reported_education": (stored_as(list[SchoolingReported], profile.self_reported_education)
                                    if profile.self_reported_education else None),
        "name_change_request": (stored_as(NameChangeRequest, profile.name_change_request)
                                if profile.name_change_request else None),
        "created_at": profile.created_at, "updated_at": profile.updated_at, "version": profile.version,
    }
    if audience in ("owner", "staff") and profile.status == "active":
        personal = personal_fields(profile)
        body["ssn"] = _mask_ssn(personal["ssn"])
        body["birth_date"], body["home_address"], body["phone"] = (personal["birth_date"], personal["home_address"],
                                                                   personal["phone"])
    return body


def require_profile(caller: Caller) -> ProfileItem:
    profile = get_profile(caller.user_id)
    if profile is None or profile.status != "active":
        raise NotFound("You are not enrolled yet. Enroll to get your Registry ID.")
    return profile


def update(actor: Caller, profile: ProfileItem, changes: Mapping[str, Any], *,
           expected_version: int | None) -> ProfileView:
    names = sorted(set(changes) & set(NAME_FIELDS))
    if names and not actor.is_(Role.STAFF):
        raise Forbidden("Names change only through a name change request that staff approve. "
                        "Send POST /v1/me/name-change with the new name and a reason.")
    if expected_version is not None and expected_version != profile.version:
        raise Conflict("Your profile changed since you opened it. Reload it and make your change again.")
    before = {k: getattr(profile, k) for k in changes if k in NAME_FIELDS + OPEN_FIELDS}
    for name, value in changes.items():
        if name in NAME_FIELDS + OPEN_FIELDS:
            setattr(profile, name, value)
    sealed_changes = {k: v for k, v in changes.items() if k in SEALED_FIELDS}
    if sealed_changes:
        key = sealing.load_data_key(profile.registry_id)
        if key is None:
            raise Conflict("This profile is closed; its personal data can no longer be changed.")
        _seal_into(profile, key, sealed_changes)
    profile.updated_at = iso(clock.now())
    after = {k: getattr(profile, k) for k in before}
    audit = _audit(profile, actor, "profile:updated", before=before,
                   after={**after, **dict.fromkeys(sealed_changes, "[sealed]")})
    _save_with(profile, audit)
    return view(profile, audience="staff" if actor.is_(Role.STAFF) else "owner")


def _save_with(profile: ProfileItem, *others: Any) -> None:
    uow = TableUnitOfWork()
    uow.save(profile)
    for other in others:
        uow.save(other)
    try:
        uow.commit()
    except Conflict as exc:
        raise Conflict("The profile changed at the same moment. Reload it and try again.") from exc


def request_name_change(caller: Caller, profile: ProfileItem, names: dict[str, str | None],
                        reason: str) -> ProfileView:
    if not reason.strip():
        raise InvalidRequest("Say why the name changes (for example marriage or a court order).")
    profile.name_change_request = {"requested": names, "reason": reason, "requested_at": iso(clock.now()),
                                   "status": "pending"}
    profile.updated_at = iso(clock.now())
    # Sparse: the staff queue of pending name changes, oldest first.
    on_name_change_queue(profile, profile.updated_at)
    _save_with(profile, _audit(profile, caller, "name_change:requested", reason=reason, after=names))
    return view(profile, audience="owner")


def decide_name_change(staff: Caller, registry_id: str, *, approve: bool, reason: str) -> ProfileView:
    profile = staff_profile(registry_id)
    not_about_themselves(staff, profile.user_id)
    request = profile.name_change_request
    if not request or request.get("status") != "pending":
        raise Conflict("There is no pending name change for this participant.")
    if not reason.strip():
        raise InvalidRequest("Give the reason for the decision; it is kept in the audit trail.")
    before = {k: getattr(profile, k) for k in NAME_FIELDS}
    if approve:
        old = legal_full_name(profile)
        former = [str(n) for n in profile.former_names or []]
        if old and old not in former:
            profile.former_names = [*former, old]  # type: ignore[list-item]  # PynamoDB types the items loosely
        for name in NAME_FIELDS:
            setattr(profile, name, request["requested"].get(name))
    profile.name_change_request = {**request, "status": "approved" if approve else "declined",
                                   "decided_by": staff.user_id, "decided_at": iso(clock.now()),
                                   "decision_reason": reason}
    on_name_change_queue(profile, None)
    profile.updated_at = iso(clock.now())
    after = {k: getattr(profile, k) for k in NAME_FIELDS}
    _save_with(profile, _audit(profile, staff, "name_change:approved" if approve else "name_change:declined",
                               reason=reason, before=before, after=after))
    return view(profile, audience="staff")


def pending_name_changes(limit: int = 100) -> list[PendingNameChange]:
    """The staff queue of name changes waiting for a decision, oldest first, with what staff decide on."""
    from chalicelib.store.profiles import pending_name_change_profiles

    return [{"registry_id": p.registry_id, "current": {k: getattr(p, k) for k in NAME_FIELDS},
             "requested": (p.name_change_request or {}).get("requested"),
             "reason": (p.name_change_request or {}).get("reason"),
             "requested_at": (p.name_change_request or {}).get("requested_at")}
            for p in pending_name_change_profiles(limit)]


def legal_full_name(profile: ProfileItem) -> str:
    return " ".join(p for p in (profile.legal_first_name, profile.legal_middle_name, profile.legal_last_name) if p)


def names_of(profile: ProfileItem, *, include_pending: bool) -> list[str]:
    """The names a document about this person may carry: legal, preferred, approved former names, and (for the
    participant's own hint only, never for verification) a name change they asked for that staff have not
    decided yet."""
    preferred = " ".join(p for p in (profile.preferred_name, profile.legal_last_name) if p)
    names = [legal_full_name(profile), preferred, *(str(n) for n in profile.former_names or [])]
    if include_pending:
        request = profile.name_change_request or {}
        requested = request.get("requested") or {}
        if request.get("status", "pending") == "pending":
            names.append(" ".join(str(requested.get(k) or "") for k in NAME_FIELDS).strip())
    return [n for n in names if n]


def staff_profile(registry_id: str) -> ProfileItem:
    from chalicelib.domain.registry_id import normalise

    canonical = normalise(registry_id)
    if canonical is None:
        raise InvalidRequest("That is not a valid Registry ID (format ECE-1234-5678-9; check the last digit).")
    profile = profile_by_registry_id(canonical)
    if profile is None:
        raise NotFound("No participant has that Registry ID.")
    return profile


def close(caller: Caller, profile: ProfileItem) -> ProfileClosed:
    """The profile's own part of closing it (services/records/closing.close_profile does the rest first): destroy
    its data key (sealed fields become unreadable for good), its sign-in and its personal data."""
    now = iso(clock.now())
    sealing.destroy_data_key(profile.registry_id)
    from chalicelib.services.accounts.people import remove_sign_in

    remove_sign_in(caller.user_id)  # the email leaves the user pool; the person can no longer sign in
    for name in (*NAME_FIELDS, *OPEN_FIELDS, "name_change_request", "former_names", "reminders_off", "gsi2pk", "gsi2sk",
                 *(f"{f}_sealed" for f in SEALED_FIELDS)):
        setattr(profile, name, None)
    profile.status = "closed"
    profile.closed_at = now
    on_retention_list(profile, now)  # what stays of it is removed when the retention period ends
    profile.updated_at = now
    _save_with(profile, _audit(profile, caller, "profile:closed"))
    from chalicelib.services.events import publish

    publish("profile.closed", {"participant_id": profile.user_id, "registry_id": profile.registry_id,
                               "status": "closed"}, now)
    logger.info("profile closed; data key destroyed")
    return {"registry_id": profile.registry_id, "status": "closed", "closed_at": now}
