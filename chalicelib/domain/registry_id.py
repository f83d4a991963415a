"""Registry IDs: short, human-friendly, with a check digit, never derived from an SSN.

Format `ECE-1234-5678-9`: eight random digits and a Damm check digit, so a mistyped digit
or two swapped neighbours (the check digit included) are caught before any lookup. Damm rather
than Luhn because Luhn lets a 09/90 swap through, and people do swap those.
"""

from __future__ import annotations

import re
import secrets

_FORMAT = re.compile(r"^ECE-?(\d{4})-?(\d{4})-?(\d)$")


# The order-10 totally anti-symmetric quasigroup from H. Michael Damm's 2004 thesis.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_check_digit(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return interim


def new_registry_id() -> str:
    body = f"{secrets.randbelow(90_000_000) + 10_000_000}"
    return f"ECE-{body[:4]}-{body[4:]}-{damm_check_digit(body)}"


def normalise(value: str) -> str | None:
    """The canonical form of a typed Registry ID, or None when it is not one (bad format or check digit)."""
    m = _FORMAT.match(value.strip().upper())
    if not m:
        return None
    body = m[1] + m[2]
    if damm_check_digit(body) != int(m[3]):
        return None
    return f"ECE-{m[1]}-{m[2]}-{m[3]}"
