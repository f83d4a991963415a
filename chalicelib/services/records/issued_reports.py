"""Every report the registry issues is registered, hashed and signed, so a copy can be checked by anyone."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache

from ulid import ULID

from chalicelib import clock
from chalicelib.aws import keys
from chalicelib.config import get_settings
from chalicelib.errors import NotFound
from chalicelib.services.records.views import (
    IssuedReportView,
    NewerVersion,
    ReportCopyCheck,
    ReportDetails,
    SigningKeys,
)
from chalicelib.services.unit_of_work import TableUnitOfWork
from chalicelib.store.base import iso
from chalicelib.store.reports import ReportItem, get_report, new_report

SIGNING_ALGORITHM = "ECDSA_SHA_256"


@dataclass(frozen=True, slots=True)
class ReportDraft:
    report_id: str
    issued_at: str

    @property
    def verify_url(self) -> str:
        """The page a report's QR code opens: who issued it and whether it was corrected since, in the
        reader's language (its data from GET /v1/reports/{id}/verify)."""
        return f"{get_settings().public_base_url}/app#/check/report/{self.report_id}"


def draft() -> ReportDraft:
    return ReportDraft(report_id=f"R-{ULID()}", issued_at=iso(clock.now()))


def _signing_key() -> tuple[str, dict[str, str]]:
    return _public_key_of(get_settings().report_signing_key_id)


@cache
def _public_key_of(key_id: str) -> tuple[str, dict[str, str]]:
    """Per key id: a public key never changes, and a new key (rotation, or a test's fresh stack) has a new id."""
    from chalicelib.reports.signature import jwk_of

    jwk = jwk_of(keys.public_key(key_id))
    return jwk["kid"], jwk


def signing_keys() -> SigningKeys:
    """The public key(s) a report's embedded signature is checked with, as a JWKS anyone can fetch and keep."""
    return {"keys": [_signing_key()[1]]}


def _sign_digest(digest: bytes) -> bytes:
    """ES256 over the 32 digest bytes as a RAW message (see reports/signature.py for why RAW)."""
    from chalicelib.reports.signature import der_to_raw

    der = keys.sign(get_settings().report_signing_key_id, digest, message_type="RAW", algorithm=SIGNING_ALGORITHM)
    return der_to_raw(der)


def register(d: ReportDraft, content: bytes, *, kind: str, subject: str, issued_for: str, issued_to: str,
             media_type: str, covers: list[str], details: ReportDetails | None = None) -> bytes:
    """Sign the report inside itself (its blank signature slot), register the signed file, and return it."""
    from chalicelib.reports.signature import fill

    content = fill(content, _signing_key()[0], _sign_digest)
    digest = hashlib.sha256(content).digest()
    settings = get_settings()
    signature = keys.sign(settings.report_signing_key_id, digest, message_type="DIGEST", algorithm=SIGNING_ALGORITHM)
    item = new_report(d.report_id, subject=subject, issued_at=d.issued_at, kind=kind, issued_for=issued_for,
                      issued_to=issued_to, media_type=media_type, sha256=digest.hex(),
                      signature=base64.b64encode(signature).decode(), signing_key=settings.report_signing_key_id,
                      details=details, covers=covers or None)
    # The register entry is what makes the report verifiable; what the report is about is its own trail's business.
    uow = TableUnitOfWork()
    uow.save(item)
    uow.commit()
    return content


def public_view(report_id: str) -> IssuedReportView:
    item = get_report(report_id)
    if item is None:
        raise NotFound("No report with that id was issued by this registry. Check the id printed on the report.")
    return {"report_id": item.report_id, "kind": item.kind, "issued_for": item.issued_for,
            "issued_at": item.issued_at, "media_type": item.media_type, "sha256": item.sha256,
            **_newer_version(item)}


def verify_copy(report_id: str, content: bytes) -> ReportCopyCheck:
    """Is this file the unchanged original? Its hash must match and the stored signature must verify."""
    item = get_report(report_id)
    if item is None:
        raise NotFound("No report with that id was issued by this registry. Check the id printed on the report.")
    digest = hashlib.sha256(content).digest()
    signature_valid = keys.signature_valid(item.signing_key, bytes.fromhex(item.sha256),
                                           base64.b64decode(item.signature), message_type="DIGEST",
                                           algorithm=SIGNING_ALGORITHM)
    genuine = signature_valid and digest.hex() == item.sha256
    return {"genuine": genuine, "report_id": item.report_id, "issued_for": item.issued_for,
            "issued_at": item.issued_at, "kind": item.kind,
            "reason": None if genuine else "This file differs from the report the registry issued.",
            **_newer_version(item)}


def _newer_version(item: ReportItem) -> NewerVersion:
    """A genuine copy stays genuine after a correction: it is what the registry said on the day it was issued.
    But a reader must learn that the registry has since corrected records it shows."""
    from chalicelib.store.records import corrected_since

    covers = [str(person) for person in item.covers or []]
    corrected = corrected_since(covers, item.issued_at)
    if not corrected:
        return {"newer_version_exists": False}
    return {"newer_version_exists": True,
            "newer_version_note": f"Registry staff corrected verified records shown in this report after it was "
                                  f"issued ({len(corrected)} of {len(covers)} people). It is genuine as "
                                  "issued; ask for a new report for the current records."}
