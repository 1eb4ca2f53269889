"""One long-lived connection for the hot reads (a response and its answers
on every page), instead of the ORM's way on SQLite of opening a connection,
and a thread, for each query. On PostgreSQL the pool's connections are used
directly. The hot write is in writes.py; other writes stay with Piccolo.

On SQLite each read runs whole (execute, fetch every row, close) on one
thread of its own, one read at a time. Statements are autocommit, and none is
ever left half-read, so no read transaction outlives its statement: every
read sees every write committed before it, whichever process made it.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from piccolo.engine.base import Engine

from .dialect import is_postgres


def _file_identity(path: Path) -> tuple[int, int]:
    """Which file is at ``path`` now (raises when there is none)."""
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


class FollowingConnection:
    """A long-lived SQLite connection that follows the database file as a new
    connection would: if the file has gone, it fails as opening it would; if
    another file took its place (a restore), it uses that one. Used from one
    thread only."""

    #: Run on every new connection.
    SETUP: tuple[str, ...] = ()

    def __init__(self, path: Path):
        self.path = path
        self._connect()

    def _connect(self) -> None:
        self.file = _file_identity(self.path)
        # The same busy timeout as the ORM's connections.
        self.connection = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
        for statement in self.SETUP:
            self.connection.execute(statement)

    def follow(self) -> sqlite3.Connection:
        """The connection to the file at the path now."""
        if _file_identity(self.path) != self.file:
            self.connection.close()
            self._connect()
        return self.connection

    def close(self) -> None:
        self.connection.close()


class _SqliteReads(FollowingConnection):
    SETUP = ("PRAGMA query_only = ON",)

    def fetch(self, sql: str, params: Sequence[Any]) -> list[Sequence[Any]]:
        cursor = self.follow().execute(sql, params)
        try:
            return cursor.fetchall()
        finally:
            cursor.close()

    def fetch_all(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Sequence[Any]]]:
        return [self.fetch(sql, params) for sql, params in statements]


class Reader:
    def __init__(self, engine: Engine):
        self._engine = engine
        self._sqlite: _SqliteReads | None = None
        # A pool thread (not a daemon, not aiosqlite's) ends with the interpreter.
        self._thread = None if is_postgres(engine) else ThreadPoolExecutor(max_workers=1, thread_name_prefix="survey-reads")

    async def open(self) -> None:
        if self._thread is not None:
            path = Path(self._engine.connection_kwargs["database"])
            self._sqlite = await asyncio.get_running_loop().run_in_executor(self._thread, _SqliteReads, path)

    async def close(self) -> None:
        if self._thread is not None:
            if self._sqlite is not None:
                await asyncio.get_running_loop().run_in_executor(self._thread, self._sqlite.close)
                self._sqlite = None
            self._thread.shutdown(wait=False)

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[Sequence[Any]]:
        """Rows as tuples; write ``?`` for parameters on either database."""
        return (await self.fetch_all([(sql, params)]))[0]

    async def fetch_all(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Sequence[Any]]]:
        """Several reads in one trip to the reader (one pooled connection on
        PostgreSQL), each run whole: rows as tuples for each statement."""
        if self._sqlite is not None:
            batch = [(sql, list(params)) for sql, params in statements]
            return await asyncio.get_running_loop().run_in_executor(self._thread, self._sqlite.fetch_all, batch)
        async with self._engine.pool.acquire() as connection:
            return [await connection.fetch(numbered(sql, len(params)), *params) for sql, params in statements]


def numbered(sql: str, count: int) -> str:
    """``?`` parameters as PostgreSQL's ``$1``, ``$2``..."""
    for n in range(1, count + 1):
        sql = sql.replace("?", f"${n}", 1)
    return sql


_readers: dict[int, Reader] = {}


async def start(engine: Engine) -> None:
    reader = Reader(engine)
    await reader.open()
    _readers[id(engine)] = reader


async def stop(engine: Engine) -> None:
    reader = _readers.pop(id(engine), None)
    if reader is not None:
        await reader.close()


def reader_for(engine: Engine) -> Reader | None:
    return _readers.get(id(engine))
