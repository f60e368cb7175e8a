"""The offline grader reads a staff turn against the patient's last line: the same words weigh as more of a
refusal after a request than after a worry."""

from __future__ import annotations

import pytest

from coach.config import get_settings
from coach.grading.learned.features import Situation, turn_features
from coach.grading.offline import OfflineGrader
from coach.grading.rules.reading import read_turn
from coach.models import Grade, GradingContext
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
