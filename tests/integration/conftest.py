"""Integration tests run against moto in-process, with the resources infra/resources.yaml defines."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from chalicelib.security.identity import Role


@pytest.fixture(autouse=True)
def no_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every request path reads by key or index (docs/data-model.md); a Scan anywhere fails the test."""
    from botocore.client import BaseClient

    original = BaseClient._make_api_call

    def guarded(self: Any, operation_name: str, api_params: dict[str, Any]) -> Any:
        if operation_name == "Scan":
            raise AssertionError(f"DynamoDB Scan issued on {api_params.get('TableName')}: use a key or an index")
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", guarded)


@pytest.fixture
def aws() -> Iterator[dict[str, str]]:
    from chalicelib.aws.clients import reset_clients
    from chalicelib.config import get_settings
    from chalicelib.events.batch import persistence
    from chalicelib.local.cloud import create_in_process_stack
    from chalicelib.security.rate_limit import LOCAL_CONTACT_LIMIT, LOCAL_PUBLIC_LIMIT

    LOCAL_PUBLIC_LIMIT.reset()  # each test is a new caller's first five minutes
    LOCAL_CONTACT_LIMIT.reset()
    saved = dict(os.environ)
    with mock_aws():
        outputs = create_in_process_stack()
        persistence.cache_clear()
        try:
            yield outputs.values
        finally:
            os.environ.clear()
            os.environ.update(saved)
            get_settings.cache_clear()
            reset_clients()
            persistence.cache_clear()


@pytest.fixture
def demo(aws: dict[str, str]) -> None:
    from chalicelib.local.demo import load_demo_data

    load_demo_data()


def document_for_review(owner: str, *, doc_type: str = "permit") -> str:
    """A document of `owner` waiting in the review queue, written straight to the table (no upload, no reading)."""
    import uuid

    from chalicelib import clock
    from chalicelib.store.base import iso
    from chalicelib.store.documents import DocumentItem

    doc_id = f"doc-{owner}-{uuid.uuid4().hex}"  # unique even while a test holds the clock still
    now = iso(clock.now())
    item = DocumentItem(*DocumentItem.key(doc_id), document_id=doc_id, owner_id=owner, uploaded_by=owner,
                        doc_type=doc_type, status="needs_review", upload_key=f"uploads/{doc_id}", created_at=now,
                        submitted_at=now, updated_at=now, extracted={"doc_type": doc_type})
    item.index_for_status()
    item.save()
    return doc_id


def bearer(user_id: str, role: Role) -> dict[str, str]:
    """An access token signed by the in-process user pool's key (moto's), verified by the app as any other."""
    from chalicelib.local.cognito import mint_access_token

    return {"Authorization": f"Bearer {mint_access_token(user_id, [role.value])}"}


class Description:
    """The OpenAPI document the app describes itself with, and a validator per route that answers a typed view:
    built once for the test session (the routes do not change between tests; describing them takes a fifth of a
    second, and each validator compiles its schema)."""

    def __init__(self, document: dict[str, Any]) -> None:
        import re

        self.document = document
        self.templates = [(re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path)) + "$"), path)
                          for path in document["paths"]]
        self._validators: dict[tuple[str, str], Any] = {}

    def template_of(self, path: str) -> str | None:
        return next((template for pattern, template in self.templates if pattern.match(path)), None)

    def validator(self, method: str, template: str) -> Any:
        """The route's 200 answer's validator, or None when the route describes no answer."""
        from jsonschema import Draft202012Validator

        if (method, template) not in self._validators:
            described = self.document["paths"][template].get(method, {}).get("responses", {}).get("200", {})
            schema = described.get("content", {}).get("application/json", {}).get("schema")
            self._validators[method, template] = None if schema is None else Draft202012Validator(
                {**schema, "components": self.document["components"]})
        return self._validators[method, template]


@functools.cache
def _description() -> Description:
    from app import app
    from chalicelib.api.openapi import describe

    return Description(describe(app.routes))


class DescribedAnswers:
    """The test client's http, checking each JSON answer against what the OpenAPI document says the route answers
    (its typed view), with the official JSON Schema validator: a view and its description cannot drift apart."""

    METHODS = ("get", "post", "put", "patch", "delete")

    def __init__(self, http: Any, description: Description) -> None:
        self._http = http
        self._description = description
        self.checked: list[str] = []

    def __getattr__(self, name: str) -> Any:
        call = getattr(self._http, name)
        if name not in self.METHODS:
            return call

        def checked(path: str, *args: Any, **kwargs: Any) -> Any:
            response = call(path, *args, **kwargs)
            self._check(name, path.split("?")[0], response)
            return response

        return checked

    def request(self, method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        response = self._http.request(method, path, *args, **kwargs)
        self._check(method.lower(), path.split("?")[0], response)
        return response

    def _check(self, method: str, path: str, response: Any) -> None:
        import json

        if response.status_code != 200 or not response.headers.get("Content-Type", "").startswith("application/json"):
            return
        template = self._description.template_of(path)
        validator = self._description.validator(method, template) if template is not None else None
        if validator is None:
            return
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(json.loads(response.body))]
        assert errors == [], f"{method.upper()} {template} answered what its description does not say: {errors[:5]}"
        self.checked.append(f"{method.upper()} {template}")


def built_template() -> Path:
    """infra/build/template.yaml, built by `make infra` (make test builds it first), or here when it is missing or
    older than what it is built from; under a lock, as tests on two workers may both find it missing."""
    import fcntl
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    template = root / "infra" / "build" / "template.yaml"
    sources = [root / "app.py", root / "infra" / "resources.yaml", root / "infra" / "build_template.py",
               root / ".chalice" / "config.json"]
    template.parent.mkdir(parents=True, exist_ok=True)
    with (template.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists() or template.stat().st_mtime < max(s.stat().st_mtime for s in sources):
            subprocess.run([sys.executable, str(root / "infra" / "build_template.py")], check=True)
    return template


@pytest.fixture
def api(aws: dict[str, str]) -> Iterator[Any]:
    from chalice.test import Client

    from app import app

    with Client(app, stage_name="local") as client:
        client._http_client = DescribedAnswers(client.http, _description())
        yield client


@pytest.fixture
def people(aws: dict[str, str]) -> dict[str, str]:
    """The demo people as Cognito users (so mail goes to their sign-in address): demo id -> their sub."""
    from chalicelib.local.demo import load_demo_data

    return dict(load_demo_data(with_sign_in=True)["ids"])


@pytest.fixture
def pump(aws: dict[str, str]) -> Any:
    """The local event pump over the in-process stack's queues, retrying a failed message at once."""
    import app as app_module
    from chalicelib.local.stack import build_pump

    return build_pump(app_module, retry_delay_seconds=0)
