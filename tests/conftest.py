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



def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--tables", choices=("moto", "dynamodb-local"),
                     default=os.environ.get("REGISTRY_TABLE_BACKEND", "moto"),
                     help="where the integration tests keep their tables: moto (default) or Amazon's DynamoDB Local")


def _xdist_controller(config: pytest.Config) -> bool:
    """The process that hands tests to pytest-xdist's workers and runs none itself."""
    return bool(getattr(config.option, "numprocesses", None)) and not hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    # Before any test module imports chalicelib.store: the models read the table endpoint when imported. Each
    # worker (make test runs two) has a DynamoDB Local of its own, so their tables never meet.
    if config.getoption("--tables") == "dynamodb-local" and not _xdist_controller(config):
        from chalicelib.local.dynamodb_local import DynamoDBLocal

        server = DynamoDBLocal().start()
        config.stash[_DYNAMODB_LOCAL] = server
        os.environ["REGISTRY_DYNAMODB_ENDPOINT_URL"] = server.endpoint_url


def pytest_unconfigure(config: pytest.Config) -> None:
    server = config.stash.get(_DYNAMODB_LOCAL, None)
    if server is not None:
        server.stop()


_DYNAMODB_LOCAL = pytest.StashKey[object]()

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT.parent / "shared" / "corpus"
ARTIFACTS = REPO_ROOT / "test-artifacts"


# tryfirst: xdist reads the groups in its own pytest_collection_modifyitems, which otherwise runs before this one
# (it was registered later), and every test then went to whichever worker was free.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """How `make test` shares tests between its workers (pytest-xdist, --dist loadgroup): a module's tests stay
    together, so a module-scoped fixture (a corpus read, a stack) is made once; the browser tests that share the
    session's local stack stay together, in the order they are written, as they run without workers."""
    for item in items:
        group = "shared-local-stack" if "stack" in getattr(item, "fixturenames", ()) else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))


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
