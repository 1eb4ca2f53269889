"""Bar charts drawn on the server as SVG: what to draw, measured in the
chart's own units. The template draws it; the table beside it always holds
the same figures."""

from __future__ import annotations

from dataclasses import dataclass

from ..services.i18n import gettext as _
from .sentences import percent, share
from .tables import Table

WIDTH = 400
BAR_HEIGHT = 20
LABEL_HEIGHT = 20
GAP = 12
BAR_SPACE = 340  # room left for the figure after the longest bar


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    y: int
    width: float  # 0 for a figure not shown


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[Bar, ...]
    height: int
    width: int = WIDTH


def chart(table: Table) -> Chart:
    """One bar per option overall; with a breakdown, one bar per group for the
    question's summary figure."""
    if table.groupings:
        title = _("Percentage of respondents who %(says)s, by %(breakdown)s",
                  says=table.summary.says, breakdown=_(" and ").join(g.label.lower() for g in table.groupings))
        items = [(", ".join(row.labels) if row.codes != ("all",) * len(row.codes) else _("All respondents"), share(row, table))
                 for row in table.rows if row.known or row is table.overall]
    else:
        title = _("Percentage of respondents giving each answer")
        overall = table.overall
        items = [(label, figure.weighted if table.weighted else figure.percent)
                 for label, figure in zip(table.option_labels, overall.figures)]
    bars = []
    for n, (label, value) in enumerate(items):
        y = n * (LABEL_HEIGHT + BAR_HEIGHT + GAP)
        bars.append(Bar(label, percent(value) if value is not None else _("[c] not shown"), y,
                        0 if value is None else round(BAR_SPACE * value / 100, 1)))
    return Chart(title, tuple(bars), len(items) * (LABEL_HEIGHT + BAR_HEIGHT + GAP))
