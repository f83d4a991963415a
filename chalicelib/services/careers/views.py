"""What the careers package answers, typed (see services/training/views.py for why TypedDicts): the job board's
openings and applications, county stipends and their applications, a participant's permit pathway, and the
workforce dataset's releases.

Names differ from the request models in api/models.py (JobPost, JobApplication, StipendProgram,
StipendApplication...): the OpenAPI document names each schema by its class and stops on two of one name.
"""

from typing import Literal, TypedDict

from chalicelib.domain.json_values import JsonObject

# ---------------------------------------------------------------- the job board


class ProgramStanding(TypedDict):
    """What a job seeker may rely on: the registry knows the program, its license and an approved director."""
    program_id: str
    name: str
    program_type: str
    licensed: bool
    license_number: str | None
    director_verified: bool


class JobPay(TypedDict):
    low: float
    high: float
    period: str
    period_label: str | None


class JobView(TypedDict):
    """An opening as anyone signed in reads it; the labels are None for a code the board no longer offers."""
    job_id: str
    title: str
    role: str
    role_label: str | None
    county: str
    schedule: str
    schedule_label: str | None
    pay: JobPay
    requirements: str
    closes_on: str
    posted_at: str
    program: ProgramStanding
    listed: bool


class ProgramJobView(JobView):
    """An opening on its program's own desk: open, closed or removed (with staff's reason), and how many applied."""
    status: str
    status_reason: str | None
    applications: int


class JobSearchResults(TypedDict):
    # Not Items[JobView] with more keys: a subclass of a parametrised generic TypedDict loses its parameter in
    # pydantic's schema.
    items: list[JobView]
    roles: dict[str, str]  # code -> label, what a search may ask for
    schedules: dict[str, str]


class DocumentAttachment(TypedDict):
    """One of the applicant's verified documents, by its id (the program gets a short-lived link to it)."""
    kind: Literal["document"]
    id: str
    doc_type: str | None


class ReportAttachment(TypedDict):
    """An Education & Training report issued for the application (where it is kept never leaves the registry)."""
    kind: Literal["report"]
    id: str
    title: str


class JobApplicationSent(TypedDict):
    application_id: str
    job_id: str
    sent_at: str
    attachments: list[DocumentAttachment | ReportAttachment]


class DocumentLink(TypedDict):
    kind: Literal["document"]
    doc_type: str | None
    url: str


class ReportLink(TypedDict):
    kind: Literal["report"]
    title: str
    report_id: str
    url: str


class JobApplicant(TypedDict):
    """An application as the program's directors read it: who, their words, links to what they shared."""
    application_id: str
    sent_at: str
    name: str
    registry_id: str
    email: str | None
    message: str
    attachments: list[ReportLink | DocumentLink]


class JobApplicants(TypedDict):
    job: ProgramJobView
    items: list[JobApplicant]


class MyJobApplication(TypedDict):
    """An application as the participant who sent it lists it; title and program are None once the post is gone."""
    application_id: str
    job_id: str
    sent_at: str
    title: str | None
    program: str | None
    still_listed: bool
    attachments: int  # how many were shared


# ---------------------------------------------------------------- stipends


class StipendPeriod(TypedDict):
    start: str
    end: str


class Stipend(TypedDict):
    """A stipend program as a county runs it."""
    stipend_id: str
    name: str
    county: str
    amount: float
    period: StipendPeriod
    closes_on: str
    tax_id_required: bool
    # The eligibility rules as staff wrote them: api/models.StipendProgram takes any objects and
    # domain/stipends.check_rules checks only the keys it reads, so they are answered as they were stored.
    rules: list[JsonObject]


class RuleOutcome(TypedDict):
    """A rule met or not, and why, worded for the reader (the participant's language; English for staff)."""
    kind: str
    met: bool
    explanation: str


class StipendApplicationView(TypedDict):
    """Where an application stands; the SSN or ITIN only masked."""
    stipend_id: str
    status: str  # submitted | approved | denied
    applied_at: str
    tax_id: str | None
    reason: str | None
    decided_at: str | None


class StipendEligibility(TypedDict):
    stipend: Stipend
    eligible: bool
    rules: list[RuleOutcome]
    application: StipendApplicationView | None


class MyStipendApplication(StipendApplicationView):
    name: str | None  # None once the program is gone


class StipendApplicant(StipendApplicationView):
    """An application as staff decide it: who applied, and the rules as checked when they applied."""
    applicant_id: str
    name: str
    registry_id: str
    rules: list[RuleOutcome]


class StipendApplicants(TypedDict):
    stipend: Stipend
    items: list[StipendApplicant]


# ---------------------------------------------------------------- the permit pathway


class PathwayRequirement(TypedDict):
    key: str
    needed: str
    have: str
    met: bool
    missing: str | None  # what to do, worded for the reader, when not met


class PathwayLevel(TypedDict):
    title: str
    level: int
    qualifies: bool
    requirements: list[PathwayRequirement]
    missing: list[str]


class PermitPathway(TypedDict):
    """Where a participant stands on the Commission's permit matrix (its source and edition), from verified
    records and confirmed positions only."""
    qualifies_for: str | None
    next: PathwayLevel | None
    levels: list[PathwayLevel]
    source: str
    edition: str
    note: str


# ---------------------------------------------------------------- the workforce dataset


class WorkforceRelease(TypedDict):
    """A state's release for one quarter: preparing until the scheduled function made its file, then ready."""
    state: str
    release: str
    as_of: str
    status: str  # preparing | ready
    requested_at: str
    made_at: str | None
    rows: int | None
    people: int | None
