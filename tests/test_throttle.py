"""Attempt limits hold when attempts arrive at once: the count and the check
are one statement, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt

from survey.storage import throttle
from survey.storage.tables import Throttle
from test_storage_accounts import on_database

WINDOW = dt.timedelta(minutes=5)


def test_fifty_attempts_at_once_let_exactly_the_limit_through(database_url):
    async def body(engine):
        allowed = await asyncio.gather(*(throttle.attempt("key-a", 5, WINDOW) for _ in range(50)))
        assert sum(allowed) == 5
        # Each got its own number: no two saw the same count.
        counts = await asyncio.gather(*(throttle.count_attempt("key-b", WINDOW) for _ in range(50)))
        assert sorted(counts) == list(range(1, 51))
        assert await throttle.attempts("key-a", WINDOW) == 50

    on_database(database_url, body)


def test_a_right_attempt_is_taken_off_and_an_old_window_starts_again(database_url):
    async def body(engine):
        for _ in range(3):
            await throttle.attempt("key", 3, WINDOW)
        await throttle.succeeded("key")
        assert await throttle.attempts("key", WINDOW) == 2
        assert await throttle.attempt("key", 3, WINDOW), "the right one did not use up an attempt"
        assert not await throttle.attempt("key", 3, WINDOW)
        # The window ends: the first attempt after it starts a new one at one.
        await Throttle.update({Throttle.window_start: dt.datetime.now(dt.timezone.utc) - 2 * WINDOW}).where(Throttle.key == "key")
        assert await throttle.attempts("key", WINDOW) == 0
        assert await throttle.count_attempt("key", WINDOW) == 1
        await throttle.succeeded("key")
        await throttle.succeeded("key")
        assert await throttle.attempts("key", WINDOW) == 0, "never below nothing"

    on_database(database_url, body)
