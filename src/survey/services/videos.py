"""BSL video answers on disk: a video of someone signing identifies them, so
it is removed in the same step that drops the answer holding it, and any file
no answer holds (left by a crash between writing it and saving the answer) is
swept away at start and by ``survey purge``."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..questionnaire.answer import Answer
from ..storage import responses

log = logging.getLogger("survey")

#: A file younger than this may be an upload still arriving, or one whose
#: answer is being saved this moment: the sweep leaves it for next time.
SETTLING = dt.timedelta(hours=1)


def video_of(value: Any) -> Mapping[str, Any] | None:
    """The BSL video a stored answer holds (its file, type and size), if any."""
    return Answer.of(value).video


def file_of(value: Any) -> str | None:
    return Answer.of(value).video_file


def bytes_held(answers: dict[str, Any], besides: str | None = None) -> int:
    """Bytes of video the stored answers hold, leaving out the answer to ``besides``."""
    return sum(Answer.of(value).video_bytes for qid, value in answers.items() if qid != besides)


def remove(folder: Path, names: Iterable[str | None]) -> int:
    removed = 0
    for name in names:
        if name and "/" not in name and name not in (".", ".."):
            path = folder / name
            if path.exists():
                path.unlink(missing_ok=True)
                removed += 1
    return removed


async def sweep(folder: Path, settling: dt.timedelta = SETTLING) -> int:
    """Remove every video file no answer holds, once it has settled; how many."""
    if not folder.is_dir():
        return 0
    held = await responses.videos_held()
    old = time.time() - settling.total_seconds()
    orphans = [p.name for p in folder.iterdir() if p.is_file() and p.name not in held and p.stat().st_mtime < old]
    removed = remove(folder, orphans)
    if removed:
        log.info("removed %d video files that no answer holds", removed)
    return removed
