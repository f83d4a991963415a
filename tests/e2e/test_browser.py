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


def _new_page(browser: Any, stack: Stack, viewport: dict[str, int], start: str = "/app",
              **context_options: Any) -> Any:
    """A fresh browser context on the registry's page at `start`, collecting the page's errors in page.errors."""
    context = browser.new_context(viewport=viewport, accept_downloads=True, **context_options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.errors = errors
    page.goto(f"{stack.api}{start}")
    return page


def _sign_in(browser: Any, stack: Stack, role: str, viewport: dict[str, int], email: str | None = None,
             **context_options: Any) -> Any:
    """As a person would: the registry's page, its Sign in button, the (stand-in) Cognito sign-in page, back.
    `email` signs in someone other than the role's demo person; `context_options` go to the browser context
    (the accessibility tests pass bypass_csp=True to inject axe-core)."""
    page = _new_page(browser, stack, viewport, **context_options)
    try:
        page.click("#signin-button")
    except Exception as exc:
        raise AssertionError(f"the sign-in page did not render: {page.errors}") from exc
    page.wait_for_selector("input#username")
    page.fill("input#username", email or stack.description["users"][role]["email"])
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
            said = page.evaluate("(document.querySelector('#toast') || {}).textContent || ''")
            raise AssertionError(f"timed out waiting for {expression}; the page said: {said!r}")
        page.wait_for_timeout(100)


def _downloaded_pdf_text(page: Any, button: str, saved: Path) -> str:
    """Click `button`, keep the PDF it downloads as `saved` (a test artifact) and return its text with all
    whitespace removed (pypdf breaks lines where fonts change, and Chinese has no spaces to keep)."""
    from pypdf import PdfReader

    with page.expect_download() as info:
        page.click(button)
    info.value.save_as(str(saved))
    return "".join("".join(p.extract_text() for p in PdfReader(str(saved)).pages).split())


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
    # The corpus permit carries an invented name, not the demo participant's: the page asks why it is still hers
    # and puts the cursor there; the reason goes into the audit with the decision.
    assert page.is_visible("#name-confirm")
    page.keyboard.press("Control+Enter")
    _wait_until(page, "document.activeElement && document.activeElement.id === 'name-mismatch-reason'")
    page.keyboard.type("Permit issued under her former name; marriage certificate seen.")
    page.keyboard.press("Control+Enter")
    _wait_until(page, "location.hash === '#/queue' || (location.hash.startsWith('#/review/') "
                      f"&& !location.hash.endsWith('{document_id}'))")
    detail = stack.get(f"/v1/documents/{document_id}", "participant").json()
    assert detail["status"] == "verified"
    assert detail["fields"]["document_number"] == "991225439"
    page.context.close()


def test_director_downloads_the_staff_report_and_it_opens(browser: Any, stack: Stack, artifacts_dir: Path) -> None:

    page = _sign_in(browser, stack, "director", DESK)
    page.wait_for_selector("#report-pdf")
    _check_page_quality(page, "director-roster-1440", artifacts_dir)
    page.select_option("#accreditor", "nac")
    text = _downloaded_pdf_text(page, "#report-pdf", artifacts_dir / "director-download.pdf")
    assert "StaffVerificationReport(NAC)" in text
    with page.expect_download() as info:
        page.click("#report-xlsx")
    xlsx = artifacts_dir / "director-download.xlsx"
    info.value.save_as(str(xlsx))
    from openpyxl import load_workbook

    assert load_workbook(xlsx)["Staff"]["A1"].value == "Name"
    # The QRIS summary is on the page, and its report downloads like the others.
    assert "Element 3 (lead teachers / family child care)" in page.inner_text("#qris")
    page.select_option("#report-kind", "qris-staff-qualifications")
    qris_text = _downloaded_pdf_text(page, "#report-pdf", artifacts_dir / "director-qris.pdf")
    assert "QRISStaffQualifications(Elements3and7)" in qris_text and "SunshineEarlyLearningCenter" in qris_text
    page.set_viewport_size(PHONE)
    _check_page_quality(page, "director-roster-375", artifacts_dir)
    page.context.close()


def test_the_training_module_end_to_end(browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    """A sponsor applies and is approved, builds a catalogue entry and publishes an event with three seats; four
    people enrol (one waitlisted); one withdraws and the waiting one moves up and is emailed; the sponsor marks
    attendance; the hours reach the attendee's E&T report and their director's staff report; the attendee
    answers the survey; the sponsor's Excel report shows the answer without the attendee's name."""
    import time
    from datetime import datetime, timedelta

    import requests
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from tests.e2e.conftest import sign_up

    director = stack.description["users"]["director"]
    # Dana applies for her program's training arm from the Training page.
    dana = _sign_in(browser, stack, "director", DESK)
    dana.goto(f"{stack.api}/app#/training")
    dana.fill("#sponsor-apply input[name=name]", "Sunshine Training Collaborative")
    dana.click("#sponsor-apply button[type=submit]")
    _wait_until(dana, "document.querySelector('#my-sponsors').textContent.includes('review')")
    dana.context.close()

    sam = _sign_in(browser, stack, "staff", DESK)
    sam.goto(f"{stack.api}/app#/sponsors")
    sam.wait_for_selector("text=Sunshine Training Collaborative")
    sam.click("[data-approve]")
    sam.wait_for_selector("text=No applications are waiting.")
    sam.context.close()

    # Signed in again, Dana's token carries her new sponsor role.
    dana = _sign_in(browser, stack, "director", DESK)
    dana.click("a[href='#/sponsor']")
    dana.wait_for_selector("#add-training")
    dana.fill("#add-training input[name=title]", "Music & Movement <for toddlers>")
    dana.fill("#add-training input[name=hours]", "3")
    dana.select_option("#add-training select[name=competency_area]", "Learning Environments and Curriculum")
    dana.select_option("#add-training select[name=cda_subject_area]", "2")
    dana.click("#add-training button[type=submit]")
    _wait_until(dana, "document.querySelectorAll('#schedule option').length === 1")
    dana.reload()  # a settled page: no render still on its way to repaint the form being filled
    _wait_until(dana, "document.querySelectorAll('#schedule option').length === 1")
    start = datetime.now().replace(second=0, microsecond=0) + timedelta(minutes=20)  # the browser's local time
    dana.fill("#schedule input[name=starts_at]", start.strftime("%Y-%m-%dT%H:%M"))
    dana.fill("#schedule input[name=ends_at]", (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    dana.fill("#schedule input[name=capacity]", "3")
    dana.fill("#schedule input[name=county]", "Sacramento")
    dana.fill("#schedule input[name=place]", "Sunshine ELC, Room 2")
    dana.fill("#schedule input[name=withdraw_hours_before]", "0")
    dana.click("#schedule button[type=submit]")
    dana.wait_for_selector("[data-roster]")
    assert "Seats left: 3" in dana.inner_text("#sponsor-events")
    _check_page_quality(dana, "sponsor-desk-1440", artifacts_dir)

    # Four people enrol: Ana on her phone, Ben and Chloe, then a newcomer who is waitlisted.
    ana = _sign_in(browser, stack, "participant", PHONE)
    ana.click("a[href='#/training']")
    ana.wait_for_selector("#calendar-search")
    # The page has finished its first (unfiltered) search before the person types theirs.
    _wait_until(ana, "document.querySelector('#calendar')?.dataset.query !== undefined")
    ana.fill("input[name=q]", "music")
    ana.click("#calendar-search button[type=submit]")
    _wait_until(ana, "document.querySelector('#calendar')?.dataset.query === 'q=music'")
    ana.wait_for_selector("#calendar [data-enrol]")
    assert ana.inner_text("#calendar h3") == "Music & Movement <for toddlers>"  # typed text shown as text
    event_id = ana.get_attribute("#calendar [data-enrol]", "data-enrol")
    ana.click("#calendar [data-enrol]")
    ana.wait_for_selector("#my-events [data-withdraw]")
    assert "Enrolled" in ana.inner_text("#my-events")
    _check_page_quality(ana, "participant-training-375", artifacts_dir)
    from chalicelib.local.oauth_client import sign_in

    tokens = {"ben.okafor@example.org": sign_in(stack.api, "ben.okafor@example.org",
                                                stack.description["password"])["access_token"]}
    ben_enrolled = requests.post(f"{stack.api}/v1/training-events/{event_id}/enrollments", json={}, timeout=10,
                                 headers={"Authorization": f"Bearer {tokens['ben.okafor@example.org']}"})
    assert ben_enrolled.json()["status"] == "enrolled"
    # Dana enrols Chloe, who is on her staff, from the same calendar.
    dana.goto(f"{stack.api}/app#/training")
    dana.wait_for_selector("#calendar-search")
    # The page has finished its first (unfiltered) search before the person types theirs.
    _wait_until(dana, "document.querySelector('#calendar')?.dataset.query !== undefined")
    dana.fill("input[name=q]", "music")
    dana.click("#calendar-search button[type=submit]")
    # The calendar answering this search, not the unfiltered one the page loaded with.
    _wait_until(dana, "document.querySelector('#calendar')?.dataset.query === 'q=music'")
    dana.wait_for_selector(f"[data-staff-for='{event_id}']")
    chloe_id = dana.evaluate(f"[...document.querySelector(\"[data-staff-for='{event_id}']\").options]"
                             ".find(o => o.textContent.startsWith('Chloe')).value")
    dana.select_option(f"[data-staff-for='{event_id}']", chloe_id)
    dana.click(f"[data-enrol-staff='{event_id}']")
    # Said beside the button, in the card's status region (announced by screen readers).
    _wait_until(dana, f"document.querySelector(\"[data-enrol-status='{event_id}']\").textContent"
                      ".startsWith('Enrolled: Chloe')")
    newcomer = "noor.haddad@example.org"
    tokens[newcomer] = sign_up(stack, newcomer, "a-newcomer-pass-7")["access_token"]
    assert requests.post(f"{stack.api}/v1/me", headers={"Authorization": f"Bearer {tokens[newcomer]}"}, timeout=10,
                         json={"legal_first_name": "Noor", "legal_last_name": "Haddad"}).status_code == 201
    noor = requests.post(f"{stack.api}/v1/training-events/{event_id}/enrollments", json={}, timeout=10,
                         headers={"Authorization": f"Bearer {tokens[newcomer]}"})
    assert noor.json()["status"] == "waitlisted"  # three seats taken: Ana, Ben, Chloe
    dana.goto(f"{stack.api}/app#/sponsor")
    dana.wait_for_selector("[data-roster]")
    withdrawn = requests.delete(f"{stack.api}/v1/training-events/{event_id}/enrollments/me", timeout=10,
                                headers={"Authorization": f"Bearer {tokens['ben.okafor@example.org']}"})
    assert withdrawn.status_code == 200
    deadline = time.monotonic() + 60
    moved_up: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not moved_up:
        moved_up = [m for m in stack.get("/v1/local/outbox", "staff").json()["items"]
                    if m["to"] == newcomer and m["subject"].startswith("A seat opened")]
        time.sleep(0.5)
    assert moved_up and moved_up[0]["attachments"] == ["training.ics"]

    # Dana marks attendance as people arrive: Ana and Noor came, Chloe did not.
    dana.reload()
    dana.click(f"[data-roster='{event_id}']")
    dana.wait_for_selector("[data-attend]")
    rows = dana.locator("table tbody tr")
    for n in range(rows.count()):
        row = rows.nth(n)
        if row.locator("[data-attend]").count() and "Chloe" in row.inner_text():
            row.locator("[data-attend]").uncheck()
        elif row.locator("[data-attend]").count():
            row.locator("[data-attend]").check()
    dana.click("[data-save-attendance]")
    _wait_until(dana, "document.querySelectorAll('[data-attend]:disabled').length === 2")

    # The hours are on Ana's record, her E&T report and Dana's staff report.
    report = requests.get(f"{stack.api}/v1/me/reports/education-training", timeout=30,
                          headers={**stack.token("participant"), "Accept": "application/pdf"})
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.content)).pages).split())
    assert "Music & Movement <for toddlers>" in text
    staff_report = requests.get(f"{stack.api}/v1/programs/{stack.description['program_id']}/reports/"
                                "staff-verification?format=json&accreditor=naeyc", timeout=30,
                                headers={"Authorization": f"Bearer {_fresh_token(stack, director['email'])}",
                                         "Accept": "application/json"}).json()
    assert "Learning Environments and Curriculum" in json.dumps(staff_report)

    # Ana answers the survey on her phone.
    ana.reload()
    ana.wait_for_selector("form[data-survey]")
    for question in ("useful", "presenter", "recommend"):
        ana.select_option(f"form[data-survey] select[name={question}]", "5")
    ana.fill("form[data-survey] textarea[name=comment]", "Loved the songs")
    ana.click("form[data-survey] button[type=submit]")
    _wait_until(ana, "!document.querySelector('form[data-survey]')")
    ana.context.close()

    # The sponsor's Excel report holds her answer back, even its count, until the survey closes; nowhere names her.
    sponsor_id = requests.get(f"{stack.api}/v1/me/sponsors", timeout=10, headers={
        "Authorization": f"Bearer {_fresh_token(stack, director['email'])}"}).json()["items"][0]["sponsor_id"]
    workbook = requests.get(f"{stack.api}/v1/sponsors/{sponsor_id}/reports/training", timeout=30, headers={
        "Authorization": f"Bearer {_fresh_token(stack, director['email'])}", "Accept": "*/*"})
    book = load_workbook(io.BytesIO(workbook.content))
    feedback = list(book["Feedback"].iter_rows(values_only=True))
    assert str(feedback[1][2]).startswith("when the survey closes on ")  # not "1": nothing to subtract
    assert feedback[1][3] == feedback[1][2]
    everything = " ".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    assert "Ana" not in everything and "Reyes" not in everything and "Loved the songs" not in everything
    (artifacts_dir / "sponsor-training-report.xlsx").write_bytes(workbook.content)
    dana.context.close()


def _fresh_token(stack: Stack, email: str) -> str:
    from chalicelib.local.oauth_client import sign_in

    return str(sign_in(stack.api, email, stack.description["password"])["access_token"])


def _uploaded_and_read(stack: Stack, path: Path, doc_type: str, content_type: str) -> str:
    import requests

    started = stack.post("/v1/documents", "participant", {"doc_type": doc_type, "file_name": path.name,
                                                          "content_type": content_type, "size": path.stat().st_size})
    assert started.status_code == 201, started.text
    upload = started.json()["upload"]
    requests.post(upload["url"], data=upload["fields"], files={"file": (path.name, path.read_bytes(), content_type)},
                  timeout=60)
    document_id = str(started.json()["document_id"])
    truth = json.loads(path.with_suffix(".json").read_text())
    stack.read_and_send(document_id, problems_for(truth))
    return document_id


def test_a_participant_disputes_a_grade_and_staff_correct_it(browser: Any, stack: Stack, corpus: Path,
                                                             artifacts_dir: Path) -> None:
    transcript = _uploaded_and_read(stack, corpus / "dev" / "transcript-f2-0-digital.pdf", "transcript",
                                    "application/pdf")
    detail = stack.get(f"/v1/review/{transcript}", "staff").json()
    verified = stack.post(f"/v1/review/{transcript}/decision", "staff", {
        "decision": "verify", "fields": detail["fields"], "version": detail["version"],
        "name_mismatch_reason": "Corpus transcript with an invented name."})
    assert verified.status_code == 200, verified.text
    courses = [r for r in stack.get("/v1/me/records", "participant").json()["items"]
               if r["kind"] == "course" and r["source_document_id"] == transcript]
    target = courses[0]
    new_grade = "A" if target["data"]["grade"] != "A" else "B"

    phone = _sign_in(browser, stack, "participant", PHONE)
    phone.goto(f"{stack.api}/app#/records")
    phone.locator("#pathway").wait_for()
    assert "Child Development Permit" in phone.inner_text("#pathway")  # the next level and what it needs
    card = phone.locator(f"[data-record='{target['record_id']}']")
    card.locator("[data-dispute]").click()
    card.locator("textarea[name=message]").fill(f"My grade in {target['data']['code']} was {new_grade}.")
    card.locator("button[type=submit]").click()
    phone.locator(f"[data-record='{target['record_id']}'] >> text=Waiting for registry staff").wait_for()
    _check_page_quality(phone, "participant-records-375", artifacts_dir)

    desk = _sign_in(browser, stack, "staff", DESK)
    desk.goto(f"{stack.api}/app#/disputes")
    desk.click("a[href^=\"#/dispute/\"]")
    desk.wait_for_selector("#dispute-message")
    assert target["data"]["code"] in desk.inner_text("#dispute-message")
    _check_page_quality(desk, "staff-dispute-1440", artifacts_dir)
    desk.fill("#correction input[name=grade]", new_grade)
    desk.fill("#answer-reason", f"The transcript shows {new_grade}; the record was read wrong.")
    answers: list[Any] = []
    desk.on("response", lambda r: answers.append((r.status, r.text())) if r.url.endswith("/answer") else None)
    desk.click("#answer-correct")
    try:
        _wait_until(desk, "location.hash === '#/disputes'")
    except AssertionError as exc:
        raise AssertionError(f"the correction was not saved: {answers} {desk.errors}") from exc

    phone.reload()
    phone.locator(f"[data-record='{target['record_id']}']").wait_for()
    assert f"· {new_grade}" in phone.inner_text(f"[data-record='{target['record_id']}']")
    assert "Corrected" in phone.inner_text("main")
    assert not phone.errors and not desk.errors, phone.errors + desk.errors
    phone.context.close()
    desk.context.close()


def test_staff_review_two_documents_in_a_row_and_each_posts_one_decision(browser: Any, stack: Stack, corpus: Path,
                                                                        artifacts_dir: Path) -> None:
    first = _uploaded_and_read(stack, corpus / "dev" / "cda_credential-f2-1-scan.pdf", "cda_credential",
                               "application/pdf")
    second = _uploaded_and_read(stack, corpus / "dev" / "training_certificate-f2-1-phone.jpg",
                                "training_certificate", "image/jpeg")
    page = _sign_in(browser, stack, "staff", DESK)
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" and r.url.endswith("/decision") else None)
    for document_id in (first, second):
        page.goto(f"{stack.api}/app#/review/{document_id}")
        # The first decision moves on to the next document in the queue by itself, which may be this one: until
        # its view has replaced the last one, #decision and the focused field are still the last document's.
        page.wait_for_selector(f"#decision[data-document='{document_id}']")
        _wait_until(page, "!!document.activeElement.dataset.field && document.activeElement.closest('#decision')"
                          f".dataset.document === '{document_id}'")
        page.select_option("#template", index=1)
        page.click("#resubmit")
        _wait_until(page, f"!location.hash.endsWith('{document_id}')")
    assert [u.rsplit("/", 2)[1] for u in posted] == [first, second]  # one decision each, no stacked handlers
    for document_id in (first, second):
        assert stack.get(f"/v1/documents/{document_id}", "participant").json()["status"] == "resubmission_requested"
    assert not page.errors, page.errors
    page.context.close()


def test_a_participant_fills_in_the_portfolio_on_a_phone(browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    page = _sign_in(browser, stack, "participant", PHONE)
    page.goto(f"{stack.api}/app#/profile")
    page.wait_for_selector("#demographics")
    page.select_option("#demographics select[name=gender]", "prefer_not_to_say")
    page.select_option("#demographics select[name=primary_language]", "es")
    page.check("#demographics input[name=race_ethnicity][value=asian]")
    page.click("#demographics button[type=submit]")
    page.select_option("#education select[name=education_level]", "bachelor")
    page.fill("#education input[name=institution]", "Universidad <b>de</b> Guadalajara")
    page.click("#education button[type=submit]")
    _check_page_quality(page, "participant-profile-375", artifacts_dir)
    import time

    deadline = time.monotonic() + 20
    me: dict[str, Any] = {}
    while time.monotonic() < deadline:
        me = stack.get("/v1/me", "participant").json()
        if me.get("self_reported_education") and (me.get("demographics") or {}).get("gender"):
            break
        time.sleep(0.3)
    assert me["demographics"] == {"gender": "prefer_not_to_say", "primary_language": "es", "race_ethnicity": ["asian"]}
    assert me["self_reported_education"] == [{"level": "bachelor", "institution": "Universidad <b>de</b> Guadalajara"}]
    page.reload()
    page.wait_for_selector("#education")
    # What the participant typed comes back as text, never as markup.
    assert page.input_value("#education input[name=institution]") == "Universidad <b>de</b> Guadalajara"
    assert page.locator("#education b").count() == 0

    page.goto(f"{stack.api}/app#/employment")
    page.wait_for_selector("#position")
    page.select_option("#position-program", "")
    page.fill("#position input[name=employer_name]", "Little Stars Family Child Care")
    page.fill("#position input[name=role]", "Assistant")
    page.fill("#position input[name=start_date]", "2012-01-09")
    page.fill("#position input[name=end_date]", "2015-06-30")
    page.click("#position button[type=submit]")
    page.wait_for_selector("text=Little Stars Family Child Care")
    assert not page.errors, page.errors
    page.context.close()


def test_a_director_posts_an_opening_and_a_participant_on_a_phone_finds_it_and_applies(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    from datetime import date, timedelta

    director = _sign_in(browser, stack, "director", DESK)
    director.wait_for_selector("#post-job")
    director.fill("#post-job input[name=title]", "Infant room teacher <i>now</i>")
    director.select_option("#post-job select[name=role]", "teacher")
    director.fill("#post-job input[name=county]", "Sacramento")
    director.fill("#post-job input[name=pay_low]", "21")
    director.fill("#post-job input[name=pay_high]", "24.5")
    director.fill("#post-job input[name=closes_on]", (date.today() + timedelta(days=20)).isoformat())
    director.click("#post-job button[type=submit]")
    director.wait_for_selector("[data-program-job]")

    page = _sign_in(browser, stack, "participant", PHONE)
    page.goto(f"{stack.api}/app#/jobs")
    page.wait_for_selector("#job-search")
    page.fill("#job-search input[name=county]", "sacramento")
    page.fill("#job-search input[name=min_hourly_pay]", "22")
    page.click("#job-search button[type=submit]")
    # The list painted by this search, not the page's first (unfiltered) one still on screen.
    page.wait_for_selector('#jobs[data-query*="min_hourly_pay=22"]')
    card = page.locator("[data-job]", has_text="Infant room teacher")
    card.wait_for()
    assert card.locator("i").count() == 0  # the director's text is shown as text
    assert "Sunshine Early Learning Center" in card.inner_text() and "Licensed program" in card.inner_text()
    card.locator("[data-apply]").click()
    card.locator("textarea[name=message]").fill("Six years with infants; CPR certified.")
    card.locator("button[type=submit]").click()
    page.wait_for_selector("#my-applications li")
    assert "Infant room teacher" in page.inner_text("#my-applications")
    _check_page_quality(page, "participant-jobs-375", artifacts_dir)
    # A search the registry refuses is explained in the language of the page, and the list stays.
    page.select_option("#lang", "es")
    page.wait_for_selector("#job-search button:has-text('Buscar')")
    assert "Tiempo completo · Maestro" in page.locator("[data-job]", has_text="Infant room teacher").inner_text()
    page.fill("#job-search input[name=county]", "Narnia")
    page.click("#job-search button[type=submit]")
    page.wait_for_selector("#toast:has-text('Narnia')")
    assert page.inner_text("#toast") == "'Narnia' no es un condado de California."
    assert page.locator("[data-job]", has_text="Infant room teacher").count() == 1
    page.select_option("#lang", "en")
    # Chromium logs the refused request itself; nothing else may go wrong.
    assert [e for e in page.errors if "status of 422" not in e] == [], page.errors
    page.context.close()

    director.reload()
    director.wait_for_selector("[data-applications]")
    director.click("[data-applications]")
    director.wait_for_selector("#applications article")
    shown = director.inner_text("#applications")
    assert "Six years with infants; CPR certified." in shown and "Education & Training report" in shown
    assert not director.errors, director.errors
    director.context.close()


def test_a_participant_is_told_why_she_is_not_eligible_for_a_stipend_then_applies_and_reads_spanish(
        browser: Any, stack: Stack, corpus: Path, artifacts_dir: Path) -> None:

    page = _sign_in(browser, stack, "participant", PHONE)
    page.goto(f"{stack.api}/app#/stipends")
    page.click("[data-check]")
    page.wait_for_selector("[data-eligibility] ul.rules")
    assert "You are not eligible yet" in page.inner_text("[data-eligibility]")
    unmet = page.inner_text("[data-eligibility] li.unmet")
    assert "Needs 3 early childhood education units in terms between 2026-01-01 and 2026-12-31" in unmet
    assert page.locator("[data-stipend-form]").count() == 0

    # Staff verify a transcript with coursework this year; the same page now says she qualifies.
    path = corpus / "dev" / "transcript-f2-1-digital.pdf"
    document_id = _uploaded_and_read(stack, path, "transcript", "application/pdf")
    truth = json.loads(path.with_suffix(".json").read_text())
    detail = stack.get(f"/v1/review/{document_id}", "staff").json()
    courses = [{**c, "term": "Spring 2026"} for c in truth["courses"]]
    decided = stack.post(f"/v1/review/{document_id}/decision", "staff", {
        "decision": "verify", "version": detail["version"],
        "fields": {"person_name": truth["person_name"], "institution": truth["institution"], "courses": courses,
                   "degrees": truth["degrees"]},
        "name_mismatch_reason": "Corpus sample with an invented name, uploaded by the demo participant."})
    assert decided.status_code == 200, decided.text
    page.reload()
    page.click("[data-check]")
    page.wait_for_selector("[data-stipend-form]")
    assert "You are eligible." in page.inner_text("[data-eligibility]")
    page.fill("[data-stipend-form] input[name=tax_id]", "536-22-8841")
    page.click("[data-stipend-form] button[type=submit]")
    page.wait_for_selector("#my-stipends li")
    assert "Application received" in page.inner_text("#my-stipends")
    _check_page_quality(page, "participant-stipends-375", artifacts_dir)

    # She reads Spanish: the pages follow the language she picks, her documents her preferred language.
    assert stack.patch("/v1/me", "participant", {"preferred_language": "es"}).status_code == 200
    page.select_option("#lang", "es")
    page.goto(f"{stack.api}/app#/profile")
    page.wait_for_selector("#dl-et")
    assert "Estipendios" in page.inner_text("#nav")
    text = _downloaded_pdf_text(page, "#dl-et", artifacts_dir / "education-training-es.pdf")
    assert "InformedeEducaciónyCapacitación" in text and "Cursosuniversitarios" in text
    # And in Chinese: the page, and her documents once Chinese is her preferred language (names drawn, not blank).
    assert stack.patch("/v1/me", "participant", {"preferred_language": "zh"}).status_code == 200
    page.select_option("#lang", "zh")
    page.wait_for_selector("text=我的文件")
    page.wait_for_selector("#dl-et:has-text('教育與培訓報告')")  # the profile page redrawn in Chinese
    text = _downloaded_pdf_text(page, "#dl-et", artifacts_dir / "education-training-zh.pdf")
    assert "教育與培訓報告" in text and "大學課程" in text
    assert stack.patch("/v1/me", "participant", {"preferred_language": "en"}).status_code == 200
    page.select_option("#lang", "en")
    assert not page.errors, page.errors
    page.context.close()


def test_staff_see_processing_times_backlog_and_participation(browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    page = _sign_in(browser, stack, "staff", DESK)
    page.goto(f"{stack.api}/app#/dashboard")
    page.wait_for_selector("#participation")
    assert "Time from upload to decision" in page.inner_text("#turnaround")
    assert "Waiting for staff" in page.inner_text("#backlog")
    assert page.locator("#facilities-import").count() == 0  # importing the state's list is for administrators
    _check_page_quality(page, "staff-dashboard-1440", artifacts_dir)
    page.context.close()


def test_a_scanned_report_and_card_open_pages_that_say_they_are_authentic_then_superseded(
        browser: Any, stack: Stack, corpus: Path, artifacts_dir: Path) -> None:
    """A director who scans an E&T report's QR code, with no sign-in, reads in Spanish that the registry issued
    it; the copy in hand checks as unchanged; after staff correct a record it shows, the same page says it was
    superseded. The card's code opens the membership check with its last-name form."""
    from pypdf import PdfReader

    permit = _uploaded_and_read(stack, corpus / "dev" / "permit-f1-0-digital.pdf", "permit", "application/pdf")
    detail = stack.get(f"/v1/review/{permit}", "staff").json()
    verified = stack.post(f"/v1/review/{permit}/decision", "staff", {
        "decision": "verify", "fields": detail["fields"], "version": detail["version"],
        "name_mismatch_reason": "Corpus permit with an invented name."})
    assert verified.status_code == 200, verified.text
    report = stack.get("/v1/me/reports/education-training", "participant")
    assert report.status_code == 200, report.text
    saved = artifacts_dir / "checked-report.pdf"
    saved.write_bytes(report.content)
    text = "".join("".join(p.extract_text() for p in PdfReader(str(saved)).pages).split())
    url = f"{stack.api}/app#/check/report/{report.headers['X-Report-Id']}"
    assert url in text  # printed beside the QR code, which carries the same address

    context = browser.new_context(viewport=PHONE, locale="es-ES")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    verdict = page.locator("#check-verdict[data-verdict='current']")
    verdict.wait_for()
    assert verdict.inner_text().startswith("Auténtico: el registro emitió este informe")
    page.set_input_files("#check-file input[name=file]", str(saved))
    page.click("#check-file button[type=submit]")
    page.locator("#file-verdict", has_text="Este archivo es el informe sin cambios").wait_for()
    _check_page_quality(page, "check-report-es-375", artifacts_dir)

    record = next(r for r in stack.get("/v1/me/records", "participant").json()["items"]
                  if r["source_document_id"] == permit and r["kind"] == "permit")
    amended = stack.post(f"/v1/review/people/{stack.user('participant')}/records/{record['record_id']}", "staff",
                         {"action": "amend", "reason": "The permit number was read with a letter missing.",
                          "data": {**record["data"], "document_number": f"{record['data']['document_number']}9"}})
    assert amended.status_code == 200, amended.text
    page.reload()
    superseded = page.locator("#check-verdict[data-verdict='superseded']")
    superseded.wait_for()
    assert "reemplazado" in superseded.inner_text()

    registry_id = stack.get("/v1/me", "participant").json()["registry_id"]
    card_url = f"{stack.api}/app#/check/card/{registry_id}"
    page.goto(card_url)
    page.locator("#card-verdict[data-verdict='active']").wait_for()
    assert "Miembro activo" in page.inner_text("#card-verdict")
    last_name = stack.get("/v1/me", "participant").json()["legal_last_name"]
    page.fill("#check-name input[name=last_name]", last_name)
    page.click("#check-name button[type=submit]")
    page.locator("#name-verdict", has_text="El nombre coincide").wait_for()
    _check_page_quality(page, "check-card-es-375", artifacts_dir)
    assert page.errors == []
    context.close()
