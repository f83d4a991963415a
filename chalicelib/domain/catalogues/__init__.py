"""Every word the registry says to a person, in English, Spanish and Chinese (Traditional): one mechanism.

The catalogues are JSON files beside this module, `<domain>/<language>.json`, each one flat object of text:

    pages    the web app's short strings (served as app/static/i18n.js, `window.I18N`)
    help     the long text of its Help and Privacy pages (served as app/static/help-text.js, `HELP_TEXT`)
    errors   every error, refusal and Wording, keyed by its English template as gettext keys by msgid
    mail     participant emails, `<template>.subject` and `<template>.text`, in SES's Handlebars syntax
    reports  the words of the documents a participant takes away (E&T report, ID card, resume)
    reasons  why a file was refused or a document rejected, keyed by the reason's code
    unsubscribe  the page an unsubscribe link in a reminder shows

Placeholders are Python's str.format fields (`{name}`), which the web pages fill the same way; mail is the one
exception, because SES, not the registry, fills it in: `{{name}}`, `{{#if name}}...{{/if}}`. `placeholders`
reads both. Errors have no English file: the key is the English, so an English file could only repeat it.
Everything here lives in domain/ because domain/reasons.py and domain/wording.py word things too, and the
domain imports only the domain. tests/unit/test_catalogues.py checks every domain the same way.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

LANGUAGES = ("en", "es", "zh")
DEFAULT_LANGUAGE = "en"
DOMAINS = ("pages", "help", "errors", "mail", "reports", "reasons", "unsubscribe")
# Domains keyed by their English text (gettext's msgid): no English file, a missing entry reads as its key.
GETTEXT_DOMAINS = frozenset({"errors"})

_HANDLEBARS = re.compile(r"{{([^}]*)}}")


class CatalogueError(ValueError):
    """A catalogue file is not one flat object of text with each key once."""


def language_for(preferred: str | None) -> str:
    """The registry's language for someone who prefers `preferred`: it if the registry speaks it, else English."""
    return preferred if preferred in LANGUAGES else DEFAULT_LANGUAGE


def _unique(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _ in pairs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise CatalogueError(f"defined twice: {twice}")
    return dict(pairs)


def parse(text: str, where: str = "catalogue") -> dict[str, str]:
    """A catalogue file's text as its entries, refusing a key written twice (json keeps the last silently) and
    anything but text."""
    try:
        loaded = json.loads(text, object_pairs_hook=_unique)
    except CatalogueError as error:
        raise CatalogueError(f"{where}: {error}") from None
    if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
        raise CatalogueError(f"{where}: one flat object of text was expected")
    return loaded


def exists(domain: str, language: str) -> bool:
    return resources.files(__name__).joinpath(domain, f"{language}.json").is_file()


def catalogue(domain: str, language: str | None) -> Mapping[str, str]:
    """The entries of `domain` in `language` (a language the registry does not speak reads as English). A gettext
    domain in English is empty: its keys are the words."""
    if domain not in DOMAINS:
        raise KeyError(f"no catalogue domain {domain!r}")
    return _load(domain, language_for(language))


@cache
def _load(domain: str, language: str) -> Mapping[str, str]:
    if domain in GETTEXT_DOMAINS and language == DEFAULT_LANGUAGE:
        return MappingProxyType({})
    resource = resources.files(__name__).joinpath(domain, f"{language}.json")
    return MappingProxyType(parse(resource.read_text(encoding="utf-8"), f"{domain}/{language}.json"))


def placeholders(text: str) -> set[str]:
    """The names a text's placeholders take: str.format fields (`{name}`) and SES Handlebars (`{{name}}`,
    `{{#if name}}`), whichever it uses."""
    if "{{" in text:
        return {m.strip("#/ ").removeprefix("if ").strip() for m in _HANDLEBARS.findall(text)} - {"if", ""}
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
