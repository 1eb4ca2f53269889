"""Telling respondents apart by their keys, in flat memory.

Combinations are compared by hashing: each key's value to a random 64-bit
number, a row to the sum of its keys' numbers. Suppressing a cell takes its
number away (and adds the number for "asked"), so any set of suppressed
cells is one subtraction and one count away.
"""

from __future__ import annotations

import numpy as np

from .keys import Key
from .variables import NOT_ASKED

#: Keys whose values span at most this many are looked up in a table by value.
_DENSE = 1 << 16
#: Up to this many respondents, groups are found by hashing; beyond, by sorting.
HASHED = 250_000


class View:
    """The keys under one recoding plan, a column at a time, recoded only
    when a column is asked for: never a recoded copy of them all."""

    def __init__(self, raw: np.ndarray, keys: list[Key], levels: list[int]) -> None:
        self._raw = raw
        self.mappings = [key.number_groups(level) for key, level in zip(keys, levels)]

    def __len__(self) -> int:
        return self._raw.shape[1]

    def raw(self, c: int) -> np.ndarray:
        return self._raw[:, c]

    def asked(self, c: int) -> np.ndarray:
        # Recoding never touches "not asked".
        return self._raw[:, c] != NOT_ASKED

    def __getitem__(self, c: int) -> np.ndarray:
        column, mapping = self._raw[:, c], self.mappings[c]
        if not mapping:
            return column
        recoded = column.astype(np.int32)
        for original, group in mapping.items():
            recoded[column == original] = group
        return recoded

    def __iter__(self):
        return (self[c] for c in range(len(self)))


class Hashes:
    """Rows as sums of random numbers, one per key value . Per key, a table from each raw value (recoding folded in) to
    what suppressing it takes away: the table is small, the rows are not."""

    def __init__(self, view: View, seed: int) -> None:
        rng = np.random.default_rng(seed)
        q = len(view)
        self.rows = len(view.raw(0)) if q else 0
        self.total = np.zeros(self.rows, dtype=np.uint64)
        self._view = view
        self._tables: list[tuple[np.ndarray | None, int, np.ndarray]] = []
        self._kept: dict[int, np.ndarray] = {}
        for c in range(q):
            column = view.raw(c)
            low = int(column.min()) if self.rows else 0
            high = int(column.max()) if self.rows else 0
            if high - low <= _DENSE:
                slots, inverse = np.arange(low, high + 1, dtype=np.int64), None
            else:  # a number question with a wide range: a table of the values there are
                slots, inverse = np.unique(column, return_inverse=True)
                slots, inverse, low = slots.astype(np.int64), inverse.reshape(-1).astype(np.int32), 0
            recoded = slots.copy()
            for original, group in view.mappings[c].items():
                recoded[slots == original] = group
            values, which = np.unique(recoded, return_inverse=True)
            numbers = rng.integers(0, np.iinfo(np.uint64).max, size=len(values), dtype=np.uint64, endpoint=True)[which]
            asked = rng.integers(0, np.iinfo(np.uint64).max, dtype=np.uint64, endpoint=True)
            self._tables.append((inverse, low, np.where(recoded == NOT_ASKED, np.uint64(0), numbers - asked)))
            self.total += numbers[self._index(c)]

    def _index(self, key: int) -> np.ndarray:
        inverse, low, _ = self._tables[key]
        return inverse if inverse is not None else np.subtract(self._view.raw(key), low, dtype=np.int32)

    def without(self, suppressed: tuple[int, ...]) -> np.ndarray:
        """Every row's number with the cells of ``suppressed`` keys suppressed."""
        found = self.total.copy()
        for key in suppressed:
            found -= self._taken(key)
        return found

    def _taken(self, key: int) -> np.ndarray:
        # What suppressing a key takes away, per row: kept while they fit in
        # 16 MB together, for up to a few hundred thousand rows, else worked out each time.
        if key in self._kept:
            return self._kept[key]
        taken = self._tables[key][2][self._index(key)]
        if (len(self._kept) + 1) * taken.nbytes <= 16 * 2**20 and self.rows <= HASHED:
            self._kept[key] = taken
        return taken

    def counts(self, suppressed: tuple[int, ...], rows: np.ndarray) -> np.ndarray:
        """For each of ``rows``: how many respondents match it with those keys suppressed."""
        # Hashing (pandas' factorize): one pass each, fast; past a few hundred
        # thousand rows, one sort, whose memory is a third of a hash table's.
        found = self.without(suppressed)
        if self.rows <= HASHED:
            import pandas as pd  # imported here: a large export does without pandas' memory

            codes = pd.factorize(found)[0]
        else:
            codes = group_numbers(found)
        del found
        return np.bincount(codes)[codes[rows]]


def group_numbers(found: np.ndarray) -> np.ndarray:
    """For each row, a number shared exactly by the rows with the same value
    (0, 1, 2... in sorted order), by one sort: less memory than a hash table."""
    order = np.argsort(found)
    ordered = found[order]
    change = np.empty(len(found), dtype=np.int32)  # fewer than 2**31 rows: four bytes a row will do
    if len(found):
        change[0] = 0
        np.not_equal(ordered[1:], ordered[:-1], out=change[1:], casting="unsafe")
    del ordered
    np.cumsum(change, out=change)
    numbers = np.empty(len(found), dtype=np.int32)
    numbers[order] = change
    return numbers


def keys_of(mask: int, width: int) -> tuple[int, ...]:
    """The keys a bit mask of suppressed keys names."""
    return tuple(key for key in range(width) if mask >> key & 1)


def key_classes(hashes: Hashes, masks: np.ndarray, whole: np.ndarray, width: int):
    """Each distinct set of suppressed keys, with its rows and, for every
    row, the group of respondents its released keys match."""
    for mask in np.unique(masks[~whole]):
        rows = np.flatnonzero((masks == mask) & ~whole)
        yield rows, hashes.without(keys_of(int(mask), width))
