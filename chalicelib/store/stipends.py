"""Stipend programs a county runs in the registry, and the applications to them."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem


class StipendProgramItem(RegistryItem, discriminator="stipend_program"):
    """pk=STIPEND#{id} sk=STIPEND; gsi1: STIPENDS / {closes_on}#{id}."""

    stipend_id = UnicodeAttribute()
    name = UnicodeAttribute()
    county = UnicodeAttribute()
    amount = NumberAttribute()
    period_start = UnicodeAttribute()
    period_end = UnicodeAttribute()
    closes_on = UnicodeAttribute()
    rules = JSONAttribute()
    tax_id_required = UnicodeAttribute()  # "yes" | "no": whether an SSN or ITIN must come with an application
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()


class StipendApplicationItem(RegistryItem, discriminator="stipend_application"):
    """pk=STIPEND#{id} sk=APPLY#{user}; gsi1: STIPEND_APPLICANT#{user} / {applied_at}#{id}."""

    stipend_id = UnicodeAttribute()
    applicant_id = UnicodeAttribute()
    status = UnicodeAttribute()  # submitted | approved | denied
    outcomes = JSONAttribute()  # the rules as checked when the person applied
    tax_id_sealed = UnicodeAttribute(null=True)  # SSN or ITIN, sealed with the applicant's profile data key
    tax_id_last4 = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    applied_at = UnicodeAttribute()
    version = VersionAttribute()


def new_program(stipend_id: str, **fields: Any) -> StipendProgramItem:
    return StipendProgramItem(f"STIPEND#{stipend_id}", "STIPEND", stipend_id=stipend_id, gsi1pk="STIPENDS",
                              gsi1sk=f"{fields['closes_on']}#{stipend_id}", **fields)


def get_program(stipend_id: str) -> StipendProgramItem | None:
    try:
        return StipendProgramItem.get(f"STIPEND#{stipend_id}", "STIPEND", consistent_read=True)
    except DoesNotExist:
        return None


def programs_closing_from(day: str) -> list[StipendProgramItem]:
    return [i for i in RegistryItem.gsi1.query("STIPENDS", RegistryItem.gsi1sk >= day)
            if isinstance(i, StipendProgramItem)]


def new_application(stipend_id: str, applicant_id: str, **fields: Any) -> StipendApplicationItem:
    return StipendApplicationItem(f"STIPEND#{stipend_id}", f"APPLY#{applicant_id}", stipend_id=stipend_id,
                                  applicant_id=applicant_id, gsi1pk=f"STIPEND_APPLICANT#{applicant_id}",
                                  gsi1sk=f"{fields['applied_at']}#{stipend_id}", **fields)


def application_of(stipend_id: str, applicant_id: str) -> StipendApplicationItem | None:
    try:
        return StipendApplicationItem.get(f"STIPEND#{stipend_id}", f"APPLY#{applicant_id}", consistent_read=True)
    except DoesNotExist:
        return None


def applications_to(stipend_id: str) -> list[StipendApplicationItem]:
    return list(StipendApplicationItem.query(f"STIPEND#{stipend_id}", StipendApplicationItem.sk.startswith("APPLY#")))


def applications_of(applicant_id: str) -> list[StipendApplicationItem]:
    return [i for i in RegistryItem.gsi1.query(f"STIPEND_APPLICANT#{applicant_id}", scan_index_forward=False)
            if isinstance(i, StipendApplicationItem)]
