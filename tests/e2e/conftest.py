"""The local stack exactly as `make run` starts it, in a subprocess on free loopback ports."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Stack:
    def __init__(self, description: dict[str, Any], local_dir: Path) -> None:
        self.description = description
        self.local_dir = local_dir
        self.api = description["api_url"]

    def token(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.description['users'][role]['token']}"}

    def user(self, role: str) -> str:
        return str(self.description["users"][role]["id"])

    def get(self, path: str, role: str | None = None, **kwargs: Any) -> requests.Response:
        return requests.get(self.api + path, headers=self.token(role) if role else {}, timeout=30, **kwargs)

    def post(self, path: str, role: str, body: Any) -> requests.Response:
        return requests.post(self.api + path, headers=self.token(role), json=body, timeout=30)

    def patch(self, path: str, role: str, body: Any) -> requests.Response:
        return requests.patch(self.api + path, headers=self.token(role), json=body, timeout=30)

    def read_and_send(self, document_id: str, problems: set[str], timeout: float = 180) -> dict[str, Any]:
        """Wait until the document is read; where it needs the participant's attention, check that the
        problems are the ones expected and send it to staff anyway, as the participant would."""
        doc = self.wait_for_status(document_id, {"needs_review", "needs_attention", "failed", "rejected_file"},
                                   timeout)
        found = {a["problem"] for a in doc.get("attention", [])}
        assert found == problems, doc
        if doc["status"] == "needs_attention":
            sent = self.post(f"/v1/documents/{document_id}/send-anyway", "participant", {})
            assert sent.status_code == 200, sent.text
            doc = sent.json()
        return doc

    def wait_for_status(self, document_id: str, statuses: set[str], timeout: float = 180) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        doc: dict[str, Any] = {}
        while time.monotonic() < deadline:
            doc = self.get(f"/v1/documents/{document_id}", "participant").json()
            if doc.get("status") in statuses:
                return doc
            time.sleep(0.5)
        raise AssertionError(f"document {document_id} stayed {doc.get('status')}")


def problems_for(truth: dict[str, Any]) -> set[str]:
    """What the registry should tell a demo participant who uploads a corpus document: it carries another
    person's name, and a permit or credential may have expired."""
    from datetime import date

    problems = {"name_mismatch"}
    if truth.get("expires_on") and date.fromisoformat(truth["expires_on"]) < date.today():
        problems.add("expired")
    return problems


def launch(local_dir: Path, **extra_env: str) -> tuple[subprocess.Popen[bytes], Stack]:
    """`registry local run` in a subprocess on free ports, as `make run` starts it; waits for /v1/health."""
    port, moto_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "REGISTRY_"))}
    env["REGISTRY_LOCAL_DIR"] = str(local_dir)
    # Webhook retries at 1/100 of their real spacing, swept every second, so a retry is seen in seconds.
    env["REGISTRY_WEBHOOK_BACKOFF_SCALE"] = "0.01"
    env["REGISTRY_LOCAL_SCHEDULE_SECONDS"] = "1"
    env["REGISTRY_WEBHOOK_ALLOWED_HOSTS"] = "127.0.0.1"
    env.update(extra_env)
    log = (local_dir / "stack.log").open("a")
    process = subprocess.Popen([str(Path(sys.executable).with_name("registry")), "local", "run", "--port", str(port),
                                "--moto-port", str(moto_port)], cwd=REPO, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    log.close()
    stack_file = local_dir / "stack.json"
    stack_file.unlink(missing_ok=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the local stack exited: {(local_dir / 'stack.log').read_text()[-3000:]}")
        if stack_file.exists():
            try:
                if requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
        time.sleep(0.3)
    else:
        process.kill()
        raise AssertionError("the local stack did not answer /v1/health within 90 s")
    return process, Stack(json.loads(stack_file.read_text()), local_dir)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a developer stops `make run`."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError("the local stack did not stop within 30 s of Ctrl-C") from None


@contextmanager
def running_stack(local_dir: Path, **extra_env: str) -> Iterator[Stack]:
    """A local stack for the length of a `with` block."""
    process, running = launch(local_dir, **extra_env)
    try:
        yield running
    finally:
        stop(process)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("local-stack")) as running:
        yield running


def sign_up(stack: Stack, email: str, password: str) -> dict[str, Any]:
    """A new participant signs up on the (stand-in) sign-in pages, confirms with the emailed code, signs in."""
    import re

    from chalicelib.local.oauth_client import pkce_pair, sign_in

    config = requests.get(f"{stack.api}/v1/auth/config", timeout=10).json()
    _, challenge = pkce_pair()
    params = {"response_type": "code", "client_id": config["client_id"], "redirect_uri": config["redirect_uri"],
              "scope": config["scope"], "state": "st", "code_challenge": challenge, "code_challenge_method": "S256"}
    browser = requests.Session()
    signed_up = browser.post(f"{config['auth_base_url']}/signup", data={**params, "username": email,
                                                                       "password": password}, timeout=10)
    assert signed_up.status_code == 200 and "Confirm your email" in signed_up.text, signed_up.text
    mail = [m for m in stack.get("/v1/local/outbox", "staff").json()["items"] if m["to"] == email]
    code = re.search(r"Your code is (\d{6})", mail[0]["body"]).group(1)  # type: ignore[union-attr]
    confirmed = browser.post(f"{config['auth_base_url']}/confirm",
                             data={**params, "username": email, "code": code}, timeout=10)
    assert confirmed.status_code == 200
    return sign_in(stack.api, email, password)
