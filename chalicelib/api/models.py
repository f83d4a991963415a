"""Request bodies. Unknown fields are refused (no mass assignment)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chalicelib.domain.documents import DocType

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


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
    doc_type: DocType | None = Field(default=None, description="What the participant says the document is")
    file_name: ShortText
    content_type: Annotated[str, StringConstraints(max_length=100)]
    size: int = Field(gt=0, description="File size in bytes")
    participant_id: ShortText | None = Field(default=None, description="Staff only: upload on behalf of")
    declared: dict[str, str | None] = Field(default_factory=dict)


class DecisionBody(Strict):
    decision: Literal["verify", "reject", "request_resubmission"]
    fields: dict[str, Any] | None = None
    reason: str | None = Field(default=None, max_length=2000)
    version: int | None = None
