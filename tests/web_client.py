"""A test client that behaves like a browser with JavaScript off: it reads the
page's form (with its CSRF token) before posting, and follows redirects."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, Iterator

import httpx
from bs4 import BeautifulSoup
from litestar.testing import TestClient

from survey.app import create_app
from survey.settings import Settings


class Visitor:
    def __init__(self, client: TestClient, own_cookies: bool = False):
        """``own_cookies``: a browser of its own (someone else, another device),
        whose cookies are kept apart from other visitors' on the same client."""
        self.client = client
        self.response = None
        self.soup: BeautifulSoup | None = None
        self._jar = httpx.Cookies() if own_cookies else None

    def request(self, method: str, url: str, **kwargs: Any):
        """One request with this visitor's cookies."""
        if self._jar is None:
            return self.client.request(method, url, **kwargs)
        self.client.cookies = self._jar
        try:
            return self.client.request(method, url, **kwargs)
        finally:
            self._jar = httpx.Cookies(self.client.cookies)

    def _read(self, response) -> BeautifulSoup:
        self.response = response
        self.soup = BeautifulSoup(response.text, "html.parser")
        return self.soup

    @property
    def path(self) -> str:
        return self.response.url.path

    def get(self, url: str, **kwargs: Any) -> BeautifulSoup:
        return self._read(self.request("GET", url, follow_redirects=True, **kwargs))

    def csrf(self) -> str:
        field = self.soup.find("input", attrs={"name": "_csrf_token"})
        assert field, f"no CSRF token on {self.path}"
        return field["value"]

    def post(self, url: str | None = None, data: dict[str, Any] | None = None, csrf: bool = True, **kwargs: Any) -> BeautifulSoup:
        """Post to ``url`` (default: the first form in the main content) as the page would."""
        if url is None:
            url = self.soup.select_one("main form[method=post]")["action"]
        payload = dict(data or {})
        if csrf:
            payload["_csrf_token"] = self.csrf()
        return self._read(self.request("POST", url, data=payload, follow_redirects=True, **kwargs))

    def format_form(self, label: str):
        """The form of a format choice at the top of the page (BSL, Easy Read), by its button's words."""
        for form in self.soup.select(".survey-bsl-choice form[method=post]"):
            if form.find("button").get_text(strip=True) == label:
                return form
        raise AssertionError(f"no format choice {label!r} on {self.path}")

    def choose_format(self, label: str) -> BeautifulSoup:
        """Press a format choice's button, as a browser without JavaScript would."""
        form = self.format_form(label)
        fields = {i["name"]: i["value"] for i in form.find_all("input")}
        return self._read(self.request("POST", form["action"], data=fields, follow_redirects=True))

    def title(self) -> str:
        return self.soup.title.get_text(strip=True)

    def h1(self) -> str:
        return self.soup.find("h1").get_text(" ", strip=True)

    def errors(self) -> list[tuple[str, str]]:
        summary = self.soup.select(".govuk-error-summary__list a")
        return [(a["href"], a.get_text(strip=True)) for a in summary]


@contextmanager
def running_app(tmp_path: Path, questionnaires: Path, database_url: str | None = None, **settings: Any) -> Iterator[TestClient]:
    app = create_app(
        Settings(
            database_url=database_url or f"sqlite:///{tmp_path}/web.db",
            questionnaires_dir=questionnaires,
            data_dir=tmp_path / "data",
            **settings,
        )
    )
    # HTTPS, so that Secure cookies travel as they do in production.
    with TestClient(app, base_url="https://testserver.local") as client:
        yield client


@asynccontextmanager
async def concurrent_client(app) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the app in this event loop, so requests sent together
    really run together (Litestar's AsyncTestClient sends one at a time
    through a portal). The app's start-up and shut-down run as a server's would."""
    messages: asyncio.Queue = asyncio.Queue()
    started = asyncio.get_running_loop().create_future()

    async def send(message):
        if message["type"] == "lifespan.startup.complete":
            started.set_result(None)
        elif message["type"] == "lifespan.startup.failed":
            started.set_exception(RuntimeError(message.get("message", "start-up failed")))

    await messages.put({"type": "lifespan.startup"})
    lifespan = asyncio.ensure_future(app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, messages.get, send))
    await started
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver.local", timeout=120) as client:
            yield client
    finally:
        await messages.put({"type": "lifespan.shutdown"})
        await lifespan
