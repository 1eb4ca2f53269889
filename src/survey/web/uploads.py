"""BSL video answers: checked by their content, kept encrypted under a random
name in a folder that is never served, and described in the answer saved."""

from __future__ import annotations

import secrets
from pathlib import Path

from litestar.datastructures import UploadFile

from ..questionnaire.media import VIDEO_KINDS, sniff
from ..questionnaire.questions import FieldError
from ..storage.sealing import SealedWriter

CHUNK = 1024 * 1024
_EXTENSIONS = {"video/mp4": ".mp4", "video/webm": ".webm", "video/x-matroska": ".mkv"}


def chosen(upload: object) -> bool:
    """Whether a file was chosen at all: an empty file input still sends a part."""
    return isinstance(upload, UploadFile) and bool(upload.filename)


async def save_video(upload: UploadFile, folder: Path, limit: int) -> dict | FieldError:
    """Keep an uploaded video answer, or say what is wrong with it."""
    head = await upload.read(64)
    if not head:
        return FieldError("video_empty", part="bsl")
    kind = sniff(head)
    if kind not in VIDEO_KINDS:
        return FieldError("video_type", part="bsl")
    media_type = VIDEO_KINDS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + _EXTENSIONS[media_type]
    target = folder / name
    size = len(head)
    try:
        with target.open("xb") as out:
            # Sealed as it arrives: a video of someone signing identifies them.
            sealed = SealedWriter(out)
            sealed.write(head)
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise OverflowError
                sealed.write(chunk)
            sealed.close()
    except OverflowError:
        target.unlink(missing_ok=True)
        return FieldError("video_size", part="bsl", params={"limit": limit})
    return {"file": name, "type": media_type, "bytes": size}
