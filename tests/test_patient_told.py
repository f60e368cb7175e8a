"""Told something (a reason, a rule, news, what happens next) with nothing asked, offered or refused, the
offline patient takes it in (the persona file's `told` lines); a no in words, a question, or a turn the
grade heard as a no is answered as before. Staff lines here are written for these tests, not taken from
the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.models import Band, Grade, Scores
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")
NEWS = "Just so you know, the pharmacy changed supplier on Tuesday, that's why they look different."


def _told(persona_id: str, band: Band) -> list[str]:
    lines = PERSONAS[persona_id].listening.acts.told
    assert lines is not None
    return lines.at(band)


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_news_with_nothing_asked_or_offered_is_taken_in(persona_id: str) -> None:
    [reply] = replies([NEWS], PERSONAS[persona_id], agitation=35)
    assert any(line in reply for line in _told(persona_id, Band.agitated)), reply


@pytest.mark.parametrize(
    "turn",
    ["No, I'm not going through all that with you tonight.", "Is the pharmacy open on Tuesday?", "Okay."],
)
def test_a_no_a_question_or_a_word_that_tells_nothing_is_not_taken_as_news(turn: str) -> None:
    [reply] = replies([turn], PERSONAS["paranoid"], agitation=35)
    assert not any(line in reply for line in _told("paranoid", Band.agitated)), reply


def _no() -> Grade:
    return Grade(
        scores=Scores(tone=3, no_brevity=3, options=0, escalation_risk=3), refusal=True, grader="test"
    )


def test_news_the_grade_heard_as_a_no_in_words_that_can_carry_one_is_answered_as_a_no() -> None:
    turn = "The pharmacy changed supplier on Tuesday. You'll have to wait till the new box comes."
    [reply] = replies([turn], PERSONAS["paranoid"], agitation=35, grade=_no())
    assert not any(line in reply for line in _told("paranoid", Band.agitated)), reply


def test_news_the_grade_heard_as_a_no_in_words_that_cannot_carry_one_is_still_news() -> None:
    # Good news with a time ("coming up at four") can be graded a no; the person hearing it hears news.
    [reply] = replies([NEWS], PERSONAS["paranoid"], agitation=35, grade=_no())
    assert any(line in reply for line in _told("paranoid", Band.agitated)), reply


def test_a_persona_file_without_told_lines_answers_as_before() -> None:
    persona = PERSONAS["paranoid"]
    acts = persona.listening.acts.model_copy(update={"told": None})
    plain = persona.model_copy(update={"listening": persona.listening.model_copy(update={"acts": acts})})
    [reply] = replies([NEWS], plain, agitation=35)
    assert not any(line in reply for line in _told("paranoid", Band.agitated)), reply
