# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)
"""Help for everyone (issue 25), walked in a browser: a signed-out person on a phone opens Help from the footer,
reads the FAQ in Spanish and writes to the help desk; a staff member at a desk answers from the help-desk queue;
the answer reaches the person's mailbox in Spanish."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Stack
from tests.e2e.test_browser import DESK, PHONE, _check_page_quality, _new_page, _sign_in, _wait_until, browser
from tests.e2e.test_pages import _outbox_to

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
__all__ = ["browser"]  # the module's browser fixture, shared

QUESTION = "Subí mi permiso hace una semana y todavía dice «en espera de revisión». ¿Es normal?"
ANSWER = "Sí, es normal: revisamos los documentos en orden de llegada. Su permiso se revisará esta semana."


def _signed_out(browser: Any, stack: Stack, viewport: dict[str, int]) -> Any:
    page = _new_page(browser, stack, viewport)
    page.wait_for_selector("#signin-button")
    return page


def _mail(stack: Stack, email: str, subject_start: str, timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in _outbox_to(stack, email) if m["subject"].startswith(subject_start)]
        if found:
            return found[0]
        time.sleep(1)
    raise AssertionError(f"no email to {email} starting {subject_start!r}: {_outbox_to(stack, email)}")


def test_a_signed_out_person_on_a_phone_asks_in_spanish_and_staff_answer_from_the_help_desk(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    email = f"lucia.{uuid.uuid4().hex[:8]}@example.org"
    page = _signed_out(browser, stack, PHONE)
    page.select_option("#lang", "es")
    page.wait_for_selector("footer a[href='#/help']:has-text('Ayuda')")
    assert "Mesa de ayuda: de lunes a viernes" in page.inner_text("footer")
    page.click("footer a[href='#/help']")
    page.wait_for_selector("#faq details[data-faq=Id]")
    assert page.inner_text("h1") == "Ayuda y recursos"
    page.click("details[data-faq=Id] summary")
    answer_text = page.inner_text("details[data-faq=Id]")
    assert "número de registro" in answer_text and "Seguro Social" in answer_text
    page.click("details[data-faq=Photo] summary")
    assert "cuatro esquinas" in page.inner_text("details[data-faq=Photo]")
    assert "Sacramento, CA 95814" in page.inner_text("#postal-address")
    assert page.inner_text("ol.guide").count("\n") >= 5
    _check_page_quality(page, "help-es-375", artifacts_dir)

    page.fill("#contact input[name=name]", "Lucía Gómez")
    page.fill("#contact input[name=email]", email)
    page.select_option("#contact select[name=topic]", "documents")
    page.fill("#contact textarea[name=message]", QUESTION)
    assert str(2000 - len(QUESTION)) in page.inner_text("#contact-left")
    page.click("#contact button[type=submit]")
    page.wait_for_selector("#contact-reference")
    reference = page.inner_text("#contact-reference")
    assert reference.startswith("HD-") and "Mensaje enviado" in page.inner_text("#contact-result")
    _check_page_quality(page, "help-contact-sent-es-375", artifacts_dir)
    received = _mail(stack, email, "Recibimos su mensaje")
    assert reference in received["subject"] and "Lucía" not in received["body"]

    # The privacy policy, from the footer, in the same language.
    page.click("footer a[href='#/privacy']")
    page.wait_for_selector("#your-data")
    assert page.inner_text("h1") == "Política de privacidad" and "***-**-1234" in page.inner_text("main")
    _check_page_quality(page, "privacy-es-375", artifacts_dir)
    # And in Chinese (Traditional): the footer, the FAQ and the form follow the language picked.
    page.select_option("#lang", "zh")
    page.click("footer a[href='#/help']")
    page.wait_for_selector("h1:has-text('說明與資源')")
    assert "服務台：週一至週五" in page.inner_text("footer") and "常見問題" in page.inner_text("#faq")
    page.click("details[data-faq=Verify] summary")
    assert "核實" in page.inner_text("details[data-faq=Verify]")
    _check_page_quality(page, "help-zh-375", artifacts_dir)
    page.context.close()

    staff = _sign_in(browser, stack, "staff", DESK)
    assert "Help desk" in staff.inner_text("#nav")
    staff.click("#nav a[href='#/help-desk']")
    item = f"article.help-item:has-text('{reference}')"
    staff.wait_for_selector(item)
    card = staff.inner_text(item)
    assert QUESTION in card and email in card and "Spanish" in card and "not signed in" in card
    _check_page_quality(staff, "help-desk-1440", artifacts_dir)
    staff.fill(f"{item} textarea[name=answer]", ANSWER)
    staff.click(f"{item} button[type=submit]")
    _wait_until(staff, f"!document.body.innerText.includes({reference!r})")
    staff.click("a[href='#/help-desk?status=answered']")
    staff.wait_for_selector(f"{item}[data-status=answered]")
    assert ANSWER in staff.inner_text(item)
    assert staff.errors == [], staff.errors
    staff.context.close()

    answered = _mail(stack, email, "Respuesta a su mensaje")
    assert reference in answered["subject"] and ANSWER in answered["body"] and answered["language"] == "es"


def test_a_signed_in_participant_writes_then_downloads_her_data_and_closes_her_profile_from_the_privacy_page(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    import json

    import requests

    from tests.e2e.conftest import sign_up
    from tests.e2e.test_pages import _sign_in_as

    email, password = f"rita.{uuid.uuid4().hex[:8]}@example.org", "Rita-own-password-1"
    tokens = sign_up(stack, email, password)
    enrolled = requests.post(f"{stack.api}/v1/me", json={"legal_first_name": "Rita", "legal_last_name": "Soto"},
                             headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=30)
    assert enrolled.status_code == 201, enrolled.text
    page = _sign_in_as(browser, stack, email, password, PHONE)
    page.click("footer a[href='#/help/contact']")
    page.wait_for_selector("#contact input[name=name]")
    assert page.input_value("#contact input[name=email]") == email  # prefilled for someone signed in
    assert page.input_value("#contact input[name=name]") == "Rita Soto"
    page.select_option("#contact select[name=topic]", "privacy")
    page.fill("#contact textarea[name=message]", "How do I close my profile?")
    page.click("#contact button[type=submit]")
    page.wait_for_selector("#contact-reference")
    reference = page.inner_text("#contact-reference")
    queue = stack.get("/v1/help-desk/messages", "staff").json()["items"]
    [mine] = [m for m in queue if m["reference"] == reference]
    assert mine["user_id"] and mine["email"] == email  # her account goes with the message

    page.click("footer a[href='#/privacy']")
    page.wait_for_selector("#privacy-download")
    _check_page_quality(page, "privacy-participant-375", artifacts_dir)
    with page.expect_download() as info:
        page.click("#privacy-download")
    saved = artifacts_dir / "registry-data-export.json"
    info.value.save_as(str(saved))
    assert json.loads(saved.read_text())["profile"]["legal_last_name"] == "Soto"
    page.check("#privacy-close input[name=understand]")
    page.click("#privacy-close button[type=submit]")
    page.wait_for_selector("#your-data p.ok")
    queue = stack.get("/v1/help-desk/messages", "staff").json()["items"]
    assert reference not in [m["reference"] for m in queue]  # what she wrote signed in went with her profile
    assert page.errors == [], page.errors
    page.context.close()
