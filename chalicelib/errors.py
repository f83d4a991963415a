"""One exception family for everything a caller can be told, mapped to HTTP in one place.

Each error carries a message a person can act on: what is wrong and what to do.
"""

from __future__ import annotations

from typing import Any, ClassVar


class RegistryError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    title: ClassVar[str] = "The request cannot be processed"

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        """RFC 9457 problem details."""
        body: dict[str, Any] = {
            "type": f"https://ece-registry.org/problems/{self.code}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


class Unauthenticated(RegistryError):
    status = 401
    code = "unauthenticated"
    title = "Sign-in required"


class Forbidden(RegistryError):
    status = 403
    code = "forbidden"
    title = "Not allowed"


class NotFound(RegistryError):
    status = 404
    code = "not_found"
    title = "Not found"


class Conflict(RegistryError):
    status = 409
    code = "conflict"
    title = "Conflicting change"


class InvalidRequest(RegistryError):
    status = 422
    code = "invalid_request"
    title = "The request has invalid fields"


class BadRequest(RegistryError):
    """A parameter the registry handed out (a page link, a feed position) came back altered or from elsewhere."""

    status = 400
    code = "bad_request"
    title = "The request cannot be understood"


class TooManyRequests(RegistryError):
    status = 429
    code = "too_many_requests"
    title = "Too many requests"


class PayloadTooLarge(RegistryError):
    status = 413
    code = "payload_too_large"
    title = "Too large"


class DependencyUnavailable(RegistryError):
    status = 503
    code = "dependency_unavailable"
    title = "A service the registry depends on is unavailable"


class InternalError(RegistryError):
    status = 500
    code = "internal_error"
    title = "Something went wrong on our side"


# Error codes AWS services answer when they are throttling, failing or unreachable for a while.
_TRANSIENT_CODES = frozenset({"ServiceUnavailable", "ServiceUnavailableException", "Throttling", "ThrottlingException",
                              "RequestLimitExceeded", "TooManyRequestsException", "InternalError", "InternalFailure",
                              "KMSInternalException", "DependencyTimeoutException", "KeyUnavailableException",
                              "ProvisionedThroughputExceededException", "RequestThrottled", "SlowDown"})


def as_outage(error: BaseException) -> DependencyUnavailable | None:
    """The failure of an AWS service the registry depends on, as the 503 a person can act on (try again), or
    None when `error` is something else (a bug stays a 500)."""
    from botocore.exceptions import ClientError, HTTPClientError

    if isinstance(error, HTTPClientError):
        unavailable = True
    elif isinstance(error, ClientError):
        status = int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
        unavailable = error.response.get("Error", {}).get("Code") in _TRANSIENT_CODES or status >= 500
    else:
        unavailable = False
    if not unavailable:
        return None
    return DependencyUnavailable("A service the registry relies on is not answering right now. Nothing was saved: "
                                 "try again in a minute.")
