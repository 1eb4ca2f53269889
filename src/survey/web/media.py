"""Question banks' media (BSL videos, captions, posters), served with byte
ranges so video players can seek, and long cache lifetimes.

Only files inside a bank's own media folder, with a known type, are served.
"""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Stream

from ..storage.sealing import FILE_CHUNK, FILE_MAGIC, SealError, open_chunk

YEAR = 365 * 24 * 3600
CHUNK = 256 * 1024
TYPES = {
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".vtt": "text/vtt",  # Litestar adds the charset to text types
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
#: A bank's id as the schema allows it (never "." or "..").
_BANK_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


class MediaLibrary:
    def __init__(self, questionnaires_dir: Path):
        self.root = (questionnaires_dir / "media").resolve()

    def file(self, questionnaire_id: str, name: str) -> Path | None:
        """The file, if it lies inside this bank's own media folder and is a kind we serve."""
        if not _BANK_ID.fullmatch(questionnaire_id) or any(ord(c) < 32 for c in name):
            return None  # "..", "%00" and the like: no such file
        folder = (self.root / questionnaire_id).resolve()
        path = (folder / name).resolve()
        if folder.parent != self.root or not path.is_relative_to(folder) or path.suffix.lower() not in TYPES or not path.is_file():
            return None
        return path

    @functools.lru_cache(maxsize=4096)
    def url(self, questionnaire_id: str, name: str) -> str:
        """A URL that changes when the file does, so it may be cached for a year.
        Worked out once per file: media change with the banks, on a restart."""
        path = self.file(questionnaire_id, name)
        stat = path.stat() if path else None
        version = f"{stat.st_mtime_ns:x}{stat.st_size:x}" if stat else "missing"
        return f"/media/{questionnaire_id}/{version}/{name}"


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive byte range asked for; None for the whole file; ValueError if unsatisfiable."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None  # a form we do not support: send the whole file, as RFC 9110 allows
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:
        start, end = max(size - int(last), 0), size - 1
    if start >= size or start > end:
        raise ValueError("unsatisfiable range")
    return start, end


async def _read(path: Path, start: int, end: int) -> AsyncIterator[bytes]:
    async with await anyio.open_file(path, "rb") as handle:
        await handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = await handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


async def _read_sealed(path: Path, start: int, end: int) -> AsyncIterator[bytes]:
    """Plain bytes start..end of a sealed file, skipping (unread) the chunks before."""
    async with await anyio.open_file(path, "rb") as handle:
        if await handle.read(len(FILE_MAGIC)) != FILE_MAGIC:
            raise SealError(f"{path.name} is not a sealed file")
        position = 0  # plain offset of the next chunk
        while position <= end:
            size = await handle.read(4)
            if not size:
                break
            length = int.from_bytes(size, "big")
            if position + FILE_CHUNK <= start:
                await handle.seek(length, 1)
                position += FILE_CHUNK
                continue
            chunk = open_chunk(await handle.read(length))
            yield chunk[max(start - position, 0) : end - position + 1]
            position += len(chunk)


@get("/media/{questionnaire_id:str}/{version:str}/{name:path}", include_in_schema=False, name="media")
async def serve_media(
    request: Request[Any, Any, Any],
    media: NamedDependency[MediaLibrary],
    questionnaire_id: FromPath[str],
    version: FromPath[str],
    name: FromPath[str],
) -> Response[Any]:
    path = media.file(questionnaire_id, name.lstrip("/"))
    if path is None:
        raise NotFoundException()
    current = media.url(questionnaire_id, name.lstrip("/")).split("/")[3] == version
    cache = f"public, max-age={YEAR}, immutable" if current else "public, max-age=300"
    return ranged_file(request, path, TYPES[path.suffix.lower()], cache)


def ranged_file(
    request: Request[Any, Any, Any], path: Path, media_type: str, cache_control: str, sealed_size: int | None = None
) -> Response[Any]:
    """A file that can be sought in: byte ranges, as video players ask for them.
    ``sealed_size`` (the plain size) marks a file sealed in chunks (see storage.sealing)."""
    size = path.stat().st_size if sealed_size is None else sealed_size
    headers = {"Accept-Ranges": "bytes", "Cache-Control": cache_control}
    try:
        wanted = byte_range(request.headers.get("range"), size)
    except ValueError:
        return Response(b"", status_code=416, headers={**headers, "Content-Range": f"bytes */{size}"})
    start, end = wanted or (0, size - 1)
    headers["Content-Length"] = str(end - start + 1)
    if wanted:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    return Stream(
        _read(path, start, end) if sealed_size is None else _read_sealed(path, start, end),
        status_code=206 if wanted else 200,
        media_type=media_type,
        headers=headers,
    )
