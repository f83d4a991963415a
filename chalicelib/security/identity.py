"""Who is calling.

Every request carries a Cognito access token (RS256, signed by the user pool). In AWS the API Gateway Cognito
authorizer checks its signature, expiry and scope before the Lambda runs and passes the claims in the request
context; on the embedded local stack the app fetches the pool's JWKS from moto's Cognito and checks the same
things itself. Either way the app then checks the claims again (issuer, token use, scope) and decides what
the caller may do: default deny.

Two kinds of caller:
- a person signed in through the web app: scope `registry/app`, `sub` is their user id and their roles come
  only from `cognito:groups` (which only administrators can change);
- a partner system using client credentials: scope `registry/partner`, no user, `client_id` is who it is.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from chalicelib.config import Settings
from chalicelib.errors import Forbidden, Unauthenticated

APP_SCOPE = "registry/app"
PARTNER_SCOPE = "registry/partner"


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


def accepted_scopes(roles: Iterable[Role]) -> frozenset[str]:
    """The scopes a route's token may carry: partner systems reach only the routes a partner may call."""
    roles = frozenset(roles)
    scopes = {APP_SCOPE} if roles - {Role.PARTNER} else set()
    if Role.PARTNER in roles:
        scopes |= {PARTNER_SCOPE, APP_SCOPE}
    return frozenset(scopes)


def _parse_list(raw: Any) -> list[str]:
    # API Gateway flattens list claims to a string such as "[staff, admin]" or "staff,admin".
    if isinstance(raw, str):
        return [part.strip(" []\"'") for part in raw.replace(" ", ",").split(",") if part.strip(" []\"'")]
    return [str(r) for r in (raw or [])]


def _parse_groups(raw: Any) -> frozenset[Role]:
    known = {r.value for r in Role}
    return frozenset(Role(g) for g in _parse_list(raw) if g in known)


def caller_from_claims(claims: Mapping[str, Any]) -> Caller:
    scopes = set(str(claims.get("scope") or "").split())
    if PARTNER_SCOPE in scopes and not claims.get("username"):
        # Client credentials: the token names an app client, not a person; it is a partner by its scope.
        client_id = claims.get("client_id") or claims.get("sub")
        if not client_id:
            raise Unauthenticated("The partner token names no client. Ask for a new token.")
        return Caller(user_id=str(client_id), roles=frozenset({Role.PARTNER}), claims=dict(claims))
    sub = claims.get("sub")
    if not sub:
        raise Unauthenticated("The sign-in token has no subject. Sign in again.")
    return Caller(user_id=str(sub), roles=_parse_groups(claims.get("cognito:groups")),
                  email=claims.get("email"), claims=dict(claims))


def issuer(settings: Settings) -> str:
    return f"https://cognito-idp.{settings.region}.amazonaws.com/{settings.user_pool_id}"


def jwks_url(settings: Settings) -> str:
    if settings.aws_endpoint_url:  # moto serves the pool's keys at its own address
        return f"{settings.aws_endpoint_url.rstrip('/')}/{settings.user_pool_id}/.well-known/jwks.json"
    return f"{issuer(settings)}/.well-known/jwks.json"


class _KeySet:
    """The pool's public keys, fetched once and again only when a token names a key not seen yet."""

    def __init__(self) -> None:
        self._keys: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def key(self, url: str, kid: str) -> Any:
        with self._lock:
            if (url, kid) not in self._keys:
                import jwt
                import requests

                response = requests.get(url, timeout=5)
                response.raise_for_status()
                for jwk in response.json().get("keys", []):
                    self._keys[(url, jwk.get("kid", ""))] = jwt.PyJWK(jwk).key
            found = self._keys.get((url, kid))
        if found is None:
            raise Unauthenticated("The sign-in token was not issued by this registry. Sign in again.")
        return found


_KEYS = _KeySet()


def verify_token(settings: Settings, token: str) -> dict[str, Any]:
    """What API Gateway's authorizer does in AWS: signature by the pool's key, not expired, from this pool."""
    import jwt

    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != "RS256":
            raise Unauthenticated("The sign-in token is not valid. Sign in again.")
        key = _KEYS.key(jwks_url(settings), str(header.get("kid", "")))
        claims: dict[str, Any] = jwt.decode(token, key, algorithms=["RS256"], issuer=issuer(settings),
                                            options={"require": ["exp", "iss", "token_use"], "verify_aud": False})
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("Your sign-in has expired. Sign in again.") from exc
    except jwt.PyJWTError as exc:
        raise Unauthenticated("The sign-in token is not valid. Sign in again.") from exc
    return claims


def check_claims(settings: Settings, claims: Mapping[str, Any], scopes: frozenset[str]) -> Caller:
    """Checks the app makes on claims however they were verified (defence in depth behind API Gateway)."""
    if claims.get("iss") != issuer(settings):
        raise Unauthenticated("The sign-in token was not issued by this registry. Sign in again.")
    if claims.get("token_use") != "access":
        raise Unauthenticated("Send the access token (not the ID token) as the bearer token.")
    expires = claims.get("exp")
    if expires is not None and int(expires) < time.time():
        raise Unauthenticated("Your sign-in has expired. Sign in again.")
    carried = set(str(claims.get("scope") or "").split())
    if scopes and carried.isdisjoint(scopes):
        raise Forbidden("This token may not call this route: it needs one of the scopes {scopes}.",
                        scopes=", ".join(sorted(scopes)))
    return caller_from_claims(claims)


def _bearer_token(headers: Mapping[str, str]) -> str:
    value = headers.get("authorization") or headers.get("Authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Sign in first: send 'Authorization: Bearer <token>'.")
    return token.strip()


def authenticate(settings: Settings, headers: Mapping[str, str], context: Mapping[str, Any],
                 scopes: frozenset[str] = frozenset({APP_SCOPE})) -> Caller:
    if settings.auth_mode == "cognito":
        claims = (context.get("authorizer") or {}).get("claims")
        if not claims:
            raise Unauthenticated("Sign in first: this route needs a Cognito token.")
        return check_claims(settings, claims, scopes)
    return check_claims(settings, verify_token(settings, _bearer_token(headers)), scopes)


def require_role(caller: Caller, allowed: Iterable[Role]) -> None:
    allowed = frozenset(allowed)
    if not caller.has_any(allowed):
        names = ", ".join(sorted(r.value for r in allowed))
        raise Forbidden("This needs one of these roles: {roles}. Ask a registry administrator if you need access.",
                    roles=names)
