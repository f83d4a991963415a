"""What the records package answers, typed (see services/training/views.py for why TypedDicts): a person's
verified records, disputes and corrections, the register of issued reports, a membership check, a program's QRIS
figures, record credentials and the registries trusted to sign them, and a retention run.

Names differ from the request models in api/models.py (DisputeBody, DisputeAnswer, RecordCorrection,
TrustedRegistry...) and from other packages' views: the OpenAPI document names each schema by its class and
stops on two of one name.

A record's `data` stays a JSON object (`JsonObject`, domain/json_values): its fields are the kind's (a course's
code, title, units and grade; a permit's title and expiry...), written from a document's verified fields by the
document type's mapping (doctypes) and checked against it only when staff correct one. A union of per-kind shapes
would promise fields nothing checks on the way in, so a view says "an object" and the kind says what is in it.
"""

from typing import Literal, NotRequired, TypedDict

from chalicelib.domain.json_values import JsonObject

# ---------------------------------------------------------------- verified records


class ReportedRecord(TypedDict):
    """A verified record as the reports read it (the E&T report, the resume, qualifications)."""
    kind: str  # course | degree | permit | cda | training | other (domain/record_kinds)
    data: JsonObject  # the kind's fields, as verified or corrected (see the module's note)
    verified_at: str


class DisputedRecord(ReportedRecord):
    record_id: str


class StaffRecord(DisputedRecord):
    """A record as staff correct it: who verified it and where it came from (a document id, or `event:{id}`)."""
    verified_by: str
    source_document_id: str


class RecordLine(DisputedRecord):
    """A record with the one line its kind shows it in; who verified it only for staff."""
    summary: str
    source_document_id: str
    verified_by: NotRequired[str]


class MyRecord(RecordLine):
    """A record on the participant's own page: whether a course counts and towards what, and a permit's or
    CDA's expiry."""
    counts: NotRequired[bool]
    area: NotRequired[Literal["ECE/CD", "General"]]
    expiry_status: NotRequired[str]


class RecordTotals(TypedDict):
    """Decimals as text, so nothing rounds them on the way."""
    units: dict[str, str]
    training_hours_by_area: dict[str, str]
    training_hours_by_year: dict[str, str]  # year -> hours


class MyRecords(TypedDict):
    # Not Items[MyRecord] with one more key: a subclass of a parametrised generic TypedDict loses its parameter
    # in pydantic's schema.
    items: list[MyRecord]
    summary: RecordTotals


class PersonRecords(TypedDict):
    participant_id: str
    registry_id: str
    items: list[StaffRecord]


# ---------------------------------------------------------------- disputes and corrections


class DisputeCorrection(TypedDict):
    """What a correction that answered a dispute changed: the record's data before, and after (None: retracted)."""
    before: JsonObject
    after: JsonObject | None


class DisputeView(TypedDict):
    """A dispute of a record or an appeal of a rejection, as the participant who opened it reads it."""
    dispute_id: str
    subject: str  # record | rejection
    record_id: str | None
    record_kind: str | None
    document_id: str
    attachment_document_id: str | None
    message: str | None  # None once their profile's data key is gone
    status: str  # open | corrected | retracted | reopened | dismissed
    resolution: str | None
    resolved_at: str | None
    created_at: str


class StaffDisputeView(DisputeView):
    owner_id: str
    registry_id: str
    age_hours: float | None
    resolved_by: str | None
    correction: DisputeCorrection | None
    version: int


class QueuedDispute(TypedDict):
    dispute_id: str
    subject: str
    record_kind: str | None
    document_id: str
    owner_id: str
    created_at: str
    age_hours: float | None
    has_attachment: bool


class DisputeQueue(TypedDict):
    items: list[QueuedDispute]
    next_cursor: str | None


class DisputedDocument(TypedDict):
    document_id: str
    doc_type: str | None
    status: str
    reason: str | None
    file_name: str | None
    decided_by: str | None
    decided_at: str | None


class DisputeAuditLine(TypedDict):
    at: str
    actor_id: str
    action: str
    reason: str | None
    # Only for a sponsor's attendance entries: whose hours and how many, as the training module wrote them.
    after: NotRequired[JsonObject | None]


class DisputeDetail(StaffDisputeView):
    record: DisputedRecord | None
    document: DisputedDocument | None
    audit: list[DisputeAuditLine]


class RecordChanged(TypedDict):
    """A record staff amended or retracted, and the dispute that correction answered."""
    record_id: str
    kind: str
    change: Literal["amended", "retracted"]
    data: JsonObject | None  # the record's data now; None once retracted
    dispute: StaffDisputeView | None


class DisputeAnswered(TypedDict):
    """A dispute answered without changing a record (dismissed, or the appealed document reopened)."""
    dispute: StaffDisputeView


# ---------------------------------------------------------------- issued reports


class SigningKeys(TypedDict):
    """A JWKS: the public keys (JWK members as text) reports and record credentials are checked with."""
    keys: list[dict[str, str]]


class NewerVersion(TypedDict):
    newer_version_exists: bool
    newer_version_note: NotRequired[str]  # only when one exists


class IssuedReportView(NewerVersion):
    """A report in the register, as anyone holding its id may read it."""
    report_id: str
    kind: str
    issued_for: str
    issued_at: str
    media_type: str
    sha256: str


class ReportCopyCheck(NewerVersion):
    genuine: bool
    report_id: str
    issued_for: str
    issued_at: str
    kind: str
    reason: str | None  # why not genuine


class ReportDetails(TypedDict, total=False):
    """What the register keeps of a report beside its hash: a program report's format and figures (a person's
    report keeps none). A kind that records more declares it here."""
    format: str
    staff_count: int  # a director or staff verification report
    scores: dict[str, int | None]  # QRIS: element -> the program's score


class PastReport(TypedDict):
    report_id: str
    kind: str
    issued_at: str
    issued_to: str
    media_type: str
    details: ReportDetails | None


class PublicMembership(TypedDict):
    """Whether a Registry ID is active; the name only to a caller who typed the right last name."""
    registry_id: str
    status: Literal["active", "closed"]
    name: str | None
    last_name_matches: NotRequired[bool]  # only when a last name was given


# ---------------------------------------------------------------- QRIS


class QrisRating(TypedDict):
    name: str
    registry_id: str
    role: str
    element: str  # 3 (lead teachers, family child care providers) | 7 (directors)
    points: int
    reached_by: str | None
    next_level_needs: list[str]


class QrisSummary(TypedDict):
    scores: dict[str, int | None]  # element_3, element_7 -> the program's score
    people: list[QrisRating]
    source: str
    edition: str
    notes: list[str]


# ---------------------------------------------------------------- record credentials


class CredentialIssuer(TypedDict):
    """This registry as an issuer: what another registry's staff paste when they add it as trusted."""
    id: str
    name: str
    jwks: SigningKeys


class IssuerRef(TypedDict):
    id: str
    name: str


class RecordCredential(TypedDict):
    """A signed record credential (VC-JWT) to keep or hand on."""
    credential: str
    media_type: str
    credential_id: str
    issuer: IssuerRef
    documents: int  # how many verified documents it carries
    valid_until: str
    file_name: str


class RecordImported(TypedDict):
    documents: list[str]  # the new documents' ids, waiting for staff
    issuer: IssuerRef
    signature_checked: bool
    unverified_because: str | None
    holder_checked_by: str  # name | not_established
    skipped_already_imported: int


class TrustedRegistryView(TypedDict):
    issuer_id: str
    name: str
    keys: list[str]  # the kids of the keys it publishes
    added_at: str


# ---------------------------------------------------------------- retention


class RetentionRun(TypedDict):
    removed: dict[str, int]  # kind of item -> how many went
    finished: bool  # False when a list had more than a run takes
