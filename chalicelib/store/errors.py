"""What a service may catch from the store, named for what happened, so services never import the table library.

A conditional write that found the item changed (a version check, a "does not exist yet" condition) or a
transaction that another write beat raises one of these; the service answers it as a conflict.
"""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist as ItemMissing
from pynamodb.exceptions import PutError as PutRefused
from pynamodb.exceptions import TransactWriteError as TransactionRefused
from pynamodb.exceptions import UpdateError as UpdateRefused

__all__ = ["ItemMissing", "PutRefused", "TransactionRefused", "UpdateRefused"]
