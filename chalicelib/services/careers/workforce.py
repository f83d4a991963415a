"""The NWRA national workforce dataset's core data elements, de-identified, for one state.

Published as counts by county and one attribute at a time, with small-cell and complementary suppression
(domain/disclosure.py); no names, ids, dates or free text. docs/workforce-dataset.md is the data dictionary.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from chalicelib import clock
from chalicelib.domain.code_lists import GENDER, HISPANIC_LATINO, RACE, california_county
from chalicelib.domain.code_lists import coded_answer as _coded
from chalicelib.domain.code_lists import language_code as _language_code
from chalicelib.domain.disclosure import Count, publishable, rounded
from chalicelib.domain.qualifications import LATTICE_NAMES, Qualification, qualification, role_group
from chalicelib.reports.cells import csv_text
from chalicelib.services.careers.views import WorkforceRelease
from chalicelib.services.views import Items

if TYPE_CHECKING:
    from chalicelib.security.identity import Caller
    from chalicelib.services.unit_of_work import UnitOfWork
    from chalicelib.store.workforce import WorkforceReleaseItem

SUPPRESS_BELOW = 10
DIMENSIONS = ("county", "program_type", "role_group", "highest_degree", "lattice_level", "years_in_field",
              "primary_language", "hours_per_week", "hourly_wage", "credential", "training_hours_12_months",
              "gender", "hispanic_latino", "race")
NOT_GIVEN = "not given"


@dataclass(frozen=True, slots=True)
class WorkforceMember:
    county: str
    program_type: str
    role_group: str
    highest_degree: str
    lattice_level: str
    years_in_field: str
    primary_language: str
    hours_per_week: str = NOT_GIVEN
    hourly_wage: str = NOT_GIVEN
    credential: str = "none verified"
    training_hours_12_months: str = "0"
    gender: str = NOT_GIVEN
    hispanic_latino: str = NOT_GIVEN
    race: str = NOT_GIVEN


def _years_bucket(began: int | None, today: date) -> str:
    if not began:
        return "unknown"
    years = today.year - began
    for limit, label in ((2, "0-2"), (5, "3-5"), (10, "6-10"), (20, "11-20")):
        if years <= limit:
            return label
    return "20+"


def _band(value: float | None, bands: tuple[tuple[float, str], ...], top: str) -> str:
    if value is None:
        return NOT_GIVEN
    return next((label for limit, label in bands if value < limit), top)


def hours_band(hours: float | None) -> str:
    return _band(hours, ((20, "under 20"), (35, "20-34")), "35 or more")


def wage_band(wage: float | None) -> str:
    return _band(wage, ((16, "under $16"), (20, "$16-19.99"), (25, "$20-24.99"), (30, "$25-29.99")), "$30 or more")


def training_band(hours: float) -> str:
    return "0" if hours <= 0 else _band(hours, ((15, "1-14"), (30, "15-29")), "30 or more")


def _credential(q: Qualification) -> str:
    from chalicelib.domain.qualifications import PERMIT_LEVELS

    level = q.valid_permit_level
    if level:
        title = next(t for t, n in PERMIT_LEVELS.items() if n == level)
        return title.replace("Child Development ", "")
    return "CDA" if q.cda else "none verified"


def _degree_bucket(title: str | None) -> str:
    lowered = (title or "").lower()
    for word in ("doctor", "master", "bachelor", "associate"):
        if word in lowered:
            return word
    return "none verified"


def release_period(today: date) -> tuple[str, date]:
    """The last calendar quarter that has ended: its name and last day. A release counts the workforce as of that
    day, so every export made during a quarter is the same file, and two releases are a quarter's hires apart."""
    quarter = (today.month - 1) // 3  # this quarter, 0-3; the one before it has ended
    year, last = (today.year - 1, 4) if quarter == 0 else (today.year, quarter)
    end_month = last * 3
    end = date(year + end_month // 12, end_month % 12 + 1, 1) - timedelta(days=1)
    return f"{year}-Q{last}", end


def aggregate(members: Iterable[WorkforceMember], *, release: str) -> list[Count]:
    """Suppressed on the true counts (domain/disclosure.py), then each count randomly rounded to a multiple of
    five, fixed by the release: consecutive releases cannot be subtracted to read one person's attributes."""
    people = [{d: getattr(m, d) for d in DIMENSIONS} for m in members]
    return [rounded(c, release) for c in publishable(people, area="county",
                                                     dimensions=[d for d in DIMENSIONS if d != "county"],
                                                     threshold=SUPPRESS_BELOW)]


def to_csv(rows: list[Count]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["area", "dimension", "value", "people"])
    writer.writerows([csv_text(r.area), csv_text(r.dimension), csv_text(r.value), r.people] for r in rows)
    return buffer.getvalue()


def collect(state: str, today: date | None = None) -> list[WorkforceMember]:
    """Everyone confirmed and current at a program in the state (programs by index, staff by Query)."""
    from chalicelib.services.accounts.program_staff import current_staff
    from chalicelib.store.people import EmploymentTable
    from chalicelib.store.profiles import get_profile
    from chalicelib.store.records import snapshot_of

    today = today or clock.today()
    members = []
    for program in EmploymentTable().programs():
        if (program.address or {}).get("state") != state:
            continue
        for position in current_staff(program.program_id, today):
            if position.start_date > today.isoformat():
                continue  # hired after the day counted
            profile = get_profile(position.user_id)
            if profile is None or profile.status != "active":
                continue
            records = snapshot_of(position.user_id).records
            q = qualification(records, today)
            members.append(WorkforceMember(
                county=california_county(profile.home_county), program_type=program.program_type,
                role_group=role_group(position.role), highest_degree=_degree_bucket(q.highest_degree),
                lattice_level=LATTICE_NAMES[q.lattice_level],
                years_in_field=_years_bucket(int(profile.began_ece_year) if profile.began_ece_year else None, today),
                primary_language=_language_code((profile.demographics or {}).get("primary_language")),
                hours_per_week=hours_band(float(position.hours_per_week) if position.hours_per_week else None),
                hourly_wage=wage_band(float(position.hourly_wage) if position.hourly_wage else None),
                credential=_credential(q), training_hours_12_months=training_band(float(q.training_hours_12_months)),
                gender=_coded((profile.demographics or {}).get("gender"), GENDER),
                hispanic_latino=_coded((profile.demographics or {}).get("hispanic_latino"), HISPANIC_LATINO),
                race=_coded((profile.demographics or {}).get("race_ethnicity"), RACE)))
    return members


# ---------------------------------------------------------------- releases an administrator downloads

RELEASES_LISTED = 12


def _release_view(item: WorkforceReleaseItem) -> WorkforceRelease:
    return {"state": item.state, "release": item.release, "as_of": item.as_of, "status": item.status,
            "requested_at": item.requested_at, "made_at": item.made_at,
            "rows": int(item.rows) if item.rows is not None else None,
            "people": int(item.people) if item.people is not None else None}


def request_release(admin: Caller, state: str, uow: UnitOfWork | None = None) -> WorkforceRelease:
    """The release for the last ended quarter: asked for once, prepared by the `workforce_releases` function
    (reading a state's whole workforce does not fit in a request), the same file for everyone who asks in that
    quarter."""
    from chalicelib.services.unit_of_work import Guard, Refused, TableUnitOfWork
    from chalicelib.store.workforce import new_release, release_of

    uow = uow or TableUnitOfWork()
    release, as_of = release_period(clock.today())
    existing = release_of(state, release)
    if existing is not None:
        return _release_view(existing)
    item = new_release(state, release, as_of=as_of.isoformat(), requested_by=admin.user_id, at=clock.now_iso())
    uow.save(item, Guard("pk", absent=True))
    uow.audit(f"workforce:{state}", admin, "workforce:release_requested", after={"release": release})
    try:
        uow.commit()
    except Refused:
        found = release_of(state, release)  # asked for by another administrator at the same moment
        return _release_view(found) if found is not None else _release_view(item)
    return _release_view(item)


def prepare_requested(limit: int = 1, uow: UnitOfWork | None = None) -> int:
    """Prepare what administrators asked for (`limit` releases a run): the counts as of the quarter's
    last day, suppressed and rounded, written to the artifacts bucket. Returns how many were prepared."""
    from chalicelib.aws.blobs import BlobStore
    from chalicelib.config import get_settings
    from chalicelib.services.unit_of_work import TableUnitOfWork
    from chalicelib.store.workforce import releases_to_prepare

    done = 0
    for item in releases_to_prepare(limit):
        members = collect(item.state, date.fromisoformat(item.as_of))
        rows = aggregate(members, release=item.release)
        key = f"workforce/{item.state}/{item.release}.csv"
        BlobStore(get_settings().artifacts_bucket).put(key, to_csv(rows).encode("utf-8"), "text/csv")
        work = uow or TableUnitOfWork()
        item.ready(rows=len(rows), people=len(members), file_key=key, at=clock.now_iso())
        work.save(item)
        work.audit(f"workforce:{item.state}", None, "workforce:release_prepared",
                   after={"release": item.release, "rows": len(rows)})
        work.commit()
        done += 1
    return done


def releases(state: str) -> Items[WorkforceRelease]:
    """The state's newest releases, newest first."""
    from chalicelib.store.workforce import releases_of

    return {"items": [_release_view(i) for i in releases_of(state, RELEASES_LISTED)]}


def release_file(state: str, release: str) -> str:
    from chalicelib.aws.blobs import BlobStore
    from chalicelib.config import get_settings
    from chalicelib.errors import NotFound
    from chalicelib.store.workforce import release_of

    item = release_of(state, release)
    if item is None or item.status != "ready" or not item.file_key:
        raise NotFound("No such release, or it is still being prepared: try again in a minute.")
    return BlobStore(get_settings().artifacts_bucket).get(item.file_key).decode("utf-8")
