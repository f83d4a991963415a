"""DNS rebinding guard for the embedded stack: a web page on another site can make its own name resolve to
127.0.0.1 and then call the local API or moto from the victim's browser. Such requests carry that site's name
in the Host header, so both servers answer only requests addressed to a loopback name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
REFUSAL = ("This local registry answers only requests addressed to 127.0.0.1 or localhost "
           "(a page on another site tried to reach it).")


def is_loopback_host(host_header: str | None) -> bool:
    if not host_header:
        return True  # HTTP/1.0 clients and in-process tests; browsers always send Host
    host = host_header.strip().lower()
    if host.startswith("["):
        name = host.split("]", 1)[0] + "]"
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name in LOOPBACK_NAMES


class LoopbackOnly:
    """WSGI middleware: 421 for a request addressed to any other name."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self._app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not is_loopback_host(environ.get("HTTP_HOST")):
            start_response("421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [REFUSAL.encode()]
        return self._app(environ, start_response)


def loopback_moto_server(port: int) -> Any:
    """moto's threaded server behind the Host check (its own server answers any Host)."""
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    class Server(ThreadedMotoServer):
        def _server_entry(self) -> None:
            app = LoopbackOnly(DomainDispatcherApplication(create_backend_app))
            self._server = make_server(self._ip_address, self._port, app, True,  # type: ignore[arg-type]
                                       request_handler=MotoRequestHandler)
            self._server_ready_event.set()
            self._server.serve_forever()

    return Server(ip_address="127.0.0.1", port=port, verbose=False)
