"""The web pages in a real browser (Debian's chromium driven by Playwright), as each user would use them."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Stack, problems_for

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 375, "height": 812}
DESK = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it) or `apt-get install chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def _sign_in(browser: Any, stack: Stack, role: str, viewport: dict[str, int]) -> Any:
    """As a person would: the registry's page, its Sign in button, the (stand-in) Cognito sign-in page, back."""
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    page.goto(f"{stack.api}/app")
    page.click("#signin-button")
    page.wait_for_selector("input#username")
    page.fill("input#username", stack.description["users"][role]["email"])
    page.fill("input#password", stack.description["password"])
    page.click("button[type=submit]")
    page.wait_for_selector("#nav a")
    assert "code=" not in page.url  # the app takes the code out of the address bar once traded
    return page


def _wait_until(page: Any, expression: str, timeout: float = 30.0) -> None:
    """Poll an expression from outside: the app's Content-Security-Policy forbids the eval wait_for_function uses."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(100)


def _check_page_quality(page: Any, name: str, artifacts_dir: Path) -> None:
    page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits, f"{name}: the page is wider than the screen"
    unlabeled = page.evaluate("""[...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                      && !(el.tagName === 'BUTTON' && el.textContent.trim()))
        .map(el => el.outerHTML.slice(0, 80))""")
    assert unlabeled == [], f"{name}: controls without a label: {unlabeled}"
    assert page.errors == [], page.errors


def test_participant_on_a_phone_uploads_a_photo_and_sees_it_reach_review(browser: Any, stack: Stack, corpus: Path,
                                                                        artifacts_dir: Path) -> None:
    page = _sign_in(browser, stack, "participant", PHONE)
    page.wait_for_selector("#upload")
    _check_page_quality(page, "participant-documents-375", artifacts_dir)
    assert page.get_attribute("#file", "capture") == "environment"
    page.select_option("#doc-type", "permit")
    page.fill("input[name=document_number]", "156431237")
    page.set_input_files("#file", str(corpus / "dev" / "permit-f1-1-phone.jpg"))
    page.click("#upload-button")
    card = page.locator("article.doc", has_text="permit-f1-1-phone.jpg").first
    # Within a minute the participant is told, in their words, what is wrong: another person's name, expired.
    card.locator("[data-status='needs_attention']").wait_for(timeout=60_000)
    assert card.locator("[data-problem='name_mismatch']").inner_text().startswith("The name on this document (Kim")
    assert "expired on 2022-02-14" in card.locator("[data-problem='expired']").inner_text()
    _check_page_quality(page, "participant-attention-375", artifacts_dir)
    card.locator("button[data-anyway]").click()
    card.locator("[data-status='needs_review']").wait_for(timeout=30_000)
    _check_page_quality(page, "participant-uploaded-375", artifacts_dir)

    page.select_option("#lang", "es")
    page.wait_for_selector("text=Mis documentos")
    page.reload()
    page.wait_for_selector("text=Subir un documento")
    _check_page_quality(page, "participant-documents-es-375", artifacts_dir)
    page.context.close()


def test_staff_verifies_with_a_correction_using_only_the_keyboard(browser: Any, stack: Stack, corpus: Path,
                                                                 artifacts_dir: Path) -> None:
    import requests

    path = corpus / "dev" / "permit-f2-1-phone.jpg"
    started = stack.post("/v1/documents", "participant", {"doc_type": "permit", "file_name": path.name,
                                                          "content_type": "image/jpeg", "size": path.stat().st_size})
    upload = started.json()["upload"]
    requests.post(upload["url"], data=upload["fields"], files={"file": (path.name, path.read_bytes(), "image/jpeg")},
                  timeout=60)
    document_id = started.json()["document_id"]
    truth = json.loads(path.with_suffix(".json").read_text())
    stack.read_and_send(document_id, problems_for(truth))

    page = _sign_in(browser, stack, "staff", DESK)
    page.wait_for_selector("table")
    _check_page_quality(page, "staff-queue-1440", artifacts_dir)
    page.goto(f"{stack.api}/app#/review/{document_id}")
    page.wait_for_selector("#decision")
    _wait_until(page, "document.activeElement && document.activeElement.dataset.field === 'person_name'")
    _check_page_quality(page, "staff-review-1440", artifacts_dir)
    # Move to the document number with the keyboard and correct it.
    for _ in range(2):
        page.keyboard.press("Alt+ArrowDown")
    assert page.evaluate("document.activeElement.dataset.field") == "document_number"
    page.keyboard.press("Control+a")
    page.keyboard.type("991225439")
    page.keyboard.press("Control+Enter")
    _wait_until(page, "location.hash === '#/queue' || (location.hash.startsWith('#/review/') "
                      f"&& !location.hash.endsWith('{document_id}'))")
    detail = stack.get(f"/v1/documents/{document_id}", "participant").json()
    assert detail["status"] == "verified"
    assert detail["fields"]["document_number"] == "991225439"
    page.context.close()


def test_director_downloads_the_staff_report_and_it_opens(browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    from pypdf import PdfReader

    page = _sign_in(browser, stack, "director", DESK)
    page.wait_for_selector("#report-pdf")
    _check_page_quality(page, "director-roster-1440", artifacts_dir)
    page.select_option("#accreditor", "nac")
    with page.expect_download() as info:
        page.click("#report-pdf")
    saved = artifacts_dir / "director-download.pdf"
    info.value.save_as(str(saved))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    assert "Staff Verification Report (NAC)" in " ".join(text.split())
    with page.expect_download() as info:
        page.click("#report-xlsx")
    xlsx = artifacts_dir / "director-download.xlsx"
    info.value.save_as(str(xlsx))
    from openpyxl import load_workbook

    assert load_workbook(xlsx)["Staff"]["A1"].value == "Name"
    page.set_viewport_size(PHONE)
    _check_page_quality(page, "director-roster-375", artifacts_dir)
    page.context.close()


def test_participant_on_a_phone_finds_a_training_on_the_calendar_and_enrols(browser: Any, stack: Stack,
                                                                           artifacts_dir: Path) -> None:
    from datetime import UTC, datetime, timedelta

    import requests

    from chalicelib.local.oauth_client import sign_in

    # Dana's agency becomes a training sponsor; she signs in again to act in her new role.
    applied = stack.post("/v1/sponsors", "director", {"name": "Sunshine Training Collaborative"})
    assert applied.status_code == 201, applied.text
    sponsor_id = applied.json()["sponsor_id"]
    assert stack.post(f"/v1/sponsors/{sponsor_id}/decision", "staff", {"decision": "approve"}).status_code == 200
    tokens = sign_in(stack.api, stack.description["users"]["director"]["email"], stack.description["password"])
    manager = {"Authorization": f"Bearer {tokens['access_token']}"}
    training = requests.post(f"{stack.api}/v1/sponsors/{sponsor_id}/trainings", headers=manager, timeout=10, json={
        "title": "Music & Movement <for toddlers>", "hours": 3,
        "competency_area": "Learning Environments and Curriculum", "language": "en", "delivery": "in_person",
        "cda_subject_area": 2})
    assert training.status_code == 201, training.text
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=14)
    event = requests.post(f"{stack.api}/v1/sponsors/{sponsor_id}/events", headers=manager, timeout=10, json={
        "training_id": training.json()["training_id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(), "capacity": 20, "county": "Sacramento",
        "place": "Sunshine ELC, Room 2"})
    assert event.status_code == 201, event.text

    page = _sign_in(browser, stack, "participant", PHONE)
    page.click("a[href='#/training']")
    page.fill("input[name=q]", "music")
    page.click("#calendar-search button[type=submit]")
    page.wait_for_selector("#calendar [data-enrol]")
    # The title a sponsor typed is shown as text, never as markup.
    assert page.inner_text("#calendar h3") == "Music & Movement <for toddlers>"
    page.click("#calendar [data-enrol]")
    page.wait_for_selector("#my-events [data-withdraw]")
    assert "Enrolled" in page.inner_text("#my-events")
    _check_page_quality(page, "participant-training-375", artifacts_dir)
    page.context.close()
