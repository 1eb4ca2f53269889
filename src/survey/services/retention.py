"""Purging sent responses after the retention period, and the addresses of
sampled cases in waves older than it, with an audit row. Shared by
``survey purge`` and the admin page."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from . import videos as video_files
from ..storage import appointments, audit, help_requests, integrity, responses, samples, throttle


def cutoff(days: int) -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)


async def purge(days: int, uploads: Path, actor: str, actor_id: uuid.UUID | None = None) -> int:
    """Delete sent responses older than ``days`` and the videos they held,
    then any video file no answer holds."""
    count, videos = await responses.purge_sent_before(cutoff(days))
    video_files.remove(uploads, videos)
    orphans = await video_files.sweep(uploads)
    addresses = await samples.purge_addresses(cutoff(days))
    await appointments.forget_places_before(cutoff(days))
    await integrity.forget_before(cutoff(1))
    await audit.record("responses_purged", actor, actor_id, "responses", "", older_than_days=days, responses=count,
                       videos=len(videos), videos_no_answer_held=orphans, sample_addresses=addresses)
    return count


async def purge_addresses(days: int, actor: str) -> int:
    """Forget the addresses of sampled cases in waves older than ``days`` (audited when there were any)."""
    addresses = await samples.purge_addresses(cutoff(days))
    if addresses:
        await audit.record("responses_purged", actor, None, "responses", "", older_than_days=days, responses=0,
                           videos=0, videos_no_answer_held=0, sample_addresses=addresses)
    return addresses


async def purge_help_requests(days: int, actor: str) -> int:
    """Delete requests for help handled more than ``days`` ago, with their
    contact details (audited when there were any)."""
    gone = await help_requests.purge_handled_before(cutoff(days))
    if gone:
        await audit.record("help_requests_purged", actor, None, "help_requests", "", handled_more_than_days_ago=days, requests=gone)
    return gone


#: The actor the audit log names for the app's own daily purge.
SCHEDULED = "scheduled purge"


async def purge_if_due(days: int, help_days: int, uploads: Path, every: dt.timedelta) -> bool:
    """The daily purge, at most once per ``every`` however many workers run it:
    each asks the shared attempt counter, and only the first in a period goes ahead."""
    if not await throttle.attempt("scheduled-purge", 1, every):
        return False
    # Audited when it deletes something: a daily row saying "nothing" would bury the rest.
    if await responses.sent_before(cutoff(days)):
        await purge(days, uploads, SCHEDULED)
    else:
        await purge_addresses(days, SCHEDULED)
    await purge_help_requests(help_days, SCHEDULED)
    return True

