"""The scales' cut points: chosen on quadratic kappa in training (nested for the stored figure), stored in
the artefact, and used by the scorer instead of rounding at the half-steps."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from coach.grading.learned import cuts
from coach.grading.learned.features import Situation, TurnFeatures, turn_features
from coach.grading.learned.scorer import VERSION, Head, Scorer, ScorerMeta
from coach.grading.rules.reading import read_turn

SCALE = (1, 2, 3, 4, 5)


def _features() -> TurnFeatures:
    return turn_features(read_turn("Hello there.", None, "Hi."), Situation(patient="Hi."))


def _scorer(step_odds: list[float], head_cuts: list[float]) -> Scorer:
    """A one-head scorer whose tone steps have these probabilities on any turn (its weights are zero)."""
    head = Head(
        name="tone", kind="cumulative", values=list(SCALE), start=0, stop=4, decode="cuts", cuts=head_cuts
    )
    meta = ScorerMeta(version=VERSION, corpus_sha256="x", trained_on=1, heads=[head])
    bias = np.log(np.array(step_odds) / (1 - np.array(step_odds)))
    return Scorer(["w:unused"], np.zeros((1, 4), dtype=np.float32), bias, meta)


def test_the_scorer_decodes_a_scale_with_its_stored_cuts_not_at_the_half_steps() -> None:
    odds = [0.99, 0.9, 0.57, 0.1]  # expected tone 1 + 2.56 = 3.56: rounding says 4
    assert _scorer(odds, [1.5, 2.5, 3.5, 4.5]).score(_features())["tone"].value == 4
    assert _scorer(odds, [1.5, 2.5, 3.6, 4.5]).score(_features())["tone"].value == 3
    top = [0.99, 0.97, 0.95, 0.75]  # expected 4.66
    assert _scorer(top, [1.5, 2.5, 3.5, 4.7]).score(_features())["tone"].value == 4
    assert _scorer(top, [1.5, 2.5, 3.5, 4.2]).score(_features())["tone"].value == 5
    verdict = _scorer(top, [1.5, 2.5, 3.5, 4.2]).score(_features())["tone"]
    assert verdict.probability == pytest.approx(0.75, abs=1e-6)  # P(above 4): the chosen value's own


def test_an_artefact_with_missing_or_disordered_cuts_or_an_old_version_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="one cut per step"):
        Head(name="tone", kind="cumulative", values=list(SCALE), start=0, stop=4, decode="cuts", cuts=[2.5])
    with pytest.raises(ValidationError, match="rise"):
        Head(
            name="tone",
            kind="cumulative",
            values=list(SCALE),
            start=0,
            stop=4,
            decode="cuts",
            cuts=[1.5, 3.5, 2.5, 4.5],
        )
    with pytest.raises(ValidationError, match="only a cumulative head"):
        Head(name="refusal", kind="binary", values=[1], start=0, stop=1, decode="threshold", cuts=[0.5])
    scorer = _scorer([0.9, 0.8, 0.5, 0.1], [1.5, 2.5, 3.5, 4.5])
    path = tmp_path / "scorer.npz"
    scorer.save(path, ["w:unused"])
    assert Scorer.load(path).meta.heads[0].cuts == [1.5, 2.5, 3.5, 4.5]
    old = json.loads(scorer.meta.model_dump_json()) | {"version": 1}
    with pytest.raises(ValidationError, match="version 1"):
        ScorerMeta.model_validate(old)


def _synthetic(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Expected scores pulled to the middle, as a cumulative head's are: the labels' ends sit inside the
    half-steps (a 5 from an expected 4.2, a 1 below 1.8)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(1, 6, n)
    centre = np.array([1.55, 2.4, 3.0, 3.6, 4.45])[y - 1]
    return np.clip(centre + rng.normal(0, 0.18, n), 1, 5), y


def test_cuts_chosen_on_kappa_move_the_ends_in_and_beat_rounding() -> None:
    expected, y = _synthetic(600, 1)
    chosen = cuts.choose(expected, y, SCALE)
    assert chosen[0] < 1.5 + 0.5 and chosen[-1] < 4.5  # the top cut comes in towards the labels' 5s
    assert all(round(c / cuts.GRID) * cuts.GRID == pytest.approx(c) for c in chosen)  # on the grid
    rounded = cuts.quadratic_kappa(y, cuts.decode(expected, SCALE, [1.5, 2.5, 3.5, 4.5]), SCALE)
    assert cuts.quadratic_kappa(y, cuts.decode(expected, SCALE, chosen), SCALE) > rounded + 0.02
    assert cuts.choose(expected, y, SCALE) == chosen  # deterministic


def test_the_nested_figure_cuts_each_fold_where_the_other_folds_put_the_cuts() -> None:
    expected, y = _synthetic(500, 2)
    folds = np.arange(len(y)) % 5
    predicted = cuts.nested(expected, y, SCALE, folds)
    for k in range(5):
        held = folds == k
        others = cuts.choose(expected[~held], y[~held], SCALE)
        assert np.array_equal(predicted[held], cuts.decode(expected[held], SCALE, others))
    # a fold's own labels never move its cuts: relabel fold 0 at random and its predictions stay
    relabelled = y.copy()
    relabelled[folds == 0] = np.random.default_rng(3).integers(1, 6, int((folds == 0).sum()))
    again = cuts.nested(expected, relabelled, SCALE, folds)
    assert np.array_equal(again[folds == 0], predicted[folds == 0])
