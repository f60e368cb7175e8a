"""Bad news lands once (docs/domain.md): lines written for this test in a trainee's own words, graded by the
offline grader and played through coach.dynamics. A forewarning then the news costs less than hearing the
news twice as fresh; a calm no repeated costs less the second time; a curt no costs the same every time."""

from __future__ import annotations

import pytest

from coach import dynamics
from coach.config import RESOURCES
from coach.grading.offline import OfflineGrader
from coach.models import GradingContext, PatientState
from coach.personas import load_personas
from coach.rubrics import load_rubric
from coach.stance import Stance

PERSONAS = load_personas(RESOURCES / "personas")
GRADER = OfflineGrader(load_rubric(RESOURCES / "rubrics" / "staff-turn.yaml"), PERSONAS)

# (persona, the first no, the same news said again), each pair said calmly with a reason.
CALM_TWICE = [
    (
        "refused-request",
        "Callum, before anything else, I'm afraid what I've come to tell you isn't good news.",
        "There's nobody free to take you out this afternoon, so the trip can't go ahead. I'm sorry.",
    ),
    (
        "ignored-for-days",
        "Maureen, I have to be straight with you: the doctor can't see you before tomorrow morning. "
        "She's in clinic all day.",
        "I know. The doctor can't come today, she's in clinic, and I'm sorry that's another wait.",
    ),
]
CURT = "No. Not today. Go and sit down."


def rise(persona_id: str, text: str, start: PatientState) -> tuple[float, PatientState]:
    persona = PERSONAS[persona_id]
    grade = GRADER.grade(
        GradingContext(
            staff=text, patient=persona.opening.text, persona_id=persona_id, agitation=start.agitation
        )
    )
    assert grade.refusal, text  # the premise: the grader hears a no
    after = dynamics.step(start, grade, Stance(), persona, staff_text=text).state
    return after.agitation - start.agitation, after


@pytest.mark.parametrize(("persona_id", "first", "again"), CALM_TWICE)
def test_the_same_news_said_calmly_a_second_time_costs_less(persona_id: str, first: str, again: str) -> None:
    opening = dynamics.initial_state(PERSONAS[persona_id])
    _, heard = rise(persona_id, first, opening)
    level = heard.model_copy(update={"agitation": opening.agitation, "band": opening.band})
    fresh, _ = rise(persona_id, again, opening)
    second, _ = rise(persona_id, again, level)
    assert 0 < second < fresh


@pytest.mark.parametrize("persona_id", ["refused-request", "ignored-for-days"])
def test_a_curt_no_costs_as_much_however_often_it_comes(persona_id: str) -> None:
    opening = dynamics.initial_state(PERSONAS[persona_id])
    first, heard = rise(persona_id, CURT, opening)
    level = heard.model_copy(update={"agitation": opening.agitation, "band": opening.band})
    second, _ = rise(persona_id, CURT, level)
    assert second == pytest.approx(first)
