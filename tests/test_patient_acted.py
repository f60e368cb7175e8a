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
from coach.stance import Action, Distance, Stance, Voice

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
        ("Oh look, here's Priya. Priya, come and sit with us.", 1),
        ("This is Gav and Pete, they're stopping with us for a bit.", 2),
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
        ("*exchanges a look with the charge nurse*", "conferred"),
        ("*swaps a glance with her colleague*", "conferred"),
        ("*says something quietly to the student*", "conferred"),
        ("*glances across at the other nurse*", "conferred"),
        ("*steps out of earshot to talk to Dee*", "conferred"),
        ("*moves to stand between him and the door*", "blocked"),
        ("*blocks his way with the trolley*", "blocked"),
        ("*knocks softly and waits*", "knocked"),
        ("*taps on the door*", "knocked"),
        ("*taps him on the arm*", "touch"),
    ],
)
def test_what_the_speaker_does_is_read_by_its_kind(text: str, done: str) -> None:
    acted = read_acted(text, "Sam Reid")
    assert getattr(acted, done)
    kinds = {
        "near",
        "beside",
        "away",
        "touch",
        "called",
        "handed_over",
        "left",
        "conferred",
        "blocked",
        "knocked",
    }
    others = kinds - {done}
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
        ("*holds up the sealed box so he can read the label*", ("the sealed box",)),
        ("*shows him a leaflet from the pharmacy*", ("a leaflet",)),
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
        "*opens the window and a cool breeze comes in*",
        "*calls his name softly*",
        "*glances at the clock*",
        "*talks to Sam*",
        "Hi Sam, this is Jo, one of the nurses.",
        "This is Friday's menu, have a look.",
        "Here's Tom's card, it came this morning.",
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


def test_one_colleague_who_walks_up_is_one_more_face_not_a_crowd_nor_a_call() -> None:
    assert reply_to("*a colleague wanders over and stands nearby*").startswith("Reaction colleague joins")


def test_without_lines_for_a_colleague_joining_the_call_lines_stand_in() -> None:
    reactions = PERSONA.listening.reactions.model_copy(update={"colleague_joins": None})
    plain = PERSONA.model_copy(
        update={"listening": PERSONA.listening.model_copy(update={"reactions": reactions})}
    )
    assert reply_to("*a colleague wanders over*", persona=plain).startswith("Reaction call support")


def test_staff_called_who_have_already_walked_up_are_a_crowd_not_a_call() -> None:
    called = Stance(actions=[Action.call_support])
    reply = reply_to("Jo, Sam, over here a sec. *both of them come over*", stance=called)
    assert reply.startswith("Reaction several staff")


def test_a_colleague_already_there_is_not_asked_who_is_being_called() -> None:
    callum = load_personas(Settings().personas_dir)["refused-request"]
    for text in ("*Deb from the next ward strolls up and waits*", "*a porter comes and leans on the wall*"):
        reply = reply_to(text, persona=callum).lower()
        assert "calling" not in reply and "getting someone" not in reply, reply
        assert "two of you" in reply or "who's this" in reply or "another" in reply, reply


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


@pytest.mark.parametrize(
    ("text", "reaction"),
    [
        ("*leans in and whispers to the HCA*", "Reaction conferring"),
        ("*the two night staff murmur to each other by the office*", "Reaction conferring"),
        ("*has a quick word with Dee out of earshot*", "Reaction conferring"),
        ("*stands between him and the door*", "Reaction blocks exit"),
        ("*blocks the exit with the drugs trolley*", "Reaction blocks exit"),
    ],
)
def test_conferring_and_a_blocked_way_out_get_their_reactions(text: str, reaction: str) -> None:
    assert reply_to(text).startswith(reaction)


def test_a_knock_with_nothing_said_gets_the_knock_lines() -> None:
    assert reply_to("*knocks and waits*").startswith("Reaction knock")
    assert reply_to("*taps on the door frame*").startswith("Reaction knock")


@pytest.mark.parametrize(
    "text",
    ["*whispers to her colleague*", "*stands between him and the door*", "*knocks and waits*"],
)
def test_a_persona_whose_file_has_no_reaction_for_a_doing_gives_it_none(text: str) -> None:
    reactions = PERSONA.listening.reactions.model_copy(
        update={"conferring": None, "blocks_exit": None, "knock": None}
    )
    plain = PERSONA.model_copy(
        update={"listening": PERSONA.listening.model_copy(update={"reactions": reactions})}
    )
    reply = reply_to(text, persona=plain)
    assert not reply.startswith(("Reaction conferring", "Reaction blocks exit", "Reaction knock")), reply


def test_whispering_to_the_patient_is_a_quiet_voice_not_conferring() -> None:
    assert not reply_to("*whispers to him* It's alright.").startswith("Reaction conferring")


def test_the_spoken_part_is_answered_after_staff_confer() -> None:
    marcus = load_personas(Settings().personas_dir)["paranoid"]
    reply = reply_to("*mutters something to the HCA* Why don't you want to take them?", persona=marcus)
    conferring = marcus.listening.reactions.conferring
    assert conferring is not None
    lead = next(line for line in conferring.agitated if reply.startswith(line))
    assert reply[len(lead) :].strip(), reply


def test_the_spoken_part_is_still_answered_after_the_reaction() -> None:
    nadia = load_personas(Settings().personas_dir)["fearful"]
    reply = reply_to("*perches on the arm of the chair beside her* What happened last night?", persona=nadia)
    close = next(line for line in nadia.listening.reactions.close.agitated if reply.startswith(line))
    answer = reply[len(close) :].lower()
    assert any(word in answer for word in ("night", "held", "restrain", "corridor", "shout"))


def test_the_trainees_own_tags_win_over_the_acted_line() -> None:
    reply = reply_to("*crouches down in front of him*", Stance(distance=Distance.two_arms_or_more))
    assert "Reaction close" not in reply


@pytest.mark.parametrize("tags", [Stance(), Stance(distance=Distance.arms_length)])
def test_sitting_on_their_bed_is_an_intrusion_whatever_the_distance_tag(tags: Stance) -> None:
    # The bed is theirs: a trainee who tags "at arm's length" and then sits on it has still come onto it.
    reply = reply_to("*wanders in and plonks herself on the foot of his bed*", tags)
    assert reply.startswith("Reaction close"), reply


@pytest.mark.parametrize(
    "text",
    [
        "*holds both hands up, palms out* I'm staying right here.",
        "*lifts her hands slowly so he can see them*",
        "*shows him two empty hands and stays by the wall*",
        "*shows her hands*",
    ],
)
def test_open_hands_shown_are_a_gesture_not_a_touch(text: str) -> None:
    acted = read_acted(text, "Sam Reid")
    assert acted.open_hands and not acted.touch
    assert not reply_to(text).startswith("Reaction touch")


def test_hands_put_on_them_are_still_a_touch() -> None:
    assert read_acted("*puts both hands on his shoulders*", "Sam Reid").touch


@pytest.mark.parametrize(
    "text",
    [
        "*leans out of the door and calls along the hallway* Mo, could you pop in here?",
        "*shouts across to the nurses' station* Can anyone spare a minute?",
        "Priya - you got a sec? Over here.",
    ],
)
def test_a_colleague_called_by_name_gets_the_call_reaction_and_the_words_to_them_are_not_answered(
    text: str,
) -> None:
    assert read_acted(text, "Sam Reid").called
    assert reply_to(text) in PERSONA.listening.reactions.call_support.agitated


def test_words_that_name_a_colleague_to_the_patient_are_answered_as_said_to_them() -> None:
    text = "Femi, our pharmacist, is on till five. I could ask him to pop by at three."
    assert not read_acted(text, "Sam Reid").called


def test_sitting_beside_is_too_close_only_for_a_person_sensitive_to_crowding() -> None:
    assert "Reaction close" not in reply_to("*sits down next to him*")
    jumpy = PERSONA.model_copy(
        update={"sensitivities": PERSONA.sensitivities.model_copy(update={"crowding": 2.0})}
    )
    assert reply_to("*sits down next to him*", persona=jumpy).startswith("Reaction close")


@pytest.mark.parametrize(
    "text",
    ["*folds his arms and leans on the wall*", "*rubs her eyes and waits by the door*"],
)
def test_a_doing_not_read_is_no_colleague_arriving(text: str) -> None:
    assert read_acted(text, "Sam Reid").arrived == 0


def test_the_corner_of_their_bed_is_on_it_not_across_the_room() -> None:
    acted = read_acted("*lowers herself onto the corner of his bed*", "Sam Reid")
    assert acted.on_bed and not acted.away


def test_a_colleague_who_will_look_after_them_is_a_handover() -> None:
    reply = reply_to("I'm off on my lunch now. Dionne's going to look after you till I'm back.")
    assert reply.startswith("Reaction swap staff"), reply


@pytest.mark.parametrize(
    ("acted", "seat"),
    [
        ("*pulls out a chair at the corner table and sits across from it*", "chair"),
        ("*nods towards the sofa*", "sofa"),
        ("*pats the bench*", "bench"),
        ("*drags a stool over for her*", "stool"),
    ],
)
def test_a_seat_pulled_out_pointed_to_or_patted_is_a_seat_offered(acted: str, seat: str) -> None:
    assert read_acted(acted).seat == seat


@pytest.mark.parametrize(
    "acted",
    [
        "*pulls up a chair next to her and sits*",
        "*pulls out the chair beside him and sits down*",
        "*sits in the armchair by the door*",
        "*draws the curtains*",
    ],
)
def test_a_seat_the_speaker_takes_or_no_seat_at_all_is_no_seat_offered(acted: str) -> None:
    assert read_acted(acted).seat == ""
