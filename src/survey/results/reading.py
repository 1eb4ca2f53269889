"""Submitted answers to every version of a questionnaire, read from storage
in batches into a dataset."""

from __future__ import annotations

import datetime as dt

from ..questionnaire import Questionnaire
from ..questionnaire.conditions import leaves
from ..storage import exporting, samples
from .dataset import COLLECTED, Builder, Dataset


def _questions_needed(questionnaire: Questionnaire, builder: Builder) -> set[str]:
    needed = {closed.id for closed in builder.closed}
    for breakdown in questionnaire.results.breakdowns:
        if breakdown.question:
            needed.add(breakdown.question)
        for group in breakdown.groups.values():
            needed.update(leaf.question for _, leaf in leaves(group.when))
    return needed


def source(questionnaire: Questionnaire, sampled: bool) -> str:
    """The responses the figures count: the bank's choice, or else the sample
    alone when there is one (a random sample stands for everyone; an open
    link, for whoever chose to answer)."""
    return questionnaire.results.source or ("sample" if sampled else "open_link")


#: The route a response came by, for each source.
_ROUTES = {"sample": {"sample"}, "open_link": {"open"}, "both": {"sample", "open"}}


async def read(questionnaire: Questionnaire) -> Dataset:
    """Every version counts: question ids and option codes are stable, so an
    answer means the same in each (a question a version lacks was not asked)."""
    counted = source(questionnaire, await samples.has_sample(questionnaire.id))
    routes = _ROUTES[counted]
    leave_flagged = questionnaire.integrity.exclude_from_results
    builder = Builder(questionnaire, counted)
    needed = sorted(_questions_needed(questionnaire, builder))
    until = dt.datetime.now(dt.timezone.utc)
    counts = await exporting.submitted_counts()
    for (questionnaire_id, version), _n in sorted(counts.items()):
        if questionnaire_id != questionnaire.id:
            continue
        async for batch in exporting.batches(questionnaire_id, version, until, needed):
            rows = zip(*batch.answers) if needed else [()] * len(batch)
            for texts, route, flags, probability, mode, format_ in zip(rows, batch.route, batch.flags, batch.probability,
                                                                      batch.mode, batch.format):
                if route not in routes:
                    continue
                if flags and leave_flagged:
                    builder.flagged_left_out += 1
                    continue
                answers = {qid: exporting.decode_answer(text) for qid, text in zip(needed, texts) if text is not None}
                answers[COLLECTED["mode"]], answers[COLLECTED["format"]] = mode, format_
                builder.add(answers, 1 / probability if probability else None)
    return builder.build()
