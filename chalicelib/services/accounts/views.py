"""What the accounts package answers, typed (see services/training/views.py for why TypedDicts): who is signed in
and the roles an administrator gives, programs and who directs them, the help desk, reminder settings, what the
mail handler did, a participant's profile and name changes, and employment history and a program's staff.

Names differ from the request models in api/models.py (Position, NewProgram, Invitation, ReminderSettings...) and
from other packages' views: the OpenAPI document names each schema by its class and stops on two of one name.

JSON the store keeps as a request model validated it (an address, demographics, schooling, a name change) is read
back as that model's view through services/views.stored_as, the one place such JSON becomes a view, and a
position's fields through position_fields. What is left as any JSON is the queue's: the mail handler reads each
message as the JSON the queue delivered (services/accounts/notifications.py), as a Mapping; and what a profile or
position change carries, by field name, as the request model validated and dumped it (a Mapping).
"""

from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypedDict, cast

# ---------------------------------------------------------------- sign-in and roles


class SignedIn(TypedDict):
    """Who is signed in; the programs a director directs only for a director."""
    user_id: str
    roles: list[str]
    display_name: str | None
    programs: NotRequired[list[str]]


class UserInvited(TypedDict):
    user_id: str
    role: str
    status: Literal["invited"]


class SignInCodeSent(TypedDict):
    status: Literal["code_sent"]
    detail: str


class SignInEmailChanged(TypedDict):
    status: Literal["changed"]


class AccountHolder(TypedDict):
    """Someone who signs in, as an administrator sees them: the roles they may be given, and whether they
    finished signing up (the user pool's status)."""
    user_id: str | None
    email: str | None
    display_name: str
    roles: list[str]
    status: str


class RolesChanged(AccountHolder):
    changed: bool


# ---------------------------------------------------------------- programs


class PostalAddress(TypedDict):
    """A person's home or a program's address, as api/models.Address validated it."""
    line1: str
    line2: NotRequired[str | None]
    city: str
    county: NotRequired[str | None]
    state: str
    postal_code: str


class ProgramView(TypedDict):
    program_id: str
    name: str
    license_number: str | None
    program_type: str
    address: PostalAddress | None


class DirectorAccessAsked(TypedDict):
    program_id: str
    status: Literal["requested"]


class DirectorAccessDecided(TypedDict):
    program_id: str
    user_id: str
    status: str  # approved | revoked


class DirectorRequestLine(TypedDict):
    program_id: str
    program_name: str | None
    license_number: str | None
    user_id: str
    name: str | None
    registry_id: str | None
    requested_at: str


class InvitationSent(TypedDict):
    invitation_id: str
    status: Literal["sent", "already_sent"]
    sent_at: NotRequired[str]  # only when one was already sent today


# ---------------------------------------------------------------- help desk


class HelpDeskInformation(TypedDict):
    topics: list[str]
    max_message: int
    max_name: int
    per_address_per_day: int
    postal_address: list[str]
    email: str


class HelpSender(TypedDict):
    email: str | None
    name: str | None


class HelpMessageReceived(TypedDict):
    request_id: str
    reference: str
    status: str
    created_at: str


class HelpMessageOpened(TypedDict):
    """A message's sealed parts, opened (None each once its key is gone)."""
    name: str | None
    email: str | None
    message: str | None
    answer: str | None


class HelpMessageView(HelpMessageOpened):
    request_id: str
    reference: str
    topic: str
    language: str
    user_id: str | None
    status: str
    created_at: str
    age_hours: float
    answered_by: str | None
    answered_at: str | None
    version: int | None


class HelpQueue(TypedDict):
    # Not Items[HelpMessageView] with one more key: a subclass of a parametrised generic TypedDict loses its
    # parameter in pydantic's schema.
    status: str
    items: list[HelpMessageView]


class HelpEmail(TypedDict):
    """What an acknowledgement or answer email says, and to whom."""
    to: str
    language: str
    user_id: str  # "" for someone who was not signed in
    name: str
    reference: str
    answer: str
    topic: str


# ---------------------------------------------------------------- reminders


class ReminderChoices(TypedDict):
    """Which optional reminders the person hears (true) and which they turned off; the mandatory ones always go."""
    optional: dict[str, bool]
    mandatory: list[str]


class ReminderTurnedOff(ReminderChoices):
    reminder: str
    on: bool


# ---------------------------------------------------------------- mail


class MailOutcome(TypedDict):
    sent: bool
    why: NotRequired[str]  # only when nothing was sent


class OutboxMessage(TypedDict):
    """A message the local stack kept instead of (beside) sending it."""
    id: str
    at: str
    to: str
    subject: str
    body: str
    user_id: str | None
    document_id: str | None
    language: str | None
    attachments: list[str]


class MailedEvent(TypedDict):
    """What a training email needs of its event (an older message's event read back from the table)."""
    event_id: str
    title: str | None
    sponsor: str | None
    place: str | None
    starts_at: str | None
    ends_at: str | None
    hours: float | None
    competency_area: str | None


# ---------------------------------------------------------------- profiles


class ProfileDemographics(TypedDict, total=False):
    """Codes of chalicelib/domain/code_lists.py, as api/models.Demographics validated them."""
    gender: str | None
    race_ethnicity: list[str] | None
    hispanic_latino: str | None
    primary_language: str | None
    other_languages: list[str] | None
    birth_year_range: str | None


class SchoolingReported(TypedDict):
    """As api/models.SelfReportedEducation validated it: shown as self-reported, never counted."""
    level: str
    field_of_study: NotRequired[str | None]
    institution: NotRequired[str | None]
    year: NotRequired[int | None]
    ece_units: NotRequired[float | None]


class NameChangeRequest(TypedDict):
    """A name change as the participant asked for it and, once decided, staff's decision."""
    requested: dict[str, str | None]  # legal_first_name, legal_middle_name, legal_last_name
    reason: str
    requested_at: str
    status: str  # pending | approved | declined
    decided_by: NotRequired[str]
    decided_at: NotRequired[str]
    decision_reason: NotRequired[str]


class PersonalFields(TypedDict):
    """The sealed fields, opened (None each once the data key is gone); the SSN masked in a view."""
    ssn: str | None
    birth_date: str | None
    home_address: PostalAddress | None
    phone: str | None


class ProfileView(TypedDict):
    """A profile; the personal fields only for its owner and staff, and only while it is active."""
    registry_id: str
    status: str
    legal_first_name: str | None
    legal_middle_name: str | None
    legal_last_name: str | None
    email: str | None
    preferred_name: str | None
    preferred_language: str | None
    home_county: str | None
    began_ece_year: int | None
    demographics: ProfileDemographics | None
    self_reported_education: list[SchoolingReported] | None
    name_change_request: NameChangeRequest | None
    created_at: str
    updated_at: str
    version: int | None
    ssn: NotRequired[str | None]
    birth_date: NotRequired[str | None]
    home_address: NotRequired[PostalAddress | None]
    phone: NotRequired[str | None]


class PendingNameChange(TypedDict):
    registry_id: str
    current: dict[str, str | None]
    requested: dict[str, str | None] | None
    reason: str | None
    requested_at: str | None


class ProfileClosed(TypedDict):
    registry_id: str
    status: Literal["closed"]
    closed_at: str


# ---------------------------------------------------------------- employment


class PositionFields(TypedDict, total=False):
    """What a position says, as its audit trail keeps it (the fields that are set)."""
    role: str
    start_date: str
    end_date: str
    hours_per_week: float
    hourly_wage: float
    age_groups: list[str]
    employer_name: str


def position_fields(stored: Mapping[str, Any]) -> PositionFields:
    """A position's fields of these values, those that are set (api/models.Position validated them)."""
    return cast(PositionFields, {k: v for k, v in stored.items() if k in PositionFields.__annotations__
                                 and v is not None})


class PositionView(TypedDict):
    employment_id: str
    program_id: str | None
    program_name: str | None
    employer_name: str | None
    role: str
    start_date: str
    end_date: str | None
    hours_per_week: float | None
    age_groups: list[str]
    status: str  # pending | confirmed | declined | self_reported
    confirmed_by: str | None


class PermitHeld(TypedDict):
    title: str
    expires_on: str | None
    status: str  # domain/credentials.expiry_status


class StaffMember(TypedDict):
    """A position at a program, with what its director needs of the person."""
    employment_id: str
    user_id: str
    role: str
    start_date: str
    end_date: str | None
    status: str
    name: str | None
    registry_id: str | None
    permits: list[PermitHeld]
    verified_records: int
    documents_waiting: int
