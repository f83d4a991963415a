"""Compact JWS for credentials the registry issues (ES256) and reads (ES256, RS256 or EdDSA) as VC-JWTs.

Signing goes through a callable (KMS holds the private key; see services/records/portable_record.py); checking uses
PyJWT against the issuer's published JWKS, so a credential from another registry is checked exactly as any
VC-JWT verifier would. RS256 is the algorithm OB 3.0 and CLR 2.0 name as the interoperable minimum; each
algorithm is accepted only with a key of its own type (no algorithm confusion). A `kid` that is a URI names
its key by the fragment (`https://issuer.example/keys#key-1` is key `key-1` of the issuer's JWKS).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from chalicelib.domain import wording

MAX_TOKEN_BYTES = 2_000_000
# The key type each accepted algorithm needs (and, for EC, the curve).
ALGORITHMS = {"ES256": ("EC", "P-256"), "RS256": ("RSA", None), "EdDSA": ("OKP", "Ed25519")}


class Refusal(StrEnum):
    MALFORMED = "malformed"
    UNKNOWN_ISSUER = "unknown_issuer"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"


class CredentialRefused(wording.Refusal):
    def __init__(self, why: Refusal, template: str, **values: Any) -> None:
        super().__init__(template, **values)
        self.why = why


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def encode(claims: Mapping[str, Any], kid: str, sign: Callable[[bytes], bytes]) -> str:
    """`sign` returns the 64-byte r||s ES256 signature of the bytes it is given; `kid` a URI naming the key."""
    header = {"alg": "ES256", "typ": "JWT", "kid": kid}
    signing_input = (_b64(json.dumps(header, separators=(",", ":")).encode()) + "."
                     + _b64(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode()))
    return signing_input + "." + _b64(sign(signing_input.encode()))


def unverified_issuer(token: str) -> str:
    import jwt

    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise CredentialRefused(Refusal.MALFORMED, "This is not a signed credential (a VC-JWT): {error}.",
                                error=str(exc)) from None
    issuer = claims.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise CredentialRefused(Refusal.MALFORMED, "The credential does not say who issued it (no iss claim).")
    return issuer


def verify(token: str, keys_of: Callable[[str], Mapping[str, Any] | None]) -> dict[str, Any]:
    """The claims of a credential whose signature verifies with a key its issuer published; CredentialRefused
    saying what is wrong otherwise. `keys_of(issuer)` is the issuer's JWKS, or None for an issuer not trusted."""
    import jwt

    if len(token) > MAX_TOKEN_BYTES:
        raise CredentialRefused(Refusal.MALFORMED, "The credential is larger than 2 MB.")
    token = token.strip()
    issuer = unverified_issuer(token)
    jwks = keys_of(issuer)
    if jwks is None:
        raise CredentialRefused(Refusal.UNKNOWN_ISSUER, "The credential was issued by {issuer}, which this "
                                "registry does not trust. Registry staff can add it as a trusted registry.",
                                issuer=issuer)
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise CredentialRefused(Refusal.MALFORMED, "The credential's header cannot be read: {error}.",
                                error=str(exc)) from None
    jwk = published_key(jwks, header)
    if jwk is None:
        raise CredentialRefused(Refusal.UNKNOWN_KEY, "The credential was signed with a key {issuer} has not "
                                "published (or not with an algorithm its key type allows: ES256, RS256, EdDSA), "
                                "so it cannot be checked.", issuer=issuer)
    algorithm = str(header["alg"])
    try:
        key = jwt.PyJWK(dict(jwk), algorithm=algorithm).key
    except jwt.PyJWTError as exc:
        raise CredentialRefused(Refusal.UNKNOWN_KEY, "The key {issuer} published cannot be read: {error}.",
                                issuer=issuer, error=str(exc)) from None
    try:
        return dict(jwt.decode(token, key=key, algorithms=[algorithm], leeway=60,
                               options={"require": ["iss"], "verify_aud": False}))
    except jwt.InvalidSignatureError:
        raise CredentialRefused(Refusal.BAD_SIGNATURE, "The credential's signature does not match its content: "
                                "it was changed after it was issued.") from None
    except jwt.PyJWTError as exc:
        raise CredentialRefused(Refusal.MALFORMED, "The credential cannot be accepted: {error}.",
                                error=str(exc)) from None


def key_id(kid: Any) -> str:
    """A key's id as the JWKS lists it: the fragment of a URI kid, or the kid itself."""
    text = str(kid or "")
    return text.rsplit("#", 1)[1] if "#" in text else text


def published_key(jwks: Mapping[str, Any], header: Mapping[str, Any]) -> dict[str, Any] | None:
    """The issuer's key the header names, if the header's algorithm suits its type (None otherwise)."""
    needed = ALGORITHMS.get(str(header.get("alg")))
    if needed is None:
        return None
    kty, curve = needed
    wanted = key_id(header.get("kid"))
    for key in jwks.get("keys", []):
        if not isinstance(key, dict) or key.get("kty") != kty or (curve and key.get("crv") != curve):
            continue
        if key.get("kid") in (header.get("kid"), wanted):
            return dict(key)
    return None
