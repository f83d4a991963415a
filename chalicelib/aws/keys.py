"""KMS, as the registry uses it: per-profile data keys (envelope encryption), sealing small secrets and page
cursors under an encryption context, MACs for unsubscribe links, and signatures for issued reports and
credentials. Key material never leaves KMS except a data key's plaintext, which the caller keeps in memory.

Callers catch `Refused` for a ciphertext, MAC or signature KMS will not accept (tampered, another context,
another key), never botocore's ClientError.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.aws.clients import client

# KMS's answers to a ciphertext or MAC that is not its own: the caller's input was wrong, not the service. A forged
# ciphertext can name a key that does not exist or that this role may not use (NotFound, AccessDenied), so those
# are refusals too; throttling and outages stay boto3's errors (errors.as_outage makes them a 503).
_REFUSALS = frozenset({"InvalidCiphertextException", "IncorrectKeyException", "KMSInvalidMacException",
                       "KMSInvalidSignatureException", "ValidationException", "InvalidKeyUsageException",
                       "AccessDeniedException", "NotFoundException"})


class Refused(Exception):
    """KMS would not open, check or verify what it was given."""


@dataclass(frozen=True, slots=True, repr=False)
class DataKey:
    plaintext: bytes
    ciphertext: bytes


def _call(operation: str, **kwargs: object) -> dict[str, Any]:
    """One KMS call; its answer is boto3's (the AWS edge)."""
    from botocore.exceptions import ClientError

    try:
        answer: dict[str, Any] = getattr(client("kms"), operation)(**kwargs)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in _REFUSALS:
            raise Refused(operation) from None
        raise
    return answer


def new_data_key(key_id: str, context: Mapping[str, str]) -> DataKey:
    answer = _call("generate_data_key", KeyId=key_id, KeySpec="AES_256", EncryptionContext=dict(context))
    return DataKey(plaintext=bytes(answer["Plaintext"]), ciphertext=bytes(answer["CiphertextBlob"]))


def encrypt(key_id: str, plaintext: bytes, context: Mapping[str, str]) -> bytes:
    answer = _call("encrypt", KeyId=key_id, Plaintext=plaintext, EncryptionContext=dict(context))
    return bytes(answer["CiphertextBlob"])


def decrypt(ciphertext: bytes, context: Mapping[str, str], key_id: str | None = None) -> bytes:
    """Raises Refused for a ciphertext that is not this key's under this context."""
    answer = _call("decrypt", CiphertextBlob=ciphertext, EncryptionContext=dict(context),
                   **({"KeyId": key_id} if key_id else {}))
    return bytes(answer["Plaintext"])


def mac(key_id: str, algorithm: str, message: bytes) -> bytes:
    return bytes(_call("generate_mac", KeyId=key_id, MacAlgorithm=algorithm, Message=message)["Mac"])


def mac_valid(key_id: str, algorithm: str, message: bytes, tag: bytes) -> bool:
    try:
        answer = _call("verify_mac", KeyId=key_id, MacAlgorithm=algorithm, Message=message, Mac=tag)
    except Refused:
        return False
    return bool(answer.get("MacValid"))


def public_key(key_id: str) -> bytes:
    """An asymmetric key's public half (DER), which anyone may hold."""
    return bytes(_call("get_public_key", KeyId=key_id)["PublicKey"])


def sign(key_id: str, message: bytes, *, message_type: str, algorithm: str) -> bytes:
    """A DER signature; `message_type` RAW (KMS hashes it) or DIGEST (the caller did)."""
    return bytes(_call("sign", KeyId=key_id, Message=message, MessageType=message_type,
                       SigningAlgorithm=algorithm)["Signature"])


def signature_valid(key_id: str, message: bytes, signature: bytes, *, message_type: str, algorithm: str) -> bool:
    try:
        answer = _call("verify", KeyId=key_id, Message=message, MessageType=message_type, Signature=signature,
                       SigningAlgorithm=algorithm)
    except Refused:
        return False
    return bool(answer.get("SignatureValid"))
