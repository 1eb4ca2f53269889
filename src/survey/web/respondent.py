"""The respondent journey: start, one question per page, check, send.

Thin: each handler reads the request, asks the questionnaire core and storage,
and renders. Every answer is saved before the redirect that follows it.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from ..services import codes
from ..services.banks import Banks
from ..services.i18n import current_language
from ..questionnaire import Journey
from ..questionnaire.questions import Page
from ..storage import responses
from . import session
from .answering import check_page, receive_answer, send
from .current import Current, chosen_format, current_response, page_on_route, questionnaire_or_404
from .forms import form_values
from .links import page_url, urls, where_next
from .question_page import format_context, question_page
from .opening import schedule_of
from .render import BadForm, GoTo, page


async def _visitable(request: Request[Any, Any, Any], banks: Banks, qid: str, page_id: str) -> tuple[Current, Page]:
    return page_on_route(await current_response(request, banks, qid), page_id)


class RespondentController(Controller):
    path = "/s/{questionnaire_id:str}"

    @get("/", name="start")
    async def start_page(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str],
        format_: Annotated[str | None, QueryParameter(name="format", max_length=20)] = None,
    ) -> Template:
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        rid = session.response_id(request, questionnaire_id)
        record = await responses.get(rid) if rid else None
        in_progress = bool(record and not record.submitted and record.questionnaire_id == questionnaire_id)
        if format_ in questionnaire.formats and not in_progress:
            # A letter's BSL link (?format=bsl): the start page in that format, as if chosen
            # here; answers under way keep theirs (changing it is a form, never a link).
            session.choose_format(request, questionnaire_id, format_)
        links = urls(questionnaire_id)
        fmt = chosen_format(request, questionnaire_id, record if in_progress else None)
        closed = await schedule_of(request).closed_message(questionnaire_id)
        access = (await schedule_of(request).window(questionnaire_id)).access
        return page(
            request,
            "start.html",
            questionnaire=questionnaire,
            **format_context(request, questionnaire, fmt),
            intro=questionnaire.intro,
            in_progress=in_progress,
            closed=closed,
            start_action=f"{links.start}/start",
            resume_action=links.resume,
            code_value="",
            code_error=None,
            access=access,
            access_code_action=f"{links.start}/code",
            access_code_value="",
            access_code_error=None,
        )

    @post("/start")
    async def start(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Redirect:
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        schedule = schedule_of(request)
        if await schedule.closed_message(questionnaire_id):
            return Redirect(urls(questionnaire_id).start, status_code=303)
        try:
            current = await current_response(request, banks, questionnaire_id)
            return Redirect(where_next(urls(questionnaire_id), current.journey), status_code=303)
        except GoTo:
            pass  # no response under way in this browser: start one
        if (await schedule.window(questionnaire_id)).access == "sample":
            return Redirect(f"{urls(questionnaire_id).start}/code", status_code=303)  # only with a code
        form = form_values(await request.form())
        if set(form) - {"shared", "_csrf_token"}:
            raise BadForm("unexpected fields")
        if "yes" in form.get("shared", []):
            session.share_computer(request)
        code = codes.new_resume_code()
        rid = await responses.start(
            questionnaire.id,
            questionnaire.version,
            codes.code_hash(code),
            language=current_language(),
            format=session.chosen_format(request, questionnaire_id) or "standard",
        )
        session.remember(request, questionnaire_id, rid, code)
        first = Journey(questionnaire, {}).first_page()
        return Redirect(page_url(questionnaire_id, first.id), status_code=303)

    @get("/q/{page_id:str}")
    async def question(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str], page_id: FromPath[str], change: FromQuery[bool] = False
    ) -> Template | Response[str] | Redirect:
        found = await _visitable(request, banks, questionnaire_id, page_id)
        return question_page(request, *found, change)

    @post("/q/{page_id:str}", opt={"takes_answers": True})
    async def answer(
        self,
        request: Request[Any, Any, Any],
        banks: NamedDependency[Banks],
        questionnaire_id: FromPath[str],
        page_id: FromPath[str],
        change: FromQuery[bool] = False,
        save: FromQuery[bool] = False,
    ) -> Template | Response[str] | Redirect:
        found = await _visitable(request, banks, questionnaire_id, page_id)
        return await receive_answer(request, *found, change, save)

    @post("/q/{page_id:str}/count")
    async def character_count(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str], page_id: FromPath[str]
    ) -> Template:
        """The character count message, for htmx to announce while someone types. Saves nothing."""
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        page_obj = questionnaire.page(page_id)
        if page_obj is None or not page_obj.counts_characters:
            raise NotFoundException()
        form = form_values(await request.form())
        text = page_obj.parse(form).shown.get("value", "")
        return Template(
            template_str="{{ count_message(max_length, length) }}",
            context={"max_length": page_obj.max_length, "length": len(text)},
        )

    @get("/check")
    async def check(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        current = await current_response(request, banks, questionnaire_id)
        return check_page(request, current)

    @post("/check")
    async def submit(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Redirect:
        current = await current_response(request, banks, questionnaire_id)
        sent = await send(current, request)
        session.sent(request, questionnaire_id, sent, current.record.questionnaire_version, current.record.format)
        return Redirect(urls(questionnaire_id).done, status_code=303)

    @get("/done")
    async def done(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire_or_404(banks, questionnaire_id)
        sent = session.sent_response(request, questionnaire_id)
        questionnaire = await banks.version(questionnaire_id, sent["version"]) if sent else None
        if sent is None or questionnaire is None:
            return Redirect(urls(questionnaire_id).start, status_code=303)
        return page(
            request,
            "done.html",
            questionnaire=questionnaire,
            reference=sent["reference"],
            **format_context(request, questionnaire, sent["format"]),
        )
