"""The offline patient hearing bad news: a limit that names a thing they want is no offer of it, and news of
someone else's plan is not a put-off of theirs. Staff lines here are written for these tests, not taken
from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band, Grade, Scores
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")
NO = Grade(
    scores=Scores(tone=3, no_brevity=3, options=0, escalation_risk=3), flags=[], refusal=True, grader="test"
)


def test_a_limit_that_names_a_thing_they_want_does_not_offer_it() -> None:
    persona = PERSONAS["refused-request"]
    turn = "The leave's off today. Nobody is free to take you for a walk, two staff are on one-to-ones."
    assert not [o for o in read_acts(turn, persona).offers if o.listed and o.listed.id == "garden"]


def _put_off_line(reply: str, persona_id: str) -> bool:
    """True when `reply` is made from one of the persona's put_off lines (their words around {offer})."""
    lines = PERSONAS[persona_id].listening.acts.put_off
    assert lines is not None
    parts = (max(line.split("{offer}"), key=len).strip() for line in lines.at(Band.agitated))
    return any(part and part in reply for part in parts)


@pytest.mark.parametrize(
    ("persona_id", "turn"),
    [
        (
            "ignored-for-days",
            "Your son rang. He can't make it in tonight, the bus is off; he'll come tomorrow.",
        ),
        ("paranoid", "Leon isn't coming on Sunday after all, he's got the flu."),
        ("patient-conflict", "Bernie rang. She can't come in on Wednesday, she'll be in on Sunday instead."),
    ],
)
def test_news_of_someone_elses_plan_is_not_answered_as_a_put_off_of_theirs(
    persona_id: str, turn: str
) -> None:
    [reply] = replies([turn], PERSONAS[persona_id], agitation=30, grade=NO)
    assert not _put_off_line(reply, persona_id), reply


def test_staff_putting_off_what_they_asked_for_is_still_a_put_off() -> None:
    turn = "I can't take you to the shop now. Later this afternoon, maybe."
    [reply] = replies([turn], PERSONAS["refused-request"], agitation=30, grade=NO)
    assert _put_off_line(reply, "refused-request"), reply
