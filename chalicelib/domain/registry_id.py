"""Registry IDs: short, human-friendly, with a check digit, never derived from an SSN.

Format `ECE-1234-5678-9`: eight random digits and a Luhn check digit, so a mistyped
digit or two swapped neighbours are caught before any lookup.
"""

from __future__ import annotations

import re
import secrets

_FORMAT = re.compile(r"^ECE-?(\d{4})-?(\d{4})-?(\d)$")


def luhn_check_digit(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return (10 - total % 10) % 10


def new_registry_id() -> str:
    body = f"{secrets.randbelow(90_000_000) + 10_000_000}"
    return f"ECE-{body[:4]}-{body[4:]}-{luhn_check_digit(body)}"


def normalise(value: str) -> str | None:
    """The canonical form of a typed Registry ID, or None when it is not one (bad format or check digit)."""
    m = _FORMAT.match(value.strip().upper())
    if not m:
        return None
    body = m[1] + m[2]
    if luhn_check_digit(body) != int(m[3]):
        return None
    return f"ECE-{m[1]}-{m[2]}-{m[3]}"
