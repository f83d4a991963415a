"""The environment is read in one place, config.Settings (issue 23): a setting has one name, one default and one
parse, and a test that changes one clears one cache. The local stack and the command line, which set the
environment up for the app, are the exceptions."""

from __future__ import annotations

import ast
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"
SETS_UP_THE_ENVIRONMENT = {"config.py", "cli.py"}


def _reads(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") \
                and isinstance(node.value, ast.Name) and node.value.id == "os":
            lines.append(node.lineno)
    return sorted(lines)


def test_only_settings_read_the_environment() -> None:
    found = {}
    for path in sorted(CHALICELIB.rglob("*.py")):
        relative = path.relative_to(CHALICELIB)
        if relative.parts[0] == "local" or relative.as_posix() in SETS_UP_THE_ENVIRONMENT:
            continue
        if lines := _reads(ast.parse(path.read_text(encoding="utf-8"))):
            found[relative.as_posix()] = lines
    assert found == {}, f"read these through config.get_settings() instead: {found}"


def test_the_check_sees_both_spellings() -> None:
    assert _reads(ast.parse("import os\na = os.environ.get('X')\nb = os.getenv('Y')\nc = os.environ['Z']\n")) == [
        2, 3, 4]
