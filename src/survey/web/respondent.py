"""The respondent journey: start, one question per page, check, send.

Thin: each handler reads the request, asks the questionnaire core and storage,
and renders. Every answer is saved before the redirect that follows it.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from .. import codes
from ..banks import Banks
from ..i18n import current_language
from ..questionnaire import Journey
from ..questionnaire.questions import FieldError, Page, Parsed, Question
from ..questionnaire.questions.text import _Text
from ..storage import responses
from . import session
from .answers import answer_lines
from .easy_read import labels_and_pictures, plain
from .journey_view import (
    Current,
    chosen_format,
    current_response,
    form_values,
    format_context,
    page_url,
    question_page,
    questionnaire_or_404,
    urls,
    where_next,
)
from .render import BadForm, page
from .uploads import chosen, save_video

#: Fields every form may carry besides the question's own.
_FORM_FIELDS = {"_csrf_token"}


async def _visitable(
    request: Request[Any, Any, Any], banks: Banks, qid: str, page_id: str
) -> tuple[Current, Page] | Redirect:
    """The person's response and the page they asked for, if they may be on it."""
    current = await current_response(request, banks, qid)
    if isinstance(current, Redirect):
        return current
    page_obj = current.questionnaire.page(page_id)
    if page_obj is None:
        raise NotFoundException()
    if not current.journey.may_visit(page_id):
        return Redirect(where_next(qid, current.journey), status_code=303)
    return current, page_obj


class RespondentController(Controller):
    path = "/s/{questionnaire_id:str}"

    @get("/", name="start")
    async def start_page(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        rid = session.response_id(request, questionnaire_id)
        record = await responses.get(rid) if rid else None
        in_progress = bool(record and not record.submitted and record.questionnaire_id == questionnaire_id)
        links = urls(questionnaire_id)
        fmt = chosen_format(request, questionnaire_id, record if in_progress else None)
        return page(
            request,
            "start.html",
            questionnaire=questionnaire,
            **format_context(request, questionnaire, fmt),
            intro=questionnaire.intro,
            in_progress=in_progress,
            start_action=f"{links['start']}/start",
            resume_action=links["resume"],
            code_value="",
            code_error=None,
        )

    @post("/start")
    async def start(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Redirect:
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        current = await current_response(request, banks, questionnaire_id)
        if isinstance(current, Current):
            return Redirect(where_next(questionnaire_id, current.journey), status_code=303)
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
    ) -> Template | Redirect:
        found = await _visitable(request, banks, questionnaire_id, page_id)
        if isinstance(found, Redirect):
            return found
        return question_page(request, *found, change)

    @post("/q/{page_id:str}")
    async def answer(
        self,
        request: Request[Any, Any, Any],
        banks: NamedDependency[Banks],
        questionnaire_id: FromPath[str],
        page_id: FromPath[str],
        change: FromQuery[bool] = False,
        save: FromQuery[bool] = False,
    ) -> Template | Redirect:
        found = await _visitable(request, banks, questionnaire_id, page_id)
        if isinstance(found, Redirect):
            return found
        current, page_obj = found
        raw = await request.form()
        uploads = {key: value for key, value in raw.items() if not isinstance(value, str)}
        form = {key: [v for v in raw.getall(key) if isinstance(v, str)] for key in raw.keys() if key not in uploads}
        unknown = (set(form) | set(uploads)) - set(page_obj.field_names()) - _FORM_FIELDS
        if unknown:
            raise BadForm(f"unexpected fields: {sorted(unknown)}")
        # "Save and come back later" posts the same form to ?save=true.
        saving_for_later = save
        parsed = page_obj.parse(form)
        video = uploads.get(f"{page_id}-bsl")
        if isinstance(page_obj, _Text) and chosen(video):
            kept = await save_video(video, request.app.state.settings.uploads, request.app.state.settings.max_upload_bytes)
            if isinstance(kept, FieldError):
                parsed = Parsed(errors=(kept,), shown=parsed.shown)
            else:
                parsed = page_obj.with_video(parsed, kept)
        typed_nothing = not any(v.strip() for name in page_obj.field_names() for v in form.get(name, [])) and not chosen(video)
        if saving_for_later and not parsed.ok and typed_nothing:
            # Nothing typed on this page yet: keep the earlier answers, ask nothing.
            return Redirect(f"{urls(questionnaire_id)['save']}?return={page_id}", status_code=303)
        if not parsed.ok:
            return question_page(request, current, page_obj, change, parsed)
        answers = dict(current.record.answers)
        if isinstance(page_obj, Question):
            answers[page_id] = parsed.value
            journey = Journey(current.questionnaire, answers)
            await responses.save_answer(current.record.id, page_id, parsed.value, journey.stale_answers())
        else:
            journey = current.journey
        if saving_for_later:
            return Redirect(f"{urls(questionnaire_id)['save']}?return={page_id}", status_code=303)
        if change:
            pending = journey.resume_page()
            target = page_url(questionnaire_id, pending.id, change=True) if pending else urls(questionnaire_id)["check"]
            return Redirect(target, status_code=303)
        following = journey.next_after(page_id)
        return Redirect(
            page_url(questionnaire_id, following.id) if following else urls(questionnaire_id)["check"],
            status_code=303,
        )

    @post("/q/{page_id:str}/count")
    async def character_count(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str], page_id: FromPath[str]
    ) -> Template:
        """The character count message, for htmx to announce while someone types. Saves nothing."""
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        page_obj = questionnaire.page(page_id)
        if page_obj is None or page_obj.type != "long_text":
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
        if isinstance(current, Redirect):
            return current
        journey = current.journey
        if not journey.complete:
            return Redirect(where_next(questionnaire_id, journey), status_code=303)
        groups: list[dict[str, Any]] = []
        formats = format_context(request, current.questionnaire, current.record.format)
        easy_read = formats["easy_read_mode"]
        for question in journey.answered_questions():
            section = current.questionnaire.section_of(question.id)
            if not groups or groups[-1]["id"] != section.id:
                groups.append({"id": section.id, "title": section.title, "rows": []})
            labels = {code: plain(text) for code, text in labels_and_pictures(question)[0].items()} if easy_read else {}
            title = question.easy_read.title if easy_read and question.easy_read else question.title
            groups[-1]["rows"].append(
                {
                    "question": title,
                    "lines": answer_lines(question, current.record.answers[question.id], labels),
                    "change_url": page_url(questionnaire_id, question.id, change=True),
                }
            )
        last = journey.route[-1]
        return page(
            request,
            "check.html",
            questionnaire=current.questionnaire,
            **formats,
            groups=groups,
            back_url=page_url(questionnaire_id, last.id),
            submit_action=urls(questionnaire_id)["check"],
        )

    @post("/check")
    async def submit(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Redirect:
        current = await current_response(request, banks, questionnaire_id)
        if isinstance(current, Redirect):
            return current  # already sent: a second press lands on the confirmation
        if not current.journey.complete:
            return Redirect(where_next(questionnaire_id, current.journey), status_code=303)
        await responses.submit(current.record.id, codes.new_reference())
        return Redirect(urls(questionnaire_id)["done"], status_code=303)

    @get("/done")
    async def done(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire_or_404(banks, questionnaire_id)
        rid = session.response_id(request, questionnaire_id)
        record = await responses.get(rid) if rid else None
        if record is None or not record.submitted:
            return Redirect(urls(questionnaire_id)["start"], status_code=303)
        questionnaire = await banks.version(questionnaire_id, record.questionnaire_version)
        return page(
            request,
            "done.html",
            questionnaire=questionnaire,
            reference=record.reference,
            **format_context(request, questionnaire, record.format),
        )


