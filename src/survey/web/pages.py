"""Pages outside any one survey, and the pages shown when something goes wrong."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template

from ..services.banks import Banks
from ..services.i18n import gettext as _
from .render import BadForm, GoTo, error_page, page
from .limits import ClientDisconnected
from .opening import SurveyClosed
from .staff import NotPermitted, SignInRequired, session_cookie

log = logging.getLogger("survey.web")


def printable(path: str) -> str:
    """A request path as it may go into a log: percent-encoded as uvicorn's
    access log writes it, so a newline in an address cannot forge a log line."""
    return quote(path, safe="/:@!$&'()*+,;=-._~")


@get("/", name="home")
async def home(request: Request[Any, Any, Any], banks: NamedDependency[Banks]) -> Template:
    return page(request, "home.html", questionnaires=list(banks))


@get("/accessibility", name="accessibility")
async def accessibility(request: Request[Any, Any, Any]) -> Template:
    return page(request, "info/accessibility.html")


@get("/privacy", name="privacy")
async def privacy(request: Request[Any, Any, Any]) -> Template:
    return page(request, "info/privacy.html")


@get("/cookies", name="cookies")
async def cookies(request: Request[Any, Any, Any]) -> Template:
    return page(request, "info/cookies.html")


@get("/healthz", include_in_schema=False, sync_to_thread=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


def not_found(request: Request[Any, Any, Any], exc: Exception) -> Template:
    return error_page(
        request,
        404,
        _("Page not found"),
        [_("If you typed the web address, check it is correct."), _("If you pasted the web address, check you copied the entire address.")],
        ("/", _("Go to the list of surveys")),
    )


def bad_form(request: Request[Any, Any, Any], exc: Exception) -> Template:
    log.warning("refused a form on %s: %s", printable(request.url.path), exc)
    return error_page(
        request,
        400,
        _("Sorry, we could not read that form"),
        [
            _("The form sent to us had something in it that our pages never send, so we did not save it."),
            _("Your earlier answers are saved and have not changed. Go back and try again."),
        ],
        (str(request.url.path), _("Return to the question")),
    )


def forbidden(request: Request[Any, Any, Any], exc: Exception) -> Template:
    # The only 403 respondents meet is a form whose CSRF token did not match,
    # for example a page left open after its cookie was cleared.
    return error_page(
        request,
        403,
        _("Sorry, we could not accept that form"),
        [
            _("This can happen if the page was open for a long time, or your browser cleared its cookies."),
            _("Your earlier answers are saved. Go back, reload the page and try again."),
        ],
        (str(request.url.path), _("Reload the page")),
    )


def http_error(request: Request[Any, Any, Any], exc: Exception) -> Template:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 413:
        return error_page(
            request, 413, _("Your answer is too long to send"),
            [_("Shorten your answer and try again. Your earlier answers are saved.")],
        )
    if status < 500:
        return error_page(
            request, status, _("Sorry, there is a problem with that request"),
            [_("Go back and try again. Your earlier answers are saved.")],
            ("/", _("Go to the list of surveys")),
        )
    return server_error(request, exc)


def server_error(request: Request[Any, Any, Any], exc: Exception) -> Template:
    # Logged without the request body or session: they hold answers and codes.
    log.error("error on %s %s: %s", request.method, printable(request.url.path), type(exc).__name__, exc_info=exc)
    return error_page(
        request,
        500,
        _("Sorry, there is a problem with the service"),
        [_("We could not save your last answer. Please try again later."), _("Your earlier answers are saved.")],
    )


def went_away(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # Not an error of ours: the browser closed the connection before its form
    # had all arrived. Nobody is there to read an answer.
    log.info("a browser went away while sending a form to %s", printable(request.url.path))
    return Response(b"", status_code=400)


def sign_in_required(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, SignInRequired)
    redirect = Redirect(exc.location(), status_code=303)
    redirect.set_cookie(session_cookie(request, None))
    return redirect


_ROLE_NAMES = {
    "worker": lambda: _("community workers entering responses"),
    "supervisor": lambda: _("supervisors reviewing assisted responses"),
    "analyst": lambda: _("analysts"),
    "admin": lambda: _("admins"),
}


def not_permitted(request: Request[Any, Any, Any], exc: Exception) -> Template:
    assert isinstance(exc, NotPermitted)
    if exc.needed == "owner":
        return error_page(
            request, 403, _("You cannot open this response"),
            [
                _("Another worker entered this response. You can only open responses you entered yourself."),
                _("If you need to carry on with it, ask an admin to reassign it to you."),
            ],
            ("/account", _("Go to your account")),
        )
    account = request.state.get("account")
    return error_page(
        request, 403, _("You do not have access to this page"),
        [
            _("This page is for %(people)s.", people=_ROLE_NAMES[exc.needed]()),
            _("You are signed in as %(email)s. If you need access, ask an admin to add the role to your account.", email=account.email if account else ""),
        ],
        ("/account", _("Go to your account")),
    )


def survey_closed(request: Request[Any, Any, Any], exc: Exception) -> Template:
    assert isinstance(exc, SurveyClosed)
    return error_page(
        request, 409, _("This survey is not open"),
        [exc.message, _("Answers cannot be entered or changed while it is not open. Answers already sent are kept.")],
        ("/assist", _("Go to your responses")),
    )


def go_to(request: Request[Any, Any, Any], exc: Exception) -> Redirect:
    assert isinstance(exc, GoTo)
    return Redirect(exc.location, status_code=303)


EXCEPTION_HANDLERS = {
    GoTo: go_to,
    ClientDisconnected: went_away,
    SurveyClosed: survey_closed,
    SignInRequired: sign_in_required,
    NotPermitted: not_permitted,
    NotFoundException: not_found,
    BadForm: bad_form,
    PermissionDeniedException: forbidden,
    HTTPException: http_error,
    Exception: server_error,
}
