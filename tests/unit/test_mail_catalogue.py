"""Every participant email exists in every language, with the same placeholders as the English one."""

from __future__ import annotations

from chalicelib import mail


def test_every_template_exists_in_every_language_with_the_same_placeholders() -> None:
    english = mail.catalogue("en")
    assert {"file_rejected", "rejected", "resubmission_requested", "verified", "training_enrolled",
            "training_waitlisted", "training_moved_up"} <= set(english)
    for language in mail.LANGUAGES:
        catalogue = mail.catalogue(language)
        assert set(catalogue) == set(english), language
        for name, parts in catalogue.items():
            assert set(parts) == {"subject", "text"}, (language, name)
            for part in ("subject", "text"):
                assert mail.placeholders(parts[part]) == mail.placeholders(english[name][part]), (language, name)


def test_unknown_languages_fall_back_to_english_and_names_follow_the_stack() -> None:
    assert mail.language_for("es") == "es"
    assert mail.language_for("vi") == "en" and mail.language_for(None) == "en"
    assert mail.ses_template_name("stack", "resubmission_requested", "zh") == "stack-resubmission-requested-zh"
    resources = mail.template_resources()
    assert len(resources) == len(mail.LANGUAGES) * len(mail.template_names())
