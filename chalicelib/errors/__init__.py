"""One exception family for everything a caller can be told, mapped to HTTP in one place.

Each error carries a message a person can act on: what is wrong and what to do, in the reader's language.
The message is an English template with its values (`NotFound("No event {event_id}.", event_id=...)`, never an
f-string), worded when the answer is written: Spanish and Chinese from the `errors` catalogues
(domain/catalogues/errors/{es,zh}.json), keyed by the English template as gettext keys by msgid. The same
catalogue words the few sentences a service writes for a reader (`word(Wording(...), language)`: what a permit
level still needs). A template missing from a catalogue reads in English, and tests/unit/test_catalogues.py
fails on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, NotRequired, TypedDict

from chalicelib.domain.catalogues import LANGUAGES, catalogue
from chalicelib.domain.json_values import JsonObject
from chalicelib.domain.wording import Wording, worded


def word(value: Any, language: str) -> Any:
    """`value` worded for a reader of `language` from the errors catalogue (see domain/wording.worded)."""
    return worded(value, language, catalogue("errors", language))


def language_of(accept_language: str | None) -> str:
    """The registry's language a reader asked for in Accept-Language (RFC 9110: by q, then order), else English."""
    offers: list[tuple[float, int, str]] = []
    for n, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and q > 0:
            offers.append((-q, n, primary))
    return min(offers)[2] if offers else "en"


class Problem(TypedDict):
    """RFC 9457 problem details as the registry writes them. Besides the standard members, the extension members
    (§3.2) a refusal adds through `extra`: the field to fix, every field with its problem, why a record
    credential was refused, each stipend rule met or not, who holds a document under review."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: NotRequired[str]
    field: NotRequired[str]
    fields: NotRequired[list[str]]
    errors: NotRequired[list[dict[str, str]]]
    name_mismatch: NotRequired[bool]
    refused: NotRequired[str]
    rules: NotRequired[list[JsonObject]]
    claim: NotRequired[JsonObject]


class RegistryError(Exception):
    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    title: ClassVar[str] = "The request cannot be processed"

    def __init__(self, detail: str | Wording, *, extra: Mapping[str, object] | None = None, **values: Any) -> None:
        self.wording = detail if isinstance(detail, Wording) else Wording(detail, values)
        self.detail = self.wording.english()
        super().__init__(self.detail)
        # Extension members of the problem (see Problem), worded with the detail: they may hold Wordings.
        self.extra: Mapping[str, object] = extra or {}

    def to_problem(self, instance: str | None = None, language: str = "en") -> Problem:
        """RFC 9457 problem details, in `language`."""
        body: Problem = {
            "type": f"https://ece-registry.org/problems/{self.code}",
            "title": word(Wording(self.title), language),
            "status": self.status,
            "detail": word(self.wording, language),
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        body.update(word(self.extra, language))
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
