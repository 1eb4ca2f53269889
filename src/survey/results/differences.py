"""Gaps between groups on a question's summary figure, with 95% confidence
intervals, for checking against the target of keeping gaps within a few
percentage points."""

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


def _size(row: Row, table: Table) -> float:
    """The sample size the uncertainty rests on: the effective base when weighted."""
    return row.effective_base if table.weighted and row.effective_base else float(row.base.count)


def gaps(table: Table, target: float) -> list[Gap]:
    """Every pair of groups (one breakdown) with both figures published,
    largest gap first."""
    rows = [row for row in table.rows if row.known and share(row, table) is not None]
    found = []
    for first, second in itertools.combinations(rows, 2):
        p1, p2 = share(first, table) / 100, share(second, table) / 100
        if p1 < p2:
            first, second, p1, p2 = second, first, p2, p1
        error = Z_95 * math.sqrt(p1 * (1 - p1) / _size(first, table) + p2 * (1 - p2) / _size(second, table))
        points = 100 * (p1 - p2)
        found.append(Gap(first, second, 100 * p1, 100 * p2, points, points - 100 * error, points + 100 * error, points > target))
    return sorted(found, key=lambda gap: -gap.points)
