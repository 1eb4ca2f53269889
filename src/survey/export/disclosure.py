"""k-anonymity and l-diversity over an export's keys, sdcMicro-style.

As the responses are read, their key columns are collected (small integers,
two bytes a respondent each while they fit), and each answer to a sensitive
question as a two-byte number. Then:

1. Recoding: the least important key that still has a coarser grouping is
   recoded one step at a time (33 boroughs to 5 sub-regions, say). Each
   plan along the way is costed: the cells local suppression would then
   remove, plus what recoding loses (each respondent's share of the key's
   information, by entropy). The cheapest plan is kept, so recoding stops
   where going on would lose more than it saves.
2. Local suppression, importance-driven and as small as it can be: each
   respondent whose combination fewer than k others share gets the fewest
   cells suppressed (the least important, among sets of the same size)
   that make k people share what is left. Exact for one or two cells; one
   cell at a time beyond, each the one that helps most.
3. l-diversity: the respondents a person's released keys match must have
   given at least l different real answers to each sensitive question
   (with ``disclosure.l_diversity``; otherwise it is counted and reported).
   Met by suppressing more of the person's keys; last, the answer itself.

A suppressed value matches any value, as in sdcMicro, with one exception an
intruder would see: whether a question was asked. The route is known from
the bank and the other answers, and "not asked" (-1) is released as it is,
so a suppressed cell matches only the cells that were asked; a person who
was not asked a question has nothing there to suppress. A combination is
checked against the people who share it before anyone's suppression (which
only ever adds to those who match), so each person's cells are decided on
their own.

Combinations are compared by sums of random numbers (``matching.py``). The
final check uses other random numbers, so a collision would have to happen twice.

The plan is then applied to each batch as it is written (``Anonymiser.apply_batch``).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from .keys import Key
from .diversity import Distinct, enforce_diversity
from .matching import Hashes, View, key_classes, keys_of
from .variables import NOT_ASKED, SUPPRESSED

#: Work the greedy search may do per plan, in respondents sorted (each count
#: sorts every respondent, and costs as much again as 300 of them besides);
#: respondents left over when it runs out keep the longest run of their
#: most important keys.
GREEDY_BUDGET = 20_000_000
#: Work the exact search may do past sets of two cells, for the plan kept.
EXACT_BUDGET = 20_000_000
#: How the keys are held, narrowest first: one byte a value while every
#: value fits (option numbers and missing codes mostly do), else two, else four.
_WIDTHS = (("b", np.int8), ("h", np.int16), ("i", np.int32))
#: What one count costs besides sorting, in respondents.
_COUNT_COST = 300


@dataclass
class Result:
    k: int
    rows: int
    levels: dict[str, int]
    at_risk_before: dict[int, int]  # class size below k → respondents
    suppressed_cells: dict[str, int] = field(default_factory=dict)
    k_achieved: int = 0
    information_loss: dict[str, Any] = field(default_factory=dict)
    l_diversity: dict[str, dict[str, int]] = field(default_factory=dict)


def _combinations(items: int, size: int) -> int:
    from math import comb

    return comb(items, size)


def _bits(keys: tuple[int, ...]) -> int:
    return sum(1 << key for key in keys)


def _entropy(column: np.ndarray) -> float:
    counts = np.unique(column[column != NOT_ASKED], return_counts=True)[1]
    if not counts.size:
        return 0.0
    shares = counts / counts.sum()
    return float(-(shares * np.log2(shares)).sum())


class Anonymiser:
    def __init__(self, keys: list[Key], k: int, l_diversity: int | None = None, sensitive: list[str] | None = None) -> None:
        self.keys = keys
        self.k = k
        self.l_diversity = l_diversity
        self.sensitive = {name: Distinct() for name in sensitive or []}
        # Row after row, one value per key: two bytes each while every value
        # fits (option numbers and missing codes do), else four.
        self._values = array("b")
        self._rows = 0
        self._levels: list[int] = [0] * len(keys)
        self._masks = np.zeros(0, dtype=np.uint32)  # per row: the keys suppressed, a bit each
        self._hidden: dict[str, np.ndarray] = {}  # sensitive question → rows whose answer is suppressed

    def add_batch(self, encoded: list[np.ndarray], sensitive: dict[str, np.ndarray] | None = None) -> None:
        """A batch of respondents: each key's values (``Key.numbers``), in
        order, and each sensitive question's (``as_numbers``)."""
        for name, values in (sensitive or {}).items():
            self.sensitive[name].add(values)
        if not self.keys:
            self._rows += len(next(iter(sensitive.values()))) if sensitive else 0
            return
        matrix = np.column_stack(encoded)
        if matrix.size and (matrix.min() < np.iinfo(np.int32).min or matrix.max() > np.iinfo(np.int32).max):
            raise ValueError("a key has a value too large to compare: is a number question flagged as a quasi-identifier?")
        if matrix.size:
            low, high = int(matrix.min()), int(matrix.max())
            for typecode, dtype in _WIDTHS:
                info = np.iinfo(dtype)
                if info.min <= low and high <= info.max:
                    break
            if np.dtype(dtype).itemsize > np.dtype(self._dtype()).itemsize:
                wider = array(typecode)
                wider.frombytes(self._matrix().astype(dtype).tobytes())
                self._values = wider
        self._values.frombytes(matrix.astype(self._dtype()).tobytes())
        self._rows += matrix.shape[0]

    def _dtype(self) -> type:
        return dict(_WIDTHS)[self._values.typecode]

    def _matrix(self) -> np.ndarray:
        if not self.keys:
            return np.zeros((self._rows, 0), dtype=np.int32)
        return np.frombuffer(self._values, dtype=self._dtype()).reshape(self._rows, len(self.keys))

    def _plans(self, original: list[np.ndarray]) -> list[list[int]]:
        """Recoding plans, each one step coarser than the last: the least
        important key first (never one with a single category: there is nothing to merge)."""
        levels = [0] * len(self.keys)
        plans = [list(levels)]
        while True:
            able = [c for c in range(len(self.keys) - 1, -1, -1)
                    if levels[c] < len(self.keys[c].steps) and _categories(original[c]) > 1]
            if not able:
                return plans
            levels[able[0]] += 1
            plans.append(list(levels))

    def solve(self) -> Result:
        raw = self._matrix()
        n, q = raw.shape
        if q > 32:
            raise ValueError("more than 32 keys")
        original = View(raw, self.keys, [0] * q)
        sizes = Hashes(original, seed=1).counts((), slice(None)) if q else np.full(n, n)
        before: dict[int, int] = {}
        for size in sizes[sizes < self.k]:
            before[int(size)] = before.get(int(size), 0) + 1
        del sizes
        entropy = [_entropy(column) for column in original]
        asked = [int(original.asked(c).sum()) for c in range(q)]

        best = None
        for levels in self._plans(original) if q else [[]]:
            columns = View(raw, self.keys, levels)
            recoding_loss = sum(
                asked[c] * (1 - _entropy(columns[c]) / entropy[c]) for c in range(q) if levels[c] and entropy[c] > 0
            )
            if best is not None and recoding_loss >= best[0]:
                break  # recoding alone loses more than the best plan in all, and only grows
            # Plans are compared with sets of up to two cells searched exactly
            # (and the longest run of important keys beyond), the kept one
            # searched further.
            masks, whole = self._suppress_for_k(Hashes(columns, seed=2), columns, exact=False)
            loss = _cells(masks, columns, whole) + recoding_loss
            if best is None or loss < best[0]:
                best = (loss, levels, recoding_loss)
        _, levels, recoding_loss = best  # type: ignore[misc]
        self._levels = list(levels)
        columns = View(raw, self.keys, self._levels)
        masks, whole = self._suppress_for_k(Hashes(columns, seed=2), columns, exact=True)
        cells = _cells(masks, columns, whole)
        diversity = self._diversity(columns, masks, whole)
        self._masks = masks
        self._whole = whole
        achieved = self._check(columns)
        suppressed = {}
        for c, key in enumerate(self.keys):
            count = int(((((masks >> c) & 1).astype(bool) | whole) & columns.asked(c)).sum())
            for variable in key.variables:
                suppressed[variable] = count
        merged = {
            key.name: {"from": _categories(original[c]), "to": _categories(columns[c])}
            for c, key in enumerate(self.keys) if self._levels[c] and _categories(columns[c]) < _categories(original[c])
        }
        del raw, original, columns
        # Writing needs only what was decided: the keys collected, the
        # largest thing held, can go.
        self._values = array("b")
        return Result(
            k=self.k,
            rows=n,
            levels={key.name: level for key, level in zip(self.keys, self._levels)},
            at_risk_before=dict(sorted(before.items())),
            suppressed_cells=suppressed,
            k_achieved=achieved,
            information_loss={
                "cells_suppressed": int(cells),
                "whole_records_suppressed": int(whole.sum()),
                "cells_recoded_equivalent": round(float(recoding_loss), 1),
                "categories_merged": merged,
                "sensitive_answers_suppressed": {name: int(len(rows)) for name, rows in self._hidden.items()},
            },
            l_diversity=diversity,
        )

    def _suppress_for_k(self, hashes: Hashes, columns: View, exact: bool) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the keys to suppress (bits), and the rows that need every
        key suppressed, "not asked" included (their pattern of questions asked is rare)."""
        n, q = hashes.rows, len(columns)
        masks = np.zeros(n, dtype=np.uint32)
        whole = np.zeros(n, dtype=bool)
        pending = np.flatnonzero(hashes.counts((), slice(None)) < self.k)
        if not pending.size:
            return masks, whole
        asked = np.column_stack([columns.raw(c)[pending] != NOT_ASKED for c in range(q)])
        # Less important keys cost a little less, but two cells always more than one.
        price = np.array([1.0 + (q - c) / (4.0 * q) for c in range(q)])
        cost = np.full(len(pending), np.inf)
        chosen = np.zeros(len(pending), dtype=np.uint32)
        most = np.zeros(len(pending), dtype=np.int64)
        start = np.zeros(len(pending), dtype=np.uint32)
        size = 0
        # Every set of one cell, then of two, and so on while the sets to try
        # stay within the budget: whoever is protected by the smallest set is
        # protected exactly (the cheapest of that size).
        while size < q:
            size += 1
            left = ~np.isfinite(cost)
            if not left.any():
                break
            useful = [c for c in range(q) if asked[left, c].any()]
            if size > 2 and (not exact or _combinations(len(useful), size) * (n + _COUNT_COST) > EXACT_BUDGET):
                size -= 1
                break
            for keys in combinations(useful, size):
                able = left & asked[:, list(keys)].all(axis=1)
                if not able.any():
                    continue
                counts = hashes.counts(keys, pending)
                value = price[list(keys)].sum()
                better = able & (counts >= self.k) & (value < cost)
                cost[better], chosen[better] = value, _bits(keys)
                more = able & (counts > most)
                most[more], start[more] = counts[more], _bits(keys)
        found = np.isfinite(cost)
        masks[pending[found]] = chosen[found]
        left = pending[~found]
        if left.size:
            budget = GREEDY_BUDGET // (n + _COUNT_COST) if exact else 0
            masks[left], whole[left] = self._greedy(hashes, columns, left, start[~found], most[~found], price, budget)
        return masks, whole

    def _greedy(self, hashes, columns, rows, masks, counts, price, budget: int) -> tuple[np.ndarray, np.ndarray]:
        """One more cell at a time for rows the exact search did not reach:
        for each, the key whose suppression leaves the most people matching
        (the cheaper on a tie); then each suppressed key given back, most
        important first, where k still holds without it."""
        q = len(columns)
        masks, counts = masks.copy(), counts.copy()
        asked = np.column_stack([columns.raw(c)[rows] != NOT_ASKED for c in range(q)])
        open_ = counts < self.k
        while open_.any() and budget > 0:
            progressed = False
            for mask in np.unique(masks[open_]):
                group = np.flatnonzero(open_ & (masks == mask))
                best_count = counts[group].copy()
                best_mask = masks[group].copy()
                best_price = np.full(len(group), np.inf)
                for key in range(q):
                    if int(mask) >> key & 1 or not asked[group, key].any():
                        continue
                    budget -= 1
                    found = hashes.counts(keys_of(int(mask) | 1 << key, q), rows[group])
                    more = found > best_count
                    tie = (found == best_count) & (found > counts[group]) & (price[key] < best_price)
                    better = asked[group, key] & (more | tie)
                    best_count[better], best_mask[better], best_price[better] = found[better], int(mask) | 1 << key, price[key]
                moved = best_mask != masks[group]
                progressed |= bool(moved.any())
                masks[group], counts[group] = best_mask, best_count
                if budget <= 0:
                    break
            open_ = counts < self.k
            if not progressed:
                break
        # Give back what is not needed.
        for key in range(q):
            if budget <= 0:
                break
            for mask in np.unique(masks[~open_]):
                if not int(mask) >> key & 1:
                    continue
                group = np.flatnonzero(~open_ & (masks == mask))
                budget -= 1
                found = hashes.counts(keys_of(int(mask) & ~(1 << key), q), rows[group])
                back = found >= self.k
                masks[group[back]] = int(mask) & ~(1 << key)
        whole = np.zeros(len(rows), dtype=bool)
        if open_.any():
            # Past the budget, or stuck: the longest run of most important keys
            # that k people share, the rest suppressed; if even none, everything.
            left = np.flatnonzero(open_)
            done = np.zeros(len(left), dtype=bool)
            for keep in range(q - 1, -1, -1):
                keys = tuple(range(keep, q))
                found = hashes.counts(keys, rows[left])
                fits = ~done & (found >= self.k)
                masks[left[fits]] = _bits(keys)
                done |= fits
            whole[left[~done]] = True
            masks[left[~done]] = _bits(tuple(range(q)))
        return masks, whole

    def _check(self, columns: View) -> int:
        """The smallest number of respondents any released combination matches (fresh hashes)."""
        n = len(columns.raw(0)) if len(columns) else self._rows
        if not len(columns) or not n:
            return n
        hashes = Hashes(columns, seed=3)
        smallest = n
        for rows, found in key_classes(hashes, self._masks, self._whole, len(self.keys)):
            unique, counts = np.unique(found, return_counts=True)
            smallest = min(smallest, int(counts[np.searchsorted(unique, found[rows])].min()))
        return smallest

    def _diversity(self, columns: View, masks: np.ndarray, whole: np.ndarray) -> dict[str, dict[str, int]]:
        """l-diversity per sensitive question (``masks`` and ``whole`` are added to in place)."""
        answers = {name: held.values() for name, held in self.sensitive.items()}
        report, self._hidden = enforce_diversity(columns, masks, whole, len(self.keys), answers, self.l_diversity)
        return report

    def apply_batch(self, start: int, data: dict[str, list[Any]],
                    sensitive_variables: dict[str, list[tuple[str, int]]] | None = None) -> None:
        """Recode and suppress a batch of respondents' columns, from respondent
        ``start`` in the order they were added (as they are written)."""
        if self.keys:
            count = len(data[self.keys[0].variables[0]])
            masks = self._masks[start : start + count]
            whole = self._whole[start : start + count]
            for column, key in enumerate(self.keys):
                gone = (((masks >> column) & 1).astype(bool) | whole).tolist()
                hidden = any(gone)
                mark, skipped = key.code(SUPPRESSED), key.code(NOT_ASKED)
                for name in key.variables:
                    values = key.recode(self._levels[column], data[name])
                    if hidden:
                        # "Not asked" stays: it can be told from the route (except for a whole record).
                        values = [
                            mark if off and (value != skipped and value != NOT_ASKED and value != getattr(key, "absent", None) or wholly)
                            else value
                            for value, off, wholly in zip(values, gone, whole.tolist())
                        ]
                    data[name] = values
        for name, rows in self._hidden.items():
            inside = rows[(rows >= start) & (rows < start + len(data["response_id"]))] - start
            for variable, mark in (sensitive_variables or {}).get(name, []):
                values = data[variable]
                for row in inside.tolist():
                    values[row] = mark

    def recoded_labels(self) -> dict[str, tuple[str, dict[int, str] | None]]:
        """Variables recoded: the step applied and their new value labels (None for text columns)."""
        labels = {}
        for key, level in zip(self.keys, self._levels):
            if level:
                step = key.steps[level - 1]
                for variable in key.variables:
                    labels[variable] = (step.label, step.value_labels)
        return labels


def _categories(column: np.ndarray) -> int:
    return int(len(np.unique(column[column >= 0])))


def _cells(masks: np.ndarray, columns: View, whole: np.ndarray) -> int:
    """Cells really suppressed: asked cells of suppressed keys (every cell of a whole record)."""
    total = int(whole.sum()) * len(columns)
    for c in range(len(columns)):
        total += int(((((masks >> c) & 1).astype(bool)) & ~whole & columns.asked(c)).sum())
    return total
