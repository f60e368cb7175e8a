"""The offline patient when staff get them wrong: a feeling or a reason put to them that is not theirs,
someone in their life named for another, and news they were never told taken as known. Staff lines here
are written for these tests, not taken from the persona files or the coherence suite."""

from __future__ import annotations

import pytest

from coach.acts import read_acts
from coach.config import RESOURCES
from coach.models import Band, Grade, Persona, Scores
from coach.patient.misread import misread_answers
from coach.patient.wrong_person import wrong_person
from coach.personas import load_personas
from tests.patient_fixtures import replies

PERSONAS = load_personas(RESOURCES / "personas")


def _feeling_lines(persona: Persona, band: Band) -> list[str]:
    topic = next(t for t in persona.listening.topics if t.id == "feelings")
    return topic.answers.at(band)


@pytest.mark.parametrize(
    ("persona_id", "turn", "wrong"),
    [
        ("withdrawn", "You must be bored out of your mind in here, Beth.", "bored"),
        ("fearful", "Are you angry with the night staff, Nadia?", "angry"),
        ("refused-request", "I reckon you're just feeling a bit lonely today, yeah?", "lonely"),
    ],
)
def test_a_feeling_that_is_not_theirs_is_put_right_with_how_they_do_feel(
    persona_id: str, turn: str, wrong: str
) -> None:
    persona = PERSONAS[persona_id]
    [reply] = replies([turn], persona, agitation=10)
    assert reply.lower().startswith(wrong), reply
    assert any(reply.endswith(line) for line in _feeling_lines(persona, Band.calm)), reply


@pytest.mark.parametrize(
    ("persona_id", "turn"),
    [
        ("fearful", "You sound really scared, Nadia."),
        ("withdrawn", "You seem very low today."),
        ("patient-conflict", "You're furious about it, aren't you?"),
    ],
)
def test_a_feeling_of_theirs_is_no_misreading(persona_id: str, turn: str) -> None:
    persona = PERSONAS[persona_id]
    assert not list(misread_answers(turn, read_acts(turn, persona), persona, Band.calm))


def test_a_reason_that_is_not_theirs_is_answered_with_their_reason() -> None:
    persona = PERSONAS["refused-request"]
    turn = "Is all this really because you're bored of the food on here?"
    [pool] = misread_answers(turn, read_acts(turn, persona), persona, Band.agitated)
    reasons = persona.listening.acts.reason.at(Band.agitated)
    assert pool.lines
    # Their reason follows the "not that", said without "Because": it answers a guess, not a why.
    assert all(any(line.endswith(r.removeprefix("Because ")[1:]) for r in reasons) for line in pool.lines)


def test_a_reason_that_names_what_they_want_is_no_misreading() -> None:
    persona = PERSONAS["refused-request"]
    turn = "Is it because of Ellie's birthday card, is that what's bothering you?"
    assert not list(misread_answers(turn, read_acts(turn, persona), persona, Band.agitated))


def test_a_wrong_guess_put_with_an_offer_is_answered_as_the_offer() -> None:
    persona = PERSONAS["withdrawn"]
    turn = "You must be starving. Would you like some toast?"
    assert not list(misread_answers(turn, read_acts(turn, persona), persona, Band.calm))


@pytest.mark.parametrize(
    ("persona_id", "turn", "wrong", "right"),
    [
        # one of their family as the one who did it or whose it is
        (
            "patient-conflict",
            "That curry your mum made looked lovely. Your mum cooked it Sunday?",
            "my mum",
            "Bernie",
        ),
        (
            "withdrawn",
            "Those binoculars your sister left you, are they for birdwatching?",
            "my sister",
            "Tom",
        ),
        # someone given another's role
        ("ignored-for-days", "I'll ask your named nurse Jo to pop by.", "jo", "Kofi"),
        ("paranoid", "Anita is your brother, isn't she?", "anita", "Leon"),
        ("ignored-for-days", "Jo, the nurse in charge is looking for you.", None, None),
        ("paranoid", "I'll get the pharmacist Leon to come up.", "leon", "Anita"),
        # someone said to have done what another did
        ("paranoid", "I heard Anita brushed you off last night and walked off.", "anita", "support worker"),
    ],
)
def test_someone_in_their_life_named_wrongly_is_put_right_from_their_facts(
    persona_id: str, turn: str, wrong: str | None, right: str | None
) -> None:
    found = wrong_person(turn, PERSONAS[persona_id])
    if wrong is None:
        assert found is None  # a name called out, then a role: "Jo, the nurse in charge ..." is not read
        return
    assert found is not None
    said, fact = found
    assert said == wrong
    assert right is not None and right in fact


@pytest.mark.parametrize(
    ("persona_id", "turn"),
    [
        ("ignored-for-days", "Kofi, your named nurse, is back tomorrow."),
        ("paranoid", "Your brother Leon is visiting on Sunday, isn't he?"),
        ("patient-conflict", "Did your sister make it herself?"),
        ("withdrawn", "Is your dad ringing on Sunday?"),
    ],
)
def test_the_right_person_in_the_right_role_is_not_corrected(persona_id: str, turn: str) -> None:
    assert wrong_person(turn, PERSONAS[persona_id]) is None


def test_a_corrected_person_is_said_back_and_the_fact_follows_in_their_words() -> None:
    persona = PERSONAS["ignored-for-days"]
    [reply] = replies(["Your named nurse Jo will sort it out when she's back."], persona, agitation=10)
    lines = persona.listening.acts.wrong_person
    assert lines is not None
    # Who someone in their own life is they know: "Jo? No, love.", not "not what I was told".
    assert any(reply.startswith(line.replace("{offer}", "Jo")) for line in lines.at(Band.calm)), reply
    assert reply.endswith("My named nurse, Kofi, was on annual leave last week and is back tomorrow."), reply


def test_news_they_were_never_told_taken_as_known_gets_nobody_told_them() -> None:
    persona = PERSONAS["refused-request"]
    assert persona.untold  # the cancelled leave: staff know it, he has not been told
    [reply] = replies(
        ["As you'll know by now, today's leave has been cancelled, so let's think about the card."],
        persona,
        agitation=30,
    )
    lines = persona.listening.acts.not_told
    assert lines is not None
    assert reply in lines.at(Band.agitated), reply


def test_what_they_know_taken_as_known_is_no_news() -> None:
    persona = PERSONAS["refused-request"]
    [reply] = replies(
        ["As you know, Ellie turns six on Saturday and her mum Gemma has her."], persona, agitation=30
    )
    lines = persona.listening.acts.not_told
    assert lines is not None
    assert reply not in lines.every(), reply


def test_an_untold_fact_is_never_said_as_known() -> None:
    persona = PERSONAS["paranoid"]
    [reply] = replies(["Why do you think they've changed colour?"], persona, agitation=10)
    assert "supplier" not in reply.lower(), reply


def test_untold_must_name_facts_of_the_file() -> None:
    persona = PERSONAS["paranoid"]
    data = persona.model_dump()
    data["untold"] = ["The moon is made of cheese."]
    with pytest.raises(ValueError, match="untold must repeat entries of facts"):
        Persona.model_validate(data)


def test_putting_staff_right_is_the_whole_reply_to_a_no_heard_in_the_same_words() -> None:
    persona = PERSONAS["refused-request"]
    graded_a_no = Grade(
        scores=Scores(tone=3, no_brevity=3, options=0, escalation_risk=3), refusal=True, grader="test"
    )
    [reply] = replies(
        ["Not today, mate, sorry. As you know, today's leave has been cancelled."],
        persona,
        agitation=40,
        grade=graded_a_no,
    )
    lines = persona.listening.acts.not_told
    assert lines is not None
    # "Again? You said definitely. First I've heard of it!" would be two replies to the one turn.
    assert reply in lines.at(Band.agitated), reply


def test_down_and_low_are_feelings_only_as_a_feeling_is_said() -> None:
    persona = PERSONAS["fearful"]  # scared and tired; "my heart won't slow down" is no low mood
    for turn in ("So you're going down to the lounge after breakfast, are you?", "You're low on milk, yeah?"):
        assert not list(misread_answers(turn, read_acts(turn, persona), persona, Band.calm))
    [reply] = replies(["You seem really low this morning. Is that it?"], persona, agitation=10)
    assert reply.startswith("Low?"), reply


def test_a_feeling_put_with_a_cause_that_is_not_theirs_is_a_misreading() -> None:
    persona = PERSONAS["refused-request"]
    wrong = "You're mostly fed up because you've been cooped up inside all week, I think."
    assert [p.name for p in misread_answers(wrong, read_acts(wrong, persona), persona, Band.calm)] == [
        "misread"
    ]
    right = "You're fed up because the card for Ellie still hasn't gone, I think."
    assert not list(misread_answers(right, read_acts(right, persona), persona, Band.calm))


def test_a_reason_is_not_theirs_for_naming_the_ward_the_scene_is_on() -> None:
    # The scene summary names where they are; a guess that it is the ward itself is still a guess.
    persona = PERSONAS["ignored-for-days"]
    turn = "Is it the ward that's getting to you?"
    assert [p.name for p in misread_answers(turn, read_acts(turn, persona), persona, Band.calm)] == [
        "misread"
    ]
