"""Read infra/resources.yaml (CloudFormation YAML with short-form intrinsics)."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
RESOURCES_TEMPLATE = REPO_ROOT / "infra" / "resources.yaml"


class _CfnLoader(yaml.SafeLoader):
    pass


def _intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {name: value}


_CfnLoader.add_multi_constructor("!", _intrinsic)


def load_template(path: Path = RESOURCES_TEMPLATE) -> dict[str, Any]:
    """The template as a dict of its own, for the caller to change. PyYAML's loader takes a tenth of a second on it
    and every test's stack reads it, so a parse is kept while the file is unchanged."""
    return copy.deepcopy(_parsed(path, path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=4)
def _parsed(path: Path, _mtime_ns: int) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        # _CfnLoader is a SafeLoader subclass (it only adds the CloudFormation tags).
        loaded: dict[str, Any] = yaml.load(fh, Loader=_CfnLoader)  # noqa: S506  # nosec B506
    return loaded
