"""Load on the local stack: many phones uploading while staff decide and a director downloads reports.

Starts the local stack exactly as `make run` does (a subprocess on free loopback ports, its own data directory),
measures a single-user baseline, then runs a bounded load and stops by itself: `--uploads` documents from
`--phones` concurrent clients, one staff member deciding from the queue and one director downloading the
staff report the whole time. Prints throughput, p50/p95 per route beside the baseline, and the number of
documents not in a final state once the queue has drained (must be 0).

    .venv/bin/python bench/load.py [--uploads 500] [--phones 100]

The phones share the demo participant's account (signing up 100 people through the sign-in pages would measure
the sign-up pages, not the document pipeline); each upload is a distinct generated training certificate, so
none is refused as a duplicate. Every document is read by the local OCR engine, which is the bottleneck on a
small machine: the figures are for this machine, and the pass condition is that nothing is left behind.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FINAL = {"verified", "rejected", "resubmission_requested", "rejected_file", "deleted"}
# Floors: an upload a person waits for on a phone, and a page staff wait for, should answer within these.
FLOOR_P95_MS = {"POST /v1/documents": 1000, "GET /v1/review/queue": 1000, "POST decision": 1500}


class Timings:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.lock = threading.Lock()

    def call(self, route: str, fn: Any, *args: Any, **kwargs: Any) -> requests.Response:
        started = time.perf_counter()
        response: requests.Response = fn(*args, timeout=120, **kwargs)
        with self.lock:
            self.samples[route].append(time.perf_counter() - started)
            if response.status_code >= 500:
                self.errors[route] += 1
        return response

    def table(self) -> dict[str, tuple[int, float, float]]:
        out = {}
        for route, values in sorted(self.samples.items()):
            ordered = sorted(values)
            out[route] = (len(ordered), statistics.median(ordered) * 1000,
                          ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000)
        return out


def certificate(name: str, serial: int) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    lines = ["CERTIFICATE OF COMPLETION", "This certifies that", name, "completed the training",
             f"Positive Guidance in the Preschool Classroom, session {serial}", "Hours: 3.0",
             "Date completed: March 14, 2026", "Sponsor: Valley Early Learning Training Center"]
    for n, text in enumerate(lines):
        pdf.setFont("Helvetica", 14)
        pdf.drawCentredString(306, 700 - n * 30, text)
    pdf.save()
    return buffer.getvalue()


def upload(api: str, headers: dict[str, str], timings: Timings, name: str, serial: int) -> str | None:
    data = certificate(name, serial)
    started = timings.call("POST /v1/documents", requests.post, f"{api}/v1/documents", headers=headers, json={
        "doc_type": "training_certificate", "file_name": f"certificate-{serial}.pdf",
        "content_type": "application/pdf", "size": len(data)})
    if started.status_code != 201:
        return None
    post = started.json()["upload"]
    timings.call("S3 presigned POST", requests.post, post["url"], data=post["fields"],
                 files={"file": (f"certificate-{serial}.pdf", data, "application/pdf")})
    return str(started.json()["document_id"])


def decide_one(api: str, staff: dict[str, str], timings: Timings) -> bool:
    """Take the oldest document in the queue and decide it; False when the queue is empty."""
    queue = timings.call("GET /v1/review/queue", requests.get, f"{api}/v1/review/queue?limit=5", headers=staff)
    items = [i for i in queue.json().get("items", []) if not i.get("claim")]
    if not items:
        return False
    document_id = items[0]["document_id"]
    detail = timings.call("GET /v1/review/{id}", requests.get, f"{api}/v1/review/{document_id}", headers=staff).json()
    if "fields" not in detail:
        return True
    decided = timings.call("POST decision", requests.post, f"{api}/v1/review/{document_id}/decision", headers=staff,
                           json={"decision": "verify", "fields": detail["fields"], "version": detail.get("version"),
                                 "name_mismatch_reason": "Load test."})
    if decided.status_code == 422:  # a value the reader could not fill: staff send it back instead
        timings.call("POST decision", requests.post, f"{api}/v1/review/{document_id}/decision", headers=staff,
                     json={"decision": "request_resubmission", "reason": "Load test: a field was unreadable."})
    return True


def run(api: str, users: dict[str, Any], *, uploads: int, phones: int, timings: Timings) -> tuple[list[str], float]:
    phone = {"Authorization": f"Bearer {users['participant']['token']}"}
    staff = {"Authorization": f"Bearer {users['staff']['token']}"}
    director = {"Authorization": f"Bearer {users['director']['token']}"}
    me = requests.get(f"{api}/v1/me", headers=phone, timeout=30).json()
    name = " ".join(p for p in (me.get("legal_first_name"), me.get("legal_last_name")) if p)
    programs = requests.get(f"{api}/v1/programs", headers=director, timeout=30).json()["items"]
    uploading = threading.Event()
    uploading.set()

    def desk() -> None:
        # Decides until the main thread has seen every document final (it clears `uploading` only then).
        while True:
            if decide_one(api, staff, timings):
                continue
            if not uploading.is_set():
                return
            time.sleep(0.5)

    def reports() -> None:
        while uploading.is_set() and programs:
            timings.call("GET staff report (pdf)", requests.get,
                         f"{api}/v1/programs/{programs[0]['program_id']}/reports/staff-verification?format=pdf",
                         headers={**director, "Accept": "application/pdf"})
            time.sleep(1.0)

    started = time.perf_counter()
    background = [threading.Thread(target=desk, daemon=True), threading.Thread(target=reports, daemon=True)]
    for thread in background:
        thread.start()
    serial0 = int(time.time() * 1000)
    with ThreadPoolExecutor(max_workers=phones) as pool:
        ids = [d for d in pool.map(lambda n: upload(api, phone, timings, name, serial0 + n), range(uploads)) if d]
    # Everything uploaded: wait until every document has been read and decided, then stop the desk.
    deadline = time.monotonic() + max(600, uploads * 6)
    while time.monotonic() < deadline:
        statuses = [requests.get(f"{api}/v1/documents/{d}", headers=phone, timeout=30).json().get("status")
                    for d in ids]
        if all(s in FINAL for s in statuses):
            break
        if sum(s == "needs_attention" for s in statuses):
            for d, s in zip(ids, statuses, strict=True):
                if s == "needs_attention":
                    requests.post(f"{api}/v1/documents/{d}/send-anyway", headers=phone, json={}, timeout=30)
        time.sleep(2)
    uploading.clear()
    for thread in background:
        thread.join(timeout=120)
    return ids, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=500)
    parser.add_argument("--phones", type=int, default=100)
    args = parser.parse_args()

    from tests.e2e.conftest import launch, stop

    with tempfile.TemporaryDirectory() as local_dir:
        process, stack = launch(Path(local_dir))
        try:
            users = stack.description["users"]
            baseline = Timings()
            base_ids, base_seconds = run(stack.api, users, uploads=5, phones=1, timings=baseline)
            load = Timings()
            ids, seconds = run(stack.api, users, uploads=args.uploads, phones=args.phones, timings=load)
            phone = {"Authorization": f"Bearer {users['participant']['token']}"}
            left = [d for d in ids + base_ids
                    if requests.get(f"{stack.api}/v1/documents/{d}", headers=phone, timeout=30).json().get("status")
                    not in FINAL]
        finally:
            stop(process)
    print(f"load: {len(ids)} of {args.uploads} uploads from {args.phones} phones, read and decided in {seconds:.0f} s "
          f"({len(ids) / seconds:.2f} documents/s end to end); baseline: 5 in {base_seconds:.0f} s")
    base = baseline.table()
    print(f"{'route':28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'baseline p50':>13} {'floor p95':>10} {'5xx':>4}")
    for route, (n, p50, p95) in load.table().items():
        floor = FLOOR_P95_MS.get(route)
        print(f"{route:28} {n:5d} {p50:8.0f} {p95:8.0f} {base.get(route, (0, 0.0, 0.0))[1]:13.0f} "
              f"{floor if floor else '':>10} {load.errors.get(route, 0):4d}")
    print(f"documents not in a final state: {len(left)} (must be 0)")
    return 0 if not left and not any(load.errors.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
