"""The words of the documents a participant takes away (E&T report, ID card, resume), per language.

One JSON catalogue per language beside this file; every key exists in each (tests/unit/test_catalogues.py).
The PDFs carry a CJK font (reports/fonts.py), so a Chinese reader's documents are in Chinese (Traditional).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources

LANGUAGES = ("en", "es", "zh")


@cache
def _catalogue(language: str) -> Mapping[str, str]:
    text = resources.files(__name__).joinpath(f"{language}.json").read_text(encoding="utf-8")
    loaded: dict[str, str] = json.loads(text)
    return loaded


def labels(language: str | None) -> Mapping[str, str]:
    return _catalogue(language if language in LANGUAGES else "en")
