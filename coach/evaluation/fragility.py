"""How many single grade errors each persona case survives.

A persona case passes when its scene ends as its suite file expects; the margins (coach.evaluation.margins)
say by how many points. This says by how many grades: the persona suites are played again with the grade
of one script line changed by one step (tone one level lower or higher, risk one higher or lower, the no
read or not read, the invalidation flag added, every flag dropped, the need read as met or not), everything
else as the offline grader reads it and the patient replying to the changed grade as it would. A change
that makes a passing case fail in any run is one it does not survive. A retrain that reads one line
differently is such a change, so the count is a measure of how far the persona outcomes stand on the
exact grade of each line; `scripts/outcome_fragility.py` prints it.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path

from coach.config import Settings
from coach.evaluation.runner import Runner, load_suites
from coach.evaluation.suites import PersonaSuite
from coach.grading.offline import OfflineGrader
from coach.models import Flag, Grade, GradingContext
from coach.store import Store

# A no read where the grader read none is given a middling brevity: the change is the no, not its delivery.
ADDED_NO_BREVITY = 3


class Change(StrEnum):
    """One step of difference in a grade."""

    tone_down = "tone down"
    tone_up = "tone up"
    risk_up = "risk up"
    risk_down = "risk down"
    no_flipped = "no flipped"
    flag_added = "flag added"
    flags_dropped = "flags dropped"
    need_flipped = "need flipped"


def changed(grade: Grade, change: Change) -> Grade:
    """`grade` with `change` made (a copy; scales stay within their ends)."""
    out = grade.model_copy(deep=True)
    scores = out.scores
    if change is Change.tone_down:
        scores.tone = max(1, scores.tone - 1)
    elif change is Change.tone_up:
        scores.tone = min(5, scores.tone + 1)
    elif change is Change.risk_up:
        scores.escalation_risk = min(5, scores.escalation_risk + 1)
    elif change is Change.risk_down:
        scores.escalation_risk = max(1, scores.escalation_risk - 1)
    elif change is Change.no_flipped:
        out.refusal = not grade.refusal
        scores.no_brevity = None if grade.refusal else ADDED_NO_BREVITY
    elif change is Change.flag_added:
        if Flag.invalidation not in out.flags:
            out.flags = [*out.flags, Flag.invalidation]
    elif change is Change.flags_dropped:
        out.flags = []
    else:
        out.meets_need = not grade.meets_need
    return out


class ChangingGrader(OfflineGrader):
    """The offline grader `base`, with `change` made to the grade of every turn whose persona and words are
    in `lines`."""

    def __init__(self, base: OfflineGrader, change: Change, lines: frozenset[tuple[str | None, str]]) -> None:
        super().__init__(base.rubric, base.personas, base.scorer)
        self.change = change
        self.lines = lines
        self.changes_made = 0

    def grade(self, ctx: GradingContext) -> Grade:
        grade = super().grade(ctx)
        if (ctx.persona_id, ctx.staff.strip()) not in self.lines:
            return grade
        self.changes_made += 1
        return changed(grade, self.change)


def fragility(
    settings: Settings,
    changes: Iterable[Change] = tuple(Change),
    *,
    repeat: int = 3,
    names: Iterable[str] = ("personas",),
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, list[str]]:
    """For each case ("suite/case") of the persona suites `names` that passes in every one of `repeat` runs
    as graded, the one-step changes it does not survive, each as "line N: change" (N counts the script's
    staff lines from 1). A case failing as graded is left out: there is nothing to measure. A line's words
    are changed wherever its persona's scripts say them (a line two scripts share changes in both)."""
    from coach.backends import build_engine

    changes = list(changes)  # read once for every line

    with tempfile.TemporaryDirectory(prefix="coach-fragility-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'fragility.db'}")
        try:
            engine = build_engine(settings, backend="offline", store=store)
            graded = engine.grader
            if not isinstance(graded, OfflineGrader):
                raise TypeError("the offline backend grades with the offline grader")
            suites = [s for s in load_suites(names, engine.personas) if isinstance(s.spec, PersonaSuite)]
            longest = max(len(lines) for s in suites for lines in s.scripts.values())

            def passing() -> dict[str, bool]:
                report = asyncio.run(Runner(engine, repeat=repeat).run(suites))
                return {f"{s.name}/{c.id}": c.pass_rate == 1.0 for s in report.suites for c in s.cases}

            base = passing()
            broken: dict[str, list[str]] = {case: [] for case, ok in base.items() if ok}
            for index in range(longest):
                lines = frozenset(
                    (s.spec.persona, script[index].text.strip())
                    for s in suites
                    if isinstance(s.spec, PersonaSuite)  # for mypy: the list holds only these
                    for script in s.scripts.values()
                    if index < len(script)
                )
                for change in changes:
                    engine.grader = ChangingGrader(graded, change, lines)
                    for case, ok in passing().items():
                        if case in broken and not ok:
                            broken[case].append(f"line {index + 1}: {change.value}")
                progress(f"line {index + 1} of {longest}")
        finally:
            store.close()
    return broken
