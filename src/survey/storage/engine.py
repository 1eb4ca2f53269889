"""Choosing the database from its URL and binding the tables to it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from . import reads, writes
from .dialect import is_postgres
from .tables import TABLES

__all__ = ["bind", "close_engine", "create_engine", "is_postgres", "open_engine", "sqlite_path"]


class DatabaseURLError(ValueError):
    pass


def sqlite_path(url: str) -> Path:
    # sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy spells them.
    rest = url.removeprefix("sqlite://")
    if not rest.startswith("/") or rest == "/":
        raise DatabaseURLError(f"SURVEY_DATABASE_URL {url!r}: write sqlite:///relative/path.db or sqlite:////absolute/path.db")
    return Path(rest[1:])


def create_engine(url: str) -> Engine:
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A generous busy timeout: writers wait for each other instead of failing.
        return SQLiteEngine(path=str(path), timeout=30)
    if scheme in {"postgresql", "postgres"}:
        return PostgresEngine(config={"dsn": url})
    raise DatabaseURLError(
        f"SURVEY_DATABASE_URL must start with sqlite:/// or postgresql://, not {scheme or url!r}"
    )


def bind(engine: Engine) -> None:
    for table in TABLES:
        table._meta.db = engine


async def open_engine(url: str) -> Engine:
    engine = create_engine(url)
    if is_postgres(engine):
        await engine.start_connection_pool(min_size=1, max_size=10)
    else:
        # WAL lets readers carry on while one respondent's answer is written.
        await engine.run_ddl("PRAGMA journal_mode=WAL")
    bind(engine)
    await reads.start(engine)
    await writes.start(engine)
    return engine


async def close_engine(engine: Engine) -> None:
    await writes.stop(engine)
    await reads.stop(engine)
    if is_postgres(engine):
        await engine.close_connection_pool()
