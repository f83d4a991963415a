"""What every bench sets before importing the app: fake AWS credentials, local sign-in, quiet observability, and
no endpoint of a developer's running stack (each bench makes its own cloud)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def offline_environment(**extra: str) -> Path:
    os.environ.update({"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "bench",
                       "AWS_SECRET_ACCESS_KEY": "bench", "REGISTRY_AUTH_MODE": "local",
                       "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true",
                       "POWERTOOLS_LOG_LEVEL": "ERROR", **extra})
    os.environ.pop("AWS_ENDPOINT_URL", None)
    return ROOT
