"""What closing a profile removes beyond the profile item: the person's name and typed text wherever the registry
kept a copy (document items, the audit trails of their documents and profile, reports issued about them).

The verified records and the audit of staff decisions stay (docs/privacy-and-retention.md says why); what they
held of the person's name is taken out. Free text staff or the person wrote is kept with every word of the
person's known names replaced, so the trail still reads as a trail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from chalicelib.observability import logger
from chalicelib.security.identity import Caller
from chalicelib.services.accounts import profiles
from chalicelib.services.accounts.views import ProfileClosed
from chalicelib.services.unit_of_work import TableUnitOfWork, UnitOfWork
from chalicelib.store.profiles import ProfileItem

REMOVED = "[removed]"
# Keys whose values are a person's name or contact, wherever they appear in stored JSON.
PERSONAL_KEYS = frozenset({"person_name", "legal_first_name", "legal_middle_name", "legal_last_name",
                           "preferred_name", "name_on_document", "email", "phone", "requested"})


class Scrubber:
    def __init__(self, names: Iterable[str]) -> None:
        words = sorted({w for name in names for w in re.split(r"[\s,]+", name) if len(w) >= 2}, key=len,
                       reverse=True)
        # Whole words only: "Ana" goes, "Banana" stays.
        self._pattern = (re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
                         if words else None)

    def text(self, value: str | None) -> str | None:
        if value is None or self._pattern is None:
            return value
        return self._pattern.sub(REMOVED, value)

    def value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (None if k in PERSONAL_KEYS and v is not None else self.value(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value


# Items rewritten per commit: DynamoDB takes at most 100 in one transaction.
CHUNK = 50


def _save_in_chunks(uow: UnitOfWork, items: Iterable[Any]) -> int:
    staged = saved = 0
    for item in items:
        uow.save(item)
        staged += 1
        if staged == CHUNK:
            uow.commit()
            saved, staged = saved + staged, 0
    if staged:
        uow.commit()
    return saved + staged


def _forget_help_desk_messages(user_id: str, uow: UnitOfWork) -> int:
    """What the person wrote to the help desk while signed in: each message's key is destroyed first (its words
    can never be opened again, even from a backup), then the message goes."""
    messages = uow.help_desk.of_sender(user_id)
    for n, message in enumerate(messages, start=1):
        uow.help_desk.destroy_key(message.request_id)
        uow.remove(message)
        if n % CHUNK == 0 or n == len(messages):
            uow.commit()
    return len(messages)


def close_profile(caller: Caller, profile: ProfileItem) -> ProfileClosed:
    """Close a profile: its documents' files go, its name and typed text leave everything kept about it, then the
    profile closes itself (data key destroyed, sign-in removed, personal data cleared)."""
    from chalicelib.services.documents.lifecycle import artifacts, uploads
    from chalicelib.store.documents import list_owner_documents

    position = None
    while True:
        docs, position = list_owner_documents(caller.user_id, limit=100, start=position)
        for doc in docs:
            uploads().delete_all_versions(doc.upload_key)
            for key in doc.page_keys or []:
                artifacts().delete(key)
            if doc.ocr_key:
                artifacts().delete(doc.ocr_key)
        if not position:
            break
    forget_person(caller.user_id, profile.registry_id, profiles.names_of(profile, include_pending=True))
    return profiles.close(caller, profile)


def forget_person(user_id: str, registry_id: str, names: Iterable[str],
                  uow: UnitOfWork | None = None) -> dict[str, int]:
    """Take the person's name and typed text out of everything kept about them. Returns counts per kind.
    Each document is rewritten with its audit trail in one commit; the rest in commits of CHUNK items."""
    from chalicelib.store.disputes import disputes_of
    from chalicelib.store.documents import audit_trail, list_owner_documents
    from chalicelib.store.profiles import profile_audit_trail
    from chalicelib.store.reports import person_subject, reports_about

    uow = uow or TableUnitOfWork()
    scrub = Scrubber(names)
    counts = {"documents": 0, "audit_entries": 0, "profile_audit_entries": 0, "reports": 0, "disputes": 0}
    position = None
    while True:
        documents, position = list_owner_documents(user_id, limit=100, start=position)
        for document in documents:
            document.file_name = None
            document.extracted = None
            document.declared = None
            document.disagreements = None
            document.attention = None
            document.verified_fields = scrub.value(document.verified_fields)
            document.status_reason = scrub.text(document.status_reason)
            entries = audit_trail(document.document_id)
            for entry in entries:
                entry.before, entry.after = scrub.value(entry.before), scrub.value(entry.after)
                entry.reason = scrub.text(entry.reason)
            _save_in_chunks(uow, [document, *entries])
            counts["documents"] += 1
            counts["audit_entries"] += len(entries)
        if not position:
            break
    profile_entries = profile_audit_trail(user_id)
    for profile_entry in profile_entries:
        profile_entry.before, profile_entry.after = scrub.value(profile_entry.before), scrub.value(profile_entry.after)
        profile_entry.reason = scrub.text(profile_entry.reason)
    counts["profile_audit_entries"] = _save_in_chunks(uow, profile_entries)
    reports = reports_about(person_subject(user_id), limit=1000)
    for report in reports:
        # A copy handed out still verifies by its hash; the register no longer names the person.
        report.issued_for = f"closed profile {registry_id}"
        report.issued_to = scrub.text(report.issued_to) or ""
    counts["reports"] = _save_in_chunks(uow, reports)
    disputes = disputes_of(user_id)
    for dispute in disputes:
        dispute.resolution = scrub.text(dispute.resolution)
        dispute.correction = scrub.value(dispute.correction)
    counts["disputes"] = _save_in_chunks(uow, disputes)
    counts["help_desk_messages"] = _forget_help_desk_messages(user_id, uow)
    logger.info("closed profile's personal text removed", extra=counts)
    return counts
