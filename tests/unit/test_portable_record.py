"""The portable record credential on the in-memory unit of work: it passes 1EdTech's official OB 3.0 and CLR 2.0
JSON Schemas (vendored in tests/fixtures/1edtech), it is built from the records as they are now (a correction
travels, a retracted record does not, sponsor-granted training does), a correction revokes the credentials that
carried the record through the Bitstring Status List, 1EdTech's own samples import, and a credential imported by
someone it does not name is refused. Signed here with local keys (the service signs with KMS the same way)."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from jsonschema import Draft201909Validator
from referencing import Registry, Resource

from chalicelib.domain.documents import DocStatus
from chalicelib.domain.portable_record import (
    CLR_SCHEMA,
    OB_SCHEMA,
    Issuer,
    PortableRecord,
    StatusEntry,
    VerifiedDocument,
    VerifiedRecord,
    read_credential,
    to_claims,
)
from chalicelib.errors import Conflict, Forbidden, InvalidRequest
from chalicelib.reports.signature import der_to_raw, jwk_of
from chalicelib.security import jws
from chalicelib.security.identity import Caller, Role
from chalicelib.services.documents import review
from chalicelib.services.records import corrections, portable_record
from chalicelib.services.records.corrections import RecordChange
from chalicelib.services.records.portable_record import Signer, TrustedIssuer
from chalicelib.store.credential_status import LIST_SIZE
from chalicelib.store.documents import DocumentItem
from chalicelib.store.profiles import ProfileItem
from chalicelib.store.records import new_record
from tests.fakes import InMemoryUnitOfWork
from tests.unit.people import ANA, AT, PERMIT, SAM, with_ana

FIXTURES = Path(__file__).parent.parent / "fixtures" / "1edtech"
REGISTRY_A = Issuer("https://registry-a.example.org", "Registry A")
BO = Caller("user-bo", frozenset({Role.PARTICIPANT}))


def _schema(name: str) -> dict[str, Any]:
    return dict(json.loads((FIXTURES / "schemas" / name).read_text()))


OB = _schema("ob_v3p0_achievementcredential_schema.json")
CLR = _schema("clr_v2p0_clrcredential_schema.json")


def _validator(schema: dict[str, Any]) -> Draft201909Validator:
    # Every schema is resolved from the vendored copies: the registry never fetches a URL.
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in (OB, CLR))
    return Draft201909Validator(schema, registry=registry, format_checker=Draft201909Validator.FORMAT_CHECKER)


def _errors(schema: dict[str, Any], instance: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in _validator(schema).iter_errors(instance)]


# --- keys and signing ---------------------------------------------------------------------------------------

def _ec_key() -> tuple[ec.EllipticCurvePrivateKey, dict[str, Any]]:
    private = ec.generate_private_key(ec.SECP256R1())
    der = private.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return private, jwk_of(der)


def _signer(private: ec.EllipticCurvePrivateKey, kid: str) -> Signer:
    return Signer(kid, lambda data: der_to_raw(private.sign(data, ec.ECDSA(hashes.SHA256()))))


THIS_KEY, THIS_JWK = _ec_key()
THIS_SIGNER = _signer(THIS_KEY, THIS_JWK["kid"])


def _claims(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def _header(token: str) -> dict[str, Any]:
    return dict(jwt.get_unverified_header(token))


def _bits(encoded: str) -> bytes:
    assert encoded.startswith("u")
    return gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))


def _revoked(uow: InMemoryUnitOfWork, index: int) -> bool:
    token = portable_record.status_list_credential(index // LIST_SIZE, uow, THIS_SIGNER)
    status = _claims(token)["vc"]
    assert status["credentialSubject"]["type"] == "BitstringStatusList"
    bits = _bits(status["credentialSubject"]["encodedList"])
    assert len(bits) * 8 >= LIST_SIZE  # the spec's 16 KB minimum
    position = index % LIST_SIZE
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


# --- a participant with records -----------------------------------------------------------------------------

@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return with_ana()


def _verified_permit(uow: InMemoryUnitOfWork, document_id: str = "doc-permit") -> str:
    item = uow.documents.create(document_id, owner_id=ANA.user_id, uploaded_by=ANA.user_id, doc_type="permit",
                                status=DocStatus.NEEDS_REVIEW.value, upload_key=f"uploads/{document_id}",
                                file_name="permit.jpg", created_at=AT, submitted_at=AT, updated_at=AT,
                                extracted={"doc_type": "permit", **PERMIT})
    item.index_for_status()
    uow.save(item)
    uow.commit()
    answer = review.decide(SAM, document_id, decision="verify", fields=PERMIT, reason=None, expected_version=None,
                           uow=uow)
    return str(answer["records"][0])


def _sponsor_training(uow: InMemoryUnitOfWork) -> str:
    """A training whose sponsor marked Ana's attendance: a record whose source is the event."""
    data = {"training_title": "Positive Guidance", "sponsor": "Sacramento COE", "hours": 3.0,
            "competency_area": "Guidance", "completed_on": "2026-10-01", "source": "sponsor", "event_id": "ev-7"}
    record = new_record(ANA.user_id, "training", data, record_id="rec-training", source_document_id="event:ev-7",
                        verified_by="user-sponsor", verified_at=AT)
    snapshot = uow.records.snapshot_of(ANA.user_id)
    snapshot.records = [*snapshot.records, {"record_id": "rec-training", "kind": "training", "data": data,
                                            "verified_at": AT}]
    uow.save(record)
    uow.keep_records(snapshot)
    uow.commit()
    return "rec-training"


def _export(uow: InMemoryUnitOfWork) -> tuple[str, dict[str, Any]]:
    answer = portable_record.export_record(ANA, uow, THIS_SIGNER)
    return answer["credential"], _claims(answer["credential"])


def _achievement(vc: dict[str, Any], doc_type: str) -> dict[str, Any]:
    return next(a for a in vc["credentialSubject"]["verifiableCredential"]
                if a["credentialSubject"]["eceRegistry"]["doc_type"] == doc_type)


def test_the_exported_credential_passes_the_official_clr_and_open_badges_schemas(uow: InMemoryUnitOfWork) -> None:
    _verified_permit(uow)
    _sponsor_training(uow)
    token, claims = _export(uow)
    vc = claims["vc"]

    assert _errors(CLR, vc) == []
    embedded = vc["credentialSubject"]["verifiableCredential"]
    assert len(embedded) == 2
    for achievement in embedded:
        assert _errors(OB, achievement) == []
        assert achievement["@context"][0] == "https://www.w3.org/ns/credentials/v2"
        assert achievement["credentialSchema"] == [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]
    assert vc["@context"][:3] == ["https://www.w3.org/ns/credentials/v2",
                                  "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
                                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert vc["credentialSchema"] == [{"id": CLR_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]
    assert "issuanceDate" not in vc and vc["validFrom"] < vc["validUntil"]
    # The JOSE header and registered claims mirror the credential; the subject is a URI, not a number.
    header = _header(token)
    assert header["alg"] == "ES256" and header["kid"].startswith("http") \
        and header["kid"].endswith("/v1/credentials/issuer#" + THIS_JWK["kid"])
    subject_id = vc["credentialSubject"]["id"]
    assert subject_id.endswith("/v1/public/registry-ids/CA-0000-0001")
    assert (claims["sub"], claims["iss"], claims["jti"]) == (subject_id, vc["issuer"]["id"], vc["id"])
    assert claims["exp"] - claims["nbf"] == 365 * 86400
    assert vc["credentialSubject"]["identifier"] == [
        {"type": "IdentityObject", "identityType": "identifier", "hashed": False, "identityHash": "CA-0000-0001"},
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Ana Reyes"}]
    status = vc["credentialStatus"]
    assert (status["type"], status["statusPurpose"]) == ("BitstringStatusListEntry", "revocation")
    assert status["statusListCredential"].endswith("/v1/credentials/status/0")
    # A permit's credential ends when the permit does, if that is sooner than the record credential.
    assert _achievement(vc, "permit")["validUntil"] == min(vc["validUntil"], "2029-01-01T23:59:59Z")
    # The key the issuer document publishes checks the signature, found by the kid's fragment.
    assert jws.verify(token, lambda issuer: {"keys": [THIS_JWK]} if issuer == vc["issuer"]["id"] else None)


def test_1edtechs_own_vc2_samples_pass_the_vendored_schemas_and_its_vc11_sample_does_not() -> None:
    """The check is the one 1EdTech's samples were written for: its VC 2.0 samples pass, the older one fails."""
    def sample(name: str) -> dict[str, Any]:
        return dict(json.loads((FIXTURES / "samples" / name).read_text()))

    assert _errors(CLR, sample("clr20-simple.json")) == []
    assert _errors(OB, sample("ob30-simple.json")) == []
    assert any("validFrom" in p for p in _errors(CLR, sample("clr20-complex.json")))


def test_the_old_shape_fails_the_official_schema_so_the_check_can_fail() -> None:
    record = PortableRecord(credential_id="urn:uuid:8f0c", issuer=REGISTRY_A, issued_at="2026-11-25T08:00:00Z",
                            valid_until="2027-11-25T08:00:00Z", person_name="Ana Maria Reyes", registry_id="10000017",
                            subject_id="https://registry-a.example.org/v1/public/registry-ids/10000017",
                            documents=(_transcript(),))
    vc = to_claims(record)["vc"]
    old = {**vc, "@context": ["https://www.w3.org/2018/credentials/v1", *vc["@context"][1:]],
           "issuanceDate": vc["validFrom"]}
    old.pop("validFrom")
    old["credentialSubject"] = {**vc["credentialSubject"], "identifier": [
        {**vc["credentialSubject"]["identifier"][0], "issuedBy": REGISTRY_A.id}]}
    problems = _errors(CLR, old)
    assert any("validFrom" in p for p in problems) and any("issuedBy" in p for p in problems)
    assert any(p.startswith("@context") for p in problems)


def test_a_fresh_export_carries_a_correction_and_drops_a_retraction_and_the_old_credential_is_revoked(
        uow: InMemoryUnitOfWork) -> None:
    permit = _verified_permit(uow)
    training = _sponsor_training(uow)
    _, first = _export(uow)
    first_index = int(first["vc"]["credentialStatus"]["statusListIndex"])
    assert not _revoked(uow, first_index)

    corrections.change_record(SAM, ANA.user_id, permit, RecordChange(
        reason="Renewed; the new date is on the CTC lookup.", data={"expires_on": "2031-01-01"}), uow=uow)
    assert _revoked(uow, first_index)  # the bit was set in the correction's own commit
    _, second = _export(uow)
    second_index = int(second["vc"]["credentialStatus"]["statusListIndex"])
    assert second_index != first_index and not _revoked(uow, second_index)
    detail = _achievement(second["vc"], "permit")["credentialSubject"]["eceRegistry"]
    assert detail["fields"]["expires_on"] == "2031-01-01" and detail["records"][0]["data"]["expires_on"] == \
        "2031-01-01"
    assert _achievement(second["vc"], "training_certificate")["name"] == "Positive Guidance"

    corrections.change_record(SAM, ANA.user_id, training, RecordChange(reason="Attendance marked by mistake."),
                              uow=uow)
    assert _revoked(uow, second_index)
    _, third = _export(uow)
    assert [a["credentialSubject"]["eceRegistry"]["doc_type"]
            for a in third["vc"]["credentialSubject"]["verifiableCredential"]] == ["permit"]
    assert _errors(CLR, third["vc"]) == []


def _verified_document(uow: InMemoryUnitOfWork, document_id: str, doc_type: str, fields: dict[str, Any]) -> list[str]:
    """A document as review leaves it: verified, with the records its type makes from the fields."""
    from chalicelib import doctypes

    spec = doctypes.get(doc_type)
    assert spec is not None and spec.to_records is not None
    item = uow.documents.create(document_id, owner_id=ANA.user_id, uploaded_by=ANA.user_id, doc_type=doc_type,
                                status=DocStatus.VERIFIED.value, upload_key=f"uploads/{document_id}",
                                file_name="scan.pdf", created_at=AT, submitted_at=AT, updated_at=AT, decided_at=AT,
                                decided_by=SAM.user_id, verified_fields=fields)
    uow.save(item)
    snapshot = uow.records.snapshot_of(ANA.user_id)
    ids = []
    # Record ids in reverse of the rows: the credential lists rows in the document's order, not the ids'.
    for n, (kind, data) in enumerate(spec.to_records(fields)):
        record = new_record(ANA.user_id, kind, data, record_id=f"{document_id}-{9 - n}", source_document_id=document_id,
                            verified_by=SAM.user_id, verified_at=AT)
        uow.save(record)
        snapshot.records = [*snapshot.records, {"record_id": record.record_id, "kind": kind, "data": data,
                                                "verified_at": AT}]
        ids.append(record.record_id)
    uow.keep_records(snapshot)
    uow.commit()
    return ids


def test_a_transcript_and_a_degree_travel_with_their_corrections_in_the_documents_own_fields(
        uow: InMemoryUnitOfWork) -> None:
    courses = [{"term": "Fall 2021", "code": "CHLD 101", "title": "Child Growth", "units": 3.0, "grade": "B"},
               {"term": "Fall 2021", "code": "CHLD 110", "title": "Health and Safety", "units": 3.0, "grade": "A"}]
    growth, safety = _verified_document(uow, "doc-transcript", "transcript", {
        "person_name": "Ana Reyes", "institution": "Sacramento City College", "courses": courses})
    [degree] = _verified_document(uow, "doc-degree", "degree", {
        "person_name": "Ana Reyes", "institution": "Sacramento State", "degree_title": "Associate of Arts",
        "major": "Child Development", "conferred_on": "2019-05-24"})
    _, first = _export(uow)
    corrections.change_record(SAM, ANA.user_id, growth, RecordChange(reason="The grade was A; see the registrar.",
                                                                     data={"grade": "A"}), uow=uow)
    corrections.change_record(SAM, ANA.user_id, safety, RecordChange(reason="Not on the official copy."), uow=uow)
    corrections.change_record(SAM, ANA.user_id, degree, RecordChange(reason="It is a bachelor's.",
                                                                     data={"title": "Bachelor of Arts"}), uow=uow)
    _, claims = _export(uow)
    transcript = _achievement(claims["vc"], "transcript")["credentialSubject"]["eceRegistry"]
    assert [c["code"] for c in _achievement(first["vc"], "transcript")["credentialSubject"]["eceRegistry"][
        "fields"]["courses"]] == ["CHLD 101", "CHLD 110"]
    assert transcript["fields"]["courses"] == [{**courses[0], "grade": "A"}]
    assert [r["data"]["code"] for r in transcript["records"]] == ["CHLD 101"]
    diploma = _achievement(claims["vc"], "degree")["credentialSubject"]["eceRegistry"]
    assert diploma["fields"]["degree_title"] == "Bachelor of Arts" and diploma["fields"]["major"] == "Child Development"
    assert _errors(CLR, claims["vc"]) == []


def test_sponsor_granted_training_alone_makes_a_credential(uow: InMemoryUnitOfWork) -> None:
    _sponsor_training(uow)
    _, claims = _export(uow)
    [training] = claims["vc"]["credentialSubject"]["verifiableCredential"]
    detail = training["credentialSubject"]["eceRegistry"]
    assert (detail["document_id"], detail["fields"]["hours"], detail["fields"]["sponsor"]) == (
        "event:ev-7", 3.0, "Sacramento COE")
    assert training["credentialSubject"]["achievement"]["achievementType"] == "CertificateOfCompletion"


def test_the_registrys_own_credential_is_not_imported_again(uow: InMemoryUnitOfWork) -> None:
    _verified_permit(uow)
    token, _ = _export(uow)
    commits = uow.commits
    with pytest.raises(Conflict, match="already on your profile"):
        portable_record.import_record(ANA, token, uow, _a_trusted)
    assert uow.commits == commits


def test_nothing_verified_means_no_credential_and_no_status_position(uow: InMemoryUnitOfWork) -> None:
    with pytest.raises(Conflict):
        portable_record.export_record(ANA, uow, THIS_SIGNER)
    assert uow.credentials.next_index == 0 and uow.commits == 0


# --- import -------------------------------------------------------------------------------------------------

def _transcript() -> VerifiedDocument:
    fields = {"person_name": "Ana Reyes", "institution": "Sacramento City College",
              "courses": [{"code": "ECE 1", "title": "Child Development", "units": 3.0, "grade": "A"}]}
    return VerifiedDocument(document_id="01DOC", doc_type="transcript", title="College transcript",
                            achievement_type="LearningProgram", fields=fields, verified_at="2026-10-02T17:04:00Z",
                            records=(VerifiedRecord("r1", "course", {**fields["courses"][0],
                                                                     "institution": "Sacramento City College"}),))


def _from_a(name: str = "Ana Reyes") -> PortableRecord:
    return PortableRecord(credential_id="urn:uuid:8f0c", issuer=REGISTRY_A, issued_at="2026-11-25T08:00:00Z",
                          valid_until="2099-11-25T08:00:00Z", person_name=name, registry_id="10000017",
                          subject_id="https://registry-a.example.org/v1/public/registry-ids/10000017",
                          documents=(_transcript(),),
                          status=StatusEntry("https://registry-a.example.org/v1/credentials/status/0", 4))


A_KEY, A_JWK = _ec_key()


def _signed_by_a(record: PortableRecord | None = None, claims: dict[str, Any] | None = None) -> str:
    return jws.encode(claims or to_claims(record or _from_a()), f"{REGISTRY_A.id}/v1/credentials/issuer#"
                      + A_JWK["kid"], _signer(A_KEY, A_JWK["kid"]).sign)


def _a_trusted(issuer_id: str) -> TrustedIssuer | None:
    return TrustedIssuer("Registry A (trusted)", {"keys": [A_JWK]}) if issuer_id == REGISTRY_A.id else None


def _with_bo(uow: InMemoryUnitOfWork) -> InMemoryUnitOfWork:
    uow.people.add(ProfileItem(*ProfileItem.key(BO.user_id), user_id=BO.user_id, registry_id="CA-0000-0002",
                               status="active", legal_first_name="Bo", legal_last_name="Chen", created_at=AT,
                               updated_at=AT))
    return uow


def _imported(uow: InMemoryUnitOfWork, owner: str = ANA.user_id) -> list[DocumentItem]:
    return [d for d in uow.documents.of_owner(owner) if d.imported_from]


def test_a_trusted_registrys_credential_lands_in_the_queue_as_verified_by_it(uow: InMemoryUnitOfWork) -> None:
    answer = portable_record.import_record(ANA, _signed_by_a(), uow, _a_trusted)
    assert answer["signature_checked"] is True and answer["holder_checked_by"] == "name"
    [document] = _imported(uow)
    assert document.status == DocStatus.NEEDS_REVIEW.value and document.doc_type == "transcript"
    assert document.extracted["courses"][0]["code"] == "ECE 1"
    assert document.imported_from["issuer_name"] == "Registry A (trusted)"
    assert uow.actions(document.document_id) == ["import:received"]
    with pytest.raises(Conflict):
        portable_record.import_record(ANA, _signed_by_a(), uow, _a_trusted)


def test_a_credential_imported_by_someone_it_does_not_name_is_refused_and_nothing_is_stored(
        uow: InMemoryUnitOfWork) -> None:
    _with_bo(uow)
    commits = uow.commits
    with pytest.raises(Forbidden, match="issued to someone else"):
        portable_record.import_record(BO, _signed_by_a(), uow, _a_trusted)
    assert _imported(uow, BO.user_id) == [] and uow.commits == commits and uow.audit_entries == []
    # The same holds for a school's badge that names Ana, which would otherwise go in unverified.
    badge = json.loads((FIXTURES / "samples" / "ob30-simple.json").read_text())
    badge["credentialSubject"]["identifier"] = [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                                                 "identityHash": "Ana Reyes"}]
    with pytest.raises(Forbidden):
        portable_record.import_record(BO, badge, uow, _a_trusted)
    assert _imported(uow, BO.user_id) == [] and uow.commits == commits
    assert portable_record.import_record(ANA, badge, uow, _a_trusted)["holder_checked_by"] == "name"


def test_another_registrys_records_come_in_only_as_the_trusted_registry_signed_them(
        uow: InMemoryUnitOfWork) -> None:
    with pytest.raises(InvalidRequest) as unsigned:
        portable_record.import_record(ANA, to_claims(_from_a())["vc"], uow, _a_trusted)
    assert unsigned.value.extra == {"refused": "unsigned_registry_record"}
    with pytest.raises(InvalidRequest) as untrusted:
        portable_record.import_record(ANA, _signed_by_a(), uow, lambda issuer_id: None)
    assert untrusted.value.extra == {"refused": "unknown_issuer"}
    assert uow.commits == 0 and _imported(uow) == []


def test_rs256_from_a_trusted_registry_is_accepted(uow: InMemoryUnitOfWork) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_jwk = {**json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key())), "kid": "rsa-1"}
    token = jwt.encode(to_claims(_from_a()), private, algorithm="RS256",
                       headers={"kid": f"{REGISTRY_A.id}/keys#rsa-1", "typ": "JWT"})
    answer = portable_record.import_record(
        ANA, token, uow, lambda i: TrustedIssuer("Registry A", {"keys": [public_jwk]}) if i == REGISTRY_A.id else None)
    assert answer["signature_checked"] is True and len(answer["documents"]) == 1
    # The algorithm must suit the key: the same kid with an HMAC over the public key is not accepted.
    assert jws.published_key({"keys": [public_jwk]}, {"alg": "HS256", "kid": "rsa-1"}) is None
    assert jws.published_key({"keys": [public_jwk]}, {"alg": "ES256", "kid": "rsa-1"}) is None


def test_eddsa_from_a_trusted_registry_is_accepted(uow: InMemoryUnitOfWork) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    public_jwk = {**json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(private.public_key())), "kid": "ed-1"}
    token = jwt.encode(to_claims(_from_a()), private, algorithm="EdDSA", headers={"kid": "ed-1"})
    answer = portable_record.import_record(
        ANA, token, uow, lambda i: TrustedIssuer("Registry A", {"keys": [public_jwk]}) if i == REGISTRY_A.id else None)
    assert answer["signature_checked"] is True


@pytest.mark.parametrize(("jwks", "why"), [
    ({"keys": [{"kty": "RSA", "kid": "short",
                **json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(
                    rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()))}]},  # noqa: S505
     "shorter than 2048 bits"),
    ({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "bad", "x": "bm90IGEga2V5"}]}, "not a valid public key"),
    ({"keys": [{"kty": "oct", "kid": "secret", "k": "c2VjcmV0"}]}, "jwks must hold"),
    ({"keys": []}, "jwks must hold"),
])
def test_a_registry_is_trusted_only_with_usable_public_keys(jwks: dict[str, Any], why: str) -> None:
    admin = Caller("user-alex", frozenset({Role.ADMIN}))
    with pytest.raises(InvalidRequest, match=why):
        portable_record.trust_registry(admin, issuer_id=REGISTRY_A.id, name="Registry A", jwks=jwks)


def test_a_badge_whose_issuer_is_a_plain_uri_imports(uow: InMemoryUnitOfWork) -> None:
    badge = json.loads((FIXTURES / "samples" / "ob30-simple.json").read_text())
    badge["issuer"] = "https://example.com/issuers/876543"
    answer = portable_record.import_record(ANA, badge, uow, _a_trusted)
    [document] = _imported(uow)
    assert answer["issuer"]["id"] == "https://example.com/issuers/876543"
    assert document.extracted["issuer"] == "https://example.com/issuers/876543"
    assert document.extracted["description"] == "Teamwork (Achievement)"


@pytest.mark.parametrize("sample", ["clr20-simple.json", "clr20-complex.json", "ob30-simple.json",
                                    "clr20-simple.jwt", "ob30-simple.jwt"])
def test_1edtechs_sample_credentials_import_as_unverified_for_staff(uow: InMemoryUnitOfWork, sample: str) -> None:
    raw = (FIXTURES / "samples" / sample).read_text()
    credential: str | dict[str, Any] = json.loads(raw) if sample.endswith(".json") else raw.strip()
    answer = portable_record.import_record(ANA, credential, uow, _a_trusted)
    assert answer["signature_checked"] is False
    assert answer["unverified_because"] == ("proof_not_checked" if sample.endswith(".json") else "issuer_not_trusted")
    assert answer["holder_checked_by"] == "not_established"  # the samples name their subject by a DID alone
    documents = _imported(uow)
    assert len(documents) == len(answer["documents"]) >= 1
    for document in documents:
        assert document.status == DocStatus.NEEDS_REVIEW.value and document.doc_type == "other"
        assert document.extracted["issuer"] and document.extracted["description"]
        assert document.imported_from["signature_checked"] is False
    [reason] = {a.reason for a in uow.audit_entries if a.action == "import:received"} or {""}
    assert "NOT verified" in reason


def test_a_plain_uri_issuer_and_embedded_jwts_are_read() -> None:
    sample = json.loads((FIXTURES / "samples" / "ob30-simple.json").read_text())
    read = read_credential({**sample, "issuer": "https://example.com/issuers/876543"})
    assert read.issuer == Issuer("https://example.com/issuers/876543", "https://example.com/issuers/876543")
    envelope = _claims((FIXTURES / "samples" / "clr20-simple.jwt").read_text().strip())
    assert all(isinstance(e, str) for e in envelope["vc"]["credentialSubject"]["verifiableCredential"])
    assert [a.name for a in read_credential(envelope).achievements] == ["Achievement 1", "Achievement 2"][
        :len(envelope["vc"]["credentialSubject"]["verifiableCredential"])]


@pytest.mark.parametrize("credential", [
    "", "not a token", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "{", "{}", {}, {"type": ["VerifiableCredential", "X"]},
    {"type": ["VerifiableCredential", "ClrCredential"], "issuer": 5, "credentialSubject": {}},
    {"type": ["VerifiableCredential", "ClrCredential"], "issuer": "https://x.example", "id": "urn:x",
     "validFrom": "2026-01-01T00:00:00Z", "credentialSubject": {"verifiableCredential": ["not.a.jwt", 7]}},
    {"type": "VerifiableCredential", "issuer": {"id": "https://x.example"}, "credentialSubject": []},
    {"type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": {"id": "https://x.example"}, "id": "urn:y",
     "validFrom": "2026-01-01T00:00:00Z", "credentialSubject": {"achievement": []}},
])
def test_malformed_input_is_a_clear_refusal_and_stores_nothing(uow: InMemoryUnitOfWork, credential: Any) -> None:
    with pytest.raises(InvalidRequest) as refused:
        portable_record.import_record(ANA, credential, uow, _a_trusted)
    assert refused.value.status == 422 and refused.value.detail
    assert uow.commits == 0 and _imported(uow) == []


# --- the signature checks themselves ------------------------------------------------------------------------

def test_a_changed_unit_count_is_refused_as_tampered(uow: InMemoryUnitOfWork) -> None:
    header, payload, signature = _signed_by_a().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["eceRegistry"]["fields"][
        "courses"][0]["units"] = 30.0
    forged = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode()).rstrip(b"=").decode()
    with pytest.raises(jws.CredentialRefused) as refused:
        jws.verify(f"{header}.{forged}.{signature}", {REGISTRY_A.id: {"keys": [A_JWK]}}.get)
    assert refused.value.why == jws.Refusal.BAD_SIGNATURE and "changed after it was issued" in str(refused.value)
    with pytest.raises(InvalidRequest):
        portable_record.import_record(ANA, f"{header}.{forged}.{signature}", uow, _a_trusted)
    assert uow.commits == 0


def test_an_issuer_nobody_trusts_and_a_key_the_issuer_never_published_are_refused() -> None:
    token = _signed_by_a()
    with pytest.raises(jws.CredentialRefused) as unknown:
        jws.verify(token, {}.get)
    assert unknown.value.why == jws.Refusal.UNKNOWN_ISSUER and REGISTRY_A.id in str(unknown.value)
    # Someone signs a credential naming Registry A with their own key: A never published that key.
    impostor, impostor_jwk = _ec_key()
    forged = jws.encode(to_claims(_from_a()), impostor_jwk["kid"], _signer(impostor, impostor_jwk["kid"]).sign)
    with pytest.raises(jws.CredentialRefused) as stranger:
        jws.verify(forged, {REGISTRY_A.id: {"keys": [A_JWK]}}.get)
    assert stranger.value.why == jws.Refusal.UNKNOWN_KEY
    # ... or reuses A's key id: the signature does not verify with A's key.
    reused = jws.encode(to_claims(_from_a()), A_JWK["kid"], _signer(impostor, A_JWK["kid"]).sign)
    with pytest.raises(jws.CredentialRefused) as bad:
        jws.verify(reused, {REGISTRY_A.id: {"keys": [A_JWK]}}.get)
    assert bad.value.why == jws.Refusal.BAD_SIGNATURE


@pytest.mark.parametrize("text", ["", "not a token", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
def test_text_that_is_not_a_signed_credential_is_refused_as_malformed(text: str) -> None:
    with pytest.raises(jws.CredentialRefused) as refused:
        jws.verify(text, {REGISTRY_A.id: {"keys": []}}.get)
    assert refused.value.why == jws.Refusal.MALFORMED


def test_the_credential_reads_back_as_it_was_written() -> None:
    claims = jws.verify(_signed_by_a(), {REGISTRY_A.id: {"keys": [A_JWK]}}.get)
    read = read_credential(claims)
    assert (read.issuer, read.names, read.registry_ids, read.documents) == (
        REGISTRY_A, ("Ana Reyes",), ("10000017",), (_transcript(),))
    assert read.subject_id == claims["sub"]
