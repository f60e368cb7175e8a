"""Comparing two eval reports: what got better and what got worse, per suite pass rate, per case status
and per key kappa. Needs no backend: it reads two report.json files."""

from __future__ import annotations

from pydantic import BaseModel, Field

from coach.evaluation.results import EvalReport, SuiteResult

STATUS_RANK = {"fail": 0, "flaky": 1, "pass": 2}
KAPPA_NOISE = 0.005  # kappa moves smaller than this are rounding, not change


class Change(BaseModel):
    """One difference between the reports, worded for a person."""

    what: str = Field(description="suite, case or key")
    old: str
    new: str


class Comparison(BaseModel):
    better: list[Change] = Field(default_factory=list)
    worse: list[Change] = Field(default_factory=list)
    added: list[str] = Field(default_factory=list, description="suites or cases only in the new report")
    removed: list[str] = Field(default_factory=list, description="suites or cases only in the old report")
    unchanged: int = Field(0, description="cases, rates and kappas that did not move")

    def render(self) -> str:
        """Plain text for a terminal."""
        lines: list[str] = []
        for title, changes in (("Better", self.better), ("Worse", self.worse)):
            lines.append(f"{title} ({len(changes)}):")
            lines += [f"  {c.what}: {c.old} -> {c.new}" for c in changes] or ["  nothing"]
        if self.added:
            lines.append(f"Only in the new report: {', '.join(self.added)}")
        if self.removed:
            lines.append(f"Only in the old report: {', '.join(self.removed)}")
        lines.append(f"Unchanged: {self.unchanged}")
        return "\n".join(lines)


def _sort(comparison: Comparison, what: str, old: float, new: float, text: tuple[str, str]) -> None:
    if new > old:
        comparison.better.append(Change(what=what, old=text[0], new=text[1]))
    elif new < old:
        comparison.worse.append(Change(what=what, old=text[0], new=text[1]))
    else:
        comparison.unchanged += 1


def _suite(comparison: Comparison, old: SuiteResult, new: SuiteResult) -> None:
    if old.pass_rate is not None and new.pass_rate is not None:
        text = (f"{old.pass_rate:.0%}", f"{new.pass_rate:.0%}")
        _sort(comparison, f"{new.name} pass rate", old.pass_rate, new.pass_rate, text)
    old_cases = {c.id: c for c in old.cases}
    for case in new.cases:
        before = old_cases.pop(case.id, None)
        if before is None:
            comparison.added.append(f"{new.name} {case.id}")
            continue
        rank_old, rank_new = STATUS_RANK[before.status], STATUS_RANK[case.status]
        if rank_old == rank_new and before.status != "flaky":
            comparison.unchanged += 1
            continue
        text = (f"{before.status} ({before.pass_rate:.0%})", f"{case.status} ({case.pass_rate:.0%})")
        _sort(
            comparison, f"{new.name} {case.id}", rank_old + before.pass_rate, rank_new + case.pass_rate, text
        )
    comparison.removed += [f"{old.name} {case_id}" for case_id in old_cases]
    old_splits = {s.split: s for s in old.splits}
    for split in new.splits:
        before_split = old_splits.get(split.split)
        if before_split is None:
            continue
        old_keys = {k.key: k for k in before_split.keys}
        for key in split.keys:
            was = old_keys.get(key.key)
            if was is None or was.kappa is None or key.kappa is None:
                continue
            delta = key.kappa - was.kappa
            what = f"{new.name} {split.split} {key.key} kappa"
            text = (f"{was.kappa:.3f}", f"{key.kappa:.3f} ({delta:+.3f})")
            if abs(delta) < KAPPA_NOISE:
                comparison.unchanged += 1
            else:
                _sort(comparison, what, was.kappa, key.kappa, text)


def compare(old: EvalReport, new: EvalReport) -> Comparison:
    """What changed from `old` to `new`, suite by suite (matched by suite name, cases by id)."""
    comparison = Comparison()
    old_suites = {s.name: s for s in old.suites}
    for suite in new.suites:
        before = old_suites.pop(suite.name, None)
        if before is None:
            comparison.added.append(suite.name)
        else:
            _suite(comparison, before, suite)
    comparison.removed += list(old_suites)
    return comparison
