"""Threats and name-calling read by their shape and addressee (coach/grading/rules/ultimatum.py and
name_calling.py), in words written for this file: no corpus item, rubric example or phrase-table entry
holds them, so a pass means the reading holds on wording nobody tuned it to."""

from __future__ import annotations

import pytest

from coach.config import RESOURCES
from coach.grading.offline import OfflineGrader
from coach.grading.rules.name_calling import name_calling
from coach.grading.rules.phrase import Feature
from coach.grading.rules.ultimatum import ultimatums
from coach.models import Flag, Grade, GradingContext
from coach.rubrics import load_rubric

PATIENT = "I'm not going back to my room, you can't make me."

# One line per frame, each with a different kind of consequence.
THREATS = [
    ("Bang that tray once more and the quiz night is off for you.", Feature.ultimatum),
    ("If you throw anything else, you can forget the trip to the market.", Feature.ultimatum),
    ("Lower your voice or you won't be having your sister over on Sunday.", Feature.ultimatum),
    ("Next time I catch you in the laundry you'll be written up.", Feature.ultimatum),
    ("Carry on like that and see how far it gets you.", Feature.ultimatum),
    ("Either you give me the scissors or I'm calling the police.", Feature.containment_ultimatum),
    ("Kick that door again and we'll have you in seclusion.", Feature.containment_ultimatum),
    ("Get off the windowsill now, otherwise the response team are coming up.", Feature.containment_ultimatum),
    # a condition on their conduct stays one whatever the word before it ("unless you hand it over")
    ("Unless you hand the lighter over, security will come in.", Feature.containment_ultimatum),
]
# Consequences by kind rather than by phrase: a thing made unavailable (said of the thing, after a subject
# of up to five words), parting with it, being moved on, being written up, force, a call for more people.
KINDS_OF_CONSEQUENCE = [
    ("Slam that door once more and the music room stays shut to you.", Feature.ultimatum),
    ("Keep that racket up and your walk to the corner shop is cancelled.", Feature.ultimatum),
    ("Break another cup and you can wave the Saturday outing goodbye.", Feature.ultimatum),
    ("Hit him again and you'll be transferred off this unit.", Feature.ultimatum),
    ("Swear at the cleaner again and I'm writing the whole thing up.", Feature.ultimatum),
    ("Try that again and watch what happens to your canteen money.", Feature.ultimatum),
    ("Climb on the cabinet again and we'll lift you off it ourselves.", Feature.containment_ultimatum),
    ("Raise that chair at me and I'll shout for backup.", Feature.containment_ultimatum),
]
# The same shapes, and the same words, that threaten nothing.
LOOK_ALIKES = [
    "Breathe like that once more and you'll notice your hands stop shaking.",
    "If you fancy the market trip, there's a seat left on the bus.",
    "Have a seat or we can walk round the garden, whichever you'd prefer.",
    "My colleague said she'd call security if the door got kicked; I'd rather we talked it through.",
    "If you want, I'll put your name down for the quiz first thing.",
    "Nobody is going to put you in seclusion. Shall we sit in the lounge?",
    "Keep going with the crossword and I'll bring you a tea in a bit.",
    # held back till they give leave: a promise of restraint, not a condition on their conduct
    "I'll wait out here and I won't come through unless you tell me to.",
    "Nobody's coming in unless you say so.",
]


@pytest.mark.parametrize(("line", "kind"), THREATS)
def test_an_ultimatum_is_read_by_its_frame_and_its_consequence(line: str, kind: Feature) -> None:
    assert [h.feature for h in ultimatums(line)] == [kind]


@pytest.mark.parametrize(("line", "kind"), KINDS_OF_CONSEQUENCE)
def test_a_consequence_is_read_by_its_kind_not_its_phrase(line: str, kind: Feature) -> None:
    assert [h.feature for h in ultimatums(line)] == [kind]


@pytest.mark.parametrize(
    "line",
    [
        # a state of mind sets no condition
        "If you're nervous about the review, the notes are gone through with you first.",
        # a subject with a past verb tells what happened; it gives no order
        "You packed it yourself and it's gone off in the post, so it'll be there Monday.",
    ],
)
def test_a_feeling_or_a_story_is_no_condition_even_beside_a_loss_word(line: str) -> None:
    assert [h.feature for h in ultimatums(line) if h.feature is not Feature.framed_limit] == []


@pytest.mark.parametrize("line", LOOK_ALIKES)
def test_the_same_frames_with_a_kind_outcome_a_choice_or_reported_words_are_no_threat(line: str) -> None:
    assert [h.feature for h in ultimatums(line) if h.feature is not Feature.framed_limit] == []


def test_a_consequence_about_safety_is_a_framed_limit_only_beside_a_way_forward() -> None:
    limit = "If you smash the glass I'll have to call for help to keep everyone safe."
    assert [h.feature for h in ultimatums(limit)] == [Feature.containment_ultimatum]
    framed = f"{limit} I'd rather we went to the lounge together."
    assert [h.feature for h in ultimatums(framed)] == [Feature.framed_limit]


BELITTLING = [
    "Honestly, you're such a crybaby.",
    "Stop being a brat about it.",
    "Well done, genius.",
    "You muppet.",
]


@pytest.mark.parametrize("line", BELITTLING)
def test_a_belittling_name_said_of_the_person_is_name_calling(line: str) -> None:
    assert name_calling(line)


@pytest.mark.parametrize(
    "line",
    [
        "You're not a crybaby for being upset about this.",
        "Nobody here thinks you're stupid.",
        "He called you an idiot? That's not on.",
        "That's a stupid rule, I agree, but it's the rule tonight.",
    ],
)
def test_a_denied_reported_or_misdirected_insult_is_not_name_calling(line: str) -> None:
    assert name_calling(line) == []


@pytest.fixture(scope="module")
def grader() -> OfflineGrader:
    return OfflineGrader(load_rubric(RESOURCES / "rubrics" / "staff-turn.yaml"))


def _grade(grader: OfflineGrader, staff: str) -> Grade:
    return grader.grade(GradingContext(staff=staff, patient=PATIENT, agitation=50))


@pytest.mark.parametrize(("line", "kind"), THREATS)
def test_the_grade_flags_a_threat_in_new_words_and_scores_it_as_the_rubric_says(
    grader: OfflineGrader, line: str, kind: Feature
) -> None:
    result = _grade(grader, line)
    wanted = Flag.containment_threat if kind is Feature.containment_ultimatum else Flag.threat
    assert wanted in result.flags
    assert result.scores.tone == 1 and result.scores.escalation_risk >= 4
    assert any(e.key == wanted.value and e.quote in line for e in result.evidence)


@pytest.mark.parametrize("line", LOOK_ALIKES)
def test_the_grade_does_not_flag_the_look_alikes(grader: OfflineGrader, line: str) -> None:
    result = _grade(grader, line)
    assert not {Flag.threat, Flag.containment_threat, Flag.mockery} & set(result.flags)


def test_the_grade_flags_name_calling_as_mockery(grader: OfflineGrader) -> None:
    result = _grade(grader, "Sit down, you big baby.")
    assert Flag.mockery in result.flags and result.scores.tone == 1
