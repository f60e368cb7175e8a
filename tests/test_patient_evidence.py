"""The offline patient answers something in particular only on evidence that it was said: a yes/no or
tagged turn is not read for a topic by words it happens to share with the persona's answers, a question
that names nothing is about what its turn (or the last turn) named, an option they can name is taken, a
reaction to a nurse close by says no more than the stance tags do, an invitation asked as a question is an
offer, and a self-harm question gets the persona's answer to it. The fixture persona tags each line with
what it answers; the real personas are used where their own lines are the point."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.acts import Act, Offered, read_acts
from coach.config import RESOURCES
from coach.datafiles import load_model
from coach.models import Band, Grade, PatientState, Persona, Scores, Speaker, Turn
from coach.options import either_or
from coach.patient.asked import Asked, asks_for, carries
from coach.patient.base import PatientContext
from coach.patient.choosing import frames
from coach.patient.held_to import held_to
from coach.patient.offline import OfflinePatient
from coach.personas import load_personas
from coach.stance import Action, Distance, Stance
from coach.wording import named_most

FIXTURE = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)
PERSONAS = load_personas(RESOURCES / "personas")
PATIENT = OfflinePatient()


def replies(
    persona: Persona,
    *lines: str,
    stance: Stance | None = None,
    agitation: float = 40,
    session: str = "ev",
    tone: int = 4,
) -> list[str]:
    """The patient's replies to staff `lines` (the last said with `stance`), the state held at `agitation`."""
    history = [Turn(speaker=Speaker.patient, text=persona.opening.text)]
    state = PatientState(agitation=agitation, band=Band.for_agitation(agitation), peak=agitation)
    grade = Grade(
        scores=Scores(tone=tone, no_brevity=None, options=0, escalation_risk=2), refusal=False, grader="test"
    )
    out = []
    for i, text in enumerate(lines):
        now = (stance or Stance()) if i == len(lines) - 1 else Stance()
        history.append(Turn(speaker=Speaker.staff, text=text, stance=now))
        ctx = PatientContext(
            session_id=session, persona=persona, state=state, history=history, grade=grade, stance=now
        )
        reply = PATIENT.reply(ctx).text
        history.append(Turn(speaker=Speaker.patient, text=reply, state=state))
        out.append(reply)
    return out


@pytest.mark.parametrize(
    "text", ["Keep your voice down a bit, yeah?", "Not right now, someone'll be back later on, okay?"]
)
def test_a_statement_with_a_tag_on_the_end_asks_nothing_of_its_own(text: str) -> None:
    assert not read_acts(text, FIXTURE).questions


def test_a_yes_no_question_names_its_topic_or_none() -> None:
    dean = PERSONAS["patient-conflict"]
    (question,) = read_acts("Have you had your hair cut recently?", dean).questions
    assert question.topic is None and not question.open
    (eaten,) = read_acts("Have you had anything to eat at all tonight?", dean).questions
    assert eaten.topic is not None and eaten.topic.id == "eating"
    (named,) = read_acts("Have you spoken to your sister tonight?", dean).questions
    assert named.topic is not None and named.topic.id == "bernie"


def test_a_yes_no_question_on_nothing_in_particular_is_not_given_a_stock_account() -> None:
    (reply,) = replies(FIXTURE, "Did you manage to get any kip?")
    assert not reply.startswith("Act question")
    (open_reply,) = replies(FIXTURE, "Nadia, what's on your mind?")
    assert open_reply.startswith("Act question")


def test_a_question_that_names_nothing_is_about_what_its_turn_names() -> None:
    (reply,) = replies(FIXTURE, "Your sister rang the desk earlier. Did it all go alright in the end?")
    assert reply.startswith("Topic sister")


def test_he_or_she_in_a_bare_question_is_who_the_last_turn_named() -> None:
    _, second = replies(FIXTURE, "I hear your sister came in.", "What's she like?")
    assert second.startswith("Topic sister")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Is there anybody on the staff you trust?", Asked.person),
        ("Whereabouts did you leave it?", Asked.place),
    ],
)
def test_what_a_question_asks_for_in_other_words(question: str, asked: Asked) -> None:
    assert asks_for(question) is asked


def test_a_span_answers_how_long_and_a_day_said_every_week_answers_when() -> None:
    assert carries("I have been on the ward for three weeks.", Asked.since)
    for span in ("for eleven months", "for thirty-two years", "for twenty-odd years", "for 14 days"):
        assert carries(f"I've been like this {span}.", Asked.since), span  # any number, not only the files'
    assert not carries("Four days of being told later.", Asked.since)
    assert carries("Dad rings Sundays.", Asked.time)


def test_the_option_taken_is_said_whatever_the_seed() -> None:
    for session in "abcdefghijkl":
        (reply,) = replies(FIXTURE, "Shall I stay by the door or go?", session=session)
        assert reply.startswith("Act choice stay by the door"), (session, reply)


def test_a_nurse_close_by_is_not_said_to_stand_over_them_while_a_plainer_line_is_left() -> None:
    beth = PERSONAS["withdrawn"]
    for session in "abcdefghijkl":
        (reply,) = replies(beth, "Hi.", stance=Stance(distance=Distance.close), session=session)
        assert "stand" not in reply.lower(), (session, reply)
        assert any(line in reply for line in beth.listening.reactions.close.at(Band.agitated))


def test_an_invitation_asked_as_a_question_is_an_offer() -> None:
    reading = read_acts("Come and sit down in the day room with me?", FIXTURE)
    assert Act.offer in reading.acts and reading.offers[0].listed is not None
    assert reading.offers[0].listed.id == "day-room"
    (reply,) = replies(FIXTURE, "Come and sit down in the day room with me?")
    assert reply.startswith("Offer day room")


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_a_self_harm_question_gets_the_persona_answer_to_it(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    topic = next(t for t in persona.listening.topics if t.id == "self-harm")
    (reply,) = replies(persona, "I ask everyone this: are you having any thoughts of hurting yourself?")
    assert any(line in reply for line in topic.answers.at(Band.agitated)), reply


def test_a_word_inside_a_longer_phrase_names_that_phrase_topic() -> None:
    dean = PERSONAS["patient-conflict"]
    topic = named_most("are you feeling like you might hurt yourself?", dean.listening.topics)
    assert topic is not None and topic.id == "self-harm"


def test_a_reaction_is_not_followed_by_a_line_that_answers_nothing() -> None:
    for session in "abcdef":
        # A flat turn (tone 3): the band's plain line is what the turn's words alone would get.
        stance = Stance(actions=[Action.call_support])
        (reply,) = replies(FIXTURE, "Right.", stance=stance, session=session, tone=3)
        assert reply in FIXTURE.listening.reactions.call_support.at(Band.agitated), reply


def test_a_no_with_an_alternative_after_but_is_answered_as_an_offer() -> None:
    reading = read_acts("I can't change that today, but I could make you a coffee.", FIXTURE)
    assert [o.listed.id for o in reading.offers if o.listed] == ["drink"]
    callum = PERSONAS["refused-request"]
    posted = read_acts("The shop's off today, but I could post the card for you before half five.", callum)
    assert {o.listed.id for o in posted.offers if o.listed} & {"card", "post"}


def test_an_offer_whose_time_was_said_is_not_asked_when() -> None:
    marcus = PERSONAS["paranoid"]
    for session in "abcdefgh":
        (reply,) = replies(marcus, "I could ask Anita to come up first thing tomorrow.", session=session)
        assert "When?" not in reply, (session, reply)


def test_a_choice_within_one_listed_offer_is_answered_by_the_option_taken() -> None:
    assert either_or("Tea or juice, if I bring you something?") == ("tea", "juice")
    (reply,) = replies(FIXTURE, "Tea or coffee?")
    assert reply.startswith("Act choice tea"), reply


@pytest.mark.parametrize("session", ["p1", "p2", "p3", "p4"])
def test_a_question_about_a_particular_thing_is_not_given_the_stock_account(session: str) -> None:
    dean = PERSONAS["patient-conflict"]
    stock = dean.listening.acts.question.at(Band.agitated)
    (reply,) = replies(dean, "What was actually in the tub?", agitation=45, session=session)
    assert reply not in stock
    (open_reply,) = replies(dean, "What's going on, Dean?", agitation=45, session=session)
    assert open_reply in stock or any(w in open_reply.lower() for w in ("curry", "tub", "food", "ate"))


def test_a_doing_is_said_back_only_where_the_line_frames_it_as_one() -> None:
    assert not frames(
        "Thanks for offering {offer}. I'd rather stay here.", "sitting on the chair by the door"
    )
    assert not frames("You said {offer}. Is that still on?", "seeing or speaking to a doctor")
    assert frames("What about {offer}? You said.", "sitting on the chair by the door")
    assert frames("Thanks for offering {offer}.", "a cup of tea")
    assert frames("Don't give me {offer}!", "something to eat")


@pytest.mark.parametrize("persona_id", sorted(PERSONAS))
def test_a_promise_not_yet_due_is_held_to_without_asking_whether_it_happened(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    for band in (Band.calm, Band.agitated, Band.highly_agitated):
        for line in held_to(Offered("a chat with the doctor", later=True), persona, band).lines:
            assert not re.search(
                r"sorted|did that happen|hasn't it happened|nobody's done|where is", line.lower()
            )
