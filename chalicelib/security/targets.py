"""Where the registry may send a webhook: never to a private, loopback, link-local or metadata address.

The host is resolved and every address it resolves to is checked, at registration and
again before each attempt (a name can be re-pointed after registration). Local mode and
tests name the loopback hosts they may use in REGISTRY_WEBHOOK_ALLOWED_HOSTS.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlsplit

from chalicelib.errors import InvalidRequest

METADATA_HOSTS = {"169.254.169.254", "fd00:ec2::254", "metadata.google.internal", "metadata"}


def allowed_hosts() -> set[str]:
    return {h.strip().lower() for h in os.environ.get("REGISTRY_WEBHOOK_ALLOWED_HOSTS", "").split(",") if h.strip()}


def check_target(url: str, *, require_https: bool) -> tuple[str, int]:
    """(host, port) when the URL may receive webhooks; InvalidRequest saying why when not."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise InvalidRequest("Give a full URL such as https://example.org/hooks/registry.")
    if parts.username or parts.password:
        raise InvalidRequest("Put no user name or password in the URL; each delivery is signed instead.")
    allow = host in allowed_hosts()
    if parts.scheme != "https" and require_https and not allow:
        raise InvalidRequest("Webhook URLs must use https.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if allow:
        return host, port
    if host in METADATA_HOSTS:
        raise InvalidRequest("That address is a cloud metadata service, which never receives webhooks.")
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise InvalidRequest(f"The host {host} does not resolve. Check the URL.") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
                or address.is_reserved or address.is_unspecified or str(address) in METADATA_HOSTS):
            raise InvalidRequest(f"The host {host} points to a private or internal address ({address}); "
                                 "webhooks go only to public internet addresses.")
    return host, port
