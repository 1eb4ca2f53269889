"""What the respondent pages show: their URLs, the format choices (BSL,
Easy Read) and the question page itself, with its errors and answers."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.exceptions import NotFoundException
from litestar.response import Template

from ..services.banks import Banks
from ..services.collection import format_label, mode_label
from ..questionnaire import Journey, Questionnaire
from ..questionnaire.answer import Answer
from ..questionnaire.questions import Page, Parsed, Question
from ..storage.responses import ResponseRecord
from .answers import file_size
from .easy_read import easy_read_page
from .messages import message
from ..storage import responses
from . import session
from .render import BadForm, GoTo, page


def _step(name: str) -> property:
    """One step of the journey, a path under the response's base."""
    return property(lambda links: f"{links.base}/{name}")


@dataclass(frozen=True)
class Links:
    """Where each step of one response's journey lives.

    A respondent's own journey is under /s/<questionnaire>; a worker's entry
    on someone's behalf is under /assist/<response>, so the response is in the
    address and access to it is checked on every request.
    """

    base: str
    questionnaire_id: str
    #: Where "Back" from the first page, and "Save" with nothing typed, lead.
    start: str
    assisted: bool = False

    @classmethod
    def respondent(cls, qid: str) -> Links:
        return cls(f"/s/{qid}", qid, f"/s/{qid}")

    @classmethod
    def for_worker(cls, rid: object, qid: str) -> Links:
        return cls(f"/assist/{rid}", qid, "/assist", assisted=True)

    def page(self, page_id: str, change: bool = False) -> str:
        return f"{self.base}/q/{page_id}" + ("?change=1" if change else "")

    def saved_for_later(self, page_id: str) -> str:
        if self.assisted:
            return f"/assist?saved={self.base.rsplit('/', 1)[1]}"
        return f"{self.base}/save?return={page_id}"

    def format(self, name: str) -> str:
        return f"{self.base}/format/{name}"

    check = _step("check")
    done = _step("done")
    save = _step("save")
    resume = _step("resume")
    delete = _step("delete")
    deleted = _step("deleted")
    paper = _step("paper")


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


def urls(qid: str) -> Links:
    return Links.respondent(qid)


def page_url(qid: str, page_id: str, change: bool = False) -> str:
    return Links.respondent(qid).page(page_id, change)


def format_context(
    request: Request[Any, Any, Any], questionnaire: Questionnaire, fmt: str, links: Links | None = None
) -> dict[str, Any]:
    """What every respondent page needs to offer BSL and Easy Read, and to
    show the chosen one first. Choosing either again goes back to standard."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    links = links or Links.respondent(questionnaire.id)

    def switch(to: str) -> str:
        return links.format("standard" if fmt == to else to)

    easy_read = fmt == "easy_read" and "easy_read" in questionnaire.formats
    return {
        "bsl_offered": "bsl" in questionnaire.formats,
        "bsl_mode": fmt == "bsl" and "bsl" in questionnaire.formats,
        "format_switch_url": switch("bsl"),
        "easy_read_offered": "easy_read" in questionnaire.formats,
        "easy_read_mode": easy_read,
        "easy_read_switch_url": switch("easy_read"),
        "format_return": here,
        "page_class": "survey-easy-read" if easy_read else "",
    }


def assisted_banner(record: ResponseRecord) -> dict[str, Any] | None:
    """What the worker's banner says about a response entered on someone's behalf."""
    if record.entered_by is None:
        return None
    return {"mode": mode_label(record.mode), "format": format_label(record.format), "organisation": record.organisation}


def show_errors(question: Question, parsed: Parsed, state: dict[str, Any]) -> list[dict[str, str]]:
    """Put a parsed answer's errors into the question's display state; return
    them for the error summary, each linked to its input."""
    summary = []
    for error in parsed.errors:
        text = message(question, error)
        summary.append({"target": question.error_field(error.part), "message": text})
        if error.part in ("bsl", "declined"):
            state[f"{error.part}_message"] = text  # shown at that control, not the answer
            continue
        state["error_parts"].update({error.part, *error.also} if error.part else {"day", "month", "year"})
        state["message"] = state["message"] or text
    return summary


def question_page(
    request: Request[Any, Any, Any],
    current: Current,
    page_obj: Page,
    change: bool,
    parsed: Parsed | None = None,
    *,
    draft: dict[str, list[str]] | None = None,
    declined: bool = False,
) -> Template | Response[str]:
    """A question or content page. ``parsed`` carries errors to show; ``draft``
    what a worker typed before being signed out; ``declined`` re-shows the
    worker's "chose not to answer" tick with an error."""
    questionnaire = current.questionnaire
    links = current.links
    journey = current.journey
    section = questionnaire.section_of(page_obj.id)
    errors: list[dict[str, str]] = []
    saved = current.record.answers.get(page_obj.id)
    state: dict[str, Any] = {"message": None, "error_parts": set(), "declined": declined}
    bsl_error = None
    if parsed is not None and parsed.errors and page_obj.collects_answer:
        if page_obj.bsl:
            bsl_error = page_obj.bsl.errors.get(parsed.errors[0].key)
        errors += show_errors(page_obj, parsed, state)
        state["shown"] = parsed.shown
    elif page_obj.collects_answer and draft is not None:
        state["shown"] = page_obj.parse(draft).shown
        state["from_draft"] = True
    elif page_obj.collects_answer:
        state["declined"] = Answer.of(saved).declined
        state["shown"] = page_obj.shown(None if state["declined"] else saved)
    else:
        state["shown"] = {}
    if page_obj.counts_characters:
        state["count_url"] = f"/s/{questionnaire.id}/q/{page_obj.id}/count"
    formats = format_context(request, questionnaire, current.record.format, links)
    shown_page = page_obj
    if formats["easy_read_mode"]:
        shown_page, extra = easy_read_page(page_obj)
        state.update(extra)
    previous = journey.previous_before(page_obj.id)
    if change:
        back_url = links.check
    else:
        back_url = links.page(previous.id) if previous else links.start
    # Kept for the next person only when it shows nothing one person wrote.
    typed = draft is not None or bool(errors) or (page_obj.typed and saved is not None)
    return request.app.state.page_cache.respond(request, keep=not typed, template=page(
        request,
        "question.html",
        questionnaire=questionnaire,
        **formats,
        page=shown_page,
        bsl_error=bsl_error,
        multipart=page_obj.free_text,
        section=section,
        sensitive=section.sensitive,
        state=state,
        errors=errors,
        number=journey.number(page_obj.id),
        total=journey.total,
        back_url=back_url,
        form_action=links.page(page_obj.id, change),
        save_action=links.page(page_obj.id) + "?save=true",
        assisted=links.assisted,
        banner=assisted_banner(current.record),
        needs_htmx="count_url" in state,
        upload_limit=file_size(request.app.state.settings.max_upload_bytes),
    ))


def questionnaire_or_404(banks: Banks, qid: str) -> Questionnaire:
    questionnaire = banks.get(qid)
    if questionnaire is None:
        raise NotFoundException()
    return questionnaire


def where_next(links: Links, journey: Journey) -> str:
    pending = journey.resume_page()
    return links.page(pending.id) if pending else links.check


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


def form_values(data: Any) -> dict[str, list[str]]:
    return {key: data.getall(key) for key in data.keys()}


def return_to(form: dict[str, list[str]]) -> str | None:
    """The page a format form came from (checked by the caller before use)."""
    if set(form) - {"return", "_csrf_token"}:
        raise BadForm("unexpected fields")
    value = (form.get("return") or [""])[0]
    return value if value and len(value) <= 500 else None
