"""The offline grader reads a staff turn against the patient's last line: the same words weigh as more of a
refusal after a request than after a worry."""

from __future__ import annotations

import pytest

from coach.config import get_settings
from coach.grading.learned.features import Situation, turn_features
from coach.grading.offline import OfflineGrader
from coach.grading.rules.patient_line import what_it_shows
from coach.grading.rules.reading import read_turn
from coach.models import Band, Grade, GradingContext
from coach.personas import load_personas
from coach.rubrics import load_rubric


@pytest.fixture(scope="module")
def grader() -> OfflineGrader:
    settings = get_settings()
    return OfflineGrader(
        load_rubric(settings.rubrics_dir / "staff-turn.yaml"), load_personas(settings.personas_dir)
    )


def grade(grader: OfflineGrader, patient: str, staff: str) -> Grade:
    return grader.grade(GradingContext(staff=staff, patient=patient, persona_id="refused-request"))


def refusal_odds(grader: OfflineGrader, patient: str, staff: str) -> float:
    """How strongly the scorer reads the turn as a no after `patient` (its probability of a refusal)."""
    reading = read_turn(staff, None, patient)
    situation = Situation(patient=patient, persona=grader.personas["refused-request"])
    return grader.scorer.score(turn_features(reading, situation))["refusal"].probability


# The same words after a request and after something else: the request makes them more of a no.
SAME_WORDS = [
    ("Can I go to the shop now?", "I'm worried about the tribunal.", "In a bit."),
    ("Can I ring my mum?", "My mum always rang on Sundays.", "Maybe tomorrow."),
    ("Get away from me!", "I feel sick.", "*puts a hand on his shoulder* Come on, mate."),
    ("Can I have my phone back?", "My phone was nicked last year.", "That's staff only, I'm afraid."),
    ("Can I go out for a smoke?", "I've given up smoking, you know.", "Not till after tea."),
    ("Can I stay up to watch the match?", "The match was rubbish last night.", "Lights are off at eleven."),
]
CONTEXT_SHARE = 0.8  # of the pairs read the right way round


def test_a_request_before_the_same_words_makes_them_more_of_a_no(grader: OfflineGrader) -> None:
    right = [
        refusal_odds(grader, request, staff) > refusal_odds(grader, other, staff)
        for request, other, staff in SAME_WORDS
    ]
    print(f"\nsame words after a request read as more of a no in {sum(right)} of {len(right)} pairs")
    assert sum(right) / len(right) >= CONTEXT_SHARE


def test_a_brief_no_with_a_reason_and_an_option_scores_well(grader: OfflineGrader) -> None:
    g = grade(
        grader,
        "Can I have my phone back?",
        "No, not until after ward round, because the doctor has to agree it. You can use the ward phone now.",
    )
    assert g.refusal and (g.scores.no_brevity or 0) >= 4 and g.scores.options >= 1


def what_counts(staff: str, patient: str) -> tuple[object, ...]:
    """What of the patient's line the grade may depend on: what the line shows (a request, a "when?",
    a wish for space...) and how the staff words read after it (echoed words, jargon the patient used)."""
    reading = read_turn(staff, None, patient)
    return tuple(what_it_shows(patient)), min(len(reading.echoed), 2), tuple(sorted(map(str, reading.hits)))


def verdict(g: Grade) -> tuple[object, ...]:
    return g.refusal, tuple(sorted(map(str, g.flags))), g.scores


# Staff lines a trainee might say in the middle of a scene, none of them a no.
MID_SCENE = [
    "Sam's going to sit with him in the lounge for a bit.",
    "What's been going on for you today?",
    "I'll bring it up at the team meeting so it gets looked at properly.",
    "She cooked that for you, and now it's gone. That's a real loss, not a small thing.",
    "Hello, I'm Priya, one of the nurses on shift.",
]


@pytest.mark.parametrize("persona", ["patient-conflict", "refused-request", "ignored-for-days"])
def test_the_same_words_grade_the_same_after_replies_that_show_the_same(
    grader: OfflineGrader, persona: str
) -> None:
    """The patient's own words do not sway the grade of the staff turn: after any two of the persona's
    replies that show the same things, the same staff line gets the same grade."""
    replies = [
        line for lines in grader.personas[persona].voice[Band.agitated].replies.values() for line in lines
    ]
    for staff in MID_SCENE:
        seen: dict[tuple[object, ...], tuple[object, ...]] = {}
        for patient in replies:
            g = grader.grade(GradingContext(staff=staff, patient=patient, persona_id=persona, agitation=45))
            key = what_counts(staff, patient)
            assert seen.setdefault(key, verdict(g)) == verdict(g), (staff, patient)
