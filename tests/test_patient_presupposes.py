"""The offline patient says only lines whose presupposition the turn meets: no "get off me" without a hand
on them, no thank-you for a bare question, no threat answered in words that only apologise, no "that's
all I wanted" beside a no, and no answer to a no the words cannot carry. It also hears a check-in typed
without its "are", leave asked to do something where they are, and "come on" that coaxes rather than
orders. The wordings are the test writer's own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coach.acts import Act, read_acts
from coach.config import Settings
from coach.datafiles import load_model
from coach.models import Band, Flag, Grade, Persona, ReplyKind, Scores
from coach.patient.presupposing import Certain, received, unmet
from coach.personas import load_personas
from coach.stance import Action, Distance, Stance, Voice
from tests.patient_fixtures import first_reply, replies

SAM = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)
SHIPPED = load_personas(Settings().personas_dir)
SESSIONS = [f"presupposes-{i}" for i in range(8)]


def graded(*flags: Flag, refusal: bool = False, tone: int = 3, meets_need: bool = False) -> Grade:
    return Grade(
        scores=Scores(tone=tone, no_brevity=3 if refusal else None, options=0, escalation_risk=3),
        flags=list(flags),
        refusal=refusal,
        grader="test",
        meets_need=meets_need,
    )


def _lines(persona: Persona, band: Band, kind: ReplyKind) -> list[str]:
    return persona.voice[band].replies[kind]


def test_words_that_only_apologise_are_not_answered_as_a_threat() -> None:
    # The grade hears a threat; the words own a fault and name nothing staff could do to them.
    text = "Och, I'm that sorry, Sam. Naebody phoned ye back, and that was wrong of us."
    for session in SESSIONS:
        reply = first_reply(text, SAM, grade=graded(Flag.threat, tone=1), session=session)
        assert not any(line in reply for line in _lines(SAM, Band.agitated, ReplyKind.threatened)), reply


def test_a_threat_flag_on_words_that_name_a_compulsion_is_still_a_threat() -> None:
    text = "Sorry, but one more outburst and it's higher obs for the rest of the night."
    reply = first_reply(text, SAM, grade=graded(Flag.threat, tone=1))
    assert any(line in reply for line in _lines(SAM, Band.agitated, ReplyKind.threatened)), reply


def test_one_nurse_too_close_gets_no_line_that_says_hands_are_on_them() -> None:
    maureen = SHIPPED["ignored-for-days"]
    close = Stance(distance=Distance.close, voice=Voice.raised)
    grade = graded(Flag.invalidation, Flag.crowding, Flag.shouting, refusal=True, tone=1)
    for session in SESSIONS:
        reply = first_reply(
            "Maureen, I've said I'm on it!", maureen, agitation=66, stance=close, grade=grade, session=session
        ).lower()
        assert "get off" not in reply and "hands off" not in reply, reply


def test_a_hand_on_them_is_still_answered_as_a_hand_on_them() -> None:
    dean = SHIPPED["patient-conflict"]
    held = Stance(distance=Distance.close, actions=[Action.touch])
    reply = first_reply("Easy, big fella, let's walk.", dean, agitation=66, stance=held)
    assert any(line in reply for line in dean.listening.reactions.touch.at(Band.highly_agitated)), reply


def test_a_bare_question_is_not_thanked_for() -> None:
    dean = SHIPPED["patient-conflict"]
    for session in SESSIONS:
        reply = first_reply(
            "Has the fridge been a problem on here before?", dean, agitation=12, session=session
        )
        assert not reply.lower().startswith(("cheers", "thanks", "thank you")), reply


def test_beside_a_no_a_met_need_is_not_all_they_wanted() -> None:
    dean = SHIPPED["patient-conflict"]
    turns = [
        "Your sister cooked that and somebody ate it, Dean.",
        "I won't get Ryan to apologise in front of the lounge. A colleague will have a word with him on his "
        "own, and I'll stop here with you.",
    ]
    grade = graded(refusal=True, tone=5, meets_need=True)
    for session in SESSIONS:
        reply = replies(turns, dean, agitation=20, grade=grade, session=session)[-1]
        assert "all I wanted" not in reply, reply


@pytest.mark.parametrize(
    "text",
    [
        "It's one dinner, mate.",  # graded a no; says nothing is refused
        "I'm so sorry, Sam. I know this week's been a hard one for you.",  # a sorry is not a no
    ],
)
def test_a_no_the_words_cannot_carry_is_not_answered_as_one(text: str) -> None:
    for session in SESSIONS:
        reply = first_reply(text, SAM, grade=graded(refusal=True), session=session)
        assert not any(line in reply for line in _lines(SAM, Band.agitated, ReplyKind.refused)), reply


def test_a_plain_no_is_still_answered_as_one() -> None:
    reply = first_reply("No, you can't have the phone tonight.", SAM, grade=graded(refusal=True))
    assert any(line in reply for line in _lines(SAM, Band.agitated, ReplyKind.refused)), reply


@pytest.mark.parametrize(
    "text", ["You feeling alright now?", "Sam, how you are feeling today?", "you ok? bit quiet this morning"]
)
def test_a_check_in_typed_without_its_are_is_a_check_in(text: str) -> None:
    assert Act.check_in in read_acts(text, SAM).acts


def test_a_question_about_something_else_is_no_check_in() -> None:
    assert Act.check_in not in read_acts("You alright with me reading it out loud?", SAM).acts


@pytest.mark.parametrize(
    ("text", "proposes"),
    [
        ("Is it alright if I pull the blind down a bit?", True),
        ("Mind if I switch the lamp on?", True),
        ("Can I shift your tray over?", True),
        ("Can I ask what happened at lunch?", False),
        ("Can I have a hand over here, please?", False),
    ],
)
def test_leave_to_do_something_where_they_are_asks_for_a_yes_or_a_no(text: str, proposes: bool) -> None:
    questions = read_acts(text, SAM).questions
    assert questions and questions[0].proposes is proposes


@pytest.mark.parametrize(
    ("text", "orders"),
    [
        ("Come on, Sam, it's only a phone.", False),
        ("Come on pal, nobody's taking anything off you.", False),
        ("Come on now.", True),
        ("Come on, love, sit yourself down.", True),
    ],
)
def test_come_on_before_a_statement_coaxes_rather_than_orders(text: str, orders: bool) -> None:
    assert (Act.instruction in read_acts(text, SAM).acts) is orders


def test_a_line_is_kept_only_where_what_it_takes_for_granted_holds() -> None:
    nothing = Certain(touched=False, given=False, told=False, refused=True, threatened=False)
    everything = Certain(touched=True, given=True, told=True, refused=False, threatened=True)
    for line in [
        "Get off me!",
        "Cheers, mate.",
        "That's all I wanted.",
        "So that's what happens.",
        "Right. That's the first straight answer I've had.",
    ]:
        assert unmet(line, nothing) and not unmet(line, everything), line
    # A warning, a request to go home and a grievance take no hand for granted.
    for line in ["Don't grab me!", "Why won't anyone let me go?", "They'll take my flat off me."]:
        assert not unmet(line, nothing), line
    assert received(ReplyKind.threatened, nothing) is ReplyKind.neutral
    assert received(ReplyKind.refused, everything) is ReplyKind.neutral
    assert received(ReplyKind.refused, nothing) is ReplyKind.refused


def test_thanks_for_knocking_is_said_only_where_someone_knocked() -> None:
    unknocked = Certain(touched=False, given=True, told=True, refused=False, threatened=False, knocked=False)
    assert unmet("Hello. Thank you for knocking.", unknocked)
    assert not unmet("Hello. Thank you for knocking.", replace(unknocked, knocked=True))
    # Beth's goodbye lines thank staff for knocking; nobody knocked in these scenes.
    persona = SHIPPED["withdrawn"]
    for session in SESSIONS:
        said = replies(
            ["Hi Beth, I'm Ola.", "Night then, Beth, I'm off home."], persona, agitation=10, session=session
        )
        assert not any("knocking" in line.lower() for line in said), said
