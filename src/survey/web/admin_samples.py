"""The admin page for a questionnaire's sample: who may answer (open link,
access codes, or both), each wave's outcomes and AAPOR rates, and recording a
case's outcome by hand (a returned letter, a refusal on the doorstep). Changes
are audited."""

from __future__ import annotations

import contextvars
import io
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlencode
from typing import Annotated, Any

import anyio.to_thread

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from ..questionnaire import Questionnaire
from ..sampling.dispositions import DISPOSITIONS, RECORDABLE
from ..sampling.boroughs import NAMES
from ..sampling.rates import RATE_NAMES
from ..services import fieldwork, samples
from ..services.banks import Banks
from ..services.collection import mode_label
from ..services.i18n import gettext as _
from ..storage import accounts, audit
from ..storage import fieldwork as sample_fieldwork
from ..storage import samples as sample_cases
from ..storage.schedule import Window
from .forms import form_values
from .letters import KINDS, LettersRefused, recipients_of, write
from .opening import schedule_of
from .render import BadForm, page
from .staff import requires, signed_in

ACCESS = ("open", "both", "sample")
#: Letters this page makes while someone waits (about a minute of PDF making);
#: more are for ``survey letters``, which can run in the background.
DOWNLOAD_LIMIT = 500


class AdminSamplesController(Controller):
    path = "/admin/questionnaires/{questionnaire_id:str}/sample"
    guards = [requires("admin")]

    @get("/")
    async def sample_page(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str],
        recorded: Annotated[str | None, QueryParameter(max_length=60)] = None,
        added: Annotated[str | None, QueryParameter(max_length=60)] = None,
        wave: Annotated[int | None, QueryParameter(ge=1, le=10_000)] = None,
        assigned: Annotated[int | None, QueryParameter(ge=0)] = None,
        to: Annotated[str | None, QueryParameter(max_length=254)] = None,
    ) -> Template:
        return await _page(request, banks, _questionnaire(banks, questionnaire_id), recorded=recorded,
                           added=(wave, added) if added and wave else None,
                           assigned={"count": assigned, "worker": to} if assigned is not None and to else None)

    @post("/person")
    async def add_person(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        """A private code for someone else at a sampled address, who asked for their own."""
        questionnaire = _questionnaire(banks, questionnaire_id)
        form = {key: values[0].strip() for key, values in form_values(await request.form()).items() if values}
        if set(form) - {"wave", "reference", "_csrf_token"}:
            raise BadForm("unexpected fields")
        wave = int(form["wave"]) if form.get("wave", "").isdigit() else None
        kept = {f"person-{key}": value for key, value in form.items()}  # this form's fields, apart from the outcome form's
        if wave is None:
            return await _page(request, banks, questionnaire, form=kept, errors={"person-wave": _("Enter the wave as a number, like 1")})
        if not form.get("reference"):
            return await _page(request, banks, questionnaire, form=kept,
                               errors={"person-reference": _("Enter the case reference, as it is in the sample file")})
        me = signed_in(request)
        try:
            case = await samples.add_person(request.app.state.settings.secret_key, questionnaire_id, wave, form["reference"], me.email, me.id)
        except samples.SampleRefused:
            return await _page(request, banks, questionnaire, form=kept, errors={
                "person-reference": _("Wave %(wave)s has no case with that reference, or its address has been deleted", wave=wave),
            })
        return Redirect(f"/admin/questionnaires/{questionnaire_id}/sample?{urlencode({'wave': wave, 'added': case.reference})}", status_code=303)

    @post("/access")
    async def set_access(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire = _questionnaire(banks, questionnaire_id)
        form = {key: values[0] for key, values in form_values(await request.form()).items() if values}
        if set(form) - {"access", "_csrf_token"}:
            raise BadForm("unexpected fields")
        access = form.get("access", "")
        if access not in ACCESS:
            return await _page(request, banks, questionnaire, errors={"access": _("Select who may answer")})
        if access != "open" and not await sample_cases.has_sample(questionnaire_id):
            return await _page(request, banks, questionnaire, errors={
                "access": _("Import or draw a sample before access codes can open this survey"),
            })
        schedule = schedule_of(request)
        kept = await schedule.window(questionnaire_id)
        await schedule.set(questionnaire_id, Window(kept.opens_at, kept.closes_at, access))
        me = signed_in(request)
        await audit.record("questionnaire_access_set", me.email, me.id, "questionnaire", questionnaire_id, access=access)
        return Redirect(f"/admin/questionnaires/{questionnaire_id}/sample", status_code=303)

    @post("/assign")
    async def assign(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        """Assign a wave's cases in a borough, or one case, to a community worker."""
        questionnaire = _questionnaire(banks, questionnaire_id)
        form = {key: values[0].strip() for key, values in form_values(await request.form()).items() if values}
        if set(form) - {"wave", "borough", "reference", "worker", "_csrf_token"}:
            raise BadForm("unexpected fields")
        kept = {f"assign-{key}": value for key, value in form.items()}
        errors: dict[str, str] = {}
        wave = int(form["wave"]) if form.get("wave", "").isdigit() else None
        if wave is None:
            errors["assign-wave"] = _("Enter the wave as a number, like 1")
        if not form.get("borough") and not form.get("reference"):
            errors["assign-borough"] = _("Select a borough, or enter the reference of one case")
        workers = {str(w.id): w for w in await _workers()}
        worker = workers.get(form.get("worker", ""))
        if worker is None:
            errors["assign-worker"] = _("Select the community worker")
        if errors:
            return await _page(request, banks, questionnaire, form=kept, errors=errors)
        assert wave is not None and worker is not None
        me = signed_in(request)
        if form.get("borough"):
            count = await fieldwork.assign_borough(questionnaire_id, wave, form["borough"], worker.id, worker.email, me.email, me.id)
        else:
            case = await fieldwork.assign_case(questionnaire_id, wave, form["reference"], worker.id, worker.email, me.email, me.id)
            if case is None:
                return await _page(request, banks, questionnaire, form=kept, errors={
                    "assign-reference": _("Wave %(wave)s has no case with that reference", wave=wave)})
            count = 1
        return Redirect(f"/admin/questionnaires/{questionnaire_id}/sample?{urlencode({'assigned': count, 'to': worker.email})}#assign-heading",
                        status_code=303)

    @post("/outcome")
    async def record_outcome(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template | Redirect:
        questionnaire = _questionnaire(banks, questionnaire_id)
        form = {key: values[0].strip() for key, values in form_values(await request.form()).items() if values}
        if set(form) - {"wave", "reference", "disposition", "how", "_csrf_token"}:
            raise BadForm("unexpected fields")
        errors: dict[str, str] = {}
        wave = int(form["wave"]) if form.get("wave", "").isdigit() else None
        if wave is None:
            errors["wave"] = _("Enter the wave as a number, like 1")
        if not form.get("reference"):
            errors["reference"] = _("Enter the case reference, as it is in the sample file")
        if form.get("disposition") not in RECORDABLE:
            errors["disposition"] = _("Select the outcome")
        if not form.get("how"):
            errors["how"] = _("Enter how you found out, for example “letter returned” or “refused on the doorstep”")
        elif len(form["how"]) > 200:
            errors["how"] = _("How you found out must be 200 characters or fewer")
        if not errors:
            assert wave is not None
            if await sample_cases.find(questionnaire_id, wave, form["reference"]) is None:
                errors["reference"] = _("Wave %(wave)s has no case with that reference", wave=wave)
        if errors:
            return await _page(request, banks, questionnaire, form=form, errors=errors)
        me = signed_in(request)
        assert wave is not None
        await samples.record_outcome(questionnaire_id, wave, form["reference"], form["disposition"], form["how"], me.email, me.id)
        return Redirect(f"/admin/questionnaires/{questionnaire_id}/sample?recorded={form['reference'][:60]}", status_code=303)


    @get("/letters")
    async def letters(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str],
        wave: Annotated[int, QueryParameter(ge=1, le=10_000)], kind: Annotated[str, QueryParameter(max_length=20)] = "invitation",
        reference: Annotated[str | None, QueryParameter(max_length=60)] = None,
    ) -> Response[bytes] | Template:
        """Every file of a wave's letters, in one zip: the same files ``survey letters`` writes."""
        questionnaire = _questionnaire(banks, questionnaire_id)
        if kind not in KINDS:
            raise NotFoundException()
        settings = request.app.state.settings
        cases = await samples.letter_cases(questionnaire_id, wave, kind, banks)
        if reference is not None:
            cases = [(case, address) for case, address in cases if case.reference == reference]
        if len(cases) > DOWNLOAD_LIMIT:
            return await _page(request, banks, questionnaire, errors={"letters": _(
                "Wave %(wave)s has %(count)s letters to make, more than the %(limit)s this page makes at once: "
                "use the command survey letters on the server", wave=wave, count=len(cases), limit=DOWNLOAD_LIMIT)})
        recipients = recipients_of(settings.secret_key, cases)
        public_url = settings.public_url or str(request.base_url).rstrip("/")
        env = request.app.state.jinja

        def make() -> bytes:
            # Its own copy of the request's context: each group of letters switches the language.
            return contextvars.copy_context().run(_zipped, env, banks, questionnaire, wave, kind, recipients, public_url)

        try:
            body = await anyio.to_thread.run_sync(make)
        except LettersRefused as exc:
            return await _page(request, banks, questionnaire, errors={"letters": str(exc)})
        me = signed_in(request)
        await audit.record("letters_downloaded", me.email, me.id, "questionnaire", questionnaire_id, wave=wave, kind=kind,
                           letters=len(recipients))
        name = f"{questionnaire_id}-wave-{wave}-{kind}-letters.zip" if reference is None else f"{questionnaire_id}-wave-{wave}-{kind}-letter.zip"
        return Response(body, media_type="application/zip", headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _zipped(env, banks: Banks, questionnaire: Questionnaire, wave: int, kind: str, recipients: list, public_url: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="survey-letters-") as folder:
        written = write(env, banks, questionnaire, wave, kind, recipients, Path(folder), public_url)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in written:
                archive.write(item.path, item.path.name)
        return buffer.getvalue()


async def _workers() -> list:
    return [a for a in await accounts.everyone() if "worker" in a.roles and not a.disabled]


def _questionnaire(banks: Banks, questionnaire_id: str) -> Questionnaire:
    questionnaire = banks.get(questionnaire_id)
    if questionnaire is None:
        raise NotFoundException()
    return questionnaire


async def _page(
    request: Request[Any, Any, Any], banks: Banks, questionnaire: Questionnaire, *,
    form: dict[str, str] | None = None, errors: dict[str, str] | None = None, recorded: str | None = None,
    added: tuple[int, str] | None = None, assigned: dict[str, Any] | None = None,
) -> Template:
    status = await samples.status(questionnaire.id, banks)
    return page(
        request,
        "admin/sample.html",
        questionnaire=questionnaire,
        access=(await schedule_of(request).window(questionnaire.id)).access,
        waves=await sample_cases.waves(questionnaire.id),
        report=samples.report(status),
        rate_names=RATE_NAMES,
        mode_label=mode_label,
        dispositions=DISPOSITIONS,
        recordable=RECORDABLE,
        form=form or {},
        field_errors=errors or {},
        errors=[{"target": {"access": "access-open", "letters": "letters-wave"}.get(name, name), "message": text}
                for name, text in (errors or {}).items()],
        recorded=recorded,
        assigned=assigned,
        workers=await _workers(),
        boroughs=[(code, NAMES.get(code, code)) for code in await sample_fieldwork.boroughs(questionnaire.id)],
        added={"wave": added[0], "reference": added[1], "letter": f"/admin/questionnaires/{questionnaire.id}/sample/letters?"
               + urlencode({"wave": added[0], "kind": "invitation", "reference": added[1]})} if added else None,
        status_code=400 if errors else 200,
    )
