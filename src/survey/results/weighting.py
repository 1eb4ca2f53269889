"""Raking weights: respondents weighted so that each breakdown the bank gives
population shares for (age band, sex, ...) matches them at once.

Iterative proportional fitting: scale the weights to match one margin, then
the next, and go round until every margin is within a tolerance. People who
did not say (the "not known" group of a margin) keep their own share of the
sample, and the known groups share the rest in the population's proportions,
so nobody is dropped for skipping a question.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Target:
    groups: np.ndarray  # group index per respondent; ``not_known`` for none
    shares: np.ndarray  # population share of each known group (sums to 1)
    not_known: int


def rake(targets: list[Target], size: int, iterations: int = 200, tolerance: float = 1e-7,
         base: np.ndarray | None = None) -> np.ndarray:
    """Weights with mean 1, one per respondent; from ``base`` (design
    weights) when given, so the raking weights multiply them."""
    weights = np.ones(size) if base is None or size == 0 else base * (size / base.sum())
    if size == 0 or not targets:
        return weights
    start = weights.copy()
    wanted = []
    for target in targets:
        unknown_share = float(start[target.groups == target.not_known].sum()) / size
        present = np.bincount(target.groups, minlength=target.not_known + 1)[: target.not_known] > 0
        # A group with no respondents cannot be weighted up: share its part among the others.
        shares = np.where(present, target.shares, 0.0)
        shares = shares / shares.sum() * (1 - unknown_share) if shares.sum() else shares
        wanted.append(np.append(shares, unknown_share) * size)
    for _ in range(iterations):
        worst = 0.0
        for target, goal in zip(targets, wanted):
            have = np.bincount(target.groups, weights=weights, minlength=target.not_known + 1)
            factor = np.divide(goal, have, out=np.ones_like(goal), where=have > 0)
            weights *= factor[target.groups]
            worst = max(worst, float(np.max(np.abs(have - goal))) / size)
        if worst < tolerance:
            break
    return weights * (size / weights.sum())

