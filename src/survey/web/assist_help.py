"""A community worker's queue of requests for help: those their organisation
takes, waiting for someone, and their own. Contact details open only for the
worker who has claimed the request; from it they start the interview, on
the answers the respondent had already given, if any."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from ..questionnaire.help import WAYS
from ..services import help_requests as help_words
from ..services.banks import Banks
from ..services.i18n import gettext as _
from ..services.i18n import language_name
from ..storage import audit, help_requests, responses
from ..storage.help_requests import CLAIMED, WAITING
from .answers import LONDON
from .appointments import booked_for
from .assisting import begin, checked_details, details_form, first_page
from .forms import form_values
from .render import BadForm, page
from .staff import requires, signed_in


async def _visible(request: Request[Any, Any, Any], request_id: uuid.UUID) -> help_requests.Request:
    """The request, if this worker's organisation takes it or they hold it (else 404: nobody learns it exists)."""
    account = signed_in(request)
    found = await help_requests.get(request_id)
    if found is None or not (found.claimed_by == account.id or (account.organisation and account.organisation in found.organisations
                                                                    and found.status == WAITING)):
        raise NotFoundException()
    return found


def _row(item: help_requests.Request, banks: Banks) -> dict[str, Any]:
    questionnaire = banks.get(item.questionnaire_id)
    return {
        "item": item,
        "title": questionnaire.title if questionnaire else item.questionnaire_id,
        "way": help_words.label(item.way),
        "asked": item.created_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M"),
        "url": f"/assist/help/{item.id}",
    }


class AssistHelpController(Controller):
    path = "/assist/help"
    guards = [requires("worker")]

    @get("/")
    async def queue(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks],
                    handled: Annotated[str | None, QueryParameter(max_length=30)] = None) -> Template:
        account = signed_in(request)
        # A worker with no organisation sees only what they hold: queues are an organisation's.
        found = await help_requests.for_organisation(account.organisation or "", account.id)
        rows = [_row(item, banks) for item in found]
        return page(
            request, "assist/help_queue.html",
            mine=[row for row in rows if row["item"].claimed_by == account.id],
            waiting=[row for row in rows if row["item"].status == WAITING],
            organisation=account.organisation, handled=handled,
        )

    @get("/{request_id:uuid}")
    async def one(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], request_id: FromPath[uuid.UUID]) -> Template:
        return await _request_page(request, banks, await _visible(request, request_id))

    @post("/{request_id:uuid}/claim")
    async def claim(self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]) -> Redirect:
        found = await _visible(request, request_id)
        account = signed_in(request)
        if await help_requests.claim(found.id, account.id):
            await audit.record("help_claimed", account.email, account.id, "help_request", found.reference)
        return Redirect(f"/assist/help/{found.id}", status_code=303)

    @post("/{request_id:uuid}/release")
    async def release(self, request: Request[Any, Any, Any], request_id: FromPath[uuid.UUID]) -> Redirect:
        found = await _visible(request, request_id)
        account = signed_in(request)
        if await help_requests.release(found.id, account.id):
            await audit.record("help_released", account.email, account.id, "help_request", found.reference)
        return Redirect("/assist/help", status_code=303)

    @post("/{request_id:uuid}/handled")
    async def handled(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], request_id: FromPath[uuid.UUID]) -> Template | Redirect:
        found = await _visible(request, request_id)
        account = signed_in(request)
        form = form_values(await request.form())
        if set(form) - {"outcome", "_csrf_token"}:
            raise BadForm("unexpected fields")
        outcome = (form.get("outcome") or [""])[0]
        if found.claimed_by != account.id:
            raise NotFoundException()
        if outcome not in help_words.OUTCOMES:
            return await _request_page(request, banks, found, _("Select what happened"))
        if await help_requests.handle(found.id, account.id, outcome):
            await audit.record("help_handled", account.email, account.id, "help_request", found.reference, outcome=outcome)
        return Redirect(f"/assist/help?handled={found.reference}", status_code=303)

    @get("/{request_id:uuid}/start")
    async def start_form(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], request_id: FromPath[uuid.UUID]) -> Template:
        found, questionnaire = await _claimed(request, banks, request_id)
        way = WAYS[found.way]
        prefilled = {
            "mode": [way.mode], "format": [way.format or found.format], "language": [way.language or found.language],
            "organisation": [signed_in(request).organisation or ""],
        }
        return details_form(request, questionnaire, prefilled, f"/assist/help/{found.id}/start", help_reference=found.reference)

    @post("/{request_id:uuid}/start")
    async def start(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], request_id: FromPath[uuid.UUID]) -> Template | Redirect:
        found, questionnaire = await _claimed(request, banks, request_id)
        form = form_values(await request.form())
        first, errors = checked_details(questionnaire, form)
        if errors:
            return details_form(request, questionnaire, form, f"/assist/help/{found.id}/start", errors, help_reference=found.reference)
        rid = await begin(request, questionnaire, first, taking_over=found.response_id)
        if rid != found.response_id:
            await help_requests.link_response(found.id, rid)
        record = await responses.get(rid)
        started_on = await banks.version(questionnaire.id, record.questionnaire_version) if record else None
        return Redirect(first_page(started_on or questionnaire, rid, first["mode"], record.answers if record else None), status_code=303)


async def _claimed(request: Request[Any, Any, Any], banks: Banks, request_id: uuid.UUID):
    found = await _visible(request, request_id)
    questionnaire = banks.get(found.questionnaire_id)
    if found.status != CLAIMED or found.claimed_by != signed_in(request).id or questionnaire is None:
        raise NotFoundException()
    return found, questionnaire


async def _request_page(request: Request[Any, Any, Any], banks: Banks, found: help_requests.Request, error: str | None = None) -> Template:
    account = signed_in(request)
    mine = found.claimed_by == account.id
    opened = await help_requests.details(found.id) if mine else {}
    record = await responses.get(found.response_id) if found.response_id else None
    questionnaire = banks.get(found.questionnaire_id)
    return page(
        request, "assist/help_request.html", row=_row(found, banks), found=found, mine=mine, details=opened,
        times=[help_words.TIMES[t]() for t in opened.get("when", []) if t in help_words.TIMES],
        language=language_name(found.language), where=questionnaire.help.ways[found.way].where
        if questionnaire and found.way in questionnaire.help.ways else None,
        answers=len(record.answers) if record and not record.submitted else 0,
        taken_over=bool(record and record.entered_by is not None), sent=bool(record and record.submitted),
        outcomes=[(code, words()) for code, words in help_words.OUTCOMES.items()],
        errors=[{"target": "outcome", "message": error}] if error else [], outcome_error=error,
        **(await booked_for(found.id, f"/assist/appointments/new?help={found.id}") if mine else {}),
        status_code=400 if error else 200,
    )
