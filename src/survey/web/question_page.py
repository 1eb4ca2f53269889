"""The question page: its errors and answers, the format choices every
respondent page offers (BSL, Easy Read), and the worker's banner."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.response import Template

from ..questionnaire import Questionnaire
from ..questionnaire.answer import Answer
from ..questionnaire.questions import Page, Parsed, Question
from ..services.collection import format_label, mode_label
from ..services import i18n
from ..storage.responses import ResponseRecord
from .answers import file_size
from .current import Current
from .easy_read import easy_read_page
from .links import Links
from .messages import message
from .render import page


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
    if links.private and previous is not None and questionnaire.section_of(previous.id) is not section:
        previous = None  # the respondent's part starts here: back to its introduction
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
        sensitive=section.sensitive or page_obj.exit_this_page,
        state=state,
        errors=errors,
        progress=_progress(journey.progress(page_obj.id)),
        back_url=back_url,
        form_action=links.page(page_obj.id, change),
        save_action=links.page(page_obj.id) + "?save=true",
        assisted=links.assisted,
        finish_alone_url=f"{links.base}/finish-alone" if links.assisted else None,
        hand_over_action=f"{links.base}/hand-over?page={page_obj.id}" if links.assisted and section.private else None,
        hand_back_url=links.hand_back if links.private else None,
        banner=assisted_banner(current.record) if links.assisted else None,
        needs_htmx="count_url" in state,
        upload_limit=file_size(request.app.state.settings.max_upload_bytes),
    ))


def _progress(found: tuple[str, int, int] | None) -> str | None:
    if found is None:
        return None
    kind, number, total = found
    if kind == "question":
        return i18n.gettext("Question %(number)s of %(total)s", number=number, total=total)
    return i18n.gettext("Section %(number)s of %(total)s", number=number, total=total)
