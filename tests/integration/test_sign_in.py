"""Sign-in as in AWS, on moto's Cognito: self sign-up with an emailed code, the authorization-code flow with
PKCE, refresh, and tokens the app verifies against the pool's JWKS (RS256)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PASSWORD = "correct-horse-42-battery"


def _authorize_params(config: dict[str, Any], challenge: str, state: str = "s-123") -> dict[str, str]:
    return {"response_type": "code", "client_id": config["client_id"], "redirect_uri": config["redirect_uri"],
            "scope": config["scope"], "state": state, "code_challenge": challenge, "code_challenge_method": "S256"}


def _pkce() -> tuple[str, str]:
    verifier = "v" * 20 + "-verifier-" + "x" * 30
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def _post(api: Any, path: str, fields: dict[str, str], headers: dict[str, str] | None = None) -> Any:
    return api.http.post(path, body=urlencode(fields).encode(), headers={**FORM, **(headers or {})})


def _latest_code(to: str) -> str:
    from chalicelib.services.accounts.notifications import outbox

    mail = next(m for m in outbox() if m["to"] == to)
    return re.search(r"Your code is (\d{6})", mail["body"]).group(1)  # type: ignore[union-attr]


@pytest.fixture
def config(api: Any) -> dict[str, Any]:
    return json.loads(api.http.get("/v1/auth/config").body)


def _sign_in(api: Any, config: dict[str, Any], email: str, password: str = PASSWORD) -> dict[str, Any]:
    verifier, challenge = _pkce()
    params = _authorize_params(config, challenge)
    answer = _post(api, "/local/cognito/login", {**params, "username": email, "password": password})
    assert answer.status_code == 302, answer.body
    returned = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert returned["state"] == ["s-123"]
    exchanged = _post(api, "/local/cognito/oauth2/token", {
        "grant_type": "authorization_code", "client_id": config["client_id"], "code": returned["code"][0],
        "redirect_uri": config["redirect_uri"], "code_verifier": verifier})
    assert exchanged.status_code == 200, exchanged.body
    return dict(json.loads(exchanged.body))


def test_a_new_participant_signs_up_confirms_by_email_code_and_signs_in(api: Any, config: dict[str, Any]) -> None:
    email = "maria.lopez@example.org"
    _, challenge = _pkce()
    params = _authorize_params(config, challenge)
    page = api.http.get("/local/cognito/oauth2/authorize?" + urlencode(params))
    assert page.status_code == 200 and b"Create an account" in page.body
    signed_up = _post(api, "/local/cognito/signup", {**params, "username": email, "password": PASSWORD})
    assert signed_up.status_code == 200 and b"Confirm your email" in signed_up.body
    wrong = _post(api, "/local/cognito/confirm", {**params, "username": email, "code": "000000"})
    assert wrong.status_code == 400
    # Not confirmed yet: signing in asks for the code instead of handing out tokens.
    early = _post(api, "/local/cognito/login", {**params, "username": email, "password": PASSWORD})
    assert early.status_code == 200 and b"Confirm your email" in early.body
    confirmed = _post(api, "/local/cognito/confirm", {**params, "username": email, "code": _latest_code(email)})
    assert confirmed.status_code == 200

    tokens = _sign_in(api, config, email)
    session = api.http.get("/v1/session", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert session.status_code == 200, session.body
    body = json.loads(session.body)
    assert body["roles"] == ["participant"]  # from cognito:groups, given by the post-confirmation trigger
    # The id token carries the address; the registry reads mail addresses from the pool, not from its tables.
    from chalicelib.services.accounts.people import mail_address

    assert mail_address(body["user_id"]) is not None
    assert mail_address(body["user_id"]).address == email  # type: ignore[union-attr]


def test_the_code_needs_the_pkce_verifier_and_works_once(api: Any, config: dict[str, Any]) -> None:
    from chalicelib.local.demo import DEMO_PASSWORD, load_demo_data

    load_demo_data(with_sign_in=True)
    _, challenge = _pkce()
    params = _authorize_params(config, challenge)
    answer = _post(api, "/local/cognito/login", {**params, "username": "sam.verifier@ece-registry.example.org",
                                                 "password": DEMO_PASSWORD})
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    base = {"grant_type": "authorization_code", "client_id": config["client_id"], "code": code,
            "redirect_uri": config["redirect_uri"]}
    assert _post(api, "/local/cognito/oauth2/token", {**base, "code_verifier": "not-the-verifier"}).status_code == 400
    # A failed exchange spends the code, as an intercepted code must not be tried again and again.
    assert _post(api, "/local/cognito/oauth2/token", {**base, "code_verifier": _pkce()[0]}).status_code == 400


def test_wrong_password_and_foreign_redirects_are_refused(api: Any, config: dict[str, Any]) -> None:
    from chalicelib.local.demo import load_demo_data

    load_demo_data(with_sign_in=True)
    _, challenge = _pkce()
    params = _authorize_params(config, challenge)
    bad = _post(api, "/local/cognito/login", {**params, "username": "sam.verifier@ece-registry.example.org",
                                              "password": "guess-guess-1"})
    assert bad.status_code == 400 and b"Incorrect email or password" in bad.body
    foreign = {**params, "redirect_uri": "https://attacker.example/app"}
    assert api.http.get("/local/cognito/oauth2/authorize?" + urlencode(foreign)).status_code == 400
    no_pkce = {k: v for k, v in params.items() if not k.startswith("code_challenge")}
    assert api.http.get("/local/cognito/oauth2/authorize?" + urlencode(no_pkce)).status_code == 400


def test_demo_staff_signs_in_refreshes_and_acts_in_their_role(api: Any, config: dict[str, Any]) -> None:
    from chalicelib.local.demo import DEMO_PASSWORD, load_demo_data

    load_demo_data(with_sign_in=True)
    tokens = _sign_in(api, config, "sam.verifier@ece-registry.example.org", DEMO_PASSWORD)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert api.http.get("/v1/review/queue", headers=headers).status_code == 200
    assert api.http.get("/v1/programs/prog-sunshine/staff", headers=headers).status_code == 403
    refreshed = _post(api, "/local/cognito/oauth2/token", {"grant_type": "refresh_token",
                                                          "client_id": config["client_id"],
                                                          "refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200
    again = {"Authorization": f"Bearer {json.loads(refreshed.body)['access_token']}"}
    assert api.http.get("/v1/review/queue", headers=again).status_code == 200
    # The ID token is for the web app to read; the API takes only access tokens.
    id_headers = {"Authorization": f"Bearer {tokens['id_token']}"}
    assert api.http.get("/v1/review/queue", headers=id_headers).status_code == 401


def test_forged_expired_and_algorithm_swapped_tokens_are_refused(api: Any) -> None:
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    from chalicelib.config import get_settings
    from chalicelib.local.cognito import mint_access_token
    from chalicelib.security.identity import issuer

    settings = get_settings()
    claims = {"iss": issuer(settings), "sub": "u-x", "username": "u-x", "token_use": "access",
              "scope": "registry/app", "cognito:groups": ["admin"], "exp": int(time.time()) + 300}
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, other_key, algorithm="RS256", headers={"kid": "dummy"})
    hs256 = jwt.encode(claims, "a-shared-secret-that-is-long-enough-to-sign", algorithm="HS256",
                       headers={"kid": "dummy"})
    expired = mint_access_token("u-x", ["admin"], ttl_seconds=-30)
    for token, why in ((forged, "not valid"), (hs256, "not valid"), (expired, "expired")):
        answer = api.http.get("/v1/review/queue", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401, why
        assert why in json.loads(answer.body)["detail"]
    good = mint_access_token("u-x", ["staff"])
    assert api.http.get("/v1/review/queue", headers={"Authorization": f"Bearer {good}"}).status_code == 200


def test_an_admin_signs_up_a_verifier_who_chooses_a_password_at_first_sign_in(api: Any,
                                                                             config: dict[str, Any]) -> None:
    from chalicelib.local.cognito import mint_access_token

    admin = {"Authorization": f"Bearer {mint_access_token('u-admin', ['admin'])}",
             "Content-Type": "application/json"}
    body = json.dumps({"email": "Vera.Verifier@Example.org", "role": "staff", "display_name": "Vera Verifier"})
    created = api.http.post("/v1/admin/users", headers=admin, body=body)
    assert created.status_code == 201, created.body
    assert api.http.post("/v1/admin/users", headers=admin, body=body).status_code == 409
    staff = {"Authorization": f"Bearer {mint_access_token('u-staff', ['staff'])}", "Content-Type": "application/json"}
    assert api.http.post("/v1/admin/users", headers=staff, body=body).status_code == 403

    from chalicelib.services.accounts.notifications import outbox

    invitation = next(m for m in outbox() if m["to"] == "vera.verifier@example.org")
    temporary = re.search(r"temporary password (\S+)", invitation["body"]).group(1)  # type: ignore[union-attr]
    _verifier, challenge = _pkce()
    params = _authorize_params(config, challenge)
    first = _post(api, "/local/cognito/login", {**params, "username": "vera.verifier@example.org",
                                                "password": temporary})
    assert first.status_code == 200 and b"Choose your password" in first.body
    session = re.search(rb'name="session" value="([^"]+)"', first.body).group(1).decode()  # type: ignore[union-attr]
    chosen = _post(api, "/local/cognito/newPassword", {**params, "username": "vera.verifier@example.org",
                                                       "session": session, "password": PASSWORD})
    assert chosen.status_code == 302, chosen.body
    tokens = _sign_in(api, config, "vera.verifier@example.org")
    session_body = json.loads(api.http.get("/v1/session", headers={
        "Authorization": f"Bearer {tokens['access_token']}"}).body)
    assert session_body["roles"] == ["staff"] and session_body["display_name"] == "Vera Verifier"


def test_a_participant_changes_their_sign_in_email_after_confirming_the_new_address(
        api: Any, config: dict[str, Any]) -> None:
    from chalicelib.local.demo import DEMO_PASSWORD, load_demo_data
    from chalicelib.services.accounts.people import mail_address

    ids = load_demo_data(with_sign_in=True)["ids"]
    tokens = _sign_in(api, config, "ana.reyes@example.org", DEMO_PASSWORD)
    headers = {"Authorization": f"Bearer {tokens['access_token']}", "Content-Type": "application/json"}
    asked = api.http.post("/v1/me/sign-in-email", headers=headers, body=json.dumps({"email": "ana@new.example.org"}))
    assert asked.status_code == 200, asked.body
    # Until the code comes back, mail still goes to the old address.
    assert mail_address(ids["u-participant-ana"]).address == "ana.reyes@example.org"  # type: ignore[union-attr]
    wrong = api.http.post("/v1/me/sign-in-email/verify", headers=headers, body=json.dumps({"code": "000000"}))
    assert wrong.status_code == 422
    code = _latest_code("ana@new.example.org")
    done = api.http.post("/v1/me/sign-in-email/verify", headers=headers, body=json.dumps({"code": code}))
    assert done.status_code == 200, done.body
    assert mail_address(ids["u-participant-ana"]).address == "ana@new.example.org"  # type: ignore[union-attr]
    assert _sign_in(api, config, "ana@new.example.org", DEMO_PASSWORD)["access_token"]
    taken = api.http.post("/v1/me/sign-in-email", headers=headers,
                          body=json.dumps({"email": "sam.verifier@ece-registry.example.org"}))
    assert taken.status_code == 409


def test_closing_a_profile_removes_the_person_from_the_user_pool(api: Any, config: dict[str, Any]) -> None:
    from chalicelib.local.demo import DEMO_PASSWORD, load_demo_data
    from chalicelib.services.accounts.people import mail_address

    ids = load_demo_data(with_sign_in=True)["ids"]
    tokens = _sign_in(api, config, "ben.okafor@example.org", DEMO_PASSWORD)
    closed = api.http.delete("/v1/me?confirm=close-my-profile",
                             headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert closed.status_code == 200, closed.body
    assert mail_address(ids["u-participant-ben"]) is None
    _, challenge = _pkce()
    refused = _post(api, "/local/cognito/login", {**_authorize_params(config, challenge),
                                                  "username": "ben.okafor@example.org", "password": DEMO_PASSWORD})
    assert refused.status_code == 400


def test_a_forgotten_password_is_reset_with_the_emailed_code(api: Any, config: dict[str, Any]) -> None:
    from chalicelib.local.demo import DEMO_PASSWORD, load_demo_data

    load_demo_data(with_sign_in=True)
    _, challenge = _pkce()
    params = _authorize_params(config, challenge)
    email = "chloe.tran@example.org"
    asked = _post(api, "/local/cognito/forgotPassword", {**params, "username": email})
    assert asked.status_code == 200 and b"If an account uses this email" in asked.body
    # The same answer for an address nobody uses: the page does not tell who has an account.
    unknown = _post(api, "/local/cognito/forgotPassword", {**params, "username": "nobody@example.org"})
    assert b"If an account uses this email" in unknown.body
    wrong = _post(api, "/local/cognito/confirmForgotPassword", {**params, "username": email, "code": "000000",
                                                               "password": "a-new-password-77"})
    assert wrong.status_code == 400
    done = _post(api, "/local/cognito/confirmForgotPassword", {**params, "username": email,
                                                              "code": _latest_code(email),
                                                              "password": "a-new-password-77"})
    assert done.status_code == 200
    assert _sign_in(api, config, email, "a-new-password-77")["access_token"]
    old = _post(api, "/local/cognito/login", {**params, "username": email, "password": DEMO_PASSWORD})
    assert old.status_code == 400
