"""`registry`: the operators' command-line tool."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click


def _use_local_stack() -> dict[str, Any]:
    """Point this process at the running local stack (from .local/stack.json)."""
    from chalicelib.aws.clients import reset_clients
    from chalicelib.config import get_settings
    from chalicelib.local.stack import STACK_FILE

    if not STACK_FILE.exists():
        raise click.ClickException("The local stack is not running: start it with `make run`.")
    description: dict[str, Any] = json.loads(STACK_FILE.read_text(encoding="utf-8"))
    os.environ.update(description["env"])
    get_settings.cache_clear()
    reset_clients()
    return description


@click.group()
def main() -> None:
    """Operate the ECE registry."""


@main.command()
@click.option("--email", help="Sign in as this person (the web app's flow: authorization code with PKCE)")
@click.option("--password", help="Their password (default: the demo password)")
@click.option("--partner", is_flag=True, help="Get the demo partner's token (client credentials)")
def token(email: str | None, password: str | None, partner: bool) -> None:
    """Print an access token from the running local stack's sign-in endpoints."""
    from chalicelib.local.oauth_client import SignInFailed, client_credentials, sign_in
    from chalicelib.local.stack import STACK_FILE

    if not STACK_FILE.exists():
        raise click.ClickException("The local stack is not running: start it with `make run`.")
    description = json.loads(STACK_FILE.read_text(encoding="utf-8"))
    try:
        if partner:
            client = description["users"]["partner"]
            click.echo(client_credentials(description["token_url"], client["client_id"], client["client_secret"]))
        elif email:
            click.echo(sign_in(description["api_url"], email, password or description["password"])["access_token"])
        else:
            raise click.UsageError("Say who: --email someone@example.org, or --partner.")
    except SignInFailed as exc:
        raise click.ClickException(f"Could not sign in: {exc}") from exc


@main.command("check-report")
@click.argument("report", type=click.Path(exists=True, dir_okay=False))
@click.option("--keys", "keys_file", type=click.Path(exists=True, dir_okay=False), required=True,
              help="The registry's signing keys, saved from GET /v1/reports/signing-keys")
def check_report(report: str, keys_file: str) -> None:
    """Check a report's embedded signature offline, with no network: exit 0 if genuine, 1 if not."""
    from pathlib import Path

    from chalicelib.reports.signature import SignatureError, check_offline

    try:
        kid = check_offline(Path(report).read_bytes(), json.loads(Path(keys_file).read_text(encoding="utf-8")))
    except SignatureError as exc:
        click.echo(f"NOT GENUINE: {exc}")
        sys.exit(1)
    click.echo(f"genuine: signed by the registry's key {kid}, unchanged since it was issued")


@main.command("copy-events-to-programs")
@click.option("--months", default=13, show_default=True, help="How far back the state's event log is read")
@click.option("--local", "use_local", is_flag=True, help="Against the running local stack, not the environment's")
def copy_events_to_programs(months: int, use_local: bool) -> None:
    """Give stored events their programs' copies (once, after deploying the version that added them)."""
    from chalicelib.services.events import copy_events_to_programs as copy

    if use_local:
        _use_local_stack()
    click.echo(f"{copy(months=months):,} copies written (the same ones again if run twice)")


@main.command("index-expiring-records")
@click.option("--local", "use_local", is_flag=True, help="Against the running local stack, not the environment's")
def index_expiring_records(use_local: bool) -> None:
    """Put permits and CDA credentials verified before the expiry index on it (once, after deploying it)."""
    from chalicelib.services.accounts.reminders import index_expiring_records as index

    if use_local:
        _use_local_stack()
    click.echo(f"{index():,} records indexed by the day they expire")


@main.command("index-kept-items")
@click.option("--local", "use_local", is_flag=True, help="Against the running local stack, not the environment's")
def index_kept_items(use_local: bool) -> None:
    """Put what was written before the reminder and retention indexes on them (once, after deploying them)."""
    from chalicelib.services.records.retention import index_kept_items as index

    if use_local:
        _use_local_stack()
    click.echo(", ".join(f"{kind}: {count:,}" for kind, count in index().items()) or "nothing to index")


@main.group()
def local() -> None:
    """The embedded local stack."""


@local.command("run")
@click.option("--port", default=8000, show_default=True)
@click.option("--moto-port", default=5005, show_default=True)
@click.option("--no-demo", is_flag=True, help="Do not load demo data")
def local_run(port: int, moto_port: int, no_demo: bool) -> None:
    """Start moto, create the resources, load demo data, run the event pump and serve the API."""
    from chalicelib.local.stack import run

    run(port=port, moto_port=moto_port, demo=not no_demo)


@local.command("reset")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation")
def local_reset(yes: bool) -> None:
    """Delete the local stack's kept data (profiles, documents, users) for a clean start."""
    from chalicelib.local.stack import LOCAL_DIR, reset

    if not yes:
        click.confirm(f"Delete every profile, document and user kept in {LOCAL_DIR}?", abort=True)
    try:
        removed = reset()
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("Removed " + ", ".join(str(p) for p in removed) if removed else "Nothing to remove.")
    click.echo("The next `make run` starts empty and loads the demo data again.")


@local.command("info")
def local_info() -> None:
    """Print the running local stack's URLs and demo users."""
    from chalicelib.local.stack import STACK_FILE

    if not STACK_FILE.exists():
        raise click.ClickException("The local stack is not running: start it with `make run`.")
    description = json.loads(STACK_FILE.read_text(encoding="utf-8"))
    click.echo(f"API: {description['api_url']}")
    click.echo(f"Local AWS (moto): {description['aws_endpoint_url']}")
    click.echo(f"Demo program: {description['program_id']}")
    click.echo(f"Demo password: {description['password']}")
    for role, user in description["users"].items():
        click.echo(f"{role:<12} {user.get('email', 'client ' + user['id'])}")


@main.group()
def dlq() -> None:
    """Dead-letter queues."""


QUEUES = {"intake": "REGISTRY_INTAKE_QUEUE_URL", "extraction": "REGISTRY_EXTRACTION_QUEUE_URL",
          "notifications": "REGISTRY_NOTIFICATION_QUEUE_URL", "webhooks": "REGISTRY_WEBHOOK_QUEUE_URL",
          "mail-events": "REGISTRY_MAIL_EVENTS_QUEUE_URL"}


@dlq.command("replay")
@click.argument("queue", type=click.Choice(sorted(QUEUES)))
@click.option("--local/--aws", "use_local", default=True, help="Against the local stack (default) or AWS env")
def dlq_replay(queue: str, use_local: bool) -> None:
    """Move every message of QUEUE's dead-letter queue back onto QUEUE."""
    if use_local:
        _use_local_stack()
    from chalicelib.services.operations import replay_dead_letters

    moved = replay_dead_letters(os.environ[QUEUES[queue]])
    click.echo(f"replayed {moved} message(s) from {queue}'s dead-letter queue")


@main.group()
def export() -> None:
    """Datasets for researchers and partners."""


@export.command("workforce-dataset")
@click.option("--state", required=True, help="Two-letter state code, e.g. CA")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="CSV file to write")
@click.option("--local/--aws", "use_local", default=True, help="Against the local stack (default) or AWS env")
def export_workforce(state: str, out: str, use_local: bool) -> None:
    """The NWRA core data elements, de-identified: as of the end of the last quarter, cells of fewer than 10
    people suppressed, counts randomly rounded to multiples of 5 (docs/workforce-dataset.md)."""
    if use_local:
        _use_local_stack()
    from chalicelib import clock
    from chalicelib.services.careers.workforce import aggregate, collect, release_period, to_csv

    release, as_of = release_period(clock.today())
    members = collect(state.upper(), as_of)
    rows = aggregate(members, release=release)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write(to_csv(rows))
    click.echo(f"wrote {len(rows)} rows covering {len(members)} people on staff on {as_of} ({release}) to {out}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--engine", type=click.Choice(["local", "textract"]), default="local", show_default=True)
@click.option("--blocks", is_flag=True, help="Print the Textract-shaped blocks instead of the fields")
def extract(file: str, engine: str, blocks: bool) -> None:
    """Read FILE (PDF or photo) and print the extracted fields as JSON."""
    from chalicelib.reading.pipeline import ExtractionFailed, extract_file

    try:
        with open(file, "rb") as fh:
            data = fh.read()
        result = extract_file(data, engine=engine)
    except (OSError, ExtractionFailed) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if blocks:
        click.echo(json.dumps(result.blocks, ensure_ascii=False, indent=1))
        return
    # The OCR word ids a value came from mean something only beside the blocks (--blocks); the fields, their
    # confidence and the evidence behind each are what a reader of this output wants.
    fields = {k: v for k, v in result.fields.items() if k != "words"}
    for rows in ("courses", "degrees"):
        if isinstance(found := fields.get(rows), list):
            fields[rows] = [{k: v for k, v in row.items() if k != "words"} for row in found if isinstance(row, dict)]
    click.echo(json.dumps(fields, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
