"""The training module's items: sponsors, their catalogue, scheduled events and enrolments."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pynamodb.attributes import JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.store.base import RegistryItem


class SponsorItem(RegistryItem, discriminator="sponsor"):
    """pk=SPONSOR#{id} sk=SPONSOR; gsi1: SPONSORS#{status} / {applied_at}#{id} (staff's queue of applications)."""

    sponsor_id = UnicodeAttribute()
    name = UnicodeAttribute()
    status = UnicodeAttribute()  # applied | approved | denied
    applicant_id = UnicodeAttribute()
    contact_manager_id = UnicodeAttribute(null=True)
    managers = ListAttribute(of=UnicodeAttribute, null=True)
    reason = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    applied_at = UnicodeAttribute()
    logo_key = UnicodeAttribute(null=True)  # artifacts bucket: the logo as the registry re-encoded it
    contact = JSONAttribute(null=True)  # whom participants ask about its trainings: name, email, phone it publishes
    state_reporting = JSONAttribute(null=True)  # vendor number, program letter, funding: the DSPR's codes

    @staticmethod
    def key(sponsor_id: str) -> tuple[str, str]:
        return f"SPONSOR#{sponsor_id}", "SPONSOR"

    def index(self) -> None:
        """On staff's list of applications with its status."""
        self.gsi1pk, self.gsi1sk = f"SPONSORS#{self.status}", f"{self.applied_at}#{self.sponsor_id}"


def new_sponsor(sponsor_id: str, *, name: str, applicant_id: str, applied_at: str) -> SponsorItem:
    sponsor = SponsorItem(*SponsorItem.key(sponsor_id), sponsor_id=sponsor_id, name=name, status="applied",
                          applicant_id=applicant_id, applied_at=applied_at)
    sponsor.index()
    return sponsor


class CatalogTrainingItem(RegistryItem, discriminator="catalog_training"):
    """pk=SPONSOR#{sponsor} sk=TRAINING#{id}: one training in a sponsor's catalogue."""

    training_id = UnicodeAttribute()
    sponsor_id = UnicodeAttribute()
    details = JSONAttribute()  # title, description, hours, competency_area, language, delivery, cda_subject_area


def new_catalog_training(sponsor_id: str, training_id: str, details: Mapping[str, Any]) -> CatalogTrainingItem:
    return CatalogTrainingItem(pk=f"SPONSOR#{sponsor_id}", sk=f"TRAINING#{training_id}", training_id=training_id,
                               sponsor_id=sponsor_id, details=dict(details))


class TrainingEventItem(RegistryItem, discriminator="training_event"):
    """pk=TEVENT#{id} sk=TEVENT; published events only: gsi1 CALENDAR#{yyyy-mm} / {starts_at}#{id} and gsi3
    CALENDAR#{county}#{yyyy-mm} / {starts_at}#{id} (a partition per month, and per county, keeps the calendar's
    reads spread and short); gsi2: SPONSOR_EVENTS#{sponsor} / {starts_at}#{id}."""

    event_id = UnicodeAttribute()
    sponsor_id = UnicodeAttribute()
    training_id = UnicodeAttribute()
    details = JSONAttribute()  # the catalogue entry as scheduled, place, county, funding source, times
    starts_at = UnicodeAttribute()
    withdraw_until = UnicodeAttribute()
    capacity = NumberAttribute()
    enrolled = NumberAttribute(default=0)
    visibility = UnicodeAttribute()  # published | invite_only
    invitation_code = UnicodeAttribute(null=True)
    instructor_ids = ListAttribute(of=UnicodeAttribute, null=True)
    draft = UnicodeAttribute(null=True)  # "yes" while the sponsor prepares it: on no calendar, open to nobody
    # No version attribute on purpose: pynamodb would add a version check to the seat update, and concurrent
    # enrolments would then fail on each other's version while seats are left. The seat counter's own
    # condition (enrolled < capacity) is the guard.

    @staticmethod
    def key(event_id: str) -> tuple[str, str]:
        return f"TEVENT#{event_id}", "TEVENT"

    def index(self, county: str) -> None:
        """On its sponsor's list, and on the public calendar (by month, and by county and month) if published."""
        self.gsi2pk, self.gsi2sk = f"SPONSOR_EVENTS#{self.sponsor_id}", f"{self.starts_at}#{self.event_id}"
        if self.visibility == "published" and not self.draft:
            self.gsi1pk, self.gsi1sk = calendar_partition(self.starts_at), f"{self.starts_at}#{self.event_id}"
            self.gsi3pk = county_calendar_partition(county, self.starts_at)
            self.gsi3sk = f"{self.starts_at}#{self.event_id}"


class EnrollmentItem(RegistryItem, discriminator="training_enrollment"):
    """pk=TEVENT#{event} sk=ENROLL#{user}; gsi1: USER#{user} / TEVENT#{starts_at}#{event} (My Training Events);
    gsi2: TRAINING_DAY#{yyyy-mm-dd} / {event}#{user} (everyone on the events of a day, for the reminder the day
    before: an event's own index slots are all taken by the calendars and its sponsor's list)."""

    event_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    status = UnicodeAttribute()  # enrolled | waitlisted | attended | withdrawn | no_show
    queued_at = UnicodeAttribute()  # order on the waitlist
    record_id = UnicodeAttribute(null=True)
    surveyed = UnicodeAttribute(null=True)  # "yes" once the person answered the survey (not which answer)

    @staticmethod
    def key(event_id: str, user_id: str) -> tuple[str, str]:
        return f"TEVENT#{event_id}", f"ENROLL#{user_id}"


class SavedTrainingItem(RegistryItem, discriminator="saved_training"):
    """pk=TEVENT#{event} sk=SAVED#{user}; gsi1: USER#{user} / SAVED#{starts_at}#{event} (a person's saved
    trainings, soonest first)."""

    event_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    saved_at = UnicodeAttribute()

    @staticmethod
    def key(event_id: str, user_id: str) -> tuple[str, str]:
        return f"TEVENT#{event_id}", f"SAVED#{user_id}"


def saved_training(event: TrainingEventItem, user_id: str, at: str) -> SavedTrainingItem:
    return SavedTrainingItem(*SavedTrainingItem.key(event.event_id, user_id), event_id=event.event_id,
                             user_id=user_id, saved_at=at, gsi1pk=f"USER#{user_id}",
                             gsi1sk=f"SAVED#{event.starts_at}#{event.event_id}")


def get_sponsor(sponsor_id: str) -> SponsorItem | None:
    try:
        return SponsorItem.get(*SponsorItem.key(sponsor_id), consistent_read=True)
    except DoesNotExist:
        return None


def get_event(event_id: str) -> TrainingEventItem | None:
    try:
        return TrainingEventItem.get(*TrainingEventItem.key(event_id), consistent_read=True)
    except DoesNotExist:
        return None


def get_training(sponsor_id: str, training_id: str) -> CatalogTrainingItem | None:
    try:
        return CatalogTrainingItem.get(f"SPONSOR#{sponsor_id}", f"TRAINING#{training_id}")
    except DoesNotExist:
        return None


def catalogue_of(sponsor_id: str) -> list[CatalogTrainingItem]:
    query = CatalogTrainingItem.query(f"SPONSOR#{sponsor_id}", CatalogTrainingItem.sk.startswith("TRAINING#"))
    return [i for i in query if isinstance(i, CatalogTrainingItem)]


def enrollments_of_event(event_id: str) -> list[EnrollmentItem]:
    return [i for i in EnrollmentItem.query(f"TEVENT#{event_id}", EnrollmentItem.sk.startswith("ENROLL#"),
                                            consistent_read=True) if isinstance(i, EnrollmentItem)]


def get_enrollment(event_id: str, user_id: str) -> EnrollmentItem | None:
    try:
        return EnrollmentItem.get(*EnrollmentItem.key(event_id, user_id), consistent_read=True)
    except DoesNotExist:
        return None


def new_enrollment(event: TrainingEventItem, user_id: str, *, status: str, queued_at: str) -> EnrollmentItem:
    return EnrollmentItem(*EnrollmentItem.key(event.event_id, user_id), event_id=event.event_id, user_id=user_id,
                          status=status, queued_at=queued_at,
                          gsi1pk=f"USER#{user_id}", gsi1sk=f"TEVENT#{event.starts_at}#{event.event_id}",
                          gsi2pk=training_day(event.starts_at), gsi2sk=f"{event.event_id}#{user_id}")


def training_day(starts_at: str) -> str:
    return f"TRAINING_DAY#{starts_at[:10]}"


def on_training_day(enrollment: EnrollmentItem) -> bool:
    """Put an enrolment written before the day index on it (its event's start is in its gsi1 key). True if it
    changed."""
    if enrollment.gsi2pk is not None or not str(enrollment.gsi1sk or "").startswith("TEVENT#"):
        return False
    starts_at = str(enrollment.gsi1sk).removeprefix("TEVENT#").rsplit("#", 1)[0]
    enrollment.gsi2pk, enrollment.gsi2sk = training_day(starts_at), f"{enrollment.event_id}#{enrollment.user_id}"
    return True


def enrollments_on(day: str) -> list[EnrollmentItem]:
    """Every enrolment (any status) in an event starting on `day` (yyyy-mm-dd, UTC): one Query on gsi2."""
    return [i for i in RegistryItem.gsi2.query(training_day(day)) if isinstance(i, EnrollmentItem)]


class TrainingTable:
    """Sponsors, their catalogues, instructors and managers, events and enrolments behind the unit of work."""

    def training(self, sponsor_id: str, training_id: str) -> CatalogTrainingItem | None:
        return get_training(sponsor_id, training_id)

    def instructor(self, sponsor_id: str, user_id: str) -> InstructorItem | None:
        return get_instructor(sponsor_id, user_id)

    def member(self, sponsor_id: str, user_id: str) -> SponsorMemberItem | None:
        return get_member(sponsor_id, user_id)

    def members(self, sponsor_id: str) -> list[SponsorMemberItem]:
        return members_of(sponsor_id)

    def event(self, event_id: str) -> TrainingEventItem | None:
        return get_event(event_id)

    def enrollment(self, event_id: str, user_id: str) -> EnrollmentItem | None:
        return get_enrollment(event_id, user_id)

    def enrollments_of_event(self, event_id: str) -> list[EnrollmentItem]:
        return enrollments_of_event(event_id)

    def enrollments_on(self, day: str) -> list[EnrollmentItem]:
        return enrollments_on(day)

    def sponsor(self, sponsor_id: str) -> SponsorItem | None:
        return get_sponsor(sponsor_id)

    def saved_by(self, user_id: str, since: str, limit: int) -> list[SavedTrainingItem]:
        """A person's saved trainings that start from `since` on, soonest first."""
        query = RegistryItem.gsi1.query(f"USER#{user_id}", RegistryItem.gsi1sk.between(f"SAVED#{since}", "SAVED#~"),
                                        limit=limit)
        return [i for i in query if isinstance(i, SavedTrainingItem)]

    def saved_one(self, event_id: str, user_id: str) -> SavedTrainingItem | None:
        try:
            return SavedTrainingItem.get(*SavedTrainingItem.key(event_id, user_id), consistent_read=True)
        except DoesNotExist:
            return None


def enrollments_of_user(user_id: str) -> list[EnrollmentItem]:
    return [i for i in RegistryItem.gsi1.query(f"USER#{user_id}", RegistryItem.gsi1sk.startswith("TEVENT#"))
            if isinstance(i, EnrollmentItem)]


def calendar_partition(starts_at: str) -> str:
    return f"CALENDAR#{starts_at[:7]}"


def county_calendar_partition(county: str, starts_at: str) -> str:
    return f"CALENDAR#{county.strip().lower()}#{starts_at[:7]}"


def calendar_between(start: str, end: str, county: str | None = None) -> Iterator[TrainingEventItem]:
    """Published events starting between two ISO dates (inclusive), in date order, read lazily: one Query per
    month, on the county's own partitions when a county is asked (gsi3), so a search reads what it shows."""
    year, month = int(start[:4]), int(start[5:7])
    while f"{year:04d}-{month:02d}" <= end[:7]:
        period = f"{year:04d}-{month:02d}"
        if county:
            query = RegistryItem.gsi3.query(county_calendar_partition(county, period),
                                            RegistryItem.gsi3sk.between(start, end + "~"))
        else:
            query = RegistryItem.gsi1.query(calendar_partition(period), RegistryItem.gsi1sk.between(start, end + "~"))
        for item in query:
            if isinstance(item, TrainingEventItem):
                yield item
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class SurveyResponseItem(RegistryItem, discriminator="training_survey"):
    """pk=TEVENT#{event} sk=SURVEY#{random id}: one anonymous answer. No user id, and an id and a date that
    carry no time of day, so an answer cannot be matched to the enrolment that was marked answered."""

    event_id = UnicodeAttribute()
    answers = JSONAttribute()
    on = UnicodeAttribute()  # the date only


def new_survey_answer(event_id: str, answers: dict[str, object], on: str) -> SurveyResponseItem:
    import uuid

    return SurveyResponseItem(pk=f"TEVENT#{event_id}", sk=f"SURVEY#{uuid.uuid4().hex}", event_id=event_id,
                              answers=answers, on=on)


class InstructorItem(RegistryItem, discriminator="training_instructor"):
    """pk=SPONSOR#{sponsor} sk=INSTRUCTOR#{user}; gsi1: USER#{user} / INSTRUCTS#{sponsor}."""

    sponsor_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    status = UnicodeAttribute()  # requested | approved | denied
    bio = UnicodeAttribute(null=True)
    public = UnicodeAttribute(null=True)  # "yes" when the instructor shows a public profile


def survey_of(event_id: str) -> list[SurveyResponseItem]:
    return [i for i in SurveyResponseItem.query(f"TEVENT#{event_id}", SurveyResponseItem.sk.startswith("SURVEY#"))
            if isinstance(i, SurveyResponseItem)]


def events_of_sponsor(sponsor_id: str, first_day: str | None = None,
                      last_day: str | None = None) -> list[TrainingEventItem]:
    """A sponsor's events by start; between two days (inclusive) when given, read from the index's sort key."""
    condition = (RegistryItem.gsi2sk.between(first_day, last_day + "~")
                 if first_day is not None and last_day is not None else None)
    return [i for i in RegistryItem.gsi2.query(f"SPONSOR_EVENTS#{sponsor_id}", condition)
            if isinstance(i, TrainingEventItem)]


def instructors_of(sponsor_id: str) -> list[InstructorItem]:
    query = InstructorItem.query(f"SPONSOR#{sponsor_id}", InstructorItem.sk.startswith("INSTRUCTOR#"))
    return [i for i in query if isinstance(i, InstructorItem)]


def get_instructor(sponsor_id: str, user_id: str) -> InstructorItem | None:
    try:
        return InstructorItem.get(f"SPONSOR#{sponsor_id}", f"INSTRUCTOR#{user_id}", consistent_read=True)
    except DoesNotExist:
        return None


class SponsorMemberItem(RegistryItem, discriminator="sponsor_member"):
    """pk=SPONSOR#{sponsor} sk=MEMBER#{user}; gsi1: USER#{user} / SPONSOR#{sponsor} (a person's sponsors)."""

    sponsor_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    role = UnicodeAttribute()  # applicant | invited (to manage, not yet accepted) | manager | declined


def sponsor_member(sponsor_id: str, user_id: str, role: str) -> SponsorMemberItem:
    """A person's link to a sponsor (applicant, invited, manager, declined), on their list of sponsors too."""
    return SponsorMemberItem(pk=f"SPONSOR#{sponsor_id}", sk=f"MEMBER#{user_id}", sponsor_id=sponsor_id,
                             user_id=user_id, role=role, gsi1pk=f"USER#{user_id}", gsi1sk=f"SPONSOR#{sponsor_id}")


def members_of(sponsor_id: str) -> list[SponsorMemberItem]:
    """Everyone linked to the sponsor: its applicant, managers, and people invited or who declined."""
    return [m for m in SponsorMemberItem.query(f"SPONSOR#{sponsor_id}", SponsorMemberItem.sk.startswith("MEMBER#"),
                                               consistent_read=True) if isinstance(m, SponsorMemberItem)]


def new_instructor(sponsor_id: str, user_id: str, *, bio: str | None, public: bool) -> InstructorItem:
    """A request to teach for a sponsor, on the person's list of sponsors they instruct for."""
    return InstructorItem(pk=f"SPONSOR#{sponsor_id}", sk=f"INSTRUCTOR#{user_id}", sponsor_id=sponsor_id,
                          user_id=user_id, status="requested", bio=bio, public="yes" if public else None,
                          gsi1pk=f"USER#{user_id}", gsi1sk=f"INSTRUCTS#{sponsor_id}")


def sponsors_instructed_for(user_id: str) -> list[str]:
    """The sponsors that approved this person as an instructor."""
    return [i.sponsor_id for i in RegistryItem.gsi1.query(f"USER#{user_id}", RegistryItem.gsi1sk.startswith(
        "INSTRUCTS#")) if isinstance(i, InstructorItem) and i.status == "approved"]


def get_member(sponsor_id: str, user_id: str) -> SponsorMemberItem | None:
    try:
        item = SponsorMemberItem.get(f"SPONSOR#{sponsor_id}", f"MEMBER#{user_id}", consistent_read=True)
    except DoesNotExist:
        return None
    return item if isinstance(item, SponsorMemberItem) else None


def sponsors_of_member(user_id: str) -> list[SponsorMemberItem]:
    return [i for i in RegistryItem.gsi1.query(f"USER#{user_id}", RegistryItem.gsi1sk.startswith("SPONSOR#"))
            if isinstance(i, SponsorMemberItem)]


def sponsors_with_status(status: str, limit: int | None = None) -> list[SponsorItem]:
    return [i for i in RegistryItem.gsi1.query(f"SPONSORS#{status}", limit=limit) if isinstance(i, SponsorItem)]
