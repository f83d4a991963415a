"""Director and Staff Verification Reports, generated on demand from verified records.

Reads: one Query (paged) for the program's confirmed staff, then BatchGets for their
profiles and records snapshots (100 keys each); never a Scan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from chalicelib import clock
from chalicelib.domain.qualifications import ACCREDITORS, ADMIN_COURSE, qualification, role_group
from chalicelib.errors import InvalidRequest
from chalicelib.reports.program import ProgramReport, StaffRow, counted, to_json, to_pdf, to_xlsx
from chalicelib.security.identity import Caller
from chalicelib.services.accounts.employment import require_director_of
from chalicelib.services.accounts.program_staff import (
    _person_name,
    _profiles,
    _program,
    current_staff,
)
from chalicelib.services.names import display_name
from chalicelib.services.records.report_kinds import JSON, PDF, XLSX, Gathered, ReportKind, ReportRequest
from chalicelib.services.records.views import PastReport
from chalicelib.services.views import Items
from chalicelib.store.people import approved_directors
from chalicelib.store.profiles import ProfileItem
from chalicelib.store.records import snapshot_details
from chalicelib.store.reports import program_subject

FORMATS = {"pdf": PDF, "xlsx": XLSX, "json": JSON}


def _row(person: str, profile: ProfileItem | None, role: str, hire_date: str | None, today: date,
         records: Sequence[Mapping[str, Any]], pending: int = 0, *, unenrolled_name: str | None = None) -> StaffRow:
    """One person's line from their records snapshot's rows ({kind, data, verified_at}, as stored);
    unenrolled_name names someone with no profile at all (a director may have none)."""
    admin_courses = [r["data"] for r in records if r["kind"] == "course" and
                     ADMIN_COURSE.search(str(r["data"].get("title") or ""))]
    if profile is None and unenrolled_name is not None:
        name, registry_id = unenrolled_name, "not enrolled"
    else:
        name = display_name(profile) if profile and profile.status == "active" else "(profile closed)"
        registry_id = profile.registry_id if profile else "—"
    return StaffRow(name=name, registry_id=registry_id, role=role, role_group=role_group(role),
                    hire_date=hire_date or "not confirmed", q=qualification(records, today),
                    admin_courses=admin_courses, pending_documents=pending, person=person)


def build_report(caller: Caller, program_id: str, *, kind: str, accreditor: str, today: date | None = None,
                 report_id: str, issued_at: str, verify_url: str) -> ProgramReport:
    today = today or clock.today()
    program = _program(program_id)
    positions = current_staff(program_id, today)
    directors = approved_directors(program_id)
    people = [p.user_id for p in positions] + directors
    profiles = _profiles(people)
    # Each person's records snapshot, 100 per BatchGet: requests grow by one per 100 staff.
    details = snapshot_details(people)
    staff_rows = [_row(p.user_id, profiles.get(p.user_id), p.role, p.start_date, today, *details[p.user_id])
                  for p in sorted(positions, key=lambda p: p.user_id)]
    # Approved directors are counted in the director and provider rules of both reports. A director's hire date
    # is the start of their confirmed position here; the day they asked the registry for access is not one.
    started = {p.user_id: p.start_date for p in positions}
    director_rows = [_row(d, profiles.get(d), "Director", started.get(d), today, *details[d],
                          unenrolled_name=_person_name(d, profiles)) for d in directors]
    issued_to = _person_name(caller.user_id, profiles)
    return ProgramReport(kind=kind, accreditor=accreditor, report_id=report_id, issued_at=issued_at,
                         issued_to=issued_to, verify_url=verify_url,
                         program={"program_id": program.program_id, "name": program.name,
                                  "license_number": program.license_number, "program_type": program.program_type,
                                  "address": program.address},
                         staff=staff_rows, directors=director_rows)


def check_accreditor(options: Mapping[str, str]) -> None:
    if options.get("accreditor", "naeyc") not in ACCREDITORS:
        raise InvalidRequest("accreditor must be naeyc, nac or nafcc.")


def verification_report(name: str, *, order: int) -> ReportKind:
    """A Director or Staff Verification Report: the program's staff (or directors) with their qualifications,
    against an accreditor's rules; partners hear of each one issued."""

    def gather(request: ReportRequest) -> Gathered:
        accreditor = request.options.get("accreditor", "naeyc")
        report = build_report(request.caller, request.subject_id, kind=name, accreditor=accreditor,
                              today=request.today, report_id=request.report_id, issued_at=request.issued_at,
                              verify_url=request.verify_url)
        renderers = {"pdf": to_pdf, "xlsx": to_xlsx, "json": to_json}
        return Gathered(render=lambda fmt: renderers[fmt](report), registered_as=f"{name}:{accreditor}",
                        issued_for=f"{report.program['name']} (license {report.program['license_number']})",
                        issued_to=report.issued_to, covers=[r.person for r in counted(report)],
                        details={"staff_count": len(report.staff)})

    return ReportKind(name=name, about="program", formats=FORMATS, authorize=require_director_of, gather=gather,
                      check_options=check_accreditor, announce=True, order=order)


def past_reports(caller: Caller, program_id: str) -> Items[PastReport]:
    from chalicelib.store.reports import reports_about

    require_director_of(caller, program_id)
    return {"items": [PastReport(report_id=r.report_id, kind=r.kind, issued_at=r.issued_at, issued_to=r.issued_to,
                                 media_type=r.media_type, details=r.details)
                      for r in reports_about(program_subject(program_id))]}
