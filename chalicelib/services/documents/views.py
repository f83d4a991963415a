"""What the documents package answers, typed (see services/training/views.py for why TypedDicts): a participant's
documents, what intake and extraction made of them, the document types, the staff review queue and a document under
review, claims and decisions, and the managers' dashboard.

Names differ from the request models in api/models.py (StartUpload, DecisionBody, FacilityList...) and from the
other packages' views: the OpenAPI document names each schema by its class and stops on two of one name.

The fields read from a document, verified by staff or typed at upload stay JSON objects keyed by field name: which
fields a document has, and whether a value is a date, a number or a list of course rows, is its type's (doctypes/),
so a narrower shape here would promise what nothing enforces.
"""

from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypedDict

from chalicelib.domain.attention import AttentionMessage
from chalicelib.domain.json_values import JsonObject
from chalicelib.domain.review import Disagreement
from chalicelib.domain.turnaround import AgeBand, TurnaroundRow
from chalicelib.services.views import stored_as

# ---------------------------------------------------------------- a participant's documents


class UploadForm(TypedDict):
    """Where the browser posts the file: S3's presigned POST (its form fields as S3 signed them)."""
    url: str
    fields: dict[str, str]
    method: Literal["POST"]
    expires_in: int
    max_bytes: int


class UploadStarted(TypedDict):
    document_id: str
    status: str
    upload: UploadForm


class ReadingQueueWait(TypedDict):
    """While a document waits to be read: how many are ahead of it, and about how long."""
    ahead: int
    expected_minutes: int


class ImportedFromRegistry(TypedDict):
    """Which registry verified a document that came in a signed record credential, as its owner is told."""
    issuer_name: str
    verified_at: str


class OwnerDocument(TypedDict):
    """A document as its owner (or staff uploading for them) reads it; the keys that do not apply are absent."""
    document_id: str
    doc_type: str | None
    status: str
    reason: str | None  # in the reader's language when the registry worded it
    file_name: str | None
    created_at: str
    updated_at: str
    page_count: int | None
    reading: NotRequired[ReadingQueueWait]
    attention: NotRequired[list[AttentionMessage]]
    fields: NotRequired[JsonObject]  # the verified fields, as their type has them
    verified_at: NotRequired[str | None]
    declared: NotRequired[dict[str, str]]  # what the participant typed at upload
    imported_from: NotRequired[ImportedFromRegistry]


class OwnerDocuments(TypedDict):
    # Not Items[OwnerDocument] with one more key: a subclass of a parametrised generic TypedDict loses its
    # parameter in pydantic's schema.
    items: list[OwnerDocument]
    next_cursor: str | None


class OriginalFile(TypedDict):
    """A short-lived link to the file as intake inspected it."""
    document_id: str
    url: str
    media_type: str
    download_as: str
    expires_in: int


class TakenIn(TypedDict):
    """What intake made of an upload: the document's status after it (or ignored, unknown_document)."""
    status: str
    duplicate_of: NotRequired[str]


class ExtractionOutcome(TypedDict):
    status: str


# ---------------------------------------------------------------- the document types


class DocumentColumnView(TypedDict):
    name: str
    kind: str
    label: dict[str, str]  # by language code


class DocumentFieldView(TypedDict):
    name: str
    kind: str  # text | date | number | choice | name | grade | rows
    label: dict[str, str]
    choices: list[str]
    declared: bool  # the participant types it at upload
    columns: list[DocumentColumnView]  # for rows


class DocumentTypeView(TypedDict):
    name: str
    display: dict[str, str]
    parsed: bool  # False: staff type its fields
    fields: list[DocumentFieldView]


# ---------------------------------------------------------------- staff review


class ReviewClaim(TypedDict):
    """Who is reviewing a document, until when (a claim lapses unless renewed)."""
    by: str
    name: str | None
    until: str


class ReviewQueueRow(TypedDict):
    document_id: str
    doc_type: str | None
    status: str
    submitted_at: str | None
    age_hours: float | None
    owner_id: str
    page_count: int | None
    low_confidence: int
    disagreements: int
    claim: ReviewClaim | None


class ReviewQueue(TypedDict):
    items: list[ReviewQueueRow]
    next_cursor: str | None


class QueueBacklog(TypedDict):
    """One document type's queues: how many need review or failed reading, and how old the oldest waiting is."""
    doc_type: str
    needs_review: int
    failed: int
    oldest_age_hours: float | None


class ReviewPage(TypedDict):
    number: int
    url: str


class WordBox(TypedDict):
    """Where an OCR word is: its page (1-based) and its box as fractions of the page."""
    page: int
    left: float
    top: float
    width: float
    height: float


class ReviewParticipant(TypedDict):
    """Who the document should belong to, for the reviewer to compare the printed name."""
    registry_id: str | None
    names: list[str]
    name_matches: bool
    uploaded_on_behalf_by: str | None


class ImportedCredential(TypedDict, total=False):
    """Where an imported document came from, as services/records/portable_record.py keeps it."""
    issuer_id: str
    issuer_name: str
    credential_id: str
    source: str
    verified_at: str
    person_name: str
    registry_id: str | None
    signature_checked: bool
    unverified_because: str | None
    holder: str  # how the credential was bound to its holder


def as_imported_credential(stored: Mapping[str, Any] | None) -> ImportedCredential | None:
    """An imported document's origin as stored (written from the keys above; answered as it was kept)."""
    return stored_as(ImportedCredential, dict(stored)) if stored else None


class ReviewHistoryEntry(TypedDict):
    at: str
    action: str
    actor_id: str
    actor_role: str
    reason: str | None


class ReviewDetail(TypedDict):
    """A document with everything a reviewer needs to decide it."""
    document_id: str
    status: str
    reason: str | None
    doc_type: str | None
    owner_id: str
    file_name: str | None
    submitted_at: str | None
    age_hours: float | None
    pages: list[ReviewPage]
    fields: JsonObject  # as read (or imported), course and degree rows with their boxes and on_record
    confidence: dict[str, float]
    evidence: dict[str, dict[str, float]]  # why each value is believed
    words: dict[str, list[str]]  # the OCR words each value was read from
    boxes: dict[str, list[WordBox]]
    participant: ReviewParticipant
    claim: ReviewClaim | None
    attention: list[AttentionMessage]
    low_confidence: list[str]
    declared: dict[str, str]
    disagreements: list[Disagreement]
    ocr_engine: str | None
    processing_ms: int | None
    version: int
    imported_from: ImportedCredential | None
    history: list[ReviewHistoryEntry]


class ClaimHeld(TypedDict):
    document_id: str
    claim: ReviewClaim | None
    version: int


class ClaimReleased(TypedDict):
    document_id: str
    claim: None


class NameConfirmation(TypedDict):
    """What the audit keeps when staff confirm a document whose printed name is not the profile's."""
    name_on_document: str | None
    confirmed_by: str
    reason: str


class DecisionMade(TypedDict):
    document_id: str
    status: str
    records: list[str]  # the records the decision added


class ReadAgain(TypedDict):
    document_id: str
    status: str


# ---------------------------------------------------------------- the managers' dashboard


class ProcessingFigures(TypedDict):
    months: list[str]
    turnaround: list[TurnaroundRow]
    backlog: list[AgeBand]
    waiting: int
    backlog_as_of: str
    note: str


class FacilitiesImported(TypedDict):
    imported: int


class StaffParticipation(TypedDict):
    listed_at_facilities_in_registry: int
    in_registry: int
    share: float | None


class CountyParticipation(TypedDict):
    county: str
    facilities: int
    in_registry: int
    share: float | None


class FacilityParticipation(TypedDict):
    facilities: int
    in_registry: int
    share: float | None
    staff: StaffParticipation
    by_county: list[CountyParticipation]
    note: str
