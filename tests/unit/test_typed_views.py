"""`dict[str, Any]` only at the JSON edge (issue 23): inside it, use cases answer typed views (TypedDicts in each
package's views.py) and data whose shape is someone else's is JSON as a type (domain/json_values: a document's fields,
a record's data, stipend rules, a credential, a message body), which must be narrowed before it is used.

The edge is where JSON of another system comes in or goes out, as it is: HTTP requests and answers (api/;
app.py, outside chalicelib/, wires Lambda events to handlers), Lambda event payloads (events/), boto3's answers
(aws/), Textract's block JSON (ocr/), DynamoDB items and keys (store/), JOSE headers and claims and sealed page
positions (security/), and the embedded cloud and its command line (local/, cli.py). Everywhere else the count is
zero.
"""

from __future__ import annotations

import ast
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"

EDGE = frozenset({"api", "events", "aws", "ocr", "store", "security", "local", "cli.py"})


def _is_dict_str_any(node: ast.AST) -> bool:
    return (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "dict"
            and isinstance(node.slice, ast.Tuple) and len(node.slice.elts) == 2
            and isinstance(node.slice.elts[0], ast.Name) and node.slice.elts[0].id == "str"
            and isinstance(node.slice.elts[1], ast.Name) and node.slice.elts[1].id == "Any")


def count(tree: ast.AST) -> int:
    """`dict[str, Any]` anywhere inside an annotation (also nested: `list[dict[str, Any]]`)."""
    annotations: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs, node.args.vararg,
                    node.args.kwarg]
            annotations += [a.annotation for a in args if a is not None and a.annotation is not None]
            if node.returns is not None:
                annotations.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            annotations.append(node.annotation)
    return sum(_is_dict_str_any(n) for a in annotations for n in ast.walk(a))


def _inside_the_edge() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in sorted(CHALICELIB.rglob("*.py")):
        if path.relative_to(CHALICELIB).parts[0] in EDGE:
            continue
        n = count(ast.parse(path.read_text(encoding="utf-8")))
        if n:
            found[str(path.relative_to(CHALICELIB))] = n
    return found


def test_dict_str_any_is_spelled_only_at_the_json_edge() -> None:
    found = _inside_the_edge()
    assert found == {}, ("dict[str, Any] inside the JSON edge (file: annotations); give the use case a TypedDict view "
                         "in its package's views.py, or type free-form JSON with domain/json_values and narrow it: "
                         f"{found}")


def test_the_edge_names_places_that_exist() -> None:
    missing = {p for p in EDGE if not (CHALICELIB / p).exists()}
    assert missing == set(), missing


def test_the_count_sees_nested_and_every_kind_of_annotation() -> None:
    tree = ast.parse("def f(a: dict[str, Any], *, b: list[dict[str, Any]] | None = None) -> dict[str, Any]:\n"
                     "    c: dict[str, Any] = {}\n"
                     "    d: dict[str, int] = {}\n"
                     "    return {'x': 'dict[str, Any]'}\n")
    assert count(tree) == 4
