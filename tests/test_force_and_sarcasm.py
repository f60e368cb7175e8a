"""Threats by implied force or a loss read from its grammar (coach/grading/rules/ultimatum.py), and sarcasm
read by its shape (coach/grading/rules/sarcasm.py), in words written for this file: no corpus item, rubric
example or probe line holds them, and each shape has look-alikes with the same words that mean no harm."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.grading.offline import OfflineGrader
from coach.grading.rules.phrase import Feature
from coach.grading.rules.sarcasm import sarcasm
from coach.grading.rules.ultimatum import ultimatums
from coach.models import Flag, GradingContext
from coach.rubrics import load_rubric

PATIENT = "I'm not going back to my room, you can't make me."

FORCE_AND_LOSS = [
    # implied force: the speaker will make the person, or be driven to act
    ("Give me the lighter before I make you.", Feature.containment_ultimatum),
    ("Out of the kitchen or we'll make you go.", Feature.containment_ultimatum),
    ("Quit kicking the bin or you'll be made to quit.", Feature.containment_ultimatum),
    ("Don't make me fetch the charge nurse.", Feature.ultimatum),
    # a loss by its grammar: a thing with a participle of removal, being carried off, being written down
    ("Spit at anyone again and your snooker time is cut to ten minutes.", Feature.ultimatum),
    ("If you rip one more poster down, the games console gets unplugged for good.", Feature.ultimatum),
    ("Carry on like this and you'll be on the next minibus to the secure unit.", Feature.ultimatum),
    ("Mess with the fire door again and it goes in tonight's handover.", Feature.ultimatum),
    ("Stay off the table, unless you want your phone switched off.", Feature.ultimatum),
]
FORCE_AND_LOSS_LOOK_ALIKES = [
    "Hang your coat up before I make you a coffee, then we'll look at the letter.",
    "Have a sit down, I'll make you feel a bit more at home in a minute.",
    "When the generator test runs, the games console gets unplugged for ten minutes.",
    "He told me the radio gets taken away if you shout, but that isn't how we do things here.",
    "Don't make yourself wait up for the post, I'll bring it to you.",
    "Your laundry got taken down to the machines, it'll be back by lunch.",
    "If you're still feeling shaky tonight, I'll put it in the handover so the night nurse looks in.",
]

SARCASM = [
    "Want a certificate for finding the lounge?",
    "Should I get you a standing ovation for brushing your hair?",
    "Right, I'll ring the newspapers, someone made a cup of tea.",
    "This ward isn't a holiday camp, you know.",
    "I never knew we'd booked you into a spa.",
    "Boo hoo, the telly's on the wrong channel.",
    "Poor baby, having to carry your own tray.",
    "Aren't you clever, working the kettle.",
    "Nice work on slamming every door on the corridor.",
    "Oh yeah, because swearing at the pharmacist is definitely going to speed things up.",
    "Let me just drop the drug round and run your bath, shall I?",
]
SARCASM_LOOK_ALIKES = [
    "You should get a medal for sticking the whole course out, honestly.",
    "Do you want a custard cream with your tea?",
    "That poor girl next door, I'll check on her after this.",
    "Well done for not slamming the door, I noticed that.",
    "Well done for telling me about the pain, that helps.",
    "It's not a hotel I'd pick either, but the food's improving.",
    "Yes, because you asked me first, you get the window seat.",
    "Shall I get you a blanket as well? It's chilly in here.",
]


@pytest.mark.parametrize(("line", "kind"), FORCE_AND_LOSS)
def test_implied_force_and_a_loss_by_its_grammar_are_read_as_threats(line: str, kind: Feature) -> None:
    assert [h.feature for h in ultimatums(line)] == [kind]


@pytest.mark.parametrize("line", FORCE_AND_LOSS_LOOK_ALIKES)
def test_staff_plans_reported_speech_and_no_condition_are_no_threat(line: str) -> None:
    assert ultimatums(line) == []


@pytest.mark.parametrize("line", SARCASM)
def test_sarcasm_is_read_by_its_shape(line: str) -> None:
    assert [h.feature for h in sarcasm(line)] == [Feature.sarcasm]


@pytest.mark.parametrize("line", SARCASM_LOOK_ALIKES)
def test_straight_praise_real_offers_and_sympathy_are_not_sarcasm(line: str) -> None:
    assert sarcasm(line) == []


def test_sarcasm_said_by_someone_else_is_not_the_speakers() -> None:
    assert sarcasm("She said, want a medal for that?") == []


@pytest.fixture(scope="module")
def grader() -> OfflineGrader:
    return OfflineGrader(load_rubric(RESOURCES / "rubrics" / "staff-turn.yaml"))


@pytest.mark.parametrize("line", [SARCASM[0], SARCASM[3], SARCASM[5]])
def test_the_grade_reports_sarcasm_as_mockery_with_its_words(grader: OfflineGrader, line: str) -> None:
    result = grader.grade(GradingContext(staff=line, patient=PATIENT, agitation=50))
    assert Flag.mockery in result.flags
    assert any(e.key == Flag.mockery.value and e.quote in line for e in result.evidence)


@pytest.mark.parametrize("line", [line for line, _ in FORCE_AND_LOSS[:2] + FORCE_AND_LOSS[4:6]])
def test_the_grade_flags_implied_force_and_a_lost_thing(grader: OfflineGrader, line: str) -> None:
    result = grader.grade(GradingContext(staff=line, patient=PATIENT, agitation=50))
    assert {Flag.threat, Flag.containment_threat} & set(result.flags)
