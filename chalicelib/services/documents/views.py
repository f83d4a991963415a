"""What the documents package answers, typed (see services/training/views.py for why TypedDicts): a participant's
documents, what intake and extraction made of them, and the document types.

Names differ from the request models in api/models.py (StartUpload, DecisionBody, FacilityList...) and from the
other packages' views: the OpenAPI document names each schema by its class and stops on two of one name.

The fields read from a document, verified by staff or typed at upload stay JSON objects keyed by field name: which
fields a document has, and whether a value is a date, a number or a list of course rows, is its type's (doctypes/),
so a narrower shape here would promise what nothing enforces.
"""

from typing import Any, Literal, NotRequired, TypedDict

from chalicelib.domain.attention import AttentionMessage


class Items[Item](TypedDict):
    items: list[Item]


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
    fields: NotRequired[dict[str, Any]]  # the verified fields, as their type has them
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
