"""What staff do in an acted line (*two more staff come in*, *sits on the end of the bed*) is read by who does
it, what kind of doing it is and how many, and the offline patient reacts to what happened, in proportion:
one person close is never a crowd, one colleague is not several, a handover is a new face, and the
spoken part of the turn is still answered. The wordings here are the test writer's own paraphrases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.acted import SEVERAL, Acted, read_acted
from coach.config import Settings
from coach.datafiles import load_model
from coach.models import Band, Flag, Grade, PatientState, Persona, Scores, Speaker, Turn
from coach.patient.base import PatientContext
from coach.patient.offline import OfflinePatient
from coach.personas import load_personas
from coach.stance import Distance, Stance, Voice

PERSONA = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)
PATIENT = OfflinePatient()


def grade(*flags: Flag) -> Grade:
    return Grade(
        scores=Scores(tone=3, no_brevity=None, options=0, escalation_risk=3),
        refusal=False,
        flags=list(flags),
        grader="test",
    )


def reply_to(
    text: str, stance: Stance | None = None, g: Grade | None = None, persona: Persona = PERSONA
) -> str:
    history = [
        Turn(speaker=Speaker.patient, text=persona.opening.text),
        Turn(speaker=Speaker.staff, text=text, stance=stance or Stance()),
    ]
    state = PatientState(agitation=40, band=Band.agitated, peak=40)
    ctx = PatientContext(
        session_id="acted",
        persona=persona,
        state=state,
        history=history,
        grade=g or grade(),
        stance=stance or Stance(),
    )
    return PATIENT.reply(ctx).text


# --------------------------------------------------------------------------- the reading


@pytest.mark.parametrize(
    ("text", "arrived"),
    [
        ("*two more staff come in*", 2),
        ("*three healthcare assistants wander over from the desk*", 3),
        ("*Priya and Tom come into the lounge*", 2),
        ("*a student nurse comes and stands behind her*", 1),
        ("*the whole night team troop into the room*", SEVERAL),
        ("*four staff gather round the ward door*", 4),
        ("There are three of us here now, so let's sort this.", 3),
    ],
)
def test_others_who_arrive_are_counted(text: str, arrived: int) -> None:
    assert read_acted(text, "Sam Reid").arrived == arrived


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("*perches on the edge of his bed*", "near"),
        ("*kneels down in front of him*", "near"),
        ("*steps right up to him*", "near"),
        ("*sits down next to him*", "beside"),
        ("*backs off towards the door*", "away"),
        ("*takes two steps back*", "away"),
        ("*moves away to the window and sits down*", "away"),
        ("*gently rests a hand on his shoulder*", "touch"),
        ("*takes him by the arm*", "touch"),
        ("*beckons a colleague over*", "called"),
        ("*radios for help*", "called"),
        ("*hands over to the night nurse*", "handed_over"),
        ("*passes him over to the nurse in charge*", "handed_over"),
        ("I've got a meeting, so Ellen's going to take over from me.", "handed_over"),
        ("*walks out*", "left"),
        ("*heads off to the office*", "left"),
    ],
)
def test_what_the_speaker_does_is_read_by_its_kind(text: str, done: str) -> None:
    acted = read_acted(text, "Sam Reid")
    assert getattr(acted, done)
    others = {"near", "beside", "away", "touch", "called", "handed_over", "left"} - {done}
    assert not any(getattr(acted, field) for field in others), acted


@pytest.mark.parametrize(
    ("text", "voice"),
    [
        ("*raises her voice over the noise*", Voice.raised),
        ("*yells down the corridor*", Voice.raised),
        ("*lowers his voice*", Voice.quiet),
    ],
)
def test_a_voice_raised_or_lowered_is_read(text: str, voice: Voice) -> None:
    assert read_acted(text).voice is voice


@pytest.mark.parametrize(
    ("text", "things"),
    [
        ("*comes back holding a hot chocolate*", ("a hot chocolate",)),
        ("*hands him a biro and a card from the cupboard*", ("a biro", "a card")),
        ("*puts a cup of tea down on the table*", ("a cup of tea",)),
    ],
)
def test_things_brought_are_named(text: str, things: tuple[str, ...]) -> None:
    acted = read_acted(text)
    assert acted.brought == things
    assert not acted.touch


@pytest.mark.parametrize(
    "text",
    [
        "*Sam slams the table*",  # the patient's own doing
        "*ten minutes later* How are you doing?",
        "*stands in the doorway*",
        "*holds the door open*",
        "*calls his name softly*",
        "Come and sit with me.",
    ],
)
def test_nothing_is_read_where_staff_did_nothing_to_react_to(text: str) -> None:
    assert read_acted(text, "Sam Reid") == Acted()


@given(st.text(max_size=200))
def test_any_text_can_be_read(text: str) -> None:
    assert read_acted(f"*{text}* {text}").arrived >= 0


# --------------------------------------------------------------------------- the reply


def test_one_person_on_the_bed_gets_the_close_reaction_not_the_crowd() -> None:
    reply = reply_to("*perches on the end of his bed* Alright?")
    assert reply.startswith("Reaction close")
    assert "several staff" not in reply


def test_crowding_the_grader_hears_without_a_number_is_one_person_too_close() -> None:
    reply = reply_to("*leans right over him* Come on now.", g=grade(Flag.crowding))
    assert reply.startswith("Reaction close")


def test_several_staff_arriving_get_the_crowd_reaction() -> None:
    assert reply_to("*three more nurses come in*").startswith("Reaction several staff")


def test_one_colleague_who_walks_up_is_a_colleague_called_not_a_crowd() -> None:
    assert reply_to("*a colleague wanders over and stands nearby*").startswith("Reaction call support")


@pytest.mark.parametrize(
    ("text", "reaction"),
    [
        ("*hands over to the night nurse*", "Reaction swap staff"),
        ("*another nurse comes over* Right, Jo's going to take over from me now.", "Reaction swap staff"),
        ("*rests a hand on his arm*", "Reaction touch"),
        ("*raises his voice*", "Reaction raised voice"),
        ("*backs away towards the window*", "Reaction step back"),
        ("*walks off down the corridor*", "Act closing"),
        ("*comes back with a mug of tea*", "Offer drink"),
    ],
)
def test_each_doing_gets_the_reaction_the_persona_file_gives_it(text: str, reaction: str) -> None:
    assert reply_to(text).startswith(reaction)


def test_the_spoken_part_is_still_answered_after_the_reaction() -> None:
    nadia = load_personas(Settings().personas_dir)["fearful"]
    reply = reply_to("*perches on the arm of the chair beside her* What happened last night?", persona=nadia)
    close = next(line for line in nadia.listening.reactions.close.agitated if reply.startswith(line))
    answer = reply[len(close) :].lower()
    assert any(word in answer for word in ("night", "held", "restrain", "corridor", "shout"))


def test_the_trainees_own_tags_win_over_the_acted_line() -> None:
    reply = reply_to("*sits on the end of his bed*", Stance(distance=Distance.two_arms_or_more))
    assert "Reaction close" not in reply


def test_sitting_beside_is_too_close_only_for_a_person_sensitive_to_crowding() -> None:
    assert "Reaction close" not in reply_to("*sits down next to him*")
    jumpy = PERSONA.model_copy(
        update={"sensitivities": PERSONA.sensitivities.model_copy(update={"crowding": 2.0})}
    )
    assert reply_to("*sits down next to him*", persona=jumpy).startswith("Reaction close")
