"""The sponsor's events by start day, read from the index's sort key (the state report asks for a period)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.storage  # also run on DynamoDB Local (make test's second pass)


def test_a_sponsors_events_between_two_days_come_from_the_index_inclusive_of_both(aws: dict[str, str]) -> None:
    from chalicelib.store.training import TrainingEventItem, events_of_sponsor

    for event_id, starts in (("ev-sep", "2026-09-30T23:00:00.000000Z"), ("ev-oct1", "2026-10-01T08:00:00.000000Z"),
                             ("ev-oct31", "2026-10-31T23:30:00.000000Z"), ("ev-nov", "2026-11-01T00:00:00.000000Z")):
        item = TrainingEventItem(*TrainingEventItem.key(event_id), event_id=event_id, sponsor_id="sp-1",
                                 training_id="tr-1", details={"county": "Yolo"}, starts_at=starts,
                                 withdraw_until=starts, capacity=5, enrolled=0, visibility="published")
        item.index("Yolo")
        item.save()
    assert [e.event_id for e in events_of_sponsor("sp-1", "2026-10-01", "2026-10-31")] == ["ev-oct1", "ev-oct31"]
    assert [e.event_id for e in events_of_sponsor("sp-1")] == ["ev-sep", "ev-oct1", "ev-oct31", "ev-nov"]
    assert events_of_sponsor("sp-2", "2026-10-01", "2026-10-31") == []
