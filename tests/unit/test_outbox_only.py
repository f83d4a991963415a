"""Every message the registry owes goes through the outbox: a state change and the message it owes commit together.

So the only code that puts a message on a queue is the outbox's own publisher (unit_of_work) and the operator's
dead-letter replay (which moves messages already sent once). A new `.send(` on a queue anywhere else, or a raw
SQS send_message, fails here: stage the message with `uow.send` in the change's unit of work instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"
ALLOWED = {"aws/queues.py", "services/unit_of_work.py", "services/operations.py"}


def _sends(tree: ast.AST) -> list[int]:
    """Lines calling .send(...) on a Queue(...) built inline or named, or SQS's send_message/send_message_batch."""
    lines = []
    queue_names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                getattr(node.value.func, "id", None) == "Queue":
            queue_names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        target, method = node.func.value, node.func.attr
        if method in ("send_message", "send_message_batch") or (method in ("send", "move_all") and (
                (isinstance(target, ast.Call) and getattr(target.func, "id", None) in ("Queue", "_queue"))
                or (isinstance(target, ast.Name) and target.id in queue_names))):
            lines.append(node.lineno)
    return lines


def test_only_the_outbox_and_the_dead_letter_replay_put_messages_on_queues() -> None:
    found = {}
    for path in CHALICELIB.rglob("*.py"):
        relative = path.relative_to(CHALICELIB).as_posix()
        if relative in ALLOWED or relative.startswith("local/"):
            continue
        lines = _sends(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[relative] = lines
    assert found == {}


def test_the_check_finds_a_raw_send() -> None:
    raw = ast.parse("from chalicelib.aws.queues import Queue\n"
                    "def owe():\n    Queue(url).send({'kind': 'x'})\n    q = Queue(url)\n    q.send({})\n"
                    "    client('sqs').send_message(QueueUrl=u, MessageBody='')\n")
    assert _sends(raw) == [3, 5, 6]
