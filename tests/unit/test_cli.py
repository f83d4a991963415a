from __future__ import annotations

from click.testing import CliRunner

from chalicelib.cli import main


def test_registry_token_needs_a_running_stack(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import chalicelib.local.stack as stack

    monkeypatch.setattr(stack, "STACK_FILE", tmp_path / "stack.json")
    result = CliRunner().invoke(main, ["token", "--email", "sam.verifier@ece-registry.example.org"])
    assert result.exit_code != 0
    assert "make run" in result.output


def test_registry_local_reset_refuses_while_the_stack_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from chalicelib.local.stack import PID_FILE_NAME, STATE_FILE_NAME, reset

    (tmp_path / STATE_FILE_NAME).write_bytes(b"state")
    (tmp_path / PID_FILE_NAME).write_text(str(os.getpid()))  # this process: alive
    try:
        reset(tmp_path)
    except RuntimeError as exc:
        assert "running" in str(exc)
    else:
        raise AssertionError("reset went ahead while the stack runs")
    assert (tmp_path / STATE_FILE_NAME).exists()
    (tmp_path / PID_FILE_NAME).write_text("999999999")  # no such process: a stale file from a crash
    removed = reset(tmp_path)
    assert tmp_path / STATE_FILE_NAME in removed and not (tmp_path / STATE_FILE_NAME).exists()


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
