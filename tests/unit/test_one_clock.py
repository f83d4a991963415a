"""One clock (issue 23): every time the registry stamps or compares comes from chalicelib.clock, so a test that
moves the clock moves all of it. Read from the source's syntax tree, not its text."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "chalicelib"
# Where the wall clock is the point: a webhook's signed timestamp is the real sending time receivers check.
WALL_CLOCK_ON_PURPOSE = {("services/partners/webhooks.py", "now")}


def _reads_of_the_wall_clock(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value,
                                                                                                ast.Name):
            owner, name = node.func.value.id, node.func.attr
            if (owner, name) in {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"),
                                 ("datetime", "today")}:
                found.append((node.lineno, name))
    return found


def test_nothing_but_the_clock_reads_the_wall_clock() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "clock.py":
            continue
        for line, name in _reads_of_the_wall_clock(ast.parse(path.read_text())):
            if (relative, name) not in WALL_CLOCK_ON_PURPOSE:
                offenders.append(f"{relative}:{line} {name}()")
    assert offenders == []


def test_the_check_sees_a_read_of_the_wall_clock() -> None:
    tree = ast.parse("from datetime import date, datetime\nx = datetime.now()\ny = date.today()\n")
    assert [name for _, name in _reads_of_the_wall_clock(tree)] == ["now", "today"]
