"""Partner webhook endpoints and their deliveries."""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem


class EndpointItem(RegistryItem, discriminator="webhook_endpoint"):
    """pk=ENDPOINT#{id} sk=ENDPOINT; gsi1: ENDPOINTS / {id} (fan-out); gsi2: OWNER#{partner} / {id}."""

    endpoint_id = UnicodeAttribute()
    partner_user_id = UnicodeAttribute()
    url = UnicodeAttribute()
    description = UnicodeAttribute(null=True)
    event_types = ListAttribute(of=UnicodeAttribute)
    enabled = UnicodeAttribute()  # "true" | "false"
    disabled_reason = UnicodeAttribute(null=True)
    secret_sealed = UnicodeAttribute()  # KMS-encrypted signing secret
    previous_secret_sealed = UnicodeAttribute(null=True)
    previous_secret_expires_at = UnicodeAttribute(null=True)
    failing_since = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    version = VersionAttribute()

    @staticmethod
    def key(endpoint_id: str) -> tuple[str, str]:
        return f"ENDPOINT#{endpoint_id}", "ENDPOINT"


class DeliveryItem(RegistryItem, discriminator="webhook_delivery"):
    """pk=DELIVERY#{id} sk=DELIVERY; gsi1: ENDPOINT#{endpoint} / {created}#{id}; gsi2 (sparse): RETRY / {due}#{id}."""

    delivery_id = UnicodeAttribute()
    message_id = UnicodeAttribute()  # webhook-id: the same on every attempt, so receivers can deduplicate
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    endpoint_id = UnicodeAttribute()
    payload = UnicodeAttribute()
    status = UnicodeAttribute()  # pending | delivered | retrying | exhausted | endpoint_disabled
    attempts = JSONAttribute()
    attempt_count = NumberAttribute()
    next_attempt_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    delivered_at = UnicodeAttribute(null=True)
    version = VersionAttribute()

    @staticmethod
    def key(delivery_id: str) -> tuple[str, str]:
        return f"DELIVERY#{delivery_id}", "DELIVERY"


def get_endpoint(endpoint_id: str) -> EndpointItem | None:
    try:
        return EndpointItem.get(*EndpointItem.key(endpoint_id), consistent_read=True)
    except DoesNotExist:
        return None


def get_delivery(delivery_id: str) -> DeliveryItem | None:
    try:
        return DeliveryItem.get(*DeliveryItem.key(delivery_id), consistent_read=True)
    except DoesNotExist:
        return None
