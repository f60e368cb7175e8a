"""The offline patient asked for one particular (which team, what kind, whose name), or spoken to as people
type (texting, Scots, a tag, a threat in slang), and the readings that find what such a question is about,
what it follows up and who a thing is for. Staff lines here are written for these tests, not taken from
the persona files or the coherence suite."""

from __future__ import annotations

import re

import pytest

from coach.acted import read_acted
from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band, Grade, PatientState, ReplyKind, Scores, Speaker, Turn
from coach.patient.base import PatientContext
from coach.patient.confirming import confirmed
from coach.patient.facts import names_someone
from coach.patient.scene import asks_to_recall
from coach.personas import load_personas
from coach.promises import for_someone_else
from coach.said_aloud import spoken_to_colleague, turned_back
from coach.spelling import plain_words
from coach.stance import Stance
from coach.wording import fold, named_most
from tests.patient_fixtures import PATIENT, calm_grade, first_reply, replies, topic_lines

PERSONAS = load_personas(RESOURCES / "personas")


def test_where_staff_heard_it_opening_the_question_is_not_what_it_asks_about() -> None:
    persona = PERSONAS["ignored-for-days"]
    turn = "Jo said once that you grow things on your balcony, what's doing well up there?"
    [question] = read_acts(turn, persona).questions
    assert question.topic is not None and question.topic.id != "kofi-and-jo"


@pytest.mark.parametrize("lead", ["Go on then, which", "Come on, which", "Go on, what"])
def test_go_on_before_a_question_leads_into_it_and_orders_nothing(lead: str) -> None:
    persona = PERSONAS["paranoid"]
    reading = read_acts(f"{lead} team do you support?", persona)
    assert Act.instruction not in reading.acts
    assert Act.question in reading.acts
    # "Go on, then" alone still carries them on, and an order is still an order
    assert Act.instruction in read_acts("Go on, sit down over there.", persona).acts


@pytest.mark.parametrize("turn", ["Which team d'you follow, then?", "What team are you, out of interest?"])
def test_asked_which_team_they_follow_they_answer_with_their_sport(turn: str) -> None:
    persona = PERSONAS["paranoid"]
    reply = first_reply(turn, persona, agitation=10)
    assert reply in topic_lines(persona, "interests", Band.calm), reply


def test_a_capital_after_a_quote_or_opening_a_quoted_sentence_names_nobody() -> None:
    assert not names_someone("I asked on Monday. 'Somebody will sort it.' Nobody did.")
    assert not names_someone("Every day. 'Later,' they said. Later never came.")
    assert names_someone("I asked on Monday, and Priya said she'd sort it.")
    assert names_someone("Tom was my big brother.")  # a name opening the sentence is still a name


def test_asked_whether_they_remember_a_name_no_line_gives_they_cannot_remember() -> None:
    persona = PERSONAS["ignored-for-days"]
    reply = first_reply(
        "Who did you speak to on Saturday, do you remember their name?", persona, agitation=20
    )
    not_recalled = persona.listening.acts.not_recalled
    assert not_recalled is not None
    assert reply in not_recalled.at(Band.calm), reply


def test_asked_a_name_that_is_news_to_them_they_do_not_know_it() -> None:
    persona = PERSONAS["ignored-for-days"]
    reply = first_reply("What's the name of the benefits adviser who's coming?", persona, agitation=20)
    assert reply in persona.listening.acts.dont_know.at(Band.calm), reply


def test_asked_what_a_thing_of_their_own_was_called_they_do_not_say_they_were_never_told() -> None:
    persona = PERSONAS["paranoid"]
    reply = first_reply("Fifteen years on the market! What was the stall called?", persona, agitation=10)
    assert reply not in persona.listening.acts.dont_know.at(Band.calm), reply


def test_a_tagged_statement_that_leads_into_a_question_is_not_put_to_them_to_confirm() -> None:
    persona = PERSONAS["fearful"]
    assert confirmed("Samira's got a dog, hasn't she? What's his name?", persona, Band.calm) is None
    # put on its own, the statement is theirs to confirm
    alone = confirmed("Samira's your sister, isn't she?", persona, Band.calm)
    assert alone is not None and alone.lines[0].startswith("Yes")


def test_a_pronoun_points_to_whom_their_own_last_reply_named() -> None:
    persona = PERSONAS["refused-request"]

    def reply_after(patient_said: str) -> str:
        history = [
            Turn(speaker=Speaker.patient, text=persona.opening.text),
            Turn(speaker=Speaker.staff, text="There are some cards in the cupboard."),
            Turn(speaker=Speaker.patient, text=patient_said),
            Turn(speaker=Speaker.staff, text="What's she like?"),
        ]
        state = PatientState(agitation=10, band=Band.calm, peak=10)
        ctx = PatientContext(
            session_id="t", persona=persona, state=state, history=history, grade=calm_grade(), stance=Stance()
        )
        return PATIENT.reply(ctx).text

    assert reply_after("What's that got to do with Ellie?") in topic_lines(persona, "ellie", Band.calm)
    # their reply named nobody, and the turn before named no one either: not Ellie's lines
    assert reply_after("What's that got to do with anything?") not in topic_lines(persona, "ellie", Band.calm)


def test_an_open_question_followed_by_a_yes_no_one_is_the_one_answered() -> None:
    persona = PERSONAS["withdrawn"]
    reply = first_reply("What do you do at the cat rescue? Is it every week?", persona, agitation=10)
    assert "cat" in reply.lower() or "rescue" in reply.lower(), reply


@pytest.mark.parametrize(
    "said",
    [
        "get ryan a sandwich",
        "make him a cup of tea",
        "you'd make sure he gets a sandwich",
        "save her a plate",
        "ensure they have a drink",
    ],
)
def test_a_thing_given_to_someone_else_is_no_offer_or_help_to_them(said: str) -> None:
    assert for_someone_else(said)


@pytest.mark.parametrize(
    "said",
    ["get you a sandwich", "bring over a chair", "give samira a ring", "make us a brew", "get it sorted"],
)
def test_a_thing_given_to_them_or_a_call_for_them_is_still_theirs(said: str) -> None:
    assert not for_someone_else(said)


def test_a_sandwich_got_for_another_patient_is_not_offered_to_them() -> None:
    persona = PERSONAS["patient-conflict"]
    reading = read_acts("He missed his tea, so I'll get Ryan a sandwich from the kitchen.", persona)
    assert not reading.offers
    reply = first_reply(
        "He missed his tea, so I'll get Ryan a sandwich from the kitchen.", persona, agitation=30
    )
    listed = next(o for o in persona.listening.offers if o.id == "something-to-eat")
    assert reply not in listed.answers.at(Band.agitated), reply


@pytest.mark.parametrize(
    "question", ["Sorry, what was I saying?", "What was I on about?", "What was I telling you?"]
)
def test_asked_what_staff_were_saying_is_asked_to_recall(question: str) -> None:
    assert asks_to_recall(question)


# --------------------------------------------------------------------------- typed as people type


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("oh ya, milk n sugar?", "oh yeah, milk and sugar?"),
        ("Ya, that's fine.", "yeah, that's fine."),
        ("see ya later", "see you later"),
        ("c'mon ower tae the windae wi me", "c'mon over to the window with me"),
        ("whit colour were the auld ones?", "what colour were the old ones?"),
        ("theyll be here soon", "they'll be here soon"),
    ],
)
def test_texting_and_scots_spellings_are_read_as_the_words_they_stand_for(typed: str, read: str) -> None:
    assert plain_words(typed).lower() == read


def test_staff_who_find_their_place_ask_the_question_after_it() -> None:
    persona = PERSONAS["fearful"]
    _, reply = replies(
        [
            "I'll make you a cup of tea in a minute.",
            "Right, where was I.. oh yes, when's Samira next visiting?",
        ],
        persona,
        agitation=15,
    )
    assert "visit" in reply.lower(), reply
    assert "you said" not in reply.lower(), reply


def test_is_it_on_the_end_of_a_statement_is_a_tag_not_a_question() -> None:
    persona = PERSONAS["patient-conflict"]
    reading = read_acts("I'll be back in ten minutes to tell you how it went, is it?", persona)
    assert not reading.questions


def test_a_loss_said_of_the_thing_after_a_condition_is_a_threat() -> None:
    persona = PERSONAS["refused-request"]
    assert (
        Act.threat
        in read_acts("Kick that door one more time and your leave's getting stopped.", persona).acts
    )
    assert Act.threat not in read_acts("Your leave's been stopped for today, I'm sorry.", persona).acts


@pytest.mark.parametrize("session", ["t", "u", "v"])
def test_words_that_only_say_who_staff_are_are_no_no_whatever_the_grade(session: str) -> None:
    persona = PERSONAS["refused-request"]
    no = Grade(
        scores=Scores(tone=5, no_brevity=4, options=0, escalation_risk=2), flags=[], refusal=True, grader="t"
    )
    reply = first_reply(
        "Hello, I'm Jo, I'm not usually on this ward, they've borrowed me from Elm for today",
        persona,
        agitation=20,
        grade=no,
        session=session,
    )
    refused = persona.voice[Band.calm].replies[ReplyKind.refused]
    assert not any(line in reply for line in refused), reply


# --------------------------------------------------------------------------- arriving and starting


def test_an_acted_aside_to_a_colleague_is_said_to_the_colleague_until_staff_turn_to_them() -> None:
    turn = (
        "*to the other nurse* So this is Sam, in since Monday. *turns to Sam* Hi, I'm Carl, here till lunch."
    )
    assert spoken_to_colleague(turn, "Sam Jones")
    assert turned_back(turn, "Sam Jones") == "Hi, I'm Carl, here till lunch."
    assert spoken_to_colleague("*quietly, to a colleague* She's not slept at all.", "Sam Jones")
    assert not spoken_to_colleague("*to Sam* Hi, I'm Carl.", "Sam Jones")
    assert not spoken_to_colleague("*sits down* Hi Sam.", "Sam Jones")


def test_a_colleague_staff_name_as_they_arrive_is_not_asked_who_they_are_first() -> None:
    persona = PERSONAS["paranoid"]
    _, reply = replies(
        [
            "Marcus, I'm Ade. I just want to hear what's going on.",
            "*a colleague walks up* This is Priya, she's taking over the queue.",
        ],
        persona,
        agitation=30,
    )
    assert not re.search(r"\bwho(?:'s| is)\b", reply.lower()), reply


@pytest.mark.parametrize(
    "persona_id", ["fearful", "paranoid", "patient-conflict", "refused-request", "withdrawn"]
)
def test_their_tea_handed_over_is_the_drink_they_were_offered(persona_id: str) -> None:
    persona = PERSONAS[persona_id]
    [brought] = read_acted("Here's your tea, I've left it to cool a bit.", persona.profile.name).brought
    listed = named_most(fold(brought), persona.listening.offers)
    assert (listed is not None and "drink" in listed.about.lower()) or "tea" in (
        listed.about if listed else ""
    ), listed
