"""Rendering a page with what every page needs: language, help and errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.response import Template

from ..services import i18n
from ..questionnaire import Questionnaire
from .appearance import current as current_appearance


class GoTo(Exception):
    """Not this page yet, or not any more: the person is sent to ``location``
    instead (303). Raised where a request's response is looked up, so the
    controllers that use one need not check."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class BadForm(Exception):
    """A form arrived that no page of ours sends: fields we do not know, say."""


def language_links(request: Request[Any, Any, Any], questionnaire: Questionnaire | None) -> list[dict[str, Any]]:
    """The languages this page can be read in, each a link to this page in it
    (its name written in itself), the current one marked."""
    offered = i18n.languages()
    if questionnaire is not None:
        offered = [language for language in questionnaire.languages if language in offered]
    current = i18n.current_language()
    query = [(key, value) for key, value in request.query_params.multi_items() if key != "lang"]
    return [
        {
            "code": code,
            "name": i18n.language_name(code),
            "dir": i18n.text_direction(code),
            "current": code == current,
            "href": request.url.path + "?" + urlencode([*query, ("lang", code)]),
        }
        for code in offered
    ]


def page(
    request: Request[Any, Any, Any],
    template: str,
    *,
    questionnaire: Questionnaire | None = None,
    status_code: int = 200,
    **context: Any,
) -> Template:
    settings = request.app.state.settings
    language = i18n.current_language()
    base = {
        "lang": language,
        "dir": i18n.text_direction(language),
        "service_name": questionnaire.title if questionnaire else i18n.gettext("Surveys"),
        "service_url": f"/s/{questionnaire.id}" if questionnaire else "/",
        "questionnaire": questionnaire,
        "contact": questionnaire.contact if questionnaire else None,
        "contact_organisation": questionnaire.organisation if questionnaire else "",
        # Respondents' own pages offer help to answer, when the bank names who gives it.
        "help_url": f"/s/{questionnaire.id}/help"
        if questionnaire and questionnaire.help.ways and request.url.path.startswith(f"/s/{questionnaire.id}") else None,
        "exit_url": settings.exit_url,
        "errors": [],
        "display_classes": current_appearance(request).html_classes(),
        # Staff pages show who is signed in, their areas and "Sign out".
        "staff": request.state.get("account"),
        "idle_minutes": settings.idle_minutes,
        "idle_seconds": settings.idle_minutes * 60,
        "idle_warning_seconds": settings.idle_warning_seconds,
        "languages": language_links(request, questionnaire),
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }
    return Template(template_name=template, context={**base, **context}, status_code=status_code)


def error_page(
    request: Request[Any, Any, Any],
    status_code: int,
    heading: str,
    paragraphs: list[str],
    link: tuple[str, str] | None = None,
) -> Template:
    return page(
        request,
        "error.html",
        status_code=status_code,
        heading=heading,
        paragraphs=paragraphs,
        link_url=link[0] if link else None,
        link_text=link[1] if link else None,
    )
