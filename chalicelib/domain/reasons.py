"""Why a file was refused or a document rejected, in the participant's language.

A reason is a code and its values; the words are rendered when someone reads them (the page in the language it
is asked in, the email in the participant's preferred language), so a refusal written once reads in English,
Spanish or Chinese. Staff's own words, typed in a decision, are shown as typed. The words are the catalogue
domain `reasons` (domain/catalogues/reasons/<language>.json), keyed by the reason's code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chalicelib.domain.catalogues import DEFAULT_LANGUAGE, catalogue, language_for

# The catalogue's entry every "upload something else" reason ends with ({upload}); the other keys are the codes.
WHAT_TO_UPLOAD = "what_to_upload"
CODES = frozenset(catalogue("reasons", DEFAULT_LANGUAGE)) - {WHAT_TO_UPLOAD}
# The templates staff pick when they reject or ask again (the review page lists them).
STAFF_TEMPLATES = ("blurry", "cut_off", "wrong_type", "someone_else", "expired_permit")


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def text(self, language: str | None) -> str:
        words = catalogue("reasons", language_for(language))
        return words[self.code].format(upload=words[WHAT_TO_UPLOAD], **dict(self.params))

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> Reason | None:
        if not data or data.get("code") not in CODES:
            return None
        params = data.get("params") or {}
        return cls(str(data["code"]), tuple((str(k), str(v)) for k, v in dict(params).items()))  # type: ignore[call-overload]


def reason(code: str, **params: object) -> Reason:
    if code not in CODES:
        raise KeyError(f"no reason {code!r}")
    return Reason(code, tuple((k, str(v)) for k, v in params.items()))
