"""What the partners package answers, typed (see services/training/views.py for why TypedDicts): partner
systems' clients for admins, and for partners their webhook endpoints, deliveries and the catch-up feed."""

from typing import TypedDict

from chalicelib.domain.messages import EventSubject


class Endpoint(TypedDict):
    endpoint_id: str
    url: str
    description: str | None
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    failing_since: str | None
    created_at: str


class NewEndpoint(Endpoint):
    """Shown once: the signing secret is never shown again."""
    secret: str


class RotatedEndpoint(NewEndpoint):
    previous_secret_valid_until: str | None


class EndpointChanges(TypedDict, total=False):
    """What a partner changes of an endpoint (api/models.EndpointPatch): only the keys sent."""
    url: str
    event_types: list[str]
    description: str | None
    enabled: bool


class EndpointSettings(TypedDict):
    """What an endpoint's audit trail keeps of it, before and after a change."""
    url: str
    event_types: list[str]
    enabled: bool


class AttemptRecord(TypedDict):
    """One delivery attempt, as the delivery keeps it."""
    at: str
    number: int
    status_code: int | None
    latency_ms: int
    error: str | None


class Delivery(TypedDict):
    delivery_id: str
    webhook_id: str
    event_id: str
    event_type: str
    status: str
    attempts: list[AttemptRecord]
    next_attempt_at: str | None
    created_at: str
    delivered_at: str | None


class WebhookData(EventSubject):
    event_id: str


class WebhookBody(TypedDict):
    """An event as a webhook carries it (Standard Webhooks' type, timestamp, data) and the feed lists it."""
    type: str
    timestamp: str
    data: WebhookData


class Feed(TypedDict):
    items: list[WebhookBody]
    next_cursor: str | None


class AttemptOutcome(TypedDict, total=False):
    status: str
    status_code: int | None


class PartnerClient(TypedDict):
    client_id: str
    name: str
    scopes: list[str]
    created_at: str
    previous_secret_valid_until: str | None


class NewPartnerClient(TypedDict):
    """Shown once: Cognito shows a client secret only when it is made."""
    client_id: str
    client_secret: str
    user_id: str
    scopes: list[str]
    token_url: str
    note: str


class RotatedPartnerSecret(TypedDict):
    client_id: str
    client_secret: str
    previous_secret_valid_until: str
