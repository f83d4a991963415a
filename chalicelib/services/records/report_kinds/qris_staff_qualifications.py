"""A program's QRIS staff qualifications: Element 3 for lead teachers, Element 7 for directors, and its score.
Asked with an accreditor like the verification reports (checked, not printed); partners are not told of it."""

from chalicelib.services.accounts.employment import require_director_of
from chalicelib.services.records.program_reports import FORMATS, check_accreditor
from chalicelib.services.records.qris import KIND, gather
from chalicelib.services.records.report_kinds import ReportKind

REPORT_KIND = ReportKind(name=KIND, about="program", formats=FORMATS, authorize=require_director_of, gather=gather,
                         check_options=check_accreditor, order=12)
