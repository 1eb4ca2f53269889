"""Signing in and out, for community workers, analysts and admins.

The sign-in form works with password managers and pasting (WCAG 3.3.8): no
CAPTCHA, no puzzle. Wrong passwords are counted per account and per address
for a short window, so guessing is slow but the real person is soon let in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from .. import passwords
from ..i18n import gettext as _
from ..storage import accounts, audit, throttle
from .journey_view import form_values
from .render import BadForm, page
from .staff import forget_cookie, requires, session_cookie, sign_out, signed_in, start_session

_FIELDS = {"email", "password", "next", "_csrf_token"}


def safe_next(value: str | None) -> str:
    """Only a path on this site: never another site (an open redirect)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/account"


def _key(request: Request[Any, Any, Any], kind: str, value: str) -> str:
    secret = request.app.state.settings.secret_key.encode()
    return hmac.new(secret, f"sign-in:{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _client(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


class SigningInController(Controller):
    @get("/sign-in")
    async def sign_in_page(
        self,
        request: Request[Any, Any, Any],
        next_: Annotated[str | None, QueryParameter(name="next", max_length=500)] = None,
        reason: Annotated[str | None, QueryParameter(max_length=20)] = None,
    ) -> Template:
        return _form(request, safe_next(next_), reason=reason)

    @post("/sign-in")
    async def sign_in(self, request: Request[Any, Any, Any]) -> Template | Response[Any]:
        form = form_values(await request.form())
        if set(form) - _FIELDS:
            raise BadForm("unexpected fields")
        email = accounts.normalise_email((form.get("email") or [""])[0])
        password = (form.get("password") or [""])[0]
        next_url = safe_next((form.get("next") or [""])[0])
        errors = []
        if not email:
            errors.append(("email", _("Enter your email address")))
        if not password:
            errors.append(("password", _("Enter your password")))
        if errors:
            return _form(request, next_url, email, errors)
        settings = request.app.state.settings
        window = dt.timedelta(seconds=settings.signin_window_seconds)
        by_account, by_address = _key(request, "account", email), _key(request, "address", _client(request))
        if await throttle.blocked(by_account, settings.signin_attempts, window) or await throttle.blocked(
            by_address, settings.signin_attempts * 5, window
        ):
            await audit.record("sign_in_refused", email, object_type="account", reason="too many attempts")
            minutes = max(settings.signin_window_seconds // 60, 1)
            message = _("You have tried too many times. Wait %(minutes)s minutes, then try again", minutes=minutes)
            return _form(request, next_url, email, [("email", message)], status_code=429)
        account = await accounts.by_email(email)
        if account is None or account.disabled or not passwords.verify(account.password_hash, password):
            if account is None:
                passwords.verify(None, password)  # the same time whether or not the account exists
            await throttle.record_failure(by_account, window)
            await throttle.record_failure(by_address, window)
            why = "no such account" if account is None else "account disabled" if account.disabled else "wrong password"
            await audit.record("sign_in_failed", email, object_type="account", reason=why)
            message = _("Enter the email address and password of your account")
            return _form(request, next_url, email, [("email", message)])
        if passwords.needs_rehash(account.password_hash):
            await accounts.set_password_hash(account.id, passwords.hash_password(password))
        token = await start_session(account)
        await audit.record("sign_in", account.email, account.id, "account", str(account.id))
        redirect = Redirect(next_url, status_code=303)
        redirect.set_cookie(session_cookie(request, token))
        return redirect

    @post("/sign-out", guards=[requires()], opt={"keeps_drafts": True})
    async def sign_out(self, request: Request[Any, Any, Any]) -> Response[Any]:
        await sign_out(request, signed_in(request), "signed out")
        return forget_cookie(request, Redirect("/signed-out", status_code=303))

    @get("/signed-out")
    async def signed_out(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "staff/signed_out.html")

    @post("/keep-alive", guards=[requires()], status_code=204)
    async def keep_alive(self) -> None:
        """Stay signed in: the guard has already recorded the activity."""

    @get("/account", guards=[requires()])
    async def account(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "staff/account.html", account=signed_in(request))


def _form(
    request: Request[Any, Any, Any],
    next_url: str,
    email: str = "",
    errors: list[tuple[str, str]] | None = None,
    reason: str | None = None,
    status_code: int = 200,
) -> Template:
    errors = errors or []
    return page(
        request,
        "staff/sign_in.html",
        errors=[{"target": target, "message": text} for target, text in errors],
        field_errors=dict(errors),
        email=email,
        next_url=next_url,
        reason=reason,
        idle_minutes=request.app.state.settings.idle_minutes,
        status_code=status_code,
    )
