"""A program's QRIS staff qualifications: each lead teacher's (or family child care provider's) Element 3 points
and each director's Element 7 points from verified records, and the program's score, issued like the other
program reports (registered, signed inside, verifiable offline)."""

from __future__ import annotations

from datetime import date

from chalicelib import clock
from chalicelib.domain.qris import evidence_of, is_director, is_lead_teacher, program_score, rate, rubric
from chalicelib.reports.qris import PersonRating, QrisReport, to_json, to_pdf, to_xlsx
from chalicelib.security.identity import Caller
from chalicelib.services.records.report_kinds import Gathered, ReportRequest
from chalicelib.services.records.views import QrisRating, QrisSummary

KIND = "qris-staff-qualifications"


def build(caller: Caller, program_id: str, *, today: date, report_id: str, issued_at: str,
          verify_url: str) -> tuple[QrisReport, list[str]]:
    """The report and the people it covers (their internal ids, for 'a newer version exists')."""
    from chalicelib.services.accounts.program_staff import _person_name, _profiles, _program, current_staff
    from chalicelib.services.names import display_name
    from chalicelib.store.people import approved_directors
    from chalicelib.store.records import snapshot_details

    program = _program(program_id)
    family = program.program_type == "family_child_care_home"
    positions = current_staff(program_id, today)
    leads = [(p.user_id, p.role) for p in positions if is_lead_teacher(p.role)]
    directors = [(p.user_id, p.role) for p in positions if is_director(p.role)]
    known = {u for u, _ in directors}
    directors += [(u, "Director") for u in approved_directors(program_id) if u not in known]
    if family:
        # In a family child care home the provider is the lead teacher Element 3 rates; Element 7 is for centers.
        leads += [(u, "Family child care provider") for u, _ in directors if u not in {x for x, _ in leads}]
        directors = []
    people = [u for u, _ in leads + directors]
    profiles = _profiles(people)
    records = snapshot_details(people)
    rated: list[PersonRating] = []
    for element, group in (("3", leads), ("7", directors)):
        for user_id, role in sorted(group):
            evidence = evidence_of(records[user_id][0], today, family_child_care=family)
            rating = rate(element, evidence)
            profile = profiles.get(user_id)
            rated.append(PersonRating(
                name=display_name(profile) if profile else _person_name(user_id, profiles),
                registry_id=profile.registry_id if profile else "not enrolled", role=role, element=element,
                points=rating.points, reached_by=rating.reached_by, next_needs=rating.next_needs))
    scores = {e: program_score(e, [p.points for p in rated if p.element == e]) for e in ("3", "7")}
    data = rubric()
    return QrisReport(report_id=report_id, issued_at=issued_at, issued_to=_person_name(caller.user_id, profiles),
                      verify_url=verify_url, program={"program_id": program.program_id, "name": program.name,
                                                      "license_number": program.license_number,
                                                      "program_type": program.program_type},
                      people=rated, scores=scores, source=data["source"], edition=data["edition"],
                      notes=list(data["notes"])), people


def gather(request: ReportRequest) -> Gathered:
    report, covers = build(request.caller, request.subject_id, today=request.today, report_id=request.report_id,
                           issued_at=request.issued_at, verify_url=request.verify_url)
    renderers = {"pdf": to_pdf, "xlsx": to_xlsx, "json": to_json}
    return Gathered(render=lambda fmt: renderers[fmt](report), registered_as=KIND,
                    issued_for=f"{report.program['name']} (license {report.program['license_number']})",
                    issued_to=report.issued_to, covers=covers,
                    details={"scores": {k: v for k, v in report.scores.items()}})


def summary(caller: Caller, program_id: str) -> QrisSummary:
    """The same figures as the report, as JSON for the director's page (nothing registered)."""
    from chalicelib.services.accounts.employment import require_director_of

    require_director_of(caller, program_id)
    report, _ = build(caller, program_id, today=clock.today(), report_id="-", issued_at="-", verify_url="-")
    return QrisSummary(scores={f"element_{k}": v for k, v in report.scores.items()},
                       people=[QrisRating(name=p.name, registry_id=p.registry_id, role=p.role, element=p.element,
                                          points=p.points, reached_by=p.reached_by, next_level_needs=p.next_needs)
                               for p in report.people], source=report.source, edition=report.edition,
                       notes=report.notes)
