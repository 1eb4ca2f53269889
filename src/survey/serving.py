"""How uvicorn serves the app: proxies trusted, connections bounded, and the
read timeouts uvicorn leaves out.

uvicorn closes a connection left idle between requests, but waits for ever
for a request's headers and for a body that stops arriving, so thousands of
slow connections could hold every file descriptor. Here a request's headers
must all arrive within ``SURVEY_HEADER_TIMEOUT_SECONDS`` of its first byte
(or of the connection opening), and its body may not stall for longer than
``SURVEY_BODY_TIMEOUT_SECONDS``; a connection that does either is closed.
A stall while the app itself is not reading (a large upload waiting its turn)
is never held against the client.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .settings import Settings


class TimedHttpProtocol(HttpToolsProtocol):
    # Read from the environment in each worker process (uvicorn starts them
    # afresh and passes this class by name), once.
    _timeouts: tuple[float, float] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if TimedHttpProtocol._timeouts is None:
            settings = Settings.from_env()
            TimedHttpProtocol._timeouts = (settings.header_timeout_seconds, settings.body_timeout_seconds)
        self.header_seconds, self.body_seconds = TimedHttpProtocol._timeouts
        self._read_timer: asyncio.TimerHandle | None = None

    def _wait(self, seconds: float, then) -> None:
        self._stop_waiting()
        self._read_timer = self.loop.call_later(seconds, then)

    def _stop_waiting(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def _close(self) -> None:
        self._read_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def _headers_late(self) -> None:
        self.logger.info("closed a connection whose request headers did not arrive in time")
        self._close()

    def _body_stalled(self) -> None:
        if self.flow is not None and self.flow.read_paused:
            self._wait(self.body_seconds, self._body_stalled)  # our side is not reading: not the client's fault
            return
        self.logger.info("closed a connection whose request body stopped arriving")
        self._close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._wait(self.header_seconds, self._headers_late)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._read_timer is None:
            self._wait(self.header_seconds, self._headers_late)

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._wait(self.body_seconds, self._body_stalled)

    def on_body(self, body: bytes) -> None:
        super().on_body(body)
        self._wait(self.body_seconds, self._body_stalled)

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._stop_waiting()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """What ``survey serve`` passes to uvicorn beside the host, port and workers."""
    proxies = settings.trusted_proxy_list
    return {
        "http": TimedHttpProtocol,
        # X-Forwarded-For is believed only from the proxies named: from anyone
        # else it would let a made-up header dodge every per-address limit.
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
        # Longer than most clients keep an idle connection (httpx: 5 s), so a
        # request is not sent on one just as the server closes it (browsers,
        # which keep them longer, send such a request again themselves).
        "timeout_keep_alive": settings.keep_alive_seconds,
        # Past this, uvicorn answers 503 at once instead of taking more.
        "limit_concurrency": settings.max_connections,
        # uvicorn's supervisor kills a worker that does not answer its health
        # check in time, dropping every connection it holds: on a machine
        # busy with other work 5 s (the default) can pass with the worker
        # merely waiting for a core.
        "timeout_worker_healthcheck": 30,
        "backlog": 2048,
        "server_header": False,
    }
