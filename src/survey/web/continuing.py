"""Coming back and leaving: save and come back later, resume with a code,
choose BSL or Easy Read for the whole response, and delete unfinished answers."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from ..services import codes, videos
from ..services.banks import Banks
from ..services.i18n import gettext as _
from ..questionnaire import Journey, Questionnaire
from ..storage import responses, throttle
from . import session
from ..services.collection import FORMATS
from .current import current_response, questionnaire_or_404
from .forms import form_values, return_to
from .links import page_url, urls, where_next
from .render import BadForm, page


class ContinuingController(Controller):
    path = "/s/{questionnaire_id:str}"

    @get("/save")
    async def save(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str],
        return_: Annotated[str | None, QueryParameter(name="return", max_length=40)] = None,
    ) -> Template | Redirect:
        current = await current_response(request, banks, questionnaire_id)
        code = session.resume_code(request, questionnaire_id)
        by_access_code = current.record.route == "sample"
        if code is None and not by_access_code:
            # This browser never saw the code (its cookie was lost): issue a new one.
            code = codes.new_resume_code()
            await responses.replace_resume_code(current.record.id, codes.code_hash(code))
            session.remember(request, questionnaire_id, current.record.id, code)
        journey = current.journey
        back = return_ if return_ and journey.on_route(return_) else None
        continue_url = page_url(questionnaire_id, back) if back else where_next(urls(questionnaire_id), journey)
        start = urls(questionnaire_id).start
        return page(
            request,
            "save.html",
            questionnaire=current.questionnaire,
            code=code,
            by_access_code=by_access_code,
            continue_url=continue_url,
            delete_url=urls(questionnaire_id).delete,
            start_url_full=str(request.base_url).rstrip("/") + start,
            shared_computer=session.on_shared_computer(request),
        )

    @post("/format/{name:str}")
    async def choose_format(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str], name: FromPath[str],
    ) -> Redirect:
        """Choose BSL, Easy Read or standard for the whole response; answers are kept.
        A form, not a link: it changes the response, so another site cannot do it by linking here."""
        questionnaire_or_404(banks, questionnaire_id)
        if name not in FORMATS:
            raise NotFoundException()
        return_ = return_to(form_values(await request.form()))
        session.choose_format(request, questionnaire_id, name)
        rid = session.response_id(request, questionnaire_id)
        record = await responses.get(rid) if rid else None
        if record is not None and not record.submitted and record.questionnaire_id == questionnaire_id:
            await responses.set_format(record.id, name)
        back = return_ if return_ and return_.startswith(f"/s/{questionnaire_id}") and "//" not in return_ else None
        return Redirect(back or urls(questionnaire_id).start, status_code=303)

    @get("/delete")
    async def delete_page(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        current = await current_response(request, banks, questionnaire_id)
        return page(
            request,
            "delete.html",
            questionnaire=current.questionnaire,
            delete_action=urls(questionnaire_id).delete,
            cancel_url=where_next(urls(questionnaire_id), current.journey),
        )

    @post("/delete")
    async def delete(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Redirect:
        """Delete this person's unfinished answers, and any videos of them signing."""
        current = await current_response(request, banks, questionnaire_id)
        videos.remove(request.app.state.settings.uploads, await responses.delete_in_progress(current.record.id) or [])
        session.forget(request, questionnaire_id)
        return Redirect(urls(questionnaire_id).deleted, status_code=303)

    @get("/deleted")
    async def deleted(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        return page(request, "deleted.html", questionnaire=questionnaire_or_404(banks, questionnaire_id))

    @get("/resume")
    async def resume_page(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        return _resume_form(request, questionnaire_or_404(banks, questionnaire_id))

    @post("/resume")
    async def resume(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        if await request.app.state.schedule.closed_message(questionnaire_id):
            return Redirect(urls(questionnaire_id).start, status_code=303)
        form = form_values(await request.form())
        if set(form) - {"code", "_csrf_token"}:
            raise BadForm("unexpected fields")
        typed = (form.get("code") or [""])[0].strip()
        if not typed:
            return _resume_form(request, questionnaire, typed, _("Enter your code"))
        normalised = codes.normalise(typed)
        if normalised is None:
            return _resume_form(
                request, questionnaire, typed, _("Enter the code exactly as you were given it: 12 letters and numbers, like 7KQP-M4XW-HR9C")
            )
        settings = request.app.state.settings
        window = dt.timedelta(seconds=settings.resume_window_seconds)
        client = client_key(request)
        # Counted before the code is looked up, in one statement, so guesses
        # sent at once cannot all slip in under the limit.
        if not await throttle.attempt(client, settings.resume_attempts, window):
            minutes = max(settings.resume_window_seconds // 60, 1)
            return _resume_form(
                request, questionnaire, typed,
                _("You have tried too many codes. Wait %(minutes)s minutes, then try again", minutes=minutes),
                status_code=429,
            )
        record = await responses.find_by_resume_code(questionnaire_id, codes.code_hash(normalised))
        if record is None:
            return _resume_form(
                request, questionnaire, typed, _("We could not find answers for that code. Check it and try again")
            )
        await throttle.succeeded(client)
        if record.submitted:
            # Sent already: its confirmation, never its answers.
            session.sent(request, questionnaire_id, record.reference or "", record.questionnaire_version, record.format)
            return Redirect(urls(questionnaire_id).done, status_code=303)
        session.remember(request, questionnaire_id, record.id, codes.group(normalised))
        resumed = await banks.version(questionnaire_id, record.questionnaire_version)
        assert resumed is not None
        return Redirect(where_next(urls(questionnaire_id), Journey(resumed, record.answers)), status_code=303)


def client_key(request: Request[Any, Any, Any]) -> str:
    """A keyed hash of the client's address: counts attempts without keeping the address."""
    address = request.client.host if request.client else "unknown"
    secret = request.app.state.settings.secret_key.encode()
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()


def _resume_form(
    request: Request[Any, Any, Any],
    questionnaire: Questionnaire,
    typed: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Template:
    links = urls(questionnaire.id)
    return page(
        request,
        "resume.html",
        questionnaire=questionnaire,
        errors=[{"target": "code", "message": error}] if error else [],
        code_value=typed,
        code_error=error,
        resume_action=links.resume,
        start_url=links.start,
        status_code=status_code,
    )
