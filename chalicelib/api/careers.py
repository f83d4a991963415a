"""Careers: the job board, and a participant's record as a signed credential that travels to other registries."""

from __future__ import annotations

from chalice.app import Blueprint, Response

from chalicelib.api.routing import PUBLIC, RequestContext, json_response, secured
from chalicelib.errors import InvalidRequest, NotFound
from chalicelib.security.identity import Role
from chalicelib.services.careers.views import (
    JobApplicants,
    JobApplicationSent,
    JobSearchResults,
    JobView,
    MyJobApplication,
    ProgramJobView,
)
from chalicelib.services.records.views import CredentialIssuer, RecordCredential, TrustedRegistryView
from chalicelib.services.views import Items

bp = Blueprint(__name__)
DIRECTORS = [Role.DIRECTOR, Role.STAFF, Role.ADMIN]
SIGNED_IN = [Role.PARTICIPANT, Role.DIRECTOR, Role.STAFF, Role.ADMIN, Role.SPONSOR]


@secured(bp, "/v1/jobs", roles=SIGNED_IN)
def search_jobs(ctx: RequestContext) -> JobSearchResults:
    from chalicelib.domain.jobs import JobSearch
    from chalicelib.services.careers import jobs

    pay = ctx.query("min_hourly_pay")
    try:
        min_pay = float(pay) if pay else None
    except ValueError:
        raise InvalidRequest("min_hourly_pay is a number of dollars per hour, such as 20.") from None
    return jobs.search(JobSearch(county=ctx.query("county") or None, role=ctx.query("role") or None,
                                 schedule=ctx.query("schedule") or None, min_hourly_pay=min_pay))


@secured(bp, "/v1/jobs/{job_id}", roles=SIGNED_IN)
def show_job(ctx: RequestContext, job_id: str) -> JobView:
    from chalicelib.services.careers import jobs

    return jobs.job(job_id)


@secured(bp, "/v1/jobs/{job_id}/applications", methods=["POST"], roles=[Role.PARTICIPANT])
def apply_to_job(ctx: RequestContext, job_id: str) -> JobApplicationSent:
    from chalicelib.api.models import JobApplication
    from chalicelib.services.careers import jobs

    body = ctx.body(JobApplication)
    return jobs.apply(ctx.user, job_id, jobs.ApplicationRequest(body.message, tuple(body.document_ids),
                                                                body.attach_education_report))


@secured(bp, "/v1/jobs/{job_id}/applications", roles=DIRECTORS)
def job_applications(ctx: RequestContext, job_id: str) -> JobApplicants:
    from chalicelib.services.careers import jobs

    return jobs.applications(ctx.user, job_id)


@secured(bp, "/v1/jobs/{job_id}/close", methods=["POST"], roles=DIRECTORS)
def close_job(ctx: RequestContext, job_id: str) -> ProgramJobView:
    from chalicelib.api.models import JobClosing
    from chalicelib.services.careers import jobs

    return jobs.close_job(ctx.user, job_id, reason=ctx.body(JobClosing).reason)


@secured(bp, "/v1/me/job-applications", roles=[Role.PARTICIPANT])
def my_job_applications(ctx: RequestContext) -> Items[MyJobApplication]:
    from chalicelib.services.careers import jobs

    return jobs.my_applications(ctx.user)


@secured(bp, "/v1/programs/{program_id}/jobs", roles=DIRECTORS)
def program_jobs(ctx: RequestContext, program_id: str) -> Items[ProgramJobView]:
    from chalicelib.services.careers import jobs

    return jobs.program_jobs(ctx.user, program_id)


@secured(bp, "/v1/programs/{program_id}/jobs", methods=["POST"], roles=[Role.DIRECTOR])
def post_job(ctx: RequestContext, program_id: str) -> Response:
    from chalicelib.api.models import JobPost
    from chalicelib.services.careers import jobs

    body = ctx.body(JobPost)
    return json_response(jobs.post_job(ctx.user, program_id, jobs.JobPostRequest(
        title=body.title, role=body.role, county=body.county, schedule=body.schedule, pay_low=body.pay_low,
        pay_high=body.pay_high, pay_period=body.pay_period, requirements=body.requirements,
        closes_on=body.closes_on)), status_code=201)


@secured(bp, "/v1/me/record-credential", roles=[Role.PARTICIPANT])
def record_credential(ctx: RequestContext) -> RecordCredential:
    from chalicelib.services.records import portable_record

    return portable_record.export_record(ctx.user)


@secured(bp, "/v1/me/record-imports", methods=["POST"], roles=[Role.PARTICIPANT])
def import_record(ctx: RequestContext) -> Response:
    from chalicelib.api.models import RecordImport
    from chalicelib.services.records import portable_record

    return json_response(portable_record.import_record(ctx.user, ctx.body(RecordImport).credential),
                         status_code=201)


@secured(bp, "/v1/credentials/issuer", roles=PUBLIC)
def credential_issuer(ctx: RequestContext) -> CredentialIssuer:
    from chalicelib.services.records import portable_record

    return portable_record.issuer_document()


@secured(bp, "/v1/credentials/status/{list_number}", roles=PUBLIC)
def credential_status_list(ctx: RequestContext, list_number: str) -> Response:
    """A Bitstring Status List credential (VC-JWT) that says which issued record credentials are revoked."""
    from chalicelib.services.records import portable_record

    if not list_number.isdigit() or len(list_number) > 6:
        raise NotFound("No such status list.")
    return Response(body=portable_record.status_list_credential(int(list_number)), status_code=200,
                    headers={"Content-Type": "application/vc+jwt", "Cache-Control": "public, max-age=300"})


@secured(bp, "/v1/admin/trusted-registries", roles=[Role.ADMIN, Role.STAFF])
def trusted_registries(ctx: RequestContext) -> Items[TrustedRegistryView]:
    from chalicelib.services.records import portable_record

    return portable_record.trusted()


@secured(bp, "/v1/admin/trusted-registries", methods=["POST"], roles=[Role.ADMIN])
def trust_registry(ctx: RequestContext) -> Response:
    from chalicelib.api.models import TrustedRegistry
    from chalicelib.services.records import portable_record

    body = ctx.body(TrustedRegistry)
    return json_response(portable_record.trust_registry(ctx.user, issuer_id=body.issuer_id, name=body.name,
                                                        jwks=body.jwks), status_code=201)
