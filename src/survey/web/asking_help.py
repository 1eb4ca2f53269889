"""Asking for help to answer, from any respondent page: how they would like
to answer, then the least contact detail that way needs and when suits them,
then a reference and what happens next. Two short pages, so it works the
same with JavaScript off; the answers given so far stay, linked."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from ..questionnaire import Questionnaire
from ..questionnaire.help import Way
from ..services import help_requests
from ..services.banks import Banks
from ..services.i18n import current_language
from ..services.i18n import gettext as _
from ..storage import responses, throttle
from . import session
from .continuing import client_key
from .current import chosen_format, questionnaire_or_404
from .forms import form_values
from .links import urls
from .question_page import format_context
from .render import BadForm, page

_CONTACT_FIELDS = {"way", "phone", "email", "address", "postcode", "name", "notes", "when", "_csrf_token"}


def _offering(banks: Banks, questionnaire_id: str) -> Questionnaire:
    questionnaire = questionnaire_or_404(banks, questionnaire_id)
    if not questionnaire.help.ways:
        raise NotFoundException()
    return questionnaire


async def _their_response(request: Request[Any, Any, Any], questionnaire_id: str):
    """This browser's unsent response to the questionnaire, if any: its answers go with the request."""
    rid = session.response_id(request, questionnaire_id)
    record = await responses.get(rid) if rid else None
    if record is None or record.questionnaire_id != questionnaire_id or record.submitted or record.entered_by is not None:
        return None
    return record


class AskingHelpController(Controller):
    path = "/s/{questionnaire_id:str}/help"

    @get("/")
    async def ways(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        return await _ways_page(request, _offering(banks, questionnaire_id))

    @post("/")
    async def choose(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire = _offering(banks, questionnaire_id)
        form = form_values(await request.form())
        if set(form) - {"way", "_csrf_token"}:
            raise BadForm("unexpected fields")
        code = (form.get("way") or [""])[0]
        if help_requests.way_of(questionnaire, code) is None:
            return await _ways_page(request, questionnaire, _("Select how you would like to answer"))
        return Redirect(f"{urls(questionnaire_id).start}/help/contact?way={code}", status_code=303)

    @get("/contact")
    async def contact(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str],
        way: Annotated[str | None, QueryParameter(max_length=30)] = None,
    ) -> Template | Redirect:
        questionnaire = _offering(banks, questionnaire_id)
        chosen = help_requests.way_of(questionnaire, way)
        if chosen is None:
            return Redirect(f"{urls(questionnaire_id).start}/help", status_code=303)
        return await _contact_page(request, questionnaire, chosen, {})

    @post("/contact")
    async def send(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire = _offering(banks, questionnaire_id)
        form = form_values(await request.form())
        if set(form) - _CONTACT_FIELDS:
            raise BadForm("unexpected fields")
        chosen = help_requests.way_of(questionnaire, (form.get("way") or [""])[0])
        if chosen is None:
            return Redirect(f"{urls(questionnaire_id).start}/help", status_code=303)
        checked = help_requests.check_contact(chosen, form)
        if checked.errors:
            return await _contact_page(request, questionnaire, chosen, form, checked.errors)
        # Counted and checked in one statement, as sign-in attempts are.
        key = hashlib.sha256(b"help:" + client_key(request).encode()).hexdigest()
        if not await throttle.attempt(key, request.app.state.settings.help_requests_per_hour, dt.timedelta(hours=1)):
            return await _contact_page(request, questionnaire, chosen, form, {"phone" if "phone" in chosen.needs else chosen.needs[0]: _(
                "Several requests for help have been sent from here in the last hour. Wait an hour, or use the phone "
                "number or email under “Get help” on this page")}, status_code=429)
        record = await _their_response(request, questionnaire_id)
        reference = await help_requests.ask(
            questionnaire, chosen, checked.details, current_language(), chosen_format(request, questionnaire_id, record),
            record.id if record else None,
        )
        session.asked_for_help(request, questionnaire_id, reference, chosen.code, record is not None)
        return Redirect(f"{urls(questionnaire_id).start}/help/sent", status_code=303)

    @get("/sent")
    async def sent(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire = _offering(banks, questionnaire_id)
        asked = session.help_asked(request, questionnaire_id)
        if asked is None or help_requests.way_of(questionnaire, asked["way"]) is None:
            return Redirect(f"{urls(questionnaire_id).start}/help", status_code=303)
        way = help_requests.way_of(questionnaire, asked["way"])
        assert way is not None
        return page(
            request, "help/sent.html", questionnaire=questionnaire, reference=asked["reference"], way=way,
            way_label=help_requests.label(way.code), organisations=questionnaire.help.ways[way.code].organisations,
            where=questionnaire.help.ways[way.code].where, answers_kept=asked["answers"],
            start_url=urls(questionnaire_id).start,
            **format_context(request, questionnaire, chosen_format(request, questionnaire_id, await _their_response(request, questionnaire_id))),
        )


async def _ways_page(request: Request[Any, Any, Any], questionnaire: Questionnaire, error: str | None = None) -> Template:
    record = await _their_response(request, questionnaire.id)
    return page(
        request, "help/ways.html", questionnaire=questionnaire, ways=help_requests.offered(questionnaire),
        errors=[{"target": "way", "message": error}] if error else [], way_error=error,
        has_answers=bool(record and record.answers), back_url=urls(questionnaire.id).start,
        **format_context(request, questionnaire, chosen_format(request, questionnaire.id, record)),
        status_code=400 if error else 200,
    )


#: Where each contact field's error takes focus.
_TARGETS = {"phone": "phone", "email": "email", "address": "address", "postcode": "postcode", "when": "when", "name": "name", "notes": "notes"}


async def _contact_page(request: Request[Any, Any, Any], questionnaire: Questionnaire, way: Way, form: dict[str, list[str]],
                        errors: dict[str, str] | None = None, status_code: int | None = None) -> Template:
    errors = errors or {}
    order = ["name", *way.needs, *(["postcode"] if "address" in way.needs else []), "when", "notes"]
    record = await _their_response(request, questionnaire.id)
    return page(
        request, "help/contact.html", questionnaire=questionnaire, way=way, way_label=help_requests.label(way.code),
        where=questionnaire.help.ways[way.code].where,
        values={name: (form.get(name) or [""])[0] for name in _CONTACT_FIELDS}, chosen_times=form.get("when", []),
        times=[(code, words()) for code, words in help_requests.TIMES.items()],
        errors=[{"target": _TARGETS[name], "message": errors[name]} for name in order if name in errors],
        field_errors=errors, back_url=f"{urls(questionnaire.id).start}/help",
        **format_context(request, questionnaire, chosen_format(request, questionnaire.id, record)),
        status_code=status_code or (400 if errors else 200),
    )

