"""A participant's verified record as a credential other systems read: a W3C Verifiable Credential in the shape of a
1EdTech Comprehensive Learner Record 2.0 (`ClrCredential`) holding one Open Badges 3.0 `AchievementCredential`
per verified document, encoded as a VC-JWT (VC Data Model 1.1, section 6.3.1: the credential in the `vc` claim).

The registry-specific part, the fields staff verified, travels in `eceRegistry` extension properties that an
inline JSON-LD context declares (as `@json`), so generic CLR readers see names, types and dates and another
ece-registry sees the fields themselves. Pure: building and reading the payload; signing is elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.domain.wording import Refusal

CONTEXT: list[Any] = [
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    {"eceRegistry": {"@id": "https://ece-registry.org/ns#verifiedDocument", "@type": "@json"}},
]
MEDIA_TYPE = "application/vc+jwt"
MAX_ACHIEVEMENTS = 200


class CredentialUnreadable(Refusal):
    """The payload is not a registry record credential (says what is missing)."""


@dataclass(frozen=True, slots=True)
class Issuer:
    id: str  # the issuing registry's public address
    name: str


@dataclass(frozen=True, slots=True)
class VerifiedDocument:
    """One verified document as it travels: its type, the fields staff verified, and when."""

    document_id: str
    doc_type: str
    title: str
    achievement_type: str
    fields: dict[str, Any]
    verified_at: str


@dataclass(frozen=True, slots=True)
class PortableRecord:
    credential_id: str
    issuer: Issuer
    issued_at: str
    person_name: str
    registry_id: str
    documents: tuple[VerifiedDocument, ...]


def _issuer(issuer: Issuer) -> dict[str, Any]:
    return {"id": issuer.id, "type": ["Profile"], "name": issuer.name}


def to_claims(record: PortableRecord, *, issued_epoch: int) -> dict[str, Any]:
    """The JWT claims set: registered claims plus the credential in `vc`."""
    achievements = [{
        "type": ["VerifiableCredential", "AchievementCredential"],
        "id": f"{record.credential_id}:{d.document_id}",
        "issuer": _issuer(record.issuer),
        "issuanceDate": d.verified_at,
        "name": d.title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": f"{record.issuer.id}/achievements/{d.doc_type}",
                "type": ["Achievement"],
                "achievementType": d.achievement_type,
                "name": d.title,
                "description": f"{d.title}, verified by registry staff against the participant's document.",
                "criteria": {"narrative": "A registry staff member compared each field with the uploaded "
                                          "document and verified it."},
            },
            "eceRegistry": {"document_id": d.document_id, "doc_type": d.doc_type, "fields": d.fields,
                            "verified_at": d.verified_at},
        },
    } for d in record.documents]
    credential = {
        "@context": CONTEXT,
        "id": record.credential_id,
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": _issuer(record.issuer),
        "issuanceDate": record.issued_at,
        "name": f"Verified early-childhood education record of {record.person_name}",
        "credentialSubject": {
            "type": ["ClrSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "identifier", "hashed": False,
                 "identityHash": record.registry_id, "issuedBy": record.issuer.id},
                {"type": "IdentityObject", "identityType": "name", "hashed": False,
                 "identityHash": record.person_name},
            ],
            "verifiableCredential": achievements,
        },
    }
    return {"iss": record.issuer.id, "jti": record.credential_id, "sub": record.registry_id,
            "nbf": issued_epoch, "iat": issued_epoch, "vc": credential}


def _text(value: Any, what: str, limit: int = 500) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise CredentialUnreadable("The credential has no usable {what}.", what=what)
    return value


def from_claims(claims: dict[str, Any]) -> PortableRecord:
    """Read a verified record credential back, refusing anything that is not one (never guessing a field)."""
    vc = claims.get("vc")
    if not isinstance(vc, dict) or "ClrCredential" not in (vc.get("type") or []):
        raise CredentialUnreadable("This is not an ECE record credential (a ClrCredential in a VC-JWT).")
    issuer_data = vc.get("issuer") or {}
    issuer = Issuer(_text(issuer_data.get("id"), "issuer"), _text(issuer_data.get("name"), "issuer name"))
    if claims.get("iss") != issuer.id:
        raise CredentialUnreadable("The credential names two different issuers.")
    subject = vc.get("credentialSubject") or {}
    identifiers = {i.get("identityType"): i.get("identityHash") for i in subject.get("identifier") or []
                   if isinstance(i, dict)}
    achievements = subject.get("verifiableCredential")
    if not isinstance(achievements, list) or not achievements:
        raise CredentialUnreadable("The credential holds no verified documents.")
    if len(achievements) > MAX_ACHIEVEMENTS:
        raise CredentialUnreadable("The credential holds more than {most} documents.", most=MAX_ACHIEVEMENTS)
    documents = []
    for achievement in achievements:
        detail = ((achievement or {}).get("credentialSubject") or {}).get("eceRegistry")
        if not isinstance(detail, dict) or not isinstance(detail.get("fields"), dict):
            raise CredentialUnreadable("A document in the credential carries no verified fields.")
        documents.append(VerifiedDocument(
            document_id=_text(detail.get("document_id"), "document id", 100),
            doc_type=_text(detail.get("doc_type"), "document type", 50),
            title=_text(achievement.get("name"), "document name"),
            achievement_type=_text(((achievement.get("credentialSubject") or {}).get("achievement") or {})
                                   .get("achievementType") or "Achievement", "achievement type", 60),
            fields=detail["fields"],
            verified_at=_text(detail.get("verified_at"), "verification date", 40)))
    return PortableRecord(credential_id=_text(vc.get("id"), "id"), issuer=issuer,
                          issued_at=_text(vc.get("issuanceDate"), "issue date", 40),
                          person_name=_text(identifiers.get("name"), "person name"),
                          registry_id=_text(identifiers.get("identifier"), "registry id", 40),
                          documents=tuple(documents))
