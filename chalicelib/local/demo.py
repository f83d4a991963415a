"""Demo data for `make run`: one program, its director, three staff, a verifier, a partner, an admin.

On the local stack each demo person is a user in moto's Cognito (password DEMO_PASSWORD, their groups) and
their registry id is the `sub` Cognito gave them, as for anyone who signs up; the demo partner is an app client
with client credentials. In-process tests load the same registry data under fixed ids without the user pool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib import clock
from chalicelib.security.identity import Role
from chalicelib.store.base import iso
from chalicelib.store.people import AccountItem, DirectorItem, EmploymentItem, PartnerClientItem, ProgramItem

DEMO_PROGRAM_ID = "prog-sunshine"


@dataclass(frozen=True, slots=True)
class DemoUser:
    user_id: str
    role: Role
    display_name: str
    email: str


DEMO_USERS = (
    DemoUser("u-participant-ana", Role.PARTICIPANT, "Ana Reyes", "ana.reyes@example.org"),
    DemoUser("u-participant-ben", Role.PARTICIPANT, "Ben Okafor", "ben.okafor@example.org"),
    DemoUser("u-participant-chloe", Role.PARTICIPANT, "Chloe Tran", "chloe.tran@example.org"),
    DemoUser("u-staff-sam", Role.STAFF, "Sam Verifier", "sam.verifier@ece-registry.example.org"),
    DemoUser("u-director-dana", Role.DIRECTOR, "Dana Director", "dana@sunshine-ece.example.org"),
    DemoUser("u-partner-quality", Role.PARTNER, "Quality Counts Partner", "api@qualitycounts.example.org"),
    DemoUser("u-admin-alex", Role.ADMIN, "Alex Admin", "alex.admin@ece-registry.example.org"),
)

# The role each user shows up as in .local/stack.json.
PRIMARY = {Role.PARTICIPANT: "u-participant-ana", Role.STAFF: "u-staff-sam", Role.DIRECTOR: "u-director-dana",
           Role.PARTNER: "u-partner-quality", Role.ADMIN: "u-admin-alex"}


DEMO_PASSWORD = "registry-demo-2026"  # noqa: S105 - the local demo's published password
DEMO_PARTNER_NAME = "Quality Counts California (demo)"


def _sign_in_user(user: DemoUser) -> str:
    """The demo person as a Cognito user (found or created); returns their sub."""
    from chalicelib.aws.clients import client
    from chalicelib.config import get_settings

    idp = client("cognito-idp")
    pool = get_settings().user_pool_id
    try:
        found = idp.admin_get_user(UserPoolId=pool, Username=user.email)
    except idp.exceptions.UserNotFoundException:
        found = idp.admin_create_user(UserPoolId=pool, Username=user.email, MessageAction="SUPPRESS",
                                      UserAttributes=[{"Name": "email", "Value": user.email},
                                                      {"Name": "email_verified", "Value": "true"}])["User"]
        idp.admin_set_user_password(UserPoolId=pool, Username=user.email, Password=DEMO_PASSWORD, Permanent=True)
        idp.admin_add_user_to_group(UserPoolId=pool, Username=user.email, GroupName=user.role.value)
    attributes = found.get("UserAttributes") or found.get("Attributes") or []
    return next(a["Value"] for a in attributes if a["Name"] == "sub")


def _partner_client() -> dict[str, Any]:
    from chalicelib.aws.clients import client
    from chalicelib.config import get_settings
    from chalicelib.security.identity import PARTNER_SCOPE

    idp = client("cognito-idp")
    pool = get_settings().user_pool_id
    clients = idp.list_user_pool_clients(UserPoolId=pool, MaxResults=60)["UserPoolClients"]
    client_id = next((c["ClientId"] for c in clients if c["ClientName"] == DEMO_PARTNER_NAME), None)
    if client_id is None:
        client_id = idp.create_user_pool_client(
            UserPoolId=pool, ClientName=DEMO_PARTNER_NAME, GenerateSecret=True,
            AllowedOAuthFlows=["client_credentials"], AllowedOAuthScopes=[PARTNER_SCOPE],
            AllowedOAuthFlowsUserPoolClient=True)["UserPoolClient"]["ClientId"]
    described = idp.describe_user_pool_client(UserPoolId=pool, ClientId=client_id)["UserPoolClient"]
    return {"client_id": client_id, "client_secret": described["ClientSecret"]}


def demo_ids(*, with_sign_in: bool) -> dict[str, str]:
    if not with_sign_in:
        return {u.user_id: u.user_id for u in DEMO_USERS if u.role != Role.PARTNER}
    # The demo partner signs in as a system (client credentials), not as a person.
    return {u.user_id: _sign_in_user(u) for u in DEMO_USERS if u.role != Role.PARTNER}


def load_demo_data(*, with_sign_in: bool = False) -> dict[str, Any]:
    """Idempotent: re-running overwrites the same items. Returns each demo user's registry id (by their
    fixed demo name) and the demo partner's client credentials."""
    now = iso(clock.now())
    ids = demo_ids(with_sign_in=with_sign_in)
    partner = _partner_client() if with_sign_in else {"client_id": "client-quality-counts", "client_secret": None}
    partner_user = partner["client_id"] if with_sign_in else "u-partner-quality"
    ids["u-partner-quality"] = partner_user
    for user in DEMO_USERS:
        user_id = ids[user.user_id]
        AccountItem(*AccountItem.key(user_id), user_id=user_id, roles=[user.role.value],
                    display_name=user.display_name, email=user.email, created_at=now,
                    gsi1pk="ACCOUNTS", gsi1sk=f"{user.role.value}#{user_id}").save()
    ProgramItem(*ProgramItem.key(DEMO_PROGRAM_ID), program_id=DEMO_PROGRAM_ID, name="Sunshine Early Learning Center",
                license_number="197412345", program_type="center",
                address={"line1": "100 Main St", "city": "Sacramento", "county": "Sacramento", "state": "CA",
                         "postal_code": "95814"},
                created_at=now, gsi1pk="PROGRAMS", gsi1sk=f"sunshine early learning center#{DEMO_PROGRAM_ID}").save()
    ProgramItem(*ProgramItem.key("prog-maple"), program_id="prog-maple", name="Maple Family Child Care",
                license_number="344455667", program_type="family_child_care_home",
                address={"line1": "8 Maple Ct", "city": "Fresno", "county": "Fresno", "state": "CA",
                         "postal_code": "93650"},
                created_at=now, gsi1pk="PROGRAMS", gsi1sk="maple family child care#prog-maple").save()
    dana = ids["u-director-dana"]
    DirectorItem(pk=f"PROGRAM#{DEMO_PROGRAM_ID}", sk=f"DIRECTOR#{dana}", program_id=DEMO_PROGRAM_ID,
                 user_id=dana, status="approved", approved_by=ids["u-admin-alex"], created_at=now,
                 gsi1pk=f"USER#{dana}", gsi1sk=f"DIRECTS#{DEMO_PROGRAM_ID}").save()
    for n, user in enumerate(u for u in DEMO_USERS if u.role == Role.PARTICIPANT):
        employment_id = f"emp-demo-{n + 1}"
        user_id = ids[user.user_id]
        EmploymentItem(pk=f"PERSON#{user_id}", sk=f"EMPLOYMENT#{employment_id}", employment_id=employment_id,
                       user_id=user_id, program_id=DEMO_PROGRAM_ID,
                       role=["Teacher", "Assistant Teacher", "Associate Teacher"][n], start_date=f"202{n}-08-15",
                       hours_per_week=40, age_groups=["preschool"], status="confirmed",
                       confirmed_by=dana, created_at=now,
                       gsi1pk=f"PROGRAM#{DEMO_PROGRAM_ID}", gsi1sk=f"STAFF#confirmed#{user_id}").save()
    _enroll_demo_participants(ids)
    _demo_stipend(ids["u-staff-sam"], now)
    PartnerClientItem(pk=f"PARTNER#{partner['client_id']}", sk="CLIENT", client_id=partner["client_id"],
                      name=DEMO_PARTNER_NAME, user_id=partner_user, scopes=[f"program:{DEMO_PROGRAM_ID}"],
                      created_at=now, gsi2pk=f"PARTNER_USER#{partner_user}", gsi2sk=partner["client_id"]).save()
    return {"ids": ids, "partner": partner}


DEMO_STIPEND_ID = "stipend-sacramento-2026"


def _demo_stipend(created_by: str, now: str) -> None:
    """A county retention stipend with the kinds of rules counties use, open for two months from today."""
    from datetime import timedelta

    from chalicelib.store.stipends import new_program

    new_program(DEMO_STIPEND_ID, name="Sacramento County ECE Retention Stipend 2026", county="Sacramento",
                amount=1500, period_start="2026-01-01", period_end="2026-12-31",
                closes_on=(clock.today() + timedelta(days=60)).isoformat(),
                rules=[{"kind": "position", "min_hours_per_week": 20, "counties": ["Sacramento"]},
                       {"kind": "units_in_period", "min_units": 3, "ece_only": True}],
                tax_id_required="yes", created_by=created_by, created_at=now).save()


def _enroll_demo_participants(ids: dict[str, str]) -> None:
    from chalicelib.security.identity import Caller
    from chalicelib.services.accounts.profiles import Enrollment, enroll
    from chalicelib.store.profiles import get_profile

    for user in (u for u in DEMO_USERS if u.role == Role.PARTICIPANT):
        if get_profile(ids[user.user_id]) is not None:
            continue
        first, last = user.display_name.split(" ", 1)
        enroll(Caller(user_id=ids[user.user_id], roles=frozenset({Role.PARTICIPANT})),
               Enrollment(names={"legal_first_name": first, "legal_last_name": last},
                          open_fields={"email": user.email, "preferred_language": "en", "home_county": "Sacramento"},
                          sealed={}))
