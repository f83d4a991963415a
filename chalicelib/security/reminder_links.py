"""Links that turn an optional reminder off, signed so nobody can turn off someone else's: an HMAC-SHA-256 over
the purpose, the person's user id and the reminder's kind, made and checked by KMS (GenerateMac / VerifyMac)
with the registry's reminder-link key, which never leaves KMS. A link does not expire: an email read a year
later still unsubscribes (RFC 8058 asks that it keep working), and it can only ever turn that one kind off."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlencode

ALGORITHM = "HMAC_SHA_256"
PURPOSE = "reminder-off/v1"
PATH = "/v1/public/reminders/off"
# What a request may carry before any work is done on it: a user id (a Cognito sub or a demo id) and a
# base64url MAC of 32 bytes (43 characters).
MAX_USER_ID = 64
MAX_SIGNATURE = 64


def _message(user_id: str, reminder: str) -> bytes:
    return f"{PURPOSE}\n{user_id}\n{reminder}".encode()


def sign(user_id: str, reminder: str) -> str:
    from chalicelib.aws import keys
    from chalicelib.config import get_settings

    mac = keys.mac(get_settings().reminder_link_key_id, ALGORITHM, _message(user_id, reminder))
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def link(user_id: str, reminder: str) -> str:
    """The unsubscribe link an optional reminder's email carries (and its List-Unsubscribe header)."""
    from chalicelib.config import get_settings

    query = urlencode({"u": user_id, "r": reminder, "s": sign(user_id, reminder)})
    return f"{get_settings().public_base_url}{PATH}?{query}"


def valid(user_id: str, reminder: str, signature: str) -> bool:
    """Whether `signature` is this link's own. Refuses what is too long or not base64url without asking KMS."""
    from chalicelib.aws import keys
    from chalicelib.config import get_settings

    if not user_id or len(user_id) > MAX_USER_ID or not signature or len(signature) > MAX_SIGNATURE:
        return False
    try:
        mac = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    except (binascii.Error, ValueError):
        return False
    return keys.mac_valid(get_settings().reminder_link_key_id, ALGORITHM, _message(user_id, reminder), mac)
