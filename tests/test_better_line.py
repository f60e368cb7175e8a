"""The better line, over the whole corpus: every line offered carries no flag, keeps no flagged words, holds
no placeholder, reuses none of the trainee's sentences that would not calm said alone, and
grades no worse than the trainee's turn on any key and better on one, graded by the same grader in the same
situation; and most turns that need a line get one (the share is printed)."""

from __future__ import annotations

import re

import pytest

from coach.config import get_settings
from coach.evaluation.suites import EVALS_DIR
from coach.grading.better_line import beats
from coach.grading.corpus import CalibrationCase, case_context, load_cases
from coach.grading.offline import KEPT_RISK, KEPT_TONE, OfflineGrader
from coach.models import Grade
from coach.personas import load_personas
from coach.rubrics import load_rubric
from coach.stance import Stance

pytestmark = pytest.mark.slow  # grades the whole dev corpus


@pytest.fixture(scope="module")
def grader() -> OfflineGrader:
    settings = get_settings()
    return OfflineGrader(
        load_rubric(settings.rubrics_dir / "staff-turn.yaml"), load_personas(settings.personas_dir)
    )


@pytest.fixture(scope="module")
def corpus() -> list[CalibrationCase]:
    folder = EVALS_DIR / "calibration"
    return [*load_cases(folder / "dev.jsonl"), *load_cases(folder / "test.jsonl")]


def _needs_line(grade: Grade) -> bool:
    s = grade.scores
    return s.tone <= 3 or bool(grade.flags) or (s.no_brevity or 5) <= 3 or s.escalation_risk >= 4


OFFERED_SHARE = 0.93  # measured 2026-12-03: 2,111 of 2,249 dev turns that need one (93.9%)


def test_every_better_line_offered_beats_the_turn_and_most_turns_get_one(
    grader: OfflineGrader, corpus: list[CalibrationCase]
) -> None:
    needed = offered = 0
    problems: list[str] = []
    for case in corpus:
        ctx = case_context(case)
        grade = grader.grade(ctx)
        if not _needs_line(grade):
            assert grade.suggestion is None, case.id
            continue
        needed += 1
        line = grade.suggestion
        if line is None:
            continue
        offered += 1
        again = grader.grade(ctx.model_copy(update={"staff": line, "stance": Stance()}))
        if not beats(again, grade):
            problems.append(f"{case.id}: the line does not beat the turn")
        if "[" in line or "]" in line:
            problems.append(f"{case.id}: a placeholder")
        flagged = [e.quote.lower() for e in grade.evidence if e.key in set(grade.flags)]
        # none of the trainee's own sentences that carry flagged words (two or more) is kept
        carrying = [
            sentence
            for sentence in re.split(r"(?<=[.!?])\s+", case.staff)
            if len(sentence.split()) >= 2
            and any(len(q.split()) >= 2 and q in sentence.lower() for q in flagged)
        ]
        if any(sentence in line for sentence in carrying):
            problems.append(f"{case.id}: keeps a flagged phrase")
        # a sentence of the trainee's own is reused only when, said alone, it is neutral or better and calms
        for sentence in re.split(r"(?<=[.!?])\s+", case.staff):
            if len(sentence.split()) >= 3 and sentence in line:
                alone = grader.grade(ctx.model_copy(update={"staff": sentence, "stance": Stance()}))
                s = alone.scores
                if alone.flags or s.tone < KEPT_TONE or s.escalation_risk > KEPT_RISK:
                    problems.append(f"{case.id}: keeps a sentence that grades tone {s.tone} alone")
    print(f"\nbetter line: {offered} of {needed} turns that needed one got one that beats them")
    assert needed > 0
    # ids only from dev: the test split is read in aggregate
    test_ids = {c.id for c in corpus if c.split == "test"}
    shown = [p for p in problems if p.split(":")[0] not in test_ids]
    assert not problems, f"{len(problems)} of {offered} offered lines fail: " + "; ".join(shown[:5])
    assert offered / needed >= OFFERED_SHARE
