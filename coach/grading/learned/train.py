"""Fitting the scorer: from the labelled dev split to the artefact shipped beside coach.grading.learned.

Logistic regressions over the same features (scikit-learn at training time only): for an ordinal scale,
one per step ("is the score above 2?"), which respects the order of the scale; for `options`, whose
labels are counts, one per value; for a yes/no key or flag, one. For each head the regularisation
strength, and for yes/no heads the probability threshold, are chosen by k-fold cross-validation on dev
(on quadratic kappa for scales, exact agreement for option counts, F1 for yes/no keys and F0.5 for flags,
since a false flag costs a trainee more than a missed one), and the
cross-validated figures are stored in the artefact. A scale's cut points (`coach.grading.learned.cuts`)
are chosen on the pooled out-of-fold scores; its stored figure is nested: each fold is cut where the
other folds put the cuts. Folds are fixed by a seed, so the same corpus gives
the same artefact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from coach.grading.corpus import CalibrationCase, case_context
from coach.grading.learned import cuts
from coach.grading.learned.features import Situation, TurnFeatures, turn_features
from coach.grading.learned.plan_kinds import RatedLines, kind_labels
from coach.grading.learned.scorer import (
    KIND_HEAD,
    VERSION,
    CrossValidated,
    Head,
    Scorer,
    ScorerMeta,
    feature_weights,
)
from coach.grading.rules.phrase import reported_as
from coach.grading.rules.reading import read_turn
from coach.models import Flag, GradingContext, Persona

if TYPE_CHECKING:  # scipy is imported where it is used: only training needs it
    from scipy.sparse import csr_matrix

FOLDS = 5
SEED = 20261203
MIN_DF = 2  # a feature seen in one training turn only says nothing about the next one
MIN_FLAG_POSITIVES = 12  # fewer labelled cases than this and a flag is left to the rules
TRUSTED_RULE_PRECISION = 0.8
C_GRID = (16.0, 64.0)
FLAG_C = 16.0  # flags are many and mostly rare: one strength, only the threshold is chosen per flag
# A flag tells a trainee they did something wrong, so a false one costs more than a missed one: a flag's
# threshold is chosen on F0.5 (precision weighed twice recall), other yes/no heads' on F1.
FLAG_BETA = 0.5
JOBS = 2  # folds fitted in parallel processes; each fit is seeded, so the order does not matter
# saga is several times faster than lbfgs on these sparse rows; its seed keeps a refit identical.
# Letter sequences are many to a word: at full weight they would drown the words and rules in each vector.
# 0.1 (0.5 before 2026-12-04): dev 5-fold CV on two fold seeds put refusal F1 up at 0.25, 0.1 and 0, down at
# 1.0; 0.1 also lifted tone and risk (coach/resources/evals/calibration/README.md).
FEATURE_WEIGHTS = {"c:": 0.1}
SCALES: dict[str, tuple[int, ...]] = {
    "tone": (1, 2, 3, 4, 5),
    "escalation_risk": (1, 2, 3, 4, 5),
    "no_brevity": (1, 2, 3, 4, 5),
    "validation": (0, 1, 2, 3),
    "explanation": (0, 1, 2, 3),
    "space": (0, 1, 2, 3),
}
COUNTS = {"options": (0, 1, 2, 3)}  # judged on exact agreement: a count is right or wrong


@dataclass(frozen=True)
class Example:
    """One labelled turn as the trainer sees it: its context and every label by head name."""

    context: GradingContext
    labels: Mapping[str, int | None]  # head name -> value (None: does not apply, as no_brevity with no no)


@dataclass(frozen=True)
class Fitted:
    """A trained scorer, its vocabulary, and what cross-validation measured on dev."""

    scorer: Scorer
    vocabulary: list[str]


def dev_examples(
    cases: Sequence[CalibrationCase], personas: Mapping[str, Persona], rated: Mapping[str, RatedLines]
) -> list[Example]:
    """The dev cases as the trainer sees them, with the kind heads' labels from the raters' care-plan
    lines (`rated`, by case id)."""
    return [example_of(c, kind_labels(c, personas.get(c.persona or ""), rated.get(c.id))) for c in cases]


def example_of(case: CalibrationCase, kinds: Mapping[str, int] | None = None) -> Example:
    """A labelled corpus case as the trainer sees it: the grader's view of the turn and a label per head
    (`kinds`: its kind heads' labels, coach.grading.learned.plan_kinds)."""
    lab = case.labels
    labels: dict[str, int | None] = {
        "refusal": int(lab.refusal),
        "tone": lab.tone,
        "no_brevity": lab.no_brevity,
        "options": lab.options,
        "escalation_risk": lab.escalation_risk,
        "validation": lab.validation,
        "explanation": lab.explanation,
        "space": lab.space,
        "teamwork": lab.teamwork,
    }
    labels |= {f"flag:{flag.value}": int(flag in lab.flags) for flag in Flag}
    if case.persona is None:  # the care plan only exists with a persona
        labels.pop(f"flag:{Flag.against_care_plan.value}")
    labels |= kinds or {}
    return Example(
        case_context(case), {k: v for k, v in labels.items() if v is not None or k == "no_brevity"}
    )


def featurise(example: Example, personas: Mapping[str, Persona]) -> tuple[TurnFeatures, frozenset[str]]:
    """The features of an example, and the cues (by name) the rule tables found that a flag reports."""
    ctx = example.context
    reading = read_turn(ctx.staff, ctx.stance, ctx.patient)
    persona = personas.get(ctx.persona_id or "")
    situation = Situation(ctx.patient, persona, ctx.agitation, ctx.stance)
    flagged = frozenset(
        cue.value
        for f in Flag
        if f.value != "against_care_plan"
        for cue in reported_as(f.value)
        if reading.has(cue)
    )
    return turn_features(reading, situation), flagged


def fit(
    examples: Sequence[Example],
    personas: Mapping[str, Persona],
    progress: Callable[[str], None] = lambda _: None,
) -> Fitted:
    """Cross-validate and fit every head on `examples` (the dev split)."""
    progress(f"reading {len(examples)} turns")
    featurised = [featurise(e, personas) for e in examples]
    vocabulary = _vocabulary([f.names() for f, _ in featurised])
    index = {name: i for i, name in enumerate(vocabulary)}
    weigh = feature_weights(vocabulary, FEATURE_WEIGHTS)
    matrix = _matrix([f.names() for f, _ in featurised], index, weigh)
    folds = np.random.default_rng(SEED).permutation(len(examples)) % FOLDS

    heads: list[Head] = []
    columns: list[np.ndarray] = []
    biases: list[np.ndarray] = []
    figures: dict[str, CrossValidated] = {}
    for name, values, kind in _head_specs(examples):
        labels = [e.labels.get(name) for e in examples]
        rows = np.array([i for i, y in enumerate(labels) if y is not None])
        y = np.array([labels[i] for i in rows])
        # a kind of move is rare and told apart like a flag (its head names the line a flag quotes)
        is_flag = name.startswith(("flag:", KIND_HEAD))
        if kind == "binary" and is_flag and y.sum() < MIN_FLAG_POSITIVES:
            continue
        progress(f"cross-validating {name} on {len(rows)} turns")
        if len(set(y.tolist())) < 2:
            # one value in every label: nothing to learn, so the head always gives it
            decode = {"binary": "threshold", "cumulative": "cuts"}.get(kind, "argmax")
            only = [v - 0.5 for v in values[1:]] if kind == "cumulative" else []
            choice = _Choice(1.0, decode, 0.5, 1.0, 1.0, 1.0, cuts=only)
        else:
            grid = (FLAG_C,) if is_flag else C_GRID
            beta = FLAG_BETA if is_flag else 1.0
            choice = _choose(matrix[rows], y, values, kind, folds[rows], grid, beta)
        figures[name] = CrossValidated(
            n=len(rows),
            kappa=round(choice.kappa, 4),
            exact=round(choice.exact, 4),
            f1=None if choice.f1 is None else round(choice.f1, 4),
        )
        weights, bias = _fit_one(matrix[rows], y, values, kind, choice.c)
        start = sum(c.shape[1] for c in columns)
        heads.append(
            Head(
                name=name,
                kind=kind,
                values=[1] if kind == "binary" else list(values),
                start=start,
                stop=start + weights.shape[1],
                decode=choice.decode,
                threshold=choice.threshold,
                cuts=choice.cuts,
            )
        )
        columns.append(weights)
        biases.append(bias)

    meta = ScorerMeta(
        version=VERSION,
        feature_weights=FEATURE_WEIGHTS,
        corpus_sha256=_hash(examples),
        trained_on=len(examples),
        heads=heads,
        trusted_rule_flags=_trusted_rule_flags(examples, [f for _, f in featurised]),
        cross_validated=figures,
    )
    scorer = Scorer(vocabulary, np.hstack(columns).astype(np.float32), np.concatenate(biases), meta)
    return Fitted(scorer=scorer, vocabulary=vocabulary)


def _head_specs(examples: Sequence[Example]) -> list[tuple[str, tuple[int, ...], str]]:
    specs: list[tuple[str, tuple[int, ...], str]] = [
        ("refusal", (0, 1), "binary"),
        *((key, values, "cumulative") for key, values in SCALES.items()),
        *((key, values, "classes") for key, values in COUNTS.items()),
        ("teamwork", (0, 1), "binary"),
    ]
    specs += [(f"flag:{flag.value}", (0, 1), "binary") for flag in Flag if flag is not Flag.grader_injection]
    present = set().union(*(e.labels.keys() for e in examples)) if examples else set()
    specs += [(name, (0, 1), "binary") for name in sorted(present) if name.startswith(KIND_HEAD)]
    return [s for s in specs if s[0] in present]


def _vocabulary(rows: list[list[str]]) -> list[str]:
    seen: dict[str, int] = {}
    for names in rows:
        for name in set(names):
            seen[name] = seen.get(name, 0) + 1
    return sorted(name for name, count in seen.items() if count >= MIN_DF)


def _matrix(rows: list[list[str]], index: dict[str, int], weigh: np.ndarray) -> csr_matrix:
    """One unit-length row per turn: each known feature at its weight (the scorer builds the same)."""
    from scipy.sparse import csr_matrix

    data: list[float] = []
    cols: list[int] = []
    ptr = [0]
    for names in rows:
        known = sorted({index[n] for n in names if n in index})
        values = weigh[known]
        norm = np.sqrt(max(float(values @ values), 1e-12))
        cols += known
        data += list(values / norm)
        ptr.append(len(cols))
    return csr_matrix((data, cols, ptr), shape=(len(rows), len(index)))


@dataclass(frozen=True)
class _Choice:
    c: float
    decode: str
    threshold: float
    figure: float  # what the choice is made on: quadratic kappa (classes) or F1 (binary)
    kappa: float
    exact: float
    f1: float | None = None
    cuts: list[float] = field(default_factory=list)  # a scale's cuts of its expected score


def _choose(
    x: csr_matrix,
    y: np.ndarray,
    values: tuple[int, ...],
    kind: str,
    folds: np.ndarray,
    grid: Sequence[float],
    beta: float,
) -> _Choice:
    best: _Choice | None = None
    for c in grid:
        out_of_fold = _out_of_fold(x, y, values, kind, c, folds)
        for choice in _decodings(out_of_fold, y, values, kind, c, beta, folds):
            if best is None or choice.figure > best.figure + 1e-9:
                best = choice
    assert best is not None
    return best


def _out_of_fold(
    x: csr_matrix, y: np.ndarray, values: tuple[int, ...], kind: str, c: float, folds: np.ndarray
) -> np.ndarray:
    """Each turn's probabilities from the model fitted without its fold: P(yes), P(each value), or
    P(above each step)."""
    from joblib import Parallel, delayed

    width = {"binary": 1, "classes": len(values), "cumulative": len(values) - 1}[kind]
    out = np.zeros((len(y), width))
    ks = [k for k in range(FOLDS) if (folds == k).any()]
    fitted = Parallel(n_jobs=JOBS)(
        delayed(_fit_one)(x[folds != k], y[folds != k], values, kind, c) for k in ks
    )
    for k, (w, b) in zip(ks, fitted, strict=True):
        held = folds == k
        logits = np.asarray(x[held] @ w) + b
        if kind == "classes":
            p = np.exp(logits - logits.max(axis=1, keepdims=True))
            out[held] = p / p.sum(axis=1, keepdims=True)
        else:
            out[held] = 1.0 / (1.0 + np.exp(-logits))
    return out


def _decodings(
    p: np.ndarray,
    y: np.ndarray,
    values: tuple[int, ...],
    kind: str,
    c: float,
    beta: float,
    folds: np.ndarray,
) -> list[_Choice]:
    from sklearn.metrics import cohen_kappa_score, f1_score, fbeta_score

    if kind == "binary":
        out = []
        for t in np.arange(0.2, 0.75, 0.05).round(2):
            said = (p[:, 0] >= t).astype(int)
            f1 = float(f1_score(y, said, zero_division=0))
            chosen_on = float(fbeta_score(y, said, beta=beta, zero_division=0))
            kappa = float(np.nan_to_num(cohen_kappa_score(y, said)))
            out.append(_Choice(c, "threshold", float(t), chosen_on, kappa, float((said == y).mean()), f1))
        return out
    if kind == "cumulative":
        expected = values[0] + p.sum(axis=1)
        # the figure is nested (each fold cut where the other folds put the cuts); the stored cuts are
        # chosen on every turn's out-of-fold score
        predicted = cuts.nested(expected, y, values, folds)
        kappa = cuts.quadratic_kappa(y, predicted, values)
        exact = float((predicted == y).mean())
        return [_Choice(c, "cuts", 0.5, kappa, kappa, exact, cuts=cuts.choose(expected, y, values))]
    predicted = np.array(values)[p.argmax(axis=1)]
    kappa = float(np.nan_to_num(cohen_kappa_score(y, predicted, labels=list(values), weights="quadratic")))
    exact = float((predicted == y).mean())
    return [_Choice(c, "argmax", 0.5, exact, kappa, exact)]


def _fit_one(
    x: csr_matrix, y: np.ndarray, values: tuple[int, ...], kind: str, c: float
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x outputs) and biases; values missing from `y` get weights that never win."""
    if kind == "cumulative":
        steps = [_fit_binary(x, (y > step).astype(int), c) for step in values[:-1]]
        return np.hstack([w for w, _ in steps]), np.concatenate([b for _, b in steps])
    if kind == "binary":
        return _fit_binary(x, y, c)
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((x.shape[1], len(values)))
    bias = np.full(len(values), -30.0)
    if len(set(y.tolist())) < 2:
        bias[list(values).index(int(y[0]))] = 0.0
        return weights, bias
    model = LogisticRegression(C=c, solver="saga", max_iter=5000, random_state=SEED)
    model.fit(x, y)
    for column, value in enumerate(values):
        if value in model.classes_:
            k = list(model.classes_).index(value)
            if len(model.classes_) == 2:  # scikit-learn keeps one row for two classes
                sign = 1.0 if k == 1 else -1.0
                weights[:, column] = sign * model.coef_[0] / 2
                bias[column] = sign * model.intercept_[0] / 2
            else:
                weights[:, column] = model.coef_[k]
                bias[column] = model.intercept_[k]
    return weights, bias


def _fit_binary(x: csr_matrix, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:  # always the one answer seen
        return np.zeros((x.shape[1], 1)), np.array([30.0 if int(y[0]) else -30.0])
    model = LogisticRegression(C=c, solver="saga", max_iter=5000, random_state=SEED)
    model.fit(x, y)
    return model.coef_.T.copy(), model.intercept_.copy()


def _trusted_rule_flags(examples: Sequence[Example], ruled: list[frozenset[str]]) -> list[str]:
    """The cues reported as a flag (the flag's own phrase rules, or a gentler or structural cue such as an
    ultimatum read by its shape) whose hits are right often enough on dev to be reported on their own.
    Each cue is judged apart, so a precise reading of a flag is not held back by a loose phrase table."""
    trusted = []
    for flag in Flag:
        name = f"flag:{flag.value}"
        for cue in reported_as(flag.value):
            hits = [e.labels.get(name) for e, r in zip(examples, ruled, strict=True) if cue.value in r]
            if hits and sum(1 for h in hits if h) / len(hits) >= TRUSTED_RULE_PRECISION:
                trusted.append(cue.value)
    return trusted


def _hash(examples: Sequence[Example]) -> str:
    digest = hashlib.sha256()
    for e in examples:
        digest.update(e.context.model_dump_json().encode())
        digest.update(repr(sorted(e.labels.items())).encode())
    return digest.hexdigest()
