"""The rubric files and their loader: the real files keep the contract of docs/architecture.md, and every
kind of malformed file fails loudly with the file and the field a trainer has to fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.config import RESOURCES, Settings
from coach.datafiles import DataFileError, read_yaml
from coach.models import Flag
from coach.rubric_models import Rubric
from coach.rubrics import (
    CONTRACT,
    DEBRIEF_FILE,
    STAFF_TURN_FILE,
    default_rubrics,
    load_debrief_rubric,
    load_rubric,
    scale_scores,
)

RUBRICS = RESOURCES / "rubrics"
STAFF_TURN = RUBRICS / STAFF_TURN_FILE
DEBRIEF = RUBRICS / DEBRIEF_FILE


def _raw(path: Path) -> dict[str, Any]:
    return read_yaml(path)


def _dimension(data: dict[str, Any], key: str) -> tuple[int, dict[str, Any]]:
    for i, dimension in enumerate(data["dimensions"]):
        if dimension["key"] == key:
            return i, dimension
    raise KeyError(key)


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the real files


def test_default_rubrics_load_from_the_configured_directory() -> None:
    rubrics = default_rubrics(Settings(rubrics_dir=RUBRICS))

    assert rubrics.staff_turn.id == "staff-turn"
    assert rubrics.debrief.id == "debrief"


def test_staff_turn_rubric_keeps_the_five_contract_keys_on_their_scales() -> None:
    rubric = load_rubric(STAFF_TURN)

    for key, contract in CONTRACT.items():
        dimension = rubric.dimension(key)
        assert (dimension.scale, dimension.nullable) == (contract.scale, contract.nullable)
        assert sorted(level.score for level in dimension.levels) == list(scale_scores(dimension))


def test_every_level_has_an_anchor_and_speakable_examples() -> None:
    rubric = load_rubric(STAFF_TURN)

    for dimension in rubric.dimensions:
        for level in dimension.levels:
            assert level.anchor
            assert 1 <= len(level.examples) <= 3, (dimension.key, level.score)


def test_every_flag_is_described_with_examples_and_sources() -> None:
    rubric = load_rubric(STAFF_TURN)

    described = {spec.name: spec for spec in rubric.flags}
    assert set(described) == set(Flag)
    for spec in described.values():
        assert spec.examples and spec.sources, spec.name


def test_rubric_cites_the_frameworks_of_the_domain() -> None:
    rubric = load_rubric(STAFF_TURN)

    cited = " ".join(s for item in [*rubric.dimensions, *rubric.flags] for s in item.sources)
    for framework in ("Project BETA", "Safewards", "Soft Words", "NICE NG10", "DABS"):
        assert framework in cited


def test_debrief_rubric_covers_the_repair_features_and_the_guided_prompts() -> None:
    rubric = load_debrief_rubric(DEBRIEF)

    keys = {feature.key for feature in rubric.features}
    assert keys == {
        "check_harm",
        "acknowledge_distress",
        "explain_why",
        "patient_account",
        "triggers_early_signs",
        "next_time_plan",
        "restore_relationship",
        "record",
    }
    prompts = " ".join(p.question for p in rubric.prompts).lower()
    for topic in ("harm", "distressing", "triggers", "record", "care plan", "repair"):
        assert topic in prompts
    asked = [key for p in rubric.prompts for key in p.features]
    assert sorted(asked) == sorted(keys), "every scored feature is asked for, once"


# --------------------------------------------------------------------------- malformed staff-turn rubrics


def _drop_key(key: str) -> Callable[[dict[str, Any]], str]:
    def mutate(data: dict[str, Any]) -> str:
        i, _ = _dimension(data, key)
        del data["dimensions"][i]
        return "dimensions"

    return mutate


def _set(key: str, field: str, value: Any) -> Callable[[dict[str, Any]], str]:
    def mutate(data: dict[str, Any]) -> str:
        i, dimension = _dimension(data, key)
        dimension[field] = value
        return f"dimensions[{i}].{field}"

    return mutate


def _drop_level(key: str, score: int) -> Callable[[dict[str, Any]], str]:
    def mutate(data: dict[str, Any]) -> str:
        i, dimension = _dimension(data, key)
        dimension["levels"] = [level for level in dimension["levels"] if level["score"] != score]
        return f"dimensions[{i}].levels"

    return mutate


def _level_score(key: str, index: int, score: int) -> Callable[[dict[str, Any]], str]:
    def mutate(data: dict[str, Any]) -> str:
        i, dimension = _dimension(data, key)
        dimension["levels"][index]["score"] = score
        return f"dimensions[{i}].levels[{index}].score"

    return mutate


def _duplicate_dimension(data: dict[str, Any]) -> str:
    data["dimensions"].append(dict(data["dimensions"][0]))
    return f"dimensions[{len(data['dimensions']) - 1}].key"


def _duplicate_flag(data: dict[str, Any]) -> str:
    data["flags"].append(dict(data["flags"][0]))
    return f"flags[{len(data['flags']) - 1}].name"


def _capital_key(data: dict[str, Any]) -> str:
    i, dimension = _dimension(data, "space")
    dimension["key"] = "Space"
    return f"dimensions[{i}].key"


def _typo(data: dict[str, Any]) -> str:
    data["dimensions"][0]["descripton"] = data["dimensions"][0].pop("description")
    return "dimensions[0]"


def _malformed_flag_name(data: dict[str, Any]) -> str:
    data["flags"][0]["name"] = "Rude remark"
    return "flags[0].name"


def _effect_on_no_trait(data: dict[str, Any]) -> str:
    data["flags"][0]["effect"]["trait"] = "rudeness"
    return "flags[0].effect.trait"


def _flag_heard_as_validated(data: dict[str, Any]) -> str:
    data["flags"][0]["heard_as"] = "validated"
    return "flags[0].heard_as"


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (_drop_key("options"), "options"),
        (_drop_key("refusal"), "refusal"),
        (_set("tone", "scale", "0-3"), "1-5"),
        (_set("refusal", "scale", "1-5"), "bool"),
        (_set("options", "scale", "1-5"), "0-3"),
        (_set("escalation_risk", "scale", "bool"), "1-5"),
        (_set("no_brevity", "nullable", False), "nullable: true"),
        (_set("tone", "nullable", True), "nullable: false"),
        (_drop_level("tone", 3), "no level for 3"),
        (_drop_level("options", 0), "no level for 0"),
        (_level_score("tone", 1, 1), "described twice"),
        (_level_score("options", 0, 4), "outside the scale"),
        (_duplicate_dimension, "more than once"),
        (_duplicate_flag, "more than once"),
        (_capital_key, "lower-case"),
        (_typo, "description"),
        (_malformed_flag_name, "flags[0].name"),
        (_effect_on_no_trait, "not a sensitivity"),
        (_flag_heard_as_validated, "threatened, crowded, dismissed"),
    ],
    ids=lambda value: getattr(value, "__qualname__", str(value)).split(".")[0],
)
def test_malformed_staff_turn_rubric_names_file_and_field(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], str], problem: str
) -> None:
    data = _raw(STAFF_TURN)
    field = mutate(data)
    path = _write(tmp_path, data)

    with pytest.raises(DataFileError) as caught:
        load_rubric(path)

    message = str(caught.value)
    assert str(path) in message
    assert field in message
    assert problem in message


def test_missing_rubric_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="file not found"):
        load_rubric(tmp_path / "nope.yaml")


def test_rubric_that_is_not_a_mapping_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")

    with pytest.raises(DataFileError, match="mapping"):
        load_rubric(path)


def test_extra_dimensions_may_be_added_and_removed(tmp_path: Path) -> None:
    data = _raw(STAFF_TURN)
    data["dimensions"] = [d for d in data["dimensions"] if d["key"] in CONTRACT]
    data["dimensions"].append(
        {
            "key": "humour",
            "title": "Humour",
            "description": "Gentle, shared humour.",
            "scale": "bool",
            "levels": [{"score": 0, "anchor": "None."}, {"score": 1, "anchor": "Some."}],
        }
    )

    rubric = load_rubric(_write(tmp_path, data))

    assert isinstance(rubric, Rubric)
    assert [d.key for d in rubric.dimensions][-1] == "humour"


# --------------------------------------------------------------------------- malformed debrief rubrics


def test_debrief_indicator_in_capitals_names_the_indicator(tmp_path: Path) -> None:
    data = _raw(DEBRIEF)
    data["features"][2]["indicators"][1] = "Explained Why"
    path = _write(tmp_path, data)

    with pytest.raises(DataFileError) as caught:
        load_debrief_rubric(path)

    assert str(path) in str(caught.value)
    assert "features[2].indicators[1]" in str(caught.value)
    assert "lower-case" in str(caught.value)


def test_debrief_feature_keys_must_be_unique(tmp_path: Path) -> None:
    data = _raw(DEBRIEF)
    data["features"].append(dict(data["features"][0]))
    path = _write(tmp_path, data)

    with pytest.raises(DataFileError, match=r"features\[8\]\.key.*more than once"):
        load_debrief_rubric(path)


def test_a_scored_feature_no_prompt_asks_for_is_refused(tmp_path: Path) -> None:
    data = _raw(DEBRIEF)
    data["prompts"] = [p for p in data["prompts"] if "record" not in p["features"]]
    path = _write(tmp_path, data)

    with pytest.raises(DataFileError, match=r"features\[7\]\.key.*'record' is scored but no prompt asks"):
        load_debrief_rubric(path)


def test_a_prompt_asking_for_an_unknown_feature_names_it(tmp_path: Path) -> None:
    data = _raw(DEBRIEF)
    data["prompts"][2]["features"].append("bedside_manner")
    path = _write(tmp_path, data)

    with pytest.raises(DataFileError, match=r"prompts\[2\]\.features\[1\].*bedside_manner"):
        load_debrief_rubric(path)


def test_debrief_feature_without_advice_names_the_field(tmp_path: Path) -> None:
    data = _raw(DEBRIEF)
    del data["features"][0]["advice"]
    path = _write(tmp_path, data)

    with pytest.raises(DataFileError, match=r"features\[0\]\.advice.*required"):
        load_debrief_rubric(path)
