"""The OpenAPI description the API serves passes the official validator (openapi-spec-validator), names every
operation once, and documents the status a route answers when it creates something (issue 24)."""

from __future__ import annotations

from collections import Counter
from typing import Any


def _description() -> dict[str, Any]:
    import app
    from chalicelib.api.openapi import describe

    return describe(app.app.routes)


def test_the_description_is_valid_openapi_with_unique_operation_ids() -> None:
    from openapi_spec_validator import validate

    document = _description()
    validate(document)  # raises on any violation of the OpenAPI 3.1 schema
    ids = Counter(op["operationId"] for methods in document["paths"].values() for op in methods.values())
    assert [name for name, count in ids.items() if count > 1] == []


def test_routes_that_create_document_201_and_the_rest_200() -> None:
    paths = _description()["paths"]
    assert set(paths["/v1/documents"]["post"]["responses"]) == {"201", "default"}
    assert set(paths["/v1/training-events/{event_id}/enrollments"]["post"]["responses"]) == {"201", "default"}
    assert set(paths["/v1/documents"]["get"]["responses"]) == {"200", "default"}
