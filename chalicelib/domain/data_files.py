"""The registry's own rule tables in domain/data (the QRIS rubric, the permit matrix), read into their types.

Each value is checked as it is taken, so a file edited into the wrong shape fails when it is loaded, saying
where, instead of as a KeyError in the middle of someone's rating.
"""

from __future__ import annotations

import json
from importlib import resources

from chalicelib.domain.json_values import JsonObject, JsonValue


class DataFileError(ValueError):
    """A data file is not in the shape the rules read."""


def load(name: str) -> JsonValue:
    text = resources.files("chalicelib.domain").joinpath(f"data/{name}").read_text(encoding="utf-8")
    loaded: JsonValue = json.loads(text)
    return loaded


def an_object(value: JsonValue, where: str) -> JsonObject:
    if not isinstance(value, dict):
        raise DataFileError(f"{where}: an object was expected")
    return value


def a_list(value: JsonValue, where: str) -> list[JsonValue]:
    if not isinstance(value, list):
        raise DataFileError(f"{where}: a list was expected")
    return value


def text(value: JsonValue, where: str) -> str:
    if not isinstance(value, str):
        raise DataFileError(f"{where}: text was expected")
    return value


def whole(value: JsonValue, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataFileError(f"{where}: a whole number was expected")
    return value


def flag(value: JsonValue, where: str) -> bool:
    if not isinstance(value, bool):
        raise DataFileError(f"{where}: true or false was expected")
    return value


def at(obj: JsonObject, key: str, where: str) -> tuple[JsonValue, str]:
    """`obj[key]` and where it is, for the check that takes it: `text(*at(o, "title", where))`."""
    if key not in obj:
        raise DataFileError(f"{where}: {key} is missing")
    return obj[key], f"{where}.{key}"
