"""Reading submitted responses for export: in batches, in a fixed order, from
a fixed moment, so two passes over the data see the same rows and memory
stays flat however many there are."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite
import msgspec
from piccolo.query.functions.aggregate import Count

from .engine import is_postgres
from .responses import SUBMITTED
from .sealing import unseal
from .tables import Response


#: msgspec's decoders: the same values as the json module, in less than half the time.
_texts = msgspec.json.Decoder(dict[str, str]).decode
_value = msgspec.json.Decoder().decode


def _answers(gathered: str | None) -> dict[str, str]:
    return _texts(gathered) if gathered else {}  # PostgreSQL aggregates no answers to NULL


def decode_answer(text: str) -> Any:
    """An answer as read by ``batches`` (its stored JSON), as a value: opened if sealed."""
    value = _value(text)
    return unseal(value) if type(value) is dict else value


@dataclass(frozen=True)
class Submitted:
    id: Any
    mode: str
    format: str
    language: str
    organisation: str | None
    submitted_at: dt.datetime
    #: Question id to the answer as stored, JSON text (sealed or not): many
    #: answers are the same few texts, so a reader can decode each text once.
    answers: dict[str, str]


def _timestamp(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


@contextlib.asynccontextmanager
async def _connection() -> AsyncIterator[Callable[[str, list[Any]], Awaitable[list[Sequence[Any]]]]]:
    """A plain connection for reading in bulk: rows as tuples, without the ORM's
    per-row dictionaries, which would cost more than the export itself."""
    engine = Response._meta.db
    if is_postgres(engine):
        async with engine.pool.acquire() as connection:

            async def fetch_pg(sql: str, params: list[Any]) -> list[Sequence[Any]]:
                numbered = sql
                for n in range(1, len(params) + 1):
                    numbered = numbered.replace("?", f"${n}", 1)
                return await connection.fetch(numbered, *params)

            yield fetch_pg
    else:
        async with aiosqlite.connect(**engine.connection_kwargs) as connection:

            async def fetch_sqlite(sql: str, params: list[Any]) -> list[Sequence[Any]]:
                async with connection.execute(sql, params) as cursor:
                    return list(await cursor.fetchall())

            yield fetch_sqlite


async def batches(
    questionnaire_id: str,
    version: str,
    until: dt.datetime,
    since: dt.datetime | None = None,
    size: int = 2000,
    questions: Collection[str] | None = None,
) -> AsyncIterator[list[Submitted]]:
    """Submitted responses to one version, sent before ``until`` (and from
    ``since``), ordered by id: the same rows in the same order every time.
    ``questions`` limits the answers read to those questions."""
    postgres = is_postgres(Response._meta.db)
    # On SQLite, an expression has no declared type, so the driver's
    # converters (a Python object per row) are skipped: ids stay the stored
    # text, and times are parsed here.
    def as_text(column: str) -> str:
        return column if postgres else f"({column} || '')"

    # SQLite holds times as text in one fixed shape: compare in that shape.
    stamp = (lambda t: t) if postgres else (lambda t: t.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f+00:00"))

    # Each response's answers come as one JSON object of question id to the
    # answer's stored text, built by the database: one row and one parse a
    # response, not one of each an answer.
    if postgres:
        gathered = "(SELECT json_object_agg(question_id, value) FROM answer a WHERE a.response = r.id{only})::text"
    else:
        gathered = ("(SELECT '{' || group_concat(json_quote(question_id) || ':' || json_quote(value), ',') || '}' "
                    "FROM answer a WHERE a.response = r.id{only})")
    wanted = sorted(questions) if questions is not None else []
    if questions is None:
        only = ""
    elif wanted:
        only = f" AND question_id IN ({', '.join('?' * len(wanted))})"
    else:
        only = " AND 0 = 1"  # asked for no questions: no answers
    gathered = gathered.replace("{only}", only)

    async def one(fetch, last: Any) -> list[Submitted]:
        sql = (
            f"SELECT {as_text('r.id')}, mode, format, language, organisation, {as_text('submitted_at')}, {gathered} FROM response r "
            "WHERE questionnaire_id = ? AND questionnaire_version = ? AND status = ? AND submitted_at < ?"
        )
        params: list[Any] = [*wanted, questionnaire_id, version, SUBMITTED, stamp(until)]
        if since is not None:
            sql += " AND submitted_at >= ?"
            params.append(stamp(since))
        if last is not None:
            sql += " AND r.id > ?"
            params.append(last)
        rows = await fetch(sql + f" ORDER BY r.id LIMIT {int(size)}", params)
        return [Submitted(row[0], row[1], row[2], row[3], row[4], _timestamp(row[5]), _answers(row[6])) for row in rows]

    async with _connection() as fetch:
        batch = await one(fetch, None)
        while batch:
            # Read the next batch while the caller works on this one.
            following = asyncio.ensure_future(one(fetch, batch[-1].id))
            try:
                yield batch
            except BaseException:
                following.cancel()
                raise
            batch = await following


async def submitted_counts() -> dict[tuple[str, str], int]:
    """Submitted responses per questionnaire and version."""
    rows = await (
        Response.select(Response.questionnaire_id, Response.questionnaire_version, Count(Response.id, alias="n"))
        .where(Response.status == SUBMITTED)
        .group_by(Response.questionnaire_id, Response.questionnaire_version)
    )
    return {(row["questionnaire_id"], row["questionnaire_version"]): row["n"] for row in rows}
