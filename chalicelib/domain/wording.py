"""Words for a person, kept as an English template and its values until someone reads them.

The registry answers in the reader's language (English, Spanish, Chinese): a message is worded when it is read,
from the `errors` catalogue (domain/catalogues), so the rule that refuses something does not need to know who
asks. The English template is the catalogue's key, as in gettext; tests/unit/test_catalogues.py finds every
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
        return str(worded(self))


def worded(value: Any, language: str = "en", catalogue: Mapping[str, str] | None = None) -> Any:
    """`value` for a reader of `language`: a Wording in the catalogue's words (English without one), a list of
    Wordings as one text, a Reason in that language, dicts and lists item by item, anything else (a name, a
    number, a date) as it is. chalicelib/errors passes the catalogue; this is the one place words are filled in."""
    if isinstance(value, Wording):
        template = (catalogue or {}).get(value.template, value.template)
        values = {k: worded(v, language, catalogue) for k, v in value.values.items()}
        # A template with no values is used as written, so a brace in it is only a brace.
        return template.format(**values) if values else template
    if isinstance(value, Reason):
        return value.text(language)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Wording) for v in value):
        return ("" if language == "zh" else " ").join(worded(v, language, catalogue) for v in value)
    if isinstance(value, dict):
        return {k: worded(v, language, catalogue) for k, v in value.items()}
    if isinstance(value, list):
        return [worded(v, language, catalogue) for v in value]
    return value


class Refusal(ValueError):
    """A rule said no, with words for the person who asked. `str()` is the English, for logs and tests."""

    def __init__(self, template: str, **values: Any) -> None:
        self.wording = Wording(template, values)
        super().__init__(self.wording.english())
