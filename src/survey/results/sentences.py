"""The sentence above each table, written from the figures in it."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from ..services.i18n import gettext as _
from .tables import Row, Table


def percent(value: float | None) -> str:
    """A percentage as shown everywhere: whole numbers, halves rounded up.
    In decimals, after dropping what is past the ninth place: a weighted
    62.5 computed as 62.49999999999999 is a half, and shown as 63."""
    if value is None:
        return "[c]"
    exact = Decimal(value).quantize(Decimal("1e-9"), rounding=ROUND_HALF_EVEN)
    return f"{exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def points(value: float) -> str:
    """Percentage points, whole, halves rounded away from zero (as percentages are)."""
    exact = Decimal(value).quantize(Decimal("1e-9"), rounding=ROUND_HALF_EVEN)
    return str(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share(row: Row, table: Table) -> float | None:
    """The row's summary figure: weighted when the table is."""
    if row.indicator is None:
        return None
    return row.indicator.weighted if table.weighted else row.indicator.percent


def summary(table: Table) -> str:
    says = table.summary.says
    groups = [row for row in table.rows if row.known and share(row, table) is not None]
    overall = share(table.overall, table)
    if table.groupings and len(groups) >= 2:
        ordered = sorted(groups, key=lambda row: -share(row, table))
        if len(groups) == 2:
            first, second = groups
            text = _(
                "%(first)s of %(first_group)s %(says)s, compared with %(second)s of %(second_group)s.",
                first=percent(share(first, table)), first_group=first.respondents, says=says,
                second=percent(share(second, table)), second_group=second.respondents,
            )
        else:
            high, low = ordered[0], ordered[-1]
            text = _(
                "%(high)s of %(high_group)s %(says)s, the most of the groups shown, compared with %(low)s of %(low_group)s, the fewest.",
                high=percent(share(high, table)), high_group=high.respondents, says=says,
                low=percent(share(low, table)), low_group=low.respondents,
            )
    elif overall is not None:
        text = _("%(overall)s of respondents %(says)s.", overall=percent(overall), says=says)
    else:
        return _("There are not enough answers to this question to publish figures.")
    if any(row.known and share(row, table) is None for row in table.rows):
        text += " " + _("Figures for some groups are not shown, to protect the privacy of the people in them.")
    return text


def source(counted: str, weighted: bool) -> str:
    """Where a page's figures come from, said beside them."""
    if counted == "sample":
        return _("These figures come from the random sample: people at addresses chosen at random, who answered with the "
                 "access code in their letter. Each answer is weighted by the chance of its address being chosen.")
    if counted == "both":
        return _("These figures come from the random sample and the survey’s open link together. The open link lets "
                 "anyone answer, so the figures stand for the people who answered, not for everyone.")
    return _("These figures come from the people who answered through the survey’s open link. Anyone could answer, "
             "so the figures stand for the people who answered, not for everyone.") + (
        " " + _("Weighting makes them closer to the population, but cannot make up for who chose to take part.") if weighted else "")

