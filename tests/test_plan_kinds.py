"""Which care-plan line a turn against the plan goes against: the raters' lines as kind labels, the kind
heads' chances, and the line chosen from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.config import RESOURCES
from coach.datafiles import DataFileError
from coach.grading.care_plan import (
    KINDS,
    Conflict,
    kinds_named,
    likeliest_lines,
    lines_gone_against,
    plan_lines,
)
from coach.grading.corpus import CalibrationCase, load_cases
from coach.grading.learned.features import Situation, turn_features
from coach.grading.learned.plan_kinds import RatedLines, head_of, kind_labels, load_rated_lines
from coach.grading.learned.scorer import kind_of, packaged_scorer
from coach.grading.rules.reading import read_turn
from coach.models import Persona
from coach.personas import load_personas

CALIBRATION = RESOURCES / "evals" / "calibration"


@pytest.fixture(scope="module")
def personas() -> dict[str, Persona]:
    return load_personas(RESOURCES / "personas")


def _case(flags: list[str], persona: str = "ignored-for-days") -> CalibrationCase:
    labels = {"tone": 2, "refusal": False, "no_brevity": None, "options": 0, "escalation_risk": 4}
    return CalibrationCase.model_validate(
        {
            "id": "t-1",
            "split": "dev",
            "persona": persona,
            "patient": "When is someone going to ring the housing office?",
            "staff": "Someone will get back to you.",
            "labels": labels | {"flags": flags},
            "tags": [],
        }
    )


def test_the_raters_lines_are_read_as_kinds_of_move(personas: dict[str, Persona]) -> None:
    persona = personas["ignored-for-days"]
    named = kinds_named(persona)
    vague = "Being told 'later' or 'someone will get back to you' with no name and no time"
    staffing = "Defending colleagues, or explaining how busy the ward is, before listening"
    agreed = RatedLines(id="t-1", persona="ignored-for-days", rater_a=[vague], rater_b=[vague, staffing])
    labels = kind_labels(_case(["against_care_plan"]), persona, agreed)
    # every kind the plan names gets a label; the one both raters' lines share is the yes
    assert set(labels) == {head_of(k) for k in named}
    assert {kind_of(h) for h, v in labels.items() if v} == {"vague answers"}
    # raters who share no kind: either's counts
    apart = RatedLines(id="t-1", persona="ignored-for-days", rater_a=[vague], rater_b=[staffing])
    labels = kind_labels(_case(["against_care_plan"]), persona, apart)
    assert {kind_of(h) for h, v in labels.items() if v} == {"vague answers", "staffing excuses"}
    # a turn not against the plan makes none of its kinds; one against it that no rater placed says nothing
    assert set(kind_labels(_case([]), persona, None).values()) == {0}
    assert kind_labels(_case(["against_care_plan"]), persona, None) == {}
    assert kind_labels(_case([]), None, None) == {}


def test_the_shipped_lines_name_lines_of_the_plans_and_cover_every_dev_turn_against_one(
    personas: dict[str, Persona],
) -> None:
    rated = load_rated_lines(CALIBRATION / "care-plan-lines.jsonl", personas)
    dev = load_cases(CALIBRATION / "dev.jsonl")
    against = {c.id for c in dev if c.persona and "against_care_plan" in c.labels.flags}
    assert set(rated) == against
    same = sum(r.rater_a[:1] == r.rater_b[:1] for r in rated.values())
    assert same / len(rated) >= 0.9  # the raters' agreement on the best line (the README's figure)


def test_a_line_not_in_the_plan_is_an_error_naming_the_file_and_case(
    tmp_path: Path, personas: dict[str, Persona]
) -> None:
    path = tmp_path / "lines.jsonl"
    record = {"id": "x-1", "persona": "fearful", "rater_a": ["Shouting at her"], "rater_b": []}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"lines\.jsonl: field 'rater_a': case x-1: 'Shouting at her'"):
        load_rated_lines(path, personas)
    path.write_text(json.dumps(record | {"rater_a": [], "extra": 1}) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 1: field 'extra'"):
        load_rated_lines(path, personas)


def test_the_line_quoted_is_the_likeliest_by_kind_and_a_found_line_counts_more(
    personas: dict[str, Persona],
) -> None:
    persona = personas["refused-request"]
    lines = dict(plan_lines(persona))
    threat = next(line for line, kinds in lines.items() if "threats and consequences" in kinds)
    bare = next(line for line, kinds in lines.items() if "a bare no" in kinds)
    chances = {"threats and consequences": 0.6, "a bare no": 0.5}
    assert [c.line for c in likeliest_lines(persona, [], chances)][:2] == [threat, bare]
    # the table found the bare no: its line goes first though its kind's chance is lower
    found = [Conflict(bare, "a bare no")]
    assert likeliest_lines(persona, found, chances)[0] == Conflict(bare, "a bare no")
    # nothing likely and nothing found: no line, so no flag; without kind heads the table's lines stand
    assert likeliest_lines(persona, [], {"threats and consequences": 0.05}) == []
    assert likeliest_lines(persona, found, {}) == found
    assert likeliest_lines(None, found, chances) == []


def test_the_shipped_scorer_gives_a_chance_for_kinds_of_move_the_table_names(
    personas: dict[str, Persona],
) -> None:
    scorer = packaged_scorer()
    persona = personas["withdrawn"]
    reading = read_turn("If you don't eat something tonight I'll have to let the doctor know.")
    chances = scorer.kind_chances(turn_features(reading, Situation(None, persona, 40, None)))
    assert chances and set(chances) <= {k.name for k in KINDS}
    assert max(chances, key=chances.__getitem__) == "threats and consequences"


def test_an_unsure_head_goes_against_the_plan_only_when_a_kind_head_is_sure(
    personas: dict[str, Persona],
) -> None:
    persona = personas["refused-request"]
    reading = read_turn("Right, well, that's how it is.")
    threat = "Threatening to stop future leave if he shouts"

    def gone(head: tuple[bool, float], chances: dict[str, float]) -> list[str]:
        return [
            c.line for c in lines_gone_against(reading, None, persona, [], [], head, False, lambda: chances)
        ]

    sure = {"threats and consequences": 0.7}
    assert gone((True, 0.8), sure)[0] == threat
    assert gone((False, 0.4), sure)[0] == threat  # the head unsure, a kind head sure
    assert gone((False, 0.2), sure) == []  # the head all but sure it does not
    assert gone((False, 0.4), {"threats and consequences": 0.4}) == []  # no kind head sure

    def never() -> dict[str, float]:
        raise AssertionError("the kind heads were read for a turn the head is sure of")

    assert lines_gone_against(reading, None, persona, [], [], (False, 0.1), False, never) == []
