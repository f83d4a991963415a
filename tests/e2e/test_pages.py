"""Pages for what used to be reachable only through the API (issue 25): each walked in a browser by the person
who uses it, from the registry's own pages and the emails it sends."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Stack, sign_up
from tests.e2e.test_browser import (
    DESK,
    PHONE,
    _check_page_quality,
    _fresh_token,
    _new_page,
    _sign_in,
    _wait_until,
    browser,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
__all__ = ["browser"]  # the module's browser fixture, shared

NEW_PASSWORD = "Chosen-password-2026"


def _outbox_to(stack: Stack, email: str) -> list[dict[str, Any]]:
    return [m for m in stack.get("/v1/local/outbox", "staff").json()["items"] if m["to"] == email]


def _sign_in_as(browser: Any, stack: Stack, email: str, password: str, viewport: dict[str, int],
                start: str = "/app") -> Any:
    """A person who is not one of the demo people signs in from the registry's page; a temporary password
    (an account an administrator opened) is replaced on the way, as Cognito asks."""
    page = _new_page(browser, stack, viewport, start)
    page.click("#signin-button")
    page.wait_for_selector("input#username")
    page.fill("input#username", email)
    page.fill("input#password", password)
    page.click("button[type=submit]")
    if page.wait_for_selector("#nav a, h1:has-text('Choose your password')").inner_text() == "Choose your password":
        page.fill("input#password", NEW_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("#nav a")
    return page


def test_an_admin_opens_accounts_and_makes_a_participant_a_director_from_pages(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    rosa = "rosa.fuentes@example.org"
    sign_up(stack, rosa, "Rosa-own-password-1")  # a participant who signed up herself

    alex = _sign_in(browser, stack, "admin", DESK)
    alex.click("a[href='#/people']")
    alex.wait_for_selector("#new-account")
    opened = [("sol.agency@example.org", "Sol Training Agency", "sponsor"),
              ("dora.diaz@example.org", "Dora Diaz", "director"),
              ("stan.ortiz@example.org", "Stan Ortiz", "staff")]
    for email, name, role in opened:
        alex.fill("#new-account input[name=email]", email)
        alex.fill("#new-account input[name=display_name]", name)
        alex.select_option("#new-account select[name=role]", role)
        alex.click("#new-account button[type=submit]")
        _wait_until(alex, f"document.querySelector('#new-account-status').textContent.includes('{email}')")
    assert "temporary password" in alex.inner_text("#new-account-status")

    alex.fill("#find-person input[name=email]", rosa)
    alex.click("#find-person button[type=submit]")
    alex.wait_for_selector("[data-give=director]")
    assert alex.inner_text("[data-role]") == "Participant"
    alex.click("[data-give=director]")
    alex.wait_for_selector("[data-take=director]")
    assert "Program director role given." in alex.inner_text("#person")
    _check_page_quality(alex, "admin-people-1440", artifacts_dir)
    # An administrator cannot change their own roles from the page either.
    alex.fill("#find-person input[name=email]", stack.description["users"]["admin"]["email"])
    alex.click("#find-person button[type=submit]")
    alex.wait_for_selector("[data-take=admin]")
    alex.click("[data-take=admin]")
    alex.wait_for_selector("#person .reason")
    assert "Nobody decides about themselves" in alex.inner_text("#person .reason")
    alex.context.close()

    # Each opened account is in its group, and its person got the temporary password by email.
    for email, _, role in opened:
        found = stack.post("/v1/admin/people/find", "admin", {"email": email}).json()
        assert found["roles"] == [role], found
        [mail] = _outbox_to(stack, email)
        assert "temporary password" in mail["body"]
    assert stack.post("/v1/admin/people/find", "admin", {"email": rosa}).json()["roles"] == ["director",
                                                                                              "participant"]

    # Stan signs in with the emailed temporary password, chooses his own, and lands on the review queue.
    temporary = re.search(r"temporary password (\S+)", _outbox_to(stack, "stan.ortiz@example.org")[0]["body"])
    assert temporary is not None
    stan = _sign_in_as(browser, stack, "stan.ortiz@example.org", temporary.group(1), DESK)
    stan.wait_for_selector("a[href='#/queue']")
    assert "#/queue" in stan.url
    stan.context.close()

    # Rosa, signed in again, has a director's page beside her own (no program yet: she asks staff for one).
    rosa_page = _sign_in_as(browser, stack, rosa, "Rosa-own-password-1", PHONE)
    rosa_page.click("a[href='#/roster']")
    rosa_page.wait_for_selector("text=No program yet")
    # She finds her program by name and asks to direct it; the request waits for staff.
    rosa_page.fill("#ask-search input[name=q]", "Maple")
    rosa_page.click("#ask-search button[type=submit]")
    rosa_page.click("[data-ask='prog-maple']")
    _wait_until(rosa_page, "document.querySelector('#ask-status').textContent.includes('Asked')")
    rosa_page.context.close()
    rosa_id = stack.post("/v1/admin/people/find", "admin", {"email": rosa}).json()["user_id"]
    waiting = stack.get("/v1/director-requests", "staff").json()["items"]
    assert ("prog-maple", rosa_id) in [(w["program_id"], w["user_id"]) for w in waiting]


def _program(stack: Stack, name: str, license_number: str) -> str:
    made = stack.post("/v1/programs", "staff", {
        "name": name, "license_number": license_number, "program_type": "center",
        "address": {"line1": "1 Oak St", "city": "Fresno", "county": "Fresno", "state": "CA", "postal_code": "93701"}})
    assert made.status_code == 201, made.text
    return str(made.json()["program_id"])


def test_a_director_of_two_programs_invites_a_person_whose_link_opens_the_right_program(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    second = _program(stack, "Oak Street Children's Center", "109900123")
    director = stack.user("director")
    assert stack.post(f"/v1/programs/{second}/director-requests", "director", {}).status_code == 200
    decided = stack.post(f"/v1/programs/{second}/director-requests/{director}/decision", "staff",
                         {"decision": "confirm"})
    assert decided.status_code == 200, decided.text

    dana = _sign_in(browser, stack, "director", DESK)
    dana.click("a[href='#/roster']")
    dana.wait_for_selector("#program-choice")
    dana.select_option("#program-choice", second)
    dana.click("#program-switch button[type=submit]")
    dana.wait_for_selector("h1:has-text(\"Oak Street Children's Center\")")
    dana.reload()  # a settled page (no render still on its way); the chosen program stays chosen
    dana.wait_for_selector("h1:has-text(\"Oak Street Children's Center\")")
    dana.fill("#invite-form input[name=email]", "nina.ruiz@example.org")
    dana.fill("#invite-form input[name=name]", "Nina")
    dana.click("#invite-form button[type=submit]")
    _wait_until(dana, "document.querySelector('#invite-status').textContent.includes('nina.ruiz@example.org')")
    _check_page_quality(dana, "director-two-programs-1440", artifacts_dir)
    # The director's page reads in Spanish too.
    dana.select_option("#lang", "es")
    dana.wait_for_selector("text=Invitar a una persona a inscribirse")
    dana.context.close()

    [mail] = _outbox_to(stack, "nina.ruiz@example.org")
    assert "Oak Street Children's Center" in mail["subject"]
    link = re.search(r"(https?://\S+/app\?invite=\S+)", mail["body"])
    assert link is not None and f"program={second}" in link.group(1), mail["body"]

    sign_up(stack, "nina.ruiz@example.org", "Nina-own-password-1")
    start = link.group(1).removeprefix(stack.api)
    nina = _sign_in_as(browser, stack, "nina.ruiz@example.org", "Nina-own-password-1", PHONE, start=start)
    nina.wait_for_selector("#invitation-note")
    assert "Oak Street Children's Center" in nina.inner_text("#invitation-note")
    assert nina.eval_on_selector("#position-program", "s => s.value") == second
    nina.fill("#position input[name=role]", "Assistant teacher")
    nina.fill("#position input[name=start_date]", "2026-11-02")
    nina.click("#position button[type=submit]")
    nina.wait_for_selector("[data-position]")
    assert nina.locator("#invitation-note").count() == 0  # the invitation is used
    _check_page_quality(nina, "invited-employment-375", artifacts_dir)
    nina.context.close()

    staff = stack.get(f"/v1/programs/{second}/positions", "director").json()["items"]
    assert [(p["role"], p["status"]) for p in staff] == [("Assistant teacher", "pending")]


def test_a_person_asks_to_teach_for_a_sponsor_and_its_manager_approves_from_the_sponsor_desk(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    applied = stack.post("/v1/sponsors", "director", {"name": "Valley Teaching Partners"})
    assert applied.status_code in (200, 201), applied.text
    sponsor_id = applied.json()["sponsor_id"]
    assert stack.post(f"/v1/sponsors/{sponsor_id}/decision", "staff", {"decision": "approve"}).status_code == 200

    ana = _sign_in(browser, stack, "participant", PHONE)
    ana.goto(f"{stack.api}/app#/training")
    ana.wait_for_selector(f"#teach-sponsor option[value='{sponsor_id}']", state="attached")
    ana.select_option("#teach-sponsor", sponsor_id)
    ana.fill("#teach textarea[name=bio]", "Fifteen years in infant-toddler rooms.")
    ana.click("#teach button[type=submit]")
    _wait_until(ana, "document.querySelector('#teach-status').textContent.includes('waiting')")
    ana.context.close()

    dana = _sign_in(browser, stack, "director", DESK)  # a fresh sign-in carries her sponsor role
    dana.goto(f"{stack.api}/app#/sponsor/{sponsor_id}")
    dana.wait_for_selector("[data-approve-instructor]")
    assert "waiting for the sponsor's decision" in dana.inner_text("#instructors")
    dana.click("[data-approve-instructor]")
    dana.wait_for_selector("#instructors li:has-text('instructor')")
    assert dana.locator("[data-approve-instructor]").count() == 0
    _check_page_quality(dana, "sponsor-instructors-1440", artifacts_dir)
    dana.context.close()

    import requests

    token = _fresh_token(stack, stack.description["users"]["director"]["email"])
    listed = requests.get(f"{stack.api}/v1/sponsors/{sponsor_id}/instructors", timeout=30,
                          headers={"Authorization": f"Bearer {token}"}).json()["items"]
    assert [(i["user_id"], i["status"]) for i in listed] == [(stack.user("participant"), "approved")]


def test_staff_add_a_program_approve_its_director_and_open_a_stipend_program_from_pages(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    sam = _sign_in(browser, stack, "staff", DESK)
    sam.click("a[href='#/programs']")
    sam.wait_for_selector("#new-program")
    for name, value in [("name", "Rio Vista Kids Center"), ("license_number", "345600789"), ("line1", "9 River Rd"),
                        ("city", "Rio Vista"), ("county", "Solano"), ("postal_code", "94571")]:
        sam.fill(f"#new-program input[name={name}]", value)
    sam.click("#new-program button[type=submit]")
    _wait_until(sam, "document.querySelector('#new-program-status').textContent.includes('Rio Vista Kids Center')")
    program_id = sam.inner_text("#new-program-status").split("(")[1].rstrip(").")

    # The demo director asks to direct it; the request waits on staff's page until someone decides.
    assert stack.post(f"/v1/programs/{program_id}/director-requests", "director", {}).status_code == 200
    sam.reload()
    sam.wait_for_selector(f"[data-approve-director='{program_id}/{stack.user('director')}']")
    assert "Rio Vista Kids Center" in sam.inner_text("#director-requests")
    sam.click(f"[data-approve-director='{program_id}/{stack.user('director')}']")
    sam.wait_for_selector(f"[data-approve-director='{program_id}/{stack.user('director')}']", state="detached")
    assert program_id in [p["program_id"] for p in stack.get("/v1/programs", "director").json()["items"]]
    _check_page_quality(sam, "staff-programs-1440", artifacts_dir)

    sam.click("a[href='#/stipend-admin']")
    sam.wait_for_selector("#new-stipend")
    for name, value in [("name", "Solano Retention Stipend <2027>"), ("county", "Solano"), ("amount", "1200"),
                        ("period_start", "2026-01-01"), ("period_end", "2026-12-31"), ("closes_on", "2027-01-31"),
                        ("position_counties", "Solano"), ("min_units", "3")]:
        sam.fill(f"#new-stipend input[name={name}]", value)
    sam.click("#new-stipend button[type=submit]")
    sam.wait_for_selector("text=Solano Retention Stipend <2027>")  # escaped, shown as typed
    opened = [s for s in stack.get("/v1/stipends", "participant").json()["items"] if s["county"] == "Solano"]
    assert [(s["amount"], [r["kind"] for r in s["rules"]]) for s in opened] == [
        (1200.0, ["position", "units_in_period"])]
    sam.click(f"[data-applications='{opened[0]['stipend_id']}']")
    sam.wait_for_selector("#applications h3")
    assert "0 applications" in sam.inner_text("#applications h3")
    _check_page_quality(sam, "staff-stipends-1440", artifacts_dir)
    sam.context.close()


def test_an_admin_lets_a_partner_in_and_rotates_its_secret_from_a_page(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    alex = _sign_in(browser, stack, "admin", DESK)
    alex.click("a[href='#/partners']")
    alex.wait_for_selector("#new-partner")
    alex.fill("#new-partner input[name=name]", "County QRIS consortium")
    alex.fill("#new-partner textarea[name=scopes]", f"program:{stack.description['program_id']}")
    alex.click("#new-partner button[type=submit]")
    alex.wait_for_selector("#client-secret")
    secret = alex.inner_text("#client-secret")
    assert "County QRIS consortium" in alex.inner_text("#partners table")
    alex.click("[data-rotate]:right-of(:text('County QRIS consortium'))")
    alex.wait_for_selector("text=previous secret works until")
    assert alex.inner_text("#client-secret") != secret
    _check_page_quality(alex, "admin-partners-1440", artifacts_dir)
    alex.context.close()


def test_a_participant_downloads_her_data_and_closes_her_profile_on_a_phone(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    import json

    email = "lena.closing@example.org"
    tokens = sign_up(stack, email, "Lena-own-password-1")
    import requests

    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    enrolled = requests.post(f"{stack.api}/v1/me", timeout=30, headers=headers,
                             json={"legal_first_name": "Lena", "legal_last_name": "Marsh"})
    assert enrolled.status_code == 201, enrolled.text
    lena = _sign_in_as(browser, stack, email, "Lena-own-password-1", PHONE)
    lena.goto(f"{stack.api}/app#/profile")
    lena.wait_for_selector("#dl-export")
    with lena.expect_download() as info:
        lena.click("#dl-export")
    saved = artifacts_dir / "my-data.json"
    info.value.save_as(str(saved))
    assert json.loads(saved.read_text())["profile"]["legal_last_name"] == "Marsh"
    _check_page_quality(lena, "profile-my-data-375", artifacts_dir)
    lena.fill("#close-profile input[name=confirm]", "close it")
    lena.click("#close-profile button[type=submit]")
    _wait_until(lena, "document.querySelector('#close-status').textContent.length > 0")
    assert "exactly" in lena.inner_text("#close-status")  # nothing closed on a mistyped word
    lena.fill("#close-profile input[name=confirm]", "CLOSE")
    lena.click("#close-profile button[type=submit]")
    _wait_until(lena, "document.querySelector('#close-status').textContent.includes('closed')")
    lena.context.close()
    gone = requests.get(f"{stack.api}/v1/me", timeout=30, headers=headers)
    assert gone.status_code in (401, 404), gone.text


def _toast_after_click(page: Any, selector: str) -> str:
    """What the toast says after a click. It is emptied first: the toast of the step before ("Published.") stays
    up for four seconds, and waiting for any toast once let the next request go before this one was saved."""
    page.evaluate("document.querySelector('#toast').textContent = ''")
    page.click(selector)
    _wait_until(page, "document.querySelector('#toast').textContent.length > 0")
    return str(page.evaluate("document.querySelector('#toast').textContent"))


def test_a_sponsor_edits_its_catalogue_keeps_an_event_as_a_draft_names_a_contact_and_invites_a_manager(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    from datetime import datetime, timedelta

    applied = stack.post("/v1/sponsors", "director", {"name": "Delta Early Learning Institute"})
    sponsor_id = applied.json()["sponsor_id"]
    assert stack.post(f"/v1/sponsors/{sponsor_id}/decision", "staff", {"decision": "approve"}).status_code == 200

    dana = _sign_in(browser, stack, "director", DESK)
    dana.goto(f"{stack.api}/app#/sponsor/{sponsor_id}")
    dana.wait_for_selector("#sponsor-contact")
    dana.fill("#sponsor-contact input[name=name]", "Marisol Vega")
    dana.fill("#sponsor-contact input[name=email]", "training@delta-eli.example")
    assert _toast_after_click(dana, "#sponsor-contact button[type=submit]") == "Saved."

    dana.fill("#add-training input[name=title]", "Outdoor Play")
    dana.fill("#add-training input[name=hours]", "2")
    dana.click("#add-training button[type=submit]")
    dana.wait_for_selector("[data-edit-training]")
    dana.reload()
    dana.wait_for_selector("[data-edit-training]")
    dana.click("[data-edit-training]")
    dana.fill("#add-training input[name=title]", "Outdoor Play and Risk")
    dana.click("#add-training button[type=submit]")
    dana.wait_for_selector("li:has-text('Outdoor Play and Risk')")
    dana.reload()
    _wait_until(dana, "document.querySelectorAll('#schedule option').length === 1")
    start = datetime.now().replace(second=0, microsecond=0) + timedelta(days=3)
    dana.fill("#schedule input[name=starts_at]", start.strftime("%Y-%m-%dT%H:%M"))
    dana.fill("#schedule input[name=ends_at]", (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    dana.fill("#schedule input[name=county]", "San Joaquin")
    dana.fill("#schedule input[name=place]", "Delta ELI Yard")
    dana.check("#schedule input[name=draft]")
    dana.click("#schedule button[type=submit]")
    dana.wait_for_selector("[data-publish]")

    def on_calendar() -> list[dict[str, Any]]:
        found = stack.get("/v1/training-calendar?county=San%20Joaquin").json()["items"]
        return [e for e in found if e["title"] == "Outdoor Play and Risk"]

    assert on_calendar() == []  # a draft is on no calendar
    dana.click("[data-publish]")
    dana.wait_for_selector("#sponsor-events:not(:has([data-publish]))")
    [listed] = on_calendar()
    assert listed["contact"] == {"name": "Marisol Vega", "email": "training@delta-eli.example", "phone": None}

    # The state report: its codes once, then the period's events as rows with their organisational code.
    dana.fill("#state-codes input[name=vendor_number]", "DELTA7")
    dana.fill("#state-codes input[name=program_letter]", "C")
    assert _toast_after_click(dana, "#state-codes button[type=submit]") == "Saved."
    dana.fill("#dspr input[name=from]", start.strftime("%Y-%m-%d"))
    dana.fill("#dspr input[name=to]", (start + timedelta(days=30)).strftime("%Y-%m-%d"))
    with dana.expect_download() as info:
        dana.click("#dspr button[type=submit]")
    saved = artifacts_dir / "direct-service-profile.xlsx"
    info.value.save_as(str(saved))
    from openpyxl import load_workbook

    rows = list(load_workbook(saved)["DSPR"].iter_rows(values_only=True))
    assert [(r[0], r[1], r[5]) for r in rows[1:]] == [("DELTA739C100", "Outdoor Play and Risk", 0)]
    dana.fill("#invite-manager input[name=email]", stack.description["users"]["participant"]["email"])
    dana.click("#invite-manager button[type=submit]")
    _wait_until(dana, "document.querySelector('#invite-manager-status').textContent.includes('@')")
    assert "Invitation waiting" in dana.inner_text("#invite-manager-status")
    _check_page_quality(dana, "sponsor-desk-editing-1440", artifacts_dir)
    dana.context.close()

    ana = _sign_in(browser, stack, "participant", PHONE)
    ana.goto(f"{stack.api}/app#/training")
    ana.wait_for_selector(f"[data-accept-manage='{sponsor_id}']")
    ana.click(f"[data-accept-manage='{sponsor_id}']")
    ana.wait_for_selector(f"[data-accept-manage='{sponsor_id}']", state="detached")
    # She saves the new training to decide later: it is kept in her Saved trainings, with no seat taken.
    ana.fill("#calendar-search input[name=county]", "San Joaquin")
    ana.click("#calendar-search button[type=submit]")
    card = ana.locator("#calendar article", has_text="Outdoor Play and Risk")
    card.locator("[data-save]").click()
    ana.wait_for_selector("#saved-events article:has-text('Outdoor Play and Risk')")
    assert card.locator("[data-save]").get_attribute("aria-pressed") == "true"
    assert [e["title"] for e in stack.get("/v1/me/saved-trainings", "participant").json()["items"]] == [
        "Outdoor Play and Risk"]
    ana.select_option("#lang", "es")
    ana.wait_for_selector("text=Preguntas: Marisol Vega")  # the contact on the calendar, in Spanish
    _check_page_quality(ana, "training-calendar-contact-375", artifacts_dir)
    ana.context.close()


def test_an_admin_prepares_and_downloads_the_workforce_release_from_a_page(
        browser: Any, stack: Stack, artifacts_dir: Path) -> None:
    alex = _sign_in(browser, stack, "admin", DESK)
    alex.click("a[href='#/workforce']")
    alex.wait_for_selector("#workforce-request")
    alex.click("#workforce-request button[type=submit]")
    _wait_until(alex, "document.querySelector('#workforce-status').textContent.includes('prepared')")
    for _ in range(30):  # the workforce_releases schedule (every five seconds in this stack) prepares it
        alex.reload()
        alex.wait_for_selector("#workforce-request")
        if alex.locator("[data-download-release]").count():
            break
        alex.wait_for_timeout(1000)
    with alex.expect_download() as info:
        alex.click("[data-download-release]")
    saved = artifacts_dir / "workforce-release.csv"
    info.value.save_as(str(saved))
    assert saved.read_text().splitlines()[0] == "area,dimension,value,people"
    _check_page_quality(alex, "admin-workforce-1440", artifacts_dir)
    alex.context.close()
