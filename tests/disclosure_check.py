"""An intruder's view of an export, worked out here and not by the export's
own code: how many released records each one could be, and how many
different answers to a sensitive question those records gave.

A suppressed value (-9) matches any value that was asked. Whether a
question was asked can be told from the route, and the export shows it: -1
("not asked") never matches an answer, and a suppressed cell is one that
was asked, except in a record whose every key is suppressed, which matches
anyone."""

from __future__ import annotations

import numpy as np

SUPPRESSED = "-9"
NOT_ASKED = "-1"


def _cells(rows: list[dict[str, str]], keys: list[str]) -> np.ndarray:
    # Codes may be written as 3 or 3.0; text columns as they are.
    def tidy(value: str) -> str:
        try:
            return str(int(float(value)))
        except ValueError:
            return value

    return np.array([[tidy(row[key]) for key in keys] for row in rows], dtype=object)


def compatible(rows: list[dict[str, str]], keys: list[str]) -> np.ndarray:
    """An n×n matrix: could record i be the person behind record j's keys?"""
    cells = _cells(rows, keys)
    whole = (cells == SUPPRESSED).all(axis=1)
    n = len(rows)
    match = np.ones((n, n), dtype=bool)
    for column in range(cells.shape[1]):
        values = cells[:, column]
        same = values[:, None] == values[None, :]
        hidden = values == SUPPRESSED
        asked = values != NOT_ASKED
        # A suppressed cell matches any asked cell, either way round.
        wild = (hidden[:, None] & asked[None, :]) | (asked[:, None] & hidden[None, :])
        match &= same | wild
    match[whole, :] = True
    match[:, whole] = True
    return match


def class_sizes(rows: list[dict[str, str]], keys: list[str]) -> np.ndarray:
    return compatible(rows, keys).sum(axis=1)


def smallest_class(rows: list[dict[str, str]], keys: list[str]) -> int:
    return int(class_sizes(rows, keys).min())


def l_of(rows: list[dict[str, str]], keys: list[str], answer) -> np.ndarray:
    """For each record with a real answer (``answer(row)`` not None): how
    many different real answers the records it is compatible with gave; 0
    for the rest."""
    match = compatible(rows, keys)
    answers = [answer(row) for row in rows]
    found = np.zeros(len(rows), dtype=int)
    for i, mine in enumerate(answers):
        if mine is not None:
            found[i] = len({answers[j] for j in np.flatnonzero(match[i]) if answers[j] is not None})
    return found
