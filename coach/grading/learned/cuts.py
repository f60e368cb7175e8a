"""Cut points for an ordinal scale's expected score, chosen on quadratic kappa (training time only).

A cumulative head gives an expected score (the lowest value plus the sum of its step probabilities).
Rounding it at the half-steps pulls scores to the middle: a step's probability rarely reaches 1, so the
ends of a scale are seldom reached. Instead each step gets a cut on a 0.05 grid of the expected score,
chosen by coordinate ascent on quadratic kappa against the labels (starting at the half-steps, a few
sweeps, each cut moved between its neighbours). The search is deterministic: candidates are tried lowest
first and a cut moves only for a strictly better kappa, so ties keep the cut where it was.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

GRID = 0.05
SWEEPS = 3


def decode(expected: np.ndarray, values: Sequence[int], cuts: Sequence[float]) -> np.ndarray:
    """Each expected score's value: the lowest value plus how many cuts it reaches (as the scorer does)."""
    return values[0] + np.searchsorted(np.asarray(cuts, dtype=float), expected, side="right")


def quadratic_kappa(y: np.ndarray, predicted: np.ndarray, values: Sequence[int]) -> float:
    """Cohen's kappa with quadratic weights over the scale's values (0 where it is undefined)."""
    k = len(values)
    a = np.asarray(y) - values[0]
    b = np.asarray(predicted) - values[0]
    observed = np.bincount(a * k + b, minlength=k * k).reshape(k, k).astype(float)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / max(observed.sum(), 1.0)
    grid = np.arange(k)
    weights = (grid[:, None] - grid[None, :]) ** 2
    disagreement = float((weights * expected).sum())
    return 0.0 if disagreement == 0 else 1.0 - float((weights * observed).sum()) / disagreement


def choose(expected: np.ndarray, y: np.ndarray, values: Sequence[int]) -> list[float]:
    """The cuts (one per step, lowest first) that give the best quadratic kappa on these turns."""
    low, high = values[0], values[-1]
    grid = np.round(np.arange(low, high + GRID / 2, GRID), 2)
    cuts = [low + 0.5 + step for step in range(len(values) - 1)]
    best = quadratic_kappa(y, decode(expected, values, cuts), values)
    for _ in range(SWEEPS):
        for j in range(len(cuts)):
            floor = cuts[j - 1] if j > 0 else low
            ceiling = cuts[j + 1] if j + 1 < len(cuts) else high
            for candidate in grid[(grid >= floor) & (grid <= ceiling)].tolist():
                trial = [*cuts[:j], candidate, *cuts[j + 1 :]]
                kappa = quadratic_kappa(y, decode(expected, values, trial), values)
                if kappa > best + 1e-12:
                    best, cuts = kappa, trial
    return [round(c, 2) for c in cuts]


def nested(expected: np.ndarray, y: np.ndarray, values: Sequence[int], folds: np.ndarray) -> np.ndarray:
    """Each turn's value with the cuts chosen on the other folds' turns: a figure measured on these
    predictions has not seen the turns it is measured on, in the cuts as in the weights."""
    predicted = np.zeros(len(y), dtype=int)
    for k in np.unique(folds).tolist():
        held = folds == k
        cuts = choose(expected[~held], y[~held], values)
        predicted[held] = decode(expected[held], values, cuts)
    return predicted
