"""The question pages as a worker sees them, entering answers for someone.

The same pages and checks as the respondent's own journey (``answering``),
under /assist/<response>, with a banner saying whose answers these are and a
"The respondent chose not to answer" control. Only the worker who entered a
response may open it. An idle worker's typed answer is kept as a draft.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from ..services import codes, i18n
from ..questionnaire.answer import Answer
from ..questionnaire.questions import Page
from ..services.banks import Banks
from ..storage import assisted, audit, handover, responses
from .answering import check_page, receive_answer, send
from ..services.collection import FORMATS
from .current import Current, page_on_route
from .forms import form_values, return_to
from .links import Links, where_next
from .question_page import assisted_banner, question_page
from .media import ranged_file
from .opening import SurveyClosed, schedule_of
from .render import GoTo, page
from .staff import NotPermitted, forget_cookie, is_idle, requires, sign_out, signed_in


async def assisted_response(
    request: Request[Any, Any, Any], banks: Banks, rid: uuid.UUID, *, sent_too: bool = False
) -> Current:
    """This worker's response (``GoTo`` where to go instead). Anyone else's is refused."""
    record = await responses.get(rid)
    if record is None or record.entered_by is None:
        raise NotFoundException()
    if record.entered_by != signed_in(request).id:
        raise NotPermitted("owner")
    links = Links.for_worker(rid, record.questionnaire_id)
    if not record.submitted:
        closed = await schedule_of(request).closed_message(record.questionnaire_id)
        if closed:
            raise SurveyClosed(record.questionnaire_id, closed)
    if record.submitted and not sent_too:
        raise GoTo(links.done)
    if record.handover and await handover.end(rid):
        # Signed in again without the device being handed back: the respondent's part ends here.
        account = signed_in(request)
        await audit.record("device_taken_back", account.email, account.id, "response", str(rid), section=record.handover)
    # The worker reads the questions to the respondent in the language chosen for them.
    i18n.activate(record.language)
    questionnaire = await banks.version(record.questionnaire_id, record.questionnaire_version)
    if questionnaire is None:
        raise NotFoundException()
    return Current(questionnaire, record, links)


class AssistedJourneyController(Controller):
    path = "/assist/{response_id:uuid}"
    guards = [requires("worker")]

    @get("/continue")
    async def carry_on(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Redirect:
        current = await assisted_response(request, banks, response_id)
        return Redirect(where_next(current.links, current.journey), status_code=303)

    @get("/q/{page_id:str}")
    async def question(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID],
        page_id: FromPath[str], change: FromQuery[bool] = False,
    ) -> Template | Response[str] | Redirect:
        current, page_obj = await _page(request, banks, response_id, page_id)
        if page_id in current.record.answered_privately:
            return _answered_privately(request, current, page_obj)
        draft = await assisted.draft(response_id, page_id)
        return question_page(request, current, page_obj, change, draft=draft)

    @post("/q/{page_id:str}", opt={"keeps_drafts": True, "takes_answers": True})
    async def answer(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID],
        page_id: FromPath[str], change: FromQuery[bool] = False, save: FromQuery[bool] = False,
        draft: FromQuery[bool] = False,
    ) -> Template | Response[Any]:
        current, page_obj = await _page(request, banks, response_id, page_id)
        if page_id in current.record.answered_privately:
            return _answered_privately(request, current, page_obj)
        account = signed_in(request)
        if is_idle(request) or draft:
            # Signed out for being idle (or about to be, says the page's timer):
            # keep what was typed, unchecked, to put back after signing in.
            form = await request.form()
            typed = {k: [v for v in form.getall(k) if isinstance(v, str)] for k in page_obj.field_names() if k in form}
            await assisted.save_draft(response_id, page_id, typed)
            await audit.record("draft_saved", account.email, account.id, "response", str(response_id), page=page_id)
            await sign_out(request, account, "idle")
            target = f"/sign-in?next={current.links.page(page_id)}&reason=idle"
            return forget_cookie(request, Redirect(target, status_code=303))

        async def audited(saved_page: str) -> None:
            await audit.record("answer_saved", account.email, account.id, "response", str(response_id), page=saved_page)

        return await receive_answer(request, current, page_obj, change, save, audited)

    @get("/check")
    async def check(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Template | Redirect:
        current = await assisted_response(request, banks, response_id)
        return check_page(request, current)

    @post("/check")
    async def submit(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Redirect:
        current = await assisted_response(request, banks, response_id)
        await send(current)
        account = signed_in(request)
        await audit.record("response_submitted", account.email, account.id, "response", str(response_id))
        return Redirect(current.links.done, status_code=303)

    @get("/finish-alone")
    async def finish_alone_form(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Template:
        current = await assisted_response(request, banks, response_id)
        return page(request, "assist/finish_alone.html", questionnaire=current.questionnaire, record=current.record,
                    answered=len(current.journey.answered_questions()), banner=assisted_banner(current.record))

    @post("/finish-alone")
    async def finish_alone(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Template:
        """Hand the rest to the respondent: a resume code to finish on their own
        device (a sampled case keeps its access code). Shown once, here: after
        this the response is theirs, and the worker cannot open it again."""
        current = await assisted_response(request, banks, response_id)
        sampled = current.record.route == "sample"
        code = None if sampled else codes.new_resume_code()
        account = signed_in(request)
        if not await assisted.hand_to_respondent(response_id, account.id, codes.code_hash(code) if code else None):
            raise NotFoundException()
        await audit.record("response_handed_to_respondent", account.email, account.id, "response", str(response_id),
                           questionnaire=current.questionnaire.id, mode=current.record.mode, answers=len(current.record.answers))
        return page(request, "assist/handed_over.html", questionnaire=current.questionnaire, code=code,
                    sampled=sampled, resume_url=f"{request.app.state.settings.public_url or ''}/s/{current.questionnaire.id}/resume")

    @get("/done")
    async def done(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Template | Redirect:
        current = await assisted_response(request, banks, response_id, sent_too=True)
        record = current.record
        if not record.submitted:
            return Redirect(where_next(current.links, current.journey), status_code=303)
        grace = dt.timedelta(minutes=request.app.state.settings.assist_grace_minutes)
        if record.submitted_at and dt.datetime.now(dt.timezone.utc) - record.submitted_at > grace:
            raise NotFoundException()  # sent a while ago: it has left the worker's hands
        return page(request, "assist/done.html", questionnaire=current.questionnaire, record=record, banner=assisted_banner(record))

    @post("/format/{name:str}")
    async def choose_format(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID], name: FromPath[str],
    ) -> Redirect:
        current = await assisted_response(request, banks, response_id)
        if name not in FORMATS:
            raise NotFoundException()
        return_ = return_to(form_values(await request.form()))
        await responses.set_format(response_id, name)
        account = signed_in(request)
        await audit.record("format_changed", account.email, account.id, "response", str(response_id), format=name)
        back = return_ if return_ and return_.startswith(current.links.base) and "//" not in return_ else None
        return Redirect(back or where_next(current.links, current.journey), status_code=303)

    @get("/video/{question_id:str}")
    async def video(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID], question_id: FromPath[str]
    ) -> Response[Any]:
        """A video of the respondent signing their answer, for the worker who entered it."""
        current = await assisted_response(request, banks, response_id, sent_too=True)
        video = Answer.of(current.record.answers.get(question_id)).video
        if video is None or question_id in current.record.answered_privately:
            raise NotFoundException()
        path = request.app.state.settings.uploads / video["file"]
        if not path.is_file():
            raise NotFoundException()
        return ranged_file(request, path, video["type"], "private, no-store", sealed_size=video["bytes"])


async def _page(request: Request[Any, Any, Any], banks: Banks, rid: uuid.UUID, page_id: str) -> tuple[Current, Page]:
    return page_on_route(await assisted_response(request, banks, rid), page_id)


def _answered_privately(request: Request[Any, Any, Any], current: Current, page_obj: Page) -> Template:
    """In place of a page the respondent answered on their own: never the answer."""
    following = current.journey.next_after(page_obj.id)
    previous = current.journey.previous_before(page_obj.id)
    return page(request, "assist/answered_privately.html", questionnaire=current.questionnaire, page=page_obj,
                section=current.questionnaire.section_of(page_obj.id), banner=assisted_banner(current.record),
                back_url=current.links.page(previous.id) if previous else current.links.start,
                hand_over_action=f"{current.links.base}/hand-over?page={page_obj.id}",
                next_url=current.links.page(following.id) if following else current.links.check)
