"""Every page of the web app through axe-core, at 375 px and 1440 px, signed out and as each kind of user.

WCAG 2.1 A and AA rules; a critical or serious violation fails and is printed with what to fix and where.
axe-core (the npm package, pinned) is installed on first use under .local/axe-core, as DynamoDB Local is, and
injected by Playwright into contexts that bypass the app's Content-Security-Policy (which allows no script
the app does not ship). To check a new page add one line to PAGES: who, which address, what shows its data.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess  # nosec B404 - npm and apt-get with fixed arguments
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.e2e.conftest import REPO, Stack, problems_for, sign_up
from tests.e2e.test_browser import DESK, PHONE, _sign_in, _wait_until, browser  # noqa: F401 - the fixture

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

AXE_PACKAGE = "axe-core@4.14.1"
AXE_DIR = Path(os.environ.get("REGISTRY_AXE_CORE_DIR", REPO / ".local" / "axe-core"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"critical", "serious"}
SPONSOR_EMAIL = "a11y.sponsor@example.org"
INSTRUCTOR_EMAIL = "a11y.instructor@example.org"


@dataclass(frozen=True)
class Page:
    role: str  # "signed-out", a demo role in stack.description["users"], or one of EXTRA_PEOPLE
    route: str  # the hash route; {names} come from the `world` fixture
    ready: str  # a Playwright selector that shows the page has drawn its data
    expected_errors: tuple[str, ...] = ()  # console or network errors this page causes on purpose
    click: str = ""  # optionally, what to click first to check what it reveals (a form, a table)...
    shows: str = ""  # ...and the selector that shows it is there


PAGES = [
    Page("signed-out", "#/", "#signin-button"),
    Page("signed-out", "#/training", "#calendar[data-query]"),
    Page("signed-out", "#/check/report/{report_id}", "#check-verdict"),
    Page("signed-out", "#/check/card/{registry_id}", "#card-verdict"),
    Page("signed-out", "#/help", "#contact"),
    Page("signed-out", "#/privacy", "#your-data"),
    Page("participant", "#/help", "#postal-address"),
    Page("participant", "#/documents", "#documents > *"),
    Page("participant", "#/documents", "[data-appeal]", click="[data-appeal]",
         shows="form[data-appeal-form]:not([hidden])"),
    Page("participant", "#/records", "#record-credential"),
    Page("participant", "#/profile", "#demographics"),
    Page("participant", "#/employment", "#position"),
    Page("participant", "#/jobs", "#my-applications"),
    Page("participant", "#/stipends", "#my-stipends"),
    Page("participant", "#/stipends", "[data-check]", click="[data-check]", shows="[data-eligibility] ul.rules"),
    Page("participant", "#/training", "#my-events > *"),
    Page("staff", "#/queue", "#filters"),
    Page("staff", "#/review/{review_document_id}", "#decision"),
    Page("staff", "#/disputes", "#main table"),
    Page("staff", "#/dispute/{dispute_id}", "#dispute-message"),
    Page("staff", "#/name-changes", "#main h1"),
    Page("staff", "#/upload-for", "#upload-for"),
    Page("staff", "#/dashboard", "#participation"),
    Page("staff", "#/sponsors", "#main h1"),
    Page("staff", "#/training", "#calendar[data-query]"),
    Page("director", "#/roster", "#program-jobs"),
    Page("director", "#/training", "#calendar[data-query]"),
    Page("sponsor", "#/sponsor/{sponsor_id}", "#sponsor-events"),
    Page("sponsor", "#/sponsor/{sponsor_id}", "[data-roster]", click="[data-roster]",
         shows="[data-roster-for] table"),
    Page("sponsor", "#/training", "#my-events > *"),
    # No profile yet: GET /v1/me answers 404 and the page offers the enrolment form.
    Page("newcomer", "#/profile", "#enroll", expected_errors=("404",)),
    Page("instructor", "#/training", "#instructing h2"),
    Page("admin", "#/queue", "#filters"),
    Page("admin", "#/dashboard", "#facilities-import"),
    Page("admin", "#/disputes", "#main table"),
    Page("admin", "#/sponsors", "#main h1"),
    Page("admin", "#/people", "#find-person"),
    Page("admin", "#/partners", "#trust-registry"),
    Page("admin", "#/workforce", "#workforce-request"),
    Page("staff", "#/programs", "#new-program"),
    Page("staff", "#/help-desk", "#main h1"),
    Page("staff", "#/stipend-admin", "#new-stipend"),
    Page("staff", "#/stipend-admin", "[data-applications]", click="[data-applications]", shows="#applications h3"),
]

# People the demo data does not have: made by the `world` fixture (signed up on the stand-in sign-in pages).
EXTRA_PEOPLE = {"sponsor": SPONSOR_EMAIL, "instructor": INSTRUCTOR_EMAIL,
                "newcomer": "a11y.newcomer@example.org"}


def axe_script(root: Path = AXE_DIR) -> Path:
    """axe.min.js, installing the pinned npm package (and npm itself from apt if missing) on first use; once, if
    two of make test's workers ask at the same moment."""
    import fcntl

    root.parent.mkdir(parents=True, exist_ok=True)
    with (root.parent / ".axe-core.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _install_axe(root)


def _install_axe(root: Path) -> Path:
    script = root / "node_modules" / "axe-core" / "axe.min.js"
    if script.exists():
        return script
    how = f"npm install --prefix {root} {AXE_PACKAGE}  (npm: apt-get install npm)"
    try:
        if shutil.which("npm") is None:
            sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
            subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, capture_output=True)  # nosec B603
            subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "npm"], check=True, capture_output=True,
                           env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})  # nosec B603
        root.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(root),  # nosec B607
                        AXE_PACKAGE], check=True, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.fail(f"axe-core is missing and could not be installed ({exc}). Install it by hand: {how}")
    if not script.exists():
        pytest.fail(f"{AXE_PACKAGE} installed no axe.min.js under {root}. Install it by hand: {how}")
    return script


def _sub(token: str) -> str:
    payload = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sub"])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _start_upload(stack: Stack, path: Path, doc_type: str) -> str:
    started = stack.post("/v1/documents", "participant", {"doc_type": doc_type, "file_name": path.name,
                                                          "content_type": "application/pdf",
                                                          "size": path.stat().st_size})
    assert started.status_code == 201, started.text
    upload = started.json()["upload"]
    requests.post(upload["url"], data=upload["fields"],
                  files={"file": (path.name, path.read_bytes(), "application/pdf")}, timeout=60)
    return str(started.json()["document_id"])


@pytest.fixture(scope="module")
def world(stack: Stack, corpus: Path) -> Iterator[dict[str, str]]:
    """What the pages need to show something: a document waiting for review, an appeal waiting for an answer,
    a training sponsor with an event and its instructor, a report and a card to check. Left as the other
    browser tests expect to find the registry: the appeal answered and the waiting document rejected."""
    api = stack.api
    # Two documents no other test uploads, read side by side.
    waiting_path = corpus / "dev" / "cda_credential-f1-1-digital.pdf"
    appealed_path = corpus / "dev" / "permit-f2-1-digital.pdf"
    waiting = _start_upload(stack, waiting_path, "cda_credential")
    appealed = _start_upload(stack, appealed_path, "permit")

    # A training sponsor (signed up, applied, approved by staff) with a catalogue entry and an event, and an
    # instructor who leads it.
    password = stack.description["password"]  # the browser signs everyone in with the demo password
    sponsor_token = sign_up(stack, SPONSOR_EMAIL, password)["access_token"]
    assert requests.post(f"{api}/v1/me", json={"legal_first_name": "Iris", "legal_last_name": "Park"}, timeout=10,
                         headers=_bearer(sponsor_token)).status_code == 201
    applied = requests.post(f"{api}/v1/sponsors", json={"name": "Accessible Learning Partners"}, timeout=10,
                            headers=_bearer(sponsor_token))
    assert applied.status_code == 201, applied.text
    sponsor_id = applied.json()["sponsor_id"]
    decided = stack.post(f"/v1/sponsors/{sponsor_id}/decision", "staff", {"decision": "approve"})
    assert decided.status_code == 200, decided.text
    from chalicelib.local.oauth_client import sign_in

    sponsor_token = sign_in(api, SPONSOR_EMAIL, password)["access_token"]  # now carrying the sponsor role
    training = requests.post(f"{api}/v1/sponsors/{sponsor_id}/trainings", timeout=10, headers=_bearer(sponsor_token),
                             json={"title": "Circle time for every child", "hours": 2, "delivery": "in_person",
                                   "competency_area": "Special Needs and Inclusion"})
    assert training.status_code == 201, training.text
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    event = requests.post(f"{api}/v1/sponsors/{sponsor_id}/events", timeout=10, headers=_bearer(sponsor_token), json={
        "training_id": training.json()["training_id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=2)).isoformat(), "capacity": 12, "county": "Yolo",
        "place": "Davis Library, Room B"})
    assert event.status_code == 201, event.text
    event_id = event.json()["event_id"]
    instructor_token = sign_up(stack, INSTRUCTOR_EMAIL, password)["access_token"]
    assert requests.post(f"{api}/v1/me", json={"legal_first_name": "Omar", "legal_last_name": "Lund"}, timeout=10,
                         headers=_bearer(instructor_token)).status_code == 201
    asked = requests.post(f"{api}/v1/sponsors/{sponsor_id}/instructors", json={"public_profile": True}, timeout=10,
                          headers=_bearer(instructor_token))
    assert asked.status_code == 201, asked.text
    instructor_id = _sub(instructor_token)
    approved = requests.post(f"{api}/v1/sponsors/{sponsor_id}/instructors/{instructor_id}/decision", timeout=10,
                             json={"decision": "approve"}, headers=_bearer(sponsor_token))
    assert approved.status_code == 200, approved.text
    assigned = requests.put(f"{api}/v1/training-events/{event_id}/instructors", json={"user_ids": [instructor_id]},
                            timeout=10, headers=_bearer(sponsor_token))
    assert assigned.status_code == 200, assigned.text
    sign_up(stack, EXTRA_PEOPLE["newcomer"], password)  # signed up, no profile yet: the enrolment form

    # A report and a card to check, with no sign-in.
    report = stack.get("/v1/me/reports/education-training", "participant")
    assert report.status_code == 200, report.text
    registry_id = stack.get("/v1/me", "participant").json()["registry_id"]

    # The documents once read: one waits for review; the other is rejected and appealed.
    for document_id, path in ((waiting, waiting_path), (appealed, appealed_path)):
        stack.read_and_send(document_id, problems_for(json.loads(path.with_suffix(".json").read_text())))
    detail = stack.get(f"/v1/review/{appealed}", "staff").json()
    rejected = stack.post(f"/v1/review/{appealed}/decision", "staff", {
        "decision": "reject", "version": detail["version"], "reason": "This is not the document type you selected."})
    assert rejected.status_code == 200, rejected.text
    appeal = stack.post("/v1/me/disputes", "participant", {"document_id": appealed,
                                                           "message": "It is my permit; please look again."})
    assert appeal.status_code == 201, appeal.text
    dispute_id = appeal.json()["dispute_id"]
    yield {"review_document_id": waiting, "dispute_id": dispute_id, "sponsor_id": sponsor_id, "event_id": event_id,
           "report_id": report.headers["X-Report-Id"], "registry_id": registry_id}

    # Leave nothing waiting that another test might open first.
    dispute = stack.get(f"/v1/review/disputes/{dispute_id}", "staff").json()
    answered = stack.post(f"/v1/review/disputes/{dispute_id}/answer", "staff", {
        "outcome": "dismissed", "reason": "The accessibility check is done.", "version": dispute["version"]})
    assert answered.status_code == 200, answered.text
    detail = stack.get(f"/v1/review/{waiting}", "staff").json()
    rejected = stack.post(f"/v1/review/{waiting}/decision", "staff", {
        "decision": "reject", "version": detail["version"], "reason": "The accessibility check is done."})
    assert rejected.status_code == 200, rejected.text


# Keyboard reachability, which axe cannot see: every element given a click (or pointer) handler is recorded; a
# handler on an element that cannot take focus, with nothing focusable inside it to delegate from, is an action
# a keyboard cannot reach (an empty delegating container, such as a review's row tables for a type with none,
# offers nothing to click).
CLICK_WATCH = """(() => {
    const watched = window.__clickTargets = new Set();
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type, ...rest) {
        if (["click", "mousedown", "mouseup", "pointerdown", "pointerup"].includes(type) && this instanceof Element) {
            watched.add(this);
        }
        return add.call(this, type, ...rest);
    };
})();"""
FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"
UNREACHABLE = f"""() => [...(window.__clickTargets || [])]
    .filter(el => el.isConnected && el.textContent.trim() !== "" && !el.matches("{FOCUSABLE}")
                  && !el.querySelector("{FOCUSABLE}"))
    .map(el => el.outerHTML.slice(0, 100))"""


def _open(chromium: Any, stack: Stack, role: str, viewport: dict[str, int]) -> Any:
    """One context per role and screen size, bypassing the CSP so axe-core can be injected."""
    if role == "signed-out":
        context = chromium.new_context(viewport=viewport, bypass_csp=True)
        context.add_init_script(CLICK_WATCH)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(f"{stack.api}/app")
        return page
    page = _sign_in(chromium, stack, role if role in stack.description["users"] else "participant", viewport,
                    email=EXTRA_PEOPLE.get(role), bypass_csp=True)
    page.context.add_init_script(CLICK_WATCH)
    page.reload()  # signed in (the tokens are in this tab's sessionStorage), now with the click watch
    page.wait_for_selector("#nav a")
    # The stand-in sign-in page names no icon: with its CSP bypassed Chromium asks for /favicon.ico, which the
    # API refuses (403). Only what the app's own pages log counts.
    page.errors.clear()
    # Which address a refused request was for (Chromium's console line does not say).
    page.on("response", lambda r: page.errors.append(f"{r.status} {r.request.method} {r.url}")
            if r.status >= 400 else None)
    return page


def _violations(page: Any, script: Path) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(script))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations', 'incomplete']})", AXE_TAGS)
    if os.environ.get("A11Y_VERBOSE"):  # what passes the bar but is worth a look: lesser violations, unsure ones
        lesser = [v for v in result["violations"] if v.get("impact") not in FAILING]
        print(f"\n{page.url}: lesser {_describe(lesser) or 'none'}; needs review "
              f"{_describe(result['incomplete']) or 'none'}")
    return [v for v in result["violations"] if v.get("impact") in FAILING]


FOCUS_RING = """() => {
    const el = document.activeElement, style = el && getComputedStyle(el);
    if (!el || el === document.body) return {stop: null, unmarked: null};
    window.__stops = window.__stops || new Map();
    if (!window.__stops.has(el)) window.__stops.set(el, window.__stops.size);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return {stop: window.__stops.get(el), unmarked: ring ? null : el.outerHTML.slice(0, 100)};
}"""
MOST_STOPS = 150


def _focus_without_ring(page: Any) -> list[str]:
    """Tab through every stop of the page, round to where it began, as a keyboard user would: each must show where
    focus is. Every stop, not the first few: a control can hide its own stops (a date field's calendar button)."""
    page.evaluate("window.__stops = new Map()")
    missing: list[str] = []
    previous = None
    for _ in range(MOST_STOPS):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_RING)
        if found["stop"] == 0 and previous not in (None, 0):
            break
        previous = found["stop"]
        if found["unmarked"] and found["unmarked"] not in missing:
            missing.append(found["unmarked"])
    return missing


def _describe(violations: list[dict[str, Any]]) -> str:
    return "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at "
                     + ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
                     + (f" and {len(v['nodes']) - 3} more" if len(v["nodes"]) > 3 else "") for v in violations)


ROLES = sorted({p.role for p in PAGES}, key=[p.role for p in PAGES].index)


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["375", "1440"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_no_serious_accessibility_violations(browser: Any, stack: Stack, world: dict[str, str],  # noqa: F811
                                                            role: str, viewport: dict[str, int]) -> None:
    script = axe_script()
    page = _open(browser, stack, role, viewport)
    found: list[str] = []
    try:
        for entry in (p for p in PAGES if p.role == role):
            route = entry.route.format(**world)
            before = len(page.errors)
            # An empty page first, so the ready selector can only match the page asked for.
            page.evaluate("""route => {
                document.querySelector('#main').replaceChildren();
                if (location.hash === route) window.dispatchEvent(new HashChangeEvent('hashchange'));
                else location.hash = route;
            }""", route)
            try:
                page.wait_for_selector(entry.ready, state="attached", timeout=30_000)
            except Exception as exc:
                raise AssertionError(f"{role} {route}: {entry.ready} never appeared; {page.errors}") from exc
            if entry.click:
                page.click(entry.click)
                try:
                    page.wait_for_selector(entry.shows, state="attached", timeout=30_000)
                except Exception as exc:
                    raise AssertionError(f"{role} {route}: {entry.click} did not show {entry.shows}") from exc
                route = f"{route} after clicking {entry.click}"
            page.errors[before:] = [e for e in page.errors[before:] if not any(x in e for x in entry.expected_errors)]
            violations = _violations(page, script)
            if violations:
                found.append(f"{role} {route} at {viewport['width']} px: {_describe(violations)}")
            unreachable = page.evaluate(UNREACHABLE)
            if unreachable:
                found.append(f"{role} {route}: clickable but not reachable by keyboard: {unreachable}")
            unmarked = _focus_without_ring(page)
            if unmarked:
                found.append(f"{role} {route}: focus not visible on {', '.join(unmarked)}")
        assert not found, "\n".join(found)
        assert page.errors == [], page.errors
    finally:
        page.context.close()


LIVE = """selector => {
    const el = document.querySelector(selector);
    const region = el && el.closest('[aria-live]:not([aria-live=off]), [role=status], [role=alert]');
    return region ? region.textContent.trim() : null;
}"""


def _announced(page: Any, selector: str, words: str, timeout: float = 60.0) -> None:
    """`words` appear in `selector`, and it is (inside) a live region, so a screen reader says them."""
    text = f"(document.querySelector({json.dumps(selector)})?.textContent || '')"
    _wait_until(page, f"{text}.includes({json.dumps(words)})", timeout)
    assert words in (page.evaluate(LIVE, selector) or ""), f"{selector} is not in an aria-live region"


def test_upload_reading_and_enrolment_are_announced_where_the_person_waits(
        browser: Any, stack: Stack, corpus: Path, world: dict[str, str]) -> None:  # noqa: F811
    """On a phone, a participant uploads a document and waits while it is read, then enrols in a training: each
    step is said in a status region (role=status, aria-live=polite), which screen readers announce."""
    page = _sign_in(browser, stack, "participant", PHONE, email=SPONSOR_EMAIL)
    page.wait_for_selector("#upload")
    page.select_option("#doc-type", "cda_credential")
    page.set_input_files("#file", str(corpus / "dev" / "cda_credential-f2-1-digital.pdf"))
    page.click("#upload-button")
    _announced(page, "#upload-status", "cda_credential-f2-1-digital.pdf:")
    # Read while she waits: the name on it is not hers, which the status region says without her looking.
    _announced(page, "#upload-status", "cda_credential-f2-1-digital.pdf: Needs your attention", timeout=120)

    page.evaluate("location.hash = '#/training'")
    page.wait_for_selector("#calendar[data-query]")
    page.fill("#calendar-search input[name=q]", "circle time")
    page.click("#calendar-search button[type=submit]")
    _wait_until(page, "document.querySelector('#calendar')?.dataset.query === 'q=circle+time'")
    page.click(f"[data-enrol='{world['event_id']}']")
    _announced(page, f"[data-enrol-status='{world['event_id']}']", "Enrolled", timeout=30)
    assert page.errors == [], page.errors
    page.context.close()
