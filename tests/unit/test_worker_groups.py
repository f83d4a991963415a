"""`make test` keeps a module's tests on one pytest-xdist worker (tests/conftest.py), so a module fixture such as the
extraction corpus (three minutes) is built once. Nothing fails when that stops working, the suite only gets slower:
pytest 9.2 made pytest-xdist 3.8's --dist loadgroup send every test to whichever worker was free, and so did this
hook running after xdist's. This runs two small modules on two workers with the registry's hook and checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_a_modules_tests_run_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("from tests.conftest import pytest_collection_modifyitems  # noqa: F401\n")
    for name in ("a", "b"):
        (tmp_path / f"test_{name}.py").write_text(
            "import pytest\n\n@pytest.mark.parametrize('i', range(6))\ndef test_it(i):\n    pass\n")
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", "--dist", "loadgroup",
                          "-v", "--rootdir", str(tmp_path), str(tmp_path)],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0, run.stdout + run.stderr
    workers: dict[str, set[str]] = {}
    for worker, module in re.findall(r"\[(gw\d)\].*PASSED .*?(test_\w)\.py::", run.stdout):
        workers.setdefault(module, set()).add(worker)
    assert set(workers) == {"test_a", "test_b"}, run.stdout
    assert all(len(ran_on) == 1 for ran_on in workers.values()), workers
