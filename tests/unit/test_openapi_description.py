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


def test_a_route_that_answers_a_typed_view_is_described_by_it() -> None:
    """The calendar answers services/training/views.Calendar: the document says so, and names the event view
    once among its components; a route still answering a bare dict promises no shape."""
    document = _description()
    calendar = document["paths"]["/v1/training-calendar"]["get"]["responses"]["200"]["content"]["application/json"]
    assert calendar["schema"]["required"] == ["items", "more"]
    assert calendar["schema"]["properties"]["items"]["items"] == {"$ref": "#/components/schemas/EventView"}
    event = document["components"]["schemas"]["EventView"]
    assert {"event_id", "seats_left", "contact", "instructors"} <= set(event["required"])
    progress = document["paths"]["/v1/me/training-progress"]["get"]["responses"]["200"]["content"]
    assert [ref["$ref"] for ref in progress["application/json"]["schema"]["anyOf"]] == [
        "#/components/schemas/PermitRenewal", "#/components/schemas/NoPermitYet"]
    saved = document["paths"]["/v1/me/saved-trainings"]["get"]["responses"]["200"]["content"]["application/json"]
    assert saved["schema"]["properties"]["items"]["items"] == {"$ref": "#/components/schemas/EventView"}
    assert "content" not in document["paths"]["/v1/health"]["get"]["responses"]["200"]


def test_two_schemas_of_one_name_stop_the_description() -> None:
    import pytest

    from chalicelib.api.openapi import _add_components

    components: dict[str, Any] = {"Contact": {"type": "object"}}
    _add_components(components, {"Contact": {"type": "object"}})  # the same schema twice is one
    with pytest.raises(ValueError, match="Two schemas are named 'Contact'"):
        _add_components(components, {"Contact": {"type": "string"}})
