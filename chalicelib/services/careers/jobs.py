"""The job board: programs post openings for free, participants search them and make the first contact.

An application goes to the program's directors with what the participant chose to share (a message, verified
documents, a freshly issued Education & Training report); nobody can search or browse participants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ulid import ULID

from chalicelib import clock
from chalicelib.domain.code_lists import california_county
from chalicelib.domain.documents import DocStatus
from chalicelib.domain.jobs import (
    PAY_PERIODS,
    ROLES,
    SCHEDULES,
    JobSearch,
    Pay,
    Posting,
    PostingRefused,
    PostStatus,
    check_posting,
    is_listed,
)
from chalicelib.domain.messages import JobApplicationEmail
from chalicelib.errors import Conflict, Forbidden, InvalidRequest, NotFound
from chalicelib.observability import logger, metrics
from chalicelib.security.identity import Caller, Role
from chalicelib.services.accounts.employment import require_director_of
from chalicelib.services.careers.views import (
    DocumentAttachment,
    DocumentLink,
    JobApplicant,
    JobApplicants,
    JobApplicationSent,
    JobSearchResults,
    JobView,
    MyJobApplication,
    ProgramJobView,
    ProgramStanding,
    ReportAttachment,
    ReportLink,
)
from chalicelib.services.unit_of_work import Guard, TableUnitOfWork
from chalicelib.services.views import Items
from chalicelib.store.jobs import (
    JobPostItem,
    application_of,
    applications_of,
    applications_to,
    get_post,
    new_application,
    new_post,
    open_posts,
    posts_of_program,
)

if TYPE_CHECKING:
    from chalicelib.store.profiles import ProfileItem

MAX_ATTACHED_DOCUMENTS = 10


class StoredReport(ReportAttachment):
    """A report attachment as the application keeps it: where the issued file is, which never leaves the
    registry (the program gets a short-lived link)."""
    key: str


@dataclass(frozen=True, slots=True)
class JobPostRequest:
    title: str
    role: str
    county: str
    schedule: str
    pay_low: float
    pay_high: float
    pay_period: str
    requirements: str
    closes_on: date


@dataclass(frozen=True, slots=True)
class ApplicationRequest:
    message: str
    document_ids: tuple[str, ...]
    attach_education_report: bool


def today() -> date:
    return clock.now().date()


def _posting(item: JobPostItem) -> Posting:
    return Posting(title=item.title, role=item.role, county=item.county, schedule=item.schedule,
                   pay=Pay(float(item.pay_low), float(item.pay_high), item.pay_period),
                   requirements=item.requirements, closes_on=date.fromisoformat(item.closes_on))


def _program_standing(program_id: str) -> ProgramStanding:
    """What a job seeker may rely on: the registry knows the program, its license and an approved director."""
    from chalicelib.services.accounts.employment import _program

    program = _program(program_id)
    return {"program_id": program_id, "name": program.name, "program_type": program.program_type,
            "licensed": bool(program.license_number), "license_number": program.license_number,
            "director_verified": True}


def _view(item: JobPostItem, standings: dict[str, ProgramStanding] | None = None) -> JobView:
    """standings: programs already read in this request (a search lists many posts of few programs)."""
    standings = {} if standings is None else standings
    if item.program_id not in standings:
        standings[item.program_id] = _program_standing(item.program_id)
    return {
        "job_id": item.job_id, "title": item.title, "role": item.role, "role_label": ROLES.get(item.role),
        "county": item.county, "schedule": item.schedule, "schedule_label": SCHEDULES.get(item.schedule),
        "pay": {"low": float(item.pay_low), "high": float(item.pay_high), "period": item.pay_period,
                "period_label": PAY_PERIODS.get(item.pay_period)},
        "requirements": item.requirements, "closes_on": item.closes_on, "posted_at": item.posted_at,
        "program": standings[item.program_id],
        "listed": is_listed(item.status, date.fromisoformat(item.closes_on), today()),
    }


def _program_view(item: JobPostItem, standings: dict[str, ProgramStanding] | None = None) -> ProgramJobView:
    """The opening on its program's desk: where it stands, and how many applied."""
    return {**_view(item, standings), "status": item.status, "status_reason": item.status_reason,
            "applications": int(item.applications or 0)}


def post_job(caller: Caller, program_id: str, request: JobPostRequest) -> ProgramJobView:
    require_director_of(caller, program_id)
    standing = _program_standing(program_id)
    county = california_county(request.county)
    if county == "unknown":
        raise InvalidRequest("{county} is not a California county: use the county's name, such as Sacramento.",
                             county=repr(request.county), extra={"field": "county"})
    posting = Posting(title=request.title, role=request.role, county=county, schedule=request.schedule,
                      pay=Pay(request.pay_low, request.pay_high, request.pay_period),
                      requirements=request.requirements, closes_on=request.closes_on)
    try:
        check_posting(posting, today())
    except PostingRefused as exc:
        raise InvalidRequest(exc.wording) from None
    job_id = str(ULID())
    item = new_post(job_id, program_id=program_id, program_name=standing["name"], posted_by=caller.user_id,
                    title=posting.title, role=posting.role, county=county, schedule=posting.schedule,
                    pay_low=posting.pay.low, pay_high=posting.pay.high, pay_period=posting.pay.period,
                    requirements=posting.requirements, closes_on=posting.closes_on.isoformat(),
                    status=PostStatus.OPEN.value, posted_at=clock.now_iso(), applications=0)
    item.index()
    uow = TableUnitOfWork()
    uow.save(item)
    uow.audit(f"job:{job_id}", caller, "job:posted")
    uow.commit()
    metrics.add_metric(name="JobsPosted", unit="Count", value=1)
    return _program_view(item)


def search(query: JobSearch) -> JobSearchResults:
    """Listed openings matching the search, soonest closing first (a person's search is never recorded)."""
    county = california_county(query.county) if query.county else None
    if county == "unknown":
        raise InvalidRequest("{county} is not a California county.", county=repr(query.county),
                             extra={"field": "county"})
    search_in = JobSearch(county=county, role=query.role, schedule=query.schedule,
                          min_hourly_pay=query.min_hourly_pay)
    items = [i for i in open_posts(county, closing_from=today().isoformat()) if search_in.matches(_posting(i))]
    standings: dict[str, ProgramStanding] = {}
    return {"items": [_view(i, standings) for i in items[:100]], "roles": dict(ROLES),
            "schedules": dict(SCHEDULES)}


def _listed_post(job_id: str) -> JobPostItem:
    item = get_post(job_id)
    if item is None or not is_listed(item.status, date.fromisoformat(item.closes_on), today()):
        raise NotFound("This opening is no longer listed: it closed or was taken down. Search for others.")
    return item


def job(job_id: str) -> JobView:
    return _view(_listed_post(job_id))


def program_jobs(caller: Caller, program_id: str) -> Items[ProgramJobView]:
    require_director_of(caller, program_id)
    standings = {program_id: _program_standing(program_id)}
    return {"items": [_program_view(i, standings) for i in posts_of_program(program_id)]}


def _own_post(caller: Caller, job_id: str) -> JobPostItem:
    item = get_post(job_id)
    if item is None:
        raise NotFound("No such opening.")
    try:
        require_director_of(caller, item.program_id)
    except Forbidden:
        raise NotFound("No such opening.") from None
    return item


def close_job(caller: Caller, job_id: str, *, reason: str | None = None) -> ProgramJobView:
    """The program closes its post; registry staff take one down for abuse (their reason is kept)."""
    item = _own_post(caller, job_id)
    staff = caller.has_any({Role.STAFF, Role.ADMIN})
    if staff and not reason:
        raise InvalidRequest("Say why the post is taken down (the program reads it).")
    item.status = (PostStatus.REMOVED if staff else PostStatus.CLOSED).value
    item.status_reason = reason
    item.index()
    uow = TableUnitOfWork()
    uow.save(item)
    uow.audit(f"job:{job_id}", caller, f"job:{item.status}", reason=reason)
    uow.commit()
    logger.info("job post closed", extra={"job_id": job_id, "status": item.status})
    return _program_view(item)


def apply(caller: Caller, job_id: str, request: ApplicationRequest) -> JobApplicationSent:
    """The participant's first contact: their message and what they chose to share, once per opening."""
    from chalicelib.security import fields as sealing
    from chalicelib.services.documents.lifecycle import load_for
    from chalicelib.store.people import approved_directors
    from chalicelib.store.profiles import get_profile

    post = _listed_post(job_id)
    profile = get_profile(caller.user_id)
    if profile is None or profile.status != "active":
        raise Conflict("Enroll first: programs see your verified record, so applications come from members.")
    if application_of(job_id, caller.user_id) is not None:
        raise Conflict("You already applied to this opening. The program has your application.")
    if len(request.document_ids) > MAX_ATTACHED_DOCUMENTS:
        raise InvalidRequest("Attach at most {most} documents.", most=MAX_ATTACHED_DOCUMENTS)
    application_id = str(ULID())
    attachments: list[DocumentAttachment | StoredReport] = []
    for document_id in dict.fromkeys(request.document_ids):
        document = load_for(caller, document_id)
        if document.owner_id != caller.user_id or document.status != DocStatus.VERIFIED.value:
            raise InvalidRequest("Only your own verified documents can be attached; {document_id} is {status}.",
                                 document_id=document_id, status=document.status.replace("_", " "))
        attachments.append({"kind": "document", "id": document_id, "doc_type": document.doc_type})
    if request.attach_education_report:
        attachments.append(_attach_report(caller, profile, application_id))
    key = sealing.load_data_key(profile.registry_id)
    if key is None:
        raise Conflict("Your profile is closed.")
    application = new_application(
        job_id, caller.user_id, application_id=application_id, attachments=attachments,
        message_sealed=sealing.seal(key, profile.registry_id, f"application:{application_id}", request.message),
        sent_at=clock.now_iso(), gsi1sk=f"{clock.now_iso()}#{job_id}")
    uow = TableUnitOfWork()
    uow.save(application, Guard("sk", absent=True))
    uow.count(post, "applications", 1)
    for director in approved_directors(post.program_id):
        uow.send(JobApplicationEmail(director, post.title, post.program_name))
    try:
        uow.commit()
    except Conflict:
        raise Conflict("You already applied to this opening, or it changed at that moment. Reload it.") from None
    metrics.add_metric(name="JobApplications", unit="Count", value=1)
    return {"application_id": application_id, "job_id": job_id, "sent_at": application.sent_at,
            "attachments": [_sent(a) for a in attachments]}


def _sent(attachment: DocumentAttachment | StoredReport) -> DocumentAttachment | ReportAttachment:
    """What the applicant is told they shared: a report without where it is kept."""
    if attachment["kind"] == "report":
        return {"kind": "report", "id": attachment["id"], "title": attachment["title"]}
    return attachment


def _attach_report(caller: Caller, profile: ProfileItem, application_id: str) -> StoredReport:
    from chalicelib.services.documents.lifecycle import artifacts
    from chalicelib.services.records.reporting import issue

    issued = issue("education-training", caller, profile.user_id, fmt="pdf")
    key = f"applications/{application_id}/{issued.report_id}.pdf"
    artifacts().put(key, issued.content, issued.media_type)
    return {"kind": "report", "id": issued.report_id, "title": "Education & Training report", "key": key}


def applications(caller: Caller, job_id: str) -> JobApplicants:
    """For the program's directors (and registry staff): who applied, their words and their attachments."""
    from chalicelib.security import fields as sealing
    from chalicelib.services.accounts.people import mail_address
    from chalicelib.services.documents.lifecycle import artifacts, original_link
    from chalicelib.services.names import display_name
    from chalicelib.store.profiles import get_profile

    post = _own_post(caller, job_id)
    out: list[JobApplicant] = []
    for application in applications_to(job_id):
        profile = get_profile(application.applicant_id)
        key = sealing.load_data_key(profile.registry_id) if profile is not None else None
        if profile is None or key is None:
            continue  # the applicant closed their profile: the application went with it
        address = mail_address(application.applicant_id)
        links: list[ReportLink | DocumentLink] = []
        for attachment in application.attachments:
            if attachment["kind"] == "report":
                url = artifacts().presigned_get(attachment["key"], expires_in=300, content_type="application/pdf")
                links.append({"kind": "report", "title": attachment["title"], "report_id": attachment["id"],
                              "url": url})
            else:
                owner = Caller(application.applicant_id, frozenset({Role.PARTICIPANT}))
                try:
                    link = original_link(owner, attachment["id"])
                except (NotFound, Conflict):
                    continue  # deleted by its owner since
                links.append({"kind": "document", "doc_type": attachment.get("doc_type"), "url": link["url"]})
        out.append({"application_id": application.application_id, "sent_at": application.sent_at,
                    "name": display_name(profile), "registry_id": profile.registry_id,
                    "email": address.address if address else None,
                    "message": sealing.unseal(key, profile.registry_id, f"application:{application.application_id}",
                                              application.message_sealed),
                    "attachments": links})
    return {"job": _program_view(post), "items": out}


def my_applications(caller: Caller) -> Items[MyJobApplication]:
    out: list[MyJobApplication] = []
    for application in applications_of(caller.user_id):
        post = get_post(application.job_id)
        out.append({"application_id": application.application_id, "job_id": application.job_id,
                    "sent_at": application.sent_at, "title": post.title if post else None,
                    "program": post.program_name if post else None,
                    "still_listed": bool(post and is_listed(post.status, date.fromisoformat(post.closes_on), today())),
                    "attachments": len(application.attachments)})
    return {"items": out}
