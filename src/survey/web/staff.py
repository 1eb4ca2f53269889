"""Who is signed in, and the guards on staff pages.

A staff session is a random token in an HTTP-only cookie; the database keeps
only its hash, so sessions can be ended (sign-out, idle, a disabled account)
on every server at once. Guards load the account once per request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler

from ..storage import accounts, audit
from ..storage.accounts import AccountRecord

COOKIE = "survey_staff"
#: Touch the session at most this often, not on every request.
_TOUCH_EVERY = dt.timedelta(seconds=30)


class SignInRequired(Exception):
    def __init__(self, next_url: str, reason: str = "") -> None:
        super().__init__(next_url)
        self.next_url = next_url
        self.reason = reason

    def location(self) -> str:
        return f"/sign-in?next={quote(self.next_url, safe='/')}" + (f"&reason={self.reason}" if self.reason else "")


class NotPermitted(PermissionDeniedException):
    """Signed in, but without the role (or the ownership) a page needs."""

    def __init__(self, needed: str) -> None:
        super().__init__(detail=needed)
        self.needed = needed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


async def _load(connection: ASGIConnection[Any, Any, Any, Any]) -> tuple[AccountRecord | None, bool]:
    """The signed-in account, and whether its session has gone idle."""
    state = connection.state
    if "staff_loaded" in state:
        return state.get("account"), state.get("idle", False)
    token = connection.cookies.get(COOKIE)
    found = await accounts.session(token_hash(token)) if token else None
    account, idle = None, False
    if found is not None:
        account = found.account
        settings = connection.app.state.settings
        idle = _now() - found.last_seen_at > dt.timedelta(minutes=settings.idle_minutes)
        if not idle and _now() - found.last_seen_at > _TOUCH_EVERY:
            await accounts.touch(token_hash(token))
    state["staff_loaded"] = True
    state["account"] = None if idle else account
    state["idle_account"] = account if idle else None
    state["idle"] = idle
    return account, idle


def _here(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    query = connection.url.query
    return connection.url.path + (f"?{query}" if query else "")


def requires(*roles: str):
    """A guard: signed in, with at least one of ``roles`` (any role when none given).

    A handler with ``opt={"keeps_drafts": True}`` still runs for an idle
    session's POST, so it can keep what was typed before signing the person out.
    """

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        account, idle = await _load(connection)
        if account is None:
            raise SignInRequired(_here(connection) if connection.scope["method"] == "GET" else "/account")
        if idle:
            if handler.opt.get("keeps_drafts") and connection.scope["method"] == "POST":
                return
            await sign_out(connection, account, "idle")
            raise SignInRequired(_here(connection) if connection.scope["method"] == "GET" else "/account", "idle")
        if roles and not any(account.has(role) for role in roles):
            raise NotPermitted(roles[0])

    return guard


def signed_in(request: Request[Any, Any, Any]) -> AccountRecord:
    """The account a guard let through (or an idle one, for keeps_drafts handlers)."""
    account = request.state.get("account") or request.state.get("idle_account")
    assert account is not None, "a staff page without a guard"
    return account


def is_idle(request: Request[Any, Any, Any]) -> bool:
    return bool(request.state.get("idle"))


async def start_session(account: AccountRecord) -> str:
    token = secrets.token_urlsafe(32)
    await accounts.open_session(account.id, token_hash(token))
    return token


def session_cookie(request: Request[Any, Any, Any], token: str | None) -> Cookie:
    """The staff cookie: no expiry date, so it also ends when the browser closes."""
    return Cookie(
        key=COOKIE,
        value=token or "",
        path="/",
        httponly=True,
        secure=request.app.state.settings.cookie_secure,
        samesite="lax",
        max_age=None if token else 0,
    )


async def sign_out(connection: ASGIConnection[Any, Any, Any, Any], account: AccountRecord, why: str) -> None:
    token = connection.cookies.get(COOKIE)
    if token:
        await accounts.end_session(token_hash(token))
    await audit.record("sign_out", account.email, account.id, "account", str(account.id), reason=why)


def forget_cookie(request: Request[Any, Any, Any], response: Response[Any]) -> Response[Any]:
    response.set_cookie(session_cookie(request, None))
    return response
