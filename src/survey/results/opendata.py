"""Tables as CSV, exactly as the pages show them, and the open-data bundle:
every table, a codebook and the methodology in one zip."""

from __future__ import annotations

import csv
import io
import itertools
import json
import zipfile
from collections.abc import Callable

import numpy as np

from ..services import i18n
from ..services.i18n import gettext as _
from ..questionnaire import Questionnaire
from ..services.wording import option_label
from . import datapackage
from .datapackage import COUNT, PERCENT, TEXT
from .dataset import NOT_KNOWN, Dataset
from .methodology import markdown
from .sentences import percent
from .suppression import round_to
from .tables import Key, Results, Row, Table

Column = tuple[str, Callable[[Row], str]]


def count(value: int | None) -> str:
    return "[c]" if value is None else f"{value:,}"


def effective(row: Row) -> str:
    return "[c]" if row.effective_base is None else f"{row.effective_base:,.0f}"


def group_columns(table: Table) -> list[Column]:
    if not table.groupings:
        return [(_("Respondents"), lambda row: _("All respondents"))]
    return [(g.label, lambda row, n=n: row.labels[n]) for n, g in enumerate(table.groupings)]


def percentage_columns(table: Table, weighted: bool) -> list[Column]:
    columns: list[Column] = []
    for n, label in enumerate(table.option_labels):
        columns.append((label, lambda row, n=n: percent(row.figures[n].weighted if weighted else row.figures[n].percent)))
    if table.summary.declared:
        # A summary named like one of the answers ("Yes") says so, or two columns would share a heading.
        label = table.summary.label
        if label in table.option_labels:
            label = _("%(label)s (summary)", label=label)
        columns.append((label, lambda row: percent(
            None if row.indicator is None else (row.indicator.weighted if weighted else row.indicator.percent))))
    return columns


def count_columns(table: Table) -> list[Column]:
    return [(label, lambda row, n=n: count(row.figures[n].shown)) for n, label in enumerate(table.option_labels)]


def base_columns(table: Table) -> list[Column]:
    columns: list[Column] = [(_("Base"), lambda row: count(row.base.shown))]
    if table.weighted:
        columns.append((_("Effective base"), effective))
    return columns


def typed_columns(table: Table) -> list[tuple[str, Callable[[Row], str], str]]:
    """The CSV's columns in order: heading, cell, and what kind of figure it holds."""
    columns = [(h, f, TEXT) for h, f in group_columns(table)]
    columns += [(_("%(answer)s: count", answer=h), f, COUNT) for h, f in count_columns(table)]
    columns += [(_("%(answer)s: %%", answer=h), f, PERCENT) for h, f in percentage_columns(table, False)]
    if table.weighted:
        columns += [(_("%(answer)s: weighted %%", answer=h), f, PERCENT) for h, f in percentage_columns(table, True)]
    columns += [(h, f, COUNT) for h, f in base_columns(table)]
    counted = source_label(table.source)
    columns.append((_("Source"), lambda row: counted, TEXT))
    return columns


def csv_text(table: Table) -> str:
    """One row per group; counts, percentages (and weighted percentages) of
    each answer. Hidden figures are "[c]"."""
    columns = typed_columns(table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([heading for heading, _f, _kind in columns])
    for row in table.rows:
        writer.writerow([f(row) for _h, f, _kind in columns])
    return out.getvalue()


def source_label(counted: str) -> str:
    return {"sample": _("Random sample"), "both": _("Random sample and open link")}.get(counted, _("Open link"))


def file_name(question_id: str, breakdowns: tuple[str, ...]) -> str:
    return question_id + "".join(f"__by__{b}" for b in breakdowns) + ".csv"


def codebook(results: Results) -> dict:
    settings = results.settings
    return {
        "questionnaire": {"id": results.questionnaire.id, "title": results.questionnaire.title},
        "respondents": round_to(results.dataset.size, settings.rounding) if settings.rounding > 1 else results.dataset.size,
        "respondents_rounded_to": settings.rounding,
        "source": results.dataset.source,
        "design_weights": results.dataset.design is not None,
        "flagged_left_out": results.dataset.flagged_left_out,
        "questions": [
            {
                "id": c.id,
                "text": c.question.title,
                "type": c.question.type,
                "options": {o.code: option_label(o) for o in c.options},
                "summary": (lambda i: {"label": i.label, "codes": i.codes, "says": i.says} if i else None)(
                    settings.indicators.get(c.id)),
            }
            for c in results.closed.values()
        ],
        "breakdowns": [
            {"id": g.id, "label": g.label, "groups": dict(zip(g.codes, g.labels)) | {NOT_KNOWN: _("Not known")}}
            for g in results.groupings.values()
        ],
        "disclosure_control": {
            "minimum_count": settings.minimum_count,
            "rounding": settings.rounding,
            "hidden_marker": "[c]",
            "secondary_suppression": "no hidden count can be worked out from the published totals (checked by linear programming)",
            "protection_width": settings.protection,
            "protection": "every hidden count under the minimum could be anything over a range at least protection_width wide, "
                          "given every published total of its table (checked by linear programming)",
            "effective_base": "rounded like the counts",
        },
        "weighting": [m.model_dump() for m in settings.margins],
        "gap_target_points": settings.gap_target,
    }


def bundle(results: Results) -> bytes:
    """Every question overall, by each breakdown and by each pair of breakdowns."""
    ids = list(results.groupings)
    combinations = [()] + [(b,) for b in ids] + list(itertools.combinations(ids, 2))
    tables = [(f"tables/{file_name(closed_id, breakdowns)}", results.table(closed_id, breakdowns))
              for closed_id in results.closed for breakdowns in combinations]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        described = [(path, table, [(h, kind) for h, _f, kind in typed_columns(table)]) for path, table in tables]
        package = datapackage.descriptor(results, described, source_label(results.dataset.source))
        archive.writestr("datapackage.json", json.dumps(package, indent=2, ensure_ascii=False) + "\n")
        archive.writestr("README.md", datapackage.readme(results))
        archive.writestr("methodology.md", markdown(results.questionnaire, results.dataset.source, results.dataset.flagged_left_out))
        archive.writestr("codebook.json", json.dumps(codebook(results), indent=2, ensure_ascii=False) + "\n")
        for path, table in tables:
            archive.writestr(path, csv_text(table))
    return buffer.getvalue()


def build(questionnaire: Questionnaire, dataset: Dataset, language: str, hidden: dict[Key, np.ndarray]) -> tuple[bytes, dict[Key, np.ndarray]]:
    """The bundle in ``language``, worked out from nothing but its arguments
    (so it can run in a process of its own), with every table's hidden cells
    for the caller to keep."""
    i18n.activate(language)
    results = Results(questionnaire, dataset, dict(hidden))
    return bundle(results), results.hidden
