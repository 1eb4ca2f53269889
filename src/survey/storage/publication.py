"""Which questionnaires have public results."""

from __future__ import annotations

import datetime as dt

from .tables import ResultsPublication


async def published() -> dict[str, dt.datetime]:
    rows = await ResultsPublication.select(ResultsPublication.questionnaire_id, ResultsPublication.published_at)
    return {row["questionnaire_id"]: row["published_at"] for row in rows}


async def publish(questionnaire_id: str) -> bool:
    """True when this made them public (False: they already were)."""
    if await ResultsPublication.exists().where(ResultsPublication.questionnaire_id == questionnaire_id):
        return False
    await ResultsPublication.insert(
        ResultsPublication(questionnaire_id=questionnaire_id, published_at=dt.datetime.now(dt.timezone.utc))
    ).on_conflict(action="DO NOTHING")
    return True


async def withdraw(questionnaire_id: str) -> bool:
    """True when this made them private again."""
    if not await ResultsPublication.exists().where(ResultsPublication.questionnaire_id == questionnaire_id):
        return False
    await ResultsPublication.delete().where(ResultsPublication.questionnaire_id == questionnaire_id)
    return True
