"""Who is calling.

Requests carry a bearer JWT with Cognito-shaped claims (`sub`, `cognito:groups`).
In AWS an API Gateway Cognito authorizer verifies the token and passes its claims
in the request context; `chalice local` lets every request through authorizers,
so in local mode (and tests) the app verifies tokens from the local issuer itself.
Either way the app decides what the caller may do: default deny.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from chalicelib.config import Settings
from chalicelib.errors import Forbidden, Unauthenticated

LOCAL_ISSUER = "ece-registry-local"
LOCAL_AUDIENCE = "ece-registry"


class Role(StrEnum):
    PARTICIPANT = "participant"
    STAFF = "staff"
    DIRECTOR = "director"
    SPONSOR = "sponsor"
    PARTNER = "partner"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: str
    roles: frozenset[Role]
    email: str | None = None
    claims: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def has_any(self, roles: Iterable[Role]) -> bool:
        return not self.roles.isdisjoint(roles)

    def is_(self, role: Role) -> bool:
        return role in self.roles


def _parse_groups(raw: Any) -> frozenset[Role]:
    # API Gateway flattens list claims to a string such as "[staff, admin]" or "staff,admin".
    if isinstance(raw, str):
        raw = [part.strip(" []\"'") for part in raw.replace(" ", ",").split(",")]
    known = {r.value for r in Role}
    return frozenset(Role(g) for g in (raw or []) if g in known)


def caller_from_claims(claims: Mapping[str, Any]) -> Caller:
    sub = claims.get("sub")
    if not sub:
        raise Unauthenticated("The sign-in token has no subject. Sign in again.")
    return Caller(user_id=str(sub), roles=_parse_groups(claims.get("cognito:groups")),
                  email=claims.get("email"), claims=dict(claims))


def issue_local_token(settings: Settings, *, user_id: str, roles: Iterable[Role | str],
                      email: str | None = None, ttl_seconds: int = 12 * 3600) -> str:
    if not settings.local_jwt_secret:
        raise RuntimeError("REGISTRY_LOCAL_JWT_SECRET is not set: start the local stack with `make run` first.")
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": LOCAL_ISSUER,
        "aud": LOCAL_AUDIENCE,
        "sub": user_id,
        "cognito:groups": [Role(r).value for r in roles],
        "token_use": "id",
        "iat": now,
        "exp": now + ttl_seconds,
    }
    if email:
        claims["email"] = email
    import jwt

    return jwt.encode(claims, settings.local_jwt_secret, algorithm="HS256")


def _bearer_token(headers: Mapping[str, str]) -> str:
    value = headers.get("authorization") or headers.get("Authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Sign in first: send 'Authorization: Bearer <token>'.")
    return token.strip()


def authenticate(settings: Settings, headers: Mapping[str, str], context: Mapping[str, Any]) -> Caller:
    if settings.auth_mode == "cognito":
        claims = (context.get("authorizer") or {}).get("claims")
        if not claims:
            raise Unauthenticated("Sign in first: this route needs a Cognito token.")
        return caller_from_claims(claims)
    token = _bearer_token(headers)
    import jwt  # only local mode verifies tokens itself; keeps the import off the Cognito path

    try:
        claims = jwt.decode(token, settings.local_jwt_secret, algorithms=["HS256"],
                            audience=LOCAL_AUDIENCE, issuer=LOCAL_ISSUER,
                            options={"require": ["exp", "sub", "iss", "aud"]})
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("Your sign-in has expired. Sign in again.") from exc
    except jwt.PyJWTError as exc:
        raise Unauthenticated("The sign-in token is not valid. Sign in again.") from exc
    return caller_from_claims(claims)


def require_role(caller: Caller, allowed: Iterable[Role]) -> None:
    allowed = frozenset(allowed)
    if not caller.has_any(allowed):
        names = ", ".join(sorted(r.value for r in allowed))
        raise Forbidden(f"This needs one of these roles: {names}. Ask a registry administrator if you need access.")
