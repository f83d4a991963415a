"""The workforce dataset from an administrator's page: asked for, prepared by the minute sweep, downloaded."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

ADMIN = ("u-admin-alex", Role.ADMIN)
STAFF = ("u-staff-sam", Role.STAFF)


def _call(api: Any, method: str, path: str, who: tuple[str, Role], body: Any = None) -> Any:
    # By the method's name, not http.request: conftest.DescribedAnswers checks the answers of those.
    return getattr(api.http, method.lower())(path, headers={**bearer(*who), "Content-Type": "application/json"},
                                             body=json.dumps(body).encode() if body is not None else b"")


def test_an_administrator_asks_for_the_quarters_release_and_downloads_it_once_the_sweep_prepared_it(
        api: Any, demo: None) -> None:
    from chalicelib.services.careers import workforce

    asked = _call(api, "POST", "/v1/admin/workforce-releases", ADMIN, {"state": "ca"})
    assert asked.status_code == 202, asked.body
    release = json.loads(asked.body)
    assert (release["state"], release["status"]) == ("CA", "preparing")
    again = json.loads(_call(api, "POST", "/v1/admin/workforce-releases", ADMIN, {"state": "CA"}).body)
    assert again["release"] == release["release"]  # one file a quarter, however often asked
    path = f"/v1/admin/workforce-releases/CA/{release['release']}"
    assert _call(api, "GET", path, ADMIN).status_code == 404  # not prepared yet

    assert workforce.prepare_requested() == 1
    assert workforce.prepare_requested() == 0  # nothing left to prepare
    [listed] = json.loads(_call(api, "GET", "/v1/admin/workforce-releases?state=CA", ADMIN).body)["items"]
    assert listed["status"] == "ready" and listed["rows"] is not None
    assert "GET /v1/admin/workforce-releases" in api.http.checked  # against its described view
    got = _call(api, "GET", path, ADMIN)
    assert got.status_code == 200 and got.headers["Content-Type"] == "text/csv"
    assert got.body.decode().splitlines()[0].split(",") == ["area", "dimension", "value", "people"]

    assert _call(api, "GET", "/v1/admin/workforce-releases?state=CA", STAFF).status_code == 403
    assert _call(api, "GET", "/v1/admin/workforce-releases?state=California", ADMIN).status_code == 422
    assert _call(api, "GET", "/v1/admin/workforce-releases/CA/latest", ADMIN).status_code == 404
