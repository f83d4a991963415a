"""Every route of GET /v1/openapi.json, fuzzed from its own description (schemathesis) against a local stack of
its own, as a participant and as staff: no answer is a server error, and every refusal is a problem document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.e2e.conftest import Stack, running_stack

pytestmark = [pytest.mark.e2e]


@pytest.fixture(scope="module")
def fuzz_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # Its own stack: fuzzing changes the demo people's data, which the other end-to-end tests rely on. Its hostile
    # requests all come from one address: the per-caller limit on public routes (tested on its own in
    # test_api_foundation) would answer 429 before the values reach the routes' parsing.
    with running_stack(tmp_path_factory.mktemp("fuzz-stack"), REGISTRY_LOCAL_PUBLIC_LIMIT="100000") as running:
        yield running


def _content_type(response: Any) -> str:
    """schemathesis's response keeps headers lower-cased, each as a list."""
    found = {k.lower(): v for k, v in response.headers.items()}.get("content-type") or ""
    return str(found[0] if isinstance(found, list) else found)


def test_no_route_answers_a_server_error(fuzz_stack: Stack) -> None:
    """Schemathesis draws requests from each operation's description (path parameters, bodies from the pydantic
    models); each is sent as a participant and as staff. Driven through Hypothesis directly: schemathesis's
    pytest plugin does not load under this pytest version."""
    from hypothesis import given

    schema = schemathesis.openapi.from_url(f"{fuzz_stack.api}/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 90
    failures: list[str] = []
    for operation in operations:

        @settings(max_examples=6, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def send(case: Any) -> None:
            for role in ("participant", "staff"):
                response = case.call(headers={**fuzz_stack.token(role), "Accept": "*/*"}, timeout=60)
                if response.status_code >= 500:
                    failures.append(f"{role} {case.method} {case.formatted_path}: {response.text[:300]}")
                elif response.status_code >= 400 and not (
                        _content_type(response).startswith("application/problem+json")
                        and response.json().get("detail")):
                    failures.append(f"{role} {case.method} {case.formatted_path}: not a problem document "
                                    f"({response.status_code} {response.headers.get('Content-Type')} "
                                    f"{response.text[:120]})")

        send()
    assert failures == [], "\n".join(failures[:20])


def test_the_description_covers_every_route_with_its_body(fuzz_stack: Stack) -> None:
    import requests

    document = requests.get(f"{fuzz_stack.api}/v1/openapi.json", timeout=30).json()
    assert document["openapi"].startswith("3.1")
    decide = document["paths"]["/v1/review/{document_id}/decision"]["post"]
    assert decide["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DecisionBody"}
    assert decide["x-roles"] == ["admin", "staff"]
    assert "security" not in document["paths"]["/v1/reports/signing-keys"]["get"]


# Every name a route reads from its query string (ctx.query / ctx.query_int), each sent with values no route
# expects: the description lists bodies and path parameters, so these would otherwise go unfuzzed.
QUERY_NAMES = ("accreditor", "after", "code", "competency_area", "confirm", "county", "cursor", "delivery", "format",
               "from", "to", "language", "last_name", "limit", "min_hourly_pay", "months", "q", "role", "schedule",
               "status", "take_over", "type", "doc_type", "kind", "u", "r", "s")
HOSTILE_VALUES: tuple[Any, ...] = ("abc", "-1", "1e9", "9" * 40, "", "'\"<>;\x00\u202e", "x" * 3000, "2026-02-30",
                                   "0001-01-01", ["1", "2"])


def test_no_query_string_answers_a_server_error(fuzz_stack: Stack) -> None:
    """Each GET route with every query name the app reads, set to hostile values: 422 or an ordinary answer,
    never a 500."""
    from hypothesis import given

    schema = schemathesis.openapi.from_url(f"{fuzz_stack.api}/v1/openapi.json")
    operations = [r.ok() for r in schema.get_all_operations() if r.ok().method.upper() == "GET"]
    assert len(operations) > 40
    failures: list[str] = []
    refused: set[str] = set()
    for operation in operations:

        @settings(max_examples=1, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def send(case: Any) -> None:
            for value in HOSTILE_VALUES:
                case.query = dict.fromkeys(QUERY_NAMES, value)
                for role in ("participant", "staff"):
                    response = case.call(headers={**fuzz_stack.token(role), "Accept": "*/*"}, timeout=60)
                    if response.status_code >= 500:
                        failures.append(f"{role} GET {case.formatted_path}?…={str(value)[:20]!r}: "
                                        f"{response.text[:200]}")
                    elif response.status_code == 422:
                        refused.add(case.operation.path)

        send()
    assert failures == [], "\n".join(failures[:20])
    # The values reached the routes' parsing: the paged and dated ones said what to send instead.
    assert {"/v1/training-calendar", "/v1/documents", "/v1/manager/processing"} <= refused, sorted(refused)
