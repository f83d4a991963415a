"""Participant email catalogue: one JSON file per language, each holding every template's subject and text in
SES's template syntax (Handlebars: {{name}}, {{#if name}}...{{/if}}).

The catalogue is the single source: infra/build_template.py turns it into AWS::SES::Template resources, the
local cloud creates the same templates in moto's SES, and the notifications handler sends with
SendTemplatedEmail in the recipient's preferred language. A test checks every template exists in every
language with the same placeholders.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from chalicelib.domain.json_values import JsonObject

HERE = Path(__file__).resolve().parent
LANGUAGES = ("en", "es", "zh")
DEFAULT_LANGUAGE = "en"


@cache
def catalogue(language: str) -> dict[str, dict[str, str]]:
    loaded: dict[str, dict[str, str]] = json.loads((HERE / f"{language}.json").read_text(encoding="utf-8"))
    return loaded


def template_names() -> list[str]:
    return sorted(catalogue(DEFAULT_LANGUAGE))


def language_for(preferred: str | None) -> str:
    return preferred if preferred in LANGUAGES else DEFAULT_LANGUAGE


def ses_template_name(prefix: str, template: str, language: str) -> str:
    return f"{prefix}-{template.replace('_', '-')}-{language}"


def placeholders(text: str) -> set[str]:
    return {m.strip("#/ ").removeprefix("if ").strip() for m in re.findall(r"{{([^}]*)}}", text)} - {"if", ""}


def template_resources() -> JsonObject:
    """CloudFormation resources for every template in every language, named after the stack."""
    resources: JsonObject = {}
    for language in LANGUAGES:
        for name, parts in catalogue(language).items():
            logical_id = "MailTemplate" + "".join(w.title() for w in name.split("_")) + language.title()
            resources[logical_id] = {"Type": "AWS::SES::Template", "Properties": {"Template": {
                "TemplateName": {"Fn::Sub": "${AWS::StackName}-" + name.replace("_", "-") + "-" + language},
                "SubjectPart": parts["subject"], "TextPart": parts["text"]}}}
    return resources
