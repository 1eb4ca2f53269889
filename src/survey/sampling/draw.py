"""Drawing a stratified simple random sample without replacement.

numpy's seeded generator (PCG64) picks the positions in each stratum, taken
in sorted order, so the same frame, size, allocation and seed give the same
cases on any machine. Each case's selection probability is n_h / N_h.
(samplics, the library the issue names, is archived by its authors and pulls
in statsmodels and polars for what is one call to ``Generator.choice``.)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import numpy as np


class DrawRefused(Exception):
    """The allocation cannot be met; the message says why, in one sentence."""


def allocate(sizes: Mapping[str, int], n: int | None, allocation: str) -> dict[str, int]:
    """Cases to draw per stratum: "proportional" (largest remainders), "equal",
    or "N-per-stratum" (or just N)."""
    strata = sorted(sizes)
    fixed = re.fullmatch(r"(\d+)(?:-per-stratum)?", allocation)
    if fixed:
        each = int(fixed.group(1))
        if n is not None and n != each * len(strata):
            raise DrawRefused(f"{each} in each of {len(strata)} strata is {each * len(strata)} cases, not the {n} asked for")
        wanted = dict.fromkeys(strata, each)
    elif n is None:
        raise DrawRefused("give the sample size (--size)")
    elif n < 1:
        raise DrawRefused("the sample size must be at least 1")
    elif allocation == "proportional":
        total = sum(sizes.values())
        if n > total:
            raise DrawRefused(f"the frame has {total} addresses, fewer than the {n} asked for")
        exact = {s: n * sizes[s] / total for s in strata}
        wanted = {s: math.floor(exact[s]) for s in strata}
        # Hare's largest remainders, ties to the stratum first in order.
        for s in sorted(strata, key=lambda s: (-(exact[s] - wanted[s]), s))[: n - sum(wanted.values())]:
            wanted[s] += 1
    elif allocation == "equal":
        base, extra = divmod(n, len(strata))
        wanted = {s: base + (1 if i < extra else 0) for i, s in enumerate(strata)}
    else:
        raise DrawRefused(f"{allocation!r} is not an allocation: use proportional, equal or N-per-stratum")
    short = [s for s in strata if wanted[s] > sizes[s]]
    if short:
        s = short[0]
        raise DrawRefused(f"stratum {s!r} has {sizes[s]} addresses, fewer than the {wanted[s]} to be drawn from it")
    return wanted


def draw(sizes: Mapping[str, int], wanted: Mapping[str, int], seed: int) -> tuple[dict[str, set[int]], dict[str, float]]:
    """The positions drawn in each stratum, and each stratum's selection probability."""
    generator = np.random.default_rng(seed)
    chosen: dict[str, set[int]] = {}
    probabilities: dict[str, float] = {}
    for stratum in sorted(sizes):
        n_h = wanted.get(stratum, 0)
        chosen[stratum] = {int(i) for i in generator.choice(sizes[stratum], size=n_h, replace=False)}
        probabilities[stratum] = n_h / sizes[stratum]
    return chosen, probabilities
