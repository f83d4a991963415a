"""Where the registry may send a webhook: never to a private, loopback, link-local or metadata address.

The host is resolved and every address it resolves to is checked, at registration and
again before each attempt (a name can be re-pointed after registration); the attempt then
connects to the address that was checked (`Target.address`), with the host name kept for
TLS and the Host header, so a second lookup cannot swap in another address (DNS
rebinding). Local mode and tests name the loopback hosts they may use in
REGISTRY_WEBHOOK_ALLOWED_HOSTS.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import NamedTuple
from urllib.parse import urlsplit

from chalicelib.errors import InvalidRequest

METADATA_HOSTS = {"169.254.169.254", "fd00:ec2::254", "metadata.google.internal", "metadata"}
PORTS = {"https": 443, "http": 80}
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


def _embedded_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, NAT64, 6to4, Teredo), which is where packets really go."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    return None


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Only globally routable unicast addresses: not private, loopback, link-local, shared (100.64.0.0/10,
    carrier NAT), benchmarking, documentation, multicast, reserved, or an IPv6 address wrapping one of those."""
    if str(address) in METADATA_HOSTS or address.is_multicast or not address.is_global:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address in NAT64_LOCAL:
        return False
    embedded = _embedded_ipv4(address)
    return embedded is None or is_public(embedded)


def allowed_hosts() -> set[str]:
    from chalicelib.config import get_settings

    return set(get_settings().webhook_allowed_hosts)


class Target(NamedTuple):
    host: str
    port: int
    address: str | None = None  # the checked address to connect to; None for an allow-listed local host


def check_target(url: str, *, require_https: bool) -> Target:
    """Where the URL's webhooks may go; InvalidRequest saying why when they may not go there."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise InvalidRequest("Give a full URL such as https://example.org/hooks/registry.")
    if parts.username or parts.password:
        raise InvalidRequest("Put no user name or password in the URL; each delivery is signed instead.")
    allow = host in allowed_hosts()
    if parts.scheme != "https" and require_https and not allow:
        raise InvalidRequest("Webhook URLs must use https.")
    try:
        port = parts.port or PORTS[parts.scheme]
    except ValueError:
        raise InvalidRequest("The port in the URL is not a number between 1 and 65535.") from None
    if allow:
        return Target(host, port)
    if port not in PORTS.values():
        raise InvalidRequest("Webhook URLs use the standard ports only (443 for https, 80 for http).")
    if host in METADATA_HOSTS:
        raise InvalidRequest("That address is a cloud metadata service, which never receives webhooks.")
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise InvalidRequest("The host {host} does not resolve. Check the URL.", host=host) from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    for address in addresses:
        if not is_public(address):
            raise InvalidRequest("The host {host} points to a private or internal address ({address}); webhooks go "
                                 "only to public internet addresses.", host=host, address=str(address))
    return Target(host, port, str(addresses[0]))
