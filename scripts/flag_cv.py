"""Flags as the offline grade reports them, cross-validated on dev: precision, recall and F1 of the learned
head alone and of the head or a trusted rule reading (evals/calibration/README.md, "Threats, containment
threats and mockery read by their shape").

`coach train-grader` stores each head's cross-validated F1, but a grade also reports a flag when one of
its rule readings proved precise on dev; this prints both, with the same folds, features, strength and
threshold choice as training. Dev only: the test split is never read. Takes a few minutes.

    python scripts/flag_cv.py [threat containment_threat mockery]
"""

from __future__ import annotations

import argparse

import numpy as np

from coach.config import get_settings
from coach.evaluation.suites import EVALS_DIR
from coach.grading.corpus import load_cases
from coach.grading.learned import train
from coach.grading.learned.scorer import feature_weights
from coach.grading.rules.phrase import reported_as
from coach.personas import load_personas


def _figures(said: np.ndarray, truth: np.ndarray) -> str:
    hits = int((said & truth).sum())
    precision = hits / max(int(said.sum()), 1)
    recall = hits / max(int(truth.sum()), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("flags", nargs="*", default=["threat", "containment_threat", "mockery"])
    args = parser.parse_args()

    cases = [c for c in load_cases(EVALS_DIR / "calibration" / "dev.jsonl") if c.split == "dev"]
    examples = [train.example_of(c) for c in cases]
    personas = load_personas(get_settings().personas_dir)
    featurised = [train.featurise(e, personas) for e in examples]
    vocabulary = train._vocabulary([f.names() for f, _ in featurised])
    index = {name: i for i, name in enumerate(vocabulary)}
    weigh = feature_weights(vocabulary, train.FEATURE_WEIGHTS)
    matrix = train._matrix([f.names() for f, _ in featurised], index, weigh)
    folds = np.random.default_rng(train.SEED).permutation(len(examples)) % train.FOLDS
    trusted = set(train._trusted_rule_flags(examples, [cues for _, cues in featurised]))
    print(f"trusted readings: {', '.join(sorted(trusted))}")
    for flag in args.flags:
        name = f"flag:{flag}"
        truth = np.array([bool(e.labels[name]) for e in examples])
        y = truth.astype(int)
        out_of_fold = train._out_of_fold(matrix, y, (0, 1), "binary", train.FLAG_C, folds)
        choices = train._decodings(out_of_fold, y, (0, 1), "binary", train.FLAG_C, train.FLAG_BETA, folds)
        best = max(choices, key=lambda c: c.figure)
        head = out_of_fold[:, 0] >= best.threshold
        readings = {c.value for c in reported_as(flag)} & trusted
        ruled = np.array([bool(readings & cues) for _, cues in featurised])
        print(f"{flag} ({int(truth.sum())} of {len(truth)} dev turns, threshold {best.threshold})")
        print(f"  head alone          {_figures(head, truth)}")
        print(f"  head or a reading   {_figures(head | ruled, truth)}")


if __name__ == "__main__":
    main()
