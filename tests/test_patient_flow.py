"""The offline patient follows the flow of the scene: sympathy is not taken for an apology, a reason given
is not asked for again, a promise is not answered as a choice, a choice put as a statement is a choice,
and an option taken is not refused in the same breath. Wordings here are not in the persona files."""

from __future__ import annotations

from pathlib import Path

import pytest
from patient_fixtures import first_reply, replies

from coach.config import RESOURCES
from coach.datafiles import load_model
from coach.listening import BandLines
from coach.models import Band, Grade, Persona, Scores
from coach.options import options_of
from coach.patient.asked_of import asks_purpose
from coach.patient.condolence import condoles, sympathy_answers
from coach.patient.either_or import takes_back
from coach.patient.held_to import promised
from coach.patient.reason_given import asks_why_again, gives_reason
from coach.patient.resuming import resumes
from coach.personas import load_personas

PERSONA = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)


@pytest.mark.parametrize(
    "text",
    [
        "I'm so sorry to hear about your dad.",
        "Sorry you've had a grim few days of it.",
        "I'm sorry about your cat, that must hurt.",
        "Really sorry things are this hard at the moment.",
        "I'm sorry that happened to you.",
    ],
)
def test_sympathy_is_not_an_apology(text: str) -> None:
    assert condoles(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sorry we kept you hanging about all morning.",
        "I'm sorry, the garden is shut today.",
        "Sorry you've had to wait so long for us.",
        "I'm sorry I snapped at you earlier.",
        "Sorry you were forgotten at lunch.",
        "Can you tell me what happened?",
    ],
)
def test_an_apology_for_staff_doing_is_still_an_apology(text: str) -> None:
    assert not condoles(text)


def _lines(agitated: list[str]) -> BandLines:
    return BandLines(calm=["a", "b"], agitated=agitated, highly_agitated=["c", "d"], crisis=["e"])


def test_sympathy_is_answered_before_forgiving_a_fault() -> None:
    apology = _lines(["Sorry won't fix the kettle.", "Thanks. Means something, that.", "It's fine, honest."])
    pools = list(sympathy_answers(apology, PERSONA.voice[Band.agitated], Band.agitated))
    assert pools[0].lines == ("Thanks. Means something, that.",)
    # Then being understood, and the lines that take sorry for owning a fault only after both.
    assert pools[1].lines == tuple(PERSONA.voice[Band.agitated].replies["validated"])
    assert set(pools[-1].lines) == {"Sorry won't fix the kettle.", "It's fine, honest."}


def test_sympathy_gets_no_answer_to_a_fault_in_a_scene() -> None:
    reply = first_reply("Sorry you've had such a grotty week.", PERSONA, session="flow")
    assert reply in {"Act apology (agitated one).", "Act apology (agitated two)."} | set(
        PERSONA.voice[Band.agitated].replies["validated"]
    )


@pytest.mark.parametrize(
    "text",
    [
        "The van's broken down, so the trip's off.",
        "It's not happening today because nobody's free to go with you.",
        "The gym is shut due to a leak.",
    ],
)
def test_a_reason_is_heard(text: str) -> None:
    assert gives_reason(text)


def test_a_bare_why_after_a_reason_asks_it_again() -> None:
    staff = "The gym is shut today because the floor is being redone."
    assert asks_why_again("Why? What did I do?", staff)
    assert asks_why_again("Fine. But why is the gym shut?", staff)
    # A why about what staff are doing now asks about something else.
    assert not asks_why_again("Why are you standing over me?", staff)
    assert not asks_why_again("Fine. I'll wait.", staff)


def test_a_no_with_its_reason_is_not_asked_why() -> None:
    refusal = Grade(
        scores=Scores(tone=3, no_brevity=3, options=0, escalation_risk=3), flags=[], refusal=True, grader="t"
    )
    reply = first_reply(
        "You can't have the phone right now, because someone else is on it.",
        PERSONA,
        grade=refusal,
        session="flow-why",
    )
    assert "why" not in reply.lower()


def test_a_promise_is_not_answered_as_a_choice() -> None:
    # The fixture's agitated answers to an offer: "Which one's quicker?" and "Fine, but when exactly?".
    pools = list(promised(PERSONA, Band.agitated))
    taken = [line for pool in pools for line in pool.lines]
    assert taken == ["Fine, but when exactly?"]


def test_a_promise_of_help_gets_no_which_in_a_scene() -> None:
    reply = first_reply("I'll chase the phone engineer for you this afternoon.", PERSONA, session="flow-p")
    assert "which" not in reply.lower()


@pytest.mark.parametrize(
    ("text", "options"),
    [
        (
            "Two ways we could play it. I ring your brother now, or you write him a note tonight.",
            ("i ring your brother now", "you write him a note tonight"),
        ),
        ("You bring the mug back, or I come and get it. Either way is fine by me.", None),
    ],
)
def test_a_choice_put_as_a_statement_is_a_choice(text: str, options: tuple[str, ...] | None) -> None:
    found = options_of(text)
    assert len(found) == 2
    if options is not None:
        assert found == options


def test_a_plain_or_in_a_statement_is_no_choice() -> None:
    assert options_of("Sit down or I'll have to get help.") == ()


def test_an_option_taken_is_not_refused_in_the_same_reply() -> None:
    assert takes_back("Go for the walk. But I'm not walking anywhere with him.", "go for the walk")
    assert not takes_back("The bath, then. And don't rush me.", "the bath")


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, my bleep went off. Carry on.",
        "Apologies, had to grab the keys. You were saying?",
        "Sorry about that. Go on.",
        "Go on.",
    ],
)
def test_picking_the_thread_up_is_heard(text: str) -> None:
    assert resumes(text)


@pytest.mark.parametrize(
    "text", ["Go on then, I'll put the kettle on for both of us now.", "Would you go on a walk?"]
)
def test_go_on_in_a_longer_turn_is_no_resumption(text: str) -> None:
    assert not resumes(text)


def test_after_a_break_they_carry_on_with_what_they_were_asked() -> None:
    persona = load_personas(RESOURCES / "personas")["patient-conflict"]
    said = replies(
        ["What went on in the kitchen?", "Sorry, somebody needed the keys. Carry on."],
        persona,
        session="flow-resume",
    )
    told = {line for topic in persona.listening.topics for line in topic.answers.every()}
    assert said[1] in told
    assert said[1] not in persona.listening.acts.apology.every()


def test_is_that_okay_after_a_promise_is_not_asked_after_as_overdue() -> None:
    said = replies(["I'll fix the phone charger for you.", "Is that alright?"], PERSONA, session="flow-fresh")
    assert not said[1].startswith("Act held to")


def test_their_reason_for_a_no_is_asked_for() -> None:
    assert asks_purpose("Why won't you have the soup today?")
    assert asks_purpose("What's putting you off going out?")
    assert not asks_purpose("Why didn't you ring the bell?")


def test_where_staff_put_themselves_is_no_promise_to_chase() -> None:
    said = replies(
        ["I'll wait over by the window for a while.", "So, what do you reckon?"],
        PERSONA,
        session="flow-where",
    )
    # The fixture's answer to a promise asks when; where staff stand is not something to come.
    assert "Fine, but when exactly?" not in said
    assert not any(s.startswith("Act held to") for s in said)


def test_a_promise_to_fetch_something_is_answered_as_one() -> None:
    said = replies(
        ["I'll fetch the spare charger from the office.", "So, what do you reckon?"],
        PERSONA,
        session="flow-held",
    )
    assert said[1] == "Fine, but when exactly?" or said[1].startswith(("Act held to", "Act unknown offer"))
