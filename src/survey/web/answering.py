"""Answering a page, checking the answers and sending them: the same steps
for a respondent's own journey and for a worker entering answers on someone's
behalf. Every answer is saved before the redirect that follows it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response
from litestar.response import Redirect, Template

from ..services import codes, i18n, integrity, videos
from ..questionnaire import Journey
from ..questionnaire.answer import Answer
from ..questionnaire.questions import FieldError, Page, Parsed
from ..questionnaire.reading import read_page
from ..storage import responses, samples, supervision
from .answers import answer_lines
from .easy_read import labels_and_pictures, plain
from .current import Current
from .links import where_next
from .question_page import assisted_banner, format_context, question_page
from .render import BadForm, GoTo, page
from .uploads import chosen, save_video, video_field

#: Fields every form may carry besides the question's own.
FORM_FIELDS = {"_csrf_token"}
#: The worker's "The respondent chose not to answer" tick.
DECLINED_FIELD = "_declined"

AfterSave = Callable[[str], Awaitable[None]]


async def receive_answer(
    request: Request[Any, Any, Any],
    current: Current,
    page_obj: Page,
    change: bool,
    save: bool,
    after_save: AfterSave | None = None,
) -> Template | Response[str] | Redirect:
    links = current.links
    page_id = page_obj.id
    raw = await request.form()
    uploads = {key: value for key, value in raw.items() if not isinstance(value, str)}
    form = {key: [v for v in raw.getall(key) if isinstance(v, str)] for key in raw.keys() if key not in uploads}
    allowed = set(page_obj.field_names()) | FORM_FIELDS | ({DECLINED_FIELD} if links.assisted else set())
    unknown = (set(form) | set(uploads)) - allowed
    if unknown:
        raise BadForm(f"unexpected fields: {sorted(unknown)}")
    declined = "yes" in form.pop(DECLINED_FIELD, [])
    field = video_field(current.questionnaire, page_obj)
    upload = uploads.get(field) if field else None
    reading = read_page(page_obj, form, declined=declined, file_chosen=chosen(upload))
    parsed, new_video = reading.parsed, None
    if declined and not parsed.ok:
        return question_page(request, current, page_obj, change, parsed, declined=True)
    if not declined:
        parsed, new_video = await _with_video(request, current, page_obj, parsed, upload)
    typed_nothing = not reading.typed
    # "Save and come back later" posts the same form to ?save=true.
    if save and not parsed.ok and typed_nothing:
        # Nothing typed on this page yet: keep the earlier answers, ask nothing.
        return Redirect(links.saved_for_later(page_id), status_code=303)
    if not parsed.ok:
        # A video sent with a page that is sent back is not kept: it is sent again with the page.
        videos.remove(request.app.state.settings.uploads, [new_video])
        return question_page(request, current, page_obj, change, parsed)
    journey = current.journey
    if page_obj.collects_answer:
        answer = parsed.answer
        answers = {**current.record.answers, page_id: parsed.value}
        journey = Journey(current.questionnaire, answers)
        stale = journey.stale_answers()
        await responses.save_answer(current.record.id, page_id, answer, stale, sealed=page_obj.free_text)
        # Once the answers that held them are gone: a replaced video, and those of answers routing dropped.
        earlier = current.record.answers
        gone = [videos.file_of(earlier.get(qid)) for qid in (page_id, *stale)]
        videos.remove(request.app.state.settings.uploads, [name for name in gone if name != answer.video_file])
        if after_save:
            await after_save(page_id)
    if save:
        return Redirect(links.saved_for_later(page_id), status_code=303)
    if change:
        pending = journey.resume_page()
        return Redirect(links.page(pending.id, change=True) if pending else links.check, status_code=303)
    following = journey.next_after(page_id)
    return Redirect(links.page(following.id) if following else links.check, status_code=303)


async def _with_video(
    request: Request[Any, Any, Any], current: Current, page_obj: Page, parsed: Parsed, upload: Any
) -> tuple[Parsed, str | None]:
    """The answer with a video signed in BSL: a new one sent with the page
    (kept, if it is a video within the limits), else the one saved before,
    which stays until another replaces it. Also the new video's file, if one was kept."""
    earlier = videos.video_of(current.record.answers.get(page_obj.id))
    if not chosen(upload):
        return (page_obj.with_video(parsed, earlier) if earlier else parsed), None
    settings = request.app.state.settings
    room = settings.max_response_video_bytes - videos.bytes_held(current.record.answers, besides=page_obj.id)
    kept = await save_video(upload, settings.uploads, min(settings.max_upload_bytes, max(room, 0)),
                            whole_response=room < settings.max_upload_bytes)
    if isinstance(kept, FieldError):
        return Parsed(errors=(kept,), shown=parsed.shown), None
    return page_obj.with_video(parsed, kept), kept["file"]


def check_page(request: Request[Any, Any, Any], current: Current, **extra: Any) -> Template | Redirect:
    journey = current.journey
    links = current.links
    if not journey.complete:
        return Redirect(where_next(links, journey), status_code=303)
    groups: list[dict[str, Any]] = []
    formats = format_context(request, current.questionnaire, current.record.format, links)
    easy_read = formats["easy_read_mode"]
    for question in journey.answered_questions():
        section = current.questionnaire.section_of(question.id)
        if not groups or groups[-1]["id"] != section.id:
            groups.append({"id": section.id, "title": section.title, "rows": []})
        labels = {code: plain(text) for code, text in labels_and_pictures(question)[0].items()} if easy_read else {}
        title = question.easy_read.title if easy_read and question.easy_read else question.title
        if links.assisted and question.id in current.record.answered_privately:
            # The respondent answered it on their own: the worker never sees it.
            row = {"lines": [i18n.gettext("Answered privately by the respondent")], "change_url": None, "video_url": None}
        else:
            row = {"lines": answer_lines(question, current.record.answers[question.id], labels),
                   "change_url": links.page(question.id, change=True), "video_url": _video_url(current, question.id)}
        groups[-1]["rows"].append({"question": title, **row})
    return page(
        request,
        "check.html",
        questionnaire=current.questionnaire,
        **formats,
        groups=groups,
        back_url=links.page(journey.route[-1].id),
        submit_action=links.check,
        assisted=links.assisted,
        banner=assisted_banner(current.record),
        **extra,
    )


def _video_url(current: Current, question_id: str) -> str | None:
    """Workers may watch a respondent's signed answer; respondents see only its size."""
    if current.links.assisted and Answer.of(current.record.answers.get(question_id)).video is not None:
        return f"{current.links.base}/video/{question_id}"
    return None


async def send(current: Current, request: Request[Any, Any, Any] | None = None) -> str:
    """Submit a complete response: its reference (if it is not complete, ``GoTo``
    where to finish it). ``request``: the respondent's own, for the integrity
    checks on the open link (a worker's is not theirs)."""
    journey = current.journey
    if not journey.complete:
        raise GoTo(where_next(current.links, journey))
    first_time = not current.record.submitted
    review = supervision.state_on_sending(current.questionnaire.assisted.review) if current.record.entered_by else ""
    reference = await responses.submit(current.record.id, codes.new_reference(), i18n.language_within(current.questionnaire.languages),
                                       review)
    if current.record.route == "sample":
        await samples.mark_complete(current.record.id)
    elif first_time and request is not None:
        answers = {q.id: journey.answers[q.id] for q in journey.answered_questions()}
        await integrity.flag(current.record, answers, current.questionnaire.integrity, request.app.state.settings.secret_key,
                             request.client.host if request.client else None)
    return reference
