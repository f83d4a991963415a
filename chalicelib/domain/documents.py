"""Document types, statuses and the transitions between them."""

from __future__ import annotations

from enum import StrEnum

from chalicelib.domain.wording import Refusal


class DocStatus(StrEnum):
    AWAITING_UPLOAD = "awaiting_upload"
    PROCESSING = "processing"
    NEEDS_ATTENTION = "needs_attention"  # the participant can fix something before staff look
    NEEDS_REVIEW = "needs_review"
    VERIFIED = "verified"
    REJECTED = "rejected"
    RESUBMISSION_REQUESTED = "resubmission_requested"
    REJECTED_FILE = "rejected_file"
    FAILED = "failed"
    DELETED = "deleted"


# Staff work these statuses from the queue.
REVIEWABLE = frozenset({DocStatus.NEEDS_REVIEW, DocStatus.FAILED})
FINAL = frozenset({DocStatus.VERIFIED, DocStatus.REJECTED, DocStatus.RESUBMISSION_REQUESTED,
                   DocStatus.REJECTED_FILE, DocStatus.DELETED})

_ALLOWED: dict[DocStatus, frozenset[DocStatus]] = {
    DocStatus.AWAITING_UPLOAD: frozenset({DocStatus.PROCESSING, DocStatus.REJECTED_FILE, DocStatus.DELETED}),
    DocStatus.PROCESSING: frozenset({DocStatus.NEEDS_REVIEW, DocStatus.NEEDS_ATTENTION, DocStatus.FAILED,
                                     DocStatus.REJECTED_FILE, DocStatus.DELETED}),
    DocStatus.NEEDS_ATTENTION: frozenset({DocStatus.NEEDS_REVIEW, DocStatus.DELETED}),
    DocStatus.FAILED: frozenset({DocStatus.PROCESSING, DocStatus.NEEDS_REVIEW, DocStatus.NEEDS_ATTENTION,
                                 DocStatus.REJECTED,
                                 DocStatus.RESUBMISSION_REQUESTED, DocStatus.DELETED}),
    DocStatus.NEEDS_REVIEW: frozenset({DocStatus.VERIFIED, DocStatus.REJECTED, DocStatus.RESUBMISSION_REQUESTED,
                                       DocStatus.PROCESSING, DocStatus.DELETED}),
    DocStatus.REJECTED_FILE: frozenset({DocStatus.DELETED}),
    # Back to the queue only when staff uphold the participant's appeal (services/records/corrections.py).
    DocStatus.REJECTED: frozenset({DocStatus.NEEDS_REVIEW, DocStatus.DELETED}),
    DocStatus.RESUBMISSION_REQUESTED: frozenset({DocStatus.NEEDS_REVIEW, DocStatus.DELETED}),
    DocStatus.VERIFIED: frozenset(),
    DocStatus.DELETED: frozenset(),
}


class TransitionNotAllowed(Refusal):
    """A status change the document's life cycle does not allow (services answer it as a conflict)."""


def check_transition(current: DocStatus, target: DocStatus) -> None:
    if target not in _ALLOWED[current]:
        raise TransitionNotAllowed("A document that is {current} cannot become {target}.", current=current.value,
                                   target=target.value)
