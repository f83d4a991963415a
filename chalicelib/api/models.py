"""Request bodies. Unknown fields are refused (no mass assignment)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from chalicelib.domain.wording import Refusal

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(value: Any, where: str = "") -> None:
    if isinstance(value, str) and _CONTROL.search(value):
        raise Refusal("{where} contains control characters; send plain text", where=where or "a value")
    if isinstance(value, dict):
        for key, inner in value.items():
            _no_control_characters(inner, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            _no_control_characters(inner, f"{where}[{n}]")


class Strict(BaseModel):
    """Unknown fields are refused, and no text anywhere in a body may carry control characters (they break
    every document the registry writes from it: Word, PDF, XLSX)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: Any) -> Any:
        _no_control_characters(data)
        return data


class DeclaredPermit(Strict):
    permit_title: ShortText | None = None
    document_number: Annotated[str, StringConstraints(max_length=40)] | None = None
    issued_on: date | None = None
    expires_on: date | None = None


class DeclaredCda(Strict):
    credential_id: Annotated[str, StringConstraints(max_length=40)] | None = None
    setting: Literal["Preschool", "Infant-Toddler", "Family Child Care", "Home Visitor"] | None = None
    issued_on: date | None = None
    expires_on: date | None = None


class StartUpload(Strict):
    doc_type: str | None = Field(default=None, max_length=40, description="What the participant says the document is")

    @field_validator("doc_type")
    @classmethod
    def _registered_type(cls, value: str | None) -> str | None:
        from chalicelib import doctypes

        if value is not None and doctypes.get(value) is None:
            raise Refusal("unknown document type; use one of: {types}", types=", ".join(doctypes.names()))
        return value
    file_name: ShortText
    content_type: Annotated[str, StringConstraints(max_length=100)]
    size: int = Field(gt=0, description="File size in bytes")
    participant_id: ShortText | None = Field(default=None, description="Staff only: upload on behalf of")
    participant_registry_id: ShortText | None = Field(default=None,
                                                      description="Staff only: upload on behalf of, by Registry ID")
    declared: dict[str, str | None] = Field(default_factory=dict)


class DecisionBody(Strict):
    decision: Literal["verify", "reject", "request_resubmission"]
    fields: dict[str, Any] | None = None
    reason: str | None = Field(default=None, max_length=2000)
    version: int | None = None
    # Staff confirm, with a reason kept in the audit, that a document whose name is not the profile's (or one of
    # its approved former names) is still this person's.
    name_mismatch_reason: str | None = Field(default=None, max_length=1000)


class DisputeBody(Strict):
    record_id: Annotated[str, StringConstraints(max_length=40)] | None = None
    document_id: Annotated[str, StringConstraints(max_length=40)] | None = None
    message: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    attachment_document_id: Annotated[str, StringConstraints(max_length=40)] | None = None


class DisputeAnswer(Strict):
    outcome: Literal["corrected", "retracted", "reopened", "dismissed"]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
    data: dict[str, Any] | None = None
    version: int | None = None


class RecordCorrection(Strict):
    action: Literal["amend", "retract"]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
    data: dict[str, Any] | None = None


class Address(Strict):
    line1: ShortText
    line2: ShortText | None = None
    city: ShortText
    county: ShortText | None = None
    state: Annotated[str, StringConstraints(min_length=2, max_length=2)]
    postal_code: Annotated[str, StringConstraints(pattern=r"^\d{5}(-\d{4})?$")]


def _coded(list_name: str, value: Any) -> Any:
    from chalicelib.domain.code_lists import problem

    for code in value if isinstance(value, list) else [value]:
        if code is not None and (why := problem(list_name, code)):
            raise Refusal(why.template, **why.values)
    return value


class Demographics(Strict):
    """NWRA core data elements as codes (chalicelib/domain/code_lists.py); each optional, each with
    'prefer_not_to_say'. GET /v1/code-lists names every code and its label."""

    gender: ShortText | None = None
    race_ethnicity: list[ShortText] | None = Field(default=None, max_length=7)
    hispanic_latino: ShortText | None = None
    primary_language: ShortText | None = None
    other_languages: list[ShortText] | None = Field(default=None, max_length=10)
    birth_year_range: ShortText | None = None

    @field_validator("hispanic_latino", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        return {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value

    @field_validator("gender", "race_ethnicity", "hispanic_latino", "primary_language", "other_languages",
                     "birth_year_range")
    @classmethod
    def _from_code_list(cls, value: Any, info: Any) -> Any:
        return _coded(info.field_name, value)


class SelfReportedEducation(Strict):
    """What a participant says about their schooling, shown as self-reported and never counted."""

    level: ShortText
    field_of_study: ShortText | None = None
    institution: ShortText | None = None
    year: Annotated[int, Field(ge=1940, le=2100)] | None = None
    ece_units: Annotated[float, Field(ge=0, le=400)] | None = None

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        return str(_coded("education_level", value))


class ProfileFields(Strict):
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)] | None = None
    preferred_name: ShortText | None = None
    preferred_language: Literal["en", "es", "zh", "vi", "tl", "ko", "other"] | None = None
    home_county: ShortText | None = None
    began_ece_year: Annotated[int, Field(ge=1950, le=2100)] | None = None
    demographics: Demographics | None = None
    self_reported_education: list[SelfReportedEducation] | None = Field(default=None, max_length=10)
    ssn: Annotated[str, StringConstraints(pattern=r"^\d{3}-?\d{2}-?\d{4}$")] | None = None
    birth_date: date | None = None
    home_address: Address | None = None
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9+()\-. ]{7,20}$")] | None = None


class Enroll(ProfileFields):
    legal_first_name: ShortText
    legal_middle_name: ShortText | None = None
    legal_last_name: ShortText


class ProfilePatch(ProfileFields):
    version: int | None = None


class StaffProfilePatch(ProfilePatch):
    legal_first_name: ShortText | None = None
    legal_middle_name: ShortText | None = None
    legal_last_name: ShortText | None = None


class NameChange(Strict):
    legal_first_name: ShortText
    legal_middle_name: ShortText | None = None
    legal_last_name: ShortText
    reason: Annotated[str, StringConstraints(min_length=3, max_length=500)]


class NameChangeDecision(Strict):
    approve: bool
    reason: Annotated[str, StringConstraints(min_length=3, max_length=500)]


AgeGroup = Literal["infant", "toddler", "preschool", "school_age"]


class Position(Strict):
    """At a program in the registry (its director confirms it), or at an employer that is not in it."""

    program_id: ShortText | None = None
    employer_name: ShortText | None = None
    role: ShortText
    start_date: date
    end_date: date | None = None
    hours_per_week: Annotated[float, Field(gt=0, le=80)] | None = None
    hourly_wage: Annotated[float, Field(gt=0, le=500)] | None = Field(
        default=None, description="Dollars an hour (for the anonymous workforce counts only)")
    age_groups: list[AgeGroup] | None = None

    @model_validator(mode="after")
    def _one_employer(self) -> Position:
        if (self.program_id is None) == (self.employer_name is None):
            raise ValueError("name either a program in the registry (program_id) or another employer "
                             "(employer_name), not both")
        return self


class PositionPatch(Strict):
    role: ShortText | None = None
    start_date: date | None = None
    end_date: date | None = None
    hours_per_week: Annotated[float, Field(gt=0, le=80)] | None = None
    hourly_wage: Annotated[float, Field(gt=0, le=500)] | None = None
    age_groups: list[AgeGroup] | None = None


class PositionDecision(Strict):
    decision: Literal["confirm", "decline"]


class ResumeRequest(Strict):
    summary: Annotated[str, StringConstraints(max_length=2000)] = ""
    employment_ids: list[ShortText] | None = None


class NewProgram(Strict):
    name: ShortText
    license_number: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z-]{4,20}$")]
    program_type: Literal["center", "family_child_care_home"]
    address: Address


class Invitation(Strict):
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
    name: ShortText | None = None


class NewEndpoint(Strict):
    url: Annotated[str, StringConstraints(max_length=2000)]
    event_types: list[str]
    description: Annotated[str, StringConstraints(max_length=200)] | None = None


class EndpointPatch(Strict):
    url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    event_types: list[str] | None = None
    description: Annotated[str, StringConstraints(max_length=200)] | None = None
    enabled: bool | None = None


class NewPartner(Strict):
    name: ShortText
    scopes: list[Annotated[str, StringConstraints(pattern=r"^(all|program:[\w-]+|participant:[\w-]+)$")]]
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)] | None = None


EmailAddress = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True,
                                                pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]


class NewUser(Strict):
    """A person an administrator signs up: everyone but participants, who sign up themselves."""

    email: EmailAddress
    role: Literal["staff", "director", "sponsor", "admin", "participant"]
    display_name: ShortText


class PersonLookup(Strict):
    """An administrator looks a person up by the address they sign in with (in the body: an address in a query
    string ends up in access logs)."""

    email: EmailAddress


class RoleChange(Strict):
    email: EmailAddress
    role: Literal["staff", "director", "sponsor", "admin", "participant"]
    grant: bool


class SignInEmailChange(Strict):
    email: EmailAddress


class SignInEmailCode(Strict):
    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{6}$")]


class SponsorApplication(Strict):
    name: ShortText


class SponsorDecision(Strict):
    decision: Literal["approve", "deny"]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None


class CatalogTraining(Strict):
    title: ShortText
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] | None = None
    hours: Annotated[float, Field(gt=0, le=200)]
    competency_area: str
    language: Literal["en", "es", "zh", "vi", "tl", "ko", "other"] = "en"
    delivery: Literal["in_person", "online", "hybrid"]
    cda_subject_area: Annotated[int, Field(ge=1, le=8)] | None = None

    @field_validator("competency_area")
    @classmethod
    def _known_area(cls, value: str) -> str:
        from chalicelib.doctypes.training_certificate import COMPETENCY_AREAS

        if value not in COMPETENCY_AREAS:
            raise Refusal("use one of the 12 California ECE competency areas: {areas}",
                          areas=", ".join(COMPETENCY_AREAS))
        return value


class ScheduleEvent(Strict):
    training_id: Annotated[str, StringConstraints(pattern=r"^tr_[0-9A-Z]{26}$")]
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    capacity: Annotated[int, Field(ge=1, le=1000)]
    county: ShortText
    place: ShortText
    funding_source: ShortText | None = None
    invite_only: bool = False
    withdraw_hours_before: Annotated[int, Field(ge=0, le=720)] = 24
    draft: bool = Field(default=False, description="Kept off the calendar until published")


class Enrol(Strict):
    invitation_code: Annotated[str, StringConstraints(max_length=64)] | None = None
    user_id: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = None  # a director's staff


class AttendanceMark(Strict):
    user_id: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    attended: bool


class Attendance(Strict):
    marks: Annotated[list[AttendanceMark], Field(min_length=1, max_length=1000)]


Rating = Annotated[int, Field(ge=1, le=5)]


class SurveyAnswer(Strict):
    useful: Rating
    presenter: Rating
    recommend: Rating
    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None


class UserRef(Strict):
    user_id: Annotated[str, StringConstraints(min_length=1, max_length=80)]


class ManagerInvite(Strict):
    """Whom a sponsor's manager invites to manage it with them: by the address they sign in with (a manager does
    not know anyone's user id), or by user id."""

    email: EmailAddress | None = None
    user_id: Annotated[str, StringConstraints(min_length=1, max_length=80)] | None = None

    @model_validator(mode="after")
    def _one(self) -> ManagerInvite:
        if (self.email is None) == (self.user_id is None):
            raise ValueError("give the email the person signs in with")
        return self


class WorkforceReleaseRequest(Strict):
    state: Annotated[str, StringConstraints(min_length=2, max_length=2)]


class StateReportingCodes(Strict):
    vendor_number: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z]{2,10}$")]
    program_letter: Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
    funding: Literal["funded", "fee_for_service"]


class SponsorContact(Strict):
    name: ShortText
    email: EmailAddress | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9 ()+.\-]{7,25}$")] | None = None


class InstructorRequest(Strict):
    bio: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None
    public_profile: bool = False


class InstructorDecision(Strict):
    decision: Literal["approve", "deny"]


class InvitationAnswer(Strict):
    answer: Literal["accept", "decline"]


class EventInstructors(Strict):
    user_ids: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=80)]], Field(max_length=10)]


class JobPost(Strict):
    title: ShortText
    role: Annotated[str, StringConstraints(max_length=40)]
    county: ShortText
    schedule: Annotated[str, StringConstraints(max_length=40)]
    pay_low: float = Field(gt=0, lt=10_000_000)
    pay_high: float = Field(gt=0, lt=10_000_000)
    pay_period: Literal["hour", "year"]
    requirements: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""
    closes_on: date


class JobApplication(Strict):
    message: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    document_ids: list[Annotated[str, StringConstraints(max_length=40)]] = Field(default_factory=list, max_length=10)
    attach_education_report: bool = False


class JobClosing(Strict):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)] | None = None


class RecordImport(Strict):
    credential: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000_000)] | \
        dict[str, Any] = Field(description="A VC-JWT (compact JWS) or a credential as a JSON object (VC 2.0, e.g. "
                                           "with a Data Integrity proof)")


class TrustedRegistry(Strict):
    issuer_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=300,
                                                pattern=r"^https?://[^\s]+$")]
    name: ShortText
    jwks: dict[str, Any]


class FacilityList(Strict):
    csv: Annotated[str, StringConstraints(min_length=1, max_length=20_000_000)] = Field(
        description="The state's licensed-facility list as CSV: facility_number, name, facility_type, county[, staff]")


class StipendProgram(Strict):
    name: ShortText
    county: ShortText
    amount: float = Field(gt=0, lt=1_000_000)
    period_start: date
    period_end: date
    closes_on: date
    rules: list[dict[str, Any]] = Field(min_length=1, max_length=20)
    tax_id_required: bool = True


class StipendApplication(Strict):
    tax_id: Annotated[str, StringConstraints(pattern=r"^\d{3}-?\d{2}-?\d{4}$")] | None = Field(
        default=None, description="SSN or ITIN, only where the stipend needs it for tax reporting")


class StipendDecision(Strict):
    decision: Literal["approve", "deny"]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)] | None = None


class ReminderSettings(Strict):
    """Optional reminders to hear (true) or not (false); those left out stay as they are."""

    renewal_hours: bool | None = None
    training_tomorrow: bool | None = None
    document_attention: bool | None = None
HelpTopic = Literal["account", "documents", "records", "training", "stipends", "privacy", "other"]


class HelpMessageBody(Strict):
    """A message to the help desk (services/accounts/help_desk.py): the answer goes to `email`."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    email: EmailAddress
    topic: HelpTopic
    message: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class HelpAnswerBody(Strict):
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    version: int | None = None
