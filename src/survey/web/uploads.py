"""BSL video answers: checked by their content, kept encrypted under a random
name in a folder that is never served, and described in the answer saved."""

from __future__ import annotations

import secrets
from pathlib import Path

from litestar.datastructures import UploadFile
from litestar.types import Scope

from ..services.banks import Banks
from ..questionnaire import Questionnaire
from ..questionnaire.questions import Page

from ..questionnaire.media import VIDEO_KINDS, sniff
from ..questionnaire.questions import FieldError
from ..storage.sealing import SealedWriter

CHUNK = 1024 * 1024
_EXTENSIONS = {"video/mp4": ".mp4", "video/webm": ".webm", "video/x-matroska": ".mkv"}


def video_field(questionnaire: Questionnaire, page: Page) -> str | None:
    """Where a page takes an answer signed on video: its own video field, in a bank offered in BSL."""
    return page.video_field if "bsl" in questionnaire.formats else None


def video_fields(banks: Banks, limit: int):
    """The file fields a request may carry (see ``limits``): only the video
    field of a question page that takes one, known before the body is read."""

    def fields(scope: Scope) -> dict[str, int]:
        handler = scope.get("route_handler")
        if handler is None or not handler.opt.get("takes_answers"):
            return {}
        params = scope.get("path_params", {})
        if "questionnaire_id" in params:
            candidates = [q for q in [banks.current.get(params["questionnaire_id"])] if q is not None]
        else:
            # A worker's page names the response, not its bank (read after the
            # guard). Only a signed-in browser gets the large limit there.
            cookies = dict(scope.get("headers", [])).get(b"cookie", b"")
            candidates = list(banks.current.values()) if b"survey_staff=" in cookies else []
        for questionnaire in candidates:
            page = questionnaire.page(params.get("page_id", ""))
            name = page and video_field(questionnaire, page)
            if name:
                return {name: limit}
        return {}

    return fields


def chosen(upload: object) -> bool:
    """Whether a file was chosen at all: an empty file input still sends a part."""
    return isinstance(upload, UploadFile) and bool(upload.filename)


async def save_video(upload: UploadFile, folder: Path, limit: int, whole_response: bool = False) -> dict | FieldError:
    """Keep an uploaded video answer, or say what is wrong with it.
    ``whole_response``: the limit is what is left of the response's share of video."""
    too_big = FieldError("video_total" if whole_response else "video_size", part="bsl", params={"limit": limit})
    if getattr(upload, "oversized", False) or limit <= 0:
        return too_big
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
        return too_big
    return {"file": name, "type": media_type, "bytes": size}
