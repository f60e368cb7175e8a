"""coach.evaluation.kappa gives scikit-learn's Cohen's kappa and confusion matrix, which the app reports
to trainers and `coach eval` gates on, without scikit-learn installed."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.evaluation.kappa import cohen_kappa, confusion_matrix

# scikit-learn is imported by the tests that compare with it, not at the top: every pytest-xdist worker
# imports every test module to collect it, and scikit-learn costs about 1.5 CPU s to import.
SCALE = [1, 2, 3, 4, 5]
# No per-example deadline: on a loaded machine scikit-learn's input checks alone can pass hypothesis's 200 ms.
UNTIMED = settings(deadline=None)
pairs = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=60)


def same(ours: float, theirs: float) -> bool:
    return (math.isnan(ours) and math.isnan(theirs)) or math.isclose(ours, theirs, abs_tol=1e-12)


@UNTIMED
@given(pairs)
def test_quadratic_kappa_over_the_full_scale_matches_scikit_learn(labelled: list[tuple[int, int]]) -> None:
    from sklearn.metrics import cohen_kappa_score

    truth, graded = zip(*labelled, strict=True)
    theirs = float(cohen_kappa_score(truth, graded, labels=SCALE, weights="quadratic"))
    assert same(cohen_kappa(truth, graded, labels=SCALE, weights="quadratic"), theirs)


@UNTIMED
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=60))
def test_plain_kappa_on_yes_no_matches_scikit_learn(labelled: list[tuple[int, int]]) -> None:
    from sklearn.metrics import cohen_kappa_score

    truth, graded = zip(*labelled, strict=True)
    assert same(cohen_kappa(truth, graded), float(cohen_kappa_score(truth, graded)))


@UNTIMED
@given(pairs)
def test_confusion_matrix_matches_scikit_learn(labelled: list[tuple[int, int]]) -> None:
    from sklearn.metrics import confusion_matrix as sklearn_confusion

    truth, graded = zip(*labelled, strict=True)
    assert np.array_equal(
        confusion_matrix(truth, graded, SCALE), sklearn_confusion(truth, graded, labels=SCALE)
    )


def test_pairs_outside_the_labels_are_left_out_of_the_matrix() -> None:
    assert confusion_matrix([1, 2, 9], [2, 2, 1], [1, 2]).tolist() == [[0, 1], [0, 1]]


def test_perfect_agreement_is_one_and_a_miss_by_the_whole_scale_costs_most() -> None:
    assert cohen_kappa([1, 3, 5], [1, 3, 5], labels=SCALE, weights="quadratic") == 1.0
    near = cohen_kappa([1, 3, 5, 5], [1, 3, 5, 4], labels=SCALE, weights="quadratic")
    far = cohen_kappa([1, 3, 5, 5], [1, 3, 5, 1], labels=SCALE, weights="quadratic")
    assert far < near < 1.0
