"""Job postings and the applications participants send to them."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem


class JobPostItem(RegistryItem, discriminator="job_post"):
    """pk=JOB#{id} sk=JOB; gsi1: PROGRAM_JOBS#{program} / {posted_at}#{id}; gsi2 (open posts only):
    JOBS#{county} / {closes_on}#{id}; gsi3 (open posts only): JOBS / {closes_on}#{id} (statewide)."""

    job_id = UnicodeAttribute()
    program_id = UnicodeAttribute()
    program_name = UnicodeAttribute()
    posted_by = UnicodeAttribute()
    title = UnicodeAttribute()
    role = UnicodeAttribute()
    county = UnicodeAttribute()
    schedule = UnicodeAttribute()
    pay_low = NumberAttribute()
    pay_high = NumberAttribute()
    pay_period = UnicodeAttribute()
    requirements = UnicodeAttribute()
    closes_on = UnicodeAttribute()
    status = UnicodeAttribute()
    status_reason = UnicodeAttribute(null=True)
    posted_at = UnicodeAttribute()
    applications = NumberAttribute(default=0)
    version = VersionAttribute()

    def index(self) -> None:
        self.gsi1pk, self.gsi1sk = f"PROGRAM_JOBS#{self.program_id}", f"{self.posted_at}#{self.job_id}"
        if self.status == "open":
            self.gsi2pk, self.gsi2sk = f"JOBS#{self.county}", f"{self.closes_on}#{self.job_id}"
            self.gsi3pk, self.gsi3sk = "JOBS", f"{self.closes_on}#{self.job_id}"
        else:
            self.gsi2pk = self.gsi2sk = self.gsi3pk = self.gsi3sk = None


class JobApplicationItem(RegistryItem, discriminator="job_application"):
    """pk=JOB#{job} sk=APPLY#{user} (one per person and post); gsi1: APPLICANT#{user} / {sent_at}#{job}."""

    job_id = UnicodeAttribute()
    application_id = UnicodeAttribute()
    applicant_id = UnicodeAttribute()
    message_sealed = UnicodeAttribute()  # the applicant's words, sealed with their profile's data key
    attachments = JSONAttribute()  # [{"kind": "document"|"report", "id": ..., "title": ..., "key": ...}]
    sent_at = UnicodeAttribute()


def new_post(job_id: str, **fields: Any) -> JobPostItem:
    return JobPostItem(f"JOB#{job_id}", "JOB", job_id=job_id, **fields)


def get_post(job_id: str) -> JobPostItem | None:
    try:
        return JobPostItem.get(f"JOB#{job_id}", "JOB", consistent_read=True)
    except DoesNotExist:
        return None


def open_posts(county: str | None, *, closing_from: str, limit: int = 500) -> list[JobPostItem]:
    """Open posts not yet past their closing day, soonest closing first, in one county or statewide."""
    if county:
        query = RegistryItem.gsi2.query(f"JOBS#{county}", RegistryItem.gsi2sk >= closing_from, limit=limit)
    else:
        query = RegistryItem.gsi3.query("JOBS", RegistryItem.gsi3sk >= closing_from, limit=limit)
    return [i for i in query if isinstance(i, JobPostItem)]


def posts_of_program(program_id: str) -> list[JobPostItem]:
    return [i for i in RegistryItem.gsi1.query(f"PROGRAM_JOBS#{program_id}", scan_index_forward=False)
            if isinstance(i, JobPostItem)]


def new_application(job_id: str, applicant_id: str, **fields: Any) -> JobApplicationItem:
    return JobApplicationItem(f"JOB#{job_id}", f"APPLY#{applicant_id}", job_id=job_id, applicant_id=applicant_id,
                              gsi1pk=f"APPLICANT#{applicant_id}", **fields)


def application_of(job_id: str, applicant_id: str) -> JobApplicationItem | None:
    try:
        return JobApplicationItem.get(f"JOB#{job_id}", f"APPLY#{applicant_id}", consistent_read=True)
    except DoesNotExist:
        return None


def applications_to(job_id: str) -> list[JobApplicationItem]:
    return list(JobApplicationItem.query(f"JOB#{job_id}", JobApplicationItem.sk.startswith("APPLY#")))


def applications_of(applicant_id: str) -> list[JobApplicationItem]:
    return [i for i in RegistryItem.gsi1.query(f"APPLICANT#{applicant_id}", scan_index_forward=False)
            if isinstance(i, JobApplicationItem)]
