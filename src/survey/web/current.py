"""The response a request is about: this browser's own (by its session), or
where to send the person instead (``GoTo``), and the page asked for if they
may be on it yet."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException

from ..questionnaire import Journey, Questionnaire
from ..questionnaire.questions import Page
from ..services.banks import Banks
from ..storage import responses
from ..storage.responses import ResponseRecord
from . import session
from .links import Links, where_next
from .render import GoTo


@dataclass
class Current:
    """One request's view of a response: its answers do not change under it
    (a handler that saves one walks a new Journey), so the route is walked once."""

    questionnaire: Questionnaire
    record: ResponseRecord
    links: Links

    @functools.cached_property
    def journey(self) -> Journey:
        return Journey(self.questionnaire, self.record.answers)


def questionnaire_or_404(banks: Banks, qid: str) -> Questionnaire:
    questionnaire = banks.get(qid)
    if questionnaire is None:
        raise NotFoundException()
    return questionnaire


async def current_response(request: Request[Any, Any, Any], banks: Banks, qid: str) -> Current:
    """This browser's response to this questionnaire; ``GoTo`` where to send the person instead."""
    questionnaire_or_404(banks, qid)
    links = Links.respondent(qid)
    if await request.app.state.schedule.closed_message(qid):
        raise GoTo(links.start)  # which says the survey is closed
    rid = session.response_id(request, qid)
    if rid is None and session.sent_response(request, qid):
        raise GoTo(links.done)
    record = await responses.get(rid) if rid else None
    # A response a worker entered is reached only through the worker's pages.
    if record is None or record.questionnaire_id != qid or record.entered_by is not None:
        raise GoTo(links.start)
    if record.submitted:
        # Sent (perhaps from another device): from now on this browser keeps only its reference.
        session.sent(request, qid, record.reference or "", record.questionnaire_version, record.format)
        raise GoTo(links.done)
    questionnaire = await banks.version(qid, record.questionnaire_version)
    if questionnaire is None:
        raise GoTo(links.start)
    return Current(questionnaire, record, links)


def page_on_route(current: Current, page_id: str) -> tuple[Current, Page]:
    """The response and the page asked for, if the person may be on it yet (else ``GoTo``)."""
    page_obj = current.questionnaire.page(page_id)
    if page_obj is None:
        raise NotFoundException()
    if not current.journey.may_visit(page_id):
        raise GoTo(where_next(current.links, current.journey))
    return current, page_obj


def chosen_format(request: Request[Any, Any, Any], qid: str, record: ResponseRecord | None) -> str:
    if record is not None and record.questionnaire_id == qid:
        return record.format
    return session.chosen_format(request, qid) or "standard"
