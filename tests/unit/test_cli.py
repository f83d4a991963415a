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


def test_registry_extract_reports_an_unreadable_file_in_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "scan.pdf"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["extract", str(empty)])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: The file is empty")
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_registry_extract_prints_fields_as_json(corpus) -> None:  # type: ignore[no-untyped-def]
    import json

    result = CliRunner().invoke(main, ["extract", str(corpus / "dev" / "cda_credential-f2-0-digital.pdf")])
    assert result.exit_code == 0, result.output
    fields = json.loads(result.output)
    truth = json.loads((corpus / "dev" / "cda_credential-f2-0-digital.json").read_text())
    assert fields["credential_id"] == truth["credential_id"]
    assert 0 <= fields["confidence"]["credential_id"] <= 1
