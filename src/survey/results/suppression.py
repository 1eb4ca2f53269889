"""Cell suppression for published tables.

A table is an array of counts whose last index on each additive axis is the
total of the others. Primary suppression hides every count under the
minimum, zeros included. Secondary suppression then makes sure no line (the
cells along one axis, with their total) has exactly one hidden cell, since
that cell would be its total minus the rest; it hides the smallest other
cell that is not itself a total, and repeats until every line is safe.

Cells shown in a smaller table (the one-way margins of a two-way table) are
``fixed``: their state comes from that table and never changes here, so two
published tables never disagree about a cell.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog


class Unprotectable(Exception):
    """A line has one hidden cell and nothing else that may be hidden."""


def suppress(
    counts: np.ndarray,
    additive_axes: tuple[int, ...],
    minimum: int,
    fixed: np.ndarray | None = None,
    fixed_hidden: np.ndarray | None = None,
) -> np.ndarray:
    """The hidden cells of ``counts`` (True = hidden)."""
    fixed = np.zeros(counts.shape, dtype=bool) if fixed is None else fixed
    hidden = (counts < minimum) & ~fixed
    if fixed_hidden is not None:
        hidden |= fixed_hidden & fixed
    safe: set[tuple[int, ...]] = set()
    while True:
        _protect_lines(hidden, counts, fixed, additive_axes)
        exposed = _exposed(hidden, counts, additive_axes) or _pinned(hidden, counts, additive_axes, safe)
        if not exposed:
            return hidden
        # Hide one more cell beside the exposed one, then check again. Hiding
        # more only widens what the others could be, so "safe" cells stay safe.
        for axis in additive_axes:
            lines_hidden = np.moveaxis(hidden, axis, -1)
            where = exposed[:axis] + exposed[axis + 1:]
            line_fixed = np.moveaxis(fixed, axis, -1)[where]
            if _hide_smallest(lines_hidden[where], np.moveaxis(counts, axis, -1)[where], line_fixed, positive=True):
                break
        else:
            raise Unprotectable(f"cell {exposed} can be worked out and nothing beside it may be hidden")


def _hide_smallest(line: np.ndarray, counts: np.ndarray, fixed: np.ndarray, positive: bool = False) -> bool:
    """Hide the smallest shown cell of a line that may be hidden, preferring
    cells that are not the line's total; False when there is none."""
    free = ~line & ~fixed
    if positive:
        free &= counts > 0
    inner = free.copy()
    inner[-1] = False
    candidates = inner if inner.any() else free
    if not candidates.any():
        return False
    line[int(np.argmin(np.where(candidates, counts, np.iinfo(np.int64).max)))] = True
    return True


def _protect_lines(hidden, counts, fixed, additive_axes) -> None:
    """No line with exactly one hidden cell, and none whose hidden cells add up
    to nothing (they would all be known to be zero)."""
    changed = True
    while changed:
        changed = False
        for axis in additive_axes:
            lines_hidden = np.moveaxis(hidden, axis, -1)  # a view: writes reach ``hidden``
            lines_counts = np.moveaxis(counts, axis, -1)
            lines_fixed = np.moveaxis(fixed, axis, -1)
            hidden_sum = np.where(lines_hidden, lines_counts, 0).sum(axis=-1)
            lonely = lines_hidden.sum(axis=-1) == 1
            empty = (lines_hidden.sum(axis=-1) > 1) & (hidden_sum == 0) & ~lines_hidden[..., -1]
            for where in np.argwhere(lonely | empty):
                where = tuple(where)
                if not _hide_smallest(lines_hidden[where], lines_counts[where], lines_fixed[where], positive=bool(empty[where])):
                    if lonely[where]:
                        raise Unprotectable(f"line {where} on axis {axis} cannot be protected")
                    continue
                changed = True


def _equations(hidden: np.ndarray, counts: np.ndarray, additive_axes: tuple[int, ...]):
    """What an intruder knows: each line's hidden cells add up to its total
    less its shown cells. Returns the hidden cells, the matrix and the sums."""
    cells = [tuple(int(i) for i in c) for c in np.argwhere(hidden)]
    position = {cell: n for n, cell in enumerate(cells)}
    rows, sums = [], []
    for axis in additive_axes:
        size = counts.shape[axis]
        lines = {cell[:axis] + cell[axis + 1:] for cell in cells}
        for rest in lines:
            row = np.zeros(len(cells))
            known = 0.0
            for i in range(size):
                cell = rest[:axis] + (i,) + rest[axis:]
                sign = -1.0 if i == size - 1 else 1.0
                n = position.get(cell)
                if n is None:
                    known += sign * counts[cell]
                else:
                    row[n] = sign
            rows.append(row)
            sums.append(-known)
    return cells, np.array(rows), np.array(sums)


def _null_space(matrix: np.ndarray) -> np.ndarray:
    """Directions the hidden cells can all move in together without changing
    any published total: one per row of the result."""
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(1.0, singular.max(initial=0))).sum())
    return vt[rank:]


def _exposed(hidden: np.ndarray, counts: np.ndarray, additive_axes: tuple[int, ...]) -> tuple[int, ...] | None:
    """A hidden cell the equations alone pin down: one outside their null space."""
    cells, matrix, _ = _equations(hidden, counts, additive_axes)
    if not cells or not len(matrix):
        return None
    null = _null_space(matrix)
    free = np.linalg.norm(null, axis=0) if len(null) else np.zeros(len(cells))
    return next((cell for cell, movable in zip(cells, free) if movable < 1e-9), None)


def _pinned(hidden, counts, additive_axes, safe: set) -> tuple[int, ...] | None:
    """A hidden cell whose least and greatest possible values (no count is
    below zero) are less than one apart.

    Moving the true counts along a null-space direction until some cell hits
    zero shows a range cheaply; only cells that shows too little for get the
    exact answer by linear programming."""
    cells, matrix, sums = _equations(hidden, counts, additive_axes)
    if not cells or not len(matrix):
        return None
    truth = np.array([counts[cell] for cell in cells], dtype=float)
    for direction in _null_space(matrix):
        up = np.where(direction < -1e-12, truth / np.maximum(-direction, 1e-12), np.inf).min()
        down = np.where(direction > 1e-12, truth / np.maximum(direction, 1e-12), np.inf).min()
        reach = np.abs(direction) * (up + down)
        safe.update(cell for cell, width in zip(cells, reach) if width >= 1)
    for n, cell in enumerate(cells):
        if cell in safe:
            continue
        objective = np.zeros(len(cells))
        objective[n] = 1.0
        low = linprog(objective, A_eq=matrix, b_eq=sums, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=matrix, b_eq=sums, bounds=(0, None), method="highs")
        if low.status != 0 or high.status != 0 or -high.fun - low.fun < 1 - 1e-6:
            return cell
        safe.add(cell)
    return None


def round_to(count: int, base: int) -> int:
    """Nearest multiple of ``base``, halves rounded up (as published counts are)."""
    return int(np.floor(count / base + 0.5)) * base
