"""Partners: partner systems' clients and the webhooks delivered to them."""
