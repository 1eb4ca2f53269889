"""The open-data bundle as a Frictionless Tabular Data Package: a
``datapackage.json`` describing every table (its fields and their types,
"[c]" as the marker of a hidden figure, the licence and the source), and a
README in plain English and in Easy Read, so the files explain themselves
to a tool and to a person."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..services.i18n import gettext as _
from .tables import Results, Table

#: What a hidden figure is written as, in every table.
HIDDEN = "[c]"
#: What a column of a table holds.
TEXT, COUNT, PERCENT = "text", "count", "percent"
#: A table's file, the table, and each column's heading and kind.
Described = tuple[str, Table, list[tuple[str, str]]]


def _name(path: str) -> str:
    """A resource's name: its file's, in the characters Frictionless allows."""
    return re.sub(r"[^a-z0-9._-]", "-", path.rsplit("/", 1)[-1].removesuffix(".csv").lower())


def _field(heading: str, kind: str) -> dict[str, Any]:
    if kind == COUNT:
        # Counts are shown as on the pages: "1,234", rounded to the bank's multiple.
        return {"name": heading, "type": "integer", "groupChar": ","}
    if kind == PERCENT:
        return {"name": heading, "type": "number", "bareNumber": False, "unit": "percent"}
    return {"name": heading, "type": "string"}


def _table_title(table: Table) -> str:
    question = table.closed.question.title
    if not table.groupings:
        return question
    return _("%(question)s, by %(groups)s", question=question, groups=_(" and ").join(g.label for g in table.groupings))


def descriptor(results: Results, tables: list[Described], source: str) -> dict[str, Any]:
    """``source``: which responses the figures count, in words."""
    questionnaire = results.questionnaire
    licence = results.settings.licence
    return {
        "profile": "tabular-data-package",
        "name": _name(f"{questionnaire.id}-results"),
        "title": _("%(title)s: results", title=questionnaire.title),
        "description": _("Published results of %(title)s, run by %(organisation)s: for each question, the share of respondents "
                         "giving each answer, overall and by each group. Counts are rounded to the nearest %(rounding)s and a "
                         "figure that could identify someone is shown as %(hidden)s.",
                         title=questionnaire.title, organisation=questionnaire.organisation,
                         rounding=results.settings.rounding, hidden=HIDDEN),
        "version": questionnaire.version,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "licenses": [{"name": licence.name, "title": licence.title, "path": licence.path}],
        "sources": [{"title": _("%(title)s (%(source)s), run by %(organisation)s", title=questionnaire.title,
                                organisation=questionnaire.organisation, source=source)}],
        "contributors": [{"title": questionnaire.organisation, "role": "publisher"}],
        "resources": [
            {
                "name": _name(path),
                "path": path,
                "profile": "tabular-data-resource",
                "title": _table_title(table),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [_field(heading, kind) for heading, kind in columns],
                    "missingValues": ["", HIDDEN],
                },
            }
            for path, table, columns in tables
        ],
    }


def readme(results: Results) -> str:
    questionnaire = results.questionnaire
    settings = results.settings
    licence = settings.licence
    return "\n".join([
        f"# {_('%(title)s: results', title=questionnaire.title)}",
        "",
        _("These files hold the published results of %(title)s, run by %(organisation)s.",
          title=questionnaire.title, organisation=questionnaire.organisation),
        "",
        f"## {_('What is here')}",
        "",
        "- " + _("`tables/`: one CSV file per question, overall and by each group of respondents (and each pair of groups). "
                 "Each row is a group: how many answered, and the share giving each answer."),
        "- " + _("`datapackage.json`: a description of every table for software (a Frictionless Data Package)."),
        "- " + _("`codebook.json`: the questions, their answers and the groups."),
        "- " + _("`methodology.md`: who was asked, how the figures are worked out, and how far they can be trusted."),
        "",
        f"## {_('Keeping people safe')}",
        "",
        _("Counts are rounded to the nearest %(rounding)s. A figure from fewer than %(minimum)s people, or one that would let "
          "someone work such a figure out, is shown as %(hidden)s instead.",
          rounding=settings.rounding, minimum=settings.minimum_count, hidden=HIDDEN),
        "",
        f"## {_('Licence')}",
        "",
        _("You may use these files under the %(licence)s: %(path)s. Say that the data comes from %(organisation)s.",
          licence=licence.title, path=licence.path, organisation=questionnaire.organisation),
        "",
        f"## {_('In Easy Read')}",
        "",
        "- " + _("These files show what people said in a survey."),
        "- " + _("There is one file for each question."),
        "- " + _("We never show answers that could tell you who someone is."),
        "- " + _("Where a number is hidden, you see %(hidden)s.", hidden=HIDDEN),
        "- " + _("You can use these files. Say where they came from."),
        "",
    ])
