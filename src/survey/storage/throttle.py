"""Counting failed attempts, so guessing resume codes stays hopeless.

Kept in the database, so every worker behind a load balancer sees the same
count. Only failures count: someone who types their own code right is never
held up by it.
"""

from __future__ import annotations

import datetime as dt

from .tables import Throttle


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


async def blocked(key: str, limit: int, window: dt.timedelta) -> bool:
    row = await Throttle.select(Throttle.window_start, Throttle.failures).where(Throttle.key == key).first()
    return bool(row and row["window_start"] > _now() - window and row["failures"] >= limit)


async def record_failure(key: str, window: dt.timedelta) -> None:
    now = _now()
    row = await Throttle.select(Throttle.window_start).where(Throttle.key == key).first()
    if row is None or row["window_start"] <= now - window:
        await Throttle.insert(Throttle(key=key, window_start=now, failures=1)).on_conflict(
            target=Throttle.key, action="DO UPDATE", values=[Throttle.window_start, Throttle.failures]
        )
    else:
        await Throttle.update({Throttle.failures: Throttle.failures + 1}).where(Throttle.key == key)
