"""The "Change how this looks" page."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import QueryParameter
from litestar.response import Redirect, Template

from ..services.i18n import gettext as _
from .appearance import COOKIE, YEAR, Appearance, current
from .render import BadForm, page


def _safe_return(value: str | None) -> str:
    # Only paths on this site: never an open redirect.
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


def _choices() -> list[dict[str, Any]]:
    return [
        {"name": "text", "legend": _("Text size"), "options": [
            ("standard", _("Standard")), ("150", _("Large (150%)")), ("200", _("Largest (200%)"))]},
        {"name": "colours", "legend": _("Colours"), "options": [
            ("device", _("Use my device’s setting")), ("light", _("Dark text on a light background")),
            ("dark", _("Light text on a dark background")), ("contrast", _("High contrast: white and yellow on black"))]},
        {"name": "spacing", "legend": _("Spacing between lines and letters"), "options": [
            ("standard", _("Standard")), ("more", _("More space"))]},
        {"name": "font", "legend": _("Font"), "options": [
            ("standard", _("Standard")), ("dyslexia", _("OpenDyslexic, a font some people with dyslexia find easier to read"))]},
        {"name": "motion", "legend": _("Movement"), "options": [
            ("device", _("Use my device’s setting")), ("reduce", _("Reduce movement"))]},
    ]


@get("/display", name="display")
async def display_form(
    request: Request[Any, Any, Any], return_: Annotated[str | None, QueryParameter(name="return", max_length=500)] = None
) -> Template:
    return page(
        request, "display.html", choices=_choices(), chosen=current(request), return_to=_safe_return(return_)
    )


@post("/display")
async def save_display(request: Request[Any, Any, Any]) -> Redirect:
    data = await request.form()
    form = {key: data.getall(key) for key in data.keys()}
    if set(form) - set(Appearance.ALLOWED) - {"_csrf_token", "return"}:
        raise BadForm("unexpected fields")
    try:
        appearance = Appearance.from_form(form)
    except ValueError as exc:
        raise BadForm(str(exc)) from None
    response = Redirect(_safe_return((form.get("return") or [None])[0]), status_code=303)
    settings = request.app.state.settings
    response.set_cookie(
        COOKIE, appearance.cookie_value(), max_age=YEAR, httponly=True, secure=settings.cookie_secure, samesite="lax"
    )
    return response
