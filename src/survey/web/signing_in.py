"""Signing in and out, for community workers, analysts and admins.

The sign-in form works with password managers and pasting (WCAG 3.3.8): no
CAPTCHA, no puzzle. Attempts are counted per account and per address for a
short window, so guessing is slow but the real person is soon let in; on a
browser they have signed in on before they are counted apart from strangers
(OWASP's device cookies), so nobody else's guesses lock them out there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from ..services import passwords
from ..services.i18n import gettext as _
from ..storage import accounts, audit, throttle
from .forms import form_values
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


def _worth_recording(refused: int) -> bool:
    """Refused attempts are recorded as counts, not one row each: the first
    in a window, then the 10th, 100th, 1,000th... (a flood of thousands adds
    a handful of rows to the append-only log)."""
    return refused > 0 and str(refused).rstrip("0") == "1"


#: OWASP's device cookie: a browser that signed in to an account before.
DEVICE_COOKIE = "survey_device"
DEVICE_DAYS = 180


def _device_mac(request: Request[Any, Any, Any], email: str, nonce: str) -> str:
    return _key(request, "device-cookie", f"{email}:{nonce}")


def _device(request: Request[Any, Any, Any], email: str) -> str | None:
    """This browser's device id, if it signed in to this account before."""
    nonce, _, mac = (request.cookies.get(DEVICE_COOKIE) or "").partition(".")
    if nonce and len(nonce) <= 64 and hmac.compare_digest(mac, _device_mac(request, email, nonce)):
        return nonce
    return None


def _device_cookie(request: Request[Any, Any, Any], email: str, nonce: str) -> Cookie:
    return Cookie(
        key=DEVICE_COOKIE, value=f"{nonce}.{_device_mac(request, email, nonce)}", path="/sign-in",
        max_age=DEVICE_DAYS * 24 * 3600, httponly=True, samesite="strict", secure=request.app.state.settings.cookie_secure,
    )


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
        typed_email = (form.get("email") or [""])[0]
        email = accounts.normalise_email(typed_email)
        password = (form.get("password") or [""])[0]
        next_url = safe_next((form.get("next") or [""])[0])
        errors = []
        if not email:
            errors.append(("email", _("Enter your email address")))
        elif len(email) > accounts.EMAIL_MAX_LENGTH:
            # Checked before anything is counted or recorded: the audit log
            # never holds more of what a stranger typed than an address can be.
            errors.append(("email", _("Enter an email address of %(limit)s characters or fewer", limit=accounts.EMAIL_MAX_LENGTH)))
            email = ""
        if not password:
            errors.append(("password", _("Enter your password")))
        if errors:
            return _form(request, next_url, email, errors)
        if len(password) > passwords.MAX_LENGTH:
            # No account can have it: refused without spending a hash on it.
            return _form(request, next_url, email, [("email", _("Enter the email address and password of your account"))])
        settings = request.app.state.settings
        window = dt.timedelta(seconds=settings.signin_window_seconds)
        # A browser this account signed in on before has its own count, so a
        # stranger's wrong guesses never lock the real person out of their own computer.
        device = _device(request, email)
        by_account = _key(request, "device", device) if device else _key(request, "account", email)
        by_address = _key(request, "address", _client(request))
        # Counted before the password is checked, each in one statement, so
        # guesses sent at once cannot all slip in under the limit.
        over = {
            "account": await throttle.count_attempt(by_account, window) - settings.signin_attempts,
            "address": await throttle.count_attempt(by_address, window) - settings.signin_attempts * 5,
        }
        if any(n > 0 for n in over.values()):
            for limit, refused in over.items():
                if _worth_recording(refused):
                    await audit.record("sign_in_refused", email, object_type="account", reason=f"too many attempts from this {limit}",
                                       refused_in_window=refused)
            minutes = max(settings.signin_window_seconds // 60, 1)
            message = _("You have tried too many times. Wait %(minutes)s minutes, then try again", minutes=minutes)
            return _form(request, next_url, email, [("email", message)], status_code=429)
        account = await accounts.by_email(email)
        # Always one hash, whether or not the account exists or is disabled, so
        # the time taken says nothing about which.
        right = await passwords.verify_off_loop(account.password_hash if account else None, password)
        if account is None or account.disabled or not right:
            why = "no such account" if account is None else "account disabled" if account.disabled else "wrong password"
            await audit.record("sign_in_failed", email, object_type="account", reason=why)
            message = _("Enter the email address and password of your account")
            return _form(request, next_url, email, [("email", message)])
        await throttle.succeeded(by_account)
        await throttle.succeeded(by_address)
        if passwords.needs_rehash(account.password_hash):
            await accounts.set_password_hash(account.id, await passwords.hash_off_loop(password))
        token = await start_session(account)
        await audit.record("sign_in", account.email, account.id, "account", str(account.id))
        redirect = Redirect(next_url, status_code=303)
        redirect.set_cookie(session_cookie(request, token))
        redirect.set_cookie(_device_cookie(request, email, device or secrets.token_urlsafe(16)))
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
