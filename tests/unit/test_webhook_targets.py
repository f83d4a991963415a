"""Webhook targets: only public internet addresses on the standard ports, whatever form the address takes."""

from __future__ import annotations

import pytest

from chalicelib.errors import InvalidRequest
from chalicelib.security.targets import check_target


@pytest.mark.parametrize("url", [
    "https://10.1.2.3/hook", "https://127.0.0.1/hook", "https://169.254.169.254/latest", "https://[::1]/hook",
    "https://100.64.0.7/hook",            # shared address space (carrier-grade NAT)
    "https://198.18.0.1/hook",            # benchmarking
    "https://192.0.2.10/hook",            # documentation
    "https://[::ffff:10.0.0.1]/hook",     # IPv4-mapped private
    "https://[64:ff9b::a00:1]/hook",      # NAT64 of 10.0.0.1
    "https://[2002:0a00:0001::1]/hook",   # 6to4 of 10.0.0.1
    "https://[fd00:ec2::254]/hook", "https://[fe80::1]/hook", "https://0.0.0.0/hook", "https://224.0.0.1/hook",
])
def test_internal_addresses_in_every_form_are_refused(url: str) -> None:
    with pytest.raises(InvalidRequest, match=r"private or internal|metadata"):
        check_target(url, require_https=True)


@pytest.mark.parametrize("url,problem", [
    ("https://93.184.215.14:8443/hook", "standard ports"),
    ("https://93.184.215.14:22/hook", "standard ports"),
    ("https://93.184.215.14:99999/hook", "between 1 and 65535"),
    ("https://93.184.215.14:abc/hook", "between 1 and 65535"),
    ("http://93.184.215.14/hook", "https"),
    ("https://user:pw@93.184.215.14/hook", "user name"),
])
def test_ports_schemes_and_credentials_get_a_clear_refusal(url: str, problem: str) -> None:
    with pytest.raises(InvalidRequest, match=problem):
        check_target(url, require_https=True)


def test_a_public_address_on_443_is_accepted() -> None:
    assert check_target("https://93.184.215.14/hook", require_https=True) == ("93.184.215.14", 443, "93.184.215.14")
    assert check_target("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/h", require_https=True)[1] == 443


def test_the_local_servers_answer_only_requests_addressed_to_a_loopback_name() -> None:
    from chalicelib.local.hosts import LoopbackOnly, is_loopback_host

    for good in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost", None):
        assert is_loopback_host(good), good
    for bad in ("attacker.example:8000", "127.0.0.1.attacker.example", "evil.localhost.example:5005"):
        assert not is_loopback_host(bad), bad
    statuses: list[str] = []
    app = LoopbackOnly(lambda environ, start: [b"ok"])
    assert app({"HTTP_HOST": "127.0.0.1:5005"}, lambda s, h: statuses.append(s)) == [b"ok"]
    body = app({"HTTP_HOST": "rebind.attacker.example:5005"}, lambda s, h: statuses.append(s))
    assert statuses == ["421 Misdirected Request"] and b"127.0.0.1" in b"".join(body)


def test_an_attempt_connects_to_the_checked_address_not_a_fresh_lookup() -> None:
    """DNS rebinding: the name is checked, then re-pointed before the connection. The attempt connects to the
    address that was checked (here a local receiver), sending the name only as the Host header; the name itself
    (rebind.invalid) resolves nowhere, so a second lookup would have failed."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from chalicelib.services.partners.webhooks import _post

    seen: list[str] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.headers["Host"])
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.handle_request, daemon=True).start()
    port = server.server_address[1]
    try:
        status, error, _ = _post(f"http://rebind.invalid:{port}/hooks?x=1", {"content-type": "application/json"},
                                 "{}", pinned="127.0.0.1")
    finally:
        server.server_close()
    assert (status, error) == (204, None) and seen == [f"rebind.invalid:{port}"]
