"""A worker's appointments: booking one for a case or a request for help they
hold, their list for today and the week ahead, cancelling, and calendar
files (one appointment, or all of theirs) with nothing about the person but
the reference."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from ..services import appointments as booking
from ..services.banks import Banks
from ..services.collection import mode_label
from ..services.i18n import gettext as _
from ..storage import appointments, audit, help_requests
from ..storage import fieldwork as cases_store
from ..storage.help_requests import CLAIMED
from .answers import LONDON
from .forms import form_values
from .render import BadForm, page
from .staff import requires, signed_in

_FIELDS = {"case", "help", "date-day", "date-month", "date-year", "time", "minutes", "mode", "place", "interpreter",
           "interpreter_language", "interpreter_name", "_csrf_token"}


async def _subject(request: Request[Any, Any, Any], case: uuid.UUID | None, help_id: uuid.UUID | None):
    """What the appointment is for, if this worker holds it: (kind, id, reference, questionnaire, back link)."""
    me = signed_in(request).id
    if case is not None:
        found = await cases_store.case_of(case, me)
        if found is not None:
            record = found[0]
            return "case", record.id, record.reference, record.questionnaire_id, f"/assist/cases/{record.id}"
    if help_id is not None:
        held = await help_requests.get(help_id)
        if held is not None and held.claimed_by == me and held.status == CLAIMED:
            return "help", held.id, held.reference, held.questionnaire_id, f"/assist/help/{held.id}"
    raise NotFoundException()


def row_of(item: appointments.Appointment) -> dict[str, Any]:
    return {
        "item": item,
        "when": item.starts_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M"),
        "how": mode_label(item.mode),
        "interpreter": booking.INTERPRETERS[item.interpreter]() + (f": {item.interpreter_name}" if item.interpreter_name else ""),
        "url": f"/assist/cases/{item.case_id}" if item.case_id else f"/assist/help/{item.help_request_id}",
        "ics": f"/assist/appointments/{item.id}/calendar.ics",
    }


def _ics(content: bytes, name: str) -> Response[bytes]:
    return Response(content, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


class AppointmentsController(Controller):
    path = "/assist/appointments"
    guards = [requires("worker")]

    @get("/")
    async def mine(self, request: Request[Any, Any, Any], booked: Annotated[str | None, QueryParameter(max_length=40)] = None) -> Template:
        today = dt.datetime.now(LONDON).replace(hour=0, minute=0, second=0, microsecond=0)
        found = [row_of(a) for a in await appointments.of_worker(signed_in(request).id, since=today)]
        tomorrow = (today + dt.timedelta(days=1)).astimezone(dt.timezone.utc)
        week_end = (today + dt.timedelta(days=8)).astimezone(dt.timezone.utc)
        return page(request, "assist/appointments.html", booked=booked,
                    today=[r for r in found if r["item"].starts_at < tomorrow],
                    week=[r for r in found if tomorrow <= r["item"].starts_at < week_end],
                    later=[r for r in found if r["item"].starts_at >= week_end])

    @get("/calendar.ics")
    async def calendar(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
        return _ics(booking.calendar(await appointments.of_worker(signed_in(request).id, since=since), _("Survey appointments")),
                    "appointments.ics")

    @get("/{appointment_id:uuid}/calendar.ics")
    async def one(self, request: Request[Any, Any, Any], appointment_id: FromPath[uuid.UUID]) -> Response[bytes]:
        found = await appointments.get(appointment_id, signed_in(request).id)
        if found is None:
            raise NotFoundException()
        return _ics(booking.calendar([found], _("Survey appointments")), f"appointment-{found.reference}.ics")

    @post("/{appointment_id:uuid}/cancel")
    async def cancel(self, request: Request[Any, Any, Any], appointment_id: FromPath[uuid.UUID]) -> Redirect:
        me = signed_in(request)
        found = await appointments.get(appointment_id, me.id)
        if found is None or not await appointments.cancel(appointment_id, me.id):
            raise NotFoundException()
        await audit.record("appointment_cancelled", me.email, me.id, "appointment", str(appointment_id), reference=found.reference)
        return Redirect("/assist/appointments", status_code=303)

    @get("/new")
    async def new(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks],
                  case: Annotated[uuid.UUID | None, QueryParameter()] = None,
                  help: Annotated[uuid.UUID | None, QueryParameter()] = None) -> Template:
        subject = await _subject(request, case, help)
        return _form(request, banks, subject, {"interpreter": "none", "minutes": "60"})

    @post("/new")
    async def book(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks]) -> Template | Redirect:
        form = {key: values[0] for key, values in form_values(await request.form()).items() if values}
        if set(form) - _FIELDS:
            raise BadForm("unexpected fields")
        subject = await _subject(request, _uuid(form.get("case")), _uuid(form.get("help")))
        checked = booking.check(form, dt.datetime.now(dt.timezone.utc))
        if checked.errors:
            return _form(request, banks, subject, form, checked.errors)
        kind, subject_id, reference, questionnaire_id, _back = subject
        me = signed_in(request)
        appointment_id = await appointments.book(
            me.id, case_id=subject_id if kind == "case" else None, help_request_id=subject_id if kind == "help" else None,
            reference=reference, questionnaire_id=questionnaire_id, **checked.values,  # type: ignore[arg-type]
        )
        await audit.record("appointment_booked", me.email, me.id, "appointment", str(appointment_id), reference=reference,
                           mode=checked.values["mode"], interpreter=checked.values["interpreter"])
        return Redirect(f"/assist/appointments?booked={reference}", status_code=303)


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


#: The order of the form's fields, for the error summary.
_ORDER = ("date-day", "date-month", "date-year", "time", "minutes", "mode", "place", "interpreter", "interpreter_language", "interpreter_name")


def _form(request: Request[Any, Any, Any], banks: Banks, subject: tuple, form: dict[str, str], errors: dict[str, str] | None = None) -> Template:
    kind, subject_id, reference, questionnaire_id, back = subject
    errors = errors or {}
    questionnaire = banks.get(questionnaire_id)
    return page(
        request, "assist/appointment.html", kind=kind, subject_id=subject_id, reference=reference, back_url=back,
        title=questionnaire.title if questionnaire else questionnaire_id, form=form, field_errors=errors,
        date_error=next((errors[name] for name in ("date-day", "date-month", "date-year") if name in errors), None),
        date_wrong=[part for part in ("day", "month", "year") if f"date-{part}" in errors],
        errors=[{"target": name if name != "mode" else "mode", "message": errors[name]} for name in _ORDER if name in errors],
        modes=[(code, mode_label(code)) for code in booking.MODES],
        interpreters=[(code, words()) for code, words in booking.INTERPRETERS.items()],
        status_code=400 if errors else 200,
    )


async def booked_for(subject_id: uuid.UUID, book_url: str) -> dict[str, Any]:
    """What a case's or a request's page shows of its appointments."""
    return {"booked_appointments": [row_of(a) for a in await appointments.for_case(subject_id)], "book_url": book_url}

