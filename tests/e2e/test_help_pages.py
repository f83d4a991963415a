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
from tests.e2e.test_browser import DESK, PHONE, _check_page_quality, _sign_in, _wait_until, browser
from tests.e2e.test_pages import _outbox_to

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
__all__ = ["browser"]  # the module's browser fixture, shared

QUESTION = "Subí mi permiso hace una semana y todavía dice «en espera de revisión». ¿Es normal?"
ANSWER = "Sí, es normal: revisamos los documentos en orden de llegada. Su permiso se revisará esta semana."


def _signed_out(browser: Any, stack: Stack, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.errors = errors
    page.goto(f"{stack.api}/app")
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
