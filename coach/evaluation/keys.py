"""Per-key agreement of one calibration split over repeats: kappa (mean and range), the threshold
verdict, the confusion matrix and how often a grade changed between repeats."""

from __future__ import annotations

from collections.abc import Sequence

from coach.evaluation.calibration import SCALES, Agreement, agreement
from coach.evaluation.kappa import confusion_matrix
from coach.evaluation.results import KeyResult, Measure, SplitResult
from coach.evaluation.suites import KappaKey, KappaThreshold
from coach.grading.corpus import CalibrationCase
from coach.grading.learned.scorer import ScorerMeta
from coach.models import Grade

KEYS: tuple[KappaKey, ...] = ("tone", "no_brevity", "options", "escalation_risk", "refusal")


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
    gate: KappaThreshold | None,
    ceiling: Agreement | None = None,
) -> SplitResult:
    """The agreement of every repeat's grades with the labels; `gate` (None: this split does not gate) is
    held against the mean kappa over repeats and the first repeat's other measures; `ceiling` is the raters'
    agreement on the same split, shown beside each figure."""
    agreements: list[Agreement] = [agreement(cases, grades) for grades in repeats]
    keys: list[KeyResult] = []
    for key in KEYS:
        per_repeat = [getattr(a, key) for a in agreements]
        kappas = [k.kappa for k in per_repeat if k.kappa is not None]
        mean = sum(kappas) / len(kappas) if kappas else None
        threshold = gate.kappa.get(key) if gate else None
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
                raters=getattr(ceiling, key).kappa if ceiling else None,
            )
        )
    return SplitResult(
        split=split,
        n=len(cases),
        gate=gate is not None,
        keys=keys,
        flags=[f for f in agreements[0].flags if f.labelled or f.predicted],
        measures=measures(agreements[0], gate, ceiling),
    )


def measures(found: Agreement, gate: KappaThreshold | None, ceiling: Agreement | None) -> list[Measure]:
    """Refusal F1, exact option counts and the share of grades at tone 3 and risk 3, with their bars."""
    neutral_bar = None
    if gate and gate.neutral_share is not None and found.neutral_share_labels is not None:
        neutral_bar = found.neutral_share_labels + gate.neutral_share
    out = [
        _measure(
            "refusal F1",
            found.refusal_f1,
            ceiling.refusal_f1 if ceiling else None,
            gate.refusal_f1 if gate else None,
        ),
        _measure(
            "options exact",
            found.options.exact,
            ceiling.options.exact if ceiling else None,
            gate.options_exact if gate else None,
        ),
        _measure(
            "share at tone 3 and risk 3",
            found.neutral_share,
            found.neutral_share_labels,
            neutral_bar,
            at_most=True,
        ),
    ]
    return out


def _measure(
    name: str, value: float | None, raters: float | None, threshold: float | None, at_most: bool = False
) -> Measure:
    if threshold is None or value is None:
        passed = threshold is None
    else:
        passed = value <= threshold if at_most else value >= threshold
    return Measure(
        name=name, value=value, reference=raters, threshold=threshold or None, at_most=at_most, passed=passed
    )


DEV = "dev"


def cross_validated(meta: ScorerMeta, n: int, ceiling: Agreement | None) -> SplitResult:
    """The dev split as the trained scorer's k-fold figures say (no confusion matrices: none were kept)."""
    figures = meta.cross_validated
    keys = [
        KeyResult(
            key=key,
            n=figures[key].n,
            kappa=figures[key].kappa,
            exact=figures[key].exact,
            labels=list(SCALES.get(key, (0, 1))),
            confusion=[],
            raters=getattr(ceiling, key).kappa if ceiling else None,
        )
        for key in KEYS
        if key in figures
    ]
    refusal = figures.get("refusal")
    options = figures.get("options")
    extra = [
        _measure(
            "refusal F1", refusal.f1 if refusal else None, ceiling.refusal_f1 if ceiling else None, None
        ),
        _measure(
            "options exact",
            options.exact if options else None,
            ceiling.options.exact if ceiling else None,
            None,
        ),
    ]
    return SplitResult(split=DEV, n=n, gate=False, keys=keys, measures=extra, source="cross-validated")
