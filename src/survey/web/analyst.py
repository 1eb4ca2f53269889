"""The analysts' page: every questionnaire version with its count of sent
responses, and an anonymised export of any of them, downloaded as a zip of
the data files, codebook and risk report."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from litestar import Controller, Request, get, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import File, Template

from ..services.banks import Banks
from ..export.run import FILE_FORMATS, Options, export
from ..services.i18n import gettext as _
from ..storage import audit, exporting
from ..storage.sealing import SealError
from .dates import read_date
from .forms import form_values
from .render import BadForm, error_page, page
from .staff import requires, signed_in

_FIELDS = {"questionnaire", "version", "format", "k", "include_free_text", "since-day", "since-month", "since-year", "_csrf_token"}


async def _rows(banks: Banks) -> list[dict[str, Any]]:
    counts = await exporting.submitted_counts()
    rows = []
    for questionnaire in banks:
        versions = sorted({v for (qid, v) in counts if qid == questionnaire.id} | {questionnaire.version}, reverse=True)
        rows.append({"questionnaire": questionnaire, "versions": [(v, counts.get((questionnaire.id, v), 0)) for v in versions]})
    return rows


class AnalystController(Controller):
    path = "/analyst"
    guards = [requires("analyst")]

    @get("/")
    async def home(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks]) -> Template:
        return page(request, "analyst/home.html", rows=await _rows(banks), formats=FILE_FORMATS, failed=None, values={}, field_errors={})

    @post("/export", status_code=200)
    async def download(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks]) -> File | Template:
        form = {key: values[0] for key, values in form_values(await request.form()).items() if values}
        if set(form) - _FIELDS:
            raise BadForm("unexpected fields")
        current = banks.get(form.get("questionnaire", ""))
        if current is None:
            raise NotFoundException()
        questionnaire = await banks.version(current.id, form.get("version") or current.version)
        if questionnaire is None:
            raise NotFoundException()
        fmt = form.get("format", "all")
        if fmt not in (*FILE_FORMATS, "all"):
            raise BadForm("unknown format")
        errors = []
        try:
            k = int(form.get("k") or questionnaire.disclosure.k)
            if not 2 <= k <= 100:
                raise ValueError
        except ValueError:
            errors.append(("k", _("Enter a whole number from 2 to 100 for k")))
            k = questionnaire.disclosure.k
        since, message, box = read_date(form, "since")
        if message:
            errors.append((f"since-{box}", message))
        if errors:
            # The whole page again, this form as it was sent, each message beside its field.
            return page(request, "analyst/home.html", status_code=400, rows=await _rows(banks), formats=FILE_FORMATS,
                        failed=current.id, values=form, field_errors={field.split("-")[0]: text for field, text in errors},
                        errors=[{"target": f"{field}-{current.id}", "message": text} for field, text in errors])
        options = Options(formats=FILE_FORMATS if fmt == "all" else (fmt,), k=k, include_free_text="include_free_text" in form, since=since)
        work = Path(tempfile.mkdtemp(prefix="survey-export-"))
        name = f"{questionnaire.id}-{questionnaire.version}"
        # Free text is redacted; the log of what was redacted stays on the server, never in the download.
        try:
            outcome = await export(questionnaire, work / name, options, redaction_log=None)
        except SealError:
            shutil.rmtree(work, ignore_errors=True)
            return error_page(request, 500, _("The data could not be exported"), [
                _("Some answers cannot be decrypted with the encryption keys this server has: the key they were sealed "
                  "with is missing, perhaps after a restore from another system."),
                _("Ask whoever runs the server to add that key to SURVEY_ENCRYPTION_KEYS. Nothing was exported."),
            ], ("/analyst", _("Back to the data")))
        archive = work / f"{name}.zip"
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for path in outcome.files:
                bundle.write(path, f"{name}/{path.name}")
        account = signed_in(request)
        await audit.record(
            "export", account.email, account.id, "questionnaire", questionnaire.id, version=questionnaire.version,
            formats=list(options.formats), k=k, include_free_text=options.include_free_text, since=str(since or ""),
            rows=outcome.rows,
        )
        return File(
            path=archive,
            filename=archive.name,
            media_type="application/zip",
            background=BackgroundTask(shutil.rmtree, work, ignore_errors=True),
        )
