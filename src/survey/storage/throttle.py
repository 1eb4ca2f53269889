"""Counting attempts, so guessing resume codes and passwords stays hopeless.

Kept in the database, so every worker behind a load balancer sees the same
count. An attempt is counted before it is checked, in one statement that adds
one and returns the new count: two requests at once can never both see the
count from before either (check-then-add let 40 parallel guesses through a
limit of 5). An attempt that turns out right is taken off again, so someone
who types their own code or password right is never held up by it.
"""

from __future__ import annotations

import datetime as dt

from .tables import Throttle

# One statement on both databases: a new key starts at one; a key whose
# window has ended starts a new window at one; otherwise one more. The SET
# expressions all read the row as it was, so the window test is the same for both.
_COUNT = (
    "INSERT INTO throttle (key, window_start, failures) VALUES ({}, {}, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "failures = CASE WHEN throttle.window_start <= {} THEN 1 ELSE throttle.failures + 1 END, "
    "window_start = CASE WHEN throttle.window_start <= {} THEN excluded.window_start ELSE throttle.window_start END "
    "RETURNING failures"
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


async def count_attempt(key: str, window: dt.timedelta) -> int:
    """Count one attempt for ``key``; the number made in the current window, this one included."""
    now = _now()
    rows = await Throttle.raw(_COUNT, key, now, now - window, now - window)
    return int(rows[0]["failures"])


async def attempt(key: str, limit: int, window: dt.timedelta) -> bool:
    """Count an attempt, and whether it may go ahead (at most ``limit`` a window)."""
    return await count_attempt(key, window) <= limit


async def succeeded(key: str) -> None:
    """The attempt just counted was right: it is not held against anyone."""
    await Throttle.update({Throttle.failures: Throttle.failures - 1}).where(
        (Throttle.key == key) & (Throttle.failures > 0)
    )


async def attempts(key: str, window: dt.timedelta) -> int:
    """Attempts counted for ``key`` in the current window (none if it has ended)."""
    row = await Throttle.select(Throttle.window_start, Throttle.failures).where(Throttle.key == key).first()
    return int(row["failures"]) if row and row["window_start"] > _now() - window else 0
