"""Reading submitted responses for export and results: in batches (each a
range of ids), sent before a fixed moment, so memory stays flat however many
there are."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite
import msgspec
from piccolo.query.functions.aggregate import Count

from .engine import is_postgres
from .reads import numbered
from .responses import SUBMITTED
from .sealing import unseal
from .tables import Response


_value = msgspec.json.Decoder().decode


def decode_answer(text: str) -> Any:
    """An answer as read by ``batches`` (its stored JSON), as a value: opened if sealed."""
    value = _value(text)
    return unseal(value) if type(value) is dict else value


@dataclass(frozen=True)
class Batch:
    """Submitted responses, a column (a tuple, one item a response) for each field."""

    mode: tuple[str, ...]
    format: tuple[str, ...]
    language: tuple[str, ...]
    organisation: tuple[str | None, ...]
    submitted_at: tuple[dt.datetime, ...]
    route: tuple[str, ...]
    #: "online" where a worker handed the rest over to the respondent; else None.
    finished_mode: tuple[str | None, ...]
    flags: tuple[str, ...]
    #: Space-separated: the questions answered on the respondent's own in an assisted interview.
    self_completed: tuple[str, ...]
    #: A sampled response's case: its wave, stratum and selection probability (None for the open link).
    wave: tuple[int | None, ...]
    stratum: tuple[str | None, ...]
    probability: tuple[float | None, ...]
    #: For each question asked for, in that order, each response's answer as
    #: stored (JSON text, sealed or not), None where there is none: many
    #: answers are the same few texts, so a reader can decode each text once.
    answers: list[tuple[str | None, ...]]

    def __len__(self) -> int:
        return len(self.mode)


_rows = msgspec.json.Decoder(list[tuple[
    str, str, str, str | None, dt.datetime, str, str | None, str | None, str | None, int | None, str | None, float | None, tuple[str | None, ...]
]]).decode


def _batch(found: str, questions: int) -> Batch:
    rows = _rows(found)
    if not rows:
        return Batch((), (), (), (), (), (), (), (), (), (), (), (), [() for _ in range(questions)])
    mode, format_, language, organisation, submitted_at, route, finished, flags, private, wave, stratum, probability, answers = zip(*rows)
    return Batch(mode, format_, language, organisation, submitted_at, route, finished, tuple(f or "" for f in flags),
                 tuple(p or "" for p in private), wave, stratum, probability, list(zip(*answers)) if questions else [])


@contextlib.asynccontextmanager
async def _connection() -> AsyncIterator[Callable[[str, list[Any]], Awaitable[Sequence[Any]]]]:
    """A plain connection for reading in bulk, without the ORM: fetches one row."""
    engine = Response._meta.db
    if is_postgres(engine):
        async with engine.pool.acquire() as connection:

            async def fetch_pg(sql: str, params: list[Any]) -> Sequence[Any]:
                return await connection.fetchrow(numbered(sql, len(params)), *params)

            yield fetch_pg
    else:
        async with aiosqlite.connect(**engine.connection_kwargs) as connection:

            async def fetch_sqlite(sql: str, params: list[Any]) -> Sequence[Any]:
                async with connection.execute(sql, params) as cursor:
                    return await cursor.fetchone()

            yield fetch_sqlite


#: Response ids are random UUIDs: split here, the two halves are about even.
_MIDDLE = "80000000-0000-0000-0000-000000000000"


#: Where a batch asks for "review:<question id>", a reviewer's decision on that free-text answer comes.
REVIEW = "review:"


def _batch_query(postgres: bool, questions: int, since: bool, after: str, before: bool, size: int, reviews: bool = False) -> str:
    """One batch of responses as a single row: the batch as JSON (each
    response an array, its answers an array in the order of the questions
    asked for, whose paths are the first parameters), and the batch's last
    id. The database builds the JSON, so the reading thread never needs
    Python while it works, and a batch is decoded with one call.
    ``after``: how the id compares with the lower bound ("" for none).
    ``reviews``: reviewers' decisions on free text come too, as answers to
    "review:<question id>"."""
    # An assisted response held for a supervisor's review does not count yet.
    where = "r.questionnaire_id = ? AND r.questionnaire_version = ? AND r.status = ? AND r.review <> 'held' AND r.submitted_at < ?"
    if since:
        where += " AND r.submitted_at >= ?"
    if after:
        where += f" AND r.id {after} ?"
    if before:
        where += " AND r.id < ?"
    fields = ("r.id, r.mode, r.format, r.language, r.organisation, r.submitted_at, r.route, r.finished_mode, r.flags, "
              "r.self_completed, w.wave, c.stratum, c.probability")
    responses = (f"SELECT {fields} FROM response r LEFT JOIN sample_case c ON c.response_id = r.id "
                 f"LEFT JOIN sample w ON w.id = c.sample WHERE {where} ORDER BY r.id LIMIT {int(size)}")
    row = "mode, format, language, organisation, submitted_at, route, finished_mode, flags, self_completed, wave, stratum, probability"
    saved = "SELECT question_id, value FROM answer a WHERE a.response = s.id"
    if reviews:
        saved += f" UNION ALL SELECT '{REVIEW}' || question_id, value FROM text_review t WHERE t.response = s.id"
    if postgres:
        picked = f"json_build_array({', '.join(['o -> (?::text)'] * questions)})"
        answers = f"(SELECT {picked} FROM (SELECT json_object_agg(question_id, value) AS o FROM ({saved}) u) x)"
        return (f"SELECT coalesce(json_agg(json_build_array({row}, {answers}) ORDER BY s.id), '[]')::text, "
                f"max(s.id::text) FROM ({responses}) s")
    gathered = f"(SELECT json_group_object(question_id, value) FROM ({saved}) u)"
    # json_extract gives an array for two paths or more, the value itself for one.
    if questions == 0:
        answers = "json_array()"
    elif questions == 1:
        answers = f"json_array(json_extract({gathered}, ?))"
    else:
        answers = f"json_extract({gathered}, {', '.join('?' * questions)})"
    return (f"SELECT json_group_array(json_array({row}, {answers})), "
            f"max(s.id) FROM ({responses}) s")


async def batches(
    questionnaire_id: str,
    version: str,
    until: dt.datetime,
    questions: Sequence[str],
    since: dt.datetime | None = None,
    size: int = 2000,
) -> AsyncIterator[Batch]:
    """Submitted responses to one version, sent before ``until`` (and from
    ``since``), a batch at a time, each response once, in the same order
    every time, with their answers to ``questions``.

    The two halves of the ids are read at once, on two connections, a batch
    from each in turn: the database works on the next two batches while the
    caller works on this one."""
    postgres = is_postgres(Response._meta.db)
    reviews = any(qid.startswith(REVIEW) for qid in questions)
    # SQLite holds times as text in one fixed shape: compare in that shape.
    stamp = (lambda t: t) if postgres else (lambda t: t.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f+00:00"))
    paths = list(questions) if postgres else [f'$."{qid}"' for qid in questions]

    async def one(fetch, after: str, bound: str | None, before: str | None) -> tuple[Batch, str | None]:
        sql = _batch_query(postgres, len(paths), since is not None, after, before is not None, size, reviews)
        params: list[Any] = [*paths, questionnaire_id, version, SUBMITTED, stamp(until)]
        if since is not None:
            params.append(stamp(since))
        if after:
            params.append(bound)
        if before is not None:
            params.append(before)
        found, last = await fetch(sql, params)
        return _batch(found, len(paths)), last

    async def half(fetch, start: str | None, before: str | None) -> AsyncIterator[Batch]:
        batch, last = await one(fetch, ">=" if start else "", start, before)
        while len(batch):
            # Read the next batch while the caller works on this one.
            following = asyncio.ensure_future(one(fetch, ">", last, before))
            await asyncio.sleep(0)  # let it send the query before the caller takes the thread
            try:
                yield batch
            except BaseException:
                following.cancel()
                raise
            batch, last = await following

    async with _connection() as low, _connection() as high:
        async with contextlib.aclosing(half(low, None, _MIDDLE)) as first, contextlib.aclosing(half(high, _MIDDLE, None)) as second:
            streams = [first, second]
            while streams:
                for stream in list(streams):
                    batch = await anext(stream, None)
                    if batch is None:
                        streams.remove(stream)
                    else:
                        yield batch


async def submitted_counts() -> dict[tuple[str, str], int]:
    """Submitted responses per questionnaire and version (those that count: not held for review)."""
    rows = await (
        Response.select(Response.questionnaire_id, Response.questionnaire_version, Count(Response.id, alias="n"))
        .where((Response.status == SUBMITTED) & (Response.review != "held"))
        .group_by(Response.questionnaire_id, Response.questionnaire_version)
    )
    return {(row["questionnaire_id"], row["questionnaire_version"]): row["n"] for row in rows}
