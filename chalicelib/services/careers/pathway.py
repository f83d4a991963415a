"""A participant's permit pathway: the levels their verified records reach and what the next one needs."""

from __future__ import annotations

from datetime import date

from chalicelib import clock
from chalicelib.domain.permit_pathway import Level, levels, matrix, standing
from chalicelib.domain.wording import Wording
from chalicelib.errors import word
from chalicelib.services.careers.views import PathwayLevel, PermitPathway

NOTE = Wording("From verified records and confirmed positions only. The Commission decides permits: apply to it with "
               "your transcripts; this shows where you stand.")


def permit_pathway(user_id: str, today: date | None = None, language: str = "en") -> PermitPathway:
    """Where the participant stands, what is missing worded in `language`; the permit titles stay the
    Commission's own (they are the names on the permit and on its forms)."""
    from chalicelib.services.accounts.employment import positions_of
    from chalicelib.store.records import snapshot_of

    today = today or clock.today()
    found = levels(standing(snapshot_of(user_id).records or [], positions_of(user_id), today))
    reached = [lv for lv in found if lv.qualifies]
    current = reached[-1] if reached else None
    following = next((lv for lv in found if not lv.qualifies and (current is None or lv.level > current.level)),
                     None)

    def view(level: Level) -> PathwayLevel:
        return {"title": level.title, "level": level.level, "qualifies": level.qualifies,
                "requirements": [{"key": r.key, "needed": r.needed, "have": r.have, "met": r.met,
                                  "missing": word(r.missing, language)} for r in level.requirements],
                "missing": [word(r.missing, language) for r in level.requirements if not r.met]}

    return {"qualifies_for": current.title if current else None, "next": view(following) if following else None,
            "levels": [view(lv) for lv in found], "source": matrix()["source"], "edition": matrix()["edition"],
            "note": word(NOTE, language)}
