"""What a service may catch from the store, named for what happened, so services never import the table library.

A conditional write that found the item changed (a version check, a "does not exist yet" condition) or a
transaction that another write beat raises one of these; the service answers it as a conflict.
"""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist as ItemMissing
from pynamodb.exceptions import PutError as PutRefused
from pynamodb.exceptions import TransactWriteError as TransactionRefused
from pynamodb.exceptions import UpdateError as UpdateRefused

__all__ = ["ItemMissing", "PutRefused", "TransactionRefused", "UpdateRefused", "refused_by_condition"]


def refused_by_condition(error: TransactionRefused) -> bool:
    """Whether a condition of the transaction said no.

    False when the transaction was cancelled only because another one touched the same items at that moment
    (DynamoDB's TransactionConflict): nothing was decided and the same request may simply be tried again.
    (PynamoDB sends condition checks, deletes, puts and updates in that order, so a reason's position does not
    name the item the service wrote first.)
    """
    return any(reason is not None and reason.code == "ConditionalCheckFailed"
               for reason in error.cancellation_reasons or [])
