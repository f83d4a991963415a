"""Paging cursors that cannot be read or forged: the position of the next page (a DynamoDB key) sealed with
KMS, bound to the list it pages through and to a day. A tampered, foreign or stale cursor gets a 400 that says
what to do, never a 500 or a look at how the table is keyed."""

from __future__ import annotations

import base64
import binascii
import json
import time
from typing import Any

from chalicelib.errors import BadRequest

LIFETIME_SECONDS = 24 * 3600
_REFUSED = "This page link is not valid or has expired. Start again from the first page."


def _context(scope: str) -> dict[str, str]:
    return {"use": "page-cursor", "scope": scope}


def seal(position: dict[str, Any] | None, scope: str) -> str | None:
    if not position:
        return None
    from chalicelib.aws import keys
    from chalicelib.config import get_settings

    plaintext = json.dumps({"k": position, "t": int(time.time())}, separators=(",", ":")).encode()
    blob = keys.encrypt(get_settings().storage_key_id, plaintext, _context(scope))
    return base64.urlsafe_b64encode(blob).decode().rstrip("=")


def open_cursor(cursor: str | None, scope: str) -> dict[str, Any] | None:
    if not cursor:
        return None
    from chalicelib.aws import keys
    from chalicelib.config import get_settings

    try:
        blob = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plaintext = keys.decrypt(blob, _context(scope), get_settings().storage_key_id)
        opened = json.loads(plaintext)
    except (binascii.Error, ValueError, keys.Refused):
        raise BadRequest(_REFUSED) from None
    if not isinstance(opened, dict) or time.time() - int(opened.get("t", 0)) > LIFETIME_SECONDS:
        raise BadRequest(_REFUSED)
    position = opened.get("k")
    if not isinstance(position, dict):
        raise BadRequest(_REFUSED)
    return position
