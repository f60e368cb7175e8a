"""The agitation model's calibration runs a trainer would recognise: good practice de-escalates and holds,
poor practice reaches crisis, neutral turns barely move it, and one turn's mistakes saturate."""

from __future__ import annotations

import pytest
from dynamics_fixtures import LONG, PERSONA, grade, move, persona_with

from coach import dynamics
from coach.models import Flag, Grade, Outcome, Persona
from coach.stance import Action, Distance, Posture, Stance, Voice

# --------------------------------------------------------------------------- calibration


GOOD_STANCE = Stance(distance=Distance.two_arms_or_more, voice=Voice.quiet, posture=Posture.open)
GOOD_RUN = [
    (grade(5, 1), Stance(distance=Distance.two_arms_or_more, voice=Voice.quiet, actions=[Action.step_back])),
    (grade(4, 2, refusal=True, brevity=5, options=2), GOOD_STANCE),
    (grade(5, 2), GOOD_STANCE),
    (grade(5, 1, meets_need=True), GOOD_STANCE),
    *[(grade(4, 2), GOOD_STANCE)] * 6,
]
POOR_STANCE = Stance(distance=Distance.close, voice=Voice.raised)
POOR_RUN = [
    (grade(2, 4, flags=(Flag.calm_down,)), POOR_STANCE),
    (grade(2, 4, refusal=True, brevity=2), POOR_STANCE),
    (grade(1, 5, flags=(Flag.threat,)), POOR_STANCE),
    (grade(2, 4, flags=(Flag.containment_threat,)), POOR_STANCE),
    (grade(1, 5, flags=(Flag.calm_down,)), POOR_STANCE),
    (grade(2, 4), POOR_STANCE),
]


def play(
    start: float, run: list[tuple[Grade, Stance]], persona: Persona = PERSONA
) -> tuple[list[float], Outcome | None]:
    """Play a run until an outcome; return the agitation path and the outcome."""
    s = dynamics.initial_state(persona.model_copy(update={"starting_agitation": start}))
    path = [s.agitation]
    for g, stance in run:
        s = dynamics.step(s, g, stance, persona, staff_text=LONG).state
        path.append(s.agitation)
        if dynamics.outcome(s):
            break
    return path, dynamics.outcome(s)


@pytest.mark.parametrize("start", [30, 45, 60])
def test_good_practice_de_escalates_and_holds(start: float) -> None:
    path, result = play(start, GOOD_RUN)
    print(f"good practice from {start}: {path} -> {result}")
    assert result is Outcome.de_escalated
    assert len(path) - 1 <= 10 and path[-1] < 25 and path[-2] < 25


@pytest.mark.parametrize("start", [30, 45, 60])
def test_good_practice_holds_even_for_a_sensitive_persona(start: float) -> None:
    prickly = persona_with(provocation=1.8, denied_request=2.0, directions=1.5, crowding=1.8)
    path, result = play(start, GOOD_RUN, prickly)
    print(f"good practice, sensitive persona, from {start}: {path} -> {result}")
    assert result is Outcome.de_escalated


def test_poor_practice_reaches_crisis_within_six_turns() -> None:
    path, result = play(45, POOR_RUN)
    print(f"poor practice from 45: {path} -> {result}")
    assert result is Outcome.crisis and len(path) - 1 <= 6


HELPFUL = (grade(4, 2), Stance())
LAPSES = [
    (grade(2, 4, refusal=True, brevity=2), Stance()),
    (grade(2, 5, flags=(Flag.calm_down,)), Stance()),
    (grade(2, 4, refusal=True, brevity=2), Stance()),
]


@pytest.mark.parametrize("start", [45, 55, 60])
def test_mixed_practice_lands_between_where_the_same_lapses_back_to_back_reach_crisis(start: float) -> None:
    mixed = [HELPFUL, LAPSES[0], HELPFUL, LAPSES[1], HELPFUL, LAPSES[2], HELPFUL]
    path, result = play(start, mixed)
    print(f"mixed practice from {start}: {path} -> {result}")
    assert result is None and path[-1] > start
    path, result = play(start, LAPSES * 2)
    assert result is Outcome.crisis


def test_curt_practice_without_stance_still_escalates_to_crisis() -> None:
    path, result = play(45, [(grade(2, 4, flags=(Flag.calm_down,)), Stance())] * 8)
    print(f"curt 'calm down' from 45: {path} -> {result}")
    assert result is Outcome.crisis and len(path) - 1 <= 6


def test_neutral_run_neither_resolves_nor_explodes() -> None:
    path, result = play(45, [(grade(3, 3), Stance())] * 10)
    print(f"neutral from 45: {path} -> {result}")
    assert result is None and 25 <= path[-1] < 45


def test_one_turn_of_stacked_mistakes_saturates_below_the_cap() -> None:
    worst = grade(1, 5, flags=[Flag.calm_down, Flag.invalidation, Flag.mockery, Flag.threat])
    stance = Stance(distance=Distance.close, voice=Voice.raised, posture=Posture.closed)
    linear = move(worst, stance, start=40)
    saturated = move(worst, stance, start=40, params=dynamics.PARAMS)
    assert linear > dynamics.PARAMS.escalation_cap
    assert 0.8 * dynamics.PARAMS.escalation_cap < saturated < dynamics.PARAMS.escalation_cap
    small = grade(2, 4)
    assert move(small, start=40, params=dynamics.PARAMS) == pytest.approx(move(small, start=40), abs=1.5)
