"""Sign in the way the web app does (authorization code with PKCE) or as a partner (client credentials),
over HTTP against a running stack's sign-in endpoints. Used by `registry token` and the end-to-end tests."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests


class SignInFailed(Exception):
    pass


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def sign_in(api_url: str, email: str, password: str, session: requests.Session | None = None) -> dict[str, Any]:
    http = session or requests.Session()
    config = http.get(f"{api_url}/v1/auth/config", timeout=10).json()
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(16)
    params = {"response_type": "code", "client_id": config["client_id"], "redirect_uri": config["redirect_uri"],
              "scope": config["scope"], "state": state, "code_challenge": challenge, "code_challenge_method": "S256"}
    page = http.get(f"{config['auth_base_url']}/oauth2/authorize", params=params, timeout=10)
    if page.status_code != 200:
        raise SignInFailed(f"the sign-in page answered {page.status_code}")
    answer = http.post(f"{config['auth_base_url']}/login", data={**params, "username": email, "password": password},
                       allow_redirects=False, timeout=10)
    if answer.status_code != 302:
        raise SignInFailed("wrong email or password, or the account is not confirmed")
    returned = parse_qs(urlsplit(answer.headers["Location"]).query)
    if returned.get("state") != [state]:
        raise SignInFailed("the sign-in page returned another state")
    tokens = http.post(f"{config['auth_base_url']}/oauth2/token", timeout=10, data={
        "grant_type": "authorization_code", "client_id": config["client_id"], "code": returned["code"][0],
        "redirect_uri": config["redirect_uri"], "code_verifier": verifier})
    if tokens.status_code != 200:
        raise SignInFailed(f"the token endpoint answered {tokens.status_code}: {tokens.text}")
    result: dict[str, Any] = tokens.json()
    return result


def client_credentials(token_url: str, client_id: str, client_secret: str, scope: str = "registry/partner") -> str:
    basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
    response = requests.post(token_url, data={"grant_type": "client_credentials", "scope": scope}, timeout=10,
                             headers={"Authorization": f"Basic {basic}"})
    if response.status_code != 200:
        raise SignInFailed(f"the token endpoint answered {response.status_code}: {response.text}")
    return str(response.json()["access_token"])
