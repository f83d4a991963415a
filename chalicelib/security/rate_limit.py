"""How often one caller may use the public routes (no sign-in), and that limit kept on `make run`.

In AWS a WAF rate-based rule keyed on the caller's address enforces it in front of API Gateway
(infra/build_template.py builds the rule from these numbers), because the stage's own throttle is one bucket
shared by every caller: one person could use it all. A Lambda container cannot count for all of them, so the app
counts only in local mode, where one process serves every request.
"""

from __future__ import annotations

import threading
import time
from collections import deque

# WAF counts requests in windows of 60, 120, 300 or 600 seconds; at least 10 requests a window.
PUBLIC_WINDOW_SECONDS = 300
PUBLIC_REQUESTS_PER_WINDOW = 100  # one person checking cards or report copies by hand never gets near this
# (Not /v1/training-events: signed-in enrolments share that path, and an office behind one address enrols many.)
PUBLIC_PATH_PREFIXES = ("/v1/public/", "/v1/reports/", "/v1/training-calendar")
# The help desk's contact form (no sign-in) has a tighter limit of its own, beside five messages a day per answer
# address: writing to staff never uses up an office's card and report checks, and one address cannot flood the queue.
CONTACT_PATH_PREFIXES = ("/v1/help-desk/contact",)
CONTACT_REQUESTS_PER_WINDOW = 20


class CallerLimit:
    """A sliding window of request times per caller, for one process."""

    def __init__(self, limit: int = PUBLIC_REQUESTS_PER_WINDOW, window: float = PUBLIC_WINDOW_SECONDS) -> None:
        self._limit = limit
        self._window = window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, caller: str, now: float | None = None, limit: int | None = None) -> bool:
        now = time.monotonic() if now is None else now
        limit = self._limit if limit is None else limit
        with self._lock:
            times = self._seen.setdefault(caller, deque())
            while times and times[0] <= now - self._window:
                times.popleft()
            if len(times) >= limit:
                return False
            times.append(now)
            if len(self._seen) > 10_000:  # forget callers gone quiet, so the table stays small
                for key in [k for k, v in self._seen.items() if not v or v[-1] <= now - self._window]:
                    del self._seen[key]
            return True

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()


LOCAL_PUBLIC_LIMIT = CallerLimit()
LOCAL_CONTACT_LIMIT = CallerLimit(limit=CONTACT_REQUESTS_PER_WINDOW)
