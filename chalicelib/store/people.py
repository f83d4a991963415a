"""Accounts, programs, directors and employment: the people the registry knows."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem


class AccountItem(RegistryItem, discriminator="account"):
    """pk=USER#{id} sk=ACCOUNT; gsi1: ACCOUNTS / {role}#{id} lists sign-in accounts (local sign-in page)."""

    user_id = UnicodeAttribute()
    roles = ListAttribute(of=UnicodeAttribute)
    display_name = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    # Set when mail to the person's address bounced for good or drew a complaint: {address_sha256, reason, at}.
    # Only a hash of the address is kept; a new address (changed in the user pool) lifts it.
    mail_suppression = JSONAttribute(null=True)

    @staticmethod
    def key(user_id: str) -> tuple[str, str]:
        return f"USER#{user_id}", "ACCOUNT"


def new_account(user_id: str, *, roles: list[str], display_name: str, email: str | None,
                created_at: str) -> AccountItem:
    """An account, on the list of accounts by its first role."""
    return AccountItem(*AccountItem.key(user_id), user_id=user_id, roles=roles, display_name=display_name,
                       email=email, created_at=created_at, gsi1pk="ACCOUNTS", gsi1sk=f"{roles[0]}#{user_id}")


class ProgramItem(RegistryItem, discriminator="program"):
    """pk=PROGRAM#{id} sk=PROGRAM."""

    program_id = UnicodeAttribute()
    name = UnicodeAttribute()
    license_number = UnicodeAttribute(null=True)
    program_type = UnicodeAttribute()  # center | family_child_care_home
    address = JSONAttribute(null=True)
    created_at = UnicodeAttribute()

    @staticmethod
    def key(program_id: str) -> tuple[str, str]:
        return f"PROGRAM#{program_id}", "PROGRAM"


def new_program(program_id: str, *, name: str, license_number: str | None, program_type: str,
                address: dict[str, Any] | None, created_at: str) -> ProgramItem:
    """A program, on the list of programs by name."""
    return ProgramItem(*ProgramItem.key(program_id), program_id=program_id, name=name, license_number=license_number,
                       program_type=program_type, address=address, created_at=created_at, gsi1pk="PROGRAMS",
                       gsi1sk=f"{name.lower()}#{program_id}")


class DirectorItem(RegistryItem, discriminator="director"):
    """pk=PROGRAM#{id} sk=DIRECTOR#{user}; gsi1: USER#{user} / DIRECTS#{program} (programs a user directs)."""

    program_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    status = UnicodeAttribute()  # requested | approved | revoked
    approved_by = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()

    @staticmethod
    def key(program_id: str, user_id: str) -> tuple[str, str]:
        return f"PROGRAM#{program_id}", f"DIRECTOR#{user_id}"


def director_request(program_id: str, user_id: str, at: str) -> DirectorItem:
    """A person's request to direct a program, on their list of programs too, and on staff's list of requests
    waiting for a decision (gsi2, oldest first) until it is decided."""
    return DirectorItem(*DirectorItem.key(program_id, user_id), program_id=program_id, user_id=user_id,
                        status="requested", created_at=at, gsi1pk=f"USER#{user_id}", gsi1sk=f"DIRECTS#{program_id}",
                        gsi2pk=DIRECTOR_REQUESTS_WAITING, gsi2sk=f"{at}#{program_id}#{user_id}")


DIRECTOR_REQUESTS_WAITING = "DIRECTOR-REQUESTS#requested"


def decided(item: DirectorItem) -> None:
    """Off the waiting list once staff decide."""
    item.gsi2pk = None
    item.gsi2sk = None


class EmploymentItem(RegistryItem, discriminator="employment"):
    """pk=PERSON#{user} sk=EMPLOYMENT#{id}; gsi1: PROGRAM#{program} / STAFF#{status}#{user}."""

    employment_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    program_id = UnicodeAttribute(null=True)  # None: an employer outside the registry (employer_name)
    employer_name = UnicodeAttribute(null=True)
    role = UnicodeAttribute()
    start_date = UnicodeAttribute()
    end_date = UnicodeAttribute(null=True)
    hours_per_week = NumberAttribute(null=True)
    hourly_wage = NumberAttribute(null=True)  # what the person reports; used only in anonymous workforce counts
    age_groups = ListAttribute(of=UnicodeAttribute, null=True)
    status = UnicodeAttribute()  # pending | confirmed | declined | self_reported (employer not in the registry)
    confirmed_by = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()

    def index(self) -> None:
        """On its program's staff list by status (an employer outside the registry has none)."""
        if self.program_id:
            self.gsi1pk, self.gsi1sk = f"PROGRAM#{self.program_id}", f"STAFF#{self.status}#{self.user_id}"


class PartnerClientItem(RegistryItem, discriminator="partner_client"):
    """pk=PARTNER#{client_id} sk=CLIENT."""

    client_id = UnicodeAttribute()
    name = UnicodeAttribute()
    user_id = UnicodeAttribute()
    scopes = ListAttribute(of=UnicodeAttribute)
    # During a secret rotation: which of Cognito's two secrets to delete, and when (gsi1: PARTNER_ROTATIONS).
    rotation = JSONAttribute(null=True)
    created_at = UnicodeAttribute()

    @staticmethod
    def key(client_id: str) -> tuple[str, str]:
        return f"PARTNER#{client_id}", "CLIENT"

    def retire_at(self, at: str | None, secret_id: str | None = None) -> None:
        """On the list of rotations whose old secret is deleted at `at`, or off it (None)."""
        if at is None:
            self.rotation = self.gsi1pk = self.gsi1sk = None
        else:
            self.rotation = {"retire_id": secret_id, "retire_at": at}
            self.gsi1pk, self.gsi1sk = "PARTNER_ROTATIONS", f"{at}#{self.client_id}"


def new_partner_client(client_id: str, *, name: str, scopes: list[str], created_at: str) -> PartnerClientItem:
    """A partner's client; the partner acts as its client id, so its scopes are found by that user id."""
    return PartnerClientItem(*PartnerClientItem.key(client_id), client_id=client_id, name=name, user_id=client_id,
                             scopes=scopes, created_at=created_at, gsi2pk=f"PARTNER_USER#{client_id}",
                             gsi2sk=client_id)


def partner_client(client_id: str) -> PartnerClientItem | None:
    try:
        item = PartnerClientItem.get(*PartnerClientItem.key(client_id), consistent_read=True)
    except DoesNotExist:
        return None
    return item if isinstance(item, PartnerClientItem) else None


def partner_clients(limit: int) -> list[PartnerClientItem]:
    """Partner clients by name: their accounts are on the accounts list by role (gsi1 ACCOUNTS partner#...)."""
    accounts = RegistryItem.gsi1.query("ACCOUNTS", RegistryItem.gsi1sk.startswith("partner#"), limit=limit)
    clients = [partner_client(a.user_id) for a in accounts if isinstance(a, AccountItem)]
    return sorted((c for c in clients if c is not None), key=lambda c: str(c.name).lower())


def rotations() -> list[PartnerClientItem]:
    """Partner clients in a secret rotation's overlap, the earliest to end first."""
    return [i for i in RegistryItem.gsi1.query("PARTNER_ROTATIONS") if isinstance(i, PartnerClientItem)]


def partner_scopes(partner_user_id: str) -> set[str]:
    """What a partner may see (`all`, `program:{id}`, `participant:{id}`), from its clients."""
    scopes: set[str] = set()
    for client_item in RegistryItem.gsi2.query(f"PARTNER_USER#{partner_user_id}"):
        if isinstance(client_item, PartnerClientItem):
            scopes.update(str(s) for s in client_item.scopes)
    return scopes


def get_account(user_id: str) -> AccountItem | None:
    try:
        return AccountItem.get(*AccountItem.key(user_id))
    except DoesNotExist:
        return None


def list_accounts() -> list[AccountItem]:
    return [i for i in RegistryItem.gsi1.query("ACCOUNTS") if isinstance(i, AccountItem)]


def programs_directed_by(user_id: str) -> list[str]:
    return [i.program_id for i in RegistryItem.gsi1.query(f"USER#{user_id}", RegistryItem.gsi1sk.startswith("DIRECTS#"))
            if isinstance(i, DirectorItem) and i.status == "approved"]


def approved_directors(program_id: str) -> list[str]:
    return [i.user_id for i in RegistryItem.query(f"PROGRAM#{program_id}", RegistryItem.sk.startswith("DIRECTOR#"))
            if isinstance(i, DirectorItem) and i.status == "approved"]


def new_position(user_id: str, employment_id: str, *, program_id: str | None, status: str,
                 **fields: Any) -> EmploymentItem:
    """A position in a person's history; one at a registry program is on that program's staff index too."""
    item = EmploymentItem(pk=f"PERSON#{user_id}", sk=f"EMPLOYMENT#{employment_id}", employment_id=employment_id,
                          user_id=user_id, program_id=program_id, status=status, **fields)
    item.index()
    return item


class EmploymentTable:
    """Positions and programs behind the unit of work."""

    def program(self, program_id: str) -> ProgramItem | None:
        try:
            return ProgramItem.get(*ProgramItem.key(program_id))
        except DoesNotExist:
            return None

    def positions_of(self, user_id: str) -> list[EmploymentItem]:
        return list(EmploymentItem.query(f"PERSON#{user_id}", EmploymentItem.sk.startswith("EMPLOYMENT#")))

    def position(self, user_id: str, employment_id: str) -> EmploymentItem | None:
        try:
            return EmploymentItem.get(f"PERSON#{user_id}", f"EMPLOYMENT#{employment_id}")
        except DoesNotExist:
            return None

    def at_program(self, program_id: str) -> list[EmploymentItem]:
        """Every position at a program, whatever its status."""
        return [i for i in RegistryItem.gsi1.query(f"PROGRAM#{program_id}", RegistryItem.gsi1sk.startswith("STAFF#"))
                if isinstance(i, EmploymentItem)]

    def programs_directed_by(self, user_id: str) -> list[str]:
        return programs_directed_by(user_id)

    def programs(self) -> list[ProgramItem]:
        """Every program, by name."""
        return [p for p in RegistryItem.gsi1.query("PROGRAMS") if isinstance(p, ProgramItem)]

    def programs_named(self, prefix: str, limit: int) -> list[ProgramItem]:
        """Programs whose name starts with `prefix` (any case), by name: one Query however many programs there are."""
        # DynamoDB refuses an empty begins_with: no prefix is the first page by name.
        condition = RegistryItem.gsi1sk.startswith(prefix.lower()) if prefix else None
        named = RegistryItem.gsi1.query("PROGRAMS", condition, limit=limit)
        return [p for p in named if isinstance(p, ProgramItem)]

    def waiting_director_requests(self, limit: int) -> list[DirectorItem]:
        """Requests to direct a program that wait for staff, oldest first."""
        return [i for i in RegistryItem.gsi2.query(DIRECTOR_REQUESTS_WAITING, limit=limit)
                if isinstance(i, DirectorItem)]

    def director(self, program_id: str, user_id: str) -> DirectorItem | None:
        """A person's request to direct a program, whatever its status."""
        try:
            item = DirectorItem.get(*DirectorItem.key(program_id, user_id), consistent_read=True)
        except DoesNotExist:
            return None
        return item if isinstance(item, DirectorItem) else None


def confirmed_positions(program_id: str, attributes: list[str] | None = None) -> list[EmploymentItem]:
    """Every confirmed position at a program, past and current (gsi1 STAFF#confirmed#), reading `attributes`."""
    return [i for i in RegistryItem.gsi1.query(f"PROGRAM#{program_id}", RegistryItem.gsi1sk.startswith(
        "STAFF#confirmed#"), attributes_to_get=attributes) if isinstance(i, EmploymentItem)]


class InvitationItem(RegistryItem, discriminator="invitation"):
    """pk=PROGRAM#{id} sk=INVITE#{sha256 of the address}: the last invitation a program sent to an address
    (the address itself is not kept: it is in the message queued for the mail sender only)."""

    invitation_id = UnicodeAttribute()
    program_id = UnicodeAttribute()
    invited_by = UnicodeAttribute()
    sent_at = UnicodeAttribute()


def new_invitation(program_id: str, address_sha256: str, *, invitation_id: str, invited_by: str,
                   sent_at: str) -> InvitationItem:
    return InvitationItem(f"PROGRAM#{program_id}", f"INVITE#{address_sha256}", invitation_id=invitation_id,
                          program_id=program_id, invited_by=invited_by, sent_at=sent_at)


class DailyQuotaItem(RegistryItem, discriminator="daily_quota"):
    """pk=USER#{id} sk=QUOTA#{what}#{yyyy-mm-dd}: how many of something a person did that day (an atomic counter
    with a conditional ceiling)."""

    used = NumberAttribute()


def quota_used(user_id: str, what: str, day: str) -> int:
    """How many `what` were counted for the user on `day` (0 when none)."""
    try:
        return int(DailyQuotaItem.get(f"USER#{user_id}", f"QUOTA#{what}#{day}").used)
    except DoesNotExist:
        return 0


def take_quota(user_id: str, what: str, day: str, ceiling: int) -> bool:
    """Count one more `what` for the user on `day`; False (and nothing counted) once `ceiling` is reached."""
    from pynamodb.exceptions import UpdateError

    item = DailyQuotaItem(f"USER#{user_id}", f"QUOTA#{what}#{day}")
    try:
        item.update(actions=[DailyQuotaItem.used.add(1), DailyQuotaItem.entity.set(DailyQuotaItem)],
                    condition=DailyQuotaItem.used.does_not_exist() | (DailyQuotaItem.used < ceiling))
    except UpdateError:
        return False
    return True


def last_invitation(program_id: str, address_sha256: str) -> InvitationItem | None:
    try:
        return InvitationItem.get(f"PROGRAM#{program_id}", f"INVITE#{address_sha256}")
    except DoesNotExist:
        return None
