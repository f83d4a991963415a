"""The training module: sponsors and their catalogue, the public Training Calendar, enrolment, attendance."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalice.app import Blueprint, Response

from chalicelib.api.routing import PUBLIC, RequestContext, json_response, secured
from chalicelib.errors import InvalidRequest
from chalicelib.security.identity import Role
from chalicelib.services.training.views import (
    Application,
    AttendanceMarked,
    Calendar,
    CatalogueTraining,
    ContactChanged,
    EventInstructorList,
    EventView,
    InstructorLine,
    InstructorState,
    Logo,
    ManagerAnswer,
    Managers,
    MyEventView,
    MySponsor,
    NoPermitYet,
    PermitRenewal,
    Roster,
    Saved,
    SponsorEventView,
    SponsorName,
    SponsorState,
    StateReportingChanged,
    SurveySummary,
    as_training_details,
    contact_of,
)
from chalicelib.services.views import Items

bp = Blueprint(__name__)
PEOPLE = [Role.PARTICIPANT, Role.DIRECTOR, Role.SPONSOR, Role.STAFF, Role.ADMIN]
MANAGERS = [Role.SPONSOR]
LEARNERS = [Role.PARTICIPANT]


def _date(ctx: RequestContext, name: str) -> date | None:
    raw = ctx.query(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidRequest("'{name}' must be a date such as 2027-03-01.", name=name) from None


@secured(bp, "/v1/sponsors", methods=["POST"], roles=PEOPLE)
def apply(ctx: RequestContext) -> Response:
    from chalicelib.api.models import SponsorApplication
    from chalicelib.services.training import sponsors

    return json_response(sponsors.apply(ctx.user, name=ctx.body(SponsorApplication).name), 201)


@secured(bp, "/v1/sponsors/{sponsor_id}/decision", methods=["POST"], roles=[Role.STAFF, Role.ADMIN])
def decide(ctx: RequestContext, sponsor_id: str) -> SponsorState:
    from chalicelib.api.models import SponsorDecision
    from chalicelib.services.training import sponsors

    body = ctx.body(SponsorDecision)
    return sponsors.decide(ctx.user, sponsor_id, approve=body.decision == "approve", reason=body.reason)


@secured(bp, "/v1/sponsors/{sponsor_id}/trainings", methods=["POST"], roles=MANAGERS)
def add_training(ctx: RequestContext, sponsor_id: str) -> Response:
    from chalicelib.api.models import CatalogTraining
    from chalicelib.services.training import catalogue

    details = as_training_details(ctx.body(CatalogTraining).model_dump())
    return json_response(catalogue.add_training(ctx.user, sponsor_id, details), 201)


@secured(bp, "/v1/sponsors/{sponsor_id}/trainings", roles=MANAGERS)
def list_trainings(ctx: RequestContext, sponsor_id: str) -> Items[CatalogueTraining]:
    from chalicelib.services.training import catalogue

    return catalogue.list_trainings(ctx.user, sponsor_id)


@secured(bp, "/v1/sponsors/{sponsor_id}/events", methods=["POST"], roles=MANAGERS)
def schedule(ctx: RequestContext, sponsor_id: str) -> Response:
    from chalicelib.api.models import ScheduleEvent
    from chalicelib.services.training import catalogue

    body = ctx.body(ScheduleEvent)
    return json_response(catalogue.schedule(
        ctx.user, sponsor_id, training_id=body.training_id, starts_at=body.starts_at, ends_at=body.ends_at,
        capacity=body.capacity, county=body.county, place=body.place, funding_source=body.funding_source,
        invite_only=body.invite_only, withdraw_hours_before=body.withdraw_hours_before, draft=body.draft), 201)


@secured(bp, "/v1/training-events/{event_id}/publish", methods=["POST"], roles=MANAGERS)
def publish_event(ctx: RequestContext, event_id: str) -> SponsorEventView:
    from chalicelib.services.training import catalogue

    return catalogue.publish(ctx.user, event_id)


@secured(bp, "/v1/sponsors/{sponsor_id}/trainings/{training_id}", methods=["PUT"], roles=MANAGERS)
def update_training(ctx: RequestContext, sponsor_id: str, training_id: str) -> CatalogueTraining:
    from chalicelib.api.models import CatalogTraining
    from chalicelib.services.training import catalogue

    details = as_training_details(ctx.body(CatalogTraining).model_dump())
    return catalogue.update_training(ctx.user, sponsor_id, training_id, details)


@secured(bp, "/v1/sponsors/{sponsor_id}/contact", methods=["PUT"], roles=MANAGERS)
def set_sponsor_contact(ctx: RequestContext, sponsor_id: str) -> ContactChanged:
    from chalicelib.api.models import SponsorContact
    from chalicelib.services.training import sponsors

    return sponsors.set_contact(ctx.user, sponsor_id, contact_of(ctx.body(SponsorContact).model_dump()))


@secured(bp, "/v1/training-calendar", roles=PUBLIC)
def calendar(ctx: RequestContext) -> Calendar:
    from chalicelib.services.training import catalogue

    return catalogue.calendar(catalogue.CalendarQuery(
        county=ctx.query("county"), starts_from=_date(ctx, "from"), starts_to=_date(ctx, "to"),
        competency_area=ctx.query("competency_area"), language=ctx.query("language"),
        delivery=ctx.query("delivery"), text=ctx.query("q")))


@secured(bp, "/v1/training-events/{event_id}", roles=PUBLIC)
def event(ctx: RequestContext, event_id: str) -> EventView:
    from chalicelib.services.training import catalogue

    return catalogue.public_view(catalogue.event_for(event_id, ctx.query("code")))


@secured(bp, "/v1/training-events/{event_id}/enrollments", methods=["POST"], roles=[*LEARNERS, Role.DIRECTOR])
def enroll(ctx: RequestContext, event_id: str) -> Response:
    from chalicelib.api.models import Enrol
    from chalicelib.services.training import enrolment

    body = ctx.body(Enrol)
    return json_response(enrolment.enroll(ctx.user, event_id, invitation_code=body.invitation_code,
                                                 for_user=body.user_id), 201)


@secured(bp, "/v1/me/training-progress", roles=LEARNERS)
def progress(ctx: RequestContext) -> PermitRenewal | NoPermitYet:
    from chalicelib.services.training import attendance

    return attendance.permit_renewal_progress(ctx.user)


@secured(bp, "/v1/training-events/{event_id}/enrollments/me", methods=["DELETE"], roles=LEARNERS)
def withdraw(ctx: RequestContext, event_id: str) -> MyEventView:
    from chalicelib.services.training import enrolment

    return enrolment.withdraw(ctx.user, event_id)


@secured(bp, "/v1/me/saved-trainings", roles=LEARNERS)
def saved_trainings(ctx: RequestContext) -> Items[EventView]:
    from chalicelib.services.training import catalogue

    return catalogue.saved_trainings(ctx.user)


@secured(bp, "/v1/me/saved-trainings/{event_id}", methods=["PUT"], roles=LEARNERS)
def save_training(ctx: RequestContext, event_id: str) -> Saved:
    from chalicelib.services.training import catalogue

    return catalogue.save_training(ctx.user, event_id)


@secured(bp, "/v1/me/saved-trainings/{event_id}", methods=["DELETE"], roles=LEARNERS)
def unsave_training(ctx: RequestContext, event_id: str) -> Saved:
    from chalicelib.services.training import catalogue

    return catalogue.unsave_training(ctx.user, event_id)


@secured(bp, "/v1/me/training-events", roles=LEARNERS)
def my_events(ctx: RequestContext) -> Items[MyEventView]:
    from chalicelib.services.training import enrolment

    return enrolment.my_events(ctx.user)


@secured(bp, "/v1/training-events/{event_id}/roster", roles=MANAGERS)
def roster(ctx: RequestContext, event_id: str) -> Roster:
    from chalicelib.services.training import attendance

    return attendance.roster(ctx.user, event_id)


@secured(bp, "/v1/training-events/{event_id}/attendance", methods=["POST"], roles=MANAGERS)
def attendance(ctx: RequestContext, event_id: str) -> AttendanceMarked:
    from chalicelib.api.models import Attendance
    from chalicelib.services.training import attendance

    marks = {m.user_id: m.attended for m in ctx.body(Attendance).marks}
    return attendance.record_attendance(ctx.user, event_id, marks)


@secured(bp, "/v1/training-events/{event_id}/sign-in-sheet", roles=MANAGERS)
def sign_in_sheet(ctx: RequestContext, event_id: str) -> Response:
    from chalicelib.reports.pdf import sign_in_sheet_pdf
    from chalicelib.services.training import attendance

    roster = attendance.roster(ctx.user, event_id)
    return Response(body=sign_in_sheet_pdf(roster["event"], roster["people"]), status_code=200,
                    headers={"Content-Type": "application/pdf",
                             "Content-Disposition": 'attachment; filename="sign-in-sheet.pdf"'})


@secured(bp, "/v1/me/reports/cda-training", roles=LEARNERS)
def cda_training(ctx: RequestContext) -> Any:
    from chalicelib import clock
    from chalicelib.reports.pdf import cda_training_pdf
    from chalicelib.services.training import attendance

    transcript = attendance.cda_transcript(ctx.user)
    if ctx.query("format") == "json":
        return transcript
    content = cda_training_pdf(person_name=transcript["person_name"], registry_id=transcript["registry_id"],
                               progress=transcript, issued_at=clock.now_iso(), language=transcript["language"])
    return Response(body=content, status_code=200, headers={
        "Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="cda-training.pdf"'})


@secured(bp, "/v1/training-events/{event_id}/survey", methods=["POST"], roles=LEARNERS)
def answer_survey(ctx: RequestContext, event_id: str) -> Response:
    from chalicelib.api.models import SurveyAnswer
    from chalicelib.services.training import survey

    body = ctx.body(SurveyAnswer)
    ratings = {"useful": body.useful, "presenter": body.presenter, "recommend": body.recommend}
    return json_response(survey.answer_survey(ctx.user, event_id, ratings, body.comment), 201)


@secured(bp, "/v1/training-events/{event_id}/survey", roles=MANAGERS)
def survey_summary(ctx: RequestContext, event_id: str) -> SurveySummary:
    from chalicelib.services.training import survey

    return survey.survey_summary(ctx.user, event_id)


@secured(bp, "/v1/sponsors/{sponsor_id}/managers", methods=["POST"], roles=MANAGERS)
def add_manager(ctx: RequestContext, sponsor_id: str) -> Managers:
    from chalicelib.api.models import ManagerInvite
    from chalicelib.services.training import sponsors

    body = ctx.body(ManagerInvite)
    return sponsors.invite_manager(ctx.user, sponsor_id, email=body.email, user_id=body.user_id)


@secured(bp, "/v1/sponsors/{sponsor_id}/managers/me", methods=["POST"], roles=PEOPLE)
def answer_manager_invitation(ctx: RequestContext, sponsor_id: str) -> ManagerAnswer:
    """The person a manager invited accepts or declines managing the sponsor."""
    from chalicelib.api.models import InvitationAnswer
    from chalicelib.services.training import sponsors

    return sponsors.answer_manager_invitation(ctx.user, sponsor_id,
                                                     accept=ctx.body(InvitationAnswer).answer == "accept")


@secured(bp, "/v1/sponsors/{sponsor_id}/instructors", methods=["POST"], roles=PEOPLE)
def request_instructor(ctx: RequestContext, sponsor_id: str) -> Response:
    from chalicelib.api.models import InstructorRequest
    from chalicelib.services.training import instructors

    body = ctx.body(InstructorRequest)
    return json_response(instructors.request_instructor(ctx.user, sponsor_id, body.bio, body.public_profile),
                         201)


@secured(bp, "/v1/sponsors/{sponsor_id}/instructors", roles=MANAGERS)
def list_instructors(ctx: RequestContext, sponsor_id: str) -> Items[InstructorLine]:
    from chalicelib.services.training import instructors

    return instructors.list_instructors(ctx.user, sponsor_id)


@secured(bp, "/v1/sponsors/{sponsor_id}/instructors/{user_id}/decision", methods=["POST"], roles=MANAGERS)
def decide_instructor(ctx: RequestContext, sponsor_id: str, user_id: str) -> InstructorState:
    from chalicelib.api.models import InstructorDecision
    from chalicelib.services.training import instructors

    approve = ctx.body(InstructorDecision).decision == "approve"
    return instructors.decide_instructor(ctx.user, sponsor_id, user_id, approve=approve)


@secured(bp, "/v1/training-events/{event_id}/instructors", methods=["PUT"], roles=MANAGERS)
def assign_instructors(ctx: RequestContext, event_id: str) -> EventInstructorList:
    from chalicelib.api.models import EventInstructors
    from chalicelib.services.training import catalogue

    return catalogue.assign_instructors(ctx.user, event_id, ctx.body(EventInstructors).user_ids)


@secured(bp, "/v1/me/instructing", roles=PEOPLE)
def instructing(ctx: RequestContext) -> Items[EventView]:
    from chalicelib.services.training import catalogue

    return catalogue.events_i_lead(ctx.user)


@secured(bp, "/v1/sponsors/{sponsor_id}/reports/training", roles=MANAGERS)
def sponsor_report(ctx: RequestContext, sponsor_id: str) -> Response:
    from chalicelib.services.training import sponsor_report

    return Response(body=sponsor_report.sponsor_report(ctx.user, sponsor_id), status_code=200, headers={
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": 'attachment; filename="training-report.xlsx"'})


@secured(bp, "/v1/sponsors/{sponsor_id}/state-reporting", methods=["PUT"], roles=MANAGERS)
def set_state_reporting(ctx: RequestContext, sponsor_id: str) -> StateReportingChanged:
    from chalicelib.api.models import StateReportingCodes
    from chalicelib.services.training import direct_service_profile as dspr

    body = ctx.body(StateReportingCodes)
    return dspr.set_state_reporting(ctx.user, sponsor_id, dspr.StateReporting(
        vendor_number=body.vendor_number, program_letter=body.program_letter, funding=body.funding))


@secured(bp, "/v1/sponsors/{sponsor_id}/reports/direct-service-profile", roles=MANAGERS)
def direct_service_profile(ctx: RequestContext, sponsor_id: str) -> Response:
    from datetime import date

    from chalicelib.services.training import direct_service_profile as dspr

    try:
        start, end = date.fromisoformat(ctx.query("from") or ""), date.fromisoformat(ctx.query("to") or "")
    except ValueError:
        raise InvalidRequest("from and to: dates as YYYY-MM-DD.") from None
    county = (ctx.query("county") or "")[:60] or None
    return Response(body=dspr.report(ctx.user, sponsor_id, start=start, end=end, county=county), status_code=200,
                    headers={"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             "Content-Disposition": 'attachment; filename="direct-service-profile.xlsx"'})


@secured(bp, "/v1/me/sponsors", roles=PEOPLE)
def my_sponsors(ctx: RequestContext) -> Items[MySponsor]:
    from chalicelib.services.training import sponsors

    return sponsors.my_sponsors(ctx.user)


@secured(bp, "/v1/training-sponsors", roles=PEOPLE)
def approved_sponsors(ctx: RequestContext) -> Items[SponsorName]:
    from chalicelib.services.training import sponsors

    return sponsors.approved_sponsors()


@secured(bp, "/v1/sponsors", roles=[Role.STAFF, Role.ADMIN])
def applications(ctx: RequestContext) -> Items[Application]:
    from chalicelib.services.training import sponsors

    status = ctx.query("status") or "applied"
    if status not in ("applied", "approved", "denied"):
        raise InvalidRequest("status must be applied, approved or denied.")
    return sponsors.applications(status)


@secured(bp, "/v1/sponsors/{sponsor_id}/events", roles=MANAGERS)
def sponsor_events(ctx: RequestContext, sponsor_id: str) -> Items[SponsorEventView]:
    from chalicelib.services.training import catalogue

    return catalogue.sponsor_events(ctx.user, sponsor_id)


@secured(bp, "/v1/sponsors/{sponsor_id}/logo", methods=["PUT"], roles=MANAGERS,
         content_types=["image/png", "image/jpeg", "image/webp", "application/octet-stream"])
def put_logo(ctx: RequestContext, sponsor_id: str) -> Logo:
    from chalicelib.services.training import sponsors

    raw = ctx.request.raw_body or b""
    return sponsors.set_logo(ctx.user, sponsor_id, raw if isinstance(raw, bytes) else raw.encode())


@secured(bp, "/v1/sponsors/{sponsor_id}/logo", roles=PUBLIC)
def get_logo(ctx: RequestContext, sponsor_id: str) -> Response:
    from chalicelib.services.training import sponsors

    return Response(body=sponsors.logo(sponsor_id), status_code=200,
                    headers={"Content-Type": "image/png", "Cache-Control": "public, max-age=300",
                             "X-Content-Type-Options": "nosniff"})
