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
from typing import NotRequired, TypedDict

from chalicelib.domain.json_values import JsonObject, JsonValue
from chalicelib.domain.wording import Refusal

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
EXTENSION_CONTEXT: JsonObject = {"eceRegistry": {"@id": "https://ece-registry.org/ns#verifiedRecords",
                                                  "@type": "@json"}}
CONTEXT: list[JsonValue] = [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT, EXTENSION_CONTEXT]
ACHIEVEMENT_CONTEXT: list[JsonValue] = [VC_CONTEXT, OB_CONTEXT, EXTENSION_CONTEXT]
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
    data: JsonObject  # the kind's fields (services/records/views.py)


@dataclass(frozen=True, slots=True)
class VerifiedDocument:
    """One source of verified records as it travels: a document (its id) or a sponsor's training (`event:{id}`),
    its type, the fields as they read now, its current records, and when it was verified."""

    document_id: str
    doc_type: str
    title: str
    achievement_type: str
    fields: JsonObject  # the document type's
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


# --- writing: the shapes built, as the 1EdTech schemas name their properties ----------------------------------
# Key order is the order the builders write them in (it is part of the signed bytes), not the order declared here.


class IssuerProfile(TypedDict):
    id: str
    type: list[str]  # ["Profile"]
    name: str


class StatusListEntry(TypedDict):
    """A `BitstringStatusListEntry`."""
    id: str
    type: str
    statusPurpose: str
    statusListIndex: str  # a number as text, as the W3C spec has it
    statusListCredential: str


class IdentityObject(TypedDict):
    type: str
    identityType: str  # identifier | name
    hashed: bool
    identityHash: str


class SchemaReference(TypedDict):
    id: str
    type: str


class Criteria(TypedDict):
    narrative: str


class Achievement(TypedDict):
    id: str
    type: list[str]
    achievementType: str
    name: str
    description: str
    criteria: Criteria


class RegistryRecord(TypedDict):
    record_id: str
    kind: str
    data: JsonObject


class RegistryDocument(TypedDict):
    """The `eceRegistry` extension: the records staff verified, for another ece-registry."""
    document_id: str
    doc_type: str
    fields: JsonObject
    verified_at: str
    records: list[RegistryRecord]


class AchievementSubject(TypedDict):
    id: str
    type: list[str]
    identifier: list[IdentityObject]
    achievement: Achievement
    eceRegistry: RegistryDocument


AchievementCredential = TypedDict("AchievementCredential", {
    "@context": list[JsonValue], "type": list[str], "id": str, "issuer": IssuerProfile, "validFrom": str,
    "validUntil": str, "name": str, "credentialSubject": AchievementSubject,
    "credentialSchema": list[SchemaReference], "credentialStatus": NotRequired[StatusListEntry]})


class ClrSubject(TypedDict):
    id: str
    type: list[str]
    identifier: list[IdentityObject]
    verifiableCredential: list[AchievementCredential]


ClrCredential = TypedDict("ClrCredential", {
    "@context": list[JsonValue], "id": str, "type": list[str], "issuer": IssuerProfile, "validFrom": str,
    "validUntil": str, "name": str, "credentialSubject": ClrSubject, "credentialSchema": list[SchemaReference],
    "credentialStatus": NotRequired[StatusListEntry]})


class JwtClaims(TypedDict):
    """The registered claims of a VC-JWT, mirroring the credential in `vc`."""
    iss: str
    sub: str
    jti: str
    nbf: int
    iat: int
    exp: int


class RecordClaims(JwtClaims):
    vc: ClrCredential


def _issuer(issuer: Issuer) -> IssuerProfile:
    return {"id": issuer.id, "type": ["Profile"], "name": issuer.name}


def _status(record: PortableRecord) -> StatusListEntry | None:
    if record.status is None:
        return None
    entry = record.status
    return {"id": f"{entry.list_url}#{entry.index}", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": str(entry.index),
            "statusListCredential": entry.list_url}


def achievement_id(credential_id: str, source_id: str) -> str:
    """A URI for one embedded credential, the same each time it is derived."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, credential_id + '#' + source_id)}"


def identifiers(record: PortableRecord) -> list[IdentityObject]:
    """The subject's IdentityObjects, exactly the properties the schema allows."""
    return [{"type": "IdentityObject", "identityType": "identifier", "hashed": False,
             "identityHash": record.registry_id},
            {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": record.person_name}]


def _achievement(record: PortableRecord, d: VerifiedDocument) -> AchievementCredential:
    valid_until = min(record.valid_until, d.valid_until) if d.valid_until else record.valid_until
    made: AchievementCredential = {
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
    }
    status = _status(record)
    if status is not None:  # last, as it always was
        made["credentialStatus"] = status
    return made


def credential(record: PortableRecord) -> ClrCredential:
    """The ClrCredential itself (what the `vc` claim holds)."""
    made: ClrCredential = {
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
    }
    status = _status(record)
    if status is not None:
        made["credentialStatus"] = status
    return made


def epoch(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC).timestamp())


def to_claims(record: PortableRecord) -> RecordClaims:
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


def _text(value: JsonValue, what: str, limit: int = 500) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise CredentialUnreadable("The credential has no usable {what}.", what=what)
    return value


def _plain(value: JsonValue, limit: int = 500) -> str:
    """A string, or the first language's value of a language map; '' when there is none."""
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
    return value[:limit] if isinstance(value, str) else ""


def _object(value: JsonValue) -> JsonObject:
    return value if isinstance(value, dict) else {}


def _member(value: JsonValue, name: str) -> JsonValue:
    """`name` of an object that may be absent (None); a present value that is not an object is malformed (a
    TypeError, the error of any other malformed property: services/records/portable_record.py's `_parse`)."""
    if not value:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"{name!r} is read from something that is not an object")
    return value.get(name)


def _listed(value: JsonValue) -> list[JsonValue]:
    """One object or a list of them (a string holds none); anything else is malformed (a TypeError)."""
    if not value or isinstance(value, str):
        return []
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        raise TypeError("a list is expected")
    return value


def _types(value: JsonValue) -> list[str]:
    return [value] if isinstance(value, str) else [t for t in value if isinstance(t, str)] \
        if isinstance(value, list) else []


def read_issuer(value: JsonValue) -> Issuer:
    """`issuer` as a URI or a Profile object."""
    if isinstance(value, str):
        return Issuer(_text(value, "issuer"), value)
    if not isinstance(value, dict):
        raise CredentialUnreadable("The credential has no usable {what}.", what="issuer")
    issuer_id = _text(value.get("id"), "issuer")
    return Issuer(issuer_id, _plain(value.get("name")) or issuer_id)


def jwt_payload(token: str) -> JsonObject:
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


def as_credential(value: JsonValue) -> JsonObject:
    """A credential object from an object, a JWT's claims (VC-JWT `vc` claim, or the claims themselves as VC 2.0
    JOSE does) or a compact JWT string."""
    if isinstance(value, str):
        value = jwt_payload(value)
    if not isinstance(value, dict):
        raise CredentialUnreadable("An embedded credential is neither an object nor a compact JWT.")
    inner = value.get("vc")
    return inner if isinstance(inner, dict) else value


def _registry_document(achievement: JsonObject) -> VerifiedDocument | None:
    subject = achievement.get("credentialSubject") or {}
    detail = subject.get("eceRegistry") if isinstance(subject, dict) else None
    if detail is None:
        return None
    fields = detail.get("fields") if isinstance(detail, dict) else None
    if not isinstance(detail, dict) or not isinstance(fields, dict):
        raise CredentialUnreadable("A document in the credential carries no verified fields.")
    records = detail.get("records") or []
    if not isinstance(records, list):
        raise CredentialUnreadable("A document in the credential carries no verified fields.")
    return VerifiedDocument(
        document_id=_text(detail.get("document_id"), "document id", 100),
        doc_type=_text(detail.get("doc_type"), "document type", 50),
        title=_text(achievement.get("name"), "document name"),
        achievement_type=_text(_member(_member(subject, "achievement"), "achievementType") or "Achievement",
                               "achievement type", 60),
        fields=fields,
        verified_at=_text(detail.get("verified_at"), "verification date", 40),
        records=tuple(VerifiedRecord(str(r.get("record_id") or "")[:100], str(r.get("kind") or "")[:30],
                                     _object(r.get("data")))
                      for r in records if isinstance(r, dict)))


def _foreign(achievement: JsonObject, fallback: Issuer) -> ForeignAchievement:
    subject = achievement.get("credentialSubject") or {}
    what = _object((subject.get("achievement") if isinstance(subject, dict) else None) or {})
    issuer = read_issuer(achievement["issuer"]) if achievement.get("issuer") else fallback
    name = _plain(what.get("name")) or _plain(achievement.get("name"))
    if not name:
        raise CredentialUnreadable("The credential has no usable {what}.", what="achievement name")
    return ForeignAchievement(
        credential_id=_plain(achievement.get("id"), 300), issuer=issuer, name=name,
        achievement_type=_plain(what.get("achievementType"), 60) or "Achievement",
        description=_plain(what.get("description"), 2000),
        valid_from=_plain(achievement.get("validFrom") or achievement.get("issuanceDate"), 40))


def read_credential(claims_or_credential: JsonObject) -> ReceivedCredential:
    """Read a credential offered for import, refusing anything that is not one (never guessing a field). It is
    untrusted JSON: each property is narrowed before it is used; one of the wrong kind where a rule reads it is
    refused with that rule's words, elsewhere with a TypeError."""
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
    identities = [i for i in _listed(subject.get("identifier"))
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
