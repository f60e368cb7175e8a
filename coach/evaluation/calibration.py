"""Grader-vs-label agreement on the calibration corpus (coach.grading.corpus), and the two raters' own.

Agreement uses the statistics a rater study would report: quadratic weighted Cohen's kappa on the ordinal
scales (over the full scale, so a grader that never uses an extreme is still judged on it), plain Cohen's
kappa and accuracy on refusal, precision and recall per flag, and the exact-match rate per key.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coach.datafiles import read_text, validation_error
from coach.evaluation.kappa import cohen_kappa
from coach.grading.corpus import CalibrationCase, CalibrationLabels, CaseFileError, Split
from coach.models import Flag, Grade, NonEmpty, Scores

SCALES: dict[str, tuple[int, ...]] = {
    "tone": (1, 2, 3, 4, 5),
    "no_brevity": (1, 2, 3, 4, 5),
    "options": (0, 1, 2, 3),
    "escalation_risk": (1, 2, 3, 4, 5),
}
"""The full scale of each ordinal key (docs/architecture.md), used as the kappa label set."""


# --------------------------------------------------------------------------- agreement


class KeyAgreement(BaseModel):
    """Agreement between grader and labels on one key."""

    key: str
    n: int = Field(description="cases compared (for no_brevity: both label and grade say refusal)")
    kappa: float | None = Field(description="Cohen's kappa; None when n is 0")
    weights: Literal["quadratic", "none"]
    exact: float | None = Field(description="share of cases where grade equals label (accuracy)")
    degenerate: bool = Field(
        False, description="both sides used a single class: kappa is undefined, set to 1.0 if equal else 0.0"
    )


class FlagAgreement(BaseModel):
    """How well the grader finds one flag the expert set."""

    flag: Flag
    labelled: int = Field(description="cases the expert flagged")
    predicted: int = Field(description="cases the grader flagged")
    true_positive: int
    precision: float | None = Field(description="None when the grader never raised it")
    recall: float | None = Field(description="None when the expert never set it")


class Agreement(BaseModel):
    """Grader-vs-expert agreement over a list of calibration cases."""

    n: int
    tone: KeyAgreement
    no_brevity: KeyAgreement
    options: KeyAgreement
    escalation_risk: KeyAgreement
    refusal: KeyAgreement
    flags: list[FlagAgreement]
    refusal_f1: float | None = Field(None, description="F1 of the grader's refusals against the labels")
    neutral_share: float | None = Field(None, description="share of grades at exactly tone 3 and risk 3")
    neutral_share_labels: float | None = Field(None, description="the same share among the labels")

    def per_key(self) -> list[KeyAgreement]:
        """The per-key results in rubric order, refusal last."""
        return [self.tone, self.no_brevity, self.options, self.escalation_risk, self.refusal]

    def table(self) -> str:
        """A plain-text table for a terminal or a report."""
        lines = [f"Agreement with the labels over {self.n} cases", ""]
        lines.append(f"{'key':<16}{'n':>5}{'kappa':>8}  {'weights':<10}{'exact':>7}")
        for k in self.per_key():
            mark = "  (single class on both sides)" if k.degenerate else ""
            lines.append(f"{k.key:<16}{k.n:>5}{_fmt(k.kappa):>8}  {k.weights:<10}{_fmt(k.exact):>7}{mark}")
        lines.append(
            f"refusal F1 {_fmt(self.refusal_f1)}; at tone 3 and risk 3: grades {_fmt(self.neutral_share)}, "
            f"labels {_fmt(self.neutral_share_labels)}"
        )
        lines += ["", f"{'flag':<22}{'labelled':>9}{'graded':>8}{'hits':>6}{'precision':>11}{'recall':>8}"]
        for f in self.flags:
            lines.append(
                f"{f.flag.value:<22}{f.labelled:>9}{f.predicted:>8}{f.true_positive:>6}"
                f"{_fmt(f.precision):>11}{_fmt(f.recall):>8}"
            )
        return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _key_agreement(
    key: str, truth: Sequence[int], graded: Sequence[int], scale: Sequence[int] | None
) -> KeyAgreement:
    """Kappa (quadratic over `scale`, or unweighted when scale is None) and exact-match rate."""
    weights: Literal["quadratic", "none"] = "none" if scale is None else "quadratic"
    n = len(truth)
    if n == 0:
        return KeyAgreement(key=key, n=0, kappa=None, weights=weights, exact=None)
    exact = sum(t == g for t, g in zip(truth, graded, strict=True)) / n
    if len(set(truth)) == 1 and len(set(graded)) == 1:
        # kappa is 0/0 here; report the convention rather than NaN
        kappa = 1.0 if truth[0] == graded[0] else 0.0
        return KeyAgreement(key=key, n=n, kappa=kappa, weights=weights, exact=exact, degenerate=True)
    kappa = cohen_kappa(truth, graded, labels=scale, weights=weights)
    return KeyAgreement(key=key, n=n, kappa=kappa, weights=weights, exact=exact)


def _flag_agreement(flag: Flag, cases: Sequence[CalibrationCase], grades: Sequence[Grade]) -> FlagAgreement:
    labelled = [flag in c.labels.flags for c in cases]
    predicted = [flag in g.flags for g in grades]
    hits = sum(lab and pred for lab, pred in zip(labelled, predicted, strict=True))
    n_lab, n_pred = sum(labelled), sum(predicted)
    return FlagAgreement(
        flag=flag,
        labelled=n_lab,
        predicted=n_pred,
        true_positive=hits,
        precision=hits / n_pred if n_pred else None,
        recall=hits / n_lab if n_lab else None,
    )


def agreement(cases: Sequence[CalibrationCase], grades: Sequence[Grade]) -> Agreement:
    """Agreement between `grades` and the expert labels of `cases` (same order, same length)."""
    if len(cases) != len(grades):
        raise ValueError(f"{len(cases)} cases but {len(grades)} grades: they must pair up in order")
    labels = [c.labels for c in cases]
    # Both refusals carry a brevity score (the label and grade validators see to it).
    both_refuse = [
        (labelled, graded)
        for lab, g in zip(labels, grades, strict=True)
        if (labelled := lab.no_brevity) is not None
        and (graded := g.scores.no_brevity) is not None
        and lab.refusal
        and g.refusal
    ]
    ordinal = {
        key: _key_agreement(
            key, [getattr(lab, key) for lab in labels], [getattr(g.scores, key) for g in grades], SCALES[key]
        )
        for key in ("tone", "options", "escalation_risk")
    }
    return Agreement(
        n=len(cases),
        **ordinal,
        no_brevity=_key_agreement(
            "no_brevity", [t for t, _ in both_refuse], [g for _, g in both_refuse], SCALES["no_brevity"]
        ),
        refusal=_key_agreement(
            "refusal", [int(lab.refusal) for lab in labels], [int(g.refusal) for g in grades], None
        ),
        flags=[_flag_agreement(flag, cases, grades) for flag in Flag],
        refusal_f1=_f1([lab.refusal for lab in labels], [g.refusal for g in grades]),
        neutral_share=_neutral([(g.scores.tone, g.scores.escalation_risk) for g in grades]),
        neutral_share_labels=_neutral([(lab.tone, lab.escalation_risk) for lab in labels]),
    )


def _f1(truth: Sequence[bool], graded: Sequence[bool]) -> float | None:
    hits = sum(t and g for t, g in zip(truth, graded, strict=True))
    said, real = sum(graded), sum(truth)
    if not said and not real:
        return None
    return 2 * hits / (said + real)


def _neutral(pairs: Sequence[tuple[int, int]]) -> float | None:
    return sum(p == (3, 3) for p in pairs) / len(pairs) if pairs else None


# --------------------------------------------------------------------------- the raters


class RaterPair(BaseModel):
    """The two independent raters' labels of one corpus item, and the keys an adjudicator settled."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: NonEmpty
    split: Split
    a: CalibrationLabels
    b: CalibrationLabels
    adjudicated: list[NonEmpty] = Field(default_factory=list, description="keys the raters disagreed on")


def load_raters(path: Path | str) -> list[RaterPair]:
    """Read and validate the raters' file (one RaterPair a line), naming the line of a bad one."""
    path = Path(path)
    pairs = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            pairs.append(RaterPair.model_validate_json(line))
        except ValidationError as err:
            problem = validation_error(path, err)
            raise CaseFileError(path, number, problem.field, problem.problem) from None
    return pairs


def rater_agreement(pairs: Sequence[RaterPair], split: str) -> Agreement:
    """How far the two raters agreed on `split`, on the same statistics as a grader: the ceiling."""
    chosen = [p for p in pairs if p.split == split]
    as_cases = [
        CalibrationCase(id=p.id, split=p.split, persona=None, context="-", patient="-", staff="-", labels=p.a)
        for p in chosen
    ]
    as_grades = [
        Grade(
            scores=Scores(
                tone=p.b.tone,
                no_brevity=p.b.no_brevity,
                options=p.b.options,
                escalation_risk=p.b.escalation_risk,
            ),
            refusal=p.b.refusal,
            flags=p.b.flags,
            grader="rater b",
        )
        for p in chosen
    ]
    return agreement(as_cases, as_grades)
