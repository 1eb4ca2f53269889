"""Submitted answers to every version of a questionnaire, read from storage
in batches into a dataset."""

from __future__ import annotations

import datetime as dt

from ..questionnaire import Questionnaire
from ..questionnaire.conditions import leaves
from ..storage import exporting
from .dataset import Builder, Dataset


def _questions_needed(questionnaire: Questionnaire, builder: Builder) -> set[str]:
    needed = {closed.id for closed in builder.closed}
    for breakdown in questionnaire.results.breakdowns:
        if breakdown.question:
            needed.add(breakdown.question)
        for group in breakdown.groups.values():
            needed.update(leaf.question for _, leaf in leaves(group.when))
    return needed


async def read(questionnaire: Questionnaire) -> Dataset:
    """Every version counts: question ids and option codes are stable, so an
    answer means the same in each (a question a version lacks was not asked)."""
    builder = Builder(questionnaire)
    needed = sorted(_questions_needed(questionnaire, builder))
    until = dt.datetime.now(dt.timezone.utc)
    counts = await exporting.submitted_counts()
    for (questionnaire_id, version), _n in sorted(counts.items()):
        if questionnaire_id != questionnaire.id:
            continue
        async for batch in exporting.batches(questionnaire_id, version, until, needed):
            for texts in zip(*batch.answers) if needed else [()] * len(batch):
                builder.add({qid: exporting.decode_answer(text) for qid, text in zip(needed, texts) if text is not None})
    return builder.build()
