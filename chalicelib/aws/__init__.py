"""Small adapters, one per AWS service. Clients are created lazily (cold start)."""
