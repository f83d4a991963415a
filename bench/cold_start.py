"""Import time of the API module and each event handler module, in a fresh interpreter.

Prints the median of 10 runs beside `import boto3` alone. Target: the API module
imports in at most 1.5x the time of boto3.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 10
MODULES = {
    "boto3 (baseline)": "import boto3",
    "app (API)": "import app",
    "events.intake": "import chalicelib.events.intake",
    "events.extraction": "import chalicelib.events.extraction",
    "events.notifications": "import chalicelib.events.notifications",
}
HEAVY = ("moto", "pytesseract", "pypdfium2", "reportlab", "openpyxl", "PIL", "pdfplumber")

ENV = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "REGISTRY_AUTH_MODE": "local",
       "POWERTOOLS_TRACE_DISABLED": "true", "PYTHONDONTWRITEBYTECODE": "1"}


def time_import(statement: str) -> float:
    code = ("import time; t = time.perf_counter(); " + statement +
            "; print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def heavy_modules_loaded(statement: str) -> list[str]:
    code = statement + "; import sys; print('HEAVY:' + ','.join(m for m in " + repr(HEAVY) + " if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("HEAVY:"))
    return [m for m in line.removeprefix("HEAVY:").split(",") if m]


def main() -> None:
    for statement in MODULES.values():
        time_import(statement)  # warm the file cache and bytecode
    medians = {name: statistics.median(time_import(stmt) for _ in range(RUNS)) for name, stmt in MODULES.items()}
    base = medians["boto3 (baseline)"]
    print(f"{'module':<24}{'median ms':>12}{'x boto3':>10}  heavy imports")
    for name, value in medians.items():
        heavy = ",".join(heavy_modules_loaded(MODULES[name])) or "-"
        print(f"{name:<24}{value * 1000:>12.1f}{value / base:>10.2f}  {heavy}")
    ratio = medians["app (API)"] / base
    print(f"\nAPI import / boto3 import = {ratio:.2f} (target <= 1.50): {'OK' if ratio <= 1.5 else 'OVER'}")


if __name__ == "__main__":
    main()
