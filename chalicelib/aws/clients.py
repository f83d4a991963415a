"""boto3 clients created on first use, with standard retries and short timeouts."""

from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib.config import get_settings

# Textract's own advice is five attempts for a throttled call (bench/burst.py: a stipend-day burst at the quota).
TEXTRACT_MAX_ATTEMPTS = 5
MAX_ATTEMPTS = {"textract": TEXTRACT_MAX_ATTEMPTS}


@cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    settings = get_settings()
    config = Config(
        retries={"mode": "standard", "max_attempts": MAX_ATTEMPTS.get(service, 3)},
        connect_timeout=3,
        read_timeout=20,
        signature_version="s3v4" if service == "s3" else None,
    )
    return boto3.session.Session().client(
        service, region_name=settings.region, endpoint_url=settings.endpoint_for(service), config=config
    )


def reset_clients() -> None:
    """Forget cached clients (tests that change settings between cases)."""
    client.cache_clear()
