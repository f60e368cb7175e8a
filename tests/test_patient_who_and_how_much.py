"""Round 68's dev notes, read by kind: a name staff give that is not their own ("It's Lorraine, the ward
manager" from Sam, who gave her name already) introduces nobody; a question inside another ("do you know
how much you could pay back?") asks what they would do, and gets their plan, not their account; small talk
about the football in its everyday spelling is about their football; and "you asked if ..." says back a
question, no condition on their conduct. Staff lines here are written for these tests, not taken from the
persona files or the coherence suite."""

from __future__ import annotations

from coach.config import RESOURCES
from coach.grading.rules.reading import read_turn
from coach.models import Flag
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


def _introduction_lines(persona_id: str) -> set[str]:
    persona = PERSONAS[persona_id]
    intro = persona.listening.acts.introduction
    bands = ("calm", "agitated", "highly_agitated", "crisis")
    return {line for band in bands for line in getattr(intro, band)}


def test_a_name_that_is_not_the_speakers_introduces_nobody() -> None:
    said = replies(
        ["Hi Dean, it's Sam.", "It's Lorraine, the ward manager. She'll have it done by Monday."],
        PERSONAS["patient-conflict"],
        agitation=20,
    )
    # before: "Hiya. I'm Dean. You've picked a lively night to come over." (Lorraine taken for the speaker)
    assert "i'm dean" not in said[-1].lower(), said
    assert not any(line.split(".")[0] in said[-1] for line in _introduction_lines("patient-conflict")), said


def test_the_first_name_given_is_still_answered_as_an_introduction() -> None:
    said = replies(["Hiya, it's Lorraine, the ward manager."], PERSONAS["patient-conflict"], agitation=20)
    assert "dean" in said[-1].lower(), said


def test_how_much_they_could_manage_gets_their_plan_not_their_account() -> None:
    persona = PERSONAS["ignored-for-days"]
    letter = next(t for t in persona.listening.topics if t.id == "letter")
    said = replies(["Do you know how much you could pay back each month?"], persona, agitation=20)
    # before: "My benefits were paused when I missed an appointment..." (how the debt came about)
    assert said[-1] in letter.ahead.calm, said
    assert said[-1] not in letter.answers.calm, said


def test_the_football_in_everyday_spelling_is_their_football() -> None:
    persona = PERSONAS["refused-request"]
    topic = next(t for t in persona.listening.topics if t.id == "interests")
    said = replies(["Big footie match on later, you a fan?"], persona, agitation=20)
    # before: "Fair enough." (nothing of theirs heard in it)
    assert said[-1] in topic.answers.calm, said


def test_a_question_said_back_is_no_condition_on_their_conduct() -> None:
    reported = read_turn("You asked me if your visits are being stopped over this.")
    assert not reported.of(Flag.threat), reported.of(Flag.threat)
    # the same words as a condition on what they do stay leverage
    threat = read_turn("If you shout again your visits are being stopped.")
    assert threat.of(Flag.threat)
