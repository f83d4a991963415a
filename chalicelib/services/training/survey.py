"""The survey after a training: one answer per attendee, stored without who gave it, shown only once it closes and
only from five answers."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from chalicelib import clock
from chalicelib.errors import Conflict, Forbidden
from chalicelib.security.identity import Caller
from chalicelib.services.training.catalogue import managed_event
from chalicelib.services.training.views import SurveySummary, SurveyThanks
from chalicelib.services.unit_of_work import (
    Guard,
    Refused,
    TableUnitOfWork,
    UnitOfWork,
)
from chalicelib.store.training import (
    TrainingEventItem,
    new_survey_answer,
)

SURVEY_THRESHOLD = 5


SURVEY_QUESTIONS = ("useful", "presenter", "recommend")


# Answers are taken for two weeks after the event and shown only then, all at once: results that grew one answer
# at a time could be subtracted to read one person's ratings (a sponsor marking attendees one by one).
SURVEY_WINDOW = timedelta(days=14)


def survey_closes(event: TrainingEventItem) -> datetime:
    ends = str(event.details.get("ends_at") or event.starts_at)
    return datetime.fromisoformat(ends.replace("Z", "+00:00")) + SURVEY_WINDOW


def answer_survey(caller: Caller, event_id: str, ratings: dict[str, int], comment: str | None,
                  uow: UnitOfWork | None = None) -> SurveyThanks:
    """Once per person who attended. The answer is stored without who gave it."""
    uow = uow or TableUnitOfWork()
    enrollment = uow.training.enrollment(event_id, caller.user_id)
    if enrollment is None or enrollment.status != "attended":
        raise Forbidden("Only people who attended this training can answer its survey.")
    if enrollment.surveyed == "yes":
        raise Conflict("You already answered this survey. Thank you!")
    event = uow.training.event(event_id)
    if event is not None and clock.now() >= survey_closes(event):
        raise Conflict("This training's survey closed on {closed_on}.",
                       closed_on=survey_closes(event).date().isoformat())
    enrollment.surveyed = "yes"
    uow.save(enrollment, Guard("surveyed", absent=True))
    uow.save(new_survey_answer(event_id, {"ratings": ratings, "comment": (comment or "").strip() or None},
                               clock.now().date().isoformat()))
    try:
        uow.commit()
    except Refused:
        raise Conflict("You already answered this survey. Thank you!") from None
    return {"status": "thank you"}


def survey_summary(caller: Caller, event_id: str) -> SurveySummary:
    """What the sponsor sees: averages and comments, in no order, and nothing until five people answered."""

    from chalicelib.store.training import survey_of

    event = managed_event(caller, event_id)
    return summarise_answers([r.answers for r in survey_of(event_id)], closes=survey_closes(event),
                             shuffle=random.SystemRandom().shuffle)


def summarise_answers(answers: Sequence[Mapping[str, Any]], *, closes: datetime, shuffle: Any = None) -> SurveySummary:
    """Nothing, not even how many answered, until the survey closes; then everything at once if at least
    SURVEY_THRESHOLD people answered, and still nothing otherwise."""
    if clock.now() < closes:
        return {"shown": False, "closes_on": closes.date().isoformat(),
                "detail": f"Answers are shown when the survey closes on {closes.date().isoformat()}, all at once, "
                          f"if at least {SURVEY_THRESHOLD} people answered: so no one can be recognised by their "
                          "answer."}
    if len(answers) < SURVEY_THRESHOLD:
        return {"shown": False, "closes_on": closes.date().isoformat(),
                "detail": f"Fewer than {SURVEY_THRESHOLD} people answered, so the answers are not shown: no one "
                          "could stay unrecognised."}
    averages = {q: round(sum(a["ratings"][q] for a in answers) / len(answers), 2) for q in SURVEY_QUESTIONS}
    comments = [a["comment"] for a in answers if a.get("comment")]
    if shuffle is not None:
        shuffle(comments)
    return {"responses": len(answers), "shown": True, "averages": averages, "comments": comments}
