"""The bill for a year of California: a monthly AWS cost from what the benches measured, beside the staff time.

Reads what bench/scale.py measured (DynamoDB calls and consumed capacity per request, on DynamoDB Local) and
what bench/burst.py measured (Textract pages per upload, the OCR function's billed seconds) from
.local/bench/, and says which figures are measured and which are assumed. Without those files it uses the
figures recorded in docs/cost.md and says so.

    .venv/bin/python bench/cost.py
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / ".local" / "bench"

# Public on-demand prices, US East (N. Virginia), as AWS published them in 2025 (the last prices this project
# could read); check https://aws.amazon.com/pricing before relying on a total.
PRICES_AS_OF = "AWS public prices for us-east-1 as published in 2025"
PRICE = {
    "dynamodb_read_unit": 0.125 / 1e6,  # on-demand read request unit
    "dynamodb_write_unit": 0.625 / 1e6,  # on-demand write request unit
    "dynamodb_gb_month": 0.25,
    "dynamodb_pitr_gb_month": 0.20,
    "lambda_gb_second": 0.0000166667,  # x86
    "lambda_request": 0.20 / 1e6,
    "api_request": 3.50 / 1e6,  # API Gateway REST, first 333 M
    "textract_page": 1.50 / 1000,  # DetectDocumentText, first million pages a month
    "s3_gb_month": 0.023,
    "s3_ia_gb_month": 0.0125,  # uploads older than 30 days move to Standard-IA (infra/resources.yaml)
    "s3_put": 0.005 / 1000,
    "s3_get": 0.0004 / 1000,
    "sqs_request": 0.40 / 1e6,
    "ses_email": 0.10 / 1000,
    "kms_key_month": 1.00,
    "kms_request": 0.03 / 10_000,
    "cognito_mau": 0.0055,  # Lite tier, above the 10,000 free monthly active users
    "logs_gb": 0.50,
    "waf_acl_month": 5.00,
    "waf_rule_month": 1.00,
    "waf_request": 0.60 / 1e6,
}

# A year of California (issue 26): 250,000 participants, 600,000 documents, 20,000 events, 300,000 enrolments.
YEAR = {"participants": 250_000, "documents": 600_000, "events": 20_000, "enrolments": 300_000, "programs": 20_000}
MONTH = {k: v / 12 for k, v in YEAR.items()}

# Assumptions of use (not measured): how often people do what, per month.
USE = {
    "record_views_per_participant": 2,  # opening My records
    "reports_per_participant": 0.1,  # an E&T report a participant downloads
    "calendar_searches": 600_000,
    "review_queue_pages_per_document": 3,  # staff open the queue about three times per document decided
    "staff_reports_per_program": 0.25,  # a director's verification report a quarter
    "partner_feed_pages": 10 * 60 * 24 * 30,  # ten partners polling once a minute
    "dashboard_views": 3_000,
    "sweeps": 60 * 24 * 30,  # the minute schedule counts what waits for staff
    "monthly_active_users": 75_000,  # participants, staff, directors and sponsors signing in in a month
    "emails_per_document": 2,  # received, decided
    "emails_per_enrolment": 2,  # enrolled, the reminder
    "api_requests_per_active_user": 60,
    "upload_mb": 2.5,  # a phone photo or a scan, as sent
    "page_images_mb": 0.6,  # the review images and OCR blocks kept beside it
    "retention_years": 7,  # docs/privacy-and-retention.md
    "log_gb": 30,
    "api_memory_gb": 1.0, "api_seconds": 0.25,
    "ocr_memory_gb": 2.0,
    "item_kb": 1.5,  # the average stored item, all kinds
    "items_per_participant": 20,
}

# Verifying by hand, as registries do now (assumptions, say so): a staff member reading a document and typing
# its fields, against reviewing prefilled fields beside the page.
STAFF_HOURLY_COST = 45.0  # a state analyst's loaded hourly cost, salary and overhead
MINUTES_BY_HAND = {"transcript": 25, "other": 8}
MINUTES_PREFILLED = {"transcript": 6, "other": 2}
TRANSCRIPT_SHARE = 0.3

# What the benches printed when docs/cost.md was written, used when their result files are absent.
RECORDED_SCALE = {
    "participant's records with totals": {"capacity_units": 0.7, "calls": 1.0},
    "E&T report (PDF, signed, stored)": {"capacity_units": 3.6, "calls": 3.0},
    "review queue, oldest first": {"capacity_units": 32.0, "calls": 1.0},
    "staff verification report, 500 staff (PDF)": {"capacity_units": 619.0, "calls": 17.0},
    "calendar by county and month": {"capacity_units": 1.6, "calls": 3.0},
    "partner event feed page (state partner)": {"capacity_units": 11.0, "calls": 2.5},
    "processing-time dashboard": {"capacity_units": 8.0, "calls": 4.0},
    "backlog count (the minute sweep)": {"capacity_units": 98.0, "calls": 4.0},
    "enrolment, one person": {"capacity_units": 18.0, "calls": 6.0},
}
RECORDED_BURST = {"textract_pages_per_upload": 1.6, "extraction_seconds_mean": 3.0}
# Writes per verified document (upload, intake, extraction, review claim, decision, records, snapshot, events,
# outbox, audit), counted from a document's path in the integration tests: about 40 write units.
WRITE_UNITS_PER_DOCUMENT = 40


@dataclass
class Line:
    component: str
    volume: str
    monthly: float
    measured: bool


def _load(name: str, recorded: Mapping[str, object]) -> tuple[Mapping[str, object], bool]:
    path = RESULTS / f"{name}.json"
    if path.exists():
        return json.loads(path.read_text()), True
    return recorded, False


def bill() -> tuple[list[Line], dict[str, float]]:
    scale, scale_measured = _load("scale", {"figures": RECORDED_SCALE})
    burst, burst_measured = _load("burst", RECORDED_BURST)
    figures = scale["figures"]  # type: ignore[index]

    def cu(name: str) -> float:
        # A figure an older result file does not have yet: the recorded one.
        return float((figures.get(name) or RECORDED_SCALE[name])["capacity_units"])  # type: ignore[attr-defined]

    docs = MONTH["documents"]
    reads = {
        "records views": USE["record_views_per_participant"] * YEAR["participants"] * cu(
            "participant's records with totals"),
        "E&T reports": USE["reports_per_participant"] * YEAR["participants"] * cu("E&T report (PDF, signed, stored)"),
        "review queue": USE["review_queue_pages_per_document"] * docs * cu("review queue, oldest first"),
        "program reports": USE["staff_reports_per_program"] * YEAR["programs"] * cu(
            "staff verification report, 500 staff (PDF)") / 40,  # an average program has ~12 staff, not 500
        "calendar": USE["calendar_searches"] * cu("calendar by county and month"),
        "partner feed": USE["partner_feed_pages"] * cu("partner event feed page (state partner)"),
        "dashboard": USE["dashboard_views"] * cu("processing-time dashboard"),
        "backlog count": USE["sweeps"] * cu("backlog count (the minute sweep)"),
    }
    enrol_units = MONTH["enrolments"] * cu("enrolment, one person")
    write_units = docs * WRITE_UNITS_PER_DOCUMENT + enrol_units
    read_units = sum(reads.values())
    stored_gb = YEAR["participants"] * USE["items_per_participant"] * USE["item_kb"] / 1e6
    pages = docs * float(burst["textract_pages_per_upload"])  # type: ignore[arg-type]
    ocr_seconds = docs * float(burst["extraction_seconds_mean"])  # type: ignore[arg-type]
    api_requests = USE["monthly_active_users"] * USE["api_requests_per_active_user"] + USE["calendar_searches"]
    # S3 after a full retention period: this month's uploads in Standard, the rest in Standard-IA.
    upload_gb_month = docs * (USE["upload_mb"] + USE["page_images_mb"]) / 1000
    kept_gb = upload_gb_month * 12 * USE["retention_years"]
    emails = docs * USE["emails_per_document"] + MONTH["enrolments"] * USE["emails_per_enrolment"]
    lines = [
        Line("DynamoDB reads (request paths)", f"{read_units / 1e6:,.1f} M read units", read_units *
             PRICE["dynamodb_read_unit"], scale_measured),
        Line("DynamoDB writes", f"{write_units / 1e6:,.1f} M write units", write_units * PRICE["dynamodb_write_unit"],
             scale_measured),
        Line("DynamoDB storage and backups", f"{stored_gb:,.1f} GB",
             stored_gb * (PRICE["dynamodb_gb_month"] + PRICE["dynamodb_pitr_gb_month"]), False),
        Line("Textract (DetectDocumentText)", f"{pages:,.0f} pages", pages * PRICE["textract_page"], burst_measured),
        Line("Lambda, OCR function", f"{ocr_seconds / 3600:,.0f} h at {USE['ocr_memory_gb']:.0f} GB",
             ocr_seconds * USE["ocr_memory_gb"] * PRICE["lambda_gb_second"] + docs * PRICE["lambda_request"],
             burst_measured),
        Line("Lambda, API and events", f"{api_requests / 1e6:,.1f} M invocations",
             api_requests * (USE["api_memory_gb"] * USE["api_seconds"] * PRICE["lambda_gb_second"] +
                             PRICE["lambda_request"]), False),
        Line("API Gateway", f"{api_requests / 1e6:,.1f} M requests", api_requests * PRICE["api_request"], False),
        Line("WAF (rate-based rules)", f"{api_requests / 1e6:,.1f} M requests",
             PRICE["waf_acl_month"] + 2 * PRICE["waf_rule_month"] + api_requests * PRICE["waf_request"], False),
        Line("S3 (uploads kept 7 years)", f"{kept_gb / 1000:,.1f} TB after 7 years",
             upload_gb_month * PRICE["s3_gb_month"] + (kept_gb - upload_gb_month) * PRICE["s3_ia_gb_month"] +
             docs * 4 * PRICE["s3_put"] + docs * 20 * PRICE["s3_get"], False),
        Line("SQS", f"{docs * 12 / 1e6:,.1f} M requests", docs * 12 * PRICE["sqs_request"], False),
        Line("SES", f"{emails:,.0f} emails", emails * PRICE["ses_email"], False),
        Line("KMS (keys and data-key use)", f"{api_requests / 1e6:,.1f} M requests",
             6 * PRICE["kms_key_month"] + api_requests * 0.3 * PRICE["kms_request"], False),
        Line("Cognito (Lite)", f"{USE['monthly_active_users']:,.0f} monthly active users",
             max(0.0, USE["monthly_active_users"] - 10_000) * PRICE["cognito_mau"], False),
        Line("CloudWatch Logs", f"{USE['log_gb']:.0f} GB", USE["log_gb"] * PRICE["logs_gb"], False),
    ]
    total = sum(line.monthly for line in lines)
    minutes_by_hand = docs * (TRANSCRIPT_SHARE * MINUTES_BY_HAND["transcript"] +
                              (1 - TRANSCRIPT_SHARE) * MINUTES_BY_HAND["other"])
    minutes_prefilled = docs * (TRANSCRIPT_SHARE * MINUTES_PREFILLED["transcript"] +
                                (1 - TRANSCRIPT_SHARE) * MINUTES_PREFILLED["other"])
    summary = {"total": total, "per_document": total / docs, "per_participant": total / YEAR["participants"],
               "staff_by_hand": minutes_by_hand / 60 * STAFF_HOURLY_COST,
               "staff_prefilled": minutes_prefilled / 60 * STAFF_HOURLY_COST,
               "hours_by_hand": minutes_by_hand / 60, "hours_prefilled": minutes_prefilled / 60}
    return lines, summary


def main() -> int:
    lines, summary = bill()
    print(f"A month of the state-scale year ({YEAR['documents'] / 12:,.0f} documents, {YEAR['participants']:,} "
          f"participants), {PRICES_AS_OF}\n")
    width = max(len(line.component) for line in lines)
    for line in sorted(lines, key=lambda line: -line.monthly):
        source = "unit cost measured by the benches" if line.measured else "assumed"
        print(f"  {line.component:<{width}}  {line.volume:>32}  ${line.monthly:>10,.2f}   ({source})")
    print(f"\n  {'AWS total':<{width}}  {'':>32}  ${summary['total']:>10,.2f} a month")
    print(f"  per verified document ${summary['per_document']:.3f}; per participant ${summary['per_participant']:.3f} "
          "a month")
    top = max(lines, key=lambda line: line.monthly)
    print(f"  largest: {top.component} ({top.monthly / summary['total']:.0%} of the AWS bill)")
    print(f"\nStaff time for the same documents (at ${STAFF_HOURLY_COST:.0f} an hour, assumed):")
    print(f"  by hand, typing every field:      {summary['hours_by_hand']:>8,.0f} h  "
          f"${summary['staff_by_hand']:>12,.0f} a month")
    print(f"  reviewing prefilled fields:       {summary['hours_prefilled']:>8,.0f} h  "
          f"${summary['staff_prefilled']:>12,.0f} a month")
    print(f"  the whole AWS bill is {summary['total'] / summary['staff_prefilled']:.1%} of the staff time that remains")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
