"""Gaps between groups on a question's summary figure, with 95% confidence
intervals, for checking against the target of keeping gaps within a few
percentage points.

The interval is Newcombe's hybrid score interval (his method 10, 1998): each
group's Wilson score interval, combined. Unlike the normal approximation it
stays sensible for small groups and figures near 0 or 100%. When a table is
weighted, each group's effective base stands for its sample size."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from .sentences import share
from .tables import Row, Table

Z_95 = 1.959964


@dataclass(frozen=True)
class Gap:
    first: Row
    second: Row
    first_share: float  # percentages
    second_share: float
    points: float  # first minus second
    low: float
    high: float
    over_target: bool

    @property
    def significant(self) -> bool:
        return self.low > 0 or self.high < 0

    @property
    def verdict(self) -> str:
        """"over", "over_not_significant" (over the target, but it may be
        down to chance), "within"."""
        if not self.over_target:
            return "within"
        return "over" if self.significant else "over_not_significant"


def _size(row: Row, table: Table) -> float:
    """The sample size the uncertainty rests on, as published (rounded, so
    the interval gives away no more than the tables): the effective base
    when weighted."""
    if table.weighted and row.effective_base:
        return row.effective_base
    return float(row.base.shown or row.base.count)


def wilson(p: float, n: float, z: float = Z_95) -> tuple[float, float]:
    """Wilson's score interval for a proportion ``p`` of ``n``."""
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(p1: float, n1: float, p2: float, n2: float) -> tuple[float, float]:
    """Newcombe's hybrid score interval for ``p1 - p2``."""
    l1, u1 = wilson(p1, n1)
    l2, u2 = wilson(p2, n2)
    difference = p1 - p2
    return difference - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), difference + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def gaps(table: Table, target: float) -> list[Gap]:
    """Every pair of groups (one breakdown) with both figures published,
    largest gap first."""
    rows = [row for row in table.rows if row.known and share(row, table) is not None]
    found = []
    for first, second in itertools.combinations(rows, 2):
        p1, p2 = share(first, table) / 100, share(second, table) / 100
        if p1 < p2:
            first, second, p1, p2 = second, first, p2, p1
        low, high = newcombe(p1, _size(first, table), p2, _size(second, table))
        points = 100 * (p1 - p2)
        found.append(Gap(first, second, 100 * p1, 100 * p2, points, 100 * low, 100 * high, points > target))
    return sorted(found, key=lambda gap: -gap.points)
