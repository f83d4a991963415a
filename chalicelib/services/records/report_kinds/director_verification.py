"""The Director Verification Report a program files for NAEYC, NAC or NAFCC: its directors' qualifications."""

from chalicelib.services.records.program_reports import verification_report

REPORT_KIND = verification_report("director-verification", order=11)
