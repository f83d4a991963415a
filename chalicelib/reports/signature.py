"""A signature every issued report carries inside itself, checkable offline with the registry's published key.

Each report format has one slot of fixed length, `ECEREG-SIG1.<kid>.<signature>`, written with "=" in place of
the key id and the signature (a character base64url never uses): in a PDF's Keywords, in the JSON's
`signature` field, in an XLSX's ZIP comment. The registry signs the SHA-256 of the file as written with the
slot blank, then fills the slot in place; the file keeps its length and structure. The signing input is that
32-byte digest itself (ES256 over the digest, so KMS receives 32 bytes, not the file, and signs them as a RAW
message the same way in AWS and in moto).

To check a copy offline: find the slot, put "=" back over the key id and the signature, hash the bytes, and
verify the signature with the key of that id from `GET /v1/reports/signing-keys` (a JWKS). The registry's
online check (`POST /v1/reports/{id}/verify`) still compares the file's hash with its register.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any

PREFIX = "ECEREG-SIG1."
KID_LENGTH = 16  # hex characters of the public key's SHA-256
SIGNATURE_LENGTH = 86  # base64url of the 64-byte r||s of an ES256 signature, without padding
BLANK = "="
SLOT = f"{PREFIX}{BLANK * KID_LENGTH}.{BLANK * SIGNATURE_LENGTH}"
_FILLED = re.compile(rb"ECEREG-SIG1\.([0-9a-f]{16})\.([A-Za-z0-9_-]{86})")


class SignatureError(ValueError):
    """The file carries no signature slot, or more than one, or a slot that does not verify."""


def blank_of(content: bytes) -> tuple[bytes, str, bytes]:
    """The file with its slot blank again, the key id and the raw r||s signature it carried."""
    found = list(_FILLED.finditer(content))
    if len(found) != 1:
        raise SignatureError("This file carries no registry signature (or more than one): check it online instead.")
    match = found[0]
    blank = content[:match.start(1)] + (BLANK * KID_LENGTH).encode() + b"." + (BLANK * SIGNATURE_LENGTH).encode() \
        + content[match.end(2):]
    signature = base64.urlsafe_b64decode(match.group(2) + b"==")
    return blank, match.group(1).decode(), signature


def fill(content: bytes, kid: str, sign_digest: Callable[[bytes], bytes]) -> bytes:
    """Sign the file (slot blank) and write the key id and signature into its slot."""
    if content.count(SLOT.encode()) != 1:
        raise SignatureError("A report must carry exactly one blank signature slot before it is signed.")
    raw = sign_digest(hashlib.sha256(content).digest())
    if len(raw) != 64 or len(kid) != KID_LENGTH:
        raise SignatureError("An ES256 signature is 64 bytes and a key id 16 characters.")
    text = base64.urlsafe_b64encode(raw).rstrip(b"=")
    return content.replace(SLOT.encode(), f"{PREFIX}{kid}.".encode() + text, 1)


def der_to_raw(der: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    r, s = decode_dss_signature(der)
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def jwk_of(public_key_der: bytes) -> dict[str, str]:
    """The JWK of a P-256 public key (as KMS GetPublicKey returns it), with its key id."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    key = load_der_public_key(public_key_der)
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise SignatureError("The report-signing key is not an elliptic-curve key.")
    numbers = key.public_numbers()

    def b64(n: int) -> str:
        return base64.urlsafe_b64encode(n.to_bytes(32, "big")).rstrip(b"=").decode()

    return {"kty": "EC", "crv": "P-256", "x": b64(numbers.x), "y": b64(numbers.y), "use": "sig", "alg": "ES256",
            "kid": hashlib.sha256(public_key_der).hexdigest()[:KID_LENGTH]}


def check_offline(content: bytes, jwks: Mapping[str, Any]) -> str:
    """The key id that signed this file, if the signature inside it verifies against the published keys;
    raises SignatureError (with what is wrong) otherwise. Needs no network and no registry."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    blank, kid, raw = blank_of(content)
    jwk = next((k for k in jwks.get("keys", []) if k.get("kid") == kid), None)
    if jwk is None:
        raise SignatureError(f"The file was signed with key {kid}, which is not among the registry's keys.")

    def number(text: str) -> int:
        return int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")

    public = ec.EllipticCurvePublicNumbers(number(jwk["x"]), number(jwk["y"]), ec.SECP256R1()).public_key()
    signature = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        public.verify(signature, hashlib.sha256(blank).digest(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise SignatureError("The signature inside this file does not match its content: it was changed after "
                             "the registry issued it.") from None
    return kid
