"""Cohen's kappa and the confusion matrix in numpy, as scikit-learn defines them.

The app computes kappa at run time (the trainer's agreement over time) and `coach eval` reports it; doing
it here keeps scikit-learn and scipy, which only the grader's training needs, out of the installed app.
tests/test_kappa.py checks these against scikit-learn on random labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np


def confusion_matrix(truth: Sequence[int], graded: Sequence[int], labels: Sequence[int]) -> np.ndarray:
    """Counts with rows the true label and columns the graded one, in the order of `labels`; pairs with a
    value outside `labels` are left out."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for t, g in zip(truth, graded, strict=True):
        if t in index and g in index:
            matrix[index[t], index[g]] += 1
    return matrix


def cohen_kappa(
    truth: Sequence[int],
    graded: Sequence[int],
    labels: Sequence[int] | None = None,
    weights: Literal["none", "quadratic"] = "none",
) -> float:
    """Cohen's kappa of two raters; quadratic weights count a miss by the square of its distance in
    `labels` positions. `labels` defaults to every value either side used. NaN where kappa is undefined
    (no pair inside `labels`, or a single label in common), as scikit-learn returns by default."""
    classes = list(labels) if labels is not None else sorted(set(truth) | set(graded))
    confusion = confusion_matrix(truth, graded, classes).astype(np.float64)
    total = confusion.sum()
    if total == 0:
        return float("nan")
    expected = np.outer(confusion.sum(axis=1), confusion.sum(axis=0)) / total
    position = np.arange(len(classes))
    if weights == "quadratic":
        cost = (position[:, None] - position[None, :]) ** 2.0
    else:
        cost = 1.0 - np.eye(len(classes))
    chance = float((cost * expected).sum())
    if chance == 0:
        return float("nan")
    return 1.0 - float((cost * confusion).sum()) / chance
