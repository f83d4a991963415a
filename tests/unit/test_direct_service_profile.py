"""The Direct Service Profile Report on the in-memory unit of work: codes, periods, and counts that name nobody."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from chalicelib.errors import Conflict, Forbidden, InvalidRequest
from chalicelib.security.identity import Caller, Role
from chalicelib.services.training import direct_service_profile as dspr
from chalicelib.store.profiles import ProfileItem
from chalicelib.store.training import SponsorItem, TrainingEventItem, new_enrollment
from tests.fakes import InMemoryUnitOfWork

MIA = Caller("user-mia", frozenset({Role.SPONSOR}))
CODES = dspr.StateReporting(vendor_number="VND42", program_letter="C", funding="funded")


def _event(event_id: str, starts: str, county: str, delivery: str) -> TrainingEventItem:
    details = {"title": f"Training {event_id}", "hours": 3, "county": county, "delivery": delivery,
               "starts_at": starts, "ends_at": starts}
    return TrainingEventItem(*TrainingEventItem.key(event_id), event_id=event_id, sponsor_id="sp-1",
                             training_id="tr-1", details=details, starts_at=starts, withdraw_until=starts,
                             capacity=20, enrolled=0, visibility="published")


@pytest.fixture
def uow(monkeypatch: pytest.MonkeyPatch) -> InMemoryUnitOfWork:
    work = InMemoryUnitOfWork()
    work.save(SponsorItem(*SponsorItem.key("sp-1"), sponsor_id="sp-1", name="Delta ELI", status="approved",
                          applicant_id=MIA.user_id, managers=[MIA.user_id], applied_at="2026-01-01"))
    big = _event("ev-big", "2026-10-05T16:00:00.000000Z", "San Joaquin", "in_person")
    small = _event("ev-small", "2026-10-20T16:00:00.000000Z", "Sacramento County", "online")
    later = _event("ev-later", "2027-02-01T16:00:00.000000Z", "San Joaquin", "in_person")
    for event in (big, small, later):
        work.save(event)
    answers = [("es", ["white"]), ("es", ["asian", "white"]), ("en", ["black_african_american"]), ("zh", ["asian"]),
               ("es", []), ("vi", ["asian"])]
    for n, (language, race) in enumerate(answers):
        user = f"user-{n}"
        work.people.add(ProfileItem(*ProfileItem.key(user), user_id=user, registry_id=f"CA-{n}", status="active",
                                    created_at="2026-01-01", updated_at="2026-01-01",
                                    demographics={"primary_language": language, "race_ethnicity": race}))
        work.save(new_enrollment(big, user, status="attended", queued_at="2026-10-01"))
        if n < 2:
            work.save(new_enrollment(small, user, status="attended", queued_at="2026-10-01"))
    work.save(new_enrollment(big, "user-absent", status="no_show", queued_at="2026-10-01"))
    work.commit()
    monkeypatch.setattr("chalicelib.store.training.events_of_sponsor", lambda sponsor_id, first, last: [
        e for e in work.table.every(TrainingEventItem)
        if e.sponsor_id == sponsor_id and first <= e.starts_at[:10] <= last])
    return work


def _rows(data: bytes) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(data))["DSPR"].iter_rows(values_only=True))


def test_each_event_in_the_period_is_a_row_with_its_orgcode_and_counts_that_name_nobody(
        uow: InMemoryUnitOfWork) -> None:
    with pytest.raises(Conflict, match="vendor number"):
        dspr.report(MIA, "sp-1", start=date(2026, 10, 1), end=date(2026, 12, 31), county=None, uow=uow)
    dspr.set_state_reporting(MIA, "sp-1", CODES, uow=uow)
    header, *rows = _rows(dspr.report(MIA, "sp-1", start=date(2026, 10, 1), end=date(2026, 12, 31), county=None,
                                      uow=uow))
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    # Vendor, county number (San Joaquin is the 39th county), program letter, training, classroom/online, funded.
    assert set(by_code) == {"VND4239C100", "VND4234C110"}
    big = by_code["VND4239C100"]
    assert (big["Training"], big["Date"], big["Attended"]) == ("Training ev-big", "2026-10-05", 6)  # no-show out
    assert (big["Language: es"], big["Language: en"], big["Language: vi"]) == (3, 1, 1)
    assert (big["Race: asian"], big["Race: two or more"], big["Race: not given"]) == (2, 1, 1)
    small = by_code["VND4234C110"]
    assert small["Attended"] == 2 and small["Language: es"] == "<5 attended"  # two people: not broken down

    only_sac = _rows(dspr.report(MIA, "sp-1", start=date(2026, 10, 1), end=date(2026, 12, 31),
                                 county="sacramento", uow=uow))
    assert [r[0] for r in only_sac[1:]] == ["VND4234C110"]


def test_the_report_is_the_sponsors_own_and_its_period_is_bounded(uow: InMemoryUnitOfWork) -> None:
    dspr.set_state_reporting(MIA, "sp-1", CODES, uow=uow)
    with pytest.raises(Forbidden):
        dspr.report(Caller("user-other", frozenset({Role.SPONSOR})), "sp-1", start=date(2026, 10, 1),
                    end=date(2026, 12, 31), county=None, uow=uow)
    with pytest.raises(InvalidRequest):
        dspr.report(MIA, "sp-1", start=date(2020, 1, 1), end=date(2026, 12, 31), county=None, uow=uow)
    with pytest.raises(InvalidRequest):
        dspr.report(MIA, "sp-1", start=date(2026, 12, 31), end=date(2026, 10, 1), county=None, uow=uow)
