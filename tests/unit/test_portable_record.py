"""The portable record credential: what it says, and that a changed byte, a stranger's key or an issuer nobody
trusts is refused. Signed here with a local P-256 key (the service signs with KMS the same way)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from chalicelib.domain.portable_record import (
    CredentialUnreadable,
    Issuer,
    PortableRecord,
    VerifiedDocument,
    from_claims,
    to_claims,
)
from chalicelib.reports.signature import der_to_raw, jwk_of
from chalicelib.security import jws

REGISTRY_A = Issuer("https://registry-a.example.org", "Registry A")


def _key() -> tuple[ec.EllipticCurvePrivateKey, dict[str, Any]]:
    private = ec.generate_private_key(ec.SECP256R1())
    der = private.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return private, jwk_of(der)


def _record() -> PortableRecord:
    transcript = VerifiedDocument(
        document_id="01DOC", doc_type="transcript", title="College transcript", achievement_type="LearningProgram",
        fields={"person_name": "Ana Reyes", "institution": "Sacramento City College",
                "courses": [{"code": "ECE 1", "title": "Child Development", "units": 3.0, "grade": "A"}]},
        verified_at="2026-10-02T17:04:00.000000Z")
    return PortableRecord(credential_id="urn:uuid:8f0c", issuer=REGISTRY_A, issued_at="2026-11-25T08:00:00Z",
                          person_name="Ana Maria Reyes", registry_id="10000017", documents=(transcript,))


def _signed(private: ec.EllipticCurvePrivateKey, kid: str, claims: dict[str, Any] | None = None) -> str:
    return jws.encode(claims or to_claims(_record(), issued_epoch=1_795_000_000), kid,
                      lambda data: der_to_raw(private.sign(data, ec.ECDSA(hashes.SHA256()))))


def test_the_credential_is_a_clr_of_open_badges_achievements_and_reads_back_as_it_was_written() -> None:
    private, jwk = _key()
    token = _signed(private, jwk["kid"])
    claims = jws.verify(token, {REGISTRY_A.id: {"keys": [jwk]}}.get)
    vc = claims["vc"]
    assert vc["type"] == ["VerifiableCredential", "ClrCredential"]
    assert claims["iss"] == vc["issuer"]["id"] == REGISTRY_A.id and claims["sub"] == "10000017"
    [achievement] = vc["credentialSubject"]["verifiableCredential"]
    assert achievement["type"] == ["VerifiableCredential", "AchievementCredential"]
    assert achievement["credentialSubject"]["achievement"]["achievementType"] == "LearningProgram"
    assert from_claims(claims) == _record()
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "ES256", "typ": "JWT", "kid": jwk["kid"]}


def test_a_changed_unit_count_is_refused_as_tampered() -> None:
    private, jwk = _key()
    header, payload, signature = _signed(private, jwk["kid"]).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["eceRegistry"]["fields"][
        "courses"][0]["units"] = 30.0
    forged = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode()).rstrip(b"=").decode()
    with pytest.raises(jws.CredentialRefused) as refused:
        jws.verify(f"{header}.{forged}.{signature}", {REGISTRY_A.id: {"keys": [jwk]}}.get)
    assert refused.value.why == jws.Refusal.BAD_SIGNATURE and "changed after it was issued" in str(refused.value)


def test_an_issuer_nobody_trusts_and_a_key_the_issuer_never_published_are_refused() -> None:
    private, jwk = _key()
    token = _signed(private, jwk["kid"])
    with pytest.raises(jws.CredentialRefused) as unknown:
        jws.verify(token, {}.get)
    assert unknown.value.why == jws.Refusal.UNKNOWN_ISSUER and REGISTRY_A.id in str(unknown.value)
    # Someone signs a credential naming Registry A with their own key: A never published that key.
    impostor, impostor_jwk = _key()
    with pytest.raises(jws.CredentialRefused) as stranger:
        jws.verify(_signed(impostor, impostor_jwk["kid"]), {REGISTRY_A.id: {"keys": [jwk]}}.get)
    assert stranger.value.why == jws.Refusal.UNKNOWN_KEY
    # ... or reuses A's key id: the signature does not verify with A's key.
    with pytest.raises(jws.CredentialRefused) as reused:
        jws.verify(_signed(impostor, jwk["kid"]), {REGISTRY_A.id: {"keys": [jwk]}}.get)
    assert reused.value.why == jws.Refusal.BAD_SIGNATURE


@pytest.mark.parametrize("text", ["", "not a token", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
def test_text_that_is_not_a_signed_credential_is_refused_as_malformed(text: str) -> None:
    with pytest.raises(jws.CredentialRefused) as refused:
        jws.verify(text, {REGISTRY_A.id: {"keys": []}}.get)
    assert refused.value.why == jws.Refusal.MALFORMED


def test_a_signed_token_that_is_not_a_record_credential_is_not_guessed_at() -> None:
    private, jwk = _key()
    claims = jws.verify(_signed(private, jwk["kid"], {"iss": REGISTRY_A.id, "jti": "x", "vc": {"type": ["X"]}}),
                        {REGISTRY_A.id: {"keys": [jwk]}}.get)
    with pytest.raises(CredentialUnreadable):
        from_claims(claims)
    record = to_claims(_record(), issued_epoch=1)
    record["vc"]["credentialSubject"]["verifiableCredential"][0]["credentialSubject"].pop("eceRegistry")
    with pytest.raises(CredentialUnreadable, match="no verified fields"):
        from_claims(record)
