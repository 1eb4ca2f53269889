"""Purging sent responses after the retention period, with an audit row.
Shared by ``survey purge`` and the admin page."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from . import videos as video_files
from ..storage import audit, responses


def cutoff(days: int) -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)


async def purge(days: int, uploads: Path, actor: str, actor_id: uuid.UUID | None = None) -> int:
    """Delete sent responses older than ``days`` and the videos they held,
    then any video file no answer holds."""
    count, videos = await responses.purge_sent_before(cutoff(days))
    video_files.remove(uploads, videos)
    orphans = await video_files.sweep(uploads)
    await audit.record("responses_purged", actor, actor_id, "responses", "", older_than_days=days, responses=count,
                       videos=len(videos), videos_no_answer_held=orphans)
    return count
