"""What an eval run produces: transcripts, checks, per-case and per-suite results, and the whole report.

The report is the JSON a machine reads (`EvalReport.model_dump_json`) and what the HTML page and
`coach eval --compare` are drawn from, so every figure a person sees is in here.
"""

from __future__ import annotations

import statistics
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from coach.evaluation.calibration import FlagAgreement
from coach.models import Band, Outcome, Scores, utcnow
from coach.stance import Stance

Status = Literal["pass", "flaky", "fail"]


MAX_FALLBACK_RATE = 0.05  # above this share of fallback answers an LLM run measures the stand-ins


class Check(BaseModel):
    """One scorer's verdict on one run: its name, whether it held, and what was seen."""

    name: str
    passed: bool
    detail: str


class Step(BaseModel):
    """One staff turn of a transcript, with the grade it got and the reply and state it led to."""

    turn: int
    staff: str
    stance: Stance | None = None
    patient: str
    cues: list[str] = Field(default_factory=list)
    source: str | None = Field(None, description="what produced the reply: offline, llm:<model>, fallback")
    agitation: float
    band: Band
    scores: Scores
    refusal: bool
    flags: list[str] = Field(default_factory=list)
    grader: str
    first_draft: list[str] = Field(
        default_factory=list, description="guards the model's first draft failed (it was redrafted)"
    )
    principle_check: str | None = Field(
        None, description="with the principle check on: passed, or unavailable when it failed open"
    )


class Transcript(BaseModel):
    """A played conversation: the opening, each staff turn, and how the session ended."""

    persona: str
    opening: str
    start: float
    steps: list[Step] = Field(default_factory=list)
    outcome: Outcome | None = None
    final: float
    peak: float

    def path(self) -> list[float]:
        """Agitation at the start and after each turn."""
        return [self.start, *(s.agitation for s in self.steps)]

    def bands(self) -> list[Band]:
        return [Band.for_agitation(self.start), *(s.band for s in self.steps)]


class Probe(BaseModel):
    """A robustness probe: the tricky turn (or its rejection) and the same turn without the trick."""

    transcript: Transcript | None = Field(None, description="the tricky turn; None when it was rejected")
    baseline: Transcript | None = None
    rejected: str | None = Field(None, description="the engine's message when it refused the turn")


class Attempt(BaseModel):
    """One run of a case (a case runs `repeat` times)."""

    passed: bool
    checks: list[Check] = Field(default_factory=list)
    transcript: Transcript | None = None
    baseline: Transcript | None = None
    rejected: str | None = None
    error: str | None = Field(None, description="why the run could not finish (a backend failure)")
    seconds: float


class Spread(BaseModel):
    """How a figure varied over repeats."""

    mean: float
    low: float
    high: float
    stdev: float

    @classmethod
    def of(cls, values: list[float]) -> Spread | None:
        if not values:
            return None
        sd = statistics.pstdev(values) if len(values) > 1 else 0.0
        return cls(mean=statistics.fmean(values), low=min(values), high=max(values), stdev=sd)


class CaseResult(BaseModel):
    id: str
    suite: str
    label: str = Field(description="practice (good, poor, mixed, recovery) or probe target")
    about: str
    persona: str | None = None
    attempts: list[Attempt]
    final_agitation: Spread | None = None
    peak_agitation: Spread | None = None

    # mypy does not support a decorator over @property; the ignore is the form pydantic's docs give.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def pass_rate(self) -> float:
        return sum(a.passed for a in self.attempts) / len(self.attempts)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def grade_changes(self) -> float | None:
        """Share of staff turns graded differently in different runs (None for a single run): how far
        the grader's scores spread over repeats. Turns are compared by position while all runs last."""
        runs = [a.transcript.steps for a in self.attempts if a.transcript]
        if len(runs) < 2 or not min(map(len, runs)):
            return None
        common = min(map(len, runs))
        changed = sum(len({run[i].scores.model_dump_json() for run in runs}) > 1 for i in range(common))
        return changed / common

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> Status:
        rate = self.pass_rate
        return "pass" if rate == 1 else "fail" if rate == 0 else "flaky"


class KeyResult(BaseModel):
    """Agreement on one key over one split: kappa over repeats, its threshold, the confusion matrix."""

    key: str
    n: int
    kappa: float | None = Field(description="mean over repeats")
    kappa_low: float | None = None
    kappa_high: float | None = None
    exact: float | None = None
    threshold: float | None = None
    passed: bool = True
    labels: list[int] = Field(description="the classes, in matrix order")
    confusion: list[list[int]] = Field(description="rows: expert label; columns: grade (first repeat)")
    unstable: float | None = Field(None, description="share of cases whose grade changed between repeats")
    raters: float | None = Field(None, description="the two raters' kappa on this key: the ceiling")


class Measure(BaseModel):
    """A figure of a split beyond kappa (refusal F1, exact options, the neutral share) and its bar."""

    name: str
    value: float | None
    reference: float | None = Field(
        None, description="the raters' own figure (for the neutral share: the share among the labels)"
    )
    threshold: float | None = None
    at_most: bool = Field(False, description="the threshold is a ceiling, not a floor")
    passed: bool = True


class SplitResult(BaseModel):
    split: str
    n: int
    gate: bool = Field(description="the thresholds apply to this split")
    keys: list[KeyResult]
    flags: list[FlagAgreement] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    source: Literal["graded", "cross-validated"] = Field(
        "graded", description="graded now, or the k-fold figures from when the offline scorer was trained"
    )


class SuiteResult(BaseModel):
    name: str
    kind: str
    title: str
    path: str
    cases: list[CaseResult] = Field(default_factory=list)
    splits: list[SplitResult] = Field(default_factory=list)
    min_pass_rate: float | None = None
    threshold_note: str | None = Field(None, description="why nothing gated, when nothing did")
    seconds: float
    model_replies: int = Field(0, description="patient replies the model was asked for (llm runs)")
    model_grades: int = Field(0, description="grades the model was asked for (llm runs)")
    fallbacks: int = Field(0, description="of those replies and grades, answered by the offline stand-in")
    redrafts: int = Field(0, description="model replies whose first draft failed the guards")
    unchecked: int = Field(
        0, description="model replies shown after the guards alone: the principle check failed open"
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def fallback_rate(self) -> float | None:
        asked = self.model_replies + self.model_grades
        return self.fallbacks / asked if asked else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def redraft_rate(self) -> float | None:
        return self.redrafts / self.model_replies if self.model_replies else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def measured(self) -> bool:
        """False when too many answers came from the offline stand-ins for the figures to be the model's."""
        return self.fallback_rate is None or self.fallback_rate <= MAX_FALLBACK_RATE

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pass_rate(self) -> float | None:
        """Share of all case runs that passed (None for a calibration suite)."""
        runs = [a.passed for c in self.cases for a in c.attempts]
        return sum(runs) / len(runs) if runs else None

    def headline(self) -> str:
        """The suite's figure in a few words: its pass rate, or kappa per key on the gate split."""
        if not self.measured:
            return f"not measured: {self.fallback_rate:.0%} of model answers were offline fallbacks"
        if self.pass_rate is not None:
            return f"{self.pass_rate:.0%} of {sum(len(c.attempts) for c in self.cases)} runs passed"
        gate = [k for s in self.splits if s.gate for k in s.keys]
        return "kappa " + ", ".join(f"{k.key} {'-' if k.kappa is None else f'{k.kappa:.2f}'}" for k in gate)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        keys_ok = all(k.passed for s in self.splits for k in s.keys)
        measures_ok = all(m.passed for s in self.splits for m in s.measures)
        rate_ok = self.min_pass_rate is None or self.pass_rate is None or self.pass_rate >= self.min_pass_rate
        return keys_ok and measures_ok and rate_ok and self.measured


class EvalReport(BaseModel):
    """One `coach eval` run."""

    version: Literal[1] = 1
    started_at: datetime = Field(default_factory=utcnow)
    backend: str
    models: dict[str, str] = Field(default_factory=dict, description="patient and grader, for llm runs")
    repeat: int
    concurrency: int
    seconds: float = 0.0
    suites: list[SuiteResult] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        return all(s.passed for s in self.suites)

    def case_counts(self) -> tuple[int, int]:
        """(cases whose every run passed, all cases)."""
        cases = [c for s in self.suites for c in s.cases]
        return sum(c.status == "pass" for c in cases), len(cases)

    def persona_rates(self) -> dict[str, float]:
        """Pass rate of every case run per persona, over persona and robustness suites."""
        runs: dict[str, list[bool]] = {}
        for suite in self.suites:
            for case in suite.cases:
                if case.persona:
                    runs.setdefault(case.persona, []).extend(a.passed for a in case.attempts)
        return {p: sum(r) / len(r) for p, r in sorted(runs.items())}
