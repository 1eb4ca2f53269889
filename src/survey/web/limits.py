"""Request body limits by kind: small for forms, large only for video uploads.

Bytes are counted as they arrive, so a body with no Content-Length is held to
the same limit as one that declares its size.
"""

from __future__ import annotations

from litestar.exceptions import ClientException
from litestar.types import ASGIApp, Message, Receive, Scope, Send


def body_limits(form_bytes: int, upload_bytes: int):
    def middleware(app: ASGIApp) -> ASGIApp:
        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            headers = dict(scope.get("headers", []))
            content_type = headers.get(b"content-type", b"").decode("latin-1")
            # Room for the other fields beside the file.
            limit = upload_bytes + 64 * 1024 if content_type.startswith("multipart/form-data") else form_bytes
            declared = headers.get(b"content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise ClientException(status_code=413, detail="request body too large")
            received = 0

            async def counting() -> Message:
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > limit:
                        raise ClientException(status_code=413, detail="request body too large")
                return message

            await app(scope, counting, send)

        return limited

    return middleware
