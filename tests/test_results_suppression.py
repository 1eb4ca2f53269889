"""Disclosure control of published tables, checked the way an intruder would
attack them: with linear programming over every published total."""

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

from survey.results.suppression import round_to, suppress, totals_on


def totals(inner: np.ndarray) -> np.ndarray:
    cube = inner
    for axis in range(inner.ndim):
        cube = np.concatenate([cube, cube.sum(axis=axis, keepdims=True)], axis=axis)
    return cube


def lines_of(shape, structure) -> list[list[tuple]]:
    """Each line as its cells, total last: written here independently of the app."""
    found = []
    for axis, specs in structure.items():
        others = [range(size) for a, size in enumerate(shape) if a != axis]
        for rest in itertools.product(*others):
            for members, total in specs:
                found.append([rest[:axis] + (i,) + rest[axis:] for i in (*members, total)])
    return found


def feasible_range(counts: np.ndarray, hidden: np.ndarray, structure) -> dict[tuple, tuple[float, float]]:
    """For each hidden cell, the least and most it could be, given every shown
    cell and that each line adds up to its total."""
    cells = [tuple(i) for i in np.argwhere(hidden)]
    position = {cell: n for n, cell in enumerate(cells)}
    rows, rhs = [], []
    for line in lines_of(counts.shape, structure):
        row = np.zeros(len(cells))
        constant = 0.0
        for n, cell in enumerate(line):
            sign = -1.0 if n == len(line) - 1 else 1.0
            if cell in position:
                row[position[cell]] += sign
            else:
                constant += sign * counts[cell]
        if row.any():
            rows.append(row)
            rhs.append(-constant)
    ranges = {}
    for cell, n in position.items():
        objective = np.zeros(len(cells))
        objective[n] = 1
        low = linprog(objective, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status == 0
        ranges[cell] = (low.fun, -high.fun)
    return ranges


def assert_protected(counts, hidden, structure, minimum=10):
    if isinstance(structure, tuple):
        structure = totals_on(counts.shape, structure)
    assert not ((counts < minimum) & ~hidden).any(), "a count under the minimum is shown"
    for cell, (low, high) in feasible_range(counts, hidden, structure).items():
        assert high - low >= 1 - 1e-6, f"cell {cell} (count {counts[cell]}) can be worked out: it must be between {low} and {high}"


def test_one_small_cell_in_a_row_is_not_left_recoverable_from_its_total():
    # Answers (rows) by two groups (columns): only one cell is under 10.
    counts = totals(np.array([[40, 25], [3, 30], [22, 18]]))
    primary_only = counts < 10
    # Primary suppression alone would let 3 be read off as 43 - 40 ... and 65 - 40 - 22.
    with pytest.raises(AssertionError, match="can be worked out"):
        assert_protected(counts, primary_only, (0, 1))
    hidden = suppress(counts, totals_on(counts.shape, (0, 1)), 10)
    assert hidden[1, 0]
    assert hidden.sum() >= 4  # the small cell, one more in its row and column, and the fourth corner
    assert_protected(counts, hidden, (0, 1))


def test_zero_counts_are_suppressed_too():
    counts = totals(np.array([[0, 25], [30, 30]]))
    hidden = suppress(counts, totals_on(counts.shape, (0, 1)), 10)
    assert hidden[0, 0]
    assert_protected(counts, hidden, (0, 1))


def test_a_small_total_is_hidden_with_its_cells():
    counts = totals(np.array([[4, 25], [3, 30]]))
    hidden = suppress(counts, totals_on(counts.shape, (0, 1)), 10)
    assert hidden[2, 0]  # the column total of 7
    assert_protected(counts, hidden, (0, 1))


@pytest.mark.parametrize("seed", range(25))
def test_random_three_way_tables_never_show_a_small_count_or_let_one_be_worked_out(seed):
    rng = np.random.default_rng(seed)
    inner = rng.integers(0, 40, size=(3, 4, 5)) * (rng.random((3, 4, 5)) > 0.2)
    counts = totals(inner)
    hidden = suppress(counts, totals_on(counts.shape, (0, 1, 2)), 10)
    assert_protected(counts, hidden, (0, 1, 2))


@pytest.mark.parametrize("seed", range(10))
def test_a_two_way_table_agrees_with_the_one_way_tables_it_contains(seed):
    rng = np.random.default_rng(100 + seed)
    inner = rng.integers(0, 30, size=(3, 4, 5))
    counts = totals(inner)
    # The one-way tables (by the first or by the second breakdown) are published too.
    by_first = suppress(counts[:, -1, :], totals_on(counts[:, -1, :].shape, (0, 1)), 10)
    by_second = suppress(counts[-1, :, :], totals_on(counts[-1, :, :].shape, (0, 1)), 10)
    fixed = np.zeros(counts.shape, dtype=bool)
    fixed[:, -1, :] = fixed[-1, :, :] = True
    fixed_hidden = np.zeros(counts.shape, dtype=bool)
    fixed_hidden[:, -1, :] = by_first
    fixed_hidden[-1, :, :] = by_second
    hidden = suppress(counts, totals_on(counts.shape, (0, 1, 2)), 10, fixed, fixed_hidden)
    assert (hidden[:, -1, :] == by_first).all() and (hidden[-1, :, :] == by_second).all()
    assert_protected(counts, hidden, (0, 1, 2))


@pytest.mark.parametrize("seed", range(10))
def test_a_subtotal_such_as_agree_never_gives_away_a_hidden_answer(seed):
    rng = np.random.default_rng(200 + seed)
    # Groups (rows) by answers: five options, then "agree" (options 0 and 1), then the base.
    inner = rng.integers(0, 35, size=(4, 5))
    options = np.concatenate([inner, inner.sum(axis=0, keepdims=True)], axis=0)
    counts = np.concatenate([options, options[:, :2].sum(axis=1, keepdims=True), options.sum(axis=1, keepdims=True)], axis=1)
    structure = {0: [((0, 1, 2, 3), 4)], 1: [((0, 1, 2, 3, 4), 6), ((0, 1), 5)]}
    hidden = suppress(counts, structure, 10)
    assert_protected(counts, hidden, structure)


def test_counts_round_to_the_nearest_five_with_halves_up():
    assert [round_to(n, 5) for n in (10, 12, 13, 17, 18, 1234)] == [10, 10, 15, 15, 20, 1235]
    assert round_to(12, 1) == 12
