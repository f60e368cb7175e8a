"""Per-key agreement of one calibration split over repeats: kappa (mean and range), the threshold
verdict, the confusion matrix and how often a grade changed between repeats."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sklearn.metrics import confusion_matrix

from coach.evaluation.calibration import SCALES, Agreement, CalibrationCase, agreement
from coach.evaluation.results import KeyResult, SplitResult
from coach.models import Grade

KEYS = ("tone", "no_brevity", "options", "escalation_risk", "refusal")


def label_of(case: CalibrationCase, key: str) -> int | None:
    value = getattr(case.labels, key)
    return None if value is None else int(value)


def grade_of(grade: Grade, key: str) -> int | None:
    value = grade.refusal if key == "refusal" else getattr(grade.scores, key)
    return None if value is None else int(value)


def confusion(
    cases: Sequence[CalibrationCase], grades: Sequence[Grade], key: str
) -> tuple[list[int], list[list[int]]]:
    """(classes, matrix) with rows the expert label and columns the grade, over the full scale.
    no_brevity counts only turns both sides call a refusal (as its kappa does)."""
    classes = list(SCALES.get(key, (0, 1)))
    pairs = [(label_of(c, key), grade_of(g, key)) for c, g in zip(cases, grades, strict=True)]
    pairs = [(t, p) for t, p in pairs if t is not None and p is not None]
    if not pairs:
        return classes, [[0] * len(classes) for _ in classes]
    truth, graded = zip(*pairs, strict=True)
    return classes, confusion_matrix(truth, graded, labels=classes).tolist()


def unstable_share(repeats: Sequence[Sequence[Grade]], key: str) -> float | None:
    """Share of cases whose grade on `key` was not the same in every repeat (None for one repeat)."""
    if len(repeats) < 2 or not repeats[0]:
        return None
    changed = sum(len({grade_of(run[i], key) for run in repeats}) > 1 for i in range(len(repeats[0])))
    return changed / len(repeats[0])


def split_result(
    split: str,
    cases: Sequence[CalibrationCase],
    repeats: Sequence[Sequence[Grade]],
    thresholds: Mapping[str, float] | None,
) -> SplitResult:
    """The agreement of every repeat's grades with the labels; `thresholds` (None: this split does not
    gate) are held against the mean kappa over repeats."""
    agreements: list[Agreement] = [agreement(cases, grades) for grades in repeats]
    keys: list[KeyResult] = []
    for key in KEYS:
        per_repeat = [getattr(a, key) for a in agreements]
        kappas = [k.kappa for k in per_repeat if k.kappa is not None]
        mean = sum(kappas) / len(kappas) if kappas else None
        threshold = (thresholds or {}).get(key)
        classes, matrix = confusion(cases, repeats[0], key)
        keys.append(
            KeyResult(
                key=key,
                n=per_repeat[0].n,
                kappa=mean,
                kappa_low=min(kappas) if kappas else None,
                kappa_high=max(kappas) if kappas else None,
                exact=per_repeat[0].exact,
                threshold=threshold,
                passed=threshold is None or (mean is not None and mean >= threshold),
                labels=classes,
                confusion=matrix,
                unstable=unstable_share(repeats, key),
            )
        )
    return SplitResult(
        split=split,
        n=len(cases),
        gate=thresholds is not None,
        keys=keys,
        flags=[f for f in agreements[0].flags if f.labelled or f.predicted],
    )
