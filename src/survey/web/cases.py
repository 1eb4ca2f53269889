"""A community worker's sampled cases: the list an admin assigned them, each
case's page (its address opened for this worker alone, its outcome and its
history), recording a visit or call, and starting the interview, which
answers for the case."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from ..sampling.attempts import HOWS, OUTCOMES
from ..sampling.boroughs import NAMES
from ..sampling.dispositions import DISPOSITIONS
from ..services import fieldwork
from ..services.banks import Banks
from ..services.collection import FORMATS
from ..services.i18n import gettext as _
from ..services.i18n import language_name
from ..storage import fieldwork as cases_store
from ..storage import appointments, responses
from .answers import LONDON
from .appointments import booked_for
from .assisting import begin, checked_details, details_form, first_page
from .forms import form_values
from .render import BadForm, page
from .staff import requires, signed_in


def _when(value: dt.datetime) -> str:
    return value.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")


async def _mine(request: Request[Any, Any, Any], case_id: uuid.UUID):
    """The case and its address, if it is assigned to this worker (else 404)."""
    found = await cases_store.case_of(case_id, signed_in(request).id)
    if found is None:
        raise NotFoundException()
    return found


class CasesController(Controller):
    path = "/assist/cases"
    guards = [requires("worker")]

    @get("/")
    async def cases(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks],
                    recorded: Annotated[str | None, QueryParameter(max_length=40)] = None) -> Template:
        rows = []
        for case in await cases_store.cases_of(signed_in(request).id):
            questionnaire = banks.get(case.questionnaire_id)
            rows.append({
                "case": case, "title": questionnaire.title if questionnaire else case.questionnaire_id,
                "outcome": _(DISPOSITIONS[case.disposition].words) if case.disposition in DISPOSITIONS else _("No outcome yet"),
                "url": f"/assist/cases/{case.id}", "borough": NAMES.get(case.borough, case.borough),
            })
        return page(request, "assist/cases.html", rows=rows, recorded=recorded)

    @get("/{case_id:uuid}")
    async def case(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], case_id: FromPath[uuid.UUID]) -> Template:
        return await _case_page(request, banks, case_id)

    @post("/{case_id:uuid}/attempt")
    async def attempt(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], case_id: FromPath[uuid.UUID]) -> Template | Redirect:
        case, _address = await _mine(request, case_id)
        form = {key: values[0] for key, values in form_values(await request.form()).items() if values}
        if set(form) - {"how", "outcome", "_csrf_token"}:
            raise BadForm("unexpected fields")
        errors = {}
        if form.get("how") not in HOWS:
            errors["how"] = _("Select how you tried to reach them")
        if form.get("outcome") not in OUTCOMES:
            errors["outcome"] = _("Select what happened")
        if errors:
            return await _case_page(request, banks, case_id, form, errors)
        me = signed_in(request)
        await fieldwork.record_attempt(case, me.id, me.email, dt.datetime.now(dt.timezone.utc), form["how"], form["outcome"])
        return Redirect(f"/assist/cases/{case_id}?recorded=1", status_code=303)

    @get("/{case_id:uuid}/start")
    async def start_form(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], case_id: FromPath[uuid.UUID]) -> Template:
        case, _address = await _mine(request, case_id)
        questionnaire = _questionnaire(banks, case.questionnaire_id)
        upcoming = [a for a in await appointments.for_case(case.id) if a.ends_at > dt.datetime.now(dt.timezone.utc)]
        prefilled = {
            **({"mode": [upcoming[0].mode]} if upcoming else {}),
            "format": [case.format_need if case.format_need in FORMATS else "standard"],
            "language": [case.language or questionnaire.languages[0]],
            "organisation": [signed_in(request).organisation or ""],
        }
        return details_form(request, questionnaire, prefilled, f"/assist/cases/{case.id}/start", case_reference=case.reference)

    @post("/{case_id:uuid}/start")
    async def start(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], case_id: FromPath[uuid.UUID]) -> Template | Redirect:
        case, _address = await _mine(request, case_id)
        questionnaire = _questionnaire(banks, case.questionnaire_id)
        form = form_values(await request.form())
        first, errors = checked_details(questionnaire, form)
        if errors:
            return details_form(request, questionnaire, form, f"/assist/cases/{case.id}/start", errors, case_reference=case.reference)
        rid = await begin(request, questionnaire, first, taking_over=case.response_id, route="sample")
        if rid != case.response_id and not await cases_store.link_response(case.id, rid):
            # The case's own code opened a response meanwhile: that one answers for it.
            await responses.discard_unanswered(rid)
            raise NotFoundException()
        record = await responses.get(rid)
        started_on = await banks.version(questionnaire.id, record.questionnaire_version) if record else None
        return Redirect(first_page(started_on or questionnaire, rid, first["mode"], record.answers if record else None), status_code=303)


def _questionnaire(banks: Banks, questionnaire_id: str):
    questionnaire = banks.get(questionnaire_id)
    if questionnaire is None:
        raise NotFoundException()
    return questionnaire


async def _case_page(request: Request[Any, Any, Any], banks: Banks, case_id: uuid.UUID,
                     form: dict[str, str] | None = None, errors: dict[str, str] | None = None) -> Template:
    case, address = await _mine(request, case_id)
    record = await responses.get(case.response_id) if case.response_id else None
    return page(
        request, "assist/case.html", case=case, address=address, borough=NAMES.get(case.borough, case.borough),
        title=_questionnaire(banks, case.questionnaire_id).title,
        outcome=f"{case.disposition} {_(DISPOSITIONS[case.disposition].words)}" if case.disposition in DISPOSITIONS else _("No outcome yet"),
        language=language_name(case.language) if case.language else None,
        history=[{"at": _when(a.at), "how": fieldwork.how_label(a.how), "outcome": fieldwork.outcome_label(a.outcome)}
                 for a in await cases_store.attempts(case.id)],
        answered=len(record.answers) if record and not record.submitted else 0,
        sent=bool(record and record.submitted),
        entered_elsewhere=bool(record and record.entered_by not in (None, signed_in(request).id)),
        carry_on=f"/assist/{record.id}/continue" if record and not record.submitted and record.entered_by == signed_in(request).id else None,
        hows=[(code, fieldwork.how_label(code)) for code in HOWS],
        outcomes=[(code, fieldwork.outcome_label(code)) for code in OUTCOMES],
        form=form or {}, field_errors=errors or {},
        errors=[{"target": name, "message": text} for name, text in (errors or {}).items()],
        recorded="recorded" in request.query_params,
        **await booked_for(case.id, f"/assist/appointments/new?case={case.id}"),
        status_code=400 if errors else 200,
    )
