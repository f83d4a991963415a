"""Start the whole local stack in one process: moto, resources, demo data, event pump, API."""

from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import sys
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalicelib.local.template import REPO_ROOT

# Tests point this elsewhere so a developer's running stack is left alone.
LOCAL_DIR = Path(os.environ.get("REGISTRY_LOCAL_DIR", REPO_ROOT / ".local"))
STACK_FILE = LOCAL_DIR / "stack.json"
SECRET_FILE = LOCAL_DIR / "jwt-secret"
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                    "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"}


def local_secret(local_dir: Path = LOCAL_DIR) -> str:
    local_dir.mkdir(parents=True, exist_ok=True)
    secret_file = local_dir / "jwt-secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        secret_file.chmod(0o600)
    return secret_file.read_text(encoding="utf-8").strip()


def local_environment(endpoint_url: str, outputs_env: dict[str, str], secret: str, api_url: str) -> dict[str, str]:
    return {
        **FAKE_CREDENTIALS,
        **outputs_env,
        "AWS_ENDPOINT_URL": endpoint_url,
        "REGISTRY_STAGE": "local",
        "REGISTRY_AUTH_MODE": "local",
        "REGISTRY_OCR_ENGINE": os.environ.get("REGISTRY_OCR_ENGINE", "local"),
        "REGISTRY_LOCAL_JWT_SECRET": secret,
        "REGISTRY_PUBLIC_BASE_URL": api_url,
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_DEV": os.environ.get("POWERTOOLS_DEV", "false"),
        # A partner trying webhooks locally points them at a receiver on their own machine.
        "REGISTRY_WEBHOOK_ALLOWED_HOSTS": os.environ.get("REGISTRY_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1,localhost"),
    }


@dataclass
class LocalStack:
    """A running local cloud: what tests and `registry local run` drive."""

    moto: Any
    endpoint_url: str
    env: dict[str, str]
    pump: Any
    api_url: str | None = None
    server: Any = None

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
        if self.pump is not None:
            self.pump.stop()
        if self.moto is not None:
            self.moto.stop()


def start_cloud(*, moto_port: int, api_url: str, local_dir: Path = LOCAL_DIR, demo: bool = True) -> LocalStack:
    """Start moto on loopback, create the stack from infra/, set the environment, seed demo data."""
    from moto.server import ThreadedMotoServer

    # moto names each resource type it leaves to create_local_stack; nothing is wrong.
    warnings.filterwarnings("ignore", message="Tried to parse")
    for noisy in ("moto", "moto.cloudformation.parsing", "werkzeug"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
    moto.start()
    endpoint_url = f"http://127.0.0.1:{moto_port}"
    os.environ.update(FAKE_CREDENTIALS)
    os.environ["AWS_ENDPOINT_URL"] = endpoint_url

    from chalicelib.local.cloud import LocalSession, create_local_stack

    outputs = create_local_stack(LocalSession(endpoint_url))
    env = local_environment(endpoint_url, outputs.as_env(), local_secret(local_dir), api_url)
    os.environ.update(env)
    from chalicelib.aws.clients import reset_clients
    from chalicelib.config import get_settings

    get_settings.cache_clear()
    reset_clients()
    if demo:
        from chalicelib.local.demo import load_demo_data

        load_demo_data()
    return LocalStack(moto=moto, endpoint_url=endpoint_url, env=env, pump=None, api_url=api_url)


def build_pump(app_module: Any, retry_delay_seconds: int = 2) -> Any:
    """An event pump bound to the handlers app.py defines (the functions Lambda would run)."""
    from chalicelib.aws.clients import client
    from chalicelib.config import get_settings
    from chalicelib.local.pump import EventPump, QueueBinding

    settings = get_settings()
    bindings = [
        QueueBinding("intake", settings.intake_queue_url, app_module.intake, batch_size=5, timeout_seconds=60),
        QueueBinding("extraction", settings.extraction_queue_url, app_module.extraction, batch_size=1,
                     timeout_seconds=300),
        QueueBinding("notifications", settings.notification_queue_url, app_module.notifications, batch_size=10,
                     timeout_seconds=60),
        QueueBinding("webhooks", settings.webhook_queue_url, app_module.webhook_delivery, batch_size=10,
                     timeout_seconds=60),
    ]
    # Scheduled handlers run on the same cadence as their EventBridge rule in AWS.
    period = float(os.environ.get("REGISTRY_LOCAL_SCHEDULE_SECONDS", "60"))
    schedules = [("webhook_retries", app_module.webhook_retries, period)]
    return EventPump(client("sqs"), bindings, retry_delay_seconds=retry_delay_seconds, schedules=schedules)


def stack_description(stack: LocalStack) -> dict[str, Any]:
    from chalicelib.config import get_settings
    from chalicelib.local.demo import DEMO_PROGRAM_ID, PRIMARY
    from chalicelib.security.identity import Role, issue_local_token

    settings = get_settings()
    users = {role.value: {"id": user_id, "token": issue_local_token(settings, user_id=user_id, roles=[role])}
             for role, user_id in PRIMARY.items()}
    return {"api_url": stack.api_url, "program_id": DEMO_PROGRAM_ID, "users": users,
            "aws_endpoint_url": stack.endpoint_url, "env": stack.env,
            "roles": [r.value for r in Role]}


def write_stack_file(description: dict[str, Any], path: Path = STACK_FILE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(description, indent=2), encoding="utf-8")
    path.chmod(0o600)


def run(*, host: str = "127.0.0.1", port: int = 8000, moto_port: int = 5005, demo: bool = True) -> None:
    api_url = f"http://{host}:{port}"
    print(f"Starting the embedded local cloud (moto) on http://127.0.0.1:{moto_port} ...", flush=True)
    stack = start_cloud(moto_port=moto_port, api_url=api_url, demo=demo)

    from chalice.cli.factory import CLIFactory

    os.environ["REGISTRY_STAGE"] = "local"
    factory = CLIFactory(project_dir=str(REPO_ROOT), environ=os.environ)
    config = factory.create_config_obj(chalice_stage_name="local")
    factory.load_chalice_app()
    app_module = sys.modules["app"]
    app = app_module.app
    stack.pump = build_pump(app_module)
    stack.pump.start()
    server = factory.create_local_server(app, config, host, port)
    stack.server = server.server if hasattr(server, "server") else None

    description = stack_description(stack)
    write_stack_file(description)
    _print_welcome(description)

    def _stop(signum: int, frame: Any) -> None:
        print("\nStopping the local stack ...", flush=True)
        threading.Thread(target=stack.stop, daemon=True).start()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stack.server = None
        stack.stop()
        print("Local stack stopped.", flush=True)
        sys.stdout.flush()


def _print_welcome(description: dict[str, Any]) -> None:
    api = description["api_url"]
    lines = [
        "",
        "ece-registry is running.",
        f"  API and web pages : {api}   (health: {api}/v1/health)",
        f"  Sign in (web)     : {api}/app   (pick a demo user)",
        f"  Local AWS (moto)  : {description['aws_endpoint_url']}",
        f"  Stack description : {STACK_FILE}",
        "",
        "Act as each role with a bearer token (also in .local/stack.json):",
    ]
    for role, user in description["users"].items():
        lines.append(f"  {role:<12} {user['id']:<22} .venv/bin/registry token --role {role} --user {user['id']}")
    lines += [
        "",
        f"  e.g. curl -H \"Authorization: Bearer $(.venv/bin/registry token --role staff --user u-staff-sam)\" "
        f"{api}/v1/session",
        "",
        "Press Ctrl-C to stop everything.",
    ]
    print("\n".join(lines), flush=True)
