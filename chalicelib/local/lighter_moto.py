"""Work moto repeats on every stack that gives the same result each time, or that nothing here uses.

Each integration test builds the whole stack in moto (a second or so), and `make run` builds it at every start;
these were half of that:
- moto gives every KMS key an RSA-2048 key pair, symmetric and HMAC keys too, which in AWS have none; the registry's
  symmetric and HMAC keys never sign with one, so the pair is made the first time something asks for it;
- moto parses the template body with PyYAML's pure-Python loader for each stack it creates, and the body is the
  same every time: the parse is kept per body, and each stack gets its own deep copy;
- moto's Cognito imports its one signing key (the same JSON file, an RSA key whose import checks its numbers) for
  each user pool: the imported key is kept, as it never changes.
Behaviour is moto's own: the pair is still made (on first use), the parse still comes from moto's parser and the
pools sign with moto's key.
"""

from __future__ import annotations

import copy
import functools
import json
import types
from typing import Any

_installed = False


class _KeyPairOnFirstUse:
    """Stands in for moto's RSA-2048 private key of a symmetric or HMAC key until something uses it."""

    def __init__(self, key_spec: str) -> None:
        self._key_spec = key_spec
        self._key: Any = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # pickle and copy probe for hooks on an instance whose __dict__ is not set yet
            raise AttributeError(name)
        if self._key is None:
            from moto.kms.utils import generate_private_key  # moto's own, as its models imported it

            self._key = generate_private_key(self._key_spec)
        return getattr(self._key, name)


def install() -> None:
    global _installed
    if _installed:
        return
    from joserfc import jwk
    from moto.cloudformation import models as cloudformation
    from moto.cognitoidp import models as cognito
    from moto.kms import models as kms
    from moto.kms.utils import generate_private_key as make_pair

    def generate_private_key(key_spec: str) -> Any:
        if key_spec == "SYMMETRIC_DEFAULT" or key_spec.startswith("HMAC_"):
            return _KeyPairOnFirstUse(key_spec)
        return make_pair(key_spec)

    # Set in the modules' namespaces: each imported the name for itself (`from ... import`), and that copy is the
    # one its code calls.
    vars(kms)["generate_private_key"] = generate_private_key

    parse = functools.lru_cache(maxsize=8)(cloudformation.Stack.parse_template)

    def parse_template(template: str) -> dict[str, Any]:
        return copy.deepcopy(parse(template))

    cloudformation.Stack.parse_template = staticmethod(parse_template)  # type: ignore[method-assign]

    imported: dict[str, Any] = {}
    rsa_key = jwk.RSAKey

    def import_key(value: Any) -> Any:
        seen = json.dumps(value, sort_keys=True)
        if seen not in imported:
            imported[seen] = rsa_key.import_key(value)
        return imported[seen]

    # moto's Cognito uses nothing else of joserfc's jwk module (cognitoidp/models.py, one call in the user pool).
    vars(cognito)["jwk"] = types.SimpleNamespace(RSAKey=types.SimpleNamespace(import_key=import_key))
    _installed = True
