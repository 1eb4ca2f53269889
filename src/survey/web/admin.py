"""Admin pages: accounts, reassigning unfinished assisted responses, and
reading the audit log. Every change made here is itself audited."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlencode
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from ..services.banks import Banks
from ..services.collection import mode_label
from ..services import integrity, retention
from ..storage import accounts, assisted, audit, responses
from .answers import LONDON
from . import audit_words
from .dates import PARTS, read_date
from .forms import form_values
from ..services.i18n import gettext as _
from ..storage.schedule import Window
from .opening import schedule_of
from .render import BadForm, page
from .results_state import public_results
from .staff import requires, signed_in

PAGE_SIZE = 100
#: Opening and closing dates a survey can have (the day after 31 December
#: 9999 cannot be worked out at all).
FIRST_YEAR, LAST_YEAR = 2000, 2999


def _day(value: str | None) -> dt.datetime | None:
    """The start of a day in London, from a date field (YYYY-MM-DD)."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=LONDON)


def _midnight(day: dt.date | None) -> dt.datetime | None:
    """The start of a day in London."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LONDON) if day else None


class AdminController(Controller):
    path = "/admin"
    guards = [requires("admin")]

    @get("/")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "admin/home.html")

    @get("/users")
    async def users(self, request: Request[Any, Any, Any]) -> Template:
        return await _users_page(request)

    @post("/users/{account_id:uuid}/roles")
    async def set_roles(self, request: Request[Any, Any, Any], account_id: FromPath[uuid.UUID]) -> Template | Redirect:
        form = form_values(await request.form())
        if set(form) - {"roles", "_csrf_token"}:
            raise BadForm("unexpected fields")
        target = await accounts.by_id(account_id)
        if target is None:
            raise NotFoundException()
        me = signed_in(request)
        chosen = [role for role in accounts.ROLES if role in form.get("roles", [])]
        if len(chosen) != len(form.get("roles", [])):
            raise BadForm("unknown role")
        if not chosen:
            return await _users_page(request, target.id, _("Select at least one role for %(email)s, or disable the account", email=target.email))
        if target.id == me.id and "admin" not in chosen:
            return await _users_page(request, target.id, _("You cannot take away your own admin role: ask another admin"))
        await accounts.set_roles(target.id, chosen)
        await audit.record("user_roles_set", me.email, me.id, "account", target.email, roles=chosen, was=sorted(target.roles))
        return Redirect("/admin/users", status_code=303)

    @post("/users/{account_id:uuid}/status")
    async def set_status(self, request: Request[Any, Any, Any], account_id: FromPath[uuid.UUID]) -> Redirect:
        form = form_values(await request.form())
        if set(form) - {"disabled", "_csrf_token"} or (form.get("disabled") or [""])[0] not in ("yes", "no"):
            raise BadForm("expected disabled=yes|no")
        target = await accounts.by_id(account_id)
        if target is None:
            raise NotFoundException()
        me = signed_in(request)
        disable = form["disabled"][0] == "yes"
        if target.id == me.id and disable:
            raise BadForm("an admin cannot disable their own account")
        await accounts.set_disabled(target.email, disable)
        await audit.record("user_disabled" if disable else "user_enabled", me.email, me.id, "account", target.email)
        return Redirect("/admin/users", status_code=303)

    @get("/questionnaires")
    async def questionnaires(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks]) -> Template:
        return await _questionnaires_page(request, banks)

    @post("/questionnaires/{questionnaire_id:str}")
    async def set_dates(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]
    ) -> Template | Redirect:
        if banks.get(questionnaire_id) is None:
            raise NotFoundException()
        form = {key: values[0].strip() for key, values in form_values(await request.form()).items() if values}
        if set(form) - {"opens", "closes", "_csrf_token"}:
            raise BadForm("unexpected fields")
        errors: dict[str, str] = {}
        opens, closes = _day(form.get("opens")), _day(form.get("closes"))
        for name, value in (("opens", opens), ("closes", closes)):
            if form.get(name) and value is None:
                errors[name] = _("Enter the date as year, month and day, for example 2027-03-01")
            elif value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
                errors[name] = _("Enter a date between %(first)s and %(last)s", first=FIRST_YEAR, last=LAST_YEAR)
        if opens and closes and closes < opens:
            errors["closes"] = _("The closing date must be the same as or after the opening date")
        if errors:
            return await _questionnaires_page(request, banks, questionnaire_id, form, errors)
        # Open from the start of the opening day; closed after the end of the closing day (London time).
        schedule = schedule_of(request)
        kept = await schedule.window(questionnaire_id)
        window = Window(opens, closes + dt.timedelta(days=1) if closes else None, kept.access)
        await schedule.set(questionnaire_id, window)
        me = signed_in(request)
        await audit.record(
            "questionnaire_dates_set", me.email, me.id, "questionnaire", questionnaire_id,
            opens=form.get("opens", ""), closes=form.get("closes", ""),
        )
        return Redirect("/admin/questionnaires", status_code=303)

    @post("/questionnaires/{questionnaire_id:str}/results")
    async def set_results(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]
    ) -> Redirect:
        if banks.get(questionnaire_id) is None:
            raise NotFoundException()
        form = form_values(await request.form())
        if set(form) - {"public", "_csrf_token"} or (form.get("public") or [""])[0] not in ("yes", "no"):
            raise BadForm("expected public=yes|no")
        public = form["public"][0] == "yes"
        if await public_results(request).set_public(questionnaire_id, public):
            me = signed_in(request)
            await audit.record("results_published" if public else "results_withdrawn", me.email, me.id, "questionnaire", questionnaire_id)
        return Redirect("/admin/questionnaires", status_code=303)

    @get("/retention")
    async def retention_page(self, request: Request[Any, Any, Any], purged: Annotated[int | None, QueryParameter(ge=0)] = None) -> Template:
        return await _retention(request, purged=purged)

    @post("/retention")
    async def purge(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        form = form_values(await request.form())
        if set(form) - {"confirm", "_csrf_token"}:
            raise BadForm("unexpected fields")
        if (form.get("confirm") or [""])[0] != "yes":
            return await _retention(request, error=_("Select that you understand the responses will be deleted for good"))
        settings = request.app.state.settings
        me = signed_in(request)
        count = await retention.purge(settings.retention_days, settings.uploads, me.email, me.id)
        await retention.purge_help_requests(settings.help_retention_days, me.email)
        return Redirect(f"/admin/retention?purged={count}", status_code=303)

    @get("/responses")
    async def responses(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks]) -> Template:
        workers = [a for a in await accounts.everyone() if a.has("worker") and not a.disabled]
        rows = [
            {
                "item": item,
                "title": q.title if (q := banks.get(item.questionnaire_id)) else item.questionnaire_id,
                "mode": mode_label(item.mode),
            }
            for item in await assisted.unfinished()
        ]
        return page(request, "admin/responses.html", rows=rows, workers=workers)

    @post("/responses/{response_id:uuid}/reassign")
    async def reassign(self, request: Request[Any, Any, Any], response_id: FromPath[uuid.UUID]) -> Redirect:
        form = form_values(await request.form())
        if set(form) - {"worker", "_csrf_token"}:
            raise BadForm("unexpected fields")
        try:
            worker = await accounts.by_id(uuid.UUID((form.get("worker") or [""])[0]))
        except ValueError:
            raise BadForm("not an account id") from None
        if worker is None or not worker.has("worker") or worker.disabled:
            raise BadForm("not an enabled worker")
        if not await assisted.reassign(response_id, worker.id):
            raise NotFoundException()
        me = signed_in(request)
        await audit.record("response_reassigned", me.email, me.id, "response", str(response_id), to=worker.email)
        return Redirect("/admin/responses", status_code=303)

    @get("/audit")
    async def audit_log(
        self,
        request: Request[Any, Any, Any],
        actor: Annotated[str | None, QueryParameter(max_length=254)] = None,
        action: Annotated[str | None, QueryParameter(max_length=50)] = None,
        # An event id: a number the database can hold, or it is refused as a bad request.
        before: Annotated[int | None, QueryParameter(ge=1, le=2**31 - 1)] = None,
    ) -> Template:
        # The dates come as GOV.UK date boxes: since-day, since-month, since-year, and until-….
        typed = {f"{name}-{part}": request.query_params.get(f"{name}-{part}", "")[:4]
                 for name in ("since", "until") for part in PARTS}
        (since, since_error, since_box), (until, until_error, until_box) = read_date(typed, "since"), read_date(typed, "until")
        field_errors = {name: text for name, text in (("since", since_error), ("until", until_error)) if text}
        if since and until and until < since:
            field_errors["until"] = _("The end date must be the same as or after the start date")
            until_box = "day"
        filters = {"actor": actor or "", "action": action or "", **typed}
        events, older = [], None
        if not field_errors:
            events = await audit.search(
                actor=actor or None,
                action=action or None,
                since=_midnight(since),
                until=_midnight(until + dt.timedelta(days=1)) if until else None,
                before_id=before,
                limit=PAGE_SIZE,
            )
            if len(events) == PAGE_SIZE:
                older = "/admin/audit?" + urlencode({**{k: v for k, v in filters.items() if v}, "before": events[-1].id})
        boxes = {"since": since_box, "until": until_box}
        return page(
            request,
            "admin/audit.html",
            rows=audit_words.rows(events),
            filters=filters,
            actions=[(code, words()) for code, words in audit_words.ACTIONS.items()],
            older_url=older,
            field_errors=field_errors,
            errors=[{"target": f"{name}-{boxes[name] or 'day'}", "message": text} for name, text in field_errors.items()],
            status_code=400 if field_errors else 200,
        )


async def _users_page(request: Request[Any, Any, Any], failed: uuid.UUID | None = None, error: str | None = None) -> Template:
    return page(request, "admin/users.html", users=await accounts.everyone(), me=signed_in(request), roles=accounts.ROLES,
                failed=failed, role_error=error, errors=[{"target": f"roles-{failed}", "message": error}] if error else [],
                status_code=400 if error else 200)


async def _retention(request: Request[Any, Any, Any], purged: int | None = None, error: str | None = None) -> Template:
    days = request.app.state.settings.retention_days
    return page(
        request,
        "admin/retention.html",
        scheduled=max(1, round(request.app.state.settings.purge_every_seconds / 3600)) if request.app.state.settings.purge_every_seconds else 0,
        days=days,
        eligible=await responses.sent_before(retention.cutoff(days)),
        purged=purged,
        errors=[{"target": "confirm", "message": error}] if error else [],
        error=error,
        status_code=400 if error else 200,
    )


async def _questionnaires_page(
    request: Request[Any, Any, Any],
    banks: Banks,
    failed: str | None = None,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Template:
    rows = []
    schedule = schedule_of(request)
    for questionnaire in banks:
        window = await schedule.window(questionnaire.id)
        closing_day = (window.closes_at.astimezone(LONDON) - dt.timedelta(days=1)).date() if window.closes_at else None
        values = (form or {}) if questionnaire.id == failed else {
            "opens": window.opens_at.astimezone(LONDON).date().isoformat() if window.opens_at else "",
            "closes": closing_day.isoformat() if closing_day else "",
        }
        rows.append({
            "questionnaire": questionnaire,
            "closed": await schedule.closed_message(questionnaire.id),
            "public": await public_results(request).is_public(questionnaire.id),
            "integrity": await integrity.summary(questionnaire.id),
            "values": values,
            "errors": (errors or {}) if questionnaire.id == failed else {},
        })
    return page(
        request,
        "admin/questionnaires.html",
        rows=rows,
        errors=[{"target": f"{name}-{failed}", "message": text} for name, text in (errors or {}).items()],
        status_code=400 if errors else 200,
    )
