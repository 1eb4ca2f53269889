"""Typing up a returned paper or alternative-format form: every question of
the bank on one long page, keyboard-fast, with the same validation as the
one-question pages. Answers a respondent gave to questions their route skips
are not kept, as on the web."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from ..services import videos
from ..services.banks import Banks
from ..services.i18n import gettext as _
from ..questionnaire import Journey
from ..questionnaire.answer import Answer
from ..questionnaire.questions import Parsed, Question
from ..questionnaire.reading import read_page
from ..storage import audit, responses
from .answering import FORM_FIELDS
from .assisted_journey import assisted_response
from .current import Current
from .question_page import assisted_banner, show_errors
from .render import BadForm, page
from .staff import requires, signed_in


def _declined_field(question: Question) -> str:
    return f"{question.id}-declined"


class PaperController(Controller):
    path = "/assist/{response_id:uuid}/paper"
    guards = [requires("worker")]

    @get("/")
    async def form(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Template | Redirect:
        current = await assisted_response(request, banks, response_id)
        items = []
        for question in current.questionnaire.questions():
            saved = current.record.answers.get(question.id)
            state = {"heading": "h2", "message": None, "error_parts": set(), "declined": Answer.of(saved).declined}
            state["shown"] = question.shown(None if state["declined"] else saved)
            items.append({"page": question, "state": state})
        return _render(request, current, items)

    @post("/")
    async def save(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], response_id: FromPath[uuid.UUID]) -> Template | Redirect:
        current = await assisted_response(request, banks, response_id)
        raw = await request.form()
        form = {key: [v for v in raw.getall(key) if isinstance(v, str)] for key in raw.keys()}
        questions = current.questionnaire.questions()
        allowed = set(FORM_FIELDS)
        for question in questions:
            allowed |= {*question.field_names(), _declined_field(question)}
        if set(form) - allowed:
            raise BadForm(f"unexpected fields: {sorted(set(form) - allowed)}")
        values: dict[str, Any] = {}
        parsed_all: dict[str, Parsed] = {}
        declined: set[str] = set()
        for question in questions:
            ticked = "yes" in form.get(_declined_field(question), [])
            reading = read_page(question, form, declined=ticked)
            parsed = reading.parsed
            if ticked:
                declined.add(question.id)
            elif not reading.typed:
                parsed = Parsed(value=None, shown=parsed.shown)  # blank: decided below, once the route is known
            parsed_all[question.id] = parsed
            if parsed.ok and parsed.value is not None:
                values[question.id] = parsed.value
        journey = Journey(current.questionnaire, values)
        items, errors = [], []
        for number, question in enumerate(questions, start=1):
            parsed = parsed_all[question.id]
            if journey.on_route(question.id) and parsed.ok and parsed.value is None and question.required:
                parsed = question.blank(parsed.shown)
            state: dict[str, Any] = {"heading": "h2", "message": None, "error_parts": set(), "declined": question.id in declined}
            # One long page: each summary line names its question, numbered as on the paper form.
            errors += [
                {**error, "message": _("Question %(number)s, %(title)s: %(error)s", number=number, title=question.title,
                                       error=error["message"])}
                for error in show_errors(question, parsed, state)
            ]
            state["shown"] = parsed.shown if parsed.errors else question.shown(None if question.id in declined else parsed.value)
            items.append({"page": question, "state": state})
        if errors:
            return _render(request, current, items, errors)
        # Every question on the route gets an answer, None for an optional one left blank.
        kept = {q.id: parsed_all[q.id].value for q in questions if journey.on_route(q.id)}
        stale = set(current.record.answers) - set(kept)
        sealed = {q.id for q in questions if q.free_text}
        await responses.save_answers(response_id, {qid: Answer.of(value) for qid, value in kept.items()}, stale, sealed)
        # A typed-up form replaces the answers it covers: videos they held go with them.
        videos.remove(request.app.state.settings.uploads, [videos.file_of(current.record.answers.get(q)) for q in {*kept, *stale}])
        account = signed_in(request)
        await audit.record("answers_transcribed", account.email, account.id, "response", str(response_id), answers=len(kept))
        return Redirect(current.links.check, status_code=303)


def _render(request: Request[Any, Any, Any], current: Current, items: list[dict[str, Any]], errors: list[dict[str, str]] | None = None) -> Template:
    return page(
        request,
        "assist/paper.html",
        questionnaire=current.questionnaire,
        items=items,
        errors=errors or [],
        banner=assisted_banner(current.record),
        record=current.record,
        action=current.links.paper,
    )
