"""One long-lived connection for the hot write on SQLite (saving an answer),
with group commit.

SQLite has one writer at a time. Left to the ORM, each answer opens a
connection and a thread of its own, and waits for the write lock by sleeping
and trying again: under a burst, some respondents wait for seconds. Here the
answers wait in order instead, and the ones that arrive while a commit is
being written go together into the next transaction: one commit (one sync to
disk) for all of them. Each is in a savepoint of its own, so one that fails
is undone alone; nobody is told their answer is saved before its commit is.

On PostgreSQL, which has many writers at once, each answer's statements run
in a transaction of their own on a pooled connection, without the ORM's
layers in between.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from piccolo.engine.base import Engine

from .dialect import is_postgres
from .reads import FollowingConnection, numbered

Statements = Sequence[tuple[str, Sequence[Any]]]


class _WriterConnection(FollowingConnection):
    # As the ORM's connections: an answer to a response that has gone is refused.
    SETUP = ("PRAGMA foreign_keys = ON",)

    def run(self, jobs: Sequence[Statements]) -> list[Exception | None]:
        """Every job in one transaction, each in a savepoint: what went wrong
        with each (None if nothing). Raises if the commit fails."""
        execute = self.follow().execute
        execute("BEGIN IMMEDIATE")
        try:
            outcomes: list[Exception | None] = []
            for statements in jobs:
                execute("SAVEPOINT answer")
                try:
                    for sql, params in statements:
                        execute(sql, params)
                except sqlite3.Error as exc:
                    execute("ROLLBACK TO answer")
                    outcomes.append(exc)
                else:
                    outcomes.append(None)
                execute("RELEASE answer")
            execute("COMMIT")
        except BaseException:
            if self.connection.in_transaction:
                self.connection.rollback()
            raise
        return outcomes


class SqliteWriter:
    def __init__(self, engine: Engine):
        self._engine = engine
        self._sqlite: _WriterConnection | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="survey-writes")
        self._waiting: list[tuple[Statements, asyncio.Future[None]]] = []
        self._draining: asyncio.Task[None] | None = None

    async def open(self) -> None:
        path = Path(self._engine.connection_kwargs["database"])
        self._sqlite = await asyncio.get_running_loop().run_in_executor(self._thread, _WriterConnection, path)

    async def close(self) -> None:
        if self._draining is not None:
            await asyncio.shield(self._draining)
        if self._sqlite is not None:
            await asyncio.get_running_loop().run_in_executor(self._thread, self._sqlite.close)
            self._sqlite = None
        self._thread.shutdown(wait=False)

    async def write(self, statements: Statements) -> None:
        """Run the statements together, committed before this returns; write
        ``?`` for parameters."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((list(statements), future))
        if self._draining is None:
            self._draining = asyncio.ensure_future(self._drain())
        # Shielded: a respondent who goes away does not take back what others wait on.
        await asyncio.shield(future)

    async def _drain(self) -> None:
        assert self._sqlite is not None
        loop = asyncio.get_running_loop()
        try:
            while self._waiting:
                group, self._waiting = self._waiting, []
                try:
                    outcomes = await loop.run_in_executor(self._thread, self._sqlite.run, [statements for statements, _ in group])
                except Exception as exc:
                    outcomes = [exc] * len(group)
                for (_, future), outcome in zip(group, outcomes):
                    if future.done():
                        continue
                    if outcome is None:
                        future.set_result(None)
                    else:
                        future.set_exception(outcome)
        finally:
            self._draining = None


class PostgresWriter:
    def __init__(self, engine: Engine):
        self._engine = engine

    async def open(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def write(self, statements: Statements) -> None:
        """Run the statements together, committed before this returns; write
        ``?`` for parameters."""
        async with self._engine.pool.acquire() as connection, connection.transaction():
            for sql, params in statements:
                await connection.execute(numbered(sql, len(params)), *params)


_writers: dict[int, SqliteWriter | PostgresWriter] = {}


async def start(engine: Engine) -> None:
    writer = PostgresWriter(engine) if is_postgres(engine) else SqliteWriter(engine)
    await writer.open()
    _writers[id(engine)] = writer


async def stop(engine: Engine) -> None:
    writer = _writers.pop(id(engine), None)
    if writer is not None:
        await writer.close()


def writer_for(engine: Engine) -> SqliteWriter | PostgresWriter | None:
    return _writers.get(id(engine))
