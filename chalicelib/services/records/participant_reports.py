"""Documents a participant takes to employers: E&T report, membership card, resume."""

from __future__ import annotations

from chalicelib import clock
from chalicelib.config import get_settings
from chalicelib.reports.education_training import build
from chalicelib.services.names import display_name, legal_name
from chalicelib.services.records.views import PublicMembership, ReportedRecord
from chalicelib.store.profiles import ProfileItem
from chalicelib.store.records import records_of

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def records_for_reports(profile: ProfileItem) -> list[ReportedRecord]:
    """A person's verified records as the E&T report and the resume read them."""
    return [ReportedRecord(kind=r.kind, data=r.data, verified_at=r.verified_at) for r in records_of(profile.user_id)]


def id_card(profile: ProfileItem) -> bytes:
    from chalicelib.domain.catalogues import catalogue
    from chalicelib.reports.pdf import id_card_pdf

    url = f"{get_settings().public_base_url}/app#/check/card/{profile.registry_id}"  # the card check page
    active = catalogue("reports", profile.preferred_language)["card_active"]
    return id_card_pdf(person_name=display_name(profile), registry_id=profile.registry_id,
                       status=active if profile.status == "active" else profile.status,
                       member_since=profile.created_at, verify_url=url,
                       language=profile.preferred_language)


def public_membership(registry_id: str, last_name: str | None = None) -> PublicMembership:
    """What anyone may learn from a Registry ID: whether it is active. The member's name only to a caller who
    already knows it: someone checking a card they were handed types the last name printed on it."""
    from chalicelib.domain.attention import fold_name
    from chalicelib.errors import NotFound, TooManyRequests
    from chalicelib.services.accounts.profiles import staff_profile

    try:
        profile = staff_profile(registry_id)
    except NotFound:
        raise NotFound("No member has that Registry ID.") from None
    if profile.status != "active":
        return PublicMembership(registry_id=profile.registry_id, status="closed", name=None)
    body = PublicMembership(registry_id=profile.registry_id, status="active", name=None)
    if last_name is not None:
        from chalicelib.store.people import quota_used, take_quota

        # A public route that answers a name: a few wrong last names and this ID answers no more names today,
        # even a right one (else guessing would only take longer), whoever asks.
        day, counter = clock.today().isoformat(), f"RID-{profile.registry_id}"
        if quota_used(counter, "wrong_last_names", day) >= WRONG_NAMES_PER_DAY:
            raise TooManyRequests("Too many wrong last names were tried for this Registry ID today. Try again "
                                  "tomorrow, or ask the member for their card.")
        typed = fold_name(last_name).replace(" ", "")
        matches = bool(typed) and typed == fold_name(profile.legal_last_name or "").replace(" ", "")
        body["last_name_matches"] = matches
        if matches:
            body["name"] = display_name(profile)
        else:
            take_quota(counter, "wrong_last_names", day, WRONG_NAMES_PER_DAY)
    return body


WRONG_NAMES_PER_DAY = 5


def resume(profile: ProfileItem, *, summary: str, employment_ids: list[str] | None) -> bytes:
    from chalicelib.reports.resume import resume_docx
    from chalicelib.services.accounts.employment import positions_of

    report = build(records_for_reports(profile), person_name=legal_name(profile), registry_id=profile.registry_id,
                   report_id="-", issued_at="-", verify_url="-", today=clock.today())
    positions = [p for p in positions_of(profile.user_id)
                 if p["status"] != "declined" and (employment_ids is None or p["employment_id"] in employment_ids)]
    return resume_docx(name=display_name(profile), email=profile.email, registry_id=profile.registry_id,
                       summary=summary, positions=positions, degrees=report.degrees,
                       credentials=report.credentials,
                       training_hours=sum(report.hours_by_area.values()), language=profile.preferred_language)
