"""One long-lived connection for the hot reads (a response and its answers
on every page), instead of the ORM's way on SQLite of opening a connection,
and a thread, for each query. On PostgreSQL the pool's connections are used
directly. Writes stay with Piccolo and its transactions.

Each statement runs on its own (autocommit), so a read sees every write
committed before it, whichever connection made it.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiosqlite
from piccolo.engine.base import Engine

from .engine import is_postgres


class Reader:
    def __init__(self, engine: Engine):
        self._engine = engine
        self._connection: aiosqlite.Connection | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def open(self) -> None:
        if not is_postgres(self._engine):
            self._path = Path(self._engine.connection_kwargs["database"])
            await self._connect()
        self._loop = asyncio.get_running_loop()

    async def _connect(self) -> None:
        self._file = _identity(self._path)
        self._connection = await aiosqlite.connect(self._path, isolation_level=None, timeout=30)
        await self._connection.execute("PRAGMA query_only = ON")

    async def _same_file(self) -> None:
        """Follow the database file as a new connection would: if it has gone,
        fail as opening it would; if another file took its place, read that."""
        if _identity(self._path) != self._file:
            await self._connection.close()
            await self._connect()

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None
        self._loop = None

    @property
    def usable(self) -> bool:
        """Open, and in this event loop (tests run several loops)."""
        try:
            return self._loop is asyncio.get_running_loop()
        except RuntimeError:
            return False

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[Sequence[Any]]:
        """Rows as tuples; write ``?`` for parameters on either database."""
        if self._connection is None:
            numbered = sql
            for n in range(1, len(params) + 1):
                numbered = numbered.replace("?", f"${n}", 1)
            async with self._engine.pool.acquire() as connection:
                return await connection.fetch(numbered, *params)
        await self._same_file()
        async with self._connection.execute(sql, params) as cursor:
            return list(await cursor.fetchall())


def _identity(path: Path) -> tuple[int, int]:
    """Which file is at ``path`` now (raises when there is none)."""
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


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
    reader = _readers.get(id(engine))
    return reader if reader is not None and reader.usable else None
