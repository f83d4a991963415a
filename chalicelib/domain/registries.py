"""How the registries (document types, record kinds, report kinds) find their entries: each module of a package
declares one under a known name, so adding an entry is adding a module and nothing lists them by hand."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable


def declared_in[T](package: str, path: Iterable[str], attribute: str, kind: type[T]) -> list[T]:
    """What each module of `package` (at `path`, its `__path__`) declares as `attribute`, where it is a `kind`."""
    found: list[T] = []
    for module in pkgutil.iter_modules(path):
        declared = getattr(importlib.import_module(f"{package}.{module.name}"), attribute, None)
        if isinstance(declared, kind):
            found.append(declared)
    return found
