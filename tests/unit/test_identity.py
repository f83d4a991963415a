"""The claims checks the app makes on every token, however it was verified (API Gateway in AWS, itself locally)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from chalicelib.config import Settings
from chalicelib.errors import Forbidden, Unauthenticated
from chalicelib.security.identity import (
    APP_SCOPE,
    PARTNER_SCOPE,
    Role,
    accepted_scopes,
    authenticate,
    caller_from_claims,
    check_claims,
    issuer,
    require_role,
)


@pytest.fixture
def settings() -> Settings:
    base = Settings.from_env()
    return Settings(**{**{f: getattr(base, f) for f in base.__dataclass_fields__},
                       "user_pool_id": "us-east-1_TESTPOOL", "auth_mode": "cognito"})


def _claims(settings: Settings, **overrides: Any) -> dict[str, Any]:
    return {"iss": issuer(settings), "sub": "abc", "username": "abc", "token_use": "access", "scope": APP_SCOPE,
            "cognito:groups": ["staff"], "exp": int(time.time()) + 300, **overrides}


def test_cognito_mode_reads_the_authorizer_claims(settings: Settings) -> None:
    claims = _claims(settings, **{"cognito:groups": "[staff, admin]"})
    caller = authenticate(settings, {}, {"authorizer": {"claims": claims}})
    assert caller.user_id == "abc"
    assert caller.roles == frozenset({Role.STAFF, Role.ADMIN})
    with pytest.raises(Unauthenticated):
        authenticate(settings, {"authorization": "Bearer whatever"}, {})


def test_claims_from_another_pool_or_an_id_token_are_refused(settings: Settings) -> None:
    with pytest.raises(Unauthenticated, match="not issued by this registry"):
        check_claims(settings, _claims(settings, iss="https://cognito-idp.us-east-1.amazonaws.com/other"),
                     frozenset({APP_SCOPE}))
    with pytest.raises(Unauthenticated, match="access token"):
        check_claims(settings, _claims(settings, token_use="id"), frozenset({APP_SCOPE}))
    with pytest.raises(Unauthenticated, match="expired"):
        check_claims(settings, _claims(settings, exp=int(time.time()) - 5), frozenset({APP_SCOPE}))


def test_a_token_without_the_route_scope_is_forbidden(settings: Settings) -> None:
    with pytest.raises(Forbidden, match="scope"):
        check_claims(settings, _claims(settings, scope="aws.cognito.signin.user.admin"), frozenset({APP_SCOPE}))


def test_a_client_credentials_token_is_a_partner_whatever_groups_it_claims(settings: Settings) -> None:
    claims = _claims(settings, scope=PARTNER_SCOPE, client_id="client-1", sub="client-1",
                     **{"cognito:groups": ["admin"]})
    del claims["username"]
    caller = check_claims(settings, claims, accepted_scopes([Role.PARTNER]))
    assert caller.user_id == "client-1"
    assert caller.roles == frozenset({Role.PARTNER})
    # ... and a partner token cannot reach a route for people.
    with pytest.raises(Forbidden):
        check_claims(settings, claims, accepted_scopes([Role.STAFF, Role.PARTICIPANT]))


def test_route_scopes_follow_the_roles_it_allows() -> None:
    assert accepted_scopes([Role.STAFF]) == {APP_SCOPE}
    assert accepted_scopes([Role.PARTNER]) == {APP_SCOPE, PARTNER_SCOPE}


def test_unknown_groups_grant_nothing() -> None:
    caller = caller_from_claims({"sub": "x", "cognito:groups": ["superuser", "participant"]})
    assert caller.roles == frozenset({Role.PARTICIPANT})


def test_require_role_is_default_deny() -> None:
    caller = caller_from_claims({"sub": "x", "cognito:groups": []})
    with pytest.raises(Forbidden):
        require_role(caller, [Role.PARTICIPANT])
    require_role(caller_from_claims({"sub": "x", "cognito:groups": ["staff"]}), [Role.STAFF, Role.ADMIN])
