"""The signature a report carries inside itself: filled into its slot, checked offline with the published key."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from chalicelib.reports.signature import SLOT, SignatureError, check_offline, der_to_raw, fill, jwk_of


def _key() -> tuple[ec.EllipticCurvePrivateKey, dict[str, object]]:
    private = ec.generate_private_key(ec.SECP256R1())
    der = private.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return private, {"keys": [jwk_of(der)]}


def _signer(private: ec.EllipticCurvePrivateKey):  # type: ignore[no-untyped-def]
    # As KMS signs a RAW 32-byte message: ES256 over the digest bytes.
    return lambda digest: der_to_raw(private.sign(digest, ec.ECDSA(hashes.SHA256())))


def test_a_signed_file_checks_offline_and_any_changed_byte_does_not() -> None:
    private, jwks = _key()
    kid = jwks["keys"][0]["kid"]  # type: ignore[index]
    original = b'{"person": "Ana", "units": 24, "signature": "' + SLOT.encode() + b'"}'
    signed = fill(original, kid, _signer(private))
    assert len(signed) == len(original) and SLOT.encode() not in signed
    assert check_offline(signed, jwks) == kid
    # Only the content changes: "24" may also occur in the random key id or signature.
    tampered = signed.replace(b'"units": 24', b'"units": 42')
    with pytest.raises(SignatureError, match="changed after the registry issued it"):
        check_offline(tampered, jwks)


def test_a_file_signed_by_another_key_or_unsigned_is_not_genuine() -> None:
    private, jwks = _key()
    _, other_jwks = _key()
    signed = fill(b"report " + SLOT.encode(), jwks["keys"][0]["kid"], _signer(private))  # type: ignore[index]
    with pytest.raises(SignatureError, match="not among the registry's keys"):
        check_offline(signed, other_jwks)
    with pytest.raises(SignatureError, match="carries no registry signature"):
        check_offline(b"report without a slot", jwks)
    with pytest.raises(SignatureError, match="exactly one blank signature slot"):
        fill(b"no slot here", "0" * 16, _signer(private))
