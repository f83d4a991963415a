"""The API described as OpenAPI 3.1, from the routes themselves: GET /v1/openapi.json.

Paths, methods and path parameters come from the Chalice app's routes; who may call each one from its
`secured` roles; request bodies from the pydantic model the handler parses (`ctx.body(Model)`), so the
description cannot drift from what the code accepts. Errors are RFC 9457 problem details everywhere.
Partners read it; tests fuzz every route against it (tests/e2e/test_fuzz.py).
"""

from __future__ import annotations

import inspect
import re
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

from chalice.app import Blueprint

from chalicelib.api.routing import PUBLIC, RequestContext, secured
from chalicelib.version import VERSION

bp = Blueprint(__name__)
_BODY = re.compile(r"ctx\.body\((\w+)\)")
PROBLEM = {"type": "object", "required": ["type", "title", "status", "detail"],
           "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                          "detail": {"type": "string"}, "code": {"type": "string"}}}


def _body_schema(view: Any, components: dict[str, Any]) -> dict[str, Any] | None:
    from chalicelib.api import models

    handler = getattr(view, "__wrapped__", view)
    found = _BODY.search(inspect.getsource(handler))
    model = getattr(models, found.group(1), None) if found else None
    if model is None:
        return None
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    _add_components(components, {**schema.pop("$defs", {}), model.__name__: schema})
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _add_components(components: dict[str, Any], found: dict[str, Any]) -> None:
    """Schemas are named by their class: a request model and a view of the same name would overwrite each other
    and describe one route wrongly, so building the document stops on one instead."""
    for name, schema in found.items():
        if components.setdefault(name, schema) != schema:
            raise ValueError(f"Two schemas are named {name!r}: rename the request model or the view.")


def _is_view(annotation: Any) -> bool:
    """A typed view a use case answers (a TypedDict, or a union of them), not a bare dict or a Response."""
    if is_typeddict(get_origin(annotation) or annotation):
        return True
    return get_origin(annotation) in (Union, UnionType) and all(_is_view(a) for a in get_args(annotation))


def _answer_schema(view: Any, components: dict[str, Any]) -> dict[str, Any] | None:
    """The schema of what a route answers, from its return annotation when that is a typed view: the view the
    use case builds and mypy checks is what the document promises."""
    from pydantic import TypeAdapter

    handler = getattr(view, "__wrapped__", view)
    try:
        answer = get_type_hints(handler).get("return")
    except NameError:  # an annotation only a type checker can resolve
        return None
    if answer is None or not _is_view(answer):
        return None
    schema = TypeAdapter(answer).json_schema(ref_template="#/components/schemas/{model}")
    _add_components(components, schema.pop("$defs", {}))
    return schema


_SUCCESS = re.compile(r",\s*(20[0-9])\)|status_code=(20[0-9])")


def _success_statuses(view: Any) -> list[str]:
    """The 2xx statuses a route answers, read from its source as the request body is: a route that creates
    answers 201 (json_response(..., 201)); one that returns its result plainly answers 200."""
    handler = getattr(view, "__wrapped__", view)
    source = inspect.getsource(handler)
    found = {a or b for a, b in _SUCCESS.findall(source)}
    plain = [line for line in source.splitlines() if line.strip().startswith("return ")
             and "json_response(" not in line and "Response(" not in line]
    return sorted(found | ({"200"} if plain or not found else set()))


def _operation_id(method: str, view: Any, path: str, taken: set[str]) -> str:
    """The view's name, made unique from its path where two routes share a view name (two 'enroll's)."""
    name = f"{method.lower()}_{getattr(view, '__name__', 'route')}"
    if name in taken:
        name = f"{method.lower()}_" + "_".join(p.strip("{}") for p in path.split("/") if p and p != "v1")
    taken.add(name)
    return name


def _path_parameter(path: str, name: str) -> dict[str, Any]:
    """A path parameter's schema; one that names a registry's entry lists what the registry holds."""
    if path.endswith("/reports/{kind}") and name == "kind":
        from chalicelib.services.records import report_kinds

        return {"type": "string", "enum": list(report_kinds.of_programs())}
    return {"type": "string", "maxLength": 200}


def describe(routes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    components: dict[str, Any] = {"Problem": PROBLEM}
    paths: dict[str, Any] = {}
    taken: set[str] = set()
    for path, methods in sorted(routes.items()):
        if not path.startswith("/v1/") or path.startswith(("/v1/local", "/v1/openapi")):
            continue
        for method, entry in sorted(methods.items()):
            view = entry.view_function
            roles = getattr(view, "allowed_roles", None)
            operation: dict[str, Any] = {
                "operationId": _operation_id(method, view, path, taken),
                "parameters": [{"name": name, "in": "path", "required": True,
                                "schema": _path_parameter(path, name)}
                               for name in re.findall(r"\{(\w+)\}", path)],
                "responses": {**{status: {"description": "Created" if status == "201" else "Done"}
                                 for status in _success_statuses(view)}, "default": {
                    "description": "A problem a person can act on",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}},
            }
            answer = _answer_schema(view, components)
            if answer is not None and "200" in operation["responses"]:
                operation["responses"]["200"]["content"] = {"application/json": {"schema": answer}}
            if roles is not None:
                operation["security"] = [{"bearer": []}]
                operation["x-roles"] = sorted(r.value for r in roles)
            body = _body_schema(view, components) if method in ("POST", "PUT", "PATCH") else None
            raw_types = [t for t in entry.content_types if t != "application/json"]
            if body is not None:
                operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
            elif raw_types and method in ("POST", "PUT"):
                # A file sent as the body itself (a report to check, a logo).
                operation["requestBody"] = {"required": True, "content": {
                    t: {"schema": {"type": "string", "format": "binary"}} for t in raw_types}}
            paths.setdefault(path, {})[method.lower()] = operation
    return {"openapi": "3.1.0", "info": {"title": "ECE Workforce Registry API", "version": VERSION},
            "paths": paths, "components": {"schemas": components, "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "Cognito access token"}}}}


@cache
def _document() -> dict[str, Any]:
    # The app this blueprint was registered on: importing app.py from here would make a cycle.
    return describe(bp.current_app.routes)


@secured(bp, "/v1/openapi.json", roles=PUBLIC)
def openapi(ctx: RequestContext) -> dict[str, Any]:
    return _document()
