"""Reading submitted responses for export: in batches, in a fixed order, from
a fixed moment, so two passes over the data see the same rows and memory
stays flat however many there are."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from piccolo.query.functions.aggregate import Count

from .responses import SUBMITTED
from .tables import Answer, Response


@dataclass(frozen=True)
class Submitted:
    mode: str
    format: str
    language: str
    organisation: str | None
    submitted_at: dt.datetime
    answers: dict[str, Any]


async def batches(
    questionnaire_id: str,
    version: str,
    until: dt.datetime,
    since: dt.datetime | None = None,
    size: int = 2000,
) -> AsyncIterator[list[Submitted]]:
    """Submitted responses to one version, sent before ``until`` (and from
    ``since``), ordered by id: the same rows in the same order every time."""
    last = None
    while True:
        query = (
            Response.select(
                Response.id, Response.mode, Response.format, Response.language, Response.organisation, Response.submitted_at
            )
            .where(
                (Response.questionnaire_id == questionnaire_id)
                & (Response.questionnaire_version == version)
                & (Response.status == SUBMITTED)
                & (Response.submitted_at < until)
            )
            .order_by(Response.id)
            .limit(size)
        )
        if since is not None:
            query = query.where(Response.submitted_at >= since)
        if last is not None:
            query = query.where(Response.id > last)
        rows = await query
        if not rows:
            return
        ids = [row["id"] for row in rows]
        answers: dict[Any, dict[str, Any]] = {i: {} for i in ids}
        for answer in await Answer.select(Answer.response, Answer.question_id, Answer.value).where(Answer.response.is_in(ids)):
            answers[answer["response"]][answer["question_id"]] = json.loads(answer["value"])
        yield [
            Submitted(row["mode"], row["format"], row["language"], row["organisation"], row["submitted_at"], answers[row["id"]])
            for row in rows
        ]
        last = ids[-1]


async def submitted_counts() -> dict[tuple[str, str], int]:
    """Submitted responses per questionnaire and version."""
    rows = await (
        Response.select(Response.questionnaire_id, Response.questionnaire_version, Count(Response.id, alias="n"))
        .where(Response.status == SUBMITTED)
        .group_by(Response.questionnaire_id, Response.questionnaire_version)
    )
    return {(row["questionnaire_id"], row["questionnaire_version"]): row["n"] for row in rows}
