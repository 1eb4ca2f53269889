"""When each questionnaire opens and closes, and who may answer it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .tables import QuestionnaireSchedule


@dataclass(frozen=True)
class Window:
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    #: "open", "sample" or "both" (see ``QuestionnaireSchedule.access``).
    access: str = "open"

    def state(self, now: dt.datetime) -> str:
        """"open", "not_yet" or "closed"."""
        if self.opens_at and now < self.opens_at:
            return "not_yet"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"


async def windows() -> dict[str, Window]:
    rows = await QuestionnaireSchedule.select(
        QuestionnaireSchedule.questionnaire_id, QuestionnaireSchedule.opens_at, QuestionnaireSchedule.closes_at,
        QuestionnaireSchedule.access,
    )
    return {row["questionnaire_id"]: Window(row["opens_at"], row["closes_at"], row["access"]) for row in rows}


async def set_window(questionnaire_id: str, window: Window) -> None:
    await QuestionnaireSchedule.insert(
        QuestionnaireSchedule(
            questionnaire_id=questionnaire_id,
            opens_at=window.opens_at,
            closes_at=window.closes_at,
            access=window.access,
            updated_at=dt.datetime.now(dt.timezone.utc),
        )
    ).on_conflict(
        target=QuestionnaireSchedule.questionnaire_id,
        action="DO UPDATE",
        values=[
            QuestionnaireSchedule.opens_at, QuestionnaireSchedule.closes_at, QuestionnaireSchedule.access,
            QuestionnaireSchedule.updated_at,
        ],
    )
