"""Protection intervals, as tau-argus and sdcTable require them: every
hidden count under the minimum could be anything over a range at least the
protection width wide (the bank's setting, by default the minimum count),
given everything published. Checked table by table, and by an intruder
with one linear program over every table of a question at once, built here
from the respondents' groups and answers, not from the suppression code."""

from __future__ import annotations

import itertools
import random

import highspy
import numpy as np
import pytest
from scipy.sparse import coo_matrix

import synthetic
from conftest import SAMPLE_DIR
from survey.questionnaire import load_file
from survey.results.dataset import build
from survey.results.suppression import suppress, totals_on
from survey.results.tables import Results
from test_results_suppression import feasible_range, totals

SAMPLE = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire


@pytest.mark.parametrize("seed", range(8))
def test_every_small_hidden_count_has_a_range_at_least_the_protection_width(seed):
    rng = np.random.default_rng(300 + seed)
    inner = rng.integers(0, 45, size=(4, 6)) * (rng.random((4, 6)) > 0.15)
    counts = totals(inner)
    structure = totals_on(counts.shape, (0, 1))
    hidden = suppress(counts, structure, 10, protection=10)
    assert not ((counts < 10) & ~hidden).any()
    for cell, (low, high) in feasible_range(counts, hidden, structure).items():
        need = 10 if counts[cell] < 10 else 1
        assert high - low >= need - 1e-6, f"cell {cell} (count {counts[cell]}) lies in [{low}, {high}]"


def test_a_narrow_range_is_what_width_one_would_allow():
    """The test above can fail: with the old requirement (a range of one
    count) some small count is left in a range narrower than ten."""
    narrow = 0
    for seed in range(8):
        rng = np.random.default_rng(300 + seed)
        inner = rng.integers(0, 45, size=(4, 6)) * (rng.random((4, 6)) > 0.15)
        counts = totals(inner)
        structure = totals_on(counts.shape, (0, 1))
        hidden = suppress(counts, structure, 10, protection=1)
        narrow += sum(high - low < 10 - 1e-6 for cell, (low, high) in feasible_range(counts, hidden, structure).items()
                      if counts[cell] < 10)
    assert narrow > 0


class JointIntruder:
    """Unknowns: how many people are in each finest cell (a group of every
    breakdown, "not known" included, and an answer). Known: every published
    count of every table of the question, each the sum of the finest cells
    it covers. Shown counts are taken as exact (rounding only helps)."""

    def __init__(self, results: Results, closed_id: str, ids: tuple[str, ...]) -> None:
        self.results = results
        self.closed = results.closed[closed_id]
        self.ids = list(ids)
        self.sizes = [results.groupings[i].not_known + 1 for i in self.ids]
        self.options = len(self.closed.options)
        self.shape = (*self.sizes, self.options)
        self.cells = int(np.prod(self.shape))
        rows, columns, sums = [], [], []
        self.primaries: list[np.ndarray] = []  # each: the finest cells a small hidden count covers
        self.truth: list[int] = []
        indicator = results._indicator(self.closed)
        for breakdowns in [()] + [(b,) for b in self.ids] + list(itertools.combinations(self.ids, 2)):
            table = results.table(closed_id, breakdowns)
            for row in table.rows:
                chosen = {b: code for b, code in zip(breakdowns, row.codes)}
                columns_of = [(f, (n,)) for n, f in enumerate(row.figures)]
                if indicator is not None:
                    columns_of.append((row.indicator, indicator))
                columns_of.append((row.base, tuple(range(self.options))))
                for figure, answers in columns_of:
                    covered = self._covered(chosen, answers)
                    if figure.hidden:
                        if figure.count < results.settings.minimum_count:
                            self.primaries.append(covered)
                            self.truth.append(figure.count)
                        continue
                    rows += [len(sums)] * len(covered)
                    columns += covered.tolist()
                    sums.append(float(figure.count))
        matrix = coo_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(sums), self.cells)).tocsr()
        self.highs = highs = highspy._Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("presolve", "off")  # each solve starts from the last one's basis
        highs.setOptionValue("threads", 1)
        highs.addVars(self.cells, np.zeros(self.cells), np.full(self.cells, highspy.kHighsInf))
        sums_array = np.array(sums)
        highs.addRows(len(sums), sums_array, sums_array, matrix.nnz, matrix.indptr[:-1].astype(np.int32),
                      matrix.indices.astype(np.int32), matrix.data)

    def _covered(self, chosen: dict[str, str], answers: tuple[int, ...]) -> np.ndarray:
        ranges = []
        for grouping_id, size in zip(self.ids, self.sizes):
            code = chosen.get(grouping_id, "all")
            grouping = self.results.groupings[grouping_id]
            if code == "all":
                ranges.append(range(size))
            else:
                ranges.append([grouping.not_known if code == "not_known" else grouping.codes.index(code)])
        ranges.append(answers)
        return np.array([np.ravel_multi_index(cell, self.shape) for cell in itertools.product(*ranges)], dtype=np.int64)

    def interval(self, covered: np.ndarray) -> tuple[float, float]:
        ends = []
        for sign in (1.0, -1.0):
            cost = np.zeros(self.cells)
            cost[covered] = sign
            self.highs.changeColsCost(self.cells, np.arange(self.cells, dtype=np.int32), cost)
            self.highs.run()
            assert self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
            ends.append(sign * self.highs.getInfo().objective_function_value)
        return ends[0], ends[1]


@pytest.mark.parametrize("breakdowns", [("disability", "age", "sex"), ("ethnic_group", "sub_region", "disability")])
def test_an_intruder_with_every_table_of_a_question_cannot_narrow_a_small_count_below_the_width(breakdowns):
    """Every table of trust_met by none, one or two of three breakdowns,
    attacked together (all the tables that share those breakdowns' cells)."""
    rng = random.Random(21)
    answers = [synthetic.answers_for(SAMPLE, rng, fixed=synthetic.londoner(rng)) for _ in range(700)]
    results = Results(SAMPLE, build(SAMPLE, answers))
    width = SAMPLE.results.protection
    assert width == SAMPLE.results.minimum_count == 10
    intruder = JointIntruder(results, "trust_met", breakdowns)
    assert len(intruder.primaries) > 20
    seen: set[tuple[int, ...]] = set()
    tightest = None
    for covered, truth in zip(intruder.primaries, intruder.truth):
        key = tuple(sorted(covered.tolist()))
        if key in seen:
            continue
        seen.add(key)
        low, high = intruder.interval(covered)
        assert low - 1e-6 <= truth <= high + 1e-6
        tightest = high - low if tightest is None else min(tightest, high - low)
        assert high - low >= width - 1e-6, f"a hidden count of {truth} lies in [{low:.2f}, {high:.2f}]"
    assert tightest is not None
