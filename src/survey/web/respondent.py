"""The respondent journey: start, one question per page, check, send.

Thin: each handler reads the request, asks the questionnaire core and storage,
and renders. Every answer is saved before the redirect that follows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from .. import codes
from ..banks import Banks
from ..i18n import current_language
from ..i18n import gettext as _
from ..questionnaire import Journey, Questionnaire
from ..questionnaire.questions import FieldError, Page, Parsed, Question
from ..questionnaire.questions.text import _Text
from ..storage import responses, throttle
from ..storage.responses import ResponseRecord
from . import session
from .answers import answer_lines
from .easy_read import labels_and_pictures, plain
from .journey_view import FORMATS, Current, format_context, page_url, question_page, urls
from .render import BadForm, page
from .uploads import chosen, save_video

#: Fields every form may carry besides the question's own.
_FORM_FIELDS = {"_csrf_token"}


def _form(data: Any) -> dict[str, list[str]]:
    return {key: data.getall(key) for key in data.keys()}


def _questionnaire(banks: Banks, qid: str) -> Questionnaire:
    questionnaire = banks.get(qid)
    if questionnaire is None:
        raise NotFoundException()
    return questionnaire


def _where_next(qid: str, journey: Journey) -> str:
    pending = journey.resume_page()
    return page_url(qid, pending.id) if pending else urls(qid)["check"]


async def _current(request: Request[Any, Any, Any], banks: Banks, qid: str) -> Current | Redirect:
    """This browser's response to this questionnaire, or where to send the person instead."""
    _questionnaire(banks, qid)
    rid = session.response_id(request, qid)
    record = await responses.get(rid) if rid else None
    if record is None or record.questionnaire_id != qid:
        return Redirect(urls(qid)["start"], status_code=303)
    if record.submitted:
        return Redirect(urls(qid)["done"], status_code=303)
    questionnaire = await banks.version(qid, record.questionnaire_version)
    if questionnaire is None:
        return Redirect(urls(qid)["start"], status_code=303)
    return Current(questionnaire, record)


def _chosen_format(request: Request[Any, Any, Any], qid: str, record: ResponseRecord | None) -> str:
    if record is not None and record.questionnaire_id == qid:
        return record.format
    return session.chosen_format(request, qid) or "standard"


async def _visitable(
    request: Request[Any, Any, Any], banks: Banks, qid: str, page_id: str
) -> tuple[Current, Page] | Redirect:
    """The person's response and the page they asked for, if they may be on it."""
    current = await _current(request, banks, qid)
    if isinstance(current, Redirect):
        return current
    page_obj = current.questionnaire.page(page_id)
    if page_obj is None:
        raise NotFoundException()
    if not current.journey.may_visit(page_id):
        return Redirect(_where_next(qid, current.journey), status_code=303)
    return current, page_obj


class RespondentController(Controller):
    path = "/s/{questionnaire_id:str}"

    @get("/", name="start")
    async def start_page(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        questionnaire = _questionnaire(banks, questionnaire_id)
        rid = session.response_id(request, questionnaire_id)
        record = await responses.get(rid) if rid else None
        in_progress = bool(record and not record.submitted and record.questionnaire_id == questionnaire_id)
        links = urls(questionnaire_id)
        fmt = _chosen_format(request, questionnaire_id, record if in_progress else None)
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
        questionnaire = _questionnaire(banks, questionnaire_id)
        current = await _current(request, banks, questionnaire_id)
        if isinstance(current, Current):
            return Redirect(_where_next(questionnaire_id, current.journey), status_code=303)
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
        questionnaire = _questionnaire(banks, questionnaire_id)
        page_obj = questionnaire.page(page_id)
        if page_obj is None or page_obj.type != "long_text":
            raise NotFoundException()
        form = _form(await request.form())
        text = page_obj.parse(form).shown.get("value", "")
        return Template(
            template_str="{{ count_message(max_length, length) }}",
            context={"max_length": page_obj.max_length, "length": len(text)},
        )

    @get("/check")
    async def check(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        current = await _current(request, banks, questionnaire_id)
        if isinstance(current, Redirect):
            return current
        journey = current.journey
        if not journey.complete:
            return Redirect(_where_next(questionnaire_id, journey), status_code=303)
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
        current = await _current(request, banks, questionnaire_id)
        if isinstance(current, Redirect):
            return current  # already sent: a second press lands on the confirmation
        if not current.journey.complete:
            return Redirect(_where_next(questionnaire_id, current.journey), status_code=303)
        await responses.submit(current.record.id, codes.new_reference())
        return Redirect(urls(questionnaire_id)["done"], status_code=303)

    @get("/done")
    async def done(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        _questionnaire(banks, questionnaire_id)
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

    @get("/save")
    async def save(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str],
        return_: Annotated[str | None, QueryParameter(name="return", max_length=40)] = None,
    ) -> Template | Redirect:
        current = await _current(request, banks, questionnaire_id)
        if isinstance(current, Redirect):
            return current
        code = session.resume_code(request, questionnaire_id)
        if code is None:
            # This browser never saw the code (its cookie was lost): issue a new one.
            code = codes.new_resume_code()
            await responses.replace_resume_code(current.record.id, codes.code_hash(code))
            session.remember(request, questionnaire_id, current.record.id, code)
        journey = current.journey
        back = return_ if return_ and journey.on_route(return_) else None
        continue_url = page_url(questionnaire_id, back) if back else _where_next(questionnaire_id, journey)
        start = urls(questionnaire_id)["start"]
        return page(
            request,
            "save.html",
            questionnaire=current.questionnaire,
            code=code,
            continue_url=continue_url,
            delete_url=urls(questionnaire_id)["delete"],
            start_url_full=str(request.base_url).rstrip("/") + start,
        )

    @get("/format/{name:str}")
    async def choose_format(
        self,
        request: Request[Any, Any, Any],
        banks: NamedDependency[Banks],
        questionnaire_id: FromPath[str],
        name: FromPath[str],
        return_: Annotated[str | None, QueryParameter(name="return", max_length=500)] = None,
    ) -> Redirect:
        """Choose BSL, or standard English, for the whole response; answers are kept."""
        _questionnaire(banks, questionnaire_id)
        if name not in FORMATS:
            raise NotFoundException()
        session.choose_format(request, questionnaire_id, name)
        rid = session.response_id(request, questionnaire_id)
        record = await responses.get(rid) if rid else None
        if record is not None and not record.submitted and record.questionnaire_id == questionnaire_id:
            await responses.set_format(record.id, name)
        back = return_ if return_ and return_.startswith(f"/s/{questionnaire_id}") and "//" not in return_ else None
        return Redirect(back or urls(questionnaire_id)["start"], status_code=303)

    @get("/delete")
    async def delete_page(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        current = await _current(request, banks, questionnaire_id)
        if isinstance(current, Redirect):
            return current
        return page(
            request,
            "delete.html",
            questionnaire=current.questionnaire,
            delete_action=urls(questionnaire_id)["delete"],
            cancel_url=_where_next(questionnaire_id, current.journey),
        )

    @post("/delete")
    async def delete(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Redirect:
        """Delete this person's unfinished answers, and any videos of them signing."""
        current = await _current(request, banks, questionnaire_id)
        if isinstance(current, Redirect):
            return current
        videos = await responses.delete_in_progress(current.record.id) or []
        for video in videos:
            (request.app.state.settings.uploads / video["file"]).unlink(missing_ok=True)
        session.forget(request, questionnaire_id)
        return Redirect(urls(questionnaire_id)["deleted"], status_code=303)

    @get("/deleted")
    async def deleted(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        return page(request, "deleted.html", questionnaire=_questionnaire(banks, questionnaire_id))

    @get("/resume")
    async def resume_page(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        return _resume_form(request, _questionnaire(banks, questionnaire_id))

    @post("/resume")
    async def resume(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire = _questionnaire(banks, questionnaire_id)
        form = _form(await request.form())
        if set(form) - {"code", "_csrf_token"}:
            raise BadForm("unexpected fields")
        typed = (form.get("code") or [""])[0].strip()
        settings = request.app.state.settings
        window = dt.timedelta(seconds=settings.resume_window_seconds)
        client = _client_key(request)
        if await throttle.blocked(client, settings.resume_attempts, window):
            minutes = max(settings.resume_window_seconds // 60, 1)
            return _resume_form(
                request, questionnaire, typed,
                _("You have tried too many codes. Wait %(minutes)s minutes, then try again", minutes=minutes),
                status_code=429,
            )
        if not typed:
            return _resume_form(request, questionnaire, typed, _("Enter your code"))
        normalised = codes.normalise(typed)
        if normalised is None:
            return _resume_form(
                request, questionnaire, typed, _("Enter the code exactly as you were given it: 12 letters and numbers, like 7KQP-M4XW-HR9C")
            )
        record = await responses.find_by_resume_code(questionnaire_id, codes.code_hash(normalised))
        if record is None:
            await throttle.record_failure(client, window)
            return _resume_form(
                request, questionnaire, typed, _("We could not find answers for that code. Check it and try again")
            )
        session.remember(request, questionnaire_id, record.id, codes.group(normalised))
        if record.submitted:
            return Redirect(urls(questionnaire_id)["done"], status_code=303)
        resumed = await banks.version(questionnaire_id, record.questionnaire_version)
        assert resumed is not None
        return Redirect(_where_next(questionnaire_id, Journey(resumed, record.answers)), status_code=303)


def _client_key(request: Request[Any, Any, Any]) -> str:
    """A keyed hash of the client's address: counts attempts without keeping the address."""
    address = request.client.host if request.client else "unknown"
    secret = request.app.state.settings.secret_key.encode()
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()


def _resume_form(
    request: Request[Any, Any, Any],
    questionnaire: Questionnaire,
    typed: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    links = urls(questionnaire.id)
    return page(
        request,
        "resume.html",
        questionnaire=questionnaire,
        errors=[{"target": "code", "message": error}] if error else [],
        code_value=typed,
        code_error=error,
        resume_action=links["resume"],
        start_url=links["start"],
        status_code=status_code,
    )
