"""Demo data for `make run`: one program, its director, three staff, a verifier, a partner, an admin."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.security.identity import Role
from chalicelib.store.base import iso, utcnow
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


def load_demo_data() -> None:
    """Idempotent: re-running overwrites the same items."""
    now = iso(utcnow())
    for user in DEMO_USERS:
        AccountItem(*AccountItem.key(user.user_id), user_id=user.user_id, roles=[user.role.value],
                    display_name=user.display_name, email=user.email, created_at=now,
                    gsi1pk="ACCOUNTS", gsi1sk=f"{user.role.value}#{user.user_id}").save()
    ProgramItem(*ProgramItem.key(DEMO_PROGRAM_ID), program_id=DEMO_PROGRAM_ID, name="Sunshine Early Learning Center",
                license_number="197412345", program_type="center",
                address={"line1": "100 Main St", "city": "Sacramento", "state": "CA", "postal_code": "95814"},
                created_at=now, gsi1pk="PROGRAMS", gsi1sk=f"sunshine early learning center#{DEMO_PROGRAM_ID}").save()
    ProgramItem(*ProgramItem.key("prog-maple"), program_id="prog-maple", name="Maple Family Child Care",
                license_number="344455667", program_type="family_child_care_home",
                address={"line1": "8 Maple Ct", "city": "Fresno", "state": "CA", "postal_code": "93650"},
                created_at=now, gsi1pk="PROGRAMS", gsi1sk="maple family child care#prog-maple").save()
    DirectorItem(pk=f"PROGRAM#{DEMO_PROGRAM_ID}", sk="DIRECTOR#u-director-dana", program_id=DEMO_PROGRAM_ID,
                 user_id="u-director-dana", status="approved", approved_by="u-admin-alex", created_at=now,
                 gsi1pk="USER#u-director-dana", gsi1sk=f"DIRECTS#{DEMO_PROGRAM_ID}").save()
    for n, user in enumerate(u for u in DEMO_USERS if u.role == Role.PARTICIPANT):
        employment_id = f"emp-demo-{n + 1}"
        EmploymentItem(pk=f"PERSON#{user.user_id}", sk=f"EMPLOYMENT#{employment_id}", employment_id=employment_id,
                       user_id=user.user_id, program_id=DEMO_PROGRAM_ID,
                       role=["Teacher", "Assistant Teacher", "Associate Teacher"][n], start_date=f"202{n}-08-15",
                       hours_per_week=40, age_groups=["preschool"], status="confirmed",
                       confirmed_by="u-director-dana", created_at=now,
                       gsi1pk=f"PROGRAM#{DEMO_PROGRAM_ID}", gsi1sk=f"STAFF#confirmed#{user.user_id}").save()
    _enroll_demo_participants()
    PartnerClientItem(pk="PARTNER#client-quality-counts", sk="CLIENT", client_id="client-quality-counts",
                      name="Quality Counts California (demo)", user_id="u-partner-quality",
                      scopes=[f"program:{DEMO_PROGRAM_ID}"], created_at=now,
                      gsi2pk="PARTNER_USER#u-partner-quality", gsi2sk="client-quality-counts").save()


def _enroll_demo_participants() -> None:
    from chalicelib.security.identity import Caller
    from chalicelib.services.profiles import Enrollment, enroll
    from chalicelib.store.profiles import get_profile

    for user in (u for u in DEMO_USERS if u.role == Role.PARTICIPANT):
        if get_profile(user.user_id) is not None:
            continue
        first, last = user.display_name.split(" ", 1)
        enroll(Caller(user_id=user.user_id, roles=frozenset({Role.PARTICIPANT})),
               Enrollment(names={"legal_first_name": first, "legal_last_name": last},
                          open_fields={"email": user.email, "preferred_language": "en", "home_county": "Sacramento"},
                          sealed={}))
