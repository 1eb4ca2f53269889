"""Supervisors' review of assisted responses: the ones waiting, each with who
typed every answer and how it was collected, and accepting one or returning
it to its worker with a comment.

A supervisor reviews the workers of their own organisation, an admin anyone's;
nobody reviews their own. Answers the respondent gave on their own in a
private section stay hidden here too: the respondent was told no one who
helped them would see them.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from ..questionnaire import Journey
from ..services.banks import Banks
from ..services.collection import format_label, mode_label
from ..services.i18n import gettext as _
from ..storage import audit, responses, supervision
from .answers import answer_lines
from .forms import form_values
from .render import BadForm, page
from .staff import requires, signed_in

PAGE_SIZE = 50
COMMENT_MAX = 1000


def _scope(request: Request[Any, Any, Any]) -> tuple[uuid.UUID, str | None, bool]:
    account = signed_in(request)
    return account.id, account.organisation, account.has("admin")


class SupervisingController(Controller):
    path = "/supervise"
    guards = [requires("supervisor", "admin")]

    @get("/")
    async def waiting(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks],
        page_number: Annotated[int, QueryParameter(name="page", ge=1, le=100_000)] = 1,
        decided: Annotated[str | None, QueryParameter(max_length=20)] = None,
    ) -> Template:
        rows, total = await supervision.waiting(*_scope(request), limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
        items = [{"item": row, "title": (q.title if (q := banks.get(row.questionnaire_id)) else row.questionnaire_id),
                  "mode": mode_label(row.mode), "url": f"/supervise/{row.id}"} for row in rows]
        pages = max(1, -(-total // PAGE_SIZE))
        return page(request, "supervise/list.html", rows=items, total=total, page_number=page_number, pages=pages,
                    decided=decided if decided in ("accepted", "returned") else None)

    @get("/{response_id:uuid}")
    async def response(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Template:
        return await _review_page(request, banks, response_id)

    @post("/{response_id:uuid}/accept")
    async def accept(self, request: Request[Any, Any, Any], response_id: FromPath[uuid.UUID]) -> Redirect:
        await _reviewable(request, response_id)
        account = signed_in(request)
        if not await supervision.accept(response_id, account.id):
            raise NotFoundException()
        await audit.record("response_accepted", account.email, account.id, "response", str(response_id))
        return Redirect("/supervise?decided=accepted", status_code=303)

    @post("/{response_id:uuid}/return")
    async def return_it(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Template | Redirect:
        await _reviewable(request, response_id)
        form = form_values(await request.form())
        if set(form) - {"comment", "_csrf_token"}:
            raise BadForm("unexpected fields")
        comment = (form.get("comment") or [""])[0].strip()
        error = None
        if not comment:
            error = _("Enter what the worker needs to check or change")
        elif len(comment) > COMMENT_MAX:
            error = _("The comment must be %(max)s characters or fewer", max=COMMENT_MAX)
        if error:
            return await _review_page(request, banks, response_id, comment=comment, error=error)
        account = signed_in(request)
        if not await supervision.return_to_worker(response_id, account.id, comment):
            raise NotFoundException()
        # The comment is not copied into the log: it may quote an answer.
        await audit.record("response_returned", account.email, account.id, "response", str(response_id))
        return Redirect("/supervise?decided=returned", status_code=303)


async def _reviewable(request: Request[Any, Any, Any], response_id: uuid.UUID) -> responses.ResponseRecord:
    if not await supervision.may_review(response_id, *_scope(request)):
        raise NotFoundException()
    record = await responses.get(response_id)
    if record is None:
        raise NotFoundException()
    return record


async def _typed_by(response_id: uuid.UUID) -> tuple[dict[str, str], str | None]:
    """Who saved each page last, by the audit log; and who typed up a paper form, if one was."""
    events = await audit.search(object_id=str(response_id), limit=5000)
    pages: dict[str, str] = {}
    transcribed = None
    for event in events:  # newest first: the first saving of a page is its last
        if event.action == "answer_saved" and event.detail.get("page"):
            pages.setdefault(event.detail["page"], event.actor)
        elif event.action == "answers_transcribed" and transcribed is None:
            transcribed = event.actor
    return pages, transcribed


async def _review_page(request: Request[Any, Any, Any], banks: Banks, response_id: uuid.UUID,
                       comment: str = "", error: str | None = None) -> Template:
    record = await _reviewable(request, response_id)
    questionnaire = await banks.version(record.questionnaire_id, record.questionnaire_version)
    if questionnaire is None:
        raise NotFoundException()
    pages, transcribed = await _typed_by(response_id)
    journey = Journey(questionnaire, record.answers)
    private = record.answered_privately
    groups: list[dict[str, Any]] = []
    for question in journey.answered_questions():
        section = questionnaire.section_of(question.id)
        if not groups or groups[-1]["id"] != section.id:
            groups.append({"id": section.id, "title": section.title, "rows": []})
        if question.id in private:
            lines, who = [_("Not shown: answered privately")], _("The respondent, on their own")
        else:
            lines = answer_lines(question, record.answers[question.id], {})
            who = pages.get(question.id) or transcribed or _("The respondent, online")
        groups[-1]["rows"].append({"question": question.title, "lines": lines, "who": who})
    worker = next((e.actor for e in await audit.search(object_id=str(response_id), action="response_submitted", limit=1)), None)
    return page(
        request, "supervise/response.html", title=questionnaire.title, record=record, groups=groups,
        mode=mode_label(record.mode), format=format_label(record.format), worker=worker,
        comment=comment, field_errors={"comment": error} if error else {},
        errors=[{"target": "comment", "message": error}] if error else [],
        comment_max=COMMENT_MAX, status_code=400 if error else 200,
    )
