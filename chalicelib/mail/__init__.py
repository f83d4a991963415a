"""Participant emails: the `mail` catalogue (domain/catalogues/mail/<language>.json), each template's subject
and text as `<template>.subject` and `<template>.text`, in SES's template syntax (Handlebars: {{name}},
{{#if name}}...{{/if}}), because SES fills them in.

The catalogue is the single source: infra/build_template.py turns it into AWS::SES::Template resources, the
local cloud creates the same templates in moto's SES, and the notifications handler sends with
SendTemplatedEmail in the recipient's preferred language (domain.catalogues.language_for). A test checks every
template exists in every language with the same placeholders.
"""

from __future__ import annotations

from chalicelib.domain.catalogues import DEFAULT_LANGUAGE, LANGUAGES, catalogue
from chalicelib.domain.json_values import JsonObject

PARTS = ("subject", "text")


def template_names() -> list[str]:
    return sorted({key.rpartition(".")[0] for key in catalogue("mail", DEFAULT_LANGUAGE)})


def template(name: str, language: str) -> dict[str, str]:
    """One template's parts in `language`: {"subject": ..., "text": ...}."""
    words = catalogue("mail", language)
    return {part: words[f"{name}.{part}"] for part in PARTS}


def ses_template_name(prefix: str, template: str, language: str) -> str:
    return f"{prefix}-{template.replace('_', '-')}-{language}"


def template_resources() -> JsonObject:
    """CloudFormation resources for every template in every language, named after the stack."""
    resources: JsonObject = {}
    for language in LANGUAGES:
        for name in _in_catalogue_order(language):
            parts = template(name, language)
            logical_id = "MailTemplate" + "".join(w.title() for w in name.split("_")) + language.title()
            resources[logical_id] = {"Type": "AWS::SES::Template", "Properties": {"Template": {
                "TemplateName": {"Fn::Sub": "${AWS::StackName}-" + name.replace("_", "-") + "-" + language},
                "SubjectPart": parts["subject"], "TextPart": parts["text"]}}}
    return resources


def _in_catalogue_order(language: str) -> list[str]:
    return list(dict.fromkeys(key.rpartition(".")[0] for key in catalogue("mail", language)))
