"""Words for a person, kept as an English template and its values until someone reads them.

The registry answers in the reader's language (English, Spanish, Chinese): a message is worded when it is read,
from the catalogue in chalicelib/errors, so the rule that refuses something does not need to know who asks.
The English template is the catalogue's key, as in gettext; tests/unit/test_error_catalogue.py finds every
template in the code and checks each language has it with the same placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain.reasons import Reason


@dataclass(frozen=True, slots=True)
class Wording:
    template: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return fill(self.template, {k: english(v) for k, v in self.values.items()})


def fill(template: str, values: Mapping[str, Any]) -> str:
    # A template with no values is used as written, so a brace in it is only a brace.
    return template.format(**values) if values else template


def english(value: Any) -> Any:
    if isinstance(value, Wording):
        return value.english()
    if isinstance(value, Reason):
        return value.text("en")
    if isinstance(value, list | tuple) and value and all(isinstance(v, Wording) for v in value):
        return " ".join(v.english() for v in value)
    return value


class Refusal(ValueError):
    """A rule said no, with words for the person who asked. `str()` is the English, for logs and tests."""

    def __init__(self, template: str, **values: Any) -> None:
        self.wording = Wording(template, values)
        super().__init__(self.wording.english())
