"""The offline patient answers the question that was asked, with a line that fits the act: an either-or
about what they know is answered from what they know (their facts, what staff said earlier), a question
about what staff said they would do names it, a question that proposes something gets a yes, no or maybe,
a goodbye that says when is not asked when, a sorry that meets the need is answered as a sorry, and the
trainee's words are said back only as the thing they name. Staff lines here are written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.datafiles import load_model
from coach.models import Band, Grade, PatientState, Persona, ReplyKind, Scores, Speaker, Turn
from coach.options import either_or
from coach.patient.asked import Asked, asks_for, carries
from coach.patient.base import PatientContext
from coach.patient.choosing import holding, noun_phrase
from coach.patient.composing import staff_capitals
from coach.patient.facts import fact_for, told_facts
from coach.patient.offline import OfflinePatient
from coach.personas import load_personas
from coach.stance import Stance

FIXTURE = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)
PERSONAS = load_personas(RESOURCES / "personas")
PATIENT = OfflinePatient()


def replies(
    persona: Persona, *lines: str, agitation: float = 40, session: str = "ans", meets_need: bool = False
) -> list[str]:
    """The patient's replies to staff `lines`, the state held at `agitation`; the last turn meets the
    need when `meets_need`."""
    history = [Turn(speaker=Speaker.patient, text=persona.opening.text)]
    state = PatientState(agitation=agitation, band=Band.for_agitation(agitation), peak=agitation)
    out = []
    for i, text in enumerate(lines):
        grade = Grade(
            scores=Scores(tone=4, no_brevity=None, options=0, escalation_risk=2),
            refusal=False,
            grader="test",
            meets_need=meets_need and i == len(lines) - 1,
        )
        history.append(Turn(speaker=Speaker.staff, text=text, stance=Stance()))
        ctx = PatientContext(
            session_id=session, persona=persona, state=state, history=history, grade=grade, stance=Stance()
        )
        reply = PATIENT.reply(ctx).text
        history.append(Turn(speaker=Speaker.patient, text=reply, state=state))
        out.append(reply)
    return out


def test_an_either_or_about_a_fact_is_answered_with_the_fact_that_holds_one_option() -> None:
    dean = PERSONAS["patient-conflict"]
    *_, reply = replies(dean, "Which fridge was it in? The staff fridge or the patients' one?", agitation=35)
    assert reply in told_facts(dean) and "patients' fridge" in reply


def test_an_option_is_held_only_when_what_sets_it_apart_is_known_and_no_other_option_is() -> None:
    known = ["I keep my tub on the middle shelf of the patients' fridge."]
    assert holding(["the staff fridge", "the patients' fridge"], known) == {"the patients' fridge": known[0]}
    assert holding(["the fridge", "the cupboard"], ["The fridge and the cupboard are both locked."]) == {}


def test_an_option_taken_keeps_the_time_that_sets_it_apart() -> None:
    *_, reply = replies(FIXTURE, "I could run you a bath now, or after lunch?", agitation=15)
    assert "now" in reply.lower() or "after lunch" in reply.lower()


def test_did_i_say_one_time_or_another_is_answered_with_the_time_staff_said() -> None:
    assert either_or("Did I say half four or five?") == ("half four", "five")
    *_, reply = replies(
        FIXTURE, "I'll come back at seven to see how you are.", "Did I say I'd be back at six or seven?"
    )
    assert "seven" in reply.lower() and "six" not in reply.lower()


def test_asked_what_staff_said_they_would_do_the_patient_names_it() -> None:
    *_, reply = replies(
        FIXTURE,
        "I'll bring you a cup of tea in a bit.",
        "How's the bakery been?",
        "Sorry, remind me, what did I say I'd do for you?",
    )
    assert "tea" in reply and "?" not in reply


def test_a_question_proposing_something_gets_a_yes_no_or_maybe_not_a_fact() -> None:
    (question,) = read_acts("Shall I ask the doctor to pop in tomorrow?", FIXTURE).questions
    assert question.proposes
    (reply,) = replies(FIXTURE, "Shall I ask the doctor to pop in tomorrow?")
    assert reply in FIXTURE.voice[Band.agitated].replies[ReplyKind.options]


def test_a_choice_stated_then_asked_is_a_choice() -> None:
    reading = read_acts(
        "We can go to the day room now, or we stay here and talk. Which one do you prefer?", FIXTURE
    )
    assert reading.options == ["go to the day room now", "we stay here and talk"]


def test_what_a_no_rules_out_is_no_offer() -> None:
    assert not read_acts("You can't have the phone till the doctor's been.", FIXTURE).offers
    assert read_acts("You can have the phone after tea.", FIXTURE).offers


def test_a_question_for_a_kind_of_fact_is_answered_before_the_yes_no_that_follows_it() -> None:
    (reply,) = replies(FIXTURE, "D'you know who fixed the phone? Was it the porter?")
    assert reply.startswith("Act dont know")


def test_who_is_not_answered_with_whoever_the_last_reply_happened_to_share_a_word_with() -> None:
    nadia = PERSONAS["fearful"]
    found = fact_for("Who was the lass they held?", nadia, Asked.person, "What happens next helps.")
    assert found is None or "Samira" not in found[0]


@pytest.mark.parametrize(
    "question",
    [
        "Who said they'd come back to you? Can you remember any names?",
        "The ones who said they'd come back to you, d'you remember the names?",
    ],
)
def test_who_promised_is_not_answered_with_a_name_from_another_fact(question: str) -> None:
    # Nobody gave Maureen a name; her named nurse being on leave is a fact near the question, not its answer.
    (reply,) = replies(PERSONAS["ignored-for-days"], question)
    assert "Kofi" not in reply and "tomorrow" not in reply


def test_a_word_that_only_asks_is_no_sign_of_what_a_question_is_about() -> None:
    maureen = PERSONAS["ignored-for-days"]
    assert fact_for("Who'd you ask? Any names?", maureen, Asked.person) is None
    found = fact_for("Who's your named nurse?", maureen, Asked.person)
    assert found is not None and "Kofi" in found[0]


def test_asked_when_it_was_set_with_the_one_time_said_in_the_scene_they_give_that_time() -> None:
    *_, reply = replies(
        PERSONAS["ignored-for-days"],
        "I'll sit down with you and the letter at quarter past three, once handover's done.",
        "Is there anything else you need?",
        "Remind me, when did I say we'd look at it?",
    )
    assert "quarter past three" in reply.lower()


def test_what_something_looked_like_asks_for_a_look() -> None:
    assert asks_for("What did the old ones look like?") is Asked.looks
    assert asks_for("What colour was the box?") is Asked.looks
    assert carries("They were small and round.", Asked.looks)
    assert not carries("They came on Tuesday.", Asked.looks)


def test_the_words_that_ask_name_a_topic_only_when_nothing_else_does() -> None:
    beth = PERSONAS["withdrawn"]
    (question,) = read_acts("How long have you had the binoculars by the window?", beth).questions
    assert question.topic is not None and question.topic.id == "binoculars"


def test_a_time_question_naming_nothing_known_is_about_what_they_ask_for() -> None:
    callum = PERSONAS["refused-request"]
    (reply,) = replies(callum, "What time was it supposed to be, then?", agitation=45)
    assert carries(reply, Asked.clock)


@pytest.mark.parametrize("session", ["a", "b", "c", "d"])
def test_a_goodbye_that_says_when_is_not_asked_when(session: str) -> None:
    maureen = PERSONAS["ignored-for-days"]
    *_, reply = replies(
        maureen, "I'm off now, Maureen. I'll see you at teatime.", agitation=15, session=session
    )
    assert not re.search(r"\bwhen\b|\ba time\b", reply.lower())


def test_asking_leave_to_keep_a_distance_in_other_words_is_space_given() -> None:
    (reply,) = replies(
        FIXTURE, "I'm going to sit over here, away from the door, so you've got plenty of room."
    )
    assert reply.startswith("Reaction step back")


def test_a_sorry_that_meets_the_need_is_answered_as_a_sorry() -> None:
    maureen = PERSONAS["ignored-for-days"]
    (reply,) = replies(
        maureen, "I'm so sorry. You asked all weekend and nobody came back to you.", meets_need=True
    )
    assert reply in maureen.listening.acts.apology.at(Band.agitated)


@pytest.mark.parametrize(
    ("words", "thing"),
    [
        ("a photo of your card and text it", "a photo of your card"),
        ("the quiet room booked for later", "the quiet room"),
        ("a weighted blanket", "a weighted blanket"),
        ("some earplugs and an eye mask", "some earplugs and an eye mask"),
        ("the form together", "the form"),
        ("some toast for tonight", "some toast"),
    ],
)
def test_trainee_words_are_said_back_as_the_thing_they_name(words: str, thing: str) -> None:
    assert noun_phrase(words) == thing


def test_trainee_capitals_are_kept_when_their_words_are_said_back() -> None:
    said = staff_capitals("I hadn't thought of the ot kitchen.", ["I'll get the OT kitchen for you."])
    assert said == "I hadn't thought of the OT kitchen."
    # Shouting is not spelling.
    assert staff_capitals("Okay, the kitchen.", ["GET IN THE KITCHEN NOW"]) == "Okay, the kitchen."


def test_asked_what_time_a_plan_for_both_was_set_the_patient_gives_that_time() -> None:
    *_, reply = replies(
        PERSONAS["withdrawn"],
        "We'll phone your mum together at half six, once tea's done.",
        "Did you sleep much?",
        "Sorry, what time did we say we'd phone her?",
    )
    assert "half six" in reply.lower()


@pytest.mark.parametrize(
    "question", ["Did you manage a shower this morning?", "Have you been out to the garden?"]
)
def test_a_yes_no_question_nothing_answers_gets_no_made_up_yes_or_no(question: str) -> None:
    for session in ("a", "b", "c", "d"):
        *_, reply = replies(PERSONAS["fearful"], question, agitation=40, session=session)
        assert not re.match(r"\W*(?:yes|yeah|no|nope)\b", reply.lower()), reply


def test_an_either_or_about_what_happened_names_the_one_their_facts_hold() -> None:
    # "workers" meets "worker", "somebody" stands for whoever the fact names, "brought" meets "bring".
    marcus, dean = PERSONAS["paranoid"], PERSONAS["patient-conflict"]
    turn = "The man who fobbed you off - a nurse, was it, or one of the support workers?"
    *_, reply = replies(marcus, turn)
    assert "support worker" in reply.lower()
    *_, reply = replies(dean, "Did you make the curry yourself, or did someone else bring it?", agitation=35)
    assert "brought" in reply.lower()


def test_a_question_of_what_is_so_is_not_answered_as_a_choice_of_theirs() -> None:
    nadia = PERSONAS["fearful"]
    # Her choice lines: taking neither ("I can't choose.") or one said back ("{offer}, I think.").
    neither = {line for band in Band for line in nadia.listening.acts.choice.at(band) if "{" not in line}
    for session in ("a", "b", "c"):
        turn = "Is your phone in your locker or at the nurses' station?"
        *_, reply = replies(nadia, turn, session=session)
        assert reply not in neither and not re.search(r", I think\.", reply), reply


def test_what_staff_said_they_could_do_later_is_named_when_asked() -> None:
    beth = PERSONAS["withdrawn"]
    *_, reply = replies(
        beth,
        "I could root out some colouring pencils for you this afternoon.",
        "What was it I said I'd root out?",
        agitation=20,
    )
    assert "pencils" in reply.lower()


def test_asked_again_what_was_promised_they_still_name_it() -> None:
    marcus = PERSONAS["paranoid"]
    said = replies(
        marcus,
        "I'll phone Leon first thing tomorrow about Sunday's visit.",
        "Sorry, remind me what I said I'd do?",
        "And what did I say I'd do, again?",
        agitation=20,
    )
    # The second time the line that held them to it is spent (no reply repeats): the thing alone is left.
    assert all("leon" in reply.lower() for reply in said[1:])


@pytest.mark.parametrize("session", ["a", "b", "c", "d"])
@pytest.mark.parametrize("agitation", [20, 55])
@pytest.mark.parametrize(
    "turn", ["Shall I ring your brother for you?", "I'll have a word with the charge nurse."]
)
def test_a_proposal_or_a_promise_gets_no_line_that_takes_it_as_a_choice(
    turn: str, agitation: float, session: str
) -> None:
    for persona in PERSONAS.values():
        *_, reply = replies(persona, turn, agitation=agitation, session=session)
        assert not re.search(r"\b(?:whichever|pick|choose|choosing|choice)\b", reply.lower()), reply


def test_either_or_reads_the_when_the_word_either_and_a_yes_no_with_any() -> None:
    assert either_or("I could pop back first thing, or later on once it's calmed down?") == (
        "first thing",
        "later on once it's calmed down",
    )
    assert either_or("Have you had any pain or dizziness today?") == ()
    nadia = PERSONAS["fearful"]
    turn = "There's leek soup or a jacket potato. I can bring either, or nothing."
    options = read_acts(turn, nadia).options
    assert [o.split()[-1] for o in options] == ["soup", "potato"]


@pytest.mark.parametrize("agitation", [20, 40])
@pytest.mark.parametrize(
    "goodbye",
    [
        "Right, I'll leave you in peace for now. I'm in the office, come and find me whenever you want.",
        "I'm off to do the drugs round. Give me a shout when you're ready to talk.",
        "I'll let you have some time. Knock on the office door if you want me, okay?",
    ],
)
def test_a_goodbye_that_leaves_the_next_step_to_them_is_not_held_to_staff_coming_back(
    goodbye: str, agitation: float
) -> None:
    for persona in PERSONAS.values():
        *_, reply = replies(persona, goodbye, agitation=agitation)
        assert not re.search(r"\b(?:come back|coming back|be back)\b", reply.lower()), (persona.id, reply)


@pytest.mark.parametrize(
    "question",
    [
        "What time did all this kick off tonight?",
        "What time did you notice the curry had gone?",
        "What time was it when you went to the fridge?",
    ],
)
def test_a_what_time_question_about_their_own_evening_gets_the_time_the_file_gives(question: str) -> None:
    # The file says when the curry was eaten, in words none of these questions use; "he ate it at seven"
    # answers them, the opening grievance said again does not.
    dean = PERSONAS["patient-conflict"]
    for agitation in (20, 40):
        *_, reply = replies(dean, question, agitation=agitation)
        assert "seven" in reply.lower(), (agitation, reply)


def test_a_statement_that_opens_with_a_what_or_when_clause_is_not_a_question() -> None:
    nadia = PERSONAS["fearful"]
    assert not read_acts("When you're ready, come and sit in the lounge with me.", nadia, None).questions
    assert not read_acts("What I can do is ring the advocate for you.", nadia, None).questions
    assert not read_acts("What happens next is that the doctor sees you at two.", nadia, None).questions
    assert not read_acts("When you were in the garden, I saw you were shaking.", nadia, None).questions
    # Typed without a question mark, these still ask.
    assert read_acts("What do you need right now", nadia, None).questions
    assert read_acts("What you up to", nadia, None).questions
    assert read_acts("When were you last home", nadia, None).questions
    # Leave to ask put around a question asks it: open, not a yes or a no.
    [asked] = read_acts("Before we go on, could I ask what the night staff told you?", nadia, None).questions
    assert asked.open


@pytest.mark.parametrize(
    "turn",
    [
        "What we can do is get you in to see Dr Okafor on Thursday, or have the advocate phone you this "
        "afternoon. Would either of those help?",
        "I could ask for you to see Dr Okafor on Thursday, or ring the advocate now. Which would you prefer?",
    ],
)
def test_an_either_or_of_what_they_would_like_takes_an_option_rather_than_reciting_a_fact(turn: str) -> None:
    # Her file says she sees Dr Okafor on Thursday: that makes it an option she can take, not an answer
    # to which one she would like.
    nadia = PERSONAS["fearful"]
    for agitation in (20, 40):
        *_, reply = replies(nadia, turn, agitation=agitation)
        assert "ward round on thursday morning" not in reply.lower(), (agitation, reply)
        assert "you mentioned" not in reply.lower(), (agitation, reply)
