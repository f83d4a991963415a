"""Shared test set-up. Settings come from the environment, so set it before chalicelib is imported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.pop("AWS_ENDPOINT_URL", None)
os.environ.setdefault("REGISTRY_AUTH_MODE", "local")
os.environ.setdefault("REGISTRY_OCR_ENGINE", "local")
os.environ.setdefault("REGISTRY_LOCAL_JWT_SECRET", "test-secret-for-the-local-issuer-only-0123456789")
os.environ.setdefault("REGISTRY_STAGE", "test")
os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT.parent / "shared" / "corpus"
ARTIFACTS = REPO_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "dev").is_dir():
        pytest.fail(f"The document corpus is missing: expected shared/ beside the repository, at {CORPUS}. "
                    "Clone or copy shared/ next to this repository and run again.")
    return CORPUS


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
