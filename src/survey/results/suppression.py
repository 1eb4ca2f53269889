"""Cell suppression for published tables.

A table is an array of counts. Along each of its axes, some cells are the
totals of others: the last index is the total of the rest, and there may be
subtotals too (the "agree" figure, the total of "strongly agree" and "tend
to agree"). Each total with the cells it adds up is a line.

Primary suppression hides every count under the minimum, zeros included.
Secondary suppression then hides more, until no hidden count can be
narrowed down from what is shown: first so that no line has exactly one
hidden cell (it would be its total less the rest) or hidden cells adding up
to nothing, then by checking every hidden cell against all the lines
together, the way an intruder would, with linear algebra and linear
programming (HiGHS). Each count under the minimum must keep a protection
interval (as tau-argus and sdcTable require): its least and greatest
possible values at least ``protection`` apart; any other hidden count at
least one apart. Where one falls short, the cheapest way to widen it is
hidden: another cell on a line through it, or the other corners of a
rectangle, whichever hides the fewest people's figures and is enough.

Cells shown in a smaller table (the one-way margins of a two-way table) are
``fixed``: their state comes from that table and never changes here, so two
published tables never disagree about a cell.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import highspy
import numpy as np

#: Per axis: each line as (the indices that add up, the index of their total).
Structure = dict[int, list[tuple[tuple[int, ...], int]]]


#: Ways of hiding more tried, cheapest first, when a cell needs a wider range.
_CANDIDATES = 16


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
    protection: int = 1,
) -> np.ndarray:
    """The hidden cells of ``counts`` (True = hidden). Every hidden count
    under the minimum (a primary cell) can be anything over a range at least
    ``protection`` wide, given everything shown; every other hidden cell at
    least one count wide."""
    fixed = np.zeros(counts.shape, dtype=bool) if fixed is None else fixed
    hidden = (counts < minimum) & ~fixed
    if fixed_hidden is not None:
        hidden |= fixed_hidden & fixed
    need = np.where(counts < minimum, max(protection, 1), 1)
    safe: set[tuple[int, ...]] = set()
    while True:
        _protect_lines(hidden, counts, fixed, structure)
        exposed = _exposed(hidden, counts, structure) or _underprotected(hidden, counts, structure, safe, need)
        if not exposed:
            return hidden
        # Hide one more cell that widens the exposed one's range, the cheapest
        # that does (the fewest people's figures), then check again. Hiding
        # more only widens what the others could be, so "safe" cells stay safe.
        if not _hide_cheapest_help(exposed, hidden, counts, fixed, structure, need):
            raise Unprotectable(f"cell {exposed} can be narrowed down and nothing beside it may be hidden")


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
    """Hide a shown cell of a line that may be hidden; False when there is
    none. Cells that are no total of anything come first; among them, the
    least count, counted as half when hiding it also gives another line that
    has one hidden cell its second (two lines mended by one cell, which makes
    the rectangles of hidden cells that protect with the fewest)."""
    totals = _totals(structure)
    free = [c for c in line if not hidden[c] and not fixed[c] and (counts[c] > 0 or not positive)]
    inner = [c for c in free if not any(c[axis] in indices for axis, indices in totals.items())]
    candidates = inner or free
    if not candidates:
        return False

    def cost(cell: tuple[int, ...]) -> float:
        mends = sum(1 for other in _lines_through(cell, structure) if other != line and sum(hidden[c] for c in other) == 1)
        return (int(counts[cell]) + 1) / (1 + mends)

    hidden[min(candidates, key=cost)] = True
    return True


def _options(cell, hidden, counts, fixed, structure: Structure) -> list[tuple[int, tuple[tuple[int, ...], ...]]]:
    """Ways to widen a hidden cell's range, each as (its cost, the shown cells
    it hides): one more cell on a line through it, or the other three corners
    of a rectangle it is a corner of (two lines through it, on two axes, and
    the cell where their partners cross), which is what protects a cell with
    the fewest others hidden. Cost: the counts hidden, so large counts stay shown."""
    def partners(axis: int) -> list[int]:
        found: list[int] = []
        for members, total in structure[axis]:
            line = (*members, total)
            if cell[axis] in line:
                found += [i for i in line if i != cell[axis]]
        return list(dict.fromkeys(found))

    def moved(changes: dict[int, int]) -> tuple[int, ...]:
        return tuple(changes.get(axis, index) for axis, index in enumerate(cell))

    found: dict[tuple[tuple[int, ...], ...], int] = {}

    def add(cells: tuple[tuple[int, ...], ...]) -> None:
        if any(fixed[c] and not hidden[c] for c in cells):
            return
        shown = tuple(sorted(c for c in cells if not hidden[c]))
        if shown:
            found.setdefault(shown, sum(int(counts[c]) for c in shown))

    axes = sorted(structure)
    for axis in axes:
        for i in partners(axis):
            add((moved({axis: i}),))
    for u, v in itertools.combinations(axes, 2):
        for i in partners(u):
            for j in partners(v):
                add((moved({u: i}), moved({v: j}), moved({u: i, v: j})))
    return sorted(((cost, cells) for cells, cost in found.items()), key=lambda option: (option[0], len(option[1]), option[1]))


def _hide_cheapest_help(cell, hidden, counts, fixed, structure, need) -> bool:
    """Hide the cheapest option (``_options``) that gives ``cell`` the range
    it needs; when none of those tried does, the one that widens it most for
    its cost. False when nothing may be hidden.

    One program holds every cell tried, each held at its true count while
    shown: trying an option is letting its cells go and solving again from
    the last basis."""
    options = _options(cell, hidden, counts, fixed, structure)[:_CANDIDATES]
    if not options:
        return False
    trial = hidden.copy()
    for _, cells in options:
        for c in cells:
            trial[c] = True
    variables, matrix, sums = _equations(trial, counts, structure)
    intruder = _Intruder(matrix, sums)
    index = {c: n for n, c in enumerate(variables)}
    tried = {c for _, cells in options for c in cells}
    for c in tried:
        intruder.hold(index[c], float(counts[c]))
    objective = np.zeros(len(variables))
    objective[index[cell]] = 1.0

    def width() -> float:
        least, greatest = intruder.solve(objective), intruder.solve(-objective)
        if greatest is None:
            return float("inf")
        return float(greatest[index[cell]] - least[index[cell]]) if least is not None else 0.0

    before = width()
    best, best_gain = None, 0.0
    for cost, cells in options:
        for c in cells:
            intruder.release(index[c])
        wide = width()
        for c in cells:
            intruder.hold(index[c], float(counts[c]))
        if wide >= need[cell] - 1e-6:
            best = cells
            break
        gain = (wide - before) / (cost + 1)
        if gain > best_gain + 1e-9:
            best, best_gain = cells, gain
    if best is None:
        # Nothing tried widens it: the old rule, the smallest beside it, and on.
        return any(_hide_smallest(line, hidden, counts, fixed, structure, positive=True) for line in _lines_through(cell, structure))
    for c in best:
        hidden[c] = True
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


class _Intruder:
    """The linear program an intruder solves: hidden cells, none below zero,
    that add up to every published total. Built once; each question (the
    least or greatest some cells could be) changes only the objective, so
    HiGHS starts from where it last stopped."""

    def __init__(self, matrix: np.ndarray, sums: np.ndarray) -> None:
        rows, columns = np.nonzero(matrix)
        # The solver itself (highspy exports it): highspy.Highs adds callbacks
        # this does not use and prints a banner to standard output.
        self._highs = highs = highspy._Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("presolve", "off")  # re-solved many times: start from the last basis
        # One thread: these programs are small, and starting threads for each costs a hundred times the solving.
        highs.setOptionValue("threads", 1)
        self._size = matrix.shape[1]
        highs.addVars(self._size, np.zeros(self._size), np.full(self._size, highspy.kHighsInf))
        starts = np.searchsorted(rows, np.arange(matrix.shape[0])).astype(np.int32)
        highs.addRows(matrix.shape[0], sums, sums, len(rows), starts, columns.astype(np.int32), matrix[rows, columns])
        self._all = np.arange(self._size, dtype=np.int32)

    def hold(self, column: int, value: float) -> None:
        """Fix a cell at a value (a cell shown, for now)."""
        self._highs.changeColBounds(column, value, value)

    def release(self, column: int) -> None:
        self._highs.changeColBounds(column, 0.0, highspy.kHighsInf)

    def solve(self, objective: np.ndarray) -> np.ndarray | None:
        """A solution minimising ``objective``; None when there is no least (it is unbounded)."""
        self._highs.changeColsCost(self._size, self._all, objective.astype(float))
        self._highs.run()
        if self._highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return np.asarray(self._highs.getSolution().col_value)


def _underprotected(hidden, counts, structure: Structure, safe: set, need: np.ndarray) -> tuple[int, ...] | None:
    """A hidden cell whose least and greatest possible values (no count is
    below zero) are less far apart than it needs (``need``: one count, or the
    protection width for a count under the minimum).

    Each solution the intruder's program finds shows a value every hidden cell
    could have; a cell seen at two values a whole count apart is safe. So most
    cells are settled together: by pushing all the undecided cells up and
    then down, by a few random pushes, and by moving from the middle of those
    solutions along every direction the totals leave free (from the true
    counts, zeros would block every move). Only the rest get their own least
    and greatest value."""
    cells, matrix, sums = _equations(hidden, counts, structure)
    if not cells or not len(matrix):
        return None
    truth = np.array([counts[cell] for cell in cells], dtype=float)
    width = np.array([need[cell] for cell in cells], dtype=float) - 1e-6
    intruder = _Intruder(matrix, sums)
    low, high = truth.copy(), truth.copy()
    found = [truth]

    def seen(solution: np.ndarray | None) -> None:
        if solution is not None:
            np.minimum(low, solution, out=low)
            np.maximum(high, solution, out=high)
            found.append(solution)

    def undecided() -> np.ndarray:
        safe.update(cell for cell, wide in zip(cells, high - low >= width) if wide)
        return np.array([cell not in safe for cell in cells])

    open_cells = undecided()
    if open_cells.any():
        random = np.random.default_rng(len(cells))  # the same pushes each time: the same outcome
        push = open_cells.astype(float)
        for objective in (-push, push, *(random.normal(size=len(cells)) * push for _ in range(2))):
            seen(intruder.solve(objective))
        middle = np.mean(found, axis=0)
        for direction in _null_space(matrix):
            with np.errstate(divide="ignore", invalid="ignore"):
                up = np.where(direction < -1e-12, middle / -direction, np.inf).min()
                down = np.where(direction > 1e-12, middle / direction, np.inf).min()
            if np.isfinite(up) and np.isfinite(down):
                reach = np.abs(direction) * (up + down)
                safe.update(cell for cell, wide in zip(cells, reach >= width) if wide)
        open_cells = undecided()
    # Whatever is left is looked at on its own.
    for n, cell in enumerate(cells):
        if cell in safe or high[n] - low[n] >= width[n]:  # settled already, perhaps by the last solution
            safe.add(cell)
            continue
        # First this cell pushed up with the other undecided ones (at half
        # the weight): one solution that often settles many at once.
        together = -0.5 * (high - low < width)
        together[n] = -1.0
        seen(intruder.solve(together))
        if high[n] - low[n] >= width[n]:
            safe.add(cell)
            continue
        # Then its own greatest and least values, exactly.
        alone = np.zeros(len(cells))
        alone[n] = -1.0
        greatest = intruder.solve(alone)
        if greatest is None:
            safe.add(cell)  # no greatest: it could be anything above
            continue
        seen(greatest)
        if high[n] - low[n] < width[n]:
            seen(intruder.solve(-alone))
        if high[n] - low[n] < width[n]:
            return cell
        safe.add(cell)
    return None


def round_to(count: int, base: int) -> int:
    """Nearest multiple of ``base``, halves rounded up (as published counts are)."""
    return int(np.floor(count / base + 0.5)) * base
