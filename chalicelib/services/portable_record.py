"""A record that travels: export a participant's verified documents as a signed credential, and import one that
another registry signed into this registry's staff queue, marked as verified by that registry.

Export signs with the registry's report-signing KMS key, whose public half is already published
(`GET /v1/reports/signing-keys`; `GET /v1/credentials/issuer` names the issuer beside it). Import checks the
signature against the keys of a registry staff added as trusted; an unknown issuer, an unknown key or a changed
byte is refused with the reason, and nothing is written. Accepted documents wait for a staff decision like any
other (no new upload), showing who verified them first; the staff member's decision creates the records.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ulid import ULID

from chalicelib import clock, doctypes
from chalicelib.config import get_settings
from chalicelib.domain.documents import DocStatus
from chalicelib.domain.portable_record import (
    MEDIA_TYPE,
    CredentialUnreadable,
    Issuer,
    PortableRecord,
    VerifiedDocument,
    from_claims,
    to_claims,
)
from chalicelib.errors import Conflict, InvalidRequest, NotFound
from chalicelib.observability import logger, metrics
from chalicelib.security import jws
from chalicelib.security.identity import Caller
from chalicelib.services.unit_of_work import TableUnitOfWork, UnitOfWork

ISSUER_NAME = "ECE Workforce Registry"


def issuer() -> Issuer:
    return Issuer(get_settings().public_base_url.rstrip("/"), ISSUER_NAME)


def issuer_document() -> dict[str, Any]:
    """Who this registry is as an issuer and the keys its credentials verify with (what another registry's
    staff paste when they add it as trusted)."""
    from chalicelib.services.issued_reports import signing_keys

    me = issuer()
    return {"id": me.id, "name": me.name, "jwks": signing_keys()}


def _sign(signing_input: bytes) -> bytes:
    """ES256 over the JWS signing input with the KMS key. AWS signs the SHA-256 digest (MessageType DIGEST: a
    RAW message is limited to 4096 bytes, and a record is longer). moto's KMS ignores DIGEST and hashes the
    digest again, which no verifier accepts, so the result is checked and, where it fails (moto only), the
    input is signed as RAW, which moto does not size-limit."""
    import jwt
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    from chalicelib.aws.clients import client
    from chalicelib.reports.signature import der_to_raw
    from chalicelib.services.issued_reports import SIGNING_ALGORITHM, _signing_key

    kms = client("kms")
    key_id = get_settings().report_signing_key_id
    public = jwt.PyJWK(_signing_key()[1]).key  # cached per key id: no GetPublicKey per signature
    for message, kind in ((hashlib.sha256(signing_input).digest(), "DIGEST"), (signing_input, "RAW")):
        der = kms.sign(KeyId=key_id, Message=message, MessageType=kind,
                       SigningAlgorithm=SIGNING_ALGORITHM)["Signature"]
        try:
            public.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            continue
        return der_to_raw(der)
    raise RuntimeError("The signing key did not produce a signature that verifies.")


def export_record(caller: Caller, uow: UnitOfWork | None = None) -> dict[str, Any]:
    """The caller's verified documents as one signed credential (VC-JWT), to keep or hand to another registry."""
    from chalicelib.services.issued_reports import _signing_key
    from chalicelib.services.names import legal_name
    from chalicelib.store.profiles import get_profile

    uow = uow or TableUnitOfWork()
    profile = get_profile(caller.user_id)
    if profile is None or profile.status != "active":
        raise NotFound("Enroll first: a record credential is issued for an active profile.")
    documents = []
    for item in uow.documents.of_owner(caller.user_id):
        spec = doctypes.get(item.doc_type)
        if item.status != DocStatus.VERIFIED.value or not item.verified_fields or spec is None:
            continue
        documents.append(VerifiedDocument(document_id=item.document_id, doc_type=spec.name,
                                          title=spec.display["en"], achievement_type=spec.achievement_type,
                                          fields=dict(item.verified_fields), verified_at=item.decided_at or ""))
    if not documents:
        raise Conflict("Nothing on your record is verified yet: a credential carries verified documents only.")
    now = clock.now()
    record = PortableRecord(credential_id=f"urn:uuid:{ULID().to_uuid()}", issuer=issuer(),
                            issued_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"), person_name=legal_name(profile),
                            registry_id=profile.registry_id, documents=tuple(documents))
    token = jws.encode(to_claims(record, issued_epoch=int(now.timestamp())), _signing_key()[0], _sign)
    metrics.add_metric(name="RecordCredentialsIssued", unit="Count", value=1)
    return {"credential": token, "media_type": MEDIA_TYPE, "credential_id": record.credential_id,
            "issuer": {"id": record.issuer.id, "name": record.issuer.name}, "documents": len(documents),
            "file_name": f"ece-record-{profile.registry_id}.jwt"}


def trust_registry(caller: Caller, *, issuer_id: str, name: str, jwks: dict[str, Any]) -> dict[str, Any]:
    from chalicelib.store.trusted_registries import trust

    keys = jwks.get("keys")
    if not isinstance(keys, list) or not keys or not all(
            isinstance(k, dict) and k.get("kty") == "EC" and k.get("crv") == "P-256" and k.get("kid")
            and k.get("x") and k.get("y") for k in keys):
        raise InvalidRequest("jwks must hold the registry's P-256 signing keys as its issuer document lists "
                             "them (GET /v1/credentials/issuer on that registry): kty EC, crv P-256, kid, x, y.")
    import jwt

    for key in keys:
        try:
            jwt.PyJWK(dict(key), algorithm="ES256")
        except Exception:  # any failure to load is the same answer: this is not a usable public key
            raise InvalidRequest("Key {kid} is not a valid P-256 public key.", kid=str(key.get("kid"))[:40]) from None
    if issuer_id.rstrip("/") == issuer().id:
        raise InvalidRequest("That is this registry: its own credentials need no import.")
    item = trust(issuer_id.rstrip("/"), name=name, jwks={"keys": keys}, added_by=caller.user_id,
                 added_at=clock.now_iso())
    logger.info("registry trusted", extra={"issuer": item.issuer_id})
    return _trusted_view(item)


def _trusted_view(item: Any) -> dict[str, Any]:
    return {"issuer_id": item.issuer_id, "name": item.name, "keys": [k["kid"] for k in item.jwks["keys"]],
            "added_at": item.added_at}


def trusted() -> dict[str, Any]:
    from chalicelib.store.trusted_registries import trusted_registries

    return {"items": [_trusted_view(i) for i in trusted_registries()]}


def _keys_of(issuer_id: str) -> dict[str, Any] | None:
    from chalicelib.store.trusted_registries import trusted_registry

    item = trusted_registry(issuer_id.rstrip("/"))
    return None if item is None else dict(item.jwks)


def import_record(caller: Caller, credential: str, uow: UnitOfWork | None = None) -> dict[str, Any]:
    """Check a record credential from another registry and put its documents in the staff queue."""
    from chalicelib.store.trusted_registries import trusted_registry

    uow = uow or TableUnitOfWork()
    try:
        record = from_claims(jws.verify(credential, _keys_of))
    except jws.CredentialRefused as exc:
        metrics.add_metric(name="RecordCredentialsRefused", unit="Count", value=1)
        raise InvalidRequest(exc.wording, extra={"refused": exc.why.value}) from None
    except CredentialUnreadable as exc:
        raise InvalidRequest(exc.wording, extra={"refused": "unreadable"}) from None
    unknown = sorted({d.doc_type for d in record.documents if doctypes.get(d.doc_type) is None})
    if unknown:
        raise InvalidRequest("The credential holds document types this registry does not know: {types}. Nothing was "
                             "imported.", types=", ".join(unknown), extra={"refused": "unknown_type"})
    already = {(item.imported_from or {}).get("source") for item in uow.documents.of_owner(caller.user_id)
               if item.imported_from and item.status != DocStatus.DELETED.value}
    source_of = {d.document_id: f"{record.issuer.id}#{d.document_id}" for d in record.documents}
    fresh = [d for d in record.documents if source_of[d.document_id] not in already]
    if not fresh:
        raise Conflict("Every document in this credential was imported before: nothing new to add.")
    trusted_name = getattr(trusted_registry(record.issuer.id), "name", None) or record.issuer.name
    now = clock.now_iso()
    created = []
    for doc in fresh:
        document_id = str(ULID())
        item = uow.documents.create(
            document_id, owner_id=caller.user_id, uploaded_by=caller.user_id, doc_type_hint=doc.doc_type,
            doc_type=doc.doc_type, status=DocStatus.NEEDS_REVIEW.value, file_name=None,
            upload_key=f"imports/{document_id}", extracted={**doc.fields, "doc_type": doc.doc_type}, low_confidence=0,
            imported_from={"issuer_id": record.issuer.id, "issuer_name": trusted_name,
                           "credential_id": record.credential_id, "source": source_of[doc.document_id],
                           "verified_at": doc.verified_at, "person_name": record.person_name,
                           "registry_id": record.registry_id},
            created_at=now, submitted_at=now, updated_at=now)
        item.index_for_status()
        uow.save(item)
        uow.audit(item, caller, "import:received",
                  reason=f"Verified by {trusted_name} on {doc.verified_at[:10]}; signature checked.")
        uow.adjust_pending(caller.user_id, 1)
        created.append(document_id)
    uow.commit()
    metrics.add_metric(name="RecordCredentialsImported", unit="Count", value=1)
    logger.info("record credential imported", extra={"documents": len(created)})
    return {"documents": created, "issuer": {"id": record.issuer.id, "name": trusted_name},
            "skipped_already_imported": len(record.documents) - len(fresh)}
