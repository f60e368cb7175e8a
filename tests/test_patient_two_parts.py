"""A reply that answers the whole turn and holds together: a question with an offer around it gets the
fact asked for, then a yes or a no to the offer in a few words that name it; "how's that?" after a plan
asks what they make of it, not for a fact; a goodbye that leaves the next move to them is not asked
whether staff will come back; and a reply never says yes and no, or protests and agrees, at once. The
staff turns are the test writer's own words."""

from __future__ import annotations

import pytest
from patient_fixtures import calm_grade, first_reply

from coach.acts import Act, read_acts
from coach.config import RESOURCES
from coach.models import Band
from coach.patient.composing import at_odds, composed
from coach.patient.recognising import is_band_reply
from coach.personas import load_personas
from coach.wording import fold, sentences, stems

PERSONAS = load_personas(RESOURCES / "personas")
SESSIONS = [f"two-parts-{n}" for n in range(8)]


def reply_to(persona_id: str, text: str, agitation: float, session_id: str) -> str:
    return first_reply(
        text, PERSONAS[persona_id], agitation=agitation, grade=calm_grade(options=1), session=session_id
    )


@pytest.mark.parametrize(
    ("persona_id", "text", "fact", "thing"),
    [
        (
            "ignored-for-days",
            "I'll fetch you a tea in a minute. When did you first ask about the letter?",
            "friday",
            "tea",
        ),
        (
            "paranoid",
            "I can get you a coffee while we talk. When did you first notice the tablets looked different?",
            "tuesday",
            "coffee",
        ),
        (
            "fearful",
            "I can take you down to the quiet lounge. Who's your next of kin?",
            "sister",
            "lounge",
        ),
    ],
)
def test_a_question_with_an_offer_around_it_gets_the_fact_then_a_word_on_the_offer(
    persona_id: str, text: str, fact: str, thing: str
) -> None:
    said = [reply_to(persona_id, text, 20, session) for session in SESSIONS]
    # Still made of the persona file's own lines for the band (what `replies_fit_band` checks).
    assert all(is_band_reply(PERSONAS[persona_id], Band.calm, reply) for reply in said), said
    replies = [reply.lower() for reply in said]
    assert all(fact in reply for reply in replies), replies
    # A long answer leaves no room for the offer (a reply is a chat turn), but most have it, after the fact.
    offered = [reply for reply in replies if thing in reply]
    assert len(offered) * 2 >= len(replies) and all(r.index(fact) < r.rindex(thing) for r in offered), replies


def test_what_they_make_of_a_plan_is_not_answered_with_a_fact() -> None:
    # The care plan's fact about the pharmacist's visit, or about the box, is not what "what do you
    # think?" asks for.
    for session in SESSIONS:
        reply = reply_to(
            "paranoid",
            "I'll ask the pharmacist to bring the box up after tea. What do you think?",
            20,
            session,
        )
        assert not reply.startswith(("I have asked", "Since Tuesday", "The pharmacist")), reply


@pytest.mark.parametrize(
    "text",
    [
        "Right, I'll leave you be. Give us a shout if you need me.",
        "I'm off to the office. Knock when you've had a think, no rush.",
        "I'll get going. Come and find me if you want to talk some more.",
    ],
)
def test_a_goodbye_that_leaves_the_next_move_to_them_is_not_asked_to_come_back(text: str) -> None:
    for session in SESSIONS:
        reply = reply_to("paranoid", text, 40, session).lower()
        assert "come back" not in reply and "coming back" not in reply, reply


def test_a_yes_and_a_no_are_at_odds() -> None:
    assert at_odds("Okay. A tea would be nice.", "No. I'm staying here.")
    assert at_odds("Nah.", "Yeah, go on.")
    # An answer that opens "Not since ..." says no to nothing; a shouted "Fine!" is no yes.
    assert not at_odds("Not since last night. Not a minute.", "Okay.")
    assert not at_odds("Fine! Great!", "No, of course not.")


def test_a_protest_and_a_yes_never_share_a_reply() -> None:
    protest, yes = "So he just gets away with it?", "Okay, maybe. It won't undo it, mind."
    # Heard only in the words, the no gives way to the answer to what was promised...
    assert composed("refused", protest, "promise", yes, Band.agitated) == yes
    # ...and when the answer is to nothing in particular, the protest stands alone.
    assert composed("refused", protest, "options", yes, Band.agitated) == protest


def test_a_choice_of_things_staff_offer_takes_one_rather_than_reciting_a_fact_about_it() -> None:
    text = (
        "I can't let you off the ward, sorry, it's not down to me. I could get Dr Okafor to see you on "
        "Thursday, or ring your sister now. Would either help?"
    )
    for session in SESSIONS:
        reply = reply_to("fearful", text, 20, session)
        # Her care plan's fact about seeing Dr Okafor tells the nurse what the nurse just said.
        assert "ward round" not in reply.lower(), reply


def test_an_offer_named_only_by_that_is_not_said_back_as_that() -> None:
    text = (
        "I've got the delivery printout from pharmacy here, with the batch codes. Would it help if I showed "
        "you that too?"
    )
    for session in SESSIONS:
        reply = reply_to("paranoid", text, 20, session)
        assert not reply.startswith(("That.", "That?", "I'll think about that")), reply


@pytest.mark.parametrize(
    ("persona_id", "text", "agitation"),
    [
        ("refused-request", "Who was it that signed your leave off?", 30),
        ("refused-request", "So what was supposed to happen this afternoon?", 45),
        ("fearful", "How long have you been awake now?", 40),
        ("patient-conflict", "How's your lad getting on these days?", 30),
    ],
)
def test_a_reply_never_opens_by_saying_back_a_word_nobody_said(
    persona_id: str, text: str, agitation: float
) -> None:
    said = stems(fold(text))
    for session in SESSIONS:
        reply = reply_to(persona_id, text, agitation, session)
        opening = fold(sentences(reply)[0])
        if opening.endswith("?") and len(opening.split()) <= 3 and not opening.startswith(("what", "how")):
            assert stems(opening) & said, reply
        assert is_band_reply(PERSONAS[persona_id], Band.for_agitation(agitation), reply), reply


def test_a_starred_word_inside_speech_is_stress_not_a_stage_direction() -> None:
    reading = read_acts(
        "I can't take you out. What I *can* do is ring Samira for you now.", PERSONAS["fearful"]
    )
    assert Act.offer in reading.acts and not reading.questions
    # A stage direction on its own is still left out of what was said.
    assert not read_acts("*nods slowly* I hear you.", PERSONAS["fearful"]).questions


@pytest.mark.parametrize("text", ["When did you come onto the ward?", "So when was it you came in here?"])
def test_asked_what_happened_they_are_not_told_what_is_to_come(text: str) -> None:
    # Her care plan's fact about ward round on Thursday is what will happen, not when she came in.
    for session in SESSIONS:
        reply = reply_to("fearful", text, 20, session)
        assert "will see" not in reply.lower(), reply


def test_two_lines_of_one_kind_are_never_stitched_into_one_reply() -> None:
    # "Fine! Great! No, of course not.": the answer of the lead's own kind says the same reaction again.
    first, second = "Fine! Great!", "No, of course not. Nothing's allowed in here."
    assert composed("refused", first, "refused", second, Band.highly_agitated) == first
    assert (
        composed("threatened", "Please don't!", "threatened", "I knew it!", Band.agitated) == "Please don't!"
    )
    # A lead and an answer of different kinds that agree may still share a reply.
    joined = composed(
        "raised_voice", "Why are you shouting?", "refused", "Then I'll wait by the door.", Band.agitated
    )
    assert joined == "Why are you shouting? Then I'll wait by the door."
