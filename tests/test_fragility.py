"""How many single grade errors each persona case survives (coach.evaluation.fragility)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coach.config import RESOURCES, get_settings
from coach.evaluation.fragility import Change, ChangingGrader, changed, fragility
from coach.grading.offline import OfflineGrader
from coach.models import Flag, Grade, GradingContext, Scores
from coach.personas import load_personas
from coach.rubrics import load_rubric


def _grade(**kw: object) -> Grade:
    scores = Scores(tone=3, options=1, escalation_risk=3, no_brevity=None)
    return Grade(scores=scores, refusal=False, grader="offline").model_copy(update=kw)


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (Change.tone_down, lambda g: g.scores.tone == 2),
        (Change.tone_up, lambda g: g.scores.tone == 4),
        (Change.risk_up, lambda g: g.scores.escalation_risk == 4),
        (Change.risk_down, lambda g: g.scores.escalation_risk == 2),
        (Change.no_flipped, lambda g: g.refusal and g.scores.no_brevity == 3),
        (Change.flag_added, lambda g: g.flags == [Flag.invalidation]),
        (Change.need_flipped, lambda g: g.meets_need),
    ],
)
def test_each_change_moves_one_thing_one_step_and_leaves_the_grade_it_came_from(
    change: Change, what: Callable[[Grade], bool]
) -> None:
    grade = _grade()
    out = changed(grade, change)
    assert what(out)
    assert grade == _grade()  # a copy: the recorded grade is not touched
    others = {"tone", "escalation_risk", "no_brevity", "options"}
    moved = {k for k in others if getattr(out.scores, k) != getattr(grade.scores, k)}
    assert len(moved) <= 1 and out.scores.options == 1


def test_changes_stop_at_the_ends_of_the_scales_and_a_no_read_as_none_loses_its_brevity() -> None:
    hostile = _grade(flags=[Flag.mockery]).model_copy(update={"refusal": True})
    hostile.scores.tone, hostile.scores.escalation_risk, hostile.scores.no_brevity = 1, 5, 1
    assert changed(hostile, Change.tone_down).scores.tone == 1
    assert changed(hostile, Change.risk_up).scores.escalation_risk == 5
    unsaid = changed(hostile, Change.no_flipped)
    assert not unsaid.refusal and unsaid.scores.no_brevity is None
    assert changed(hostile, Change.flags_dropped).flags == []


def test_the_changing_grader_changes_only_the_lines_it_is_given() -> None:
    base = OfflineGrader(
        load_rubric(RESOURCES / "rubrics" / "staff-turn.yaml"), load_personas(RESOURCES / "personas")
    )
    line = "You'll get your phone when I say so."
    grader = ChangingGrader(base, Change.no_flipped, frozenset({("refused-request", line)}))
    said = GradingContext(staff=line, persona_id="refused-request")
    assert grader.grade(said).refusal != base.grade(said).refusal
    elsewhere = GradingContext(staff=line, persona_id="fearful")
    assert grader.grade(elsewhere).refusal == base.grade(elsewhere).refusal
    assert grader.changes_made == 1


def test_a_need_read_as_met_saves_a_poor_scene_and_a_line_read_better_breaks_no_good_one() -> None:
    broken = fragility(
        get_settings(), [Change.need_flipped, Change.tone_up], repeat=1, names=["personas/withdrawn"]
    )
    # the need read as met on its first line: the -18 and the damping keep poor practice out of crisis
    assert "line 1: need flipped" in broken["personas/withdrawn/poor-practice"]
    for case in ("good-practice", "good-practice-2"):
        assert not [c for c in broken[f"personas/withdrawn/{case}"] if c.endswith("tone up")]
