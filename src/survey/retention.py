"""Purging sent responses after the retention period, with an audit row.
Shared by ``survey purge`` and the admin page."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from .storage import audit, responses


def cutoff(days: int) -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)


async def purge(days: int, uploads: Path, actor: str, actor_id: uuid.UUID | None = None) -> int:
    """Delete sent responses older than ``days`` and the videos they held."""
    count, videos = await responses.purge_sent_before(cutoff(days))
    for video in videos:
        (uploads / video["file"]).unlink(missing_ok=True)
    await audit.record("responses_purged", actor, actor_id, "responses", "", older_than_days=days, responses=count, videos=len(videos))
    return count
