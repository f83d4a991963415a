"""Only store/ knows table keys and PynamoDB: services reach storage through the unit of work and repositories.

The check reads each module under chalicelib/services, chalicelib/api and chalicelib/events and counts two things:
- key spellings: a string or f-string that starts like a table key (`"USER#"`, `f"QUEUE#{status}"`);
- storage calls: a PynamoDB class method on a store model (`RecordItem.query(...)`, `RegistryItem.gsi1.query`),
  an item's own write (`item.save()`, `item.delete()`, `item.update(actions=...)`, `item.refresh()`), and a
  transaction opened outside the unit of work (`transaction()`).

Moving a capability behind its repository lowers its module's counts; BUDGET holds what is left, so a change
can lower a count (and must then lower the budget, so the ground gained is kept) but never raise one. BUDGET
is empty now: a new key or PynamoDB call outside store/ fails this test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"
LAYERS = ("services", "api", "events")
KEY = re.compile(r"^[A-Z][A-Z_]*#")
CLASS_METHODS = {"query", "get", "batch_get", "batch_write", "count", "scan", "exists", "from_raw_data"}
ITEM_WRITES = {"save", "delete", "refresh"}

# module: (key spellings, storage calls) still outside store/, as of this commit. Empty since 2026-12-07: every
# module of services/, api/ and events/ reaches storage through the unit of work and store/'s repositories.
BUDGET: dict[str, tuple[int, int]] = {}


def _store_names(tree: ast.AST) -> set[str]:
    """Names this module imported from chalicelib.store (its models, at module level or inside functions)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("chalicelib.store"):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node


def count(tree: ast.AST) -> tuple[int, int]:
    store_names = _store_names(tree)
    in_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    keys = calls = 0
    for node in ast.walk(tree):
        if id(node) in in_fstrings:
            continue
        if isinstance(node, ast.JoinedStr):
            first = node.values[0] if node.values else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and KEY.match(first.value):
                keys += 1
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value):
            keys += 1
        if not isinstance(node, ast.Call):
            continue
        calls += _is_storage_call(node, store_names)
    return keys, calls


def _is_storage_call(node: ast.Call, store_names: set[str]) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id == "transaction" and "transaction" in store_names
    if not isinstance(func, ast.Attribute):
        return False
    root = _root(func.value)
    on_model = isinstance(root, ast.Name) and root.id in store_names and root.id[:1].isupper()
    return (on_model and func.attr in CLASS_METHODS) \
        or (func.attr in ITEM_WRITES and not node.args and not node.keywords) \
        or (func.attr == "update" and any(k.arg == "actions" for k in node.keywords))


def _found() -> dict[str, tuple[int, int]]:
    found = {}
    for layer in LAYERS:
        for path in sorted((CHALICELIB / layer).rglob("*.py")):
            figures = count(ast.parse(path.read_text(encoding="utf-8")))
            if figures != (0, 0):
                found[path.relative_to(CHALICELIB).as_posix()] = figures
    return found


def test_no_module_spells_more_keys_or_storage_calls_than_its_budget() -> None:
    found = _found()
    over = {m: (f, BUDGET.get(m, (0, 0))) for m, f in found.items()
            if f[0] > BUDGET.get(m, (0, 0))[0] or f[1] > BUDGET.get(m, (0, 0))[1]}
    assert over == {}, ("these modules reach storage beyond their budget (found, budget); go through the "
                        f"unit of work and a repository in store/ instead: {over}")


def test_the_budget_keeps_the_ground_gained() -> None:
    """A count that went down lowers its budget in the same change."""
    found = _found()
    slack = {m: (found.get(m, (0, 0)), b) for m, b in BUDGET.items() if found.get(m, (0, 0)) != b}
    assert slack == {}, f"lower BUDGET to what is found now: {slack}"


def test_the_check_sees_keys_model_calls_item_writes_and_own_transactions() -> None:
    source = ast.parse(
        "from chalicelib.store.records import RecordItem\n"
        "from chalicelib.store.base import RegistryItem, transaction\n"
        "def f(user, item, settings):\n"
        "    RecordItem.query(f'USER#{user}')\n"          # 1 key, 1 call
        "    RegistryItem.gsi1.query('ACCOUNTS#staff')\n"  # 1 key, 1 call
        "    item.save()\n"                                # 1 call
        "    item.update(actions=[])\n"                    # 1 call
        "    with transaction() as tx:\n"                  # 1 call
        "        tx.save(item)\n"
        "    settings.get('x')\n"                          # not storage
        "    {'a': 1}.update(b=2)\n"                       # not storage
        "    return 'Hello #1'\n")                         # not a key
    assert count(source) == (2, 5)
