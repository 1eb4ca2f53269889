"""Public results pages: anyone may read them once an admin publishes a
questionnaire's results. Every figure has been through disclosure control."""

from __future__ import annotations

import time

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from ..services.banks import Banks
from ..services.i18n import gettext as _
from ..questionnaire import Questionnaire
from ..results import charts, differences, methodology, opendata, sentences
from ..results.suppression import round_to
from ..results.tables import Results
from ..services import samples
from ..storage import samples as sample_cases
from .render import error_page, page
from .results_state import public_results

Choice = Annotated[str | None, QueryParameter(max_length=40)]
#: How long to wait before asking again for open data being prepared.
RETRY_AFTER_SECONDS = 120


async def _public(request: Request[Any, Any, Any], banks: Banks, questionnaire_id: str) -> Questionnaire:
    questionnaire = banks.get(questionnaire_id)
    if questionnaire is None or not await public_results(request).is_public(questionnaire_id):
        raise NotFoundException()
    return questionnaire


def _breakdowns(questionnaire: Questionnaire, by: str | None, also: str | None) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """The breakdowns asked for, or the errors to show on the form."""
    known = {b.id for b in questionnaire.results.breakdowns}
    errors = []
    if by and by not in known:
        errors.append({"target": "by", "message": _("Select a way to break down the results from the list")})
    if also and also not in known:
        errors.append({"target": "also", "message": _("Select a second way to break down the results from the list")})
    elif also and not by:
        errors.append({"target": "by", "message": _("Select the first way to break down the results, or remove the second")})
    elif also and also == by:
        errors.append({"target": "also", "message": _("Select a second way to break down the results that is different from the first")})
    if errors:
        return (), errors
    return tuple(b for b in (by, also) if b), []


class PublicResultsController(Controller):
    path = "/results"

    @get("/")
    async def index(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks]) -> Template:
        state = public_results(request)
        shown = [q for q in banks if await state.is_public(q.id)]
        return page(request, "results/index.html", questionnaires=shown)

    @get("/{questionnaire_id:str}")
    async def overview(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        questionnaire = await _public(request, banks, questionnaire_id)
        state = public_results(request)
        results = await state.results(questionnaire)
        items = []
        for closed_id, closed in results.closed.items():
            table = await state.table(questionnaire, closed_id, ())
            items.append({"closed": closed, "sentence": sentences.summary(table)})
        # Rounded as the tables' counts are: an exact total beside rounded bases
        # would let a reader take one away from the other.
        rounding = questionnaire.results.rounding
        answered = round_to(results.dataset.size, rounding) if rounding > 1 else results.dataset.size
        return page(request, "results/overview.html", questionnaire=questionnaire, results=results, items=items,
                    answered=answered, rounded=rounding > 1, source=_source(results))

    @get("/{questionnaire_id:str}/questions/{question_id:str}")
    async def question(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks],
        questionnaire_id: FromPath[str], question_id: FromPath[str], by: Choice = None, also: Choice = None,
    ) -> Template:
        questionnaire = await _public(request, banks, questionnaire_id)
        state = public_results(request)
        results = await state.results(questionnaire)
        if question_id not in results.closed:
            raise NotFoundException()
        chosen, errors = _breakdowns(questionnaire, by, also)
        table = await state.table(questionnaire, question_id, chosen)
        return page(
            request, "results/question.html", questionnaire=questionnaire, results=results, table=table,
            sentence=sentences.summary(table), chart=charts.chart(table), columns=_columns(table), source=_source(results),
            by=by or "", also=also or "", errors=errors, status_code=400 if errors else 200, wide=True, needs_htmx=True,
            swapped="hx-request" in request.headers,
            csv_url=request.url.path + "/table.csv" + (f"?{request.url.query}" if request.url.query and not errors else ""),
        )

    @get("/{questionnaire_id:str}/questions/{question_id:str}/table.csv")
    async def question_csv(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks],
        questionnaire_id: FromPath[str], question_id: FromPath[str], by: Choice = None, also: Choice = None,
    ) -> Response[str]:
        questionnaire = await _public(request, banks, questionnaire_id)
        state = public_results(request)
        if question_id not in (await state.results(questionnaire)).closed:
            raise NotFoundException()
        chosen, errors = _breakdowns(questionnaire, by, also)
        if errors:
            return Response(errors[0]["message"] + "\n", status_code=400, media_type="text/plain; charset=utf-8")
        table = await state.table(questionnaire, question_id, chosen)
        name = f"{questionnaire.id}-{opendata.file_name(question_id, chosen)}"
        return Response(
            opendata.csv_text(table), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @get("/{questionnaire_id:str}/differences")
    async def gaps(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str], by: Choice = None,
    ) -> Template:
        questionnaire = await _public(request, banks, questionnaire_id)
        chosen, errors = _breakdowns(questionnaire, by, None)
        breakdowns = questionnaire.results.breakdowns
        chosen = chosen or ((breakdowns[0].id,) if breakdowns else ())
        state = public_results(request)
        results = await state.results(questionnaire)
        sections = []
        for question_id in questionnaire.results.indicators:
            if question_id in results.closed and chosen:
                table = await state.table(questionnaire, question_id, chosen)
                sections.append({"table": table, "gaps": differences.gaps(table, questionnaire.results.gap_target)})
        return page(
            request, "results/differences.html", questionnaire=questionnaire, sections=sections, by=chosen[0] if chosen else "",
            source=_source(results),
            target=questionnaire.results.gap_target, errors=errors, status_code=400 if errors else 200, wide=True,
        )

    @get("/{questionnaire_id:str}/methodology")
    async def method(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        questionnaire = await _public(request, banks, questionnaire_id)
        sample = await _sample_report(request, banks, questionnaire_id)
        dataset = (await public_results(request).results(questionnaire)).dataset
        return page(
            request, "results/methodology.html", questionnaire=questionnaire,
            sections=methodology.plain(questionnaire, sample, dataset.source, dataset.flagged_left_out), easy_read=[s for s in methodology.easy_read(questionnaire) if s],
        )

    @get("/{questionnaire_id:str}/open-data.zip")
    async def open_data(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Response[Any]:
        questionnaire = await _public(request, banks, questionnaire_id)
        content = await public_results(request).bundle(questionnaire)
        if content is None:
            # Never built while someone waits: the first build has started behind this page.
            prepared = error_page(
                request, 503, _("The open data is being prepared"),
                [_("Every table is being checked so that nobody can be identified from it. This takes a few minutes."),
                 _("Try the download again in a few minutes.")],
                (f"/results/{questionnaire.id}", _("Go back to the results")),
            )
            prepared.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return prepared
        return Response(
            content, media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{questionnaire.id}-results.zip"'},
        )


def _source(results: Results) -> str:
    return sentences.source(results.dataset.source, results.weighted)


def _columns(table) -> dict[str, list]:
    """The page's tables, built from the same columns as the CSV download."""
    percentages = opendata.percentage_columns(table, table.weighted)
    return {
        "groups": opendata.group_columns(table),
        "percent": percentages + opendata.base_columns(table),
        "unweighted": opendata.percentage_columns(table, False) if table.weighted else [],
        "counts": opendata.count_columns(table) + opendata.base_columns(table)[:1],
    }


async def _sample_report(request: Request[Any, Any, Any], banks: Banks, questionnaire_id: str) -> dict | None:
    """A questionnaire's sample and response rates, worked out at most every
    SURVEY_RESULTS_REFRESH_SECONDS, like the figures (None without a sample)."""
    kept = request.app.state.get("sample_reports")
    if kept is None:
        kept = request.app.state["sample_reports"] = {}
    at, report = kept.get(questionnaire_id, (float("-inf"), None))
    if time.monotonic() - at > request.app.state.settings.results_refresh_seconds:
        report = samples.report(await samples.status(questionnaire_id, banks)) if await sample_cases.has_sample(questionnaire_id) else None
        kept[questionnaire_id] = (time.monotonic(), report)
    return report
