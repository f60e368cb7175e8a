"""The offline patient in a negotiation: what would let them decide asked, a question put after a no, a
deal said back and checked, a time that meets their latest time, and a condition whose other side is a
threat. Staff lines here are written for these tests, not taken from the persona files or the coherence
suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.grading.offline import OfflineGrader
from coach.models import Band, Flag, Grade, GradingContext, Scores
from coach.personas import load_personas
from coach.rubrics import load_rubric
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")
GRADER = OfflineGrader(load_rubric(RESOURCES / "rubrics" / "staff-turn.yaml"), PERSONAS)


def _feelings(persona_id: str) -> set[str]:
    persona = PERSONAS[persona_id]
    return {line for t in persona.listening.topics if "feel" in t.words for line in t.answers.at(Band.calm)}


def test_what_would_let_them_decide_asks_what_they_want_not_how_they_feel() -> None:
    [reply] = replies(
        ["We see it differently. What would help you feel sure enough to choose?"], PERSONAS["paranoid"]
    )
    assert reply not in _feelings("paranoid"), reply
    assert any(word in reply.lower() for word in ("box", "label", "packet")), reply


def test_a_question_put_after_a_no_is_answered_not_taken_as_the_no() -> None:
    persona = PERSONAS["refused-request"]
    turn = "If we can't get you out today, what's the one thing that needs to happen before Saturday?"
    no = Grade(
        scores=Scores(tone=4, no_brevity=4, options=0, escalation_risk=2),
        flags=[],
        refusal=True,
        grader="test",
    )
    [reply] = replies([turn], persona, agitation=15, grade=no)
    assert "card" in reply.lower(), reply


@pytest.mark.parametrize("check", ["Anything I've missed?", "Is that what we agreed?"])
def test_a_deal_said_back_and_checked_gets_their_confirmation(check: str) -> None:
    persona = PERSONAS["patient-conflict"]
    turn = f"So: you stay in the lounge, I talk to Ryan on his own, and we ring your sister tomorrow. {check}"
    [reply] = replies([turn], persona, agitation=10)
    lines = persona.listening.acts.reflected
    assert lines is not None
    assert reply in lines.at(Band.calm), reply


def test_a_time_before_their_latest_time_is_not_corrected_and_one_after_it_is() -> None:
    persona = PERSONAS["refused-request"]
    [early] = replies(
        ["I'll walk your card down to the postbox at the entrance at three."], persona, agitation=10
    )
    [late] = replies(
        ["I'll walk your card down to the postbox at the entrance at seven."], persona, agitation=10
    )
    assert not early.lower().startswith("three?"), early
    assert late.lower().startswith("seven?"), late


@pytest.mark.parametrize(
    ("turn", "threat"),
    [
        ("If you take your tablets now, there'd be no need for me to ring the doctor.", True),
        ("If you settle, there won't be any need to tell the nurse in charge.", True),
        ("If you'd rather, there's no need to tell your mum anything yet.", False),
    ],
)
def test_a_condition_whose_other_side_is_a_report_is_a_threat(turn: str, threat: bool) -> None:
    persona = PERSONAS["withdrawn"]
    grade = GRADER.grade(GradingContext(staff=turn, patient=persona.opening.text, persona_id=persona.id))
    assert (Flag.threat in grade.flags) is threat, grade.flags


def test_what_they_get_up_to_at_weekends_reaches_their_pastimes() -> None:
    persona = PERSONAS["withdrawn"]
    [reply] = replies(["What do you get up to at the weekends, normally?"], persona, agitation=10)
    assert any(word in reply.lower() for word in ("cat", "film", "jigsaw", "bird", "library")), reply
