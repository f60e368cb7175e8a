"""Round 70's dev notes, read by kind: asked whether anyone is coming in to see them, they talk about who
visits; "who do you support?" asks for a team, not a person; a thing of theirs they are asked to move is no
offer of it; staff going on their break are going; and a tag typed without its comma ("... owt yeah?") asks
nothing of its own. Staff lines here are written for these tests, not taken from the persona files or the
coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


@pytest.mark.parametrize(
    ("persona_id", "who"),
    [("paranoid", "leon"), ("patient-conflict", "bernie"), ("fearful", "samira")],
)
def test_asked_who_comes_in_they_talk_about_who_visits(persona_id: str, who: str) -> None:
    said = replies(["Anybody popping in to see you this weekend?"], PERSONAS[persona_id], agitation=20)
    assert who in said[-1].lower(), said


def test_who_they_support_asks_for_a_team_not_a_person() -> None:
    persona = PERSONAS["refused-request"]
    said = replies(["Big match on later. Who d'you support, then?"], persona, agitation=20)
    # before: "Friday night's a takeaway and a film. With Ellie ..." (a line with a person in it)
    assert "league" in said[-1].lower(), said


def test_a_thing_of_theirs_to_move_is_no_offer_of_it() -> None:
    persona = PERSONAS["fearful"]
    seat = next(o for o in persona.listening.offers if "chair" in o.words)
    said = replies(
        ["Could you move your chair away from the fire exit for me? It has to stay clear."], persona
    )
    # before: "Sit? No. I'm fine standing." (moving the chair heard as a chair offered to sit on)
    assert said[-1] not in seat.answers.at(Band.agitated), said


@pytest.mark.parametrize(
    "going", ["I'm off on my break now, back in twenty.", "Right, I'm going for my lunch."]
)
def test_staff_going_on_their_break_are_going(going: str) -> None:
    assert Act.closing in read_acts(going, PERSONAS["paranoid"]).acts


def test_a_break_later_is_no_goodbye() -> None:
    assert Act.closing not in read_acts("I'm going on my break at three.", PERSONAS["paranoid"]).acts


def test_a_tag_without_its_comma_asks_nothing_of_its_own() -> None:
    reading = read_acts("Give us a shout if you need anything yeah?", PERSONAS["withdrawn"])
    assert not reading.questions
