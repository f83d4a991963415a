# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)
"""Every catalogue (domain/catalogues/<domain>/<language>.json) is checked the same way, through the one loader
the registry uses: every key in every language, the same placeholders, no empty text, no key written twice, no
entry left untranslated. Then what each domain must hold besides: every error template the code uses (read the
way gettext's xgettext reads it) and nothing more, every email with a subject and a text, the help topics, job
roles, CDA subject areas and rejection reasons.

    python tests/unit/test_catalogues.py es   # prints the error templates a catalogue still lacks, as JSON
"""

from __future__ import annotations

import ast
import json
import string
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
CODE = ROOT / "chalicelib"

from chalicelib.domain.catalogues import (  # noqa: E402
    DEFAULT_LANGUAGE,
    DOMAINS,
    GETTEXT_DOMAINS,
    LANGUAGES,
    CatalogueError,
    catalogue,
    exists,
    language_for,
    parse,
    placeholders,
)

# Entries that read the same in a language as in English, on purpose.
SAME_AS_ENGLISH = {("pages", "es"): {"in_approved"}, ("reports", "es"): {"area_general"}}


# --- the error templates in the code, read as xgettext reads them --------------------------------------------------

def _message_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """The names of everything that takes a message template: errors, refusals and Wording itself."""
    from chalicelib.errors import RegistryError

    names = {"Wording", "Refusal"}
    pending = [RegistryError]
    while pending:
        cls = pending.pop()
        names.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                    (isinstance(b, ast.Name) and b.id == "Refusal") or (isinstance(b, ast.Attribute) and b.attr ==
                                                                        "Refusal") for b in node.bases):
                names.add(node.name)
    return names


def _constants(tree: ast.Module) -> dict[str, str]:
    return {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            for t in node.targets if isinstance(t, ast.Name)}


def templates() -> tuple[dict[str, str], list[str]]:
    """(template -> where it is first used, and the places that build a message as an f-string)."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(CODE.rglob("*.py")) if "local" not in p.parts}
    takers = _message_classes(trees)
    found: dict[str, str] = {}
    formatted: list[str] = []
    for path, tree in trees.items():
        constants = _constants(tree)
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else None)
            if name not in takers:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{where}:{node.lineno}")
                    break
                if isinstance(arg, ast.Name) and arg.id in constants:
                    found.setdefault(constants[arg.id], f"{where}:{node.lineno}")
                    break
                if isinstance(arg, ast.JoinedStr | ast.BinOp):
                    formatted.append(f"{where}:{node.lineno}")
                    break
    from chalicelib.api.routing import _FIELD_PROBLEMS
    from chalicelib.domain.permit_pathway import matrix
    from chalicelib.errors import RegistryError

    for problem in _FIELD_PROBLEMS.values():
        found.setdefault(problem, "chalicelib/api/routing.py (field problems)")
    # Words that come from data rather than code: the permit matrix's core course areas.
    for area in matrix()["core_areas"].values():
        found.setdefault(area, "chalicelib/domain/data/permit_matrix.json (core_areas)")
    pending = [RegistryError]
    while pending:
        cls = pending.pop()
        found.setdefault(cls.title, f"{cls.__module__}.{cls.__name__}.title")
        pending.extend(cls.__subclasses__())
    return found, formatted


_FOUND: dict[str, str] = {}


def _found() -> dict[str, str]:
    if not _FOUND:
        _FOUND.update(templates()[0])
    return _FOUND


# --- every domain the same way ------------------------------------------------------------------------------------

def english(domain: str) -> Mapping[str, str]:
    """What every language must say: the English catalogue, or for a gettext domain its keys (the templates the
    code uses), each its own English."""
    if domain in GETTEXT_DOMAINS:
        return {template: template for template in _found()}
    return catalogue(domain, DEFAULT_LANGUAGE)


def _fields(text: str) -> list[str]:
    """str.format's fields with repeats and positional ones: stricter than the set placeholders() gives."""
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _words(text: str) -> str:
    """The text without its placeholders: what a translator has to translate."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(text))


def _files() -> list[str]:
    folder = resources.files("chalicelib.domain.catalogues")
    return sorted(f"{d.name}/{f.name}" for d in folder.iterdir() if d.is_dir() and d.name != "__pycache__"
                  for f in d.iterdir())


def test_the_catalogues_are_every_domain_in_every_language_and_nothing_else() -> None:
    """Errors have no English file: the English template is the key, so such a file could only repeat it."""
    expected = sorted(f"{domain}/{language}.json" for domain in DOMAINS for language in LANGUAGES
                      if not (domain in GETTEXT_DOMAINS and language == DEFAULT_LANGUAGE))
    assert _files() == expected
    assert all(exists(*name.removesuffix(".json").split("/")) for name in expected)


@pytest.mark.parametrize("name", _files())
def test_no_key_is_written_twice_and_every_entry_is_text(name: str) -> None:
    """A key written twice in one file silently keeps the last one: two pages then share one wording (the
    sponsor's contact heading once read "Write to the help desk")."""
    text = resources.files("chalicelib.domain.catalogues").joinpath(name).read_text(encoding="utf-8")
    assert parse(text, name)


def test_the_loader_refuses_a_key_written_twice_or_an_entry_that_is_not_text() -> None:
    with pytest.raises(CatalogueError, match=r"pages/es.json: defined twice: \['a'\]"):
        parse('{"a": "uno", "b": "dos", "a": "tres"}', "pages/es.json")
    with pytest.raises(CatalogueError, match="flat object"):
        parse('{"a": {"subject": "x"}}')


@pytest.mark.parametrize(("domain", "language"), [(d, lang) for d in DOMAINS for lang in LANGUAGES])
def test_every_key_in_every_language_with_the_same_placeholders_and_no_empty_text(domain: str, language: str) -> None:
    reference = english(domain)
    words = dict(reference) if domain in GETTEXT_DOMAINS and language == DEFAULT_LANGUAGE else catalogue(domain,
                                                                                                        language)
    missing = {key: _found().get(key, "") for key in reference if key not in words}
    assert not missing, f"{domain}/{language}.json lacks {len(missing)}: {json.dumps(missing, indent=1)[:3000]}"
    unused = set(words) - set(reference)
    assert not unused, f"{domain}/{language}.json has entries nothing uses any more: {sorted(unused)[:20]}"
    assert len(reference) > 5  # the loader read the whole file, not one entry of it
    for key, text in words.items():
        assert text.strip(), f"{domain}/{language}.json: {key} is empty"
        assert placeholders(text) == placeholders(reference[key]), (domain, language, key)
        if "{{" not in text:
            assert _fields(text) == _fields(reference[key]), (domain, language, key)
        if language != DEFAULT_LANGUAGE and key not in SAME_AS_ENGLISH.get((domain, language), set()):
            assert text != reference[key] or not any(c.isalpha() for c in _words(reference[key])), \
                f"{domain}/{language}.json: untranslated {key}"


def test_one_fallback_for_every_domain() -> None:
    assert [language_for(x) for x in ("en", "es", "zh", "vi", None, "")] == ["en", "es", "zh", "en", "en", "en"]
    for domain in DOMAINS:
        assert catalogue(domain, "vi") == catalogue(domain, None) == catalogue(domain, "en")
    assert catalogue("errors", "en") == {}
    with pytest.raises(KeyError):
        catalogue("labels", "en")


def test_placeholders_reads_format_fields_and_ses_handlebars() -> None:
    assert placeholders("Usually ready in about {minutes} min ({ahead} documents waiting to be read).") == {
        "minutes", "ahead"}
    assert placeholders("Hello{{#if name}} {{name}}{{/if}}, your {{doc_name}}") == {"name", "doc_name"}
    assert placeholders("No braces.") == set()


# --- pages and help ---------------------------------------------------------------------------------------------

def test_the_web_pages_speak_english_spanish_and_chinese_with_the_same_keys() -> None:
    assert LANGUAGES == ("en", "es", "zh")
    assert len(catalogue("pages", "en")) > 200


def test_the_help_and_privacy_pages_say_everything_in_english_spanish_and_chinese() -> None:
    """Their long text (the FAQ, the guide, the privacy policy) is translated entry by entry, as is the word for
    every topic a help-desk message may be about."""
    from chalicelib.services.accounts.help_desk import TOPICS

    help_text = catalogue("help", "en")
    assert len(help_text) > 40 and {"faqVerifyQ", "faqIdA", "guide6", "privSealed", "privLong"} <= set(help_text)
    assert {f"topic_{topic}" for topic in TOPICS} <= set(catalogue("pages", "en"))


def test_every_job_role_and_schedule_has_words_on_the_page() -> None:
    from chalicelib.domain.jobs import ROLES, SCHEDULES

    pages = catalogue("pages", "en")
    assert {f"jobRole_{code}" for code in ROLES} | {f"jobSchedule_{code}" for code in SCHEDULES} <= set(pages)
    assert pages["jobRole_lead_teacher"] == ROLES["lead_teacher"]


@pytest.mark.parametrize(("name", "opening", "domain"), [("i18n.js", "window.I18N = ", "pages"),
                                                       ("help-text.js", "export const HELP_TEXT = ", "help")])
def test_the_web_app_gets_its_words_from_the_catalogues_as_the_same_script(name: str, opening: str,
                                                                           domain: str) -> None:
    """No build step: the route writes the script from the catalogue when it is asked for, as a static file."""
    from chalicelib.api.web import STATIC, _file

    assert not (STATIC / name).exists()  # one source: a file left here would be a second copy
    answer = _file(name)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert answer.headers["Cache-Control"] == "no-cache" and "Content-Security-Policy" in answer.headers
    _comment, _, script = answer.body.partition("\n")
    assert script.startswith(opening) and script.endswith(";\n")
    assert json.loads(script.removeprefix(opening).removesuffix(";\n")) == {
        language: dict(catalogue(domain, language)) for language in LANGUAGES}
    assert 'src="app/static/i18n.js"' in (STATIC / "index.html").read_text(encoding="utf-8")
    assert 'from "./help-text.js"' in (STATIC / "help.js").read_text(encoding="utf-8")


# --- reports ------------------------------------------------------------------------------------------------------

def test_the_cda_transcript_names_each_of_the_councils_subject_areas() -> None:
    from chalicelib.domain.training import CDA_SUBJECT_AREAS

    reports = catalogue("reports", "en")
    assert [reports[f"cda_area_{n}"] for n in range(1, len(CDA_SUBJECT_AREAS) + 1)] == list(CDA_SUBJECT_AREAS)


def test_the_report_labels_fall_back_to_english_only_for_languages_without_a_catalogue() -> None:
    assert catalogue("reports", "es")["et_title"] == "Informe de Educación y Capacitación"
    assert catalogue("reports", "zh")["et_title"] == "教育與培訓報告"
    assert catalogue("reports", "vi")["et_title"] == "Education & Training Report"
    assert catalogue("reports", None)["et_title"] == "Education & Training Report"


# --- reasons ------------------------------------------------------------------------------------------------------

def test_every_refusal_and_rejection_reason_reads_in_english_spanish_and_chinese() -> None:
    from chalicelib.domain.reasons import CODES, STAFF_TEMPLATES, WHAT_TO_UPLOAD, reason

    assert set(catalogue("reasons", "en")) - {WHAT_TO_UPLOAD} == CODES and len(CODES) > 15
    assert set(STAFF_TEMPLATES) <= CODES
    too_big = reason("pdf_too_many_pages", pages=80, most=60)
    assert too_big.text("es") == ("Este PDF tiene 80 páginas; el registro acepta como máximo 60. Suba solo las "
                                  "páginas del documento.")
    assert too_big.text("vi") == too_big.text("en") and "80 pages" in too_big.text(None)
    assert reason("format_html").text("zh").endswith("請上傳文件的 PDF 或照片（JPEG、PNG 或 HEIC）。")


# --- mail ---------------------------------------------------------------------------------------------------------

def test_every_template_exists_in_every_language_with_a_subject_and_a_text() -> None:
    from chalicelib import mail

    names = mail.template_names()
    assert {"file_rejected", "rejected", "resubmission_requested", "verified", "training_enrolled",
            "training_waitlisted", "training_moved_up"} <= set(names)
    for language in LANGUAGES:
        assert set(catalogue("mail", language)) == {f"{n}.{part}" for n in names for part in ("subject", "text")}
        for name in names:
            parts = mail.template(name, language)
            english_parts = mail.template(name, "en")
            assert all(placeholders(parts[p]) == placeholders(english_parts[p]) for p in parts), (language, name)


def test_unknown_languages_fall_back_to_english_and_names_follow_the_stack() -> None:
    from chalicelib import mail

    assert mail.ses_template_name("stack", "resubmission_requested", "zh") == "stack-resubmission-requested-zh"
    resources_ = mail.template_resources()
    assert len(resources_) == len(LANGUAGES) * len(mail.template_names())
    assert json.dumps(catalogue("mail", "es")["file_rejected.subject"], ensure_ascii=False) in json.dumps(
        resources_["MailTemplateFileRejectedEs"], ensure_ascii=False)


# --- errors -------------------------------------------------------------------------------------------------------

def test_no_message_is_built_as_an_f_string() -> None:
    _, formatted = templates()
    assert formatted == [], "give these a template and values (Error(\"... {name} ...\", name=...)): " + \
        ", ".join(formatted)


def test_the_reader_finds_the_messages_it_should() -> None:
    found = _found()
    assert len(found) > 200  # errors, refusals, field problems and titles across the code
    assert "No such document in the review queue." in found
    assert "Fix these fields and send again: {fields}" in found
    assert "This page link is not valid or has expired. Start again from the first page." in found


if __name__ == "__main__":
    language = sys.argv[1] if len(sys.argv) > 1 else "es"
    known = catalogue("errors", language) if exists("errors", language) else {}
    print(json.dumps({t: "" for t in _found() if t not in known}, ensure_ascii=False, indent=1))
