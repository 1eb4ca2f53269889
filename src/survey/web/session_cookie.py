"""The encrypted session cookie, sent again only when it would change.

Litestar's cookie backend encrypts and sends the session with every response.
Most pages change nothing in it, so here it is sent only when what it holds
changed, or when the cookie that came in is more than a day old (so it still
lasts its full time after the last visit, to within a day).
"""

from __future__ import annotations

import binascii
import json
import time
from base64 import b64decode
from dataclasses import dataclass, replace
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.middleware.session.client_side import AAD, ClientSideSessionBackend, CookieBackendConfig
from litestar.types import Empty, Message, ScopeSession

#: Send an unchanged cookie again once it is this old.
REFRESH_SECONDS = 24 * 3600
_AS_LOADED = "survey.session_as_loaded"


def _expires_at(cookie: bytes) -> float | None:
    """When the cookie says it expires: in its authenticated (not secret) part."""
    try:
        decoded = b64decode(cookie)
        start = decoded.find(AAD)
        return float(json.loads(decoded[start + len(AAD):])["expires_at"]) if start != -1 else None
    except (binascii.Error, ValueError, KeyError, TypeError):
        return None


class _QuietBackend(ClientSideSessionBackend):
    """Sent only when it would change; and on a shared computer (the session
    says so) without Max-Age, so the browser forgets it when it closes."""

    async def load_from_connection(self, connection: ASGIConnection) -> dict[str, Any]:
        data = await super().load_from_connection(connection)
        if data:  # the cookie opened, so it is ours and unexpired
            cookie = b"".join(connection.cookies[key].encode() for key in self.get_cookie_keys(connection))
            connection.scope[_AS_LOADED] = (self.serialize_data(data), _expires_at(cookie))  # type: ignore[literal-required]
        return data

    async def store_in_message(self, scope_session: ScopeSession, message: Message, connection: ASGIConnection) -> None:
        loaded = connection.scope.get(_AS_LOADED)
        if loaded and scope_session and scope_session is not Empty:
            serialized, expires_at = loaded
            fresh = expires_at is not None and expires_at - time.time() > self.config.max_age - REFRESH_SECONDS
            if fresh and self.serialize_data(scope_session) == serialized:
                return  # the browser's cookie already says this
        if scope_session and scope_session is not Empty and scope_session.get("shared"):
            headers = MutableScopeHeaders.from_message(message)
            sent = set()
            for cookie in self._create_session_cookies(self.dump_data(scope_session, scope=connection.scope)):
                headers.add("Set-Cookie", replace(cookie, max_age=None, expires=None).to_header(header=""))
                sent.add(cookie.key)
            for key in self.get_cookie_key_set(connection) - sent:
                headers.add("Set-Cookie", Cookie(value="null", key=key, expires=0, **self._clear_cookie_params).to_header(header=""))
            return
        await super().store_in_message(scope_session, message, connection)


@dataclass
class QuietCookieBackendConfig(CookieBackendConfig):
    _backend_class = _QuietBackend
