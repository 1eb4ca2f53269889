"""k-anonymity over the bank's quasi-identifiers, sdcMicro-style.

As the responses are read, their quasi-identifier columns are collected
(small integers, two bytes a respondent each while they fit). Then:

1. Global recoding: while more than ``RECODE_UNTIL`` of respondents share
   their combination with fewer than k others, the least important
   quasi-identifier that still has a coarser grouping in the bank is recoded
   one step (33 boroughs to 5 sub-regions, say).
2. Local suppression: each respondent still at risk has their least important
   quasi-identifiers suppressed, as few as needed for at least k respondents
   to share what is left. A suppressed value matches any value, as in
   sdcMicro, so every released combination is shared by k or more people.

The plan is then applied to each batch as it is written (``Anonymiser.apply_batch``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..questionnaire import Questionnaire
from ..questionnaire.disclosure import RecodeStep
from ..questionnaire.questions import Question
from ..questionnaire.questions.choice import MultipleChoice, _Choice
from .variables import SUPPRESSED, Variable

#: Stop recoding globally once at most this share of respondents is at risk;
#: local suppression deals with the rest.
RECODE_UNTIL = 0.01


@dataclass
class QuasiIdentifier:
    question: Question
    variables: list[Variable]
    steps: list[RecodeStep]
    _maps: dict[int, dict[int, int]] = field(default_factory=dict)

    def recoding(self, level: int) -> dict[int, int]:
        """Original option number → group number, for a recode level (0: none)."""
        if level not in self._maps:
            self._maps[level] = self._recoding(level)
        return self._maps[level]

    def _recoding(self, level: int) -> dict[int, int]:
        if level == 0 or not isinstance(self.question, _Choice):
            return {}
        step = self.steps[level - 1]
        number = {o.code: n for n, o in enumerate(self.question.all_options(), start=1)}
        return {number[code]: g for g, group in enumerate(step.groups.values(), start=1) for code in group.codes}


@dataclass
class Result:
    k: int
    rows: int
    levels: dict[str, int]
    at_risk_before: dict[int, int]  # class size below k → respondents
    suppressed_cells: dict[str, int] = field(default_factory=dict)
    k_achieved: int = 0


def quasi_identifiers(questionnaire: Questionnaire, variables: list[Variable]) -> list[QuasiIdentifier]:
    """Exported quasi-identifiers, most important first (the bank's order, then the rest)."""
    by_question: dict[str, list[Variable]] = {}
    for variable in variables:
        if variable.question.quasi_identifier and variable.kind != "text":
            by_question.setdefault(variable.question.id, []).append(variable)
    order = list(questionnaire.disclosure.importance) + [q for q in by_question if q not in questionnaire.disclosure.importance]
    found = []
    for qid in order:
        if qid in by_question:
            question = by_question[qid][0].question
            steps = question.recode if isinstance(question, _Choice) and not isinstance(question, MultipleChoice) else []
            found.append(QuasiIdentifier(question, by_question[qid], list(steps)))
    return found


def _group_ids(rows: int, columns: Iterable[np.ndarray]) -> np.ndarray:
    """For each row, a number shared exactly by the rows with the same values
    in ``columns``, made one at a time (each as long as there are rows).

    Column by column, with one-dimensional sorts (fast) rather than sorting
    whole rows: each column's values are ranked, folded into the running key,
    and the key is ranked again so it stays small."""
    key = np.zeros(rows, dtype=np.int64)
    for column in columns:
        key = _fold(key, column)
    return key


def _fold(key: np.ndarray, column: np.ndarray) -> np.ndarray:
    """Group ids by one more column."""
    ranks = np.unique(column, return_inverse=True)[1].reshape(-1)
    return np.unique(key * (int(ranks.max(initial=0)) + 1) + ranks, return_inverse=True)[1].reshape(-1)


def _class_sizes(rows: int, columns: Iterable[np.ndarray]) -> np.ndarray:
    """For each row, how many rows share its values."""
    groups = _group_ids(rows, columns)
    return np.bincount(groups)[groups] if len(groups) else groups


class Anonymiser:
    def __init__(self, qis: list[QuasiIdentifier], k: int) -> None:
        self.qis = qis
        self.k = k
        # Row after row, one value per quasi-identifier: two bytes each while
        # every value fits (option numbers and missing codes do), else four.
        self._values = array("h")
        self._rows = 0
        self._levels: list[int] = [0] * len(qis)
        self._kept = np.zeros(0, dtype=np.int8)  # per row: how many of the QIs stay (from the most important)
        self.groups = np.zeros(0, dtype=np.int64)  # per row: its group of identical released quasi-identifiers

    def add_batch(self, encoded: list[np.ndarray]) -> None:
        """A batch of respondents: each quasi-identifier's values (``as_numbers``), in order."""
        if not self.qis:
            self._rows += len(encoded[0]) if encoded else 0
            return
        matrix = np.column_stack(encoded)
        if matrix.size and (matrix.min() < np.iinfo(np.int32).min or matrix.max() > np.iinfo(np.int32).max):
            raise ValueError("a quasi-identifier has a value too large to compare: is a number question flagged as one?")
        if self._values.typecode == "h" and matrix.size and (matrix.min() < -(2**15) or matrix.max() >= 2**15):
            wider = array("i")
            wider.frombytes(self._matrix().astype(np.int32).tobytes())
            self._values = wider
        self._values.frombytes(matrix.astype(self._dtype()).tobytes())
        self._rows += matrix.shape[0]

    def _dtype(self) -> type:
        return np.int16 if self._values.typecode == "h" else np.int32

    def _matrix(self) -> np.ndarray:
        if not self.qis:
            return np.zeros((self._rows, 0), dtype=np.int32)
        return np.frombuffer(self._values, dtype=self._dtype()).reshape(self._rows, len(self.qis))

    def _columns(self, raw: np.ndarray) -> Iterator[np.ndarray]:
        """The quasi-identifiers at their current recoding, a column at a time:
        never a recoded copy of the whole matrix."""
        for number, qi in enumerate(self.qis):
            column = raw[:, number]
            mapping = qi.recoding(self._levels[number])
            if mapping:
                recoded = column.copy()
                for original, group in mapping.items():
                    recoded[column == original] = group
                column = recoded
            yield column

    def solve(self) -> Result:
        raw = self._matrix()
        n, q = raw.shape
        sizes = _class_sizes(n, self._columns(raw))
        before: dict[int, int] = {}
        for size in sizes[sizes < self.k]:
            before[int(size)] = before.get(int(size), 0) + 1
        while q and int((sizes < self.k).sum()) > max(RECODE_UNTIL * n, 0):
            candidates = [c for c in range(q - 1, -1, -1) if self._levels[c] < len(self.qis[c].steps)]
            if not candidates:
                break
            self._levels[candidates[0]] += 1
            sizes = _class_sizes(n, self._columns(raw))
        kept = np.full(n, q, dtype=np.int8)
        achieved = sizes.copy()
        pending = sizes < self.k
        if pending.any():
            # Each respondent at risk keeps the longest run of quasi-identifiers,
            # from the most important, that k people share. Fewer columns only
            # merge groups, so the runs are tried shortest first, each one
            # column longer than the last: one sort per column, not per run.
            key = np.zeros(n, dtype=np.int64)
            columns = self._columns(raw)
            for keep in range(q):
                if keep:
                    key = _fold(key, next(columns))
                projected = np.bincount(key)[key]
                shared = pending & (projected >= min(self.k, n))
                kept[shared] = keep
                achieved[shared] = projected[shared]
            del key, projected, shared
        self._kept = kept
        # Groups of respondents as released (a suppressed value is its own mark),
        # for l-diversity; a column at a time, not a marked copy of the whole matrix.
        self.groups = _group_ids(n, (np.where(kept > c, column, SUPPRESSED) for c, column in enumerate(self._columns(raw))))
        del raw
        # Writing needs only what was decided: the quasi-identifiers
        # collected, the largest thing held, can go.
        self._values = array("h")
        suppressed = {}
        for column, qi in enumerate(self.qis):
            count = int((kept <= column).sum())
            for variable in qi.variables:
                suppressed[variable.name] = count
        return Result(
            k=self.k,
            rows=n,
            levels={qi.question.id: level for qi, level in zip(self.qis, self._levels)},
            at_risk_before=dict(sorted(before.items())),
            suppressed_cells=suppressed,
            k_achieved=int(achieved.min()) if n else 0,
        )

    def apply_batch(self, start: int, data: dict[str, list[Any]]) -> None:
        """Recode and suppress a batch of respondents' columns, from respondent
        ``start`` in the order they were added (as they are written)."""
        if not self.qis:
            return
        count = len(data[self.qis[0].variables[0].name])
        kept = self._kept[start : start + count]
        for column, qi in enumerate(self.qis):
            mapping = qi.recoding(self._levels[column])
            suppressed = (kept <= column).tolist()
            hidden = any(suppressed)
            for variable in qi.variables:
                values = data[variable.name]
                if mapping:
                    values = [mapping.get(value, value) for value in values]
                if hidden:
                    values = [SUPPRESSED if gone else value for value, gone in zip(values, suppressed)]
                data[variable.name] = values

    def recoded_labels(self) -> dict[str, tuple[str, dict[int, str]]]:
        """Variables recoded globally: the step applied and their new value labels."""
        labels = {}
        for qi, level in zip(self.qis, self._levels):
            if level:
                step = qi.steps[level - 1]
                for variable in qi.variables:
                    labels[variable.name] = (step.label, {g: group.label for g, group in enumerate(step.groups.values(), start=1)})
        return labels
