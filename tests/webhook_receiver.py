"""A real HTTP receiver on loopback that behaves like a partner's: verifies, deduplicates, or misbehaves."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook


@dataclass
class Receiver:
    secret: str = ""
    fail_first: int = 0
    delay_seconds: float = 0.0
    received: list[dict[str, Any]] = field(default_factory=list)
    processed: dict[str, dict[str, Any]] = field(default_factory=dict)  # webhook-id -> payload, once each
    bad_signatures: int = 0
    url: str = ""

    def handle(self, headers: dict[str, str], body: bytes) -> int:
        self.received.append({"headers": headers, "body": body})
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if len(self.received) <= self.fail_first:
            return 500
        try:
            payload = Webhook(self.secret).verify(body, headers)
        except Exception:
            self.bad_signatures += 1
            return 400
        self.processed.setdefault(headers["webhook-id"], payload)
        return 204


@contextmanager
def running_receiver(receiver: Receiver) -> Iterator[Receiver]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            status = receiver.handle({k.lower(): v for k, v in self.headers.items()}, body)
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/registry"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def event_types(receiver: Receiver) -> list[str]:
    return [json.loads(r["body"])["type"] for r in receiver.received]
