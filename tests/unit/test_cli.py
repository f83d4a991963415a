from __future__ import annotations

import jwt
from click.testing import CliRunner

from chalicelib.cli import main
from chalicelib.config import get_settings
from chalicelib.security.identity import LOCAL_AUDIENCE


def test_registry_token_prints_a_token_the_app_accepts() -> None:
    result = CliRunner().invoke(main, ["token", "--role", "staff", "--user", "u-9"])
    assert result.exit_code == 0, result.output
    claims = jwt.decode(result.output.strip(), get_settings().local_jwt_secret, algorithms=["HS256"],
                        audience=LOCAL_AUDIENCE)
    assert claims["sub"] == "u-9" and claims["cognito:groups"] == ["staff"]


def test_registry_token_refuses_an_unknown_role() -> None:
    result = CliRunner().invoke(main, ["token", "--role", "root", "--user", "u-9"])
    assert result.exit_code != 0
    assert "root" in result.output
