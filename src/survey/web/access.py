"""Coming in with an access code from a sampled case's letter.

A code opens one response: the first time, a new one tied to the case; again,
the same one, on any device, until it is sent; after that, a page saying the
survey is done for this code. Wrong codes are counted like resume codes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from ..questionnaire import Journey, Questionnaire
from ..services import access_codes, codes, samples
from ..services.banks import Banks
from ..services.i18n import current_language
from ..services.i18n import gettext as _
from ..storage import responses, throttle
from ..storage import samples as sample_cases
from . import session
from .continuing import client_key
from .current import chosen_format, questionnaire_or_404
from .forms import form_values
from .links import page_url, urls, where_next
from .opening import schedule_of
from .question_page import format_context
from .render import BadForm, GoTo, page


class AccessController(Controller):
    path = "/s/{questionnaire_id:str}/code"

    @get("/")
    async def code_page(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str],
        code: Annotated[str | None, QueryParameter(max_length=40)] = None,
    ) -> Template:
        """The code box, filled in when the address came from a letter's QR code
        (only filled in: opening answers is a POST, after the person presses Continue)."""
        questionnaire = await _sampled(request, banks, questionnaire_id)
        given = access_codes.normalise(code or "")
        return _code_form(request, questionnaire, codes.group(given) if given else "")

    @post("/")
    async def enter_code(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire = await _sampled(request, banks, questionnaire_id)
        if await schedule_of(request).closed_message(questionnaire_id):
            return Redirect(urls(questionnaire_id).start, status_code=303)
        form = form_values(await request.form())
        if set(form) - {"access_code", "shared", "_csrf_token"}:
            raise BadForm("unexpected fields")
        if "yes" in form.get("shared", []):
            session.share_computer(request)
        typed = (form.get("access_code") or [""])[0].strip()
        if not typed:
            return _code_form(request, questionnaire, typed, _("Enter the access code from your letter"))
        normalised = access_codes.normalise(typed)
        if normalised is None:
            message = (
                _("Check the access code: one of the letters or numbers is not the same as on your letter")
                if access_codes.looks_like(typed)
                else _("Enter the access code exactly as it is on your letter: 16 letters and numbers, like 7KQP M4XW HR9C 2D52")
            )
            return _code_form(request, questionnaire, typed, message)
        settings = request.app.state.settings
        client = client_key(request)
        if not await throttle.attempt(client, settings.resume_attempts, dt.timedelta(seconds=settings.resume_window_seconds)):
            minutes = max(settings.resume_window_seconds // 60, 1)
            return _code_form(
                request, questionnaire, typed,
                _("You have tried too many codes. Wait %(minutes)s minutes, then try again", minutes=minutes), status_code=429,
            )
        case = await samples.case_for_code(settings.secret_key, questionnaire_id, normalised)
        if case is None:
            return _code_form(request, questionnaire, typed, _("We could not find that access code. Check it against your letter and try again"))
        await throttle.succeeded(client)
        record = await responses.get(case.response_id) if case.response_id else None
        if case.disposition == "1.1" or (record is not None and record.submitted):
            # Sent (and perhaps purged since): never a second response, nor the answers.
            return page(request, "code_used.html", questionnaire=questionnaire,
                        **format_context(request, questionnaire, chosen_format(request, questionnaire_id, None)))
        if record is None:
            rid = await responses.start(
                questionnaire.id, questionnaire.version, codes.code_hash(codes.new_resume_code()),
                language=current_language(), format=session.chosen_format(request, questionnaire_id) or "standard", route="sample",
            )
            claimed = await sample_cases.claim(case.id, rid, replacing=case.response_id)
            if claimed != rid:
                # Someone typed the same code at the same moment and got there first: share theirs.
                await responses.discard_unanswered(rid)
            record = await responses.get(claimed)
            if record is None:  # deleted by its respondent this very moment: try again
                raise GoTo(f"{urls(questionnaire_id).start}/code")
        # No resume code to show: the access code is how this response is found again.
        session.remember(request, questionnaire_id, record.id, None)
        started_on = await banks.version(questionnaire_id, record.questionnaire_version)
        assert started_on is not None
        if not record.answers:
            return Redirect(page_url(questionnaire_id, Journey(started_on, {}).first_page().id), status_code=303)
        return Redirect(where_next(urls(questionnaire_id), Journey(started_on, record.answers)), status_code=303)


async def _sampled(request: Request[Any, Any, Any], banks: Banks, questionnaire_id: str) -> Questionnaire:
    """The questionnaire, if access codes open it."""
    questionnaire = questionnaire_or_404(banks, questionnaire_id)
    if (await schedule_of(request).window(questionnaire_id)).access == "open":
        raise NotFoundException()
    return questionnaire


def _code_form(
    request: Request[Any, Any, Any], questionnaire: Questionnaire, typed: str = "", error: str | None = None, status_code: int = 200
) -> Template:
    return page(
        request,
        "access_code.html",
        questionnaire=questionnaire,
        **format_context(request, questionnaire, chosen_format(request, questionnaire.id, None)),
        errors=[{"target": "access_code", "message": error}] if error else [],
        access_code_value=typed,
        access_code_error=error,
        access_code_action=f"{urls(questionnaire.id).start}/code",
        start_url=urls(questionnaire.id).start,
        status_code=status_code,
    )
