"""Keep the embedded cloud's state across `make run` restarts.

moto keeps every service's state in in-memory "backends". We pickle the backends of the services the registry
uses (tables, buckets with their objects, queues with their messages, keys with their material, the user pool
with its users) into one file under .local/ every few seconds and on exit, and load them back before the stack
starts. moto's own recorder replays API calls instead, which cannot work here: replaying CreateKey makes new key
material, and every sealed field and data key of the previous run would no longer open.

Three things in those backends do not pickle as they are: private keys (KMS, the user pool's signing key),
which travel as PKCS#8 DER, and locks, which are recreated empty. The file holds key material next to the data
it protects, as moto's memory did: it is a developer's local stack, written 0600 under .local/ (git-ignored).
"""

from __future__ import annotations

import io
import os
import pickle
import threading
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

SERVICES = ("cloudformation", "cloudwatch", "cognito-idp", "dynamodb", "events", "iam", "kms", "s3", "ses",
            "sns", "sqs")
# 2: Registry IDs carry a Damm check digit; a stack saved with Luhn IDs would refuse its own members' IDs.
_FORMAT = 2
_SAVING = threading.Lock()
_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))


def _load_private_key(der: bytes) -> Any:
    return serialization.load_der_private_key(der, password=None)


def _new_lock(reentrant: bool) -> Any:
    return threading.RLock() if reentrant else threading.Lock()


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey)):
            der = obj.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
            return _load_private_key, (der,)
        if isinstance(obj, _LOCK_TYPES):
            return _new_lock, (isinstance(obj, type(threading.RLock())),)
        return NotImplemented


def _backends() -> dict[str, Any]:
    from moto.backends import get_backend

    return {name: get_backend(name) for name in SERVICES}  # type: ignore[call-overload]


def dump_state() -> bytes:
    state = {name: {account: dict(regions) for account, regions in backend.items()}
             for name, backend in _backends().items()}
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump({"format": _FORMAT, "state": state})
    return buffer.getvalue()


def load_state(data: bytes) -> None:
    # Our own file under .local/, written by dump_state; never anything a user sent.
    loaded = pickle.loads(data)  # noqa: S301  # nosec B301
    if loaded.get("format") != _FORMAT:
        raise ValueError("the saved local cloud was written by another version of this tool")
    backends = _backends()
    for name, accounts in loaded["state"].items():
        for account, regions in accounts.items():
            for region, backend in regions.items():
                backends[name][account][region] = backend


def save(path: Path, attempts: int = 5) -> bool:
    """Write the state atomically. The stack keeps serving while this runs; a dict changing size under the
    pickler is retried, and a save that keeps losing that race is skipped until the next one."""
    with _SAVING:  # the periodic saver and a stop signal may both save at the end
        for _ in range(attempts):
            try:
                data = dump_state()
                break
            except RuntimeError:
                continue
        else:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
        return True


def restore(path: Path) -> bool:
    """Load the state saved by an earlier run, if any. A file this version cannot read is kept aside (never
    deleted: it may hold the only copy of someone's demo data) and the stack starts empty."""
    if not path.exists():
        return False
    try:
        load_state(path.read_bytes())
    except Exception as exc:
        aside = path.with_suffix(".unreadable")
        path.replace(aside)
        print(f"Could not load the saved local cloud ({exc}); kept it as {aside} and started empty.", flush=True)
        return False
    released = release_in_flight()
    if released:
        print(f"{released} message(s) were being handled when the stack last stopped; they are delivered again.",
              flush=True)
    return True


def release_in_flight() -> int:
    """Make every received-but-not-deleted message visible again. The consumer that held it was the previous
    process, which is gone (killed mid-extraction, say): in AWS the message would reappear when its visibility
    timeout ran out (6 minutes for extraction); a restarted local stack need not make a developer wait for it."""
    from moto.sqs.models import sqs_backends

    released = 0
    for regions in sqs_backends.values():
        for backend in regions.values():
            for queue in backend.queues.values():
                for message in queue._messages:
                    if message.approximate_receive_count and not message.visible:
                        message.visible_at = 0.0
                        released += 1
                queue._pending_messages.clear()
    return released


class PeriodicSaver:
    """Saves every `period` seconds while the stack runs, so even a killed process loses at most that much."""

    def __init__(self, path: Path, period: float = 10.0) -> None:
        self._path = path
        self._period = period
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="local-cloud-saver", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._period):
            save(self._path)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
        save(self._path)
