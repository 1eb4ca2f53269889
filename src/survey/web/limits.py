"""Request bodies, held to what the page they are sent to can take.

Every form is small (``SURVEY_MAX_BODY_BYTES``), however it is encoded. The
large limit for a BSL video answer (``SURVEY_MAX_UPLOAD_BYTES``) is given
only to the one file field of a question page that takes a video, and only
that field may be a file. A multipart body is read here, part by part, before
anything else sees it: text parts count against the form limit as they
arrive, the video goes to a temporary file, and what is read is handed to
Litestar as the request's form (so the CSRF check and the handler never read
the body again). Bytes are counted as they arrive, so a body with no
Content-Length is held to the same limit as one that declares its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from litestar.datastructures import UploadFile
from litestar.exceptions import ClientException
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState
from multipart import MultipartSegment, ParserError, ParserLimitReached, PushMultipartParser

from .render import BadForm

#: Beside the video itself: the answer's other fields and the part headers.
_BESIDE_FILES = 64 * 1024
_MAX_PARTS = 200

#: The file fields a request may carry, by its scope: {field name: byte limit}.
FileFields = Callable[[Scope], dict[str, int]]


def too_large() -> ClientException:
    return ClientException(status_code=413, detail="request body too large")


def body_limits(form_bytes: int, file_fields: FileFields):
    def middleware(app: ASGIApp) -> ASGIApp:
        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
                await app(scope, receive, send)
                return
            headers = dict(scope.get("headers", []))
            content_type = headers.get(b"content-type", b"").decode("latin-1")
            multipart = content_type.lower().startswith("multipart/form-data")
            files = file_fields(scope) if multipart else {}
            limit = sum(files.values()) + _BESIDE_FILES if files else form_bytes
            declared = headers.get(b"content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise too_large()
            counted = _counting(receive, limit)
            if multipart:
                form = await _read_multipart(counted, content_type, form_bytes, files)
                ScopeState.from_scope(scope).form = form
                counted = _nothing_left(receive)
            await app(scope, counted, send)

        return limited

    return middleware


def _counting(receive: Receive, limit: int) -> Receive:
    received = 0
    complete = False

    async def counting() -> Message:
        nonlocal received, complete
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise too_large()
            complete = not message.get("more_body", False)
        elif message["type"] == "http.disconnect" and not complete:
            raise ClientDisconnected()
        return message

    return counting


def _nothing_left(receive: Receive) -> Receive:
    """The body has been read: later readers get an empty one (and still hear a disconnect)."""
    sent = False

    async def empty() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        return await receive()

    return empty


def _boundary(content_type: str) -> bytes:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.strip().partition("=")
        if name.lower() == "boundary" and value:
            return value.strip('"').encode("latin-1")
    raise BadForm("multipart form without a boundary")


async def _read_multipart(receive: Receive, content_type: str, text_limit: int, files: dict[str, int]) -> dict[str, Any]:
    """The form's fields: text parts decoded as UTF-8, files in temporary files."""
    reader = _PartReader(text_limit, files)
    try:
        with PushMultipartParser(_boundary(content_type), max_segment_count=_MAX_PARTS) as parser:
            more = True
            while more:
                message = await receive()
                more = message.get("more_body", False)
                for part in parser.parse(message.get("body", b"")):
                    await reader.take(part)
                if not more:
                    for part in parser.parse(b""):  # an empty chunk: the body has ended
                        await reader.take(part)
            if not parser.closed:
                raise BadForm("the form ended part of the way through")
    except BaseException as exc:
        await reader.discard()
        if isinstance(exc, ParserLimitReached):
            raise too_large() from None
        if isinstance(exc, ParserError):
            raise BadForm("a multipart form that cannot be read") from None
        raise
    return {name: values if len(values) > 1 else values[0] for name, values in reader.fields.items()}


class _PartReader:
    """Each piece the parser gives, in turn: a part's headers, some of its content, or its end."""

    def __init__(self, text_limit: int, files: dict[str, int]) -> None:
        self.fields: defaultdict[str, list[Any]] = defaultdict(list)
        self._text_left = text_limit
        self._files = files
        self._segment: MultipartSegment | None = None
        self._data: UploadFile | bytearray = bytearray()
        self._file_left = 0

    async def take(self, part: MultipartSegment | bytes | bytearray | None) -> None:
        if isinstance(part, MultipartSegment):
            self._start(part)
        elif part:
            await self._add(part)
        else:
            await self._end()

    def _start(self, segment: MultipartSegment) -> None:
        self._segment = segment
        if segment.filename is None:
            self._data = bytearray()
            return
        if segment.name not in self._files:
            raise BadForm(f"a file where no file is taken: {segment.name[:40]!r}")
        self._file_left = self._files[segment.name]
        self._data = Upload(content_type=segment.content_type or "application/octet-stream",
                            filename=segment.filename, headers=dict(segment.headerlist))

    async def _add(self, chunk: bytes | bytearray) -> None:
        if isinstance(self._data, Upload):
            # Past its limit a file is not kept, but the rest of the body (up
            # to the request's cap) is read, so the page can say what is wrong.
            self._file_left -= len(chunk)
            if self._file_left < 0:
                if not self._data.oversized:
                    self._data.oversized = True
                    await self._data.seek(0)
                    self._data.file.truncate()
            else:
                await self._data.write(chunk)
            return
        self._text_left -= len(chunk)
        if self._text_left < 0:
            raise too_large()
        self._data.extend(chunk)

    async def _end(self) -> None:
        assert self._segment is not None
        name, data = self._segment.name, self._data
        if isinstance(data, UploadFile):
            await data.seek(0)
            self.fields[name].append(data)
        else:
            try:
                self.fields[name].append(data.decode("utf-8"))
            except UnicodeDecodeError:
                raise BadForm(f"a field that is not UTF-8 text: {name[:40]!r}") from None
        self._segment, self._data = None, bytearray()

    async def discard(self) -> None:
        for value in [self._data, *(v for values in self.fields.values() for v in values)]:
            if isinstance(value, UploadFile):
                await value.close()


class Upload(UploadFile):
    """A file from a form; ``oversized`` when it was over its field's limit (and not kept)."""

    __slots__ = ("oversized",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.oversized = False


class ClientDisconnected(Exception):
    """The browser went away before its form had all arrived: nothing to answer."""
