"""The one place where every route is authenticated, authorised and has its errors mapped.

    @secured(bp, "/v1/documents", methods=["POST"], roles=[Role.PARTICIPANT, Role.STAFF])
    def start_upload(ctx: RequestContext) -> Response: ...

`roles=PUBLIC` marks the few routes that need no sign-in (health, report verification).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from chalice.app import Blueprint, CognitoUserPoolAuthorizer, Request, Response

from chalicelib.config import get_settings
from chalicelib.domain.wording import Refusal, Wording
from chalicelib.errors import InternalError, InvalidRequest, RegistryError, as_outage, language_of
from chalicelib.observability import bind_correlation_id, logger, metrics, publish_metrics
from chalicelib.security.identity import Caller, Role, accepted_scopes, authenticate, require_role
from chalicelib.security.rate_limit import CONTACT_PATH_PREFIXES, PUBLIC_PATH_PREFIXES

if TYPE_CHECKING:
    from pydantic import BaseModel

PROBLEM_JSON: Final = "application/problem+json"


class _Public:
    def __repr__(self) -> str:
        return "PUBLIC"


PUBLIC: Final = _Public()


@dataclass(frozen=True, slots=True)
class RequestContext:
    request: Request
    caller: Caller | None

    @property
    def user(self) -> Caller:
        assert self.caller is not None, "route is public; no caller"
        return self.caller

    def body[M: BaseModel](self, model: type[M]) -> M:
        raw = self.request.raw_body or b"{}"
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidRequest("The request body is not valid JSON. Send a JSON object.") from exc
        return parse_model(model, data)

    def query(self, name: str, default: str | None = None) -> str | None:
        params: Mapping[str, str] = self.request.query_params or {}
        return params.get(name, default)

    def query_int(self, name: str, default: int, *, low: int, high: int) -> int:
        """A whole-number query parameter within [low, high]: 'abc' or '1e9' answer 422 saying what to send, never
        a server error; a number past the bounds is brought within them (a page size asks for at most so many)."""
        raw = self.query(name)
        if raw is None or raw == "":
            return default
        if not raw.strip().isdigit():
            raise InvalidRequest("{name} must be a whole number from {low} to {high}.", name=name, low=low, high=high)
        return max(low, min(high, int(raw)))

    @property
    def headers(self) -> Mapping[str, str]:
        return self.request.headers

    @property
    def language(self) -> str:
        """The registry language the caller reads (Accept-Language: en, es or zh)."""
        return language_of(self.request.headers.get("accept-language") if self.request.headers else None)


# Pydantic's error types, worded for a person (its own messages are English only). A type not here reads as
# pydantic wrote it.
_FIELD_PROBLEMS: Final = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this request",
    "string_too_short": "needs at least {min_length} characters",
    "string_too_long": "takes at most {max_length} characters",
    "too_short": "needs at least {min_length} items",
    "too_long": "takes at most {max_length} items",
    "greater_than_equal": "must be {ge} or more",
    "less_than_equal": "must be {le} or less",
    "greater_than": "must be more than {gt}",
    "less_than": "must be less than {lt}",
    "literal_error": "must be one of {expected}",
    "enum": "must be one of {expected}",
    "string_pattern_mismatch": "is not in the expected format",
    "string_type": "must be text",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "decimal_parsing": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "date_parsing": "must be a date such as 2027-03-01",
    "date_from_datetime_parsing": "must be a date such as 2027-03-01",
    "date_type": "must be a date such as 2027-03-01",
    "datetime_parsing": "must be a date and time such as 2027-03-01T09:00:00Z",
    "datetime_from_date_parsing": "must be a date and time such as 2027-03-01T09:00:00Z",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
}
_CONTEXT_VALUES: Final = ("min_length", "max_length", "ge", "le", "gt", "lt", "expected")


def _field_problem(error: Mapping[str, Any]) -> Wording | str:
    context = error.get("ctx") or {}
    cause = context.get("error")
    if isinstance(cause, Refusal):
        return cause.wording
    template = _FIELD_PROBLEMS.get(error["type"])
    if template is None:
        return str(error["msg"])
    return Wording(template, {k: str(context[k]) for k in _CONTEXT_VALUES if k in context and f"{{{k}}}" in template})


def parse_model[M: BaseModel](model: type[M], data: Any) -> M:
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # The submitted values are never echoed back or logged: they may be personal data.
        errors = [{"field": ".".join(str(p) for p in err["loc"]) or "(body)", "problem": _field_problem(err)}
                  for err in exc.errors(include_input=False, include_url=False)]
        summary = [Wording("{field}: {problem}.", {"field": e["field"], "problem": e["problem"]}) for e in errors[:5]]
        raise InvalidRequest("Fix these fields and send again: {fields}", extra={"errors": errors},
                             fields=summary) from exc


def problem_response(error: RegistryError, instance: str | None = None,
                     headers: Mapping[str, str] | None = None, language: str = "en") -> Response:
    return Response(body=json.dumps(error.to_problem(instance, language)), status_code=error.status,
                    headers={"Content-Type": PROBLEM_JSON, "Content-Language": language, **(headers or {})})


def json_response(body: Any, status_code: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(body=json.dumps(body, default=str), status_code=status_code,
                    headers={"Content-Type": "application/json", **(headers or {})})


RouteHandler = Callable[..., Any]

# API Gateway's Cognito authorizer. The ARN is a placeholder: infra/build_template.py points it at the stack's
# user pool (GetAtt). On the local stack Chalice's server cannot verify tokens, so routes carry no authorizer
# there and `authenticate` verifies the token against moto's Cognito itself.
USER_POOL_ARN_PLACEHOLDER = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_REGISTRYPOOL"
AUTHORIZER = CognitoUserPoolAuthorizer("RegistryUsers", provider_arns=[USER_POOL_ARN_PLACEHOLDER])


def _behind_api_gateway() -> bool:
    from chalicelib.config import get_settings

    return not get_settings().is_local


def _within_public_limit(context: Mapping[str, Any], contact: bool = False) -> None:
    """On `make run`, the per-caller limit AWS WAF keeps in front of API Gateway (security/rate_limit.py): the
    public data routes' one, or the help desk's contact form's own."""
    from chalicelib.config import get_settings
    from chalicelib.errors import TooManyRequests
    from chalicelib.security.rate_limit import LOCAL_CONTACT_LIMIT, LOCAL_PUBLIC_LIMIT, PUBLIC_WINDOW_SECONDS

    caller = str((context.get("identity") or {}).get("sourceIp") or "unknown")
    allowed = (LOCAL_CONTACT_LIMIT.allow(caller) if contact
               else LOCAL_PUBLIC_LIMIT.allow(caller, limit=get_settings().local_public_limit))
    if not allowed:
        raise TooManyRequests("Too many requests from your address to the registry's public pages. Wait {minutes} "
                              "minutes and try again.", minutes=PUBLIC_WINDOW_SECONDS // 60)


def secured(bp: Blueprint, path: str, *, roles: Iterable[Role] | _Public, methods: Iterable[str] = ("GET",),
            **route_kwargs: Any) -> Callable[[RouteHandler], RouteHandler]:
    allowed: frozenset[Role] | None = None if isinstance(roles, _Public) else frozenset(roles)
    if allowed is not None and not allowed:
        raise ValueError(f"route {path} allows no role; use PUBLIC for an open route")
    scopes = accepted_scopes(allowed or ())
    counted = path.startswith(PUBLIC_PATH_PREFIXES)  # the open data routes; health and sign-in pages are not
    contact = path.startswith(CONTACT_PATH_PREFIXES)  # the help desk's contact form, counted apart
    if allowed is not None and _behind_api_gateway():
        route_kwargs["authorizer"] = AUTHORIZER.with_scopes(sorted(scopes))

    def decorate(handler: RouteHandler) -> RouteHandler:
        @functools.wraps(handler)
        def view(**path_params: str) -> Response:
            request: Request = bp.current_request
            context = request.context or {}
            bind_correlation_id(context.get("requestId"), route=path, method=request.method)
            language = RequestContext(request=request, caller=None).language
            try:
                if allowed is None and (counted or contact) and not _behind_api_gateway():
                    _within_public_limit(context, contact=contact)
                caller = None
                if allowed is not None:
                    caller = authenticate(get_settings(), request.headers, context, scopes)
                    require_role(caller, allowed)
                result = handler(RequestContext(request=request, caller=caller), **path_params)
            except RegistryError as err:
                logger.info("request refused", extra={"status": err.status, "code": err.code})
                return problem_response(err, instance=request.path if hasattr(request, "path") else path,
                                        language=language)
            except Exception as error:
                outage = as_outage(error)
                if outage is not None:
                    logger.warning("a dependency is unavailable", extra={"error": type(error).__name__})
                    metrics.add_metric(name="DependencyOutages", unit="Count", value=1)
                    return problem_response(outage, headers={"Retry-After": "30"}, language=language)
                logger.exception("unhandled error")
                metrics.add_metric(name="UnhandledErrors", unit="Count", value=1)
                return problem_response(InternalError(
                    "The registry could not finish this request. Try again; if it keeps failing, "
                    "contact support with the correlation id in the response header.",
                ), headers={"X-Correlation-Id": str(context.get("requestId", ""))}, language=language)
            finally:
                # One request per Lambda invocation: publish its metrics (EMF) before returning.
                publish_metrics()
            if isinstance(result, Response):
                return result
            return json_response(result)

        bp.route(path, methods=list(methods), **route_kwargs)(view)
        view.allowed_roles = allowed  # type: ignore[attr-defined]
        return view

    return decorate
