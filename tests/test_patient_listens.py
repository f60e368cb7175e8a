"""The offline patient answers what was said: a question on a topic gets that topic's answer, an offer gets
the answer to that offer (and never to one not made), the body's reactions fit what staff did, and what
was taken up earlier is remembered. The fixture persona tags each line with what it answers, so a test can
read which answer was given."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from patient_fixtures import replies

from coach.acts import Act, read_acts, speaks_to_need, thing_offered
from coach.datafiles import load_model
from coach.models import Band, Flag, Grade, Persona, Scores
from coach.patient.facts import first_person
from coach.stance import Action, Distance, Stance, Voice

PERSONA = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)


def grade(tone: int = 4, risk: int = 2, *, refusal: bool = False, flags: tuple[Flag, ...] = ()) -> Grade:
    return Grade(
        scores=Scores(tone=tone, no_brevity=4 if refusal else None, options=0, escalation_risk=risk),
        refusal=refusal,
        flags=list(flags),
        grader="test",
    )


def say(
    *lines: str | tuple[str, Stance],
    agitation: float = 40,
    g: Grade | None = None,
    session_id: str = "listen",
) -> list[str]:
    """The patient's replies to staff `lines`, the state held at `agitation`."""
    return replies(list(lines), PERSONA, agitation=agitation, grade=g or grade(), session=session_id)


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("How's your sister doing?", "sister"),
        ("What's the work at the bakery like?", "work"),
        ("How are you feeling about all this?", "feelings"),
    ],
)
def test_a_question_on_a_topic_gets_that_topic_answer(question: str, topic: str) -> None:
    (reply,) = say(question)
    assert reply.startswith(f"Topic {topic} (agitated")


def test_the_answer_is_in_the_band_register() -> None:
    assert say("How's your sister?", agitation=10)[0].startswith("Topic sister (calm")
    assert say("How's your sister?", agitation=70)[0].startswith("Topic sister (high")


def test_an_offer_of_a_listed_thing_gets_the_answer_to_that_offer() -> None:
    (reply,) = say("Would you like a cup of tea?")
    assert reply.startswith("Offer drink")


def test_of_two_offers_the_one_they_want_is_answered() -> None:
    (reply,) = say("Would you like some medication, or a coffee?")
    # The drink's own lines do not say which was taken, so the option is named.
    assert reply.startswith("Act choice a coffee")
    assert "medication" not in reply


def test_an_offer_the_file_does_not_list_is_answered_in_the_trainee_words() -> None:
    (reply,) = say("How about a walk round the garden?")
    assert reply.startswith("Act unknown offer a walk round the garden") or reply.startswith(
        "Act unknown offer A walk round the garden"
    )
    assert "Offer" not in reply  # nothing else offered is answered


def test_nothing_is_accepted_when_nothing_was_offered() -> None:
    for line in ("Okay.", "Right, I see.", "Hmm."):
        assert not say(line)[0].startswith(("Offer", "Act unknown offer")), line


def test_one_person_close_is_not_several_staff() -> None:
    (reply,) = say(("Come on now.", Stance(distance=Distance.close)), g=grade(flags=(Flag.crowding,)))
    assert reply.startswith("Reaction close")
    (crowd,) = say("We're all here now, the whole team.", g=grade(flags=(Flag.crowding,)))
    assert crowd.startswith("Reaction several staff")


@pytest.mark.parametrize(
    ("stance", "reaction"),
    [
        (Stance(actions=[Action.touch]), "touch"),
        (Stance(voice=Voice.raised), "raised voice"),
        (Stance(actions=[Action.call_support]), "call support"),
        (Stance(actions=[Action.swap_staff]), "swap staff"),
    ],
)
def test_what_staff_do_with_their_body_gets_its_reaction(stance: Stance, reaction: str) -> None:
    (reply,) = say(("Right.", stance))
    assert reply.startswith(f"Reaction {reaction}")


def test_a_step_back_is_noticed() -> None:
    (reply,) = say(("I'll give you some room.", Stance(actions=[Action.step_back])))
    assert "Reaction step back" in reply


def test_a_threat_lands_first_and_the_question_is_still_answered() -> None:
    (reply,) = say(
        "Tell me about your sister or you'll lose your leave.", g=grade(1, 5, flags=(Flag.threat,))
    )
    threatened = PERSONA.voice[Band.agitated].replies["threatened"]
    assert any(reply.startswith(line) for line in threatened)
    assert "Topic sister" in reply


def test_a_goodbye_holds_staff_to_what_was_taken_up() -> None:
    first, second = say("Would you like a cup of tea?", "I'll be back in a bit.")
    assert first.startswith("Offer drink")
    assert second.startswith("Act held to a cup of tea") or second.startswith("Act held to A cup of tea")


def test_the_same_words_again_are_heard_as_repeated() -> None:
    replies = say("I hear you.", "I hear you.", "I hear you.")
    assert len(set(replies)) == 3
    assert replies[1].startswith("Act repeated") and replies[2].startswith("Act repeated")


def test_an_introduction_uses_the_name_given() -> None:
    (reply,) = say("Hi, I'm Priya, one of the nurses.")
    assert reply.startswith("Act introduction")


def test_crisis_says_one_thing() -> None:
    (reply,) = say(("Tell me about your sister.", Stance(distance=Distance.close)), agitation=90)
    assert reply.count("(crisis)") == 1


# --------------------------------------------------------------------------- the reading


def test_reading_names_the_acts() -> None:
    reading = read_acts("Hi, I'm Priya. I'm sorry you waited. How are you doing?", PERSONA)
    assert {Act.introduction, Act.apology, Act.check_in} <= reading.acts
    assert reading.name == "Priya"


def test_reading_takes_refusal_and_threat_from_the_grade() -> None:
    words_only = read_acts("The phone's booked.", PERSONA)
    graded = read_acts("The phone's booked.", PERSONA, grade(3, 3, refusal=True))
    assert Act.refusal not in words_only.acts and Act.refusal in graded.acts


@pytest.mark.parametrize(
    ("clause", "thing"),
    [
        ("would you like me to bring your sketchbook", "my sketchbook"),
        ("shall we sit in the lounge", "sitting in the lounge"),
        ("I can get you a glass of water if you like", "a glass of water"),
        ("how about a walk in the garden", "a walk in the garden"),
        ("shall I ring your sister for you", "ringing my sister"),
    ],
)
def test_the_thing_offered_is_said_from_the_patient_side(clause: str, thing: str) -> None:
    assert thing_offered(clause) == thing


@given(st.text(max_size=300))
def test_any_words_can_be_read(text: str) -> None:
    reading = read_acts(text, PERSONA)
    assert all(len(o.words.split()) <= 8 for o in reading.offers)
    thing_offered(text)


def test_the_need_is_heard_in_any_words_but_not_when_negated() -> None:
    meanings = PERSONA.unmet_need.meant_by
    assert speaks_to_need("Shall we ring Jo together now?", meanings) is not None
    assert speaks_to_need("We can phone your sister after tea.", meanings) is not None
    assert speaks_to_need("You can't phone your sister today.", meanings) is None
    assert speaks_to_need("I understand how you feel.", meanings) is None


# --------------------------------------------------------------------------- facts


@pytest.mark.parametrize(
    ("fact", "said"),
    [
        ("She has not slept since the restraint.", "I have not slept since the restraint."),
        ("Her rights were read to her on Monday night.", "My rights were read to me on Monday night."),
        (
            "She keeps her coat on because her phone is in the pocket.",
            "I keep my coat on because my phone is in the pocket.",
        ),
        ("She usually rings home on Sundays.", "I usually ring home on Sundays."),
        ("She missed lunch, and has not eaten since.", "I missed lunch, and have not eaten since."),
    ],
)
def test_a_fact_is_said_in_the_first_person(fact: str, said: str) -> None:
    persona = PERSONA.model_copy(
        update={"profile": PERSONA.profile.model_copy(update={"pronouns": "she/her"})}
    )
    assert first_person(fact, persona) == said


def test_a_fact_whose_pronoun_could_mean_someone_else_is_said_only_up_to_that_clause() -> None:
    assert first_person("Ryan ate it because he was hungry.", PERSONA) is None
    # "he" may be Jo's, so only what comes before that clause is theirs to say.
    assert first_person("Sam labelled it, and Jo says he did not.", PERSONA) == "I labelled it."
    assert first_person("Jo ate it at six, after he said no.", PERSONA) == "Jo ate it at six."


def test_their_full_name_is_said_as_i_or_my_not_i_and_their_surname() -> None:
    # The fixture patient is Sam Reid.
    assert first_person("Sam Reid keeps his coat on.", PERSONA) == "I keep my coat on."
    assert first_person("Sam Reid's sister visits on Monday.", PERSONA) == "My sister visits on Monday."
    assert first_person("On Monday Sam's sister visited.", PERSONA) == "On Monday my sister visited."
    # Someone else who shares the surname is still someone else.
    assert first_person("Jo Reid rang, and he was cross.", PERSONA) == "Jo Reid rang."


def test_a_question_a_fact_answers_gets_the_fact() -> None:
    (reply,) = say("Where is the ward phone?", agitation=20)
    assert reply == "The ward phone is in the day room."
    (reply,) = say("When did your sister visit?", agitation=40)
    assert reply == "My sister visited on Monday."
    (shouted,) = say("Where is the ward phone?", agitation=70)
    assert shouted == "The ward phone is in the day room!"  # a place is still an answer when shouted
    (crisis,) = say("Where is the ward phone?", agitation=85)
    assert "ward phone is in the day room" not in crisis  # too agitated for a plain fact


def test_a_question_for_a_kind_of_content_gets_the_line_or_fact_that_holds_it() -> None:
    # Nothing names "kept" or "it", but only one fact says where something is.
    (reply,) = say("Where had you left it?", agitation=20)
    assert reply == "The ward phone is in the day room."
    (reply,) = say("When did your sister come in?", agitation=20)  # one shared word and a day
    assert reply == "My sister visited on Monday."


def test_a_question_for_a_fact_nothing_holds_gets_i_dont_know() -> None:
    (reply,) = say("Do you know what time the ward phone gets switched off?", agitation=20)
    assert reply.startswith("Act dont know")


def test_an_offer_is_the_thing_named_not_its_time_or_purpose() -> None:
    (offer,) = read_acts("You could use the ward phone this evening to have a chat.", PERSONA).offers
    assert offer.listed is not None and offer.listed.id == "ward-phone"
    assert offer.words == "the ward phone this evening"


def test_an_offer_of_it_is_the_thing_named_just_before() -> None:
    (offer,) = read_acts("The day room's empty now. Shall I walk you over to it?", PERSONA).offers
    assert offer.listed is not None and offer.listed.id == "day-room"


def test_a_plan_stated_for_a_wanted_thing_is_answered_as_an_offer_of_it() -> None:
    (reply,) = say("The day room is free at four.", agitation=20)
    assert reply.startswith("Offer day room")
    (limit,) = say("The day room is booked until four.", agitation=20)
    assert not limit.startswith("Offer day room")


def test_asked_what_they_think_after_an_offer_they_answer_the_offer_again() -> None:
    replies = say("Would you like to use the ward phone at four?", "So, what do you think?", agitation=20)
    assert replies[0].startswith("Offer phone") and replies[1].startswith("Offer phone")
    assert replies[0] != replies[1]


def test_in_crisis_an_offer_is_answered_rather_than_only_shouted_at() -> None:
    (reply,) = say("Would you like a cup of tea?", agitation=85, g=grade(2, 4, flags=(Flag.calm_down,)))
    assert reply == "Offer drink (crisis)!"


def test_an_offer_led_by_when_it_happens_is_still_an_offer() -> None:
    reading = read_acts(
        "For tonight, shall I do you a cup of tea? And tomorrow I'll get you the ward phone.", PERSONA
    )
    assert [o.listed.id for o in reading.offers if o.listed] == ["drink", "ward-phone"]


@pytest.mark.parametrize(
    ("clause", "thing"),
    [
        ("shall I give your sister a ring and let her know", "ringing my sister"),
        ("I can get you some earplugs and ask about a quieter room", "some earplugs"),
        ("why don't you write your questions down", "writing my questions down"),
    ],
)
def test_the_thing_offered_stops_where_the_next_doing_starts(clause: str, thing: str) -> None:
    assert thing_offered(clause) == thing


def test_a_short_question_is_answered_from_what_the_turn_said_before_it() -> None:
    (reply,) = say("Your sister came in on Monday, didn't she. Was that okay?", agitation=20)
    assert reply == "My sister visited on Monday."


def test_a_suggestion_that_someone_else_brings_something_is_an_offer_but_a_request_of_them_is_not() -> None:
    (offer,) = read_acts("Could your sister bring you a cup of tea when she visits?", PERSONA).offers
    assert offer.listed is not None and offer.listed.id == "drink" and offer.words == "a cup of tea"
    assert not read_acts("Can you take your medication now?", PERSONA).offers


def test_stepping_back_with_take_your_time_is_space_given_not_a_goodbye() -> None:
    (reply,) = say("I'll stand back here. Take your time.", agitation=40)
    assert reply.startswith("Reaction step back")


def test_asking_to_look_at_something_of_theirs_is_an_offer_to_help_with_it() -> None:
    (offer,) = read_acts("Can I have a look at your letter?", PERSONA).offers
    assert offer.words == "a look at my letter"


def test_lets_is_an_offer_and_grab_you_a_drink_is_not_a_hand_on_them() -> None:
    (offer,) = read_acts("Let's sit in the day room.", PERSONA).offers
    assert offer.listed is not None and offer.listed.id == "day-room"
    (reply,) = say("I'll grab you a cup of tea.", agitation=40, g=grade(4, 2, flags=(Flag.hands_on,)))
    assert not reply.startswith("Reaction touch")


def test_a_bare_question_takes_its_topic_from_the_rest_of_the_turn() -> None:
    (reply,) = say("I hear you want the phone. Is that right?", agitation=40)
    assert reply.startswith("Topic phone")


@pytest.mark.parametrize("question", ["What was it I said I'd bring you?", "Remind me, what's next?"])
def test_asked_in_other_words_what_staff_said_they_would_do_the_patient_names_it(question: str) -> None:
    *_, reply = say("I'll bring you a cup of tea after lunch.", "Been a busy morning.", question)
    assert "tea" in reply and "?" not in reply  # said back, not asked after as if offered again


def test_asked_whether_they_still_want_it_the_patient_holds_staff_to_it() -> None:
    *_, reply = say(
        "I'll bring you a cup of tea after lunch.",
        "Been a busy morning.",
        "Do you still want that thing I mentioned?",
    )
    assert reply.startswith("Act held to") and "tea" in reply


def test_a_promise_of_it_is_recalled_as_the_thing_the_turn_named() -> None:
    *_, reply = say(
        "Your phone's in the office. I'll bring it over after the handover meeting.",
        "Been a busy morning.",
        "What was it I said I'd bring you?",
    )
    assert "phone" in reply and " it " not in reply


def test_asked_what_time_staff_said_the_patient_gives_that_time() -> None:
    *_, reply = say(
        "Your sister says you can ring her tonight at quarter to seven.",
        "Been a busy morning.",
        "Remind me, what time was it your sister said to ring?",
    )
    assert "quarter to seven" in reply.lower()


def test_a_goodbye_handing_over_to_a_named_nurse_is_a_goodbye() -> None:
    said = "Right, I'm heading off now. Priya's your nurse for the afternoon. Take care."
    reading = read_acts(said, PERSONA)
    assert Act.closing in reading.acts
    assert not reading.acts & {Act.introduction, Act.instruction}


def test_a_question_for_a_fact_is_answered_before_the_offer_around_it() -> None:
    (reply,) = say("I'll get you a cup of tea in a minute. When did your sister last visit?")
    # The fact asked for first, whole; the offer around it then gets its yes in a few words.
    assert "Monday" in reply and reply.index("Monday") < reply.index("Offer drink")


def test_what_they_make_of_an_offer_is_still_the_answer_to_the_offer() -> None:
    (reply,) = say("I'll get you a cup of tea in a minute. How does that sound?")
    assert reply.startswith("Offer drink")
