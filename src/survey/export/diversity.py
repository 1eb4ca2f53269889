"""l-diversity counted: for each respondent, how many different answers to a
sensitive question the people who share their released keys gave. One sort
of (group, answer) pairs per class of suppressed keys, in flat memory;
``disclosure.Anonymiser`` decides what to suppress with it."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .matching import group_numbers


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
