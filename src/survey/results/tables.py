"""Published tables: counts and percentages of each answer, overall and by one
or two breakdowns, with disclosure control applied before anything is shown."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..services.i18n import gettext as _
from ..questionnaire import Questionnaire
from ..questionnaire.questions.choice import STANDARD_CODES
from ..questionnaire.results import Indicator
from ..services.wording import option_label
from .dataset import NOT_KNOWN, Closed, Dataset, Grouping, closed_questions, groupings
from .suppression import Unprotectable, round_to, suppress, totals_on
from .weighting import Target, rake

ALL = "all"
#: A table: its question and the breakdowns it is by.
Key = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Figure:
    count: int  # the true count: used for decisions, never published
    hidden: bool
    shown: int | None  # rounded; None when hidden
    percent: float | None
    weighted: float | None


@dataclass(frozen=True)
class Row:
    codes: tuple[str, ...]  # per breakdown: a group code, "all" or "not_known"
    labels: tuple[str, ...]
    respondents: str  # the row in a sentence: "Disabled respondents"
    base: Figure
    effective_base: float | None
    figures: tuple[Figure, ...]
    indicator: Figure | None

    @property
    def known(self) -> bool:
        """Every breakdown names a group (not a total, not "not known")."""
        return all(code not in (ALL, NOT_KNOWN) for code in self.codes)


@dataclass(frozen=True)
class Summary:
    """The figure a question is summed up by: the bank's indicator, or else
    the most common answer."""

    label: str
    says: str
    columns: tuple[int, ...]
    declared: bool


@dataclass(frozen=True)
class Table:
    closed: Closed
    groupings: tuple[Grouping, ...]
    rows: tuple[Row, ...]
    weighted: bool
    summary: Summary
    rounding: int
    minimum: int
    #: Which responses it counts: "sample", "open_link" or "both".
    source: str = "open_link"

    @property
    def option_labels(self) -> list[str]:
        return [option_label(o) for o in self.closed.options]

    @property
    def overall(self) -> Row:
        return self.rows[0]


class Results:
    """Every table of one questionnaire's results, computed on demand from one
    dataset, with the suppression of each table consistent with the others."""

    def __init__(self, questionnaire: Questionnaire, dataset: Dataset, hidden: dict[Key, np.ndarray] | None = None):
        self.questionnaire = questionnaire
        self.settings = questionnaire.results
        self.dataset = dataset
        self.closed = {c.id: c for c in closed_questions(questionnaire)}
        self.groupings = {g.id: g for g in groupings(questionnaire)}
        self.weights = self._weights()
        #: Each table's hidden cells, by question and breakdowns: the costly
        #: part, and the same in every language, so it may be shared by the
        #: Results of one dataset in each language (and filled from elsewhere).
        self.hidden = {} if hidden is None else hidden
        # Tables never change once worked out: a busy page costs no counting.
        self.table = functools.lru_cache(maxsize=2048)(self._table)

    def _hidden(self, closed_id: str, ids: tuple[str, ...]) -> np.ndarray:
        key = (closed_id, ids)
        if key not in self.hidden:
            self.hidden[key] = self._hidden_uncached(closed_id, ids)
        return self.hidden[key]

    @property
    def weighted(self) -> bool:
        return self.weights is not None

    def _weights(self) -> np.ndarray | None:
        targets = []
        for margin in self.settings.margins:
            grouping = self.groupings[margin.breakdown]
            shares = np.array([margin.shares.get(code, 0.0) for code in grouping.codes])
            targets.append(Target(self.dataset.groups[grouping.id], shares / shares.sum(), grouping.not_known))
        design = self.dataset.design
        if not targets:
            return None if design is None or not self.dataset.size else design * (self.dataset.size / design.sum())
        return rake(targets, self.dataset.size, base=design)

    # Counts -------------------------------------------------------------

    def _indicator(self, closed: Closed) -> tuple[int, ...] | None:
        """The options a declared summary figure adds up (single choice only)."""
        declared = self.settings.indicators.get(closed.id)
        if declared is None or closed.multiple:
            return None
        return tuple(n for n, o in enumerate(closed.options) if o.code in declared.codes)

    def _cube(self, closed: Closed, ids: tuple[str, ...], weights: np.ndarray | None) -> np.ndarray:
        """Counts by group (with "not known") and option, totals appended on
        every axis. Along the options: each option, the summary figure when
        the bank declares one, then the base (for multiple choice, the base
        is not the options' total: people choose several)."""
        sizes = [self.groupings[i].not_known + 1 for i in ids]
        in_base = self.dataset.bases[closed.id]
        cells = int(np.prod(sizes)) if sizes else 1
        where = (
            np.ravel_multi_index([self.dataset.groups[i][in_base] for i in ids], sizes)
            if ids else np.zeros(int(in_base.sum()), dtype=np.int64)
        )
        w = None if weights is None else weights[in_base]
        options = len(closed.options)
        answers = self.dataset.answers[closed.id][in_base]
        if closed.multiple:
            columns = [
                np.bincount(where, weights=answers[:, o] * (1 if w is None else w), minlength=cells) for o in range(options)
            ]
        else:
            columns = [np.bincount(where[answers == o], weights=None if w is None else w[answers == o], minlength=cells)
                       for o in range(options)]
        indicator = self._indicator(closed)
        if indicator is not None:
            columns.append(sum((columns[n] for n in indicator), np.zeros(cells)))
        base = np.bincount(where, weights=w, minlength=cells)
        cube = np.stack([*columns, base], axis=-1).reshape([*sizes, len(columns) + 1])
        for axis in range(len(ids)):
            cube = np.concatenate([cube, cube.sum(axis=axis, keepdims=True)], axis=axis)
        return cube

    def _hidden_uncached(self, closed_id: str, ids: tuple[str, ...]) -> np.ndarray:
        closed = self.closed[closed_id]
        counts = np.rint(self._cube(closed, ids, None)).astype(np.int64)
        fixed = np.zeros(counts.shape, dtype=bool)
        fixed_hidden = np.zeros(counts.shape, dtype=bool)
        for axis in range(len(ids)):
            # The slice where this breakdown is "all" is the table without it.
            smaller = self._hidden(closed_id, ids[:axis] + ids[axis + 1:])
            index = [slice(None)] * counts.ndim
            index[axis] = -1
            fixed[tuple(index)] = True
            fixed_hidden[tuple(index)] = smaller
        for axis, grouping_id in enumerate(ids):
            # When everyone said which group they are in, "not known" is no
            # group at all: its zeros are not hidden and its row is not shown.
            nobody = [-1] * counts.ndim
            nobody[axis] = self.groupings[grouping_id].not_known
            if counts[tuple(nobody)] == 0:
                index = [slice(None)] * counts.ndim
                index[axis] = self.groupings[grouping_id].not_known
                fixed[tuple(index)] = True
        structure = totals_on(counts.shape, tuple(range(len(ids))))
        if not closed.multiple:
            options = len(closed.options)
            structure[len(ids)] = [(tuple(range(options)), counts.shape[-1] - 1)]
            indicator = self._indicator(closed)
            if indicator is not None:
                structure[len(ids)].append((indicator, options))
        try:
            return suppress(counts, structure, self.settings.minimum_count, fixed, fixed_hidden, self.settings.protection)
        except Unprotectable:
            # Never expected; if it happens, show nothing this table alone would add.
            return ~fixed | fixed_hidden

    # Tables -------------------------------------------------------------

    def _table(self, closed_id: str, ids: tuple[str, ...] = ()) -> Table:
        closed = self.closed[closed_id]
        counts = np.rint(self._cube(closed, ids, None)).astype(np.int64)
        hidden = self._hidden(closed_id, ids)
        weighted = self._cube(closed, ids, self.weights) if self.weighted else None
        squares = self._cube(closed, ids, np.square(self.weights)) if self.weighted else None
        summary = self._summary(closed, counts[(-1,) * len(ids)])
        groupings = tuple(self.groupings[i] for i in ids)
        rows = [
            self._row(closed, groupings, cell, counts, hidden, weighted, squares, summary)
            for cell in _row_order(groupings)
            if not _nobody_unknown(groupings, cell, counts)
        ]
        return Table(closed, groupings, tuple(rows), self.weighted, summary, self.settings.rounding, self.settings.minimum_count,
                     self.dataset.source)

    def _summary(self, closed: Closed, overall: np.ndarray) -> Summary:
        declared: Indicator | None = self.settings.indicators.get(closed.id)
        if declared is not None:
            index = [n for n, o in enumerate(closed.options) if o.code in declared.codes]
            return Summary(declared.label, declared.says, tuple(index), True)
        choices = [n for n, o in enumerate(closed.options) if o.code not in STANDARD_CODES]
        top = max(choices, key=lambda n: (overall[n], -n))
        label = option_label(closed.options[top])
        return Summary(label, _("answered “%(answer)s”", answer=label), (top,), False)

    def _row(self, closed, groupings, cell, counts, hidden, weighted, squares, summary) -> Row:
        rounding = self.settings.rounding
        base_count = int(counts[cell][-1])
        base_hidden = bool(hidden[cell][-1])

        def figure(count: int, is_hidden: bool, weighted_count: float | None, weighted_base: float | None) -> Figure:
            visible = not is_hidden and not base_hidden and base_count > 0
            return Figure(
                count,
                is_hidden,
                None if is_hidden else round_to(count, rounding),
                100 * count / base_count if visible else None,
                100 * weighted_count / weighted_base if visible and weighted_base else None,
            )

        w_row = weighted[cell] if weighted is not None else None
        w_base = float(w_row[-1]) if w_row is not None else None
        figures = tuple(
            figure(int(counts[cell][o]), bool(hidden[cell][o]), float(w_row[o]) if w_row is not None else None, w_base)
            for o in range(len(closed.options))
        )
        base = Figure(base_count, base_hidden, None if base_hidden else round_to(base_count, rounding), None, None)
        effective = None
        if squares is not None and not base_hidden and w_base:
            # Rounded like a count: where every weight in a row is equal it
            # would be the exact count, which rounding the base hides.
            effective = float(round_to(w_base * w_base / float(squares[cell][-1]), rounding))
        if self._indicator(closed) is not None:
            n = len(closed.options)
            indicator = figure(int(counts[cell][n]), bool(hidden[cell][n]), float(w_row[n]) if w_row is not None else None, w_base)
        else:
            indicator = figures[summary.columns[0]]
        codes, labels, respondents = _describe(groupings, cell)
        return Row(codes, labels, respondents, base, effective, figures, indicator)


def _nobody_unknown(groupings: tuple[Grouping, ...], cell: tuple[int, ...], counts: np.ndarray) -> bool:
    """The row is a "not known" group nobody is in."""
    for axis, (grouping, index) in enumerate(zip(groupings, cell)):
        if index == grouping.not_known:
            nobody = [-1] * counts.ndim
            nobody[axis] = index
            if counts[tuple(nobody)] == 0:
                return True
    return False


def _row_order(groupings: tuple[Grouping, ...]) -> list[tuple[int, ...]]:
    """Index of each row: overall first, then each group with its subgroups."""
    if not groupings:
        return [()]
    if len(groupings) == 1:
        return [(-1,)] + [(g,) for g in range(groupings[0].not_known + 1)]
    first, second = (g.not_known + 1 for g in groupings)
    order = [(-1, -1)]
    for a in range(first):
        order.append((a, -1))
        order += [(a, b) for b in range(second)]
    order += [(-1, b) for b in range(second)]
    return order


def _describe(groupings: tuple[Grouping, ...], cell: tuple[int, ...]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    codes, labels, people = [], [], []
    for grouping, index in zip(groupings, cell):
        if index == -1:
            codes.append(ALL)
            labels.append(_("All"))
        elif index == grouping.not_known:
            codes.append(NOT_KNOWN)
            labels.append(_("Not known"))
            people.append(_("respondents whose %(breakdown)s is not known", breakdown=grouping.label.lower()))
        else:
            codes.append(grouping.codes[index])
            labels.append(grouping.labels[index])
            people.append(
                grouping.respondents[index]
                or _("respondents in the group “%(group)s”", group=grouping.labels[index])
            )
    if not people:
        respondents = _("respondents")
    elif len(people) == 1:
        respondents = people[0]
    else:
        respondents = _("%(first)s (%(second)s)", first=people[0], second=people[1])
    return tuple(codes), tuple(labels), respondents
