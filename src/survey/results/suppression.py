"""Cell suppression for published tables.

A table is an array of counts. Along each of its axes, some cells are the
totals of others: the last index is the total of the rest, and there may be
subtotals too (the "agree" figure, the total of "strongly agree" and "tend
to agree"). Each total with the cells it adds up is a line.

Primary suppression hides every count under the minimum, zeros included.
Secondary suppression then hides more, until no hidden count can be worked
out from what is shown: first so that no line has exactly one hidden cell
(it would be its total less the rest) or hidden cells adding up to nothing,
then by checking every hidden cell against all the lines together, the way
an intruder would, with linear algebra and linear programming, and hiding
one more cell beside any that could be pinned down.

Cells shown in a smaller table (the one-way margins of a two-way table) are
``fixed``: their state comes from that table and never changes here, so two
published tables never disagree about a cell.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy.optimize import linprog

#: Per axis: each line as (the indices that add up, the index of their total).
Structure = dict[int, list[tuple[tuple[int, ...], int]]]


class Unprotectable(Exception):
    """A line has one hidden cell and nothing else that may be hidden."""


def totals_on(shape: tuple[int, ...], axes: tuple[int, ...]) -> Structure:
    """The usual structure: on each of ``axes`` the last index is the total."""
    return {axis: [(tuple(range(shape[axis] - 1)), shape[axis] - 1)] for axis in axes}


def suppress(
    counts: np.ndarray,
    structure: Structure,
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
        _protect_lines(hidden, counts, fixed, structure)
        exposed = _exposed(hidden, counts, structure) or _pinned(hidden, counts, structure, safe)
        if not exposed:
            return hidden
        # Hide one more cell beside the exposed one, then check again. Hiding
        # more only widens what the others could be, so "safe" cells stay safe.
        for line in _lines_through(exposed, structure):
            if _hide_smallest(line, hidden, counts, fixed, structure, positive=True):
                break
        else:
            raise Unprotectable(f"cell {exposed} can be worked out and nothing beside it may be hidden")


def _lines(shape: tuple[int, ...], structure: Structure) -> Iterator[list[tuple[int, ...]]]:
    """Every line as a list of cells, its total last."""
    for axis, specs in structure.items():
        others = [range(size) for a, size in enumerate(shape) if a != axis]
        for rest in np.ndindex(*[len(r) for r in others]):
            for members, total in specs:
                yield [rest[:axis] + (i,) + rest[axis:] for i in (*members, total)]


def _lines_through(cell: tuple[int, ...], structure: Structure) -> Iterator[list[tuple[int, ...]]]:
    for axis, specs in structure.items():
        for members, total in specs:
            if cell[axis] in members or cell[axis] == total:
                yield [cell[:axis] + (i,) + cell[axis + 1:] for i in (*members, total)]


def _totals(structure: Structure) -> dict[int, set[int]]:
    return {axis: {total for _, total in specs} for axis, specs in structure.items()}


def _hide_smallest(line, hidden, counts, fixed, structure, positive: bool = False) -> bool:
    """Hide the smallest shown cell of a line that may be hidden, preferring
    cells that are no total of anything; False when there is none."""
    totals = _totals(structure)
    free = [c for c in line if not hidden[c] and not fixed[c] and (counts[c] > 0 or not positive)]
    inner = [c for c in free if not any(c[axis] in indices for axis, indices in totals.items())]
    candidates = inner or free
    if not candidates:
        return False
    hidden[min(candidates, key=lambda c: counts[c])] = True
    return True


def _protect_lines(hidden, counts, fixed, structure: Structure) -> None:
    """No line with exactly one hidden cell, and none whose hidden cells add up
    to nothing (they would all be known to be zero)."""
    changed = True
    while changed:
        changed = False
        for line in _lines(counts.shape, structure):
            shut = [c for c in line if hidden[c]]
            lonely = len(shut) == 1
            empty = len(shut) > 1 and not hidden[line[-1]] and sum(int(counts[c]) for c in shut) == 0
            if not (lonely or empty):
                continue
            if _hide_smallest(line, hidden, counts, fixed, structure, positive=empty):
                changed = True
            elif lonely:
                raise Unprotectable(f"line {line} cannot be protected")


def _equations(hidden: np.ndarray, counts: np.ndarray, structure: Structure):
    """What an intruder knows: each line's hidden cells add up to its total
    less its shown cells. Returns the hidden cells, the matrix and the sums."""
    cells = [tuple(int(i) for i in c) for c in np.argwhere(hidden)]
    position = {cell: n for n, cell in enumerate(cells)}
    rows, sums = [], []
    seen = set()
    for cell in cells:
        for line in _lines_through(cell, structure):
            key = tuple(line)
            if key in seen:
                continue
            seen.add(key)
            row = np.zeros(len(cells))
            known = 0.0
            for n, member in enumerate(line):
                sign = -1.0 if n == len(line) - 1 else 1.0
                index = position.get(member)
                if index is None:
                    known += sign * counts[member]
                else:
                    row[index] = sign
            rows.append(row)
            sums.append(-known)
    return cells, np.array(rows), np.array(sums)


def _null_space(matrix: np.ndarray) -> np.ndarray:
    """Directions the hidden cells can all move in together without changing
    any published total: one per row of the result."""
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9 * max(1.0, singular.max(initial=0))).sum())
    return vt[rank:]


def _exposed(hidden: np.ndarray, counts: np.ndarray, structure: Structure) -> tuple[int, ...] | None:
    """A hidden cell the equations alone pin down: one outside their null space."""
    cells, matrix, _ = _equations(hidden, counts, structure)
    if not cells or not len(matrix):
        return None
    null = _null_space(matrix)
    free = np.linalg.norm(null, axis=0) if len(null) else np.zeros(len(cells))
    return next((cell for cell, movable in zip(cells, free) if movable < 1e-9), None)


def _pinned(hidden, counts, structure: Structure, safe: set) -> tuple[int, ...] | None:
    """A hidden cell whose least and greatest possible values (no count is
    below zero) are less than one apart.

    Moving the true counts along a null-space direction until some cell hits
    zero shows a range cheaply; only cells that shows too little for get the
    exact answer by linear programming."""
    cells, matrix, sums = _equations(hidden, counts, structure)
    if not cells or not len(matrix):
        return None
    truth = np.array([counts[cell] for cell in cells], dtype=float)
    for direction in _null_space(matrix):
        up = np.where(direction < -1e-12, truth / np.maximum(-direction, 1e-12), np.inf).min()
        down = np.where(direction > 1e-12, truth / np.maximum(direction, 1e-12), np.inf).min()
        reach = np.abs(direction) * (up + down)
        safe.update(cell for cell, width in zip(cells, reach) if width >= 1)
    low_seen, high_seen = truth.copy(), truth.copy()

    def solve(objective: np.ndarray):
        found = linprog(objective, A_eq=matrix, b_eq=sums, bounds=(0, None), method="highs")
        if found.status == 0:
            np.minimum(low_seen, found.x, out=low_seen)
            np.maximum(high_seen, found.x, out=high_seen)
        return found

    def unresolved() -> np.ndarray:
        spread = high_seen - low_seen >= 1 - 1e-6
        safe.update(cell for cell, wide in zip(cells, spread) if wide)
        return np.array([cell not in safe for cell in cells])

    # Push all the undecided cells up together, then down together: each
    # solution shows how far many cells can move at once.
    open_cells = unresolved()
    while open_cells.any():
        solve(-open_cells.astype(float))
        solve(open_cells.astype(float))
        still = unresolved()
        if still.sum() == open_cells.sum():
            break
        open_cells = still
    # Whatever is left gets its own least and greatest value.
    for n, cell in enumerate(cells):
        if cell in safe:
            continue
        objective = np.zeros(len(cells))
        objective[n] = 1.0
        low, high = solve(objective), solve(-objective)
        if low.status != 0 or high.status != 0 or -high.fun - low.fun < 1 - 1e-6:
            return cell
        safe.add(cell)
    return None


def round_to(count: int, base: int) -> int:
    """Nearest multiple of ``base``, halves rounded up (as published counts are)."""
    return int(np.floor(count / base + 0.5)) * base
