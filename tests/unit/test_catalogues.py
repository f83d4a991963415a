# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)
"""Every translation catalogue has every key in every language, with the same placeholders: a page, report
or email never falls back to a key name or loses a value."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "chalicelib"
WEB = ROOT / "web" / "static" / "i18n.js"
REPORTS = ROOT / "reports" / "labels"
_BLOCK = re.compile(r"^  (\w+): \{$(.*?)^  \},?$", re.M | re.S)
_ENTRY = re.compile(r"(\w+):\s*\"((?:[^\"\\]|\\.)*)\"")


def web_catalogue() -> dict[str, dict[str, str]]:
    return {lang: dict(_ENTRY.findall(body)) for lang, body in _BLOCK.findall(WEB.read_text(encoding="utf-8"))}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_web_pages_speak_english_spanish_and_chinese_with_the_same_keys() -> None:
    catalogue = web_catalogue()
    assert set(catalogue) == {"en", "es", "zh"}
    english = set(catalogue["en"])
    assert len(english) > 200  # the parser read the whole file, not one line of it
    for language, entries in catalogue.items():
        assert set(entries) == english, f"{language}: missing {english - set(entries)}, extra {set(entries) - english}"
        assert all(value.strip() for value in entries.values()), f"{language} has an empty string"


def test_no_web_string_is_defined_twice_in_a_language() -> None:
    """A key written twice in one language block silently keeps the last one: two pages then share one wording
    (the sponsor's contact heading once read "Write to the help desk")."""
    for language, body in _BLOCK.findall(WEB.read_text(encoding="utf-8")):
        keys = [key for key, _ in _ENTRY.findall(body)]
        assert sorted({k for k in keys if keys.count(k) > 1}) == [], language


def test_the_help_and_privacy_pages_say_everything_in_english_spanish_and_chinese() -> None:
    """Their long text (help-text.js: the FAQ, the guide, the privacy policy) is translated entry by entry, as is
    the word for every topic a help-desk message may be about."""
    from chalicelib.services.accounts.help_desk import TOPICS

    text = (WEB.parent / "help-text.js").read_text(encoding="utf-8")
    catalogue = {lang: dict(_ENTRY.findall(body)) for lang, body in _BLOCK.findall(text)}
    assert set(catalogue) == {"en", "es", "zh"}
    english = catalogue["en"]
    assert len(english) > 40 and {"faqVerifyQ", "faqIdA", "guide6", "privSealed", "privLong"} <= set(english)
    for language, entries in catalogue.items():
        assert set(entries) == set(english), f"{language}: missing {set(english) - set(entries)}"
        assert all(value.strip() for value in entries.values()), language
        if language != "en":
            assert not [k for k, v in entries.items() if v == english[k]], f"{language} has untranslated entries"
    assert {f"topic_{topic}" for topic in TOPICS} <= set(web_catalogue()["en"])


def test_every_job_role_and_schedule_has_words_on_the_page() -> None:
    from chalicelib.domain.jobs import ROLES, SCHEDULES

    english = web_catalogue()["en"]
    assert {f"jobRole_{code}" for code in ROLES} | {f"jobSchedule_{code}" for code in SCHEDULES} <= set(english)
    assert english["jobRole_lead_teacher"] == ROLES["lead_teacher"]


def test_the_cda_transcript_names_each_of_the_councils_subject_areas() -> None:
    from chalicelib.domain.training import CDA_SUBJECT_AREAS

    english = json.loads((REPORTS / "en.json").read_text(encoding="utf-8"))
    assert [english[f"cda_area_{n}"] for n in range(1, len(CDA_SUBJECT_AREAS) + 1)] == list(CDA_SUBJECT_AREAS)


@pytest.mark.parametrize("language", ["es", "zh"])
def test_reports_have_every_label_with_the_same_placeholders(language: str) -> None:
    english = json.loads((REPORTS / "en.json").read_text(encoding="utf-8"))
    other = json.loads((REPORTS / f"{language}.json").read_text(encoding="utf-8"))
    assert set(other) == set(english)
    for key, text in english.items():
        assert _fields(other[key]) == _fields(text), key
        assert other[key] != text or key in {"area_general"}, f"{key} is not translated"


def test_the_report_labels_fall_back_to_english_only_for_languages_without_a_catalogue() -> None:
    from chalicelib.reports.labels import labels

    assert labels("es")["et_title"] == "Informe de Educación y Capacitación"
    assert labels("zh")["et_title"] == "教育與培訓報告"
    assert labels("vi")["et_title"] == "Education & Training Report"
    assert labels(None)["et_title"] == "Education & Training Report"


def test_every_refusal_and_rejection_reason_reads_in_english_spanish_and_chinese() -> None:
    from chalicelib.domain.reasons import REASONS, STAFF_TEMPLATES, reason

    for code, texts in REASONS.items():
        assert set(texts) == {"en", "es", "zh"}, code
        assert all(_fields(t) == _fields(texts["en"]) for t in texts.values()), code
    assert set(STAFF_TEMPLATES) <= set(REASONS)
    too_big = reason("pdf_too_many_pages", pages=80, most=60)
    assert too_big.text("es") == ("Este PDF tiene 80 páginas; el registro acepta como máximo 60. Suba solo las "
                                  "páginas del documento.")
    assert too_big.text("vi") == too_big.text("en") and "80 pages" in too_big.text(None)
    assert reason("format_html").text("zh").endswith("請上傳文件的 PDF 或照片（JPEG、PNG 或 HEIC）。")
