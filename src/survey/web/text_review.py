"""Reading free text before it is released: an analyst or admin reads each
free-text answer, sees what the redaction would replace, and releases it as
redacted, releases their own edit, or withholds it. Only released text goes
into an export (``storage/reviews.py``)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from ..services.banks import Banks
from ..export.scrub import Scrubber
from ..services.i18n import gettext as _
from ..questionnaire import Questionnaire
from ..storage import audit, reviews
from .forms import form_values
from .render import BadForm, page
from .staff import requires, signed_in

_FIELDS = {"response", "question", "decision", "text", "_csrf_token"}
#: Answers shown at a time.
PAGE = 10
_TAG = re.compile(r"(\[[^\[\]]{1,40}\])")


def _free_text(questionnaire: Questionnaire) -> dict[str, Any]:
    return {q.id: q for q in questionnaire.questions() if q.free_text and not q.identifier}


def _marked(text: str, scrub: Scrubber) -> list[tuple[str, bool]]:
    """The redacted text in pieces, each tag (such as [phone number]) marked, to be highlighted."""
    redacted, found = scrub(text)
    tags = {f"[{item.tag}]" for item in found}
    return [(piece, piece in tags) for piece in _TAG.split(redacted) if piece]


def _field_id(item: reviews.Waiting) -> str:
    return f"review-{item.response_id.hex}-{item.question_id}"


class TextReviewController(Controller):
    path = "/analyst/{questionnaire_id:str}/free-text"
    guards = [requires("analyst", "admin")]

    @get("/")
    async def queue(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        return await _queue(request, _bank(banks, questionnaire_id), saved=request.query_params.get("saved"))

    @post("/")
    async def decide(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire = _bank(banks, questionnaire_id)
        form = {key: values[0] for key, values in form_values(await request.form()).items() if values}
        if set(form) - _FIELDS:
            raise BadForm("unexpected fields")
        question_id = form.get("question", "")
        try:
            response_id = uuid.UUID(form.get("response", ""))
        except ValueError:
            raise BadForm("not a response id") from None
        if question_id not in _free_text(questionnaire):
            raise BadForm("not a free-text question of this questionnaire")
        words = await reviews.answer_text(questionnaire.id, response_id, question_id)
        if words is None:
            raise NotFoundException()
        decision, text = form.get("decision", ""), form.get("text", "").strip()
        item = reviews.Waiting(response_id, question_id, words)
        errors = []
        if decision not in reviews.DECISIONS:
            errors.append({"target": f"{_field_id(item)}-decision", "message": _("Choose whether to release this answer")})
        elif decision == "edited" and not text:
            errors.append({"target": f"{_field_id(item)}-text", "message": _("Enter the words to release, or choose another option")})
        if errors:
            return await _queue(request, questionnaire, errors=errors, failed=item, typed={"decision": decision, "text": text},
                                status_code=400)
        account = signed_in(request)
        await reviews.decide(response_id, question_id, decision, text if decision == "edited" else None, account.id)
        # What was decided, never the words: the audit log is read by admins.
        await audit.record("free_text_reviewed", account.email, account.id, "answer", f"{response_id}/{question_id}",
                           questionnaire=questionnaire.id, decision=decision)
        return Redirect(f"/analyst/{questionnaire.id}/free-text?saved={decision}", status_code=303)


def _bank(banks: Banks, questionnaire_id: str) -> Questionnaire:
    questionnaire = banks.get(questionnaire_id)
    if questionnaire is None:
        raise NotFoundException()
    return questionnaire


async def _queue(request: Request[Any, Any, Any], questionnaire: Questionnaire, *, errors: list | None = None,
                 failed: reviews.Waiting | None = None, typed: dict | None = None, saved: str | None = None,
                 status_code: int = 200) -> Template:
    questions = _free_text(questionnaire)
    found = await reviews.waiting(questionnaire.id, list(questions), PAGE)
    if failed is not None and failed not in found:
        found = [failed, *found[: PAGE - 1]]
    scrub = Scrubber(questionnaire.disclosure.redact)
    items = [
        {"item": item, "id": _field_id(item), "question": questions[item.question_id], "marked": _marked(item.text, scrub),
         "redacted": scrub(item.text)[0], "typed": typed if item == failed else None}
        for item in found
    ]
    # Back to where a reviewer came from: analysts from their page, admins from the questionnaires.
    analyst = signed_in(request).has("analyst")
    back = ("/analyst", _("Anonymised data")) if analyst else ("/admin/questionnaires", _("Questionnaires"))
    return page(
        request, "analyst/free_text.html", status_code=status_code, questionnaire_id=questionnaire.id, title=questionnaire.title, back=back,
        items=items, counts=await reviews.tally(questionnaire.id, list(questions)), errors=errors or [],
        saved=saved if saved in reviews.DECISIONS else None, has_free_text=bool(questions),
    )
