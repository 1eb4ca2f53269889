"""Handing the device to the respondent for a private section of an assisted
interview (CAPI to CASI, as interviewer surveys do for sensitive questions).

The worker is signed out as they hand it over; the device can then answer
that section's pages, and nothing else, under /private/<response>, with no
worker banner. At the end the respondent gives it back and the worker signs
in again. The questions answered this way are recorded as self-completed,
and the worker's pages never show those answers.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from ..questionnaire import Section
from ..questionnaire.questions import Page
from ..services import i18n
from ..services.banks import Banks
from ..services.collection import FORMATS
from ..storage import audit, handover, responses
from . import session
from .answering import receive_answer
from .assisted_journey import assisted_response
from .current import Current
from .forms import form_values, return_to
from .links import Links
from .question_page import question_page
from .render import GoTo, page
from .staff import forget_cookie, requires, sign_out, signed_in, token_hash

#: Who the audit log says gave the device back: nobody signed in.
RESPONDENT = "respondent"


def private_section(current: Current, page_id: str) -> Section | None:
    """The section of a page on the route, if it is one to hand the device over for."""
    if current.questionnaire.page(page_id) is None or not current.journey.may_visit(page_id):
        return None
    section = current.questionnaire.section_of(page_id)
    return section if section.private else None


def _pages(current: Current) -> list[Page]:
    """The handed-over section's pages on the route, in order."""
    section = current.record.handover
    return [p for p in current.journey.route if current.questionnaire.section_of(p.id).id == section]


class HandOverController(Controller):
    path = "/assist/{response_id:uuid}"
    guards = [requires("worker")]

    @post("/hand-over")
    async def hand_over(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID], page: FromQuery[str],
    ) -> Response[Any]:
        current = await assisted_response(request, banks, response_id)
        section = private_section(current, page)
        if section is None:
            raise NotFoundException()
        account = signed_in(request)
        token = secrets.token_urlsafe(32)
        if not await handover.begin(response_id, account.id, section.id, token_hash(token)):
            raise NotFoundException()
        await audit.record("device_handed_to_respondent", account.email, account.id, "response", str(response_id), section=section.id)
        session.hold_device(request, response_id, token)
        # Suspended: whoever holds the device now cannot reach the worker's pages.
        await sign_out(request, account, "handover")
        return forget_cookie(request, Redirect(f"/private/{response_id}", status_code=303))


async def _held(request: Request[Any, Any, Any], banks: Banks, rid: uuid.UUID) -> tuple[Current, str]:
    """The response this device was handed for, and its token's hash; anyone else's is not found."""
    token = session.device_token(request, rid)
    record = await responses.get(rid)
    if token is None or record is None or not record.handover or record.handover_token != token_hash(token) or record.submitted:
        raise NotFoundException()
    i18n.activate(record.language)
    questionnaire = await banks.version(record.questionnaire_id, record.questionnaire_version)
    if questionnaire is None:
        raise NotFoundException()
    return Current(questionnaire, record, Links.for_private(rid, record.questionnaire_id)), token_hash(token)


def _first(current: Current) -> Page | None:
    pages = _pages(current)
    return next((p for p in pages if p.id not in current.record.answers), pages[0] if pages else None)


class PrivateSectionController(Controller):
    path = "/private/{response_id:uuid}"

    @get("/")
    async def start(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Template:
        current, _hash = await _held(request, banks, response_id)
        first = _first(current)
        section = current.questionnaire.section(current.record.handover)
        return page(request, "private/start.html", questionnaire=current.questionnaire, section=section,
                    questions=sum(p.collects_answer for p in _pages(current)),
                    start_url=current.links.page(first.id) if first else current.links.hand_back)

    @get("/q/{page_id:str}")
    async def question(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID], page_id: FromPath[str],
    ) -> Template | Response[str]:
        current, _hash = await _held(request, banks, response_id)
        return question_page(request, current, _page_here(current, page_id), False)

    @post("/q/{page_id:str}", opt={"takes_answers": True})
    async def answer(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID], page_id: FromPath[str],
        save: FromQuery[bool] = False,
    ) -> Template | Response[Any]:
        current, held = await _held(request, banks, response_id)
        page_obj = _page_here(current, page_id)

        async def mark(saved: str) -> None:
            await handover.answered_privately(response_id, held, saved, current.record.self_completed)

        return await receive_answer(request, current, page_obj, False, save, mark)

    @get("/check")
    async def check(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Redirect:
        current, _hash = await _held(request, banks, response_id)
        return Redirect(current.links.hand_back, status_code=303)

    @get("/hand-back")
    async def hand_back_page(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Template:
        current, _hash = await _held(request, banks, response_id)
        pages = _pages(current)
        unanswered = [p for p in pages if p.collects_answer and p.id not in current.record.answers]
        return page(request, "private/hand_back.html", questionnaire=current.questionnaire,
                    section=current.questionnaire.section(current.record.handover), unanswered=len(unanswered),
                    back_url=current.links.page((unanswered or pages)[-1].id) if pages else current.links.start,
                    action=current.links.hand_back)

    @post("/hand-back")
    async def hand_back(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Redirect:
        current, held = await _held(request, banks, response_id)
        if await handover.end(response_id, held):
            await audit.record("device_handed_back", RESPONDENT, None, "response", str(response_id), section=current.record.handover,
                               answered=len(current.record.answered_privately))
        session.give_device_back(request, response_id)
        return Redirect(f"/sign-in?next=/assist/{response_id}/continue&reason=handed-back", status_code=303)

    @post("/format/{name:str}")
    async def choose_format(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID], name: FromPath[str],
    ) -> Redirect:
        current, _hash = await _held(request, banks, response_id)
        if name not in FORMATS:
            raise NotFoundException()
        back = return_to(form_values(await request.form()))
        await responses.set_format(response_id, name)
        base = current.links.base
        return Redirect(back if back and back.startswith(base) and "//" not in back else base, status_code=303)


def _page_here(current: Current, page_id: str) -> Page:
    """A page of the handed-over section on the route; any other page ends the
    respondent's part (``GoTo`` giving the device back)."""
    if page_id not in {p.id for p in _pages(current)}:
        raise GoTo(current.links.hand_back)
    if not current.journey.may_visit(page_id):
        first = _first(current)
        raise GoTo(current.links.page(first.id) if first else current.links.hand_back)
    page_obj = current.questionnaire.page(page_id)
    assert page_obj is not None
    return page_obj
