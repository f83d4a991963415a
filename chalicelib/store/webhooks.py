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


def new_endpoint(endpoint_id: str, *, partner_user_id: str, url: str, description: str | None,
                 event_types: list[str], secret_sealed: str, created_at: str) -> EndpointItem:
    """An enabled endpoint, on the fan-out list and on its partner's list."""
    return EndpointItem(*EndpointItem.key(endpoint_id), endpoint_id=endpoint_id, partner_user_id=partner_user_id,
                        url=url, description=description, event_types=event_types, enabled="true",
                        secret_sealed=secret_sealed, created_at=created_at, gsi1pk="ENDPOINTS", gsi1sk=endpoint_id,
                        gsi2pk=f"OWNER#{partner_user_id}", gsi2sk=endpoint_id)


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

    def retry_at(self, due: str | None) -> None:
        """On the sweep's list of retries due at `due`, or off it (None)."""
        self.next_attempt_at = due
        if due is None:
            self.gsi2pk = self.gsi2sk = None
        else:
            self.gsi2pk, self.gsi2sk = "WEBHOOK_RETRY", f"{due}#{self.delivery_id}"


def new_delivery(delivery_id: str, *, message_id: str, event_id: str, event_type: str, endpoint_id: str,
                 payload: str, created_at: str) -> DeliveryItem:
    """A pending delivery, on its endpoint's list of deliveries, newest last."""
    return DeliveryItem(*DeliveryItem.key(delivery_id), delivery_id=delivery_id, message_id=message_id,
                        event_id=event_id, event_type=event_type, endpoint_id=endpoint_id, payload=payload,
                        status="pending", attempts=[], attempt_count=0, created_at=created_at,
                        gsi1pk=f"ENDPOINT#{endpoint_id}", gsi1sk=f"{created_at}#{delivery_id}")


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


class WebhookTable:
    """Endpoints and deliveries behind the unit of work."""

    def endpoint(self, endpoint_id: str) -> EndpointItem | None:
        return get_endpoint(endpoint_id)

    def endpoints_of(self, partner_user_id: str) -> list[EndpointItem]:
        return [e for e in RegistryItem.gsi2.query(f"OWNER#{partner_user_id}") if isinstance(e, EndpointItem)]

    def subscribed(self) -> list[EndpointItem]:
        """Every enabled endpoint (the fan-out list)."""
        return [e for e in RegistryItem.gsi1.query("ENDPOINTS") if isinstance(e, EndpointItem) and e.enabled == "true"]

    def delivery(self, delivery_id: str) -> DeliveryItem | None:
        return get_delivery(delivery_id)

    def deliveries_of(self, endpoint_id: str, limit: int) -> list[DeliveryItem]:
        """An endpoint's deliveries, newest first."""
        return [d for d in RegistryItem.gsi1.query(f"ENDPOINT#{endpoint_id}", scan_index_forward=False, limit=limit)
                if isinstance(d, DeliveryItem)]

    def retries_due(self, before: str, limit: int) -> list[DeliveryItem]:
        return [d for d in RegistryItem.gsi2.query("WEBHOOK_RETRY", RegistryItem.gsi2sk <= f"{before}#~", limit=limit)
                if isinstance(d, DeliveryItem)]
