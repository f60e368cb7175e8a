"""The offline grader reads a staff turn against the patient's last line: the same words can be a
refusal after a request and not after a worry."""

from __future__ import annotations

import pytest

from coach.config import get_settings
from coach.grading.offline import OfflineGrader
from coach.models import Flag, Grade, GradingContext
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


def test_a_stall_after_a_request_is_a_curt_no(grader: OfflineGrader) -> None:
    stall = grade(grader, "Can I go to the shop now?", "In a bit.")
    assert stall.refusal and stall.scores.no_brevity == 2
    worry = grade(grader, "I'm worried about the tribunal.", "In a bit we can talk it through.")
    assert not worry.refusal


def test_a_brief_no_with_a_reason_and_an_option_scores_best(grader: OfflineGrader) -> None:
    g = grade(
        grader,
        "Can I have my phone back?",
        "No, not until after ward round, because the doctor has to agree it. You can use the ward phone now.",
    )
    assert g.refusal and g.scores.no_brevity == 5 and g.scores.options >= 1


@pytest.mark.parametrize(
    "patient, staff",
    [
        ("Is it true they're moving me?", "No, that's not true. You're staying here."),
        ("They're taking my leave off me, aren't they?", "No, you're right to ask. Your leave is still on."),
    ],
)
def test_a_reassuring_no_that_answers_a_question_is_not_a_refusal(grader, patient: str, staff: str) -> None:
    assert not grade(grader, patient, staff).refusal


def test_a_condition_on_a_request_is_a_threat(grader: OfflineGrader) -> None:
    g = grade(grader, "Can I go out for a smoke?", "Only if you eat your tea first.")
    assert g.refusal and Flag.threat in g.flags and g.scores.no_brevity == 1


@pytest.mark.parametrize(
    "patient, staff, flag",
    [
        ("Stay by the door.", "*moves closer* I just want to check on you.", Flag.crowding),
        ("Get away from me!", "*puts a hand on his shoulder* Come on, mate.", Flag.hands_on),
    ],
)
def test_acting_against_what_was_asked_is_a_no_acted_out(
    grader, patient: str, staff: str, flag: Flag
) -> None:
    g = grade(grader, patient, staff)
    assert g.refusal and g.scores.no_brevity == 2 and flag in g.flags and g.scores.escalation_risk >= 4


@pytest.mark.parametrize(
    "patient, staff",
    [
        ("Can I ring my mum?", "Maybe tomorrow."),
        ("Can I go out?", "The answer's still the same, I'm afraid."),
        ("Don't come in.", "*comes in anyway and sits on the end of the bed* Come on now."),
        ("I'm holding onto this chair.", "Put the chair down please, Dean."),
    ],
)
def test_indirect_and_acted_out_refusals_are_no_moments(grader, patient: str, staff: str) -> None:
    g = grade(grader, patient, staff)
    assert g.refusal and g.scores.no_brevity is not None and g.scores.no_brevity <= 2


@pytest.mark.parametrize(
    "patient, staff",
    [
        ("When can I ring my mum?", "Tomorrow morning, after breakfast."),
        ("Don't come in.", "*stays by the door* Okay. I'll wait here."),
        ("Sorry for shouting.", "No worries, honestly. You're not in trouble."),
        ("Can I have my lighter?", "Course you can, here you go."),
    ],
)
def test_answers_and_grants_with_negative_or_time_words_are_not_refusals(
    grader, patient: str, staff: str
) -> None:
    assert not grade(grader, patient, staff).refusal
