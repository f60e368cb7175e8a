"""The margins a played persona scene passes its expectations by (coach.evaluation.margins)."""

from __future__ import annotations

import pytest

from coach.evaluation.margins import margins
from coach.evaluation.results import Step, Transcript
from coach.evaluation.suites import PersonaExpect
from coach.models import Band, Outcome, Scores


def _scene(path: list[float], outcome: Outcome | None) -> Transcript:
    steps = [
        Step(
            turn=i,
            staff="line",
            patient="reply",
            agitation=a,
            band=Band.for_agitation(a),
            scores=Scores(tone=3, options=0, escalation_risk=3),
            refusal=False,
            grader="offline",
        )
        for i, a in enumerate(path[1:], start=1)
    ]
    return Transcript(
        persona="p", opening="o", start=path[0], steps=steps, outcome=outcome, final=path[-1], peak=max(path)
    )


def test_a_mixed_scene_just_short_of_crisis_has_less_than_a_point_to_spare() -> None:
    expect = PersonaExpect(outcome=[Outcome.unresolved], final_above=25, bands_avoided=[Band.crisis])
    found = margins(expect, _scene([47.6, 61.3, 69.1, 79.4, 76.2], Outcome.unresolved), script_lines=4)
    assert found.points["to crisis"] == pytest.approx(0.6)
    assert found.points["final above"] == pytest.approx(51.2)
    assert found.lines_left is None  # it did not end


def test_a_poor_scene_that_reaches_crisis_early_has_its_scripts_later_lines_to_spare() -> None:
    expect = PersonaExpect(outcome=[Outcome.crisis])
    assert margins(expect, _scene([60, 72, 80.3], Outcome.crisis), script_lines=6) == ({}, 4)
    assert margins(expect, _scene([60, 66, 72, 80.3], Outcome.crisis), script_lines=3).lines_left == 0


def test_a_settled_scene_counts_the_lines_it_had_to_spare_and_a_miss_is_negative() -> None:
    expect = PersonaExpect(outcome=[Outcome.de_escalated], final_below=25, ends_within=(4, 10))
    found = margins(expect, _scene([48, 40, 30, 26, 27.5], Outcome.de_escalated), script_lines=12)
    assert found.lines_left == 6  # the expectation's last turn comes before the script's
    assert found.points["final below"] == pytest.approx(-2.5)  # ended above 25: that run failed
    assert found.points["to crisis"] == pytest.approx(32.0)
