"""Start the whole local stack in one process: moto, resources, demo data, event pump, API."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalicelib.local.cloud import LOCAL_STACK_NAME
from chalicelib.local.template import REPO_ROOT

# Tests point this elsewhere so a developer's running stack is left alone.
LOCAL_DIR = Path(os.environ.get("REGISTRY_LOCAL_DIR", REPO_ROOT / ".local"))
STACK_FILE = LOCAL_DIR / "stack.json"
STATE_FILE_NAME = "cloud-state.pickle"
TABLES_DIR_NAME = "dynamodb-tables"  # DynamoDB Local's own files, with REGISTRY_TABLE_BACKEND=dynamodb-local
PID_FILE_NAME = "run.pid"
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local",
                    "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"}


def local_environment(endpoint_url: str, outputs_env: dict[str, str], api_url: str) -> dict[str, str]:
    return {
        **FAKE_CREDENTIALS,
        **outputs_env,
        "AWS_ENDPOINT_URL": endpoint_url,
        "REGISTRY_STAGE": "local",
        "REGISTRY_AUTH_MODE": "local",
        "REGISTRY_OCR_ENGINE": os.environ.get("REGISTRY_OCR_ENGINE", "local"),
        "REGISTRY_PUBLIC_BASE_URL": api_url,
        "REGISTRY_AUTH_BASE_URL": f"{api_url}/local/cognito",
        "REGISTRY_MAIL_TEMPLATE_PREFIX": LOCAL_STACK_NAME,
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_DEV": os.environ.get("POWERTOOLS_DEV", "false"),
        # A partner trying webhooks locally points them at a receiver on their own machine.
        "REGISTRY_WEBHOOK_ALLOWED_HOSTS": os.environ.get("REGISTRY_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1,localhost"),
    }


_STOPPING = threading.Lock()


@dataclass
class LocalStack:
    """A running local cloud: what tests and `registry local run` drive."""

    moto: Any
    endpoint_url: str
    env: dict[str, str]
    pump: Any
    api_url: str | None = None
    server: Any = None
    saver: Any = None
    restored: bool = False
    tables: Any = None  # a DynamoDB Local server, when the tables are kept there

    def stop(self) -> None:
        with _STOPPING:  # Ctrl-C and SIGTERM may both ask
            self._stop()

    def _stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server = None
        if self.pump is not None:
            self.pump.stop()
            self.pump = None
        if self.saver is not None:
            # After the pump: the last save holds every message it finished.
            self.saver.stop()
            self.saver = None
        if self.moto is not None:
            self.moto.stop()
            self.moto = None
        if self.tables is not None:
            self.tables.stop()  # DynamoDB Local has written each change to its files already
            self.tables = None


def start_cloud(*, moto_port: int, api_url: str, local_dir: Path = LOCAL_DIR, demo: bool = True) -> LocalStack:
    """Start moto on loopback, create the stack from infra/, set the environment, seed demo data."""
    # moto names each resource type it leaves to create_local_stack; nothing is wrong.
    warnings.filterwarnings("ignore", message="Tried to parse")
    for noisy in ("moto", "moto.cloudformation.parsing", "werkzeug"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    from chalicelib.local import lighter_moto
    from chalicelib.local.cognito import install_missing_operations

    install_missing_operations()
    lighter_moto.install()
    from chalicelib.local.hosts import loopback_moto_server

    moto = loopback_moto_server(moto_port)
    moto.start()
    endpoint_url = f"http://127.0.0.1:{moto_port}"
    from chalicelib.local import snapshot

    state_file = local_dir / STATE_FILE_NAME
    restored = snapshot.restore(state_file)
    os.environ.update(FAKE_CREDENTIALS)
    os.environ["AWS_ENDPOINT_URL"] = endpoint_url

    from chalicelib.local.cloud import LocalSession, create_local_stack
    from chalicelib.local.dynamodb_local import ENDPOINT_ENV, DynamoDBLocal, table_backend

    tables = None
    if table_backend() == "dynamodb-local":
        if restored and not (local_dir / TABLES_DIR_NAME).exists():
            raise RuntimeError("The kept data has its tables in moto. Run `.venv/bin/registry local reset` to start "
                               "again with the tables in DynamoDB Local, or unset REGISTRY_TABLE_BACKEND.")
        # Amazon's engine keeps the tables in its own files; moto keeps everything else in its snapshot.
        tables = DynamoDBLocal(db_path=local_dir / TABLES_DIR_NAME).start()
        os.environ[ENDPOINT_ENV] = tables.endpoint_url
    session = LocalSession(endpoint_url, tables_endpoint_url=tables.endpoint_url if tables else None)
    outputs = create_local_stack(session, parameters={"PublicBaseUrl": api_url})
    env = local_environment(endpoint_url, outputs.as_env(), api_url)
    if tables is not None:
        env[ENDPOINT_ENV] = tables.endpoint_url
    os.environ.update(env)
    from chalicelib.aws.clients import reset_clients
    from chalicelib.config import get_settings

    get_settings.cache_clear()
    reset_clients()
    if demo and not restored:
        from chalicelib.local.demo import load_demo_data

        load_demo_data(with_sign_in=True)
    if restored:
        from chalicelib.services.accounts.reminders import index_expiring_records
        from chalicelib.services.events import copy_events_to_programs
        from chalicelib.services.records.retention import index_kept_items

        # Kept data from before the programs' copies of events, and the expiry, reminder and retention indexes,
        # existed: as a deployment would run them once.
        copy_events_to_programs()
        index_expiring_records()
        index_kept_items()
    saver = snapshot.PeriodicSaver(state_file, period=float(os.environ.get("REGISTRY_LOCAL_SAVE_SECONDS", "10")))
    saver.start()
    return LocalStack(moto=moto, endpoint_url=endpoint_url, env=env, pump=None, api_url=api_url, saver=saver,
                      restored=restored, tables=tables)


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
        QueueBinding("mail_events", settings.mail_events_queue_url, app_module.mail_events, batch_size=10,
                     timeout_seconds=60),
    ]
    # Scheduled handlers run on the same cadence as their EventBridge rule in AWS.
    period = float(os.environ.get("REGISTRY_LOCAL_SCHEDULE_SECONDS", "60"))
    schedules = [("webhook_retries", app_module.webhook_retries, period),
                 ("workforce_releases", app_module.workforce_releases, period * 5)]
    return EventPump(client("sqs"), bindings, retry_delay_seconds=retry_delay_seconds, schedules=schedules)


def stack_description(stack: LocalStack) -> dict[str, Any]:
    """What `registry local info`, the welcome text and the end-to-end tests read: the demo people (email,
    password, registry id and a fresh access token each) and the demo partner's client credentials."""
    from chalicelib.config import get_settings
    from chalicelib.local.cognito import client_token, user_tokens
    from chalicelib.local.demo import DEMO_PASSWORD, DEMO_PROGRAM_ID, DEMO_USERS, PRIMARY, _partner_client, demo_ids
    from chalicelib.security.identity import APP_SCOPE, PARTNER_SCOPE, Role

    settings = get_settings()
    ids = demo_ids(with_sign_in=True)
    by_name = {u.user_id: u for u in DEMO_USERS}
    users: dict[str, Any] = {}
    for role, name in PRIMARY.items():
        if role == Role.PARTNER:
            continue
        tokens = user_tokens(settings.user_pool_id, settings.web_client_id, ids[name],
                             ["openid", "email", "aws.cognito.signin.user.admin", APP_SCOPE])
        users[role.value] = {"id": ids[name], "email": by_name[name].email, "token": tokens["access_token"]}
    partner = _partner_client()
    users[Role.PARTNER.value] = {"id": partner["client_id"], "client_id": partner["client_id"],
                                 "client_secret": partner["client_secret"],
                                 "token": client_token(settings.user_pool_id, partner["client_id"],
                                                       [PARTNER_SCOPE])["access_token"]}
    return {"api_url": stack.api_url, "program_id": DEMO_PROGRAM_ID, "users": users, "password": DEMO_PASSWORD,
            "aws_endpoint_url": stack.endpoint_url, "env": stack.env, "roles": [r.value for r in Role],
            "token_url": f"{settings.auth_base_url}/oauth2/token", "user_pool_id": settings.user_pool_id}


def write_stack_file(description: dict[str, Any], path: Path = STACK_FILE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(description, indent=2), encoding="utf-8")
    path.chmod(0o600)


def run(*, host: str = "127.0.0.1", port: int = 8000, moto_port: int = 5005, demo: bool = True) -> None:
    api_url = f"http://{host}:{port}"
    print(f"Starting the embedded local cloud (moto) on http://127.0.0.1:{moto_port} ...", flush=True)
    pid_file = LOCAL_DIR / PID_FILE_NAME
    if running_pid() is not None:
        raise SystemExit(f"The local stack is already running (process {running_pid()}); stop it first.")
    stack = start_cloud(moto_port=moto_port, api_url=api_url, demo=demo)
    pid_file.write_text(str(os.getpid()), encoding="utf-8")
    if stack.restored:
        print(f"Loaded the data kept from the last run ({LOCAL_DIR / STATE_FILE_NAME}); "
              "`registry local reset` starts clean.", flush=True)

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

    # Both set here: a process started from a background job of a non-interactive shell (CI, `make test &`)
    # begins with SIGINT ignored, and Python then installs no KeyboardInterrupt for Ctrl-C.
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stack.server = None
        stack.stop()
        pid_file.unlink(missing_ok=True)
        print(f"Local stack stopped; its data is kept in {LOCAL_DIR / STATE_FILE_NAME}.", flush=True)
        sys.stdout.flush()


def running_pid(local_dir: Path = LOCAL_DIR) -> int | None:
    pid_file = local_dir / PID_FILE_NAME
    try:
        pid = int(pid_file.read_text(encoding="utf-8"))
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def reset(local_dir: Path = LOCAL_DIR) -> list[Path]:
    """Forget everything the local stack kept, for a clean start. Refuses while the stack runs."""
    pid = running_pid(local_dir)
    if pid is not None:
        raise RuntimeError(f"The local stack is running (process {pid}): stop it with Ctrl-C first.")
    removed = []
    for name in (STATE_FILE_NAME, "cloud-state.unreadable", "stack.json", PID_FILE_NAME):
        path = local_dir / name
        if path.exists():
            path.unlink()
            removed.append(path)
    tables = local_dir / TABLES_DIR_NAME
    if tables.exists():
        import shutil

        shutil.rmtree(tables)
        removed.append(tables)
    return removed


def _print_welcome(description: dict[str, Any]) -> None:
    api = description["api_url"]
    lines = [
        "",
        "ece-registry is running.",
        f"  API and web pages : {api}   (health: {api}/v1/health)",
        f"  Sign in (web)     : {api}/app   (any demo email below, password {description['password']})",
        f"  Local AWS (moto)  : {description['aws_endpoint_url']}",
        *([f"  Tables            : DynamoDB Local {description['env']['REGISTRY_DYNAMODB_ENDPOINT_URL']}"]
          if description.get("env", {}).get("REGISTRY_DYNAMODB_ENDPOINT_URL") else []),
        f"  Stack description : {STACK_FILE}",
        "",
        "Demo people (sign in on the web page, or get an access token for curl):",
    ]
    for role, user in description["users"].items():
        if role == "partner":
            continue
        lines.append(f"  {role:<12} {user['email']:<40} .venv/bin/registry token --email {user['email']}")
    partner = description["users"]["partner"]
    lines += [
        f"  {'partner':<12} client {partner['client_id']} (client credentials; secret in {STACK_FILE})",
        "               .venv/bin/registry token --partner",
        "",
        f"  e.g. curl -H \"Authorization: Bearer $(.venv/bin/registry token --email "
        f"{description['users']['staff']['email']})\" {api}/v1/session",
        "  New participants sign up on the web page; their verification code is printed here and kept in the "
        "outbox.",
        "",
        "Press Ctrl-C to stop everything.",
    ]
    print("\n".join(lines), flush=True)
