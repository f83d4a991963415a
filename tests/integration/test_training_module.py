"""The training module end to end through the API: a sponsor is approved, publishes an event, people enrol or
wait, a withdrawal moves the waitlist up, and attended hours land on the record and the E&T report."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.security.identity import Role
from tests.integration.conftest import bearer

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)

AGENCY_DIRECTOR = ("u-agency-eva", Role.PARTICIPANT)
STAFF = ("u-staff-sam", Role.STAFF)


def _call(api: Any, method: str, path: str, who: tuple[str, Role] | None = None, body: Any = None) -> Any:
    headers = {**(bearer(*who) if who else {}), "Content-Type": "application/json"}
    return getattr(api.http, method.lower())(path, headers=headers,
                                             body=json.dumps(body) if body is not None else None)


@pytest.fixture
def sponsor(api: Any, demo: None) -> dict[str, Any]:
    applied = _call(api, "POST", "/v1/sponsors", AGENCY_DIRECTOR, {"name": "Valley Child Care Training Agency"})
    assert applied.status_code == 201, applied.body
    sponsor_id = json.loads(applied.body)["sponsor_id"]
    # The applicant cannot manage anything until staff approve.
    manager = ("u-agency-eva", Role.SPONSOR)  # the role Cognito's group gives them once approved
    assert _call(api, "POST", f"/v1/sponsors/{sponsor_id}/trainings", manager, {
        "title": "x", "hours": 1, "competency_area": "Professionalism", "delivery": "online"}).status_code == 403
    assert _call(api, "POST", f"/v1/sponsors/{sponsor_id}/decision", AGENCY_DIRECTOR,
                 {"decision": "approve"}).status_code == 403
    approved = _call(api, "POST", f"/v1/sponsors/{sponsor_id}/decision", STAFF, {"decision": "approve"})
    assert json.loads(approved.body)["status"] == "approved"
    training = _call(api, "POST", f"/v1/sponsors/{sponsor_id}/trainings", manager, {
        "title": "Supporting Dual Language Learners", "hours": 6,
        "competency_area": "Dual-Language Development", "language": "es", "delivery": "in_person",
        "cda_subject_area": 2})
    assert training.status_code == 201, training.body
    bad = _call(api, "POST", f"/v1/sponsors/{sponsor_id}/trainings", manager, {
        "title": "x", "hours": 1, "competency_area": "Juggling", "delivery": "online"})
    assert bad.status_code == 422 and "competency" in json.loads(bad.body)["detail"]
    return {"sponsor_id": sponsor_id, "manager": manager, "training_id": json.loads(training.body)["training_id"]}


def _schedule(api: Any, sponsor: dict[str, Any], *, days: int = 10, capacity: int = 2, **extra: Any) -> dict[str, Any]:
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)
    answer = _call(api, "POST", f"/v1/sponsors/{sponsor['sponsor_id']}/events", sponsor["manager"], {
        "training_id": sponsor["training_id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=6)).isoformat(), "capacity": capacity, "county": "Fresno",
        "place": "Fresno EOC, Room 4", "funding_source": "CDE quality funds", **extra})
    assert answer.status_code == 201, answer.body
    return dict(json.loads(answer.body))


def test_the_public_calendar_finds_published_events_by_county_area_language_and_text(
        api: Any, sponsor: dict[str, Any]) -> None:
    published = _schedule(api, sponsor)
    private = _schedule(api, sponsor, invite_only=True)
    found = json.loads(api.http.get("/v1/training-calendar?county=fresno&language=es&q=dual").body)["items"]
    assert [e["event_id"] for e in found] == [published["event_id"]]  # the invite-only one is not listed
    assert found[0]["seats_left"] == 2 and found[0]["sponsor"] == "Valley Child Care Training Agency"
    assert json.loads(api.http.get("/v1/training-calendar?county=Sacramento").body)["items"] == []
    assert json.loads(api.http.get(
        "/v1/training-calendar?competency_area=Professionalism").body)["items"] == []
    assert api.http.get("/v1/training-calendar?from=soon").status_code == 422
    # A public route bounds its work: all of time would be one query per month.
    unbounded = api.http.get("/v1/training-calendar?from=0001-01-01&to=9999-12-31")
    assert unbounded.status_code == 422 and "13 months" in json.loads(unbounded.body)["detail"]
    assert api.http.get(f"/v1/training-events/{private['event_id']}").status_code == 404
    with_code = api.http.get(f"/v1/training-events/{private['event_id']}?code={private['invitation_code']}")
    assert with_code.status_code == 200
    # Each answer above was checked against the route's described view (conftest.DescribedAnswers).
    assert {"GET /v1/training-calendar", "GET /v1/training-events/{event_id}"} <= set(api.http.checked)


def test_a_full_event_waitlists_and_a_withdrawal_moves_the_first_waiting_person_up(
        api: Any, sponsor: dict[str, Any]) -> None:
    event = _schedule(api, sponsor, capacity=2)
    path = f"/v1/training-events/{event['event_id']}/enrollments"
    people = [("u-participant-ana", Role.PARTICIPANT), ("u-participant-ben", Role.PARTICIPANT),
              ("u-participant-chloe", Role.PARTICIPANT), ("u-participant-dan", Role.PARTICIPANT)]
    statuses = [json.loads(_call(api, "POST", path, who, {}).body)["status"] for who in people]
    assert statuses == ["enrolled", "enrolled", "waitlisted", "waitlisted"]
    # Enrolling twice changes nothing.
    assert json.loads(_call(api, "POST", path, people[0], {}).body)["status"] == "enrolled"
    assert _call(api, "DELETE", f"{path}/me", people[1]).status_code == 200
    mine = {who[0]: json.loads(_call(api, "GET", "/v1/me/training-events", who).body)["items"] for who in people}
    assert [e["status"] for e in mine["u-participant-ben"]] == ["withdrawn"]
    assert [e["status"] for e in mine["u-participant-chloe"]] == ["enrolled"]  # first on the waitlist
    assert [e["status"] for e in mine["u-participant-dan"]] == ["waitlisted"]
    roster = json.loads(_call(api, "GET", f"/v1/training-events/{event['event_id']}/roster",
                              sponsor["manager"]).body)
    assert {p["user_id"]: p["status"] for p in roster["people"]} == {
        "u-participant-ana": "enrolled", "u-participant-ben": "withdrawn", "u-participant-chloe": "enrolled",
        "u-participant-dan": "waitlisted"}
    assert roster["people"][0]["name"] == "Ana Reyes" and roster["people"][0]["registry_id"].startswith("ECE-")
    assert set(roster["people"][0]) == {"user_id", "name", "registry_id", "status"}  # nothing else personal
    assert _call(api, "GET", f"/v1/training-events/{event['event_id']}/roster",
                 ("u-other-sponsor", Role.SPONSOR)).status_code == 403


def test_attended_hours_become_a_verified_training_record_on_the_report(
        api: Any, sponsor: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import clock as clock_module

    event = _schedule(api, sponsor, days=2)
    path = f"/v1/training-events/{event['event_id']}"
    ana, ben = ("u-participant-ana", Role.PARTICIPANT), ("u-participant-ben", Role.PARTICIPANT)
    for who in (ana, ben):
        assert _call(api, "POST", f"{path}/enrollments", who, {}).status_code == 201
    too_early = _call(api, "POST", f"{path}/attendance", sponsor["manager"],
                      {"marks": [{"user_id": "u-participant-ana", "attended": True}]})
    assert too_early.status_code == 409
    manual = clock_module.ManualClock(datetime.now(UTC) + timedelta(days=3))
    monkeypatch.setattr(clock_module, "CLOCK", manual)
    marks = {"marks": [{"user_id": "u-participant-ana", "attended": True},
                       {"user_id": "u-participant-ben", "attended": False}]}
    taken = json.loads(_call(api, "POST", f"{path}/attendance", sponsor["manager"], marks).body)
    assert taken == {"event_id": event["event_id"], "attended": ["u-participant-ana"], "no_show": ["u-participant-ben"]}
    again = json.loads(_call(api, "POST", f"{path}/attendance", sponsor["manager"], marks).body)
    assert again["attended"] == []  # marking twice adds no second record
    assert _call(api, "DELETE", f"{path}/enrollments/me", ana).status_code == 404  # past the cut-off, attended

    records = json.loads(_call(api, "GET", "/v1/me/records", ana).body)["items"]
    trainings = [r for r in records if r["kind"] == "training"]
    assert len(trainings) == 1
    assert trainings[0]["data"]["hours"] == 6 and trainings[0]["data"]["source"] == "sponsor"
    assert trainings[0]["data"]["competency_area"] == "Dual-Language Development"
    assert not [r for r in json.loads(_call(api, "GET", "/v1/me/records", ben).body)["items"]
                if r["kind"] == "training"]
    mine = json.loads(_call(api, "GET", "/v1/me/training-events", ben).body)["items"]
    assert [e["status"] for e in mine] == ["no_show"]

    import io

    from pypdf import PdfReader

    report = api.http.get("/v1/me/reports/education-training",
                          headers={**bearer(*ana), "Accept": "application/pdf"})
    assert report.status_code == 200
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.body)).pages).split())
    assert "Supporting Dual Language Learners" in text and "Dual-Language Development" in text
    cda = json.loads(api.http.get("/v1/me/reports/cda-training?format=json", headers=bearer(*ana)).body)
    assert cda["total_hours"] == 6.0 and cda["areas"][1]["hours"] == 6.0 and cda["meets"] is False
    transcript = api.http.get("/v1/me/reports/cda-training", headers={**bearer(*ana), "Accept": "application/pdf"})
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(transcript.body)).pages).split())
    assert "Advancing children's physical and intellectual development" in flat and "Total (120 needed)" in flat
    # In her preferred language, as her other documents.
    assert _call(api, "PATCH", "/v1/me", ana, {"preferred_language": "es"}).status_code == 200
    transcript = api.http.get("/v1/me/reports/cda-training", headers={**bearer(*ana), "Accept": "application/pdf"})
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(transcript.body)).pages).split())
    assert "Historial de capacitación CDA" in flat and "Promover el desarrollo físico e intelectual" in flat

    from chalicelib.store.records import EventItem

    month = datetime.now(UTC).strftime("%Y-%m")
    announced = [e for e in EventItem.query(f"EVENTS#{month}") if e.type == "training.attended"]
    assert [e.subject["participant_id"] for e in announced] == ["u-participant-ana"]


def test_approval_gives_the_applicant_the_sponsor_role_in_the_user_pool(api: Any, demo: None) -> None:
    from chalicelib.aws.clients import client
    from chalicelib.config import get_settings
    from chalicelib.local.demo import load_demo_data

    ana = load_demo_data(with_sign_in=True)["ids"]["u-participant-ana"]
    sponsor_id = json.loads(_call(api, "POST", "/v1/sponsors", (ana, Role.PARTICIPANT),
                                  {"name": "Ana's Training Co-op"}).body)["sponsor_id"]
    denied_without_reason = _call(api, "POST", f"/v1/sponsors/{sponsor_id}/decision", STAFF, {"decision": "deny"})
    assert denied_without_reason.status_code == 422
    assert _call(api, "POST", f"/v1/sponsors/{sponsor_id}/decision", STAFF,
                 {"decision": "approve"}).status_code == 200
    groups = client("cognito-idp").admin_list_groups_for_user(UserPoolId=get_settings().user_pool_id, Username=ana)
    assert sorted(g["GroupName"] for g in groups["Groups"]) == ["participant", "sponsor"]
    assert _call(api, "POST", f"/v1/sponsors/{sponsor_id}/decision", STAFF,
                 {"decision": "deny", "reason": "late"}).status_code == 409


def test_enrolment_and_moving_up_are_emailed_in_the_persons_language_with_a_calendar_file(
        api: Any, sponsor: dict[str, Any]) -> None:
    import app as app_module
    from chalicelib.aws.clients import client
    from chalicelib.local.demo import load_demo_data
    from chalicelib.local.stack import build_pump
    from chalicelib.services.accounts.notifications import outbox

    ids = load_demo_data(with_sign_in=True)["ids"]
    ana, ben = (ids["u-participant-ana"], Role.PARTICIPANT), (ids["u-participant-ben"], Role.PARTICIPANT)
    me = json.loads(_call(api, "GET", "/v1/me", ben).body)
    _call(api, "PATCH", "/v1/me", ben, {"preferred_language": "es", "version": me["version"]})
    event = _schedule(api, sponsor, capacity=1)
    path = f"/v1/training-events/{event['event_id']}/enrollments"
    assert json.loads(_call(api, "POST", path, ana, {}).body)["status"] == "enrolled"
    assert json.loads(_call(api, "POST", path, ben, {}).body)["status"] == "waitlisted"
    assert _call(api, "DELETE", f"{path}/me", ana).status_code == 200
    build_pump(app_module, retry_delay_seconds=0).drain(timeout_seconds=60)

    sent = sorted((m["to"], m["subject"], m["attachments"]) for m in outbox())
    assert sent == [
        ("ana.reyes@example.org", "You are enrolled: Supporting Dual Language Learners", ["training.ics"]),
        ("ben.okafor@example.org", "Está en la lista de espera: Supporting Dual Language Learners", []),
        ("ben.okafor@example.org", "Se abrió un lugar: está inscrito en Supporting Dual Language Learners",
         ["training.ics"]),
    ]
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    raw = [m.raw_data for m in ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
           if hasattr(m, "raw_data") and "ana.reyes" in m.raw_data]
    from email import message_from_string

    (attachment,) = [part for part in message_from_string(raw[0]).walk()
                     if part.get_content_type() == "text/calendar"]
    ics = attachment.get_payload(decode=True).decode()
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Supporting Dual Language Learners" in ics
    assert "LOCATION:Fresno EOC\\, Room 4" in ics  # typed text is escaped as RFC 5545 requires
    assert client("ses") is not None


def test_a_director_enrols_current_staff_only_and_participants_see_renewal_progress(
        api: Any, sponsor: dict[str, Any]) -> None:
    event = _schedule(api, sponsor, capacity=5)
    path = f"/v1/training-events/{event['event_id']}/enrollments"
    dana = ("u-director-dana", Role.DIRECTOR)
    enrolled = _call(api, "POST", path, dana, {"user_id": "u-participant-ben"})  # on staff at Sunshine
    assert enrolled.status_code == 201 and json.loads(enrolled.body)["status"] == "enrolled"
    stranger = _call(api, "POST", path, dana, {"user_id": "u-participant-dan"})  # not her staff
    assert stranger.status_code == 403
    assert _call(api, "POST", path, dana, {}).status_code == 403  # a director enrols someone, not themselves
    mine = json.loads(_call(api, "GET", "/v1/me/training-events", ("u-participant-ben", Role.PARTICIPANT)).body)
    assert [e["status"] for e in mine["items"]] == ["enrolled"]

    progress = json.loads(_call(api, "GET", "/v1/me/training-progress", ("u-participant-ben", Role.PARTICIPANT)).body)
    assert progress["permit"] is None and "upload your Child Development Permit" in progress["detail"]


def test_the_sign_in_sheet_lists_enrolled_names_and_registry_ids_as_plain_text(
        api: Any, sponsor: dict[str, Any]) -> None:
    import io

    from pypdf import PdfReader

    event = _schedule(api, sponsor, capacity=5)
    for who in ("u-participant-ana", "u-participant-ben"):
        _call(api, "POST", f"/v1/training-events/{event['event_id']}/enrollments", (who, Role.PARTICIPANT), {})
    _call(api, "DELETE", f"/v1/training-events/{event['event_id']}/enrollments/me",
          ("u-participant-ben", Role.PARTICIPANT))
    sheet = api.http.get(f"/v1/training-events/{event['event_id']}/sign-in-sheet",
                         headers={**bearer(*sponsor["manager"]), "Accept": "application/pdf"})
    assert sheet.status_code == 200 and sheet.headers["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(sheet.body)).pages).split())
    ana = json.loads(_call(api, "GET", "/v1/me", ("u-participant-ana", Role.PARTICIPANT)).body)
    assert "Ana Reyes" in text and ana["registry_id"] in text
    assert "Ben Okafor" not in text  # withdrawn
    assert "Fresno EOC, Room 4" in text and "Signature" in text
    other = api.http.get(f"/v1/training-events/{event['event_id']}/sign-in-sheet",
                         headers={**bearer("u-other", Role.SPONSOR), "Accept": "application/pdf"})
    assert other.status_code == 403


def _attended_event(api: Any, sponsor: dict[str, Any], people: list[str],
                    monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from chalicelib import clock as clock_module

    event = _schedule(api, sponsor, days=1, capacity=10)
    for who in people:
        assert _call(api, "POST", f"/v1/training-events/{event['event_id']}/enrollments",
                     (who, Role.PARTICIPANT), {}).status_code == 201
    monkeypatch.setattr(clock_module, "CLOCK", clock_module.ManualClock(datetime.now(UTC) + timedelta(days=2)))
    marks = {"marks": [{"user_id": who, "attended": True} for who in people]}
    assert _call(api, "POST", f"/v1/training-events/{event['event_id']}/attendance", sponsor["manager"],
                 marks).status_code == 200
    return event


def test_survey_answers_are_anonymous_and_shown_only_from_five(api: Any, sponsor: dict[str, Any],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    people = [f"u-learner-{n}" for n in range(6)]
    event = _attended_event(api, sponsor, people, monkeypatch)
    path = f"/v1/training-events/{event['event_id']}/survey"
    answer = {"useful": 5, "presenter": 4, "recommend": 5, "comment": "More songs please"}
    for n, who in enumerate(people[:4]):
        assert _call(api, "POST", path, (who, Role.PARTICIPANT), {**answer, "useful": 3 + n % 3}).status_code == 201
    assert _call(api, "POST", path, (people[0], Role.PARTICIPANT), answer).status_code == 409  # once each
    assert _call(api, "POST", path, ("u-participant-ana", Role.PARTICIPANT), answer).status_code == 403
    hidden = json.loads(_call(api, "GET", path, sponsor["manager"]).body)
    # Nothing while answers come in, not even how many: results growing one answer at a time could be subtracted.
    assert hidden["shown"] is False and "responses" not in hidden and "averages" not in hidden
    _call(api, "POST", path, (people[4], Role.PARTICIPANT), {**answer, "comment": None})
    assert "responses" not in json.loads(_call(api, "GET", path, sponsor["manager"]).body)
    from chalicelib import clock as clock_module

    clock_module.CLOCK.advance(days=15)  # type: ignore[attr-defined]  # the survey closed
    late = _call(api, "POST", path, (people[5], Role.PARTICIPANT), answer)
    assert late.status_code == 409 and "closed" in json.loads(late.body)["detail"]
    shown = json.loads(_call(api, "GET", path, sponsor["manager"]).body)
    assert shown["shown"] is True and shown["responses"] == 5
    assert shown["averages"] == {"useful": 4.0, "presenter": 4.0, "recommend": 5.0}
    assert shown["comments"] == ["More songs please"] * 4
    from chalicelib.store.training import survey_of

    stored = json.dumps([r.attribute_values for r in survey_of(event["event_id"])], default=str)
    assert not any(who in stored for who in people)  # no trace of who answered


def test_managers_instructors_and_the_sponsor_report(api: Any, sponsor: dict[str, Any],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from openpyxl import load_workbook

    sid = sponsor["sponsor_id"]
    added = _call(api, "POST", f"/v1/sponsors/{sid}/managers", sponsor["manager"], {"user_id": "u-agency-max"})
    assert json.loads(added.body)["managers"] == ["u-agency-eva"]  # invited, not yet a manager
    assert json.loads(added.body)["invited"] == ["u-agency-max"]
    max_ = ("u-agency-max", Role.SPONSOR)
    assert _call(api, "GET", f"/v1/sponsors/{sid}/trainings", max_).status_code == 403  # until Max accepts
    invited = json.loads(_call(api, "GET", "/v1/me/sponsors", ("u-agency-max", Role.PARTICIPANT)).body)["items"]
    assert [(s["sponsor_id"], s["invited_to_manage"], s["manager"]) for s in invited] == [(sid, True, False)]
    assert _call(api, "POST", f"/v1/sponsors/{sid}/managers/me", ("u-participant-ana", Role.PARTICIPANT),
                 {"answer": "accept"}).status_code == 404  # nobody invited Ana
    accepted = _call(api, "POST", f"/v1/sponsors/{sid}/managers/me", ("u-agency-max", Role.PARTICIPANT),
                     {"answer": "accept"})
    assert json.loads(accepted.body) == {"sponsor_id": sid, "manager": True}
    assert _call(api, "GET", f"/v1/sponsors/{sid}/trainings", max_).status_code == 200  # same tools
    ana = ("u-participant-ana", Role.PARTICIPANT)
    assert _call(api, "POST", f"/v1/sponsors/{sid}/instructors", ana,
                 {"bio": "Preschool teacher, 12 years", "public_profile": True}).status_code == 201
    event = _schedule(api, sponsor, capacity=3)
    assert _call(api, "PUT", f"/v1/training-events/{event['event_id']}/instructors", max_,
                 {"user_ids": ["u-participant-ana"]}).status_code == 422  # not approved yet
    assert _call(api, "POST", f"/v1/sponsors/{sid}/instructors/u-participant-ana/decision", max_,
                 {"decision": "approve"}).status_code == 200
    assigned = _call(api, "PUT", f"/v1/training-events/{event['event_id']}/instructors", max_,
                     {"user_ids": ["u-participant-ana"]})
    assert json.loads(assigned.body)["instructors"] == [
        {"user_id": "u-participant-ana", "name": "Ana R.", "bio": "Preschool teacher, 12 years"}]
    led = json.loads(_call(api, "GET", "/v1/me/instructing", ana).body)["items"]
    assert [e["event_id"] for e in led] == [event["event_id"]]
    public = json.loads(api.http.get(f"/v1/training-events/{event['event_id']}").body)
    assert public["instructors"][0]["name"] == "Ana R."

    _attended_event(api, sponsor, ["u-participant-ben", "u-participant-chloe"], monkeypatch)
    report = api.http.get(f"/v1/sponsors/{sid}/reports/training", headers={**bearer(*max_), "Accept": "*/*"})
    assert report.status_code == 200
    book = load_workbook(io.BytesIO(report.body))
    assert book.sheetnames == ["Attendance", "Feedback", "Hours by area", "Funding", "Attendees"]
    rows = list(book["Attendance"].iter_rows(values_only=True))
    attended = [r for r in rows[1:] if r[7]]
    assert [(r[7], r[10]) for r in attended] == [(2, 12.0)]
    assert list(book["Hours by area"].iter_rows(values_only=True))[1] == ("Dual-Language Development", 12.0)
    counts = {(r[0], r[1]): r[2] for r in list(book["Attendees"].iter_rows(values_only=True))[1:]}
    assert counts[("County", "Sacramento")] == "<5"  # two people: too few to show
    assert _call(api, "GET", f"/v1/sponsors/{sid}/reports/training", ("u-x", Role.SPONSOR)).status_code == 403


def test_a_sponsor_logo_is_checked_by_content_and_redrawn(api: Any, sponsor: dict[str, Any]) -> None:
    import io

    from PIL import Image

    path = f"/v1/sponsors/{sponsor['sponsor_id']}/logo"
    headers = {**bearer(*sponsor["manager"]), "Content-Type": "image/png"}
    pretend = api.http.put(path, headers=headers, body=b"%PDF-1.4 not an image at all")
    assert pretend.status_code == 422
    assert api.http.get(path).status_code == 404
    picture = io.BytesIO()
    image = Image.new("RGB", (1200, 600), (30, 90, 160))
    image.save(picture, format="PNG", pnginfo=None)
    stored = api.http.put(path, headers=headers, body=picture.getvalue() + b"trailing payload")
    assert stored.status_code == 200, stored.body
    served = api.http.get(path, headers={"Accept": "image/png"})  # as a browser asks for an image
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/png"
    again = Image.open(io.BytesIO(served.body))
    assert max(again.size) == 400 and b"trailing payload" not in served.body
    event = _schedule(api, sponsor)
    assert json.loads(api.http.get(f"/v1/training-events/{event['event_id']}").body)["logo_url"] == path
    other = api.http.put(path, headers={**bearer("u-x", Role.SPONSOR), "Content-Type": "image/png"},
                         body=picture.getvalue())
    assert other.status_code == 403
    # 10,500 x 10,500 pixels in a few hundred KB: refused from its header, before a pixel is decoded.
    bomb = io.BytesIO()
    Image.new("1", (10_500, 10_500), 0).save(bomb, format="PNG", optimize=True)
    assert len(bomb.getvalue()) < 512 * 1024
    refused = api.http.put(path, headers=headers, body=bomb.getvalue())
    assert refused.status_code == 422 and "10500" in json.loads(refused.body)["detail"].replace(",", "")


def test_a_queue_outage_at_enrolment_keeps_the_email_in_the_outbox_until_the_sweeper_sends_it(
        api: Any, sponsor: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The seat, the enrolment and the email it owes are one unit: SQS refusing the message neither fails the
    enrolment nor loses the email; the minute schedule sends it, once."""
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    import app as app_module
    from chalicelib import clock
    from chalicelib.local.demo import load_demo_data
    from chalicelib.local.stack import build_pump
    from chalicelib.services.accounts.notifications import outbox
    from chalicelib.store.outbox import OutboxTable

    ids = load_demo_data(with_sign_in=True)["ids"]
    ana = (ids["u-participant-ana"], Role.PARTICIPANT)
    event = _schedule(api, sponsor, capacity=3)
    moments = clock.ManualClock()
    monkeypatch.setattr(clock, "CLOCK", moments)
    original = BaseClient._make_api_call
    refused: list[str] = []

    def call(client: Any, name: str, params: dict[str, Any]) -> Any:
        if name == "SendMessage" and not refused:
            refused.append(name)
            raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "outage"}}, name)
        return original(client, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", call)
    enrolled = _call(api, "POST", f"/v1/training-events/{event['event_id']}/enrollments", ana, {})
    assert enrolled.status_code == 201 and json.loads(enrolled.body)["status"] == "enrolled"
    assert refused == ["SendMessage"]
    [left] = OutboxTable().left_before("9999")
    assert (left.destination, left.body["kind"], left.body["user_id"]) == ("notifications", "training_email", ana[0])
    pump = build_pump(app_module, retry_delay_seconds=0)
    moments.advance(minutes=2)
    pump.run_schedules()
    pump.drain(timeout_seconds=60)
    assert OutboxTable().left_before("9999") == []
    assert [(m["to"], m["subject"]) for m in outbox()] == [
        ("ana.reyes@example.org", "You are enrolled: Supporting Dual Language Learners")]


def test_granted_hours_never_exceed_the_events_length_and_a_manager_cannot_mark_their_own(
        api: Any, sponsor: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue entry of 200 hours on a 3-hour event grants 3; the manager's own mark is refused."""
    from chalicelib import clock as clock_module

    long_listed = _call(api, "POST", f"/v1/sponsors/{sponsor['sponsor_id']}/trainings", sponsor["manager"], {
        "title": "Everything About Infants", "hours": 200, "competency_area": "Child Development and Learning",
        "delivery": "in_person"})
    assert long_listed.status_code == 201, long_listed.body
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    scheduled = _call(api, "POST", f"/v1/sponsors/{sponsor['sponsor_id']}/events", sponsor["manager"], {
        "training_id": json.loads(long_listed.body)["training_id"], "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(), "capacity": 5, "county": "Fresno",
        "place": "Fresno EOC, Room 2", "funding_source": "CDE quality funds"})
    assert scheduled.status_code == 201, scheduled.body
    path = f"/v1/training-events/{json.loads(scheduled.body)['event_id']}"
    for who in ("u-participant-ana", "u-agency-eva"):
        assert _call(api, "POST", f"{path}/enrollments", (who, Role.PARTICIPANT), {}).status_code == 201
    monkeypatch.setattr(clock_module, "CLOCK", clock_module.ManualClock(start + timedelta(hours=1)))
    own = _call(api, "POST", f"{path}/attendance", sponsor["manager"],
                {"marks": [{"user_id": "u-agency-eva", "attended": True}]})
    assert own.status_code == 403
    taken = _call(api, "POST", f"{path}/attendance", sponsor["manager"],
                  {"marks": [{"user_id": "u-participant-ana", "attended": True}]})
    assert taken.status_code == 200, taken.body
    records = json.loads(_call(api, "GET", "/v1/me/records", ("u-participant-ana", Role.PARTICIPANT)).body)["items"]
    assert [r["data"]["hours"] for r in records if r["kind"] == "training"] == [3.0]
    eva = json.loads(_call(api, "GET", "/v1/me/records", ("u-agency-eva", Role.PARTICIPANT)).body)["items"]
    assert [r for r in eva if r["kind"] == "training"] == []


def test_a_training_email_queued_before_messages_carried_the_event_is_still_sent(
        api: Any, sponsor: dict[str, Any]) -> None:
    from chalicelib.local.demo import load_demo_data
    from chalicelib.services.accounts import notifications

    ids = load_demo_data(with_sign_in=True)["ids"]
    event = _schedule(api, sponsor)
    sent = notifications.send({"kind": "training_email", "template": "training_enrolled",
                               "user_id": ids["u-participant-ana"], "event_id": event["event_id"]})
    assert sent == {"sent": True}
    assert [(m["to"], m["subject"]) for m in notifications.outbox()] == [
        ("ana.reyes@example.org", "You are enrolled: Supporting Dual Language Learners")]


def test_an_enrolment_that_collides_with_another_takes_its_seat_on_a_retry_instead_of_the_waitlist(
        api: Any, sponsor: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """DynamoDB cancels a transaction that meets another on the same item (TransactionConflict) without
    deciding anything: the seat is still free, so the enrolment is tried again, not waitlisted."""
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    event = _schedule(api, sponsor, capacity=1)
    original = BaseClient._make_api_call
    collided: list[int] = []

    def call(client: Any, name: str, params: dict[str, Any]) -> Any:
        if name == "TransactWriteItems" and len(collided) < 2:
            collided.append(len(params["TransactItems"]))
            reasons = [{"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"}] + \
                [{"Code": "None"}] * (len(params["TransactItems"]) - 1)
            raise ClientError({"Error": {"Code": "TransactionCanceledException", "Message": "cancelled"},
                               "CancellationReasons": reasons}, name)
        return original(client, name, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", call)
    path = f"/v1/training-events/{event['event_id']}/enrollments"
    first = _call(api, "POST", path, ("u-participant-ana", Role.PARTICIPANT), {})
    second = _call(api, "POST", path, ("u-participant-ben", Role.PARTICIPANT), {})
    assert len(collided) == 2
    assert (first.status_code, json.loads(first.body)["status"]) == (201, "enrolled")
    assert json.loads(second.body)["status"] == "waitlisted"  # the one seat is gone: the condition said no
    shown = json.loads(api.http.get(f"/v1/training-events/{event['event_id']}").body)
    assert shown["seats_left"] == 0


def test_a_training_record_from_attendance_can_be_disputed_amended_and_retracted_with_its_audit(
        api: Any, sponsor: dict[str, Any], monkeypatch: pytest.MonkeyPatch, pump: Any) -> None:
    """Hours a sponsor granted are a verified record like any other: the participant disputes them, staff amend
    or retract them with a reason, the participant is emailed, and the trail is kept under the event."""
    from chalicelib.local.demo import load_demo_data
    from chalicelib.services.accounts.notifications import outbox

    ids = load_demo_data(with_sign_in=True)["ids"]
    ana, ben = ids["u-participant-ana"], ids["u-participant-ben"]
    event = _attended_event(api, sponsor, [ana, ben], monkeypatch)

    def training_record(who: str) -> dict[str, Any]:
        records = json.loads(_call(api, "GET", "/v1/me/records", (who, Role.PARTICIPANT)).body)["items"]
        [record] = [r for r in records if r["kind"] == "training"]
        return dict(record)

    ana_record, ben_record = training_record(ana), training_record(ben)
    assert ana_record["source_document_id"] == f"event:{event['event_id']}"
    disputed = _call(api, "POST", "/v1/me/disputes", (ana, Role.PARTICIPANT),
                     {"record_id": ana_record["record_id"], "message": "I left at noon: three hours, not six."})
    assert disputed.status_code == 201, disputed.body
    dispute = json.loads(disputed.body)
    answered = _call(api, "POST", f"/v1/review/disputes/{dispute['dispute_id']}/answer", STAFF,
                     {"outcome": "corrected", "reason": "The sign-in sheet shows she left at noon.",
                      "data": {"hours": 3}})
    assert answered.status_code == 200, answered.body
    assert training_record(ana)["data"]["hours"] == 3
    retracted = _call(api, "POST", f"/v1/review/people/{ben}/records/{ben_record['record_id']}", STAFF,
                      {"action": "retract", "reason": "Ben was marked by mistake: he was not there."})
    assert retracted.status_code == 200, retracted.body
    assert [r for r in json.loads(_call(api, "GET", "/v1/me/records", (ben, Role.PARTICIPANT)).body)["items"]
            if r["kind"] == "training"] == []
    trail = json.loads(_call(api, "GET", f"/v1/review/disputes/{dispute['dispute_id']}", STAFF).body)
    # The record's source is the event: its trail starts with the sponsor scheduling it, and staff see which
    # manager granted the hours in question.
    assert [a["action"] for a in trail["audit"]] == ["event:scheduled", "attendance:granted", "attendance:granted",
                                                     "dispute:opened", "record:amended", "record:retracted"]
    assert {(a["after"]["user_id"], a["after"]["record_id"]) for a in trail["audit"][1:3]} == {
        (ana, ana_record["record_id"]), (ben, ben_record["record_id"])}
    assert {a["actor_id"] for a in trail["audit"][4:]} == {STAFF[0]}
    pump.drain(timeout_seconds=60)
    sent = {(m["to"], m["subject"]) for m in outbox()}
    assert ("ana.reyes@example.org", "A record from your Training certificate was corrected") in sent, sent
    assert ("ben.okafor@example.org", "A record from your Training certificate was removed") in sent, sent


def test_a_survey_with_fewer_than_five_answers_shows_nothing_even_after_it_closes(
        api: Any, sponsor: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib import clock as clock_module

    people = [f"u-learner-{n}" for n in range(4)]
    event = _attended_event(api, sponsor, people, monkeypatch)
    path = f"/v1/training-events/{event['event_id']}/survey"
    for who in people:
        assert _call(api, "POST", path, (who, Role.PARTICIPANT),
                     {"useful": 2, "presenter": 3, "recommend": 4, "comment": "ok"}).status_code == 201
    clock_module.CLOCK.advance(days=15)  # type: ignore[attr-defined]
    closed = json.loads(_call(api, "GET", path, sponsor["manager"]).body)
    assert closed["shown"] is False and "responses" not in closed and "comments" not in closed
