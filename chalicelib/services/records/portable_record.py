"""A record that travels: export a participant's verified records as a signed credential, revoke it when a record
in it is retracted or amended, and import a credential into this registry's staff queue.

Export reads the records as they are now (the records the Education & Training report reads: corrected values,
retracted records gone, sponsor-granted training included), one embedded credential per source, and signs with
the registry's report-signing KMS key, whose public half is already published (`GET /v1/reports/signing-keys`;
`GET /v1/credentials/issuer` names the issuer beside it). Each credential has a position in a Bitstring Status
List (`GET /v1/credentials/status/{n}`); a retraction or an amendment of a record it carries sets the bit in the
correction's own transaction.

Import is bound to its holder: a credential that names its subject (name, registry ID) is refused unless that is
the caller. A VC-JWT from a registry staff added as trusted must verify against that registry's keys (ES256,
RS256 or EdDSA); an unknown key or a changed byte is refused with the reason and nothing is written; records
another ece-registry verified are accepted only that way. Any other learner credential (a school's or a badge
platform's, a Data Integrity proof this registry cannot check offline, 1EdTech's samples) is taken in as
unverified: staff see that no signature was checked. Either way the
documents wait for a staff decision like any other; the staff member's decision creates the records.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

from ulid import ULID

from chalicelib import clock, doctypes
from chalicelib.config import get_settings
from chalicelib.domain.documents import DocStatus
from chalicelib.domain.json_values import JsonMapping, JsonObject
from chalicelib.domain.portable_record import (
    MEDIA_TYPE,
    VC_CONTEXT,
    CredentialUnreadable,
    Issuer,
    JwtClaims,
    PortableRecord,
    ReceivedCredential,
    StatusEntry,
    VerifiedDocument,
    VerifiedRecord,
    read_credential,
    to_claims,
)
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.observability import logger, metrics
from chalicelib.security import jws
from chalicelib.security.identity import Caller
from chalicelib.services.records.views import (
    CredentialIssuer,
    IssuerRef,
    RecordCredential,
    RecordImported,
    TrustedRegistryView,
)
from chalicelib.services.unit_of_work import TableUnitOfWork, UnitOfWork
from chalicelib.services.views import Items
from chalicelib.store.credential_status import LIST_SIZE, issued_credential, status_list_item
from chalicelib.store.records import RecordItem
from chalicelib.store.trusted_registries import TrustedRegistryItem

ISSUER_NAME = "ECE Workforce Registry"
# A credential is valid for a year: long enough for a job application or a move to another registry, short
# enough that a copy nobody checks against the status list stops vouching for a record that changed since (the
# E&T report's training hours and QRIS's training rule both look back twelve months). A permit or CDA inside
# it ends earlier when the permit does.
VALIDITY = timedelta(days=365)
EVENT_SOURCE = "event:"
# The document type a record's kind comes from, for a record whose document is gone.
DOC_TYPE_OF_KIND = {"course": "transcript", "degree": "degree", "permit": "permit", "cda": "cda_credential",
                    "training": "training_certificate", "other": "other"}
TRAINING_FIELDS = ("training_title", "hours", "completed_on", "sponsor", "competency_area")


def issuer() -> Issuer:
    return Issuer(get_settings().public_base_url.rstrip("/"), ISSUER_NAME)


def issuer_document() -> CredentialIssuer:
    """Who this registry is as an issuer and the keys its credentials verify with (what another registry's
    staff paste when they add it as trusted)."""
    from chalicelib.services.records.issued_reports import signing_keys

    me = issuer()
    return CredentialIssuer(id=me.id, name=me.name, jwks=signing_keys())


def key_uri(kid: str) -> str:
    """The JOSE `kid`: a URI, the issuer document with the key's id as its fragment."""
    return f"{issuer().id}/v1/credentials/issuer#{kid}"


def subject_uri(registry_id: str) -> str:
    """The person as a URI: this registry's public page of their Registry ID (never a tax id)."""
    return f"{issuer().id}/v1/public/registry-ids/{registry_id}"


def status_list_url(list_number: int) -> str:
    return f"{issuer().id}/v1/credentials/status/{list_number}"


@dataclass(frozen=True, slots=True)
class Signer:
    """A P-256 key that signs ES256: its id in the published JWKS, and the signing (64-byte r||s)."""

    kid: str
    sign: Callable[[bytes], bytes]


def kms_signer() -> Signer:
    from chalicelib.services.records.issued_reports import _signing_key

    return Signer(_signing_key()[0], _sign)


def _sign(signing_input: bytes) -> bytes:
    """ES256 over the JWS signing input with the KMS key. AWS signs the SHA-256 digest (MessageType DIGEST: a
    RAW message is limited to 4096 bytes, and a record is longer). moto's KMS ignores DIGEST and hashes the
    digest again, which no verifier accepts, so the result is checked and, where it fails (moto only), the
    input is signed as RAW, which moto does not size-limit."""
    import jwt
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    from chalicelib.aws import keys
    from chalicelib.reports.signature import der_to_raw
    from chalicelib.services.records.issued_reports import SIGNING_ALGORITHM, _signing_key

    key_id = get_settings().report_signing_key_id
    public = jwt.PyJWK(_signing_key()[1]).key  # cached per key id: no GetPublicKey per signature
    for message, kind in ((hashlib.sha256(signing_input).digest(), "DIGEST"), (signing_input, "RAW")):
        der = keys.sign(key_id, message, message_type=kind, algorithm=SIGNING_ALGORITHM)
        try:
            public.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            continue
        return der_to_raw(der)
    raise RuntimeError("The signing key did not produce a signature that verifies.")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fields_now(doc_type: str, verified: JsonObject, records: list[RecordItem]) -> JsonObject:
    """The document's verified fields as they read now: its current records laid over them (a corrected value
    replaces the verified one; a retracted course is no longer in the list)."""
    fields = dict(verified)
    spec = doctypes.get(doc_type)
    if spec is None or spec.to_records is None:
        return fields
    lists = {name: value for name, value in verified.items() if isinstance(value, list)}
    if lists:  # rows (a transcript's courses and degrees): the current records of the kind each list became
        for name, listed in lists.items():
            rows = [r for r in listed if isinstance(r, dict)]
            kinds = {kind for kind, _ in spec.to_records({name: list(rows)})}
            keys = set().union(*(r.keys() for r in rows))
            fields[name] = [{k: v for k, v in r.data.items() if not keys or k in keys}
                            for r in _in_order_of(rows, [r for r in records if r.kind in kinds])]
        return fields
    pieces = spec.to_records(verified)
    if len(pieces) != 1 or not records:
        return fields
    original, now = pieces[0][1], records[0].data
    for key, value in original.items():
        field: str | None = key if key in verified else next(
            (f for f, v in verified.items() if v == value and f not in original), None)
        if field is not None and key in now:
            fields[field] = now[key]
    return fields


def _in_order_of(rows: Sequence[JsonMapping], records: list[RecordItem]) -> list[RecordItem]:
    """Records in the order of the document's rows they came from (each at the row it agrees with most: an
    amended course still agrees on its other values). Record ids are not in creation order."""
    def position(record: RecordItem) -> int:
        agreement = [(sum(1 for k, v in row.items() if record.data.get(k) == v), -i) for i, row in enumerate(rows)]
        return -max(agreement, default=(0, 0))[1]

    return sorted(records, key=position)


def _expiry(records: list[RecordItem]) -> str | None:
    dates = sorted(str(r.data.get("expires_on"))[:10] for r in records
                   if r.kind in ("permit", "cda") and len(str(r.data.get("expires_on") or "")) >= 10)
    return f"{dates[0]}T23:59:59Z" if dates else None


def _sources(user_id: str, person_name: str, uow: UnitOfWork) -> list[VerifiedDocument]:
    """The person's current records, one travelling document per source (a document or a sponsor's training)."""
    by_source: dict[str, list[RecordItem]] = {}
    for record in uow.records.of_person(user_id):
        by_source.setdefault(record.source_document_id, []).append(record)
    documents = []
    for source_id, records in by_source.items():
        verified_at = max(r.verified_at for r in records)
        fields: JsonObject
        if source_id.startswith(EVENT_SOURCE):
            doc_type = "training_certificate"
            data = records[0].data
            fields = {"person_name": person_name, **{k: data.get(k) for k in TRAINING_FIELDS}}
            title = str(data.get("training_title") or "") or "Training"
        else:
            document = uow.documents.get(source_id)
            doc_type = str((document.doc_type if document else None)
                           or DOC_TYPE_OF_KIND.get(records[0].kind, "other"))
            verified = dict(document.verified_fields or {}) if document else {}
            fields = _fields_now(doc_type, verified, records)
            spec = doctypes.get(doc_type)
            title = spec.display["en"] if spec else doc_type
        spec = doctypes.get(doc_type)
        documents.append(VerifiedDocument(
            document_id=source_id, doc_type=doc_type, title=title,
            achievement_type=spec.achievement_type if spec else "Achievement", fields=fields,
            verified_at=verified_at, records=tuple(VerifiedRecord(r.record_id, r.kind, dict(r.data)) for r in records),
            valid_until=_expiry(records)))
    return sorted(documents, key=lambda d: (d.verified_at, d.document_id))


def export_record(caller: Caller, uow: UnitOfWork | None = None, signer: Signer | None = None) -> RecordCredential:
    """The caller's verified records as one signed credential (VC-JWT), to keep or hand to another registry."""
    from chalicelib.services.names import legal_name

    uow = uow or TableUnitOfWork()
    profile = uow.people.profile(caller.user_id)
    if profile is None or profile.status != "active":
        raise NotFound("Enroll first: a record credential is issued for an active profile.")
    name = legal_name(profile)
    documents = _sources(caller.user_id, name, uow)
    if not documents:
        raise Conflict("Nothing on your record is verified yet: a credential carries verified documents only.")
    signer = signer or kms_signer()
    now = clock.now()
    index = uow.credentials.allocate_index()
    record = PortableRecord(credential_id=f"urn:uuid:{ULID().to_uuid()}", issuer=issuer(), issued_at=_stamp(now),
                            valid_until=_stamp(now + VALIDITY), person_name=name, registry_id=profile.registry_id,
                            subject_id=subject_uri(profile.registry_id), documents=tuple(documents),
                            status=StatusEntry(status_list_url(index // LIST_SIZE), index))
    token = jws.encode(to_claims(record), key_uri(signer.kid), signer.sign)
    record_ids = [r.record_id for d in documents for r in d.records]
    uow.save(issued_credential(caller.user_id, record.credential_id, index=index, record_ids=record_ids,
                               issued_at=record.issued_at, valid_until=record.valid_until))
    uow.audit(f"credential:{record.credential_id}", caller, "credential:issued",
              after={"records": len(record_ids), "valid_until": record.valid_until, "status_index": index})
    uow.commit()
    metrics.add_metric(name="RecordCredentialsIssued", unit="Count", value=1)
    return RecordCredential(credential=token, media_type=MEDIA_TYPE, credential_id=record.credential_id,
                            issuer=IssuerRef(id=record.issuer.id, name=record.issuer.name), documents=len(documents),
                            valid_until=record.valid_until, file_name=f"ece-record-{profile.registry_id}.jwt")


def stage_revocations(uow: UnitOfWork, user_id: str, record_id: str, at: str) -> int:
    """Revoke, in the caller's commit, every unexpired credential of the person that carries this record (it was
    retracted or amended: the credential no longer says what the registry holds)."""
    revoked = 0
    for item in uow.credentials.issued_to(user_id):
        if item.revoked_at or item.valid_until <= at or record_id not in (item.record_ids or []):
            continue
        item.revoked_at = at
        uow.save(item)
        uow.count(status_list_item(int(item.list_number)), "revoked", frozenset({int(item.position)}))
        revoked += 1
    return revoked


# --- the status list ----------------------------------------------------------------------------------------

STATUS_LIST_TTL = timedelta(minutes=10)
_signed_lists: dict[int, tuple[frozenset[int], datetime, str]] = {}


def encoded_list(revoked: frozenset[int]) -> str:
    """The W3C Bitstring Status List `encodedList`: GZIP of LIST_SIZE bits (position 0 the first byte's highest
    bit), base64url without padding, with the multibase prefix `u`."""
    import base64

    bits = bytearray(LIST_SIZE // 8)
    for position in revoked:
        if 0 <= position < LIST_SIZE:
            bits[position // 8] |= 0x80 >> (position % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode()


# The Bitstring Status List credential, as the W3C spec names its properties (written in the order below).


class StatusList(TypedDict):
    id: str
    type: str  # BitstringStatusList
    statusPurpose: str
    encodedList: str


StatusListCredential = TypedDict("StatusListCredential", {
    "@context": list[str], "id": str, "type": list[str], "issuer": str, "validFrom": str, "validUntil": str,
    "credentialSubject": StatusList})


class StatusListClaims(JwtClaims):
    vc: StatusListCredential


def status_list_claims(list_number: int, revoked: frozenset[int], now: datetime) -> StatusListClaims:
    url = status_list_url(list_number)
    valid_from, valid_until = _stamp(now), _stamp(now + timedelta(days=1))
    credential: StatusListCredential = {
        "@context": [VC_CONTEXT], "id": url, "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer().id, "validFrom": valid_from, "validUntil": valid_until,
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                              "encodedList": encoded_list(revoked)}}
    return {"iss": issuer().id, "sub": f"{url}#list", "jti": url, "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()), "exp": int((now + timedelta(days=1)).timestamp()), "vc": credential}


def status_list_credential(list_number: int, uow: UnitOfWork | None = None, signer: Signer | None = None) -> str:
    """The signed status list credential (a VC-JWT). One GetItem; signed again only when a bit changed or ten
    minutes passed, so a public route's work is bounded."""
    if not 0 <= list_number < 1_000_000:
        raise NotFound("No such status list.")
    uow = uow or TableUnitOfWork()
    item = uow.credentials.status_list(list_number)
    if item is None:
        raise NotFound("No such status list.")
    revoked = frozenset(int(p) for p in item.revoked or ())
    now = clock.now()
    kept = _signed_lists.get(list_number)
    if kept is not None and kept[0] == revoked and now - kept[1] < STATUS_LIST_TTL:
        return kept[2]
    signer = signer or kms_signer()
    token = jws.encode(status_list_claims(list_number, revoked, now), key_uri(signer.kid), signer.sign)
    _signed_lists[list_number] = (revoked, now, token)
    return token


# --- trusted registries -------------------------------------------------------------------------------------

def _usable_key(key: Any) -> bool:
    if not isinstance(key, dict) or not key.get("kid"):
        return False
    kty = key.get("kty")
    return (kty == "EC" and key.get("crv") == "P-256" and bool(key.get("x") and key.get("y"))) \
        or (kty == "RSA" and bool(key.get("n") and key.get("e"))) \
        or (kty == "OKP" and key.get("crv") == "Ed25519" and bool(key.get("x")))


def trust_registry(caller: Caller, *, issuer_id: str, name: str, jwks: Mapping[str, Any]) -> TrustedRegistryView:
    from chalicelib.store.trusted_registries import trust

    keys = jwks.get("keys")
    if not isinstance(keys, list) or not keys or not all(_usable_key(k) for k in keys):
        raise InvalidRequest("jwks must hold the registry's public signing keys as its issuer document lists them "
                             "(GET /v1/credentials/issuer on that registry), each with a kid: EC P-256 (x, y), RSA "
                             "(n, e) or OKP Ed25519 (x).")
    import jwt

    algorithm = {"EC": "ES256", "RSA": "RS256", "OKP": "EdDSA"}
    for key in keys:
        try:
            loaded = jwt.PyJWK(dict(key), algorithm=algorithm[key["kty"]]).key
        except Exception:  # any failure to load is the same answer: this is not a usable public key
            raise InvalidRequest("Key {kid} is not a valid public key.", kid=str(key.get("kid"))[:40]) from None
        if key["kty"] == "RSA" and getattr(loaded, "key_size", 0) < 2048:
            raise InvalidRequest("Key {kid} is an RSA key shorter than 2048 bits.", kid=str(key.get("kid"))[:40])
    if issuer_id.rstrip("/") == issuer().id:
        raise InvalidRequest("That is this registry: its own credentials need no import.")
    item = trust(issuer_id.rstrip("/"), name=name, jwks={"keys": keys}, added_by=caller.user_id,
                 added_at=clock.now_iso())
    logger.info("registry trusted", extra={"issuer": item.issuer_id})
    return _trusted_view(item)


def _trusted_view(item: TrustedRegistryItem) -> TrustedRegistryView:
    return TrustedRegistryView(issuer_id=item.issuer_id, name=item.name,
                               keys=[k["kid"] for k in item.jwks["keys"]], added_at=item.added_at)


def trusted() -> Items[TrustedRegistryView]:
    from chalicelib.store.trusted_registries import trusted_registries

    return {"items": [_trusted_view(i) for i in trusted_registries()]}


@dataclass(frozen=True, slots=True)
class TrustedIssuer:
    name: str
    jwks: Mapping[str, Any]  # the JWKS staff pasted (trust_registry checked its keys), read as jws.verify reads it


def trusted_issuer(issuer_id: str) -> TrustedIssuer | None:
    """A registry staff added as trusted, with the keys it publishes (None for any other issuer)."""
    from chalicelib.store.trusted_registries import trusted_registry

    item = trusted_registry(issuer_id.rstrip("/"))
    return None if item is None else TrustedIssuer(item.name, dict(item.jwks))


# --- import -------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Offered:
    """A credential offered for import, read, with whether its signature was checked against a trusted key."""

    credential: ReceivedCredential
    verified: bool
    why_unverified: str | None


def _parse(credential: str | JsonObject, trusted_as: Callable[[str], TrustedIssuer | None]) -> Offered:
    import jwt

    if isinstance(credential, str) and credential.strip().startswith("{"):
        try:
            credential = json.loads(credential)
        except ValueError:
            raise InvalidRequest("The credential is neither a VC-JWT nor a JSON credential.",
                                 extra={"refused": "malformed"}) from None
    try:
        if isinstance(credential, dict):
            # An embedded proof (Data Integrity) is checked with the issuer's DID or key document and JSON-LD
            # canonicalisation, both fetched from the network: not done here, so staff see it as not checked.
            offered = Offered(read_credential(credential), False, "proof_not_checked")
            if offered.credential.documents:
                raise InvalidRequest("Records another registry verified are imported only as the VC-JWT that "
                                     "registry signed, from a registry staff added as trusted.",
                                     extra={"refused": "unsigned_registry_record"})
            return offered
        if not isinstance(credential, str):
            raise InvalidRequest("The credential is neither a VC-JWT nor a JSON credential.",
                                 extra={"refused": "malformed"})
        try:
            return Offered(read_credential(jws.verify(credential, lambda i: getattr(trusted_as(i), "jwks", None))),
                           True, None)
        except jws.CredentialRefused as exc:
            if exc.why != jws.Refusal.UNKNOWN_ISSUER:
                metrics.add_metric(name="RecordCredentialsRefused", unit="Count", value=1)
                raise InvalidRequest(exc.wording, extra={"refused": exc.why.value}) from None
            claims = jwt.decode(credential.strip(), options={"verify_signature": False})
            offered = Offered(read_credential(claims), False, "issuer_not_trusted")
            if offered.credential.issuer.id == issuer().id:
                raise Conflict("This registry issued this credential: its records are already on your "
                               "profile.") from None
            if offered.credential.documents:
                # Another registry's staff-verified records are taken in only as that registry signed them.
                raise InvalidRequest(exc.wording, extra={"refused": exc.why.value}) from None
            return offered
    except CredentialUnreadable as exc:
        raise InvalidRequest(exc.wording, extra={"refused": "unreadable"}) from None
    except (jwt.PyJWTError, AttributeError, KeyError, TypeError, ValueError):
        raise InvalidRequest("The credential cannot be read: it is not a learner record credential in a form this "
                             "registry reads.", extra={"refused": "malformed"}) from None


def _bind_to_holder(offered: ReceivedCredential, caller: Caller, uow: UnitOfWork) -> str:
    """Refuse a credential about someone else: every name it gives its subject must be one of the caller's, and a
    registry ID from this registry must be theirs. Returns what binding was possible, for staff."""
    from chalicelib.domain.attention import same_person
    from chalicelib.services.accounts.profiles import names_of

    profile = uow.people.profile(caller.user_id)
    if profile is None or profile.status != "active":
        raise NotFound("Enroll first: imported documents are added to an active profile.")
    known = names_of(profile, include_pending=False)
    names = [n for n in offered.names if n.strip()]
    if any(not same_person(n, known) for n in names):
        raise Forbidden("This credential was issued to someone else: a credential is imported only by the person "
                        "it names. Nothing was imported.", extra={"refused": "not_the_holder"})
    if offered.issuer.id == issuer().id and offered.registry_ids and profile.registry_id not in offered.registry_ids:
        raise Forbidden("This credential was issued to someone else: a credential is imported only by the person "
                        "it names. Nothing was imported.", extra={"refused": "not_the_holder"})
    return "name" if names else "not_established"


def _foreign_fields(offered: ReceivedCredential) -> list[tuple[str, str, JsonObject, str]]:
    """(source key, document type, fields for staff, verified or issued date) for each achievement."""
    name = next((n for n in offered.names if n.strip()), "")
    out = []
    for a in offered.achievements:
        fields: JsonObject = {"person_name": name, "description": f"{a.name} ({a.achievement_type})"[:500],
                              "issuer": a.issuer.name, "issued_on": a.valid_from[:10] or None}
        out.append((f"{a.issuer.id}#{a.credential_id or a.name}", "other", fields, a.valid_from))
    return out


def import_record(caller: Caller, credential: str | JsonObject, uow: UnitOfWork | None = None,
                  trusted_as: Callable[[str], TrustedIssuer | None] = trusted_issuer) -> RecordImported:
    """Check a record credential and put its documents in the staff queue, bound to the caller."""
    uow = uow or TableUnitOfWork()
    offered = _parse(credential, trusted_as)
    record = offered.credential
    holder = _bind_to_holder(record, caller, uow)
    if record.issuer.id == issuer().id:
        raise Conflict("This registry issued this credential: its records are already on your profile.")
    unknown = sorted({d.doc_type for d in record.documents if doctypes.get(d.doc_type) is None})
    if unknown:
        raise InvalidRequest("The credential holds document types this registry does not know: {types}. Nothing was "
                             "imported.", types=", ".join(unknown), extra={"refused": "unknown_type"})
    person = next((n for n in record.names if n.strip()), "")
    pieces = [(f"{record.issuer.id}#{d.document_id}", d.doc_type, {**d.fields, "doc_type": d.doc_type},
               d.verified_at) for d in record.documents] + _foreign_fields(record)
    already = {(item.imported_from or {}).get("source") for item in uow.documents.of_owner(caller.user_id)
               if item.imported_from and item.status != DocStatus.DELETED.value}
    fresh = [p for p in pieces if p[0] not in already]
    if not fresh:
        raise Conflict("Every document in this credential was imported before: nothing new to add.")
    issuer_name = (getattr(trusted_as(record.issuer.id), "name", None) if offered.verified else None) \
        or record.issuer.name
    now = clock.now_iso()
    created = []
    for source, doc_type, fields, dated in fresh:
        document_id = str(ULID())
        item = uow.documents.create(
            document_id, owner_id=caller.user_id, uploaded_by=caller.user_id, doc_type_hint=doc_type,
            doc_type=doc_type, status=DocStatus.NEEDS_REVIEW.value, file_name=None,
            upload_key=f"imports/{document_id}", extracted=fields, low_confidence=0,
            imported_from={"issuer_id": record.issuer.id, "issuer_name": issuer_name,
                           "credential_id": record.credential_id, "source": source, "verified_at": dated,
                           "person_name": person, "registry_id": next(iter(record.registry_ids), None),
                           "signature_checked": offered.verified, "unverified_because": offered.why_unverified,
                           "holder": holder},
            created_at=now, submitted_at=now, updated_at=now)
        item.index_for_status()
        uow.save(item)
        if offered.verified:
            reason = f"Verified by {issuer_name} on {dated[:10]}; signature checked."
        else:
            reason = (f"Issued by {issuer_name}; NOT verified ({offered.why_unverified}): check it with the issuer."
                      + (" The credential does not name its subject." if holder == "not_established" else ""))
        uow.audit(item, caller, "import:received", reason=reason)
        uow.adjust_pending(caller.user_id, 1)
        created.append(document_id)
    uow.commit()
    metrics.add_metric(name="RecordCredentialsImported", unit="Count", value=1)
    logger.info("record credential imported", extra={"documents": len(created), "verified": offered.verified})
    return RecordImported(documents=created, issuer=IssuerRef(id=record.issuer.id, name=issuer_name),
                          signature_checked=offered.verified, unverified_because=offered.why_unverified,
                          holder_checked_by=holder, skipped_already_imported=len(pieces) - len(fresh))
