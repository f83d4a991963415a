"""The Staff Verification Report a program files for NAEYC, NAC or NAFCC: each staff member's qualification."""

from chalicelib.services.records.program_reports import verification_report

REPORT_KIND = verification_report("staff-verification", order=10)
