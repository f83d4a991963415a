from __future__ import annotations

import time

import jwt
import pytest

from chalicelib.config import Settings
from chalicelib.errors import Forbidden, Unauthenticated
from chalicelib.security.identity import (
    LOCAL_AUDIENCE,
    LOCAL_ISSUER,
    Role,
    authenticate,
    caller_from_claims,
    issue_local_token,
    require_role,
)


@pytest.fixture
def settings() -> Settings:
    return Settings.from_env()


def test_a_local_token_round_trips_to_the_same_caller(settings: Settings) -> None:
    token = issue_local_token(settings, user_id="u-1", roles=[Role.STAFF], email="s@example.org")
    caller = authenticate(settings, {"authorization": f"Bearer {token}"}, {})
    assert caller.user_id == "u-1"
    assert caller.roles == frozenset({Role.STAFF})
    assert caller.email == "s@example.org"


def test_missing_or_malformed_authorization_is_unauthenticated(settings: Settings) -> None:
    for headers in ({}, {"authorization": "Basic abc"}, {"authorization": "Bearer "}):
        with pytest.raises(Unauthenticated):
            authenticate(settings, headers, {})


def test_a_token_signed_with_another_secret_is_refused(settings: Settings) -> None:
    forged = jwt.encode({"sub": "u-1", "cognito:groups": ["admin"], "iss": LOCAL_ISSUER, "aud": LOCAL_AUDIENCE,
                         "exp": int(time.time()) + 60}, "not-the-secret-at-all-but-long-enough-0123456789",
                        algorithm="HS256")
    with pytest.raises(Unauthenticated, match="not valid"):
        authenticate(settings, {"authorization": f"Bearer {forged}"}, {})


def test_an_expired_token_says_so(settings: Settings) -> None:
    token = issue_local_token(settings, user_id="u-1", roles=[Role.STAFF], ttl_seconds=-10)
    with pytest.raises(Unauthenticated, match="expired"):
        authenticate(settings, {"authorization": f"Bearer {token}"}, {})


def test_an_unsigned_token_is_refused(settings: Settings) -> None:
    unsigned = jwt.encode({"sub": "u-1", "cognito:groups": ["admin"], "iss": LOCAL_ISSUER, "aud": LOCAL_AUDIENCE,
                           "exp": int(time.time()) + 60}, key=None, algorithm="none")
    with pytest.raises(Unauthenticated):
        authenticate(settings, {"authorization": f"Bearer {unsigned}"}, {})


def test_cognito_mode_reads_the_authorizer_claims() -> None:
    settings = Settings.from_env()
    cognito = Settings(**{**{f: getattr(settings, f) for f in settings.__dataclass_fields__}, "auth_mode": "cognito"})
    caller = authenticate(cognito, {}, {"authorizer": {"claims": {"sub": "abc", "cognito:groups": "[staff, admin]"}}})
    assert caller.roles == frozenset({Role.STAFF, Role.ADMIN})
    with pytest.raises(Unauthenticated):
        authenticate(cognito, {"authorization": "Bearer whatever"}, {})


def test_unknown_groups_grant_nothing() -> None:
    caller = caller_from_claims({"sub": "x", "cognito:groups": ["superuser", "participant"]})
    assert caller.roles == frozenset({Role.PARTICIPANT})


def test_require_role_is_default_deny() -> None:
    caller = caller_from_claims({"sub": "x", "cognito:groups": []})
    with pytest.raises(Forbidden):
        require_role(caller, [Role.PARTICIPANT])
    require_role(caller_from_claims({"sub": "x", "cognito:groups": ["staff"]}), [Role.STAFF, Role.ADMIN])
