"""Each AWS service is reached through its adapter in aws/ (issue 23): the user pool through aws/user_pool.py,
SES through aws/mail_sender.py, KMS through aws/keys.py. A use case that made its own client would also catch
that service's own exceptions, and spell the pool id, the sender or a key's context again.

The local cloud (chalicelib/local), which builds and serves these services for `make run`, is the exception."""

from __future__ import annotations

import ast
from pathlib import Path

CHALICELIB = Path(__file__).resolve().parents[2] / "chalicelib"
ADAPTED = {"cognito-idp": "aws/user_pool.py", "ses": "aws/mail_sender.py", "kms": "aws/keys.py"}


def _clients(tree: ast.AST) -> list[str]:
    return sorted(node.args[0].value for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
                  == "client" and node.args and isinstance(node.args[0], ast.Constant)
                  and node.args[0].value in ADAPTED)


def test_only_the_adapters_make_clients_of_the_services_they_adapt() -> None:
    found = {}
    for path in sorted(CHALICELIB.rglob("*.py")):
        relative = path.relative_to(CHALICELIB).as_posix()
        if relative.startswith("local/"):
            continue
        made = [s for s in _clients(ast.parse(path.read_text(encoding="utf-8"))) if ADAPTED[s] != relative]
        if made:
            found[relative] = made
    assert found == {}, f"go through the service's adapter ({ADAPTED}) instead: {found}"


def test_the_check_sees_a_client_by_name_or_attribute() -> None:
    tree = ast.parse("from chalicelib.aws.clients import client\nimport boto3\n"
                     "a = client('kms')\nb = boto3.client('ses')\nc = client('s3')\n")
    assert _clients(tree) == ["kms", "ses"]
