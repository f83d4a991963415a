"""A participant's verified record as a credential other systems read: a W3C Verifiable Credential (Data Model
2.0) in the shape of a 1EdTech Comprehensive Learner Record 2.0 `ClrCredential` holding one Open Badges 3.0
`AchievementCredential` per source of verified records (a document staff verified, or a training whose sponsor
marked attendance), encoded as a VC-JWT (the credential in the `vc` claim, as OB 3.0 section 8.2 and CLR 2.0
describe it).

The registry-specific part, the records staff verified, travels in `eceRegistry` extension properties that an
inline JSON-LD context declares (as `@json`), so generic CLR readers see names, types and dates and another
ece-registry sees the records themselves. Both credentials name the official 1EdTech JSON Schemas in
`credentialSchema` and pass them (tests/unit/test_portable_record.py checks with the vendored schemas).

Reading is wider than writing: any ClrCredential, AchievementCredential or OpenBadgeCredential, issuer as a URI
or a Profile, embedded credentials as objects or compact JWTs (1EdTech's own samples use both). Pure: building
and reading the payload; signing and checking signatures are elsewhere.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalicelib.domain.wording import Refusal

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
EXTENSION_CONTEXT: dict[str, Any] = {"eceRegistry": {"@id": "https://ece-registry.org/ns#verifiedRecords",
                                                     "@type": "@json"}}
CONTEXT: list[Any] = [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT, EXTENSION_CONTEXT]
ACHIEVEMENT_CONTEXT: list[Any] = [VC_CONTEXT, OB_CONTEXT, EXTENSION_CONTEXT]
CLR_SCHEMA = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
SCHEMA_VALIDATOR = "1EdTechJsonSchemaValidator2019"
MEDIA_TYPE = "application/vc+jwt"
MAX_ACHIEVEMENTS = 200
ACHIEVEMENT_TYPES = ("ClrCredential", "AchievementCredential", "OpenBadgeCredential")


class CredentialUnreadable(Refusal):
    """The payload is not a credential this registry reads (says what is missing)."""


@dataclass(frozen=True, slots=True)
class Issuer:
    id: str  # the issuing registry's public address
    name: str


@dataclass(frozen=True, slots=True)
class VerifiedRecord:
    """One record as it is now (after any correction)."""

    record_id: str
    kind: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class VerifiedDocument:
    """One source of verified records as it travels: a document (its id) or a sponsor's training (`event:{id}`),
    its type, the fields as they read now, its current records, and when it was verified."""

    document_id: str
    doc_type: str
    title: str
    achievement_type: str
    fields: dict[str, Any]
    verified_at: str
    records: tuple[VerifiedRecord, ...] = ()
    valid_until: str | None = None  # a permit's or CDA's expiry, when it ends before the credential


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """Where the credential's revocation bit is: a Bitstring Status List credential and a position in it."""

    list_url: str
    index: int


@dataclass(frozen=True, slots=True)
class PortableRecord:
    credential_id: str
    issuer: Issuer
    issued_at: str  # validFrom
    valid_until: str
    person_name: str
    registry_id: str
    subject_id: str  # a URI for the person (the issuer's public page of their Registry ID), never a tax id
    documents: tuple[VerifiedDocument, ...]
    status: StatusEntry | None = None


def _issuer(issuer: Issuer) -> dict[str, Any]:
    return {"id": issuer.id, "type": ["Profile"], "name": issuer.name}


def _status(record: PortableRecord) -> dict[str, Any]:
    if record.status is None:
        return {}
    entry = record.status
    return {"credentialStatus": {"id": f"{entry.list_url}#{entry.index}", "type": "BitstringStatusListEntry",
                                 "statusPurpose": "revocation", "statusListIndex": str(entry.index),
                                 "statusListCredential": entry.list_url}}


def achievement_id(credential_id: str, source_id: str) -> str:
    """A URI for one embedded credential, the same each time it is derived."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, credential_id + '#' + source_id)}"


def identifiers(record: PortableRecord) -> list[dict[str, Any]]:
    """The subject's IdentityObjects, exactly the properties the schema allows."""
    return [{"type": "IdentityObject", "identityType": "identifier", "hashed": False,
             "identityHash": record.registry_id},
            {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": record.person_name}]


def _achievement(record: PortableRecord, d: VerifiedDocument) -> dict[str, Any]:
    valid_until = min(record.valid_until, d.valid_until) if d.valid_until else record.valid_until
    return {
        "@context": ACHIEVEMENT_CONTEXT,
        "type": ["VerifiableCredential", "AchievementCredential"],
        "id": achievement_id(record.credential_id, d.document_id),
        "issuer": _issuer(record.issuer),
        "validFrom": d.verified_at,
        "validUntil": valid_until,
        "name": d.title,
        "credentialSubject": {
            "id": record.subject_id,
            "type": ["AchievementSubject"],
            "identifier": identifiers(record),
            "achievement": {
                "id": f"{record.issuer.id}/achievements/{d.doc_type}",
                "type": ["Achievement"],
                "achievementType": d.achievement_type,
                "name": d.title,
                "description": f"{d.title}, verified by registry staff.",
                "criteria": {"narrative": "A registry staff member compared each field with the uploaded document "
                                          "and verified it, or a training sponsor the registry approved marked "
                                          "attendance."},
            },
            "eceRegistry": {"document_id": d.document_id, "doc_type": d.doc_type, "fields": d.fields,
                            "verified_at": d.verified_at,
                            "records": [{"record_id": r.record_id, "kind": r.kind, "data": r.data}
                                        for r in d.records]},
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": SCHEMA_VALIDATOR}],
        **_status(record),
    }


def credential(record: PortableRecord) -> dict[str, Any]:
    """The ClrCredential itself (what the `vc` claim holds)."""
    return {
        "@context": CONTEXT,
        "id": record.credential_id,
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": _issuer(record.issuer),
        "validFrom": record.issued_at,
        "validUntil": record.valid_until,
        "name": f"Verified early-childhood education record of {record.person_name}",
        "credentialSubject": {
            "id": record.subject_id,
            "type": ["ClrSubject"],
            "identifier": identifiers(record),
            "verifiableCredential": [_achievement(record, d) for d in record.documents],
        },
        "credentialSchema": [{"id": CLR_SCHEMA, "type": SCHEMA_VALIDATOR}],
        **_status(record),
    }


def epoch(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC).timestamp())


def to_claims(record: PortableRecord) -> dict[str, Any]:
    """The JWT claims set: registered claims mirroring the credential (iss = issuer.id, sub =
    credentialSubject.id, jti = id, nbf/exp = validFrom/validUntil) plus the credential in `vc`."""
    valid_from = epoch(record.issued_at)
    return {"iss": record.issuer.id, "sub": record.subject_id, "jti": record.credential_id, "nbf": valid_from,
            "iat": valid_from, "exp": epoch(record.valid_until), "vc": credential(record)}


# --- reading ------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ForeignAchievement:
    """An achievement from a credential some other system issued: what it says, for staff to review."""

    credential_id: str
    issuer: Issuer
    name: str
    achievement_type: str
    description: str
    valid_from: str


@dataclass(frozen=True, slots=True)
class ReceivedCredential:
    """What a credential offered for import says: who issued it, about whom, and what it holds."""

    credential_id: str
    issuer: Issuer
    valid_from: str
    subject_id: str | None
    names: tuple[str, ...]
    registry_ids: tuple[str, ...]
    documents: tuple[VerifiedDocument, ...]  # another ece-registry's verified records
    achievements: tuple[ForeignAchievement, ...]  # anything else


def _text(value: Any, what: str, limit: int = 500) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise CredentialUnreadable("The credential has no usable {what}.", what=what)
    return value


def _plain(value: Any, limit: int = 500) -> str:
    """A string, or the first language's value of a language map; '' when there is none."""
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
    return value[:limit] if isinstance(value, str) else ""


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _types(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [t for t in value if isinstance(t, str)] \
        if isinstance(value, list) else []


def read_issuer(value: Any) -> Issuer:
    """`issuer` as a URI or a Profile object."""
    if isinstance(value, str):
        return Issuer(_text(value, "issuer"), value)
    if not isinstance(value, dict):
        raise CredentialUnreadable("The credential has no usable {what}.", what="issuer")
    issuer_id = _text(value.get("id"), "issuer")
    return Issuer(issuer_id, _plain(value.get("name")) or issuer_id)


def jwt_payload(token: str) -> dict[str, Any]:
    """The payload of a compact JWT, unverified (an embedded credential the enveloping signature covers)."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise CredentialUnreadable("An embedded credential is neither an object nor a compact JWT.")
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        raise CredentialUnreadable("An embedded credential is neither an object nor a compact JWT.") from None
    if not isinstance(payload, dict):
        raise CredentialUnreadable("An embedded credential is neither an object nor a compact JWT.")
    return payload


def as_credential(value: Any) -> dict[str, Any]:
    """A credential object from an object, a JWT's claims (VC-JWT `vc` claim, or the claims themselves as VC 2.0
    JOSE does) or a compact JWT string."""
    if isinstance(value, str):
        value = jwt_payload(value)
    if not isinstance(value, dict):
        raise CredentialUnreadable("An embedded credential is neither an object nor a compact JWT.")
    inner = value.get("vc")
    return inner if isinstance(inner, dict) else value


def _registry_document(achievement: dict[str, Any]) -> VerifiedDocument | None:
    subject = achievement.get("credentialSubject") or {}
    detail = subject.get("eceRegistry") if isinstance(subject, dict) else None
    if detail is None:
        return None
    if not isinstance(detail, dict) or not isinstance(detail.get("fields"), dict):
        raise CredentialUnreadable("A document in the credential carries no verified fields.")
    records = detail.get("records") or []
    if not isinstance(records, list):
        raise CredentialUnreadable("A document in the credential carries no verified fields.")
    return VerifiedDocument(
        document_id=_text(detail.get("document_id"), "document id", 100),
        doc_type=_text(detail.get("doc_type"), "document type", 50),
        title=_text(achievement.get("name"), "document name"),
        achievement_type=_text((subject.get("achievement") or {}).get("achievementType") or "Achievement",
                               "achievement type", 60),
        fields=detail["fields"],
        verified_at=_text(detail.get("verified_at"), "verification date", 40),
        records=tuple(VerifiedRecord(str(r.get("record_id") or "")[:100], str(r.get("kind") or "")[:30],
                                     _object(r.get("data")))
                      for r in records if isinstance(r, dict)))


def _foreign(achievement: dict[str, Any], fallback: Issuer) -> ForeignAchievement:
    subject = achievement.get("credentialSubject") or {}
    what = (subject.get("achievement") if isinstance(subject, dict) else None) or {}
    if not isinstance(what, dict):
        what = {}
    issuer = read_issuer(achievement["issuer"]) if achievement.get("issuer") else fallback
    name = _plain(what.get("name")) or _plain(achievement.get("name"))
    if not name:
        raise CredentialUnreadable("The credential has no usable {what}.", what="achievement name")
    return ForeignAchievement(
        credential_id=_plain(achievement.get("id"), 300), issuer=issuer, name=name,
        achievement_type=_plain(what.get("achievementType"), 60) or "Achievement",
        description=_plain(what.get("description"), 2000),
        valid_from=_plain(achievement.get("validFrom") or achievement.get("issuanceDate"), 40))


def read_credential(claims_or_credential: dict[str, Any]) -> ReceivedCredential:
    """Read a credential offered for import, refusing anything that is not one (never guessing a field)."""
    vc = as_credential(claims_or_credential)
    types = _types(vc.get("type"))
    if "VerifiableCredential" not in types or not any(t in types for t in ACHIEVEMENT_TYPES):
        raise CredentialUnreadable("This is not a learner record credential (a ClrCredential, AchievementCredential "
                                   "or OpenBadgeCredential).")
    issuer = read_issuer(vc.get("issuer"))
    iss = claims_or_credential.get("iss") if "vc" in claims_or_credential else None
    if iss is not None and iss != issuer.id:
        raise CredentialUnreadable("The credential names two different issuers.")
    subject = vc.get("credentialSubject")
    if not isinstance(subject, dict):
        raise CredentialUnreadable("The credential has no usable {what}.", what="subject")
    if "ClrCredential" in types:
        embedded = subject.get("verifiableCredential")
        embedded = [embedded] if isinstance(embedded, (dict, str)) else embedded
        if not isinstance(embedded, list) or not embedded:
            raise CredentialUnreadable("The credential holds no verified documents.")
        if len(embedded) > MAX_ACHIEVEMENTS:
            raise CredentialUnreadable("The credential holds more than {most} documents.", most=MAX_ACHIEVEMENTS)
        achievements = [as_credential(e) for e in embedded]
    else:
        achievements = [vc]
    raw_identities = subject.get("identifier") or []
    identities = [i for i in ([raw_identities] if isinstance(raw_identities, dict) else raw_identities)
                  if isinstance(i, dict) and i.get("hashed") is False]
    documents, foreign = [], []
    for achievement in achievements:
        document = _registry_document(achievement)
        if document is not None:
            documents.append(document)
        else:
            foreign.append(_foreign(achievement, issuer))
    subject_id = subject.get("id")
    return ReceivedCredential(
        credential_id=_text(vc.get("id"), "id", 300), issuer=issuer,
        valid_from=_text(vc.get("validFrom") or vc.get("issuanceDate"), "issue date", 40),
        subject_id=subject_id if isinstance(subject_id, str) else None,
        names=tuple(_plain(i.get("identityHash")) for i in identities if i.get("identityType") == "name"),
        registry_ids=tuple(_plain(i.get("identityHash"), 40) for i in identities
                           if i.get("identityType") == "identifier"),
        documents=tuple(documents), achievements=tuple(foreign))
