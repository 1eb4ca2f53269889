"""l-diversity counted: for each respondent, how many different answers to a
sensitive question the people who share their released keys gave (one sort
of (group, answer) pairs per class of suppressed keys, in flat memory); and
enforced, when the bank asks, by suppressing more keys and last the answer:
step 3 of ``disclosure``."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .matching import Hashes, View, group_numbers, key_classes
from .variables import NOT_ASKED


class Distinct:
    """Each different answer to a sensitive question as a small number, two
    bytes a respondent: 0 for no real answer (not asked, declined, left
    blank), 1 and up for the rest. Past 65,535 different answers the numbers
    are folded, so two might count as one answer, never one as two."""

    def __init__(self) -> None:
        self._ids: dict[int, int] = {}
        self.parts: list[np.ndarray] = []

    def add(self, values: np.ndarray) -> None:
        found, inverse = np.unique(values, return_inverse=True)
        ids = np.array([0 if value < 0 else self._ids.setdefault(int(value), len(self._ids)) % 65535 + 1
                        for value in found], dtype=np.uint16)
        self.parts.append(ids[inverse.reshape(-1)])

    def values(self) -> np.ndarray:
        """Every respondent's number, in one array (the batches are let go)."""
        joined = np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.uint16)
        self.parts = [joined]
        return joined


def distinct_answers(classes: Iterable[tuple[np.ndarray, np.ndarray]], masks: np.ndarray, whole: np.ndarray,
                     answers: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per sensitive question, per row: how many different real answers
    the respondents its released keys match gave (0 where the row has no
    real answer). ``classes``: each set of rows with the same keys
    suppressed, and every row's group under those released keys."""
    found_l = {}
    n = len(masks)
    for name, shown in answers.items():
        real = shown > 0
        found_l[name] = np.where(whole & real, min(len(np.unique(shown[real])), 65535), 0).astype(np.uint16)
    for rows, found in classes:
        if len(rows) * 4 >= n:
            # Most respondents: everyone's group, by sorting once.
            member_group = group_numbers(found)
            members, mine, groups = None, member_group[rows], int(member_group.max()) + 1
        else:
            # A few: only the respondents in their groups are looked at (a binary search each).
            wanted = np.unique(found[rows])
            at = np.minimum(np.searchsorted(wanted, found), len(wanted) - 1)
            members = np.flatnonzero(wanted[at] == found)
            member_group = at[members].astype(np.int64)
            mine, groups = np.searchsorted(wanted, found[rows]), len(wanted)
        del found
        for name, shown in answers.items():
            values = shown if members is None else shown[members]
            real = values > 0
            pairs = member_group[real].astype(np.int64)
            pairs *= 65536
            pairs += values[real]
            del real
            pairs.sort()  # in place: the distinct pairs are where the sorted values change
            first = np.empty(len(pairs), dtype=bool)
            if len(pairs):
                first[0] = True
                np.not_equal(pairs[1:], pairs[:-1], out=first[1:])
            distinct = pairs[first]
            del pairs, first
            distinct //= 65536
            per_group = np.bincount(distinct, minlength=groups)
            del distinct
            own = shown[rows] > 0
            found_l[name][rows[own]] = np.minimum(per_group[mine[own]], 65535)
    return found_l


def enforce_diversity(columns: View, masks: np.ndarray, whole: np.ndarray, q: int, answers: dict[str, np.ndarray],
                      need: int | None) -> tuple[dict[str, dict[str, int]], dict[str, np.ndarray]]:
    """l-diversity per sensitive question, enforced to ``need`` when the bank
    sets it (``masks`` and ``whole`` are added to in place), counted always:
    the report, and per question the rows whose answer must be suppressed."""
    if not answers:
        return {}, {}
    hashes = Hashes(columns, seed=4) if len(columns) else None
    # Answers suppressed, per question, made only when there are some.
    hidden: dict[str, np.ndarray | None] = dict.fromkeys(answers)

    def l_values(name: str) -> np.ndarray:
        shown = answers[name] if hidden[name] is None else np.where(hidden[name], 0, answers[name])
        if hashes is None:
            return np.where(shown > 0, len(np.unique(shown[shown > 0])), 0)
        return distinct_answers(key_classes(hashes, masks, whole, q), masks, whole, {name: shown})[name]

    if need and hashes is not None:
        for name in answers:
            # More keys suppressed for each person whose answer is read off,
            # the least important first, while it keeps helping.
            for _ in range(q):
                values = l_values(name)
                short = np.flatnonzero((values > 0) & (values < need) & ~whole)
                if not short.size:
                    break
                asked = np.column_stack([columns.raw(c)[short] != NOT_ASKED for c in range(q)])
                for at, row in enumerate(short):
                    free = [c for c in range(q - 1, -1, -1) if not int(masks[row]) >> c & 1 and asked[at, c]]
                    if free:
                        masks[row] |= np.uint32(1 << free[0])
                    else:
                        whole[row] = True
            # Last: the answer itself, until nobody's can be read off.
            while True:
                values = l_values(name)
                short = (values > 0) & (values < need)
                if not short.any():
                    break
                hidden[name] = short if hidden[name] is None else hidden[name] | short
    report = {}
    for name in answers:  # one question at a time: one array of l in memory, not one per question
        values = l_values(name)
        real = values > 0
        report[name] = {
            "l": int(values[real].min()) if real.any() else 0,
            "disclosed": int((values == 1).sum()),
            "suppressed": int(hidden[name].sum()) if hidden[name] is not None else 0,
        }
        del values, real
    return report, {name: np.flatnonzero(rows) for name, rows in hidden.items() if rows is not None and rows.any()}
