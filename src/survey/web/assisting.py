"""A community worker's own pages: their responses, and starting a new one
on a respondent's behalf (questionnaire, mode of collection, format, consent)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from ..services import codes, i18n
from ..services.banks import Banks
from ..services.collection import ASSISTED_MODES, FORMATS, TRANSCRIBED, format_label, mode_label
from ..services.i18n import gettext as _
from ..questionnaire import Journey, Questionnaire
from ..storage import assisted, audit, fieldwork, help_requests, responses, supervision
from .current import questionnaire_or_404
from .forms import form_values
from .links import Links, where_next
from .opening import SurveyClosed, schedule_of
from .render import BadForm, page
from .staff import requires, signed_in

_FIELDS = {"mode", "format", "language", "organisation", "paper_reference", "consent", "_csrf_token"}


class AssistingController(Controller):
    path = "/assist"
    guards = [requires("worker")]

    @get("/")
    async def home(
        self,
        request: Request[Any, Any, Any],
        banks: NamedDependency[Banks],
        saved: Annotated[uuid.UUID | None, QueryParameter()] = None,
    ) -> Template:
        account = signed_in(request)
        grace = dt.timedelta(minutes=request.app.state.settings.assist_grace_minutes)
        entered = await assisted.entered_by(account.id, dt.datetime.now(dt.timezone.utc) - grace)
        returned = await supervision.returned_comments([item.id for item in entered if item.status != "submitted"])
        rows = []
        for item in entered:
            questionnaire = banks.get(item.questionnaire_id)
            links = Links.for_worker(item.id, item.questionnaire_id)
            rows.append(
                {
                    "item": item,
                    "title": questionnaire.title if questionnaire else item.questionnaire_id,
                    "mode": mode_label(item.mode),
                    "url": links.done if item.status == "submitted" else f"{links.base}/continue",
                    "returned": returned.get(item.id),
                }
            )
        return page(
            request,
            "assist/home.html",
            rows=rows,
            saved=next((row for row in rows if row["item"].id == saved), None),
            questionnaires=list(banks),
            grace_minutes=request.app.state.settings.assist_grace_minutes,
            help_requests=len(await help_requests.for_organisation(account.organisation or "", account.id)),
            cases=len(await fieldwork.cases_of(account.id)),
        )

    @get("/new")
    async def choose_questionnaire(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks]) -> Template | Redirect:
        available = list(banks)
        if len(available) == 1:
            return Redirect(f"/assist/new/{available[0].id}", status_code=303)
        return page(request, "assist/choose.html", questionnaires=available)

    @get("/new/{questionnaire_id:str}")
    async def details(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        await _refuse_when_closed(request, questionnaire_id)
        return details_form(request, questionnaire, {"organisation": [signed_in(request).organisation or ""]}, f"/assist/new/{questionnaire.id}")

    @post("/new/{questionnaire_id:str}")
    async def start(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        await _refuse_when_closed(request, questionnaire_id)
        form = form_values(await request.form())
        first, errors = checked_details(questionnaire, form)
        if errors:
            return details_form(request, questionnaire, form, f"/assist/new/{questionnaire.id}", errors)
        rid = await begin(request, questionnaire, first)
        return Redirect(first_page(questionnaire, rid, first["mode"]), status_code=303)


def checked_details(questionnaire: Questionnaire, form: dict[str, list[str]]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The start form's answers, and each field's error (none when it may start)."""
    if set(form) - _FIELDS:
        raise BadForm("unexpected fields")
    choices = _choices(questionnaire)
    first = {key: (form.get(key) or [""])[0].strip() for key in _FIELDS}
    errors = []
    if first["mode"] not in ASSISTED_MODES:
        errors.append(("mode", _("Select how you are collecting the answers")))
    if first["format"] not in choices["formats"]:
        errors.append(("format", _("Select the format the respondent is using")))
    if len(choices["languages"]) > 1 and first["language"] not in choices["languages"]:
        errors.append(("language", _("Select the language the respondent is using")))
    if len(first["organisation"]) > 200:
        errors.append(("organisation", _("The organisation must be 200 characters or fewer")))
    if len(first["paper_reference"]) > 50:
        errors.append(("paper_reference", _("The form reference must be 50 characters or fewer")))
    if first["consent"] != "yes":
        errors.append(("consent", _("Confirm that the respondent agreed to take part, after you read them the script")))
    return first, errors


async def begin(request: Request[Any, Any, Any], questionnaire: Questionnaire, first: dict[str, str],
                taking_over: uuid.UUID | None = None, route: str = "open") -> uuid.UUID:
    """Start a response on the respondent's behalf, with their consent just
    recorded; or carry on their own unsent one (``taking_over``). ``route``:
    "sample" for a sampled case's."""
    choices = _choices(questionnaire)
    account = signed_in(request)
    now = dt.datetime.now(dt.timezone.utc)
    language = first["language"] or choices["languages"][0]
    if taking_over is not None and await assisted.take_over(
        taking_over, account.id, first["mode"], first["format"], language, first["organisation"] or None, now,
    ):
        await audit.record("response_taken_over", account.email, account.id, "response", str(taking_over),
                           questionnaire=questionnaire.id, mode=first["mode"], format=first["format"])
        return taking_over
    rid = await responses.start(
        questionnaire.id,
        questionnaire.version,
        # Never shown: an assisted response is reached through the worker's list, not a code.
        codes.code_hash(codes.new_resume_code()),
        mode=first["mode"],
        format=first["format"],
        language=language,
        entered_by=account.id,
        organisation=first["organisation"] or None,
        consent_at=now,
        paper_reference=first["paper_reference"] or None,
        route=route,
    )
    await audit.record(
        "response_started", account.email, account.id, "response", str(rid),
        questionnaire=questionnaire.id, mode=first["mode"], format=first["format"],
    )
    return rid


def first_page(questionnaire: Questionnaire, rid: uuid.UUID, mode: str, answers: dict[str, Any] | None = None) -> str:
    """Where a worker goes on from a response just started (or taken over)."""
    links = Links.for_worker(rid, questionnaire.id)
    if mode in TRANSCRIBED:
        return links.paper
    return where_next(links, Journey(questionnaire, answers or {}))


async def _refuse_when_closed(request: Request[Any, Any, Any], questionnaire_id: str) -> None:
    closed = await schedule_of(request).closed_message(questionnaire_id)
    if closed:
        raise SurveyClosed(questionnaire_id, closed)


def _choices(questionnaire: Questionnaire) -> dict[str, list[str]]:
    languages = [code for code in questionnaire.languages if code in i18n.languages()] or ["en"]
    formats = [f for f in FORMATS if f == "standard" or f in questionnaire.formats]
    return {"languages": languages, "formats": formats}


def details_form(
    request: Request[Any, Any, Any],
    questionnaire: Questionnaire,
    form: dict[str, list[str]],
    action: str,
    errors: list[tuple[str, str]] | None = None,
    **extra: Any,
) -> Template:
    errors = errors or []
    choices = _choices(questionnaire)
    targets = {"mode": "mode", "format": "format", "language": "language", "consent": "consent"}
    return page(
        request,
        "assist/details.html",
        questionnaire=questionnaire,
        errors=[{"target": targets.get(key, key), "message": text} for key, text in errors],
        field_errors=dict(errors),
        values={key: (form.get(key) or [""])[0] for key in _FIELDS},
        modes=[(code, mode_label(code)) for code in ASSISTED_MODES],
        formats=[(code, format_label(code)) for code in choices["formats"]],
        respondent_languages=[(code, i18n.language_name(code)) for code in choices["languages"]],
        action=action,
        worker_organisation=signed_in(request).organisation,
        **extra,
    )
