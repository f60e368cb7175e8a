"""Reading a turn against a care plan: the plan's own lines are tagged, in any persona file, by the kinds
of move they name, and a turn that makes such a move is matched to the line it goes against."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.config import RESOURCES
from coach.datafiles import load_model
from coach.grading.care_plan import conflicts, conflicts_of_flags, kinds_in_turn, lines_to_quote, plan_lines
from coach.grading.corpus import case_context, load_cases
from coach.grading.offline import OfflineGrader
from coach.grading.rules.reading import read_turn
from coach.models import Flag, GradingContext, Persona
from coach.personas import load_personas
from coach.rubrics import load_rubric
from coach.stance import Action, Distance, Stance

MINIMAL = load_model(Path(__file__).parent / "fixtures" / "persona_minimal.yaml", Persona)


@pytest.fixture(scope="module")
def personas() -> dict[str, Persona]:
    return load_personas(RESOURCES / "personas")


def _conflicts(persona: Persona, staff: str, stance: Stance | None = None) -> list[str]:
    return [c.line for c in conflicts(read_turn(staff, stance), stance, persona)]


def test_calling_colleagues_goes_against_a_plan_that_lists_more_staff(personas: dict[str, Persona]) -> None:
    fearful = personas["fearful"]
    stance = Stance(actions=[Action.call_support])
    lines = _conflicts(fearful, "I'm going to get a couple of colleagues to help.", stance)
    assert "Bringing in more staff than are needed" in lines
    # the withdrawn patient's plan says the same in other words
    assert "More than one person in her doorway or her room" in _conflicts(
        personas["withdrawn"], "I'll get a couple of colleagues.", stance
    )


def test_a_threat_is_matched_to_the_plans_line_about_threats(personas: dict[str, Persona]) -> None:
    lines = _conflicts(personas["paranoid"], "Take them now or the doctor will give you an injection.")
    assert lines and "injection" in lines[0].lower()


def test_a_calm_specific_turn_goes_against_no_plan(personas: dict[str, Persona]) -> None:
    for persona in personas.values():
        assert (
            _conflicts(persona, "Would you like to sit down somewhere quieter and tell me what happened?")
            == []
        )


def _with_plan(what_to_avoid: list[str], triggers: list[str]) -> Persona:
    """The minimal persona with a care plan of these lines: one no code has seen."""
    plan = MINIMAL.care_plan.model_copy(update={"what_to_avoid": what_to_avoid, "triggers": triggers})
    return MINIMAL.model_copy(update={"care_plan": plan})


def test_no_persona_means_no_care_plan() -> None:
    assert conflicts(read_turn("Calm down."), None, None) == []


def test_plan_lines_are_read_by_kind_not_by_persona() -> None:
    # a plan written for a persona no code has seen is read with the same kinds of move
    persona = _with_plan(
        ["Standing in the doorway of his room", "Telling him to calm down"], ["Being touched on the shoulder"]
    )
    tagged = dict(plan_lines(persona))
    assert "closing in" in tagged["Standing in the doorway of his room"]
    assert "telling to calm down" in tagged["Telling him to calm down"]
    assert "touch" in tagged["Being touched on the shoulder"]
    close = Stance(distance=Distance.close)
    assert _conflicts(persona, "I'm just here.", close) == ["Standing in the doorway of his room"]
    assert "touch" in kinds_in_turn(read_turn("*puts a hand on his shoulder*"), None)


def test_a_flag_naming_the_act_goes_against_the_plan_line_that_names_it(
    personas: dict[str, Persona],
) -> None:
    lines = [c.line for c in conflicts_of_flags(personas["paranoid"], [Flag.argues_with_belief])]
    assert lines == ["Arguing with his belief or calling him paranoid"]
    # a flag of a family of acts is not the narrower act a plan line names, nor is a threat of one
    # consequence the particular consequence a plan line names
    for flag in (Flag.invalidation, Flag.generic_reassurance, Flag.threat, Flag.crowding):
        assert conflicts_of_flags(personas["paranoid"], [flag]) == []
    assert conflicts_of_flags(None, [Flag.argues_with_belief]) == []


def test_a_graded_argument_with_the_belief_is_reported_against_the_plan_that_warns_of_it(
    personas: dict[str, Persona],
) -> None:
    grader = OfflineGrader(load_rubric(RESOURCES / "rubrics" / "staff-turn.yaml"), personas)
    lines = [
        "Mate, the nurses here don't poison people. Just take them.",
        "Nobody's switched anything, Marcus, that's your mind playing tricks.",
        "There's no camera in the light fitting, I've looked myself.",
        "The tablets are the same ones, you're just seeing things tonight.",
    ]
    arguing = 0
    for staff in lines:
        grade = grader.grade(GradingContext(staff=staff, persona_id="paranoid"))
        if Flag.argues_with_belief in grade.flags:
            arguing += 1
            assert Flag.against_care_plan in grade.flags, staff
            evidence = next(e for e in grade.evidence if e.key == "against_care_plan")
            # "the tablets are the same ones" both argues and says it is the same without explaining: the
            # plan warns of both, and the line quoted is the likelier by the kind heads
            assert "Arguing with his belief" in evidence.why or "the same' without explaining" in evidence.why
            assert grade.scores.escalation_risk >= 4
    assert arguing >= 2


def test_a_turn_read_as_against_the_plan_quotes_the_line_its_kind_of_move_names(
    personas: dict[str, Persona],
) -> None:
    # The table of kinds finds no conflict in these words; the learned head, trained on the raters' labels
    # with each plan, reads them as against it, and the line quoted is the one naming the move the grade
    # shows (a consequence held over the patient).
    grader = OfflineGrader(load_rubric(RESOURCES / "rubrics" / "staff-turn.yaml"), personas)
    cases = {
        (
            "withdrawn",
            "If you won't eat tonight I'll have to let the doctor know, Beth.",
        ): "Threatening to tell",
        (
            "refused-request",
            "Carry on kicking off and that's your leave gone for the week.",
        ): "Threatening to",
        (
            "paranoid",
            "Keep refusing and the doctor will have to think about other ways to give it.",
        ): "Threat",
    }
    for (persona_id, staff), line in cases.items():
        assert _conflicts(personas[persona_id], staff) == []
        grade = grader.grade(GradingContext(staff=staff, persona_id=persona_id))
        assert Flag.against_care_plan in grade.flags, staff
        evidence = next(e for e in grade.evidence if e.key == "against_care_plan")
        assert f'The care plan says: "{line}' in evidence.why, evidence.why
        assert grade.scores.escalation_risk >= 4


def test_the_line_quoted_is_the_one_naming_a_kind_of_move_the_grade_shows() -> None:
    persona = _with_plan(
        ["Being told no without a reason", "Threatening to take his leave away"], ["Being ordered about"]
    )

    def quoted(staff: str, flags: list[Flag] = [], bare_no: bool = False) -> list[str]:  # noqa: B006
        return [c.line for c in lines_to_quote(read_turn(staff), None, persona, flags, bare_no)]

    assert quoted("Do that again and you can forget about going out.") == [
        "Threatening to take his leave away"
    ]
    # a no the grade found no reason in, in words the rule tables do not call bare
    assert quoted("I'm afraid that won't be happening.", bare_no=True) == ["Being told no without a reason"]
    assert quoted("I'm afraid that won't be happening.") == []
    assert quoted("Right, I'll be back later.", [Flag.multiple_demands]) == ["Being ordered about"]
    # what shows no kind of move the plan names has no line to quote, so the flag is not raised
    assert quoted("Would you like a cup of tea while we wait?") == []
    assert lines_to_quote(read_turn("Not today."), None, None, [], True) == []


def test_every_care_plan_flag_quotes_a_line_of_that_patients_plan(personas: dict[str, Persona]) -> None:
    grader = OfflineGrader(load_rubric(RESOURCES / "rubrics" / "staff-turn.yaml"), personas)
    cases = [c for c in load_cases(RESOURCES / "evals" / "calibration" / "dev.jsonl") if c.persona][::8]
    flagged = 0
    for case in cases:
        grade = grader.grade(case_context(case))
        if Flag.against_care_plan not in grade.flags:
            continue
        flagged += 1
        why = next(e.why for e in grade.evidence if e.key == "against_care_plan")
        assert any(f'"{line}"' in why for line, _ in plan_lines(personas[case.persona])), (case.id, why)
    assert flagged >= 50
