"""The Education & Training report: a person's verified education, permits, credentials and training hours,
asked for by the person or by registry staff."""

from __future__ import annotations

from chalicelib.errors import Forbidden, NotFound
from chalicelib.security.identity import Caller, Role
from chalicelib.services.records.report_kinds import PDF, Gathered, ReportKind, ReportRequest


def _authorize(caller: Caller, user_id: str) -> None:
    if caller.user_id != user_id and not caller.has_any({Role.STAFF, Role.ADMIN}):
        raise Forbidden("Only the person or registry staff can ask for this person's report.")


def _gather(request: ReportRequest) -> Gathered:
    from chalicelib.reports.education_training import build
    from chalicelib.reports.pdf import education_training_pdf
    from chalicelib.services.names import legal_name
    from chalicelib.services.records.participant_reports import records_for_reports
    from chalicelib.store.profiles import PeopleTable

    profile = PeopleTable().profile(request.subject_id)
    if profile is None:
        raise NotFound("No active profile with that id.")
    report = build(records_for_reports(profile), person_name=legal_name(profile), registry_id=profile.registry_id,
                   report_id=request.report_id, issued_at=request.issued_at, verify_url=request.verify_url,
                   today=request.today)
    language = profile.preferred_language or "en"
    return Gathered(render=lambda fmt: education_training_pdf(report, language), registered_as="education-training",
                    issued_for=f"{legal_name(profile)} ({profile.registry_id})", issued_to=request.caller.user_id,
                    covers=[profile.user_id], language=language)


REPORT_KIND = ReportKind(name="education-training", about="person", formats={"pdf": PDF}, authorize=_authorize,
                         gather=_gather, order=1)
