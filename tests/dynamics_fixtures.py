"""Helpers for the dynamics tests: a small persona, graded turns and states built by hand, one-turn moves."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coach import dynamics
from coach.datafiles import load_model
from coach.dynamics import DynamicsParams, StepResult
from coach.models import Band, Flag, Grade, PatientState, Persona, Scores, Sensitivities
from coach.stance import Stance

PERSONA = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)
LONG = "I can hear how worried you are about your sister and I really do want to help you sort this out"
SHORT = "I'm here. You're safe."
# Calming power on its own: no hysteresis and no fading to blur it.
WORDS_ONLY = DynamicsParams(hysteresis_power=1.0, fading_low=0.0, fading_high=0.0)


def grade(
    tone: int = 3,
    risk: int = 3,
    *,
    refusal: bool = False,
    brevity: int | None = None,
    options: int = 0,
    flags: tuple[Flag, ...] = (),
    meets_need: bool = False,
) -> Grade:
    if refusal and brevity is None:
        brevity = 3
    return Grade(
        scores=Scores(tone=tone, no_brevity=brevity, options=options, escalation_risk=risk),
        refusal=refusal,
        flags=list(flags),
        grader="test",
        meets_need=meets_need,
    )


def state(
    agitation: float, peak: float | None = None, need_met: bool = False, calm_turns: int = 0
) -> PatientState:
    return PatientState(
        agitation=agitation,
        band=Band.for_agitation(agitation),
        peak=agitation if peak is None else peak,
        need_met=need_met,
        calm_turns=calm_turns,
    )


def persona_with(**traits: float) -> Persona:
    values = {"provocation": 1.0, "denied_request": 1.0, "directions": 1.0, "crowding": 1.0, **traits}
    return PERSONA.model_copy(update={"sensitivities": Sensitivities(**values)})


# Effects in isolation are checked without the per-turn saturation, which has its own test.
LINEAR = replace(dynamics.PARAMS, escalation_cap=float("inf"))


def move(
    g: Grade,
    stance: Stance | None = None,
    start: PatientState | float = 45,
    persona: Persona = PERSONA,
    text: str | None = LONG,
    params: DynamicsParams = LINEAR,
) -> float:
    """The change in agitation after one turn."""
    s = start if isinstance(start, PatientState) else state(start)
    result = dynamics.step(s, g, stance or Stance(), persona, staff_text=text, params=params)
    return result.state.agitation - s.agitation


def effect(result: StepResult, name: str) -> float:
    return sum(e.amount for e in result.effects if e.name == name)
