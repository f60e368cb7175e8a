"""The offline patient gives one answer to the whole turn: one stance a reply (an angry half and a
thank-you half never share a reply), an either-or question answered by taking an option (never by one word
of it), a request to do something answered as a request, and trainee words said back only when they make
a plain phrase. The fixture persona tags each line with what it answers; its drink answers say thanks."""

from __future__ import annotations

from pathlib import Path

import pytest
from patient_fixtures import first_reply

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.datafiles import load_model
from coach.models import Band, Grade, PatientState, Persona, Scores, Speaker, Turn
from coach.patient.asked import Asked, asks_for
from coach.patient.base import PatientContext
from coach.patient.choosing import pick, said_back, thing_named
from coach.patient.composing import names_capitalised
from coach.patient.offline import OfflinePatient
from coach.personas import load_personas
from coach.stance import Action, Distance, Stance

PERSONA = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)
PATIENT = OfflinePatient()


def reply_to(text: str, stance: Stance | None = None, agitation: float = 40) -> str:
    return first_reply(text, PERSONA, agitation=agitation, stance=stance, session="one-answer")


def test_a_reaction_and_a_thank_you_never_share_a_reply() -> None:
    reply = reply_to("Would you like a cup of tea?", Stance(distance=Distance.close))
    assert reply.startswith("Reaction close")
    assert "Thanks" not in reply


def test_a_reaction_and_an_answer_that_agree_share_a_reply() -> None:
    persona = load_personas(RESOURCES / "personas")["paranoid"]
    declined = next(o for o in persona.listening.offers if not o.wants)
    close = persona.listening.reactions.close.at(Band.agitated)
    answers = declined.answers.at(Band.agitated)
    history = [
        Turn(speaker=Speaker.patient, text=persona.opening.text),
        Turn(
            speaker=Speaker.staff,
            text=f"Would you like {declined.about}?",
            stance=Stance(distance=Distance.close),
        ),
    ]
    state = PatientState(agitation=40, band=Band.agitated, peak=40)
    grade = Grade(
        scores=Scores(tone=4, no_brevity=None, options=1, escalation_risk=2), refusal=False, grader="t"
    )
    both = 0
    for session in "abcdefgh":
        ctx = PatientContext(
            session_id=session,
            persona=persona,
            state=state,
            history=history,
            grade=grade,
            stance=history[-1].stance,
        )
        text = PATIENT.reply(ctx).text
        both += any(text.startswith(c) for c in close) and any(text.endswith(a) for a in answers)
    assert both


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Shall I stay by the door or go?", "stay by the door"),
        ("Do you want to sit with me or be on your own?", "sit with you"),
    ],
)
def test_an_either_or_question_is_answered_by_taking_an_option(question: str, said: str) -> None:
    reply = reply_to(question)
    assert reply.startswith(f"Act choice {said} (agitated")


def test_an_option_the_file_lists_is_named_when_its_answer_does_not_say_which() -> None:
    # The drink's lines ("Offer drink ... Thanks.") would take neither option by name.
    reply = reply_to("Would you rather go for a walk or have a cup of tea?")
    assert reply.startswith("Act choice a cup of tea")


@pytest.mark.parametrize(
    ("persona", "option", "offer", "said"),
    [
        ("patient-conflict", "come through to the quiet room with me", "quiet-room", "the quiet room"),
        ("patient-conflict", "do a lap of the garden first", "garden", "a lap of the garden"),
        ("withdrawn", "leek soup", "food", "leek soup"),
    ],
)
def test_an_option_too_long_to_say_back_is_named_by_its_thing(
    persona: str, option: str, offer: str, said: str
) -> None:
    listed = next(o for o in load_personas(RESOURCES / "personas")[persona].listening.offers if o.id == offer)
    assert thing_named(option, listed) == said


def test_an_option_naming_what_they_would_turn_down_is_not_taken() -> None:
    persona = PERSONA
    taken = pick(["your tablets", "a quiet time"], persona)
    assert taken.words == "a quiet time"


def test_the_care_plan_decides_between_options_nothing_else_tells_apart() -> None:
    personas = load_personas(RESOURCES / "personas")
    # Beth is helped by staff "sitting or standing back near the door"; Nadia by "a quiet space away from
    # the corridor".
    assert pick(["go", "stay back by the door"], personas["withdrawn"]).words == "stay back by the door"
    assert pick(["stay in the corridor", "the small lounge"], personas["fearful"]).words == "the small lounge"


@pytest.mark.parametrize(
    "text",
    [
        "Are you okay or not?",
        "Give me a minute or two.",
        "Is there anything else or something?",
        "Tea?",
        "Your next of kin, what is the name, and she or he is what to you?",
    ],
)
def test_no_choice_is_read_where_there_is_none(text: str) -> None:
    assert not read_acts(text, PERSONA).options


def test_an_option_that_is_not_a_plain_phrase_is_not_said_back() -> None:
    assert said_back("the queue's gone down") is None
    assert said_back("i came back later") is None
    assert said_back("a think and come back to me before") is None
    assert said_back("your room") == "my room"


@pytest.mark.parametrize(
    "text",
    [
        "Could you sit over there for me?",
        "Can you step back from the door, please?",
        "Would you mind waiting here?",
    ],
)
def test_a_request_to_do_something_is_answered_as_a_request(text: str) -> None:
    reading = read_acts(text, PERSONA)
    assert reading.has(Act.request) and not reading.questions
    assert reply_to(text).startswith("Act instruction (agitated")


@pytest.mark.parametrize("text", ["Can you tell me what happened?", "Could you say a bit more about that?"])
def test_asking_them_to_tell_is_a_question_not_a_request(text: str) -> None:
    reading = read_acts(text, PERSONA)
    assert not reading.has(Act.request) and reading.questions


def test_a_request_naming_a_listed_thing_gets_the_answer_to_it() -> None:
    assert reply_to("Can you come and sit down in the day room with me?").startswith("Offer day room")


def test_an_unlisted_offer_that_is_not_a_plain_phrase_gets_a_reply_that_names_nothing() -> None:
    reply = reply_to("Would you like me to check if the queue's gone down?")
    assert "queue" not in reply


def test_a_promise_of_help_gets_their_answer_to_an_offer() -> None:
    assert reply_to("I'll raise it with the ward manager this afternoon.") in (
        "Which one's quicker?",
        "Fine, but when exactly?",
    )


def test_a_consequence_is_not_answered_as_help() -> None:
    reply = reply_to("I'll have to tell the doctor about this.")
    assert reply not in ("Which one's quicker?", "Fine, but when exactly?")


def test_leaving_to_do_something_is_a_goodbye() -> None:
    assert read_acts("Right, I'm off to do that now.", PERSONA).has(Act.closing)
    assert not read_acts("I'm off work tomorrow, so you'll see Jo.", PERSONA).has(Act.closing)


def test_names_said_back_keep_their_capitals() -> None:
    reply = reply_to("Would you like a visit from your sister on monday?")
    assert "a visit from my sister on Monday" in reply


def scene(*lines: str, agitation: float = 40) -> list[str]:
    """The replies to several staff turns in one scene."""
    history = [Turn(speaker=Speaker.patient, text=PERSONA.opening.text)]
    state = PatientState(agitation=agitation, band=Band.for_agitation(agitation), peak=agitation)
    grade = Grade(
        scores=Scores(tone=4, no_brevity=None, options=0, escalation_risk=2), refusal=False, grader="t"
    )
    out = []
    for text in lines:
        history.append(Turn(speaker=Speaker.staff, text=text))
        ctx = PatientContext(
            session_id="scene", persona=PERSONA, state=state, history=history, grade=grade, stance=Stance()
        )
        out.append(PATIENT.reply(ctx).text)
        history.append(Turn(speaker=Speaker.patient, text=out[-1], state=state))
    return out


@pytest.mark.parametrize(
    "again",
    ["Like I said, the ward phone is free after lunch.", "After lunch, the ward phone is free."],
)
def test_the_same_news_again_in_other_words_is_heard_as_said_before(again: str) -> None:
    replies = scene("The ward phone is free after lunch.", again)
    assert replies[1].startswith("Act repeated")


def test_where_were_we_picks_up_what_was_in_hand() -> None:
    replies = scene("Would you like a cup of tea?", "Sorry, the phone went.", "Where were we?")
    assert replies[2].startswith("Act held to")


def test_a_tag_after_a_statement_asks_nothing_of_its_own() -> None:
    assert not read_acts("You and me in the day room, and I hear you out first. Yeah?", PERSONA).questions


def test_asking_leave_to_keep_a_distance_is_answered_as_space_given() -> None:
    assert reply_to("Okay if I stay over here by the door?").startswith("Reaction step back")


def test_how_long_asks_since_when() -> None:
    assert asks_for("How long've you been waiting for the phone?") is Asked.since


def test_an_offer_of_a_choice_need_not_be_a_question() -> None:
    assert read_acts("I could bring it now, or after the medicine round.", PERSONA).options == [
        "bring it now",
        "after the medicine round",
    ]


def test_want_to_without_do_you_is_an_offer_and_one_points_back() -> None:
    offers = read_acts("There's tea in the kitchen. Want me to make you one?", PERSONA).offers
    assert [o.listed.id for o in offers if o.listed] == ["drink"]


def test_two_lines_saying_the_same_thing_are_not_stitched_into_one_reply() -> None:
    personas = load_personas(RESOURCES / "personas")
    persona = personas["paranoid"]
    history = [
        Turn(speaker=Speaker.patient, text=persona.opening.text),
        Turn(speaker=Speaker.staff, text="Hi, I'm Ruth, I'm taking over from Kofi.", stance=Stance()),
    ]
    for session in ("a", "b", "c", "d", "e", "f"):
        state = PatientState(agitation=40, band=Band.agitated, peak=40)
        grade = Grade(
            scores=Scores(tone=4, no_brevity=None, options=0, escalation_risk=2), refusal=False, grader="t"
        )
        swap = Stance(actions=[Action.swap_staff])
        ctx = PatientContext(
            session_id=session, persona=persona, state=state, history=history, grade=grade, stance=swap
        )
        text = PATIENT.reply(ctx).text
        assert text.lower().count("box") <= 1, text


def test_the_patient_name_is_not_taken_for_the_staff_name() -> None:
    assert read_acts("Hi Sam, I'm Ruth.", PERSONA).name == "Ruth"
    assert read_acts("It's Sam, isn't it? Hello.", PERSONA).name is None


def test_being_told_to_do_something_gets_one_answer_not_a_no_as_well() -> None:
    history = [
        Turn(speaker=Speaker.patient, text=PERSONA.opening.text),
        Turn(speaker=Speaker.staff, text="Go back to your room, please."),
    ]
    state = PatientState(agitation=40, band=Band.agitated, peak=40)
    grade = Grade(scores=Scores(tone=3, no_brevity=3, options=0, escalation_risk=3), refusal=True, grader="t")
    ctx = PatientContext(
        session_id="told", persona=PERSONA, state=state, history=history, grade=grade, stance=Stance()
    )
    assert PATIENT.reply(ctx).text.startswith("Act instruction")


def test_could_we_offers_the_thing_it_names() -> None:
    offers = read_acts("Could we take a photo of your drawing?", PERSONA).offers
    assert [o.words for o in offers] == ["a photo of my drawing"]


def test_offering_to_sit_by_the_door_is_answered_as_space_given() -> None:
    assert reply_to("I could sit on the chair by the door for a bit. Would that be okay?").startswith(
        "Reaction step back"
    )


def test_a_plain_no_is_not_thanked_for() -> None:
    personas = load_personas(RESOURCES / "personas")
    persona = personas["fearful"]
    history = [
        Turn(speaker=Speaker.patient, text=persona.opening.text),
        Turn(speaker=Speaker.staff, text="No, I'm sorry, you can't go home today."),
    ]
    state = PatientState(agitation=45, band=Band.agitated, peak=45)
    grade = Grade(scores=Scores(tone=4, no_brevity=4, options=0, escalation_risk=3), refusal=True, grader="t")
    for session in "abcdefgh":
        ctx = PatientContext(
            session_id=session, persona=persona, state=state, history=history, grade=grade, stance=Stance()
        )
        assert "thank" not in PATIENT.reply(ctx).text.lower()


def test_names_are_only_words_the_file_never_writes_in_lower_case() -> None:
    persona = load_personas(RESOURCES / "personas")["paranoid"]
    assert (
        names_capitalised("i trust the ward pharmacist, anita", persona)
        == "i trust the ward pharmacist, Anita"
    )


def _after(last_reply: str, staff: str, risk: int) -> str:
    """The fixture patient's reply to `staff` when their last reply, at the same band, was `last_reply`."""
    state = PatientState(agitation=40, band=Band.agitated, peak=40)
    history = [
        Turn(speaker=Speaker.patient, text=PERSONA.opening.text),
        Turn(speaker=Speaker.staff, text="Hello."),
        Turn(speaker=Speaker.patient, text=last_reply, state=state),
        Turn(speaker=Speaker.staff, text=staff),
    ]
    grade = Grade(
        scores=Scores(tone=4, no_brevity=None, options=0, escalation_risk=risk), refusal=False, grader="t"
    )
    replies = set()
    for session in "abcdefghij":
        ctx = PatientContext(
            session_id=session, persona=PERSONA, state=state, history=history, grade=grade, stance=Stance()
        )
        replies.add(PATIENT.reply(ctx).text)
    return " | ".join(sorted(replies))


def test_no_thanks_out_of_nowhere_after_an_angry_reply_at_the_same_band() -> None:
    replies = _after("Why not? Just tell me why.", "Right then.", risk=3)
    assert "At least someone's listening." not in replies


def test_a_turn_that_gives_something_to_warm_to_can_be_thanked_for() -> None:
    replies = _after("Why not? Just tell me why.", "Right then.", risk=1)
    assert "At least someone's listening." in replies


def test_the_asking_words_may_follow_what_the_question_is_about() -> None:
    assert asks_for("The person we ring for you, the next of kin, what's the name please?") is Asked.person
    assert asks_for("Your sister, when does she usually come in?") is Asked.time


def test_texting_and_dialect_spellings_are_read_as_the_words_they_stand_for() -> None:
    assert Act.check_in in read_acts("How're ye feelin' now?", PERSONA).acts
    assert read_acts("did u sleep at all?", PERSONA).questions
    assert read_acts("Is it yer belly or yer head?", PERSONA).options == ["your belly", "your head"]
