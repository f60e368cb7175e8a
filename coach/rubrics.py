"""Load and validate the rubric files (rubrics/staff-turn.yaml, rubrics/debrief.yaml).

Beyond the pydantic models, a rubric must keep the contract of docs/architecture.md: the five staff-turn
keys on their fixed scales, every level of a scale described exactly once, and debrief indicator phrases in
lower case (they are matched against normalised text). Every problem is a DataFileError naming the file and
the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from coach.config import Settings, get_settings
from coach.datafiles import DataFileError, load_model
from coach.rubric_models import DebriefRubric, Dimension, Rubric

STAFF_TURN_FILE = "staff-turn.yaml"
DEBRIEF_FILE = "debrief.yaml"


class ContractKey(NamedTuple):
    scale: str
    nullable: bool


# The scales every staff-turn rubric must keep (docs/architecture.md): evals, exports and the CLI rely on
# them.
CONTRACT: dict[str, ContractKey] = {
    "tone": ContractKey("1-5", False),
    "refusal": ContractKey("bool", False),
    "no_brevity": ContractKey("1-5", True),
    "options": ContractKey("0-3", False),
    "escalation_risk": ContractKey("1-5", False),
}

SCALE_SCORES: dict[str, tuple[int, ...]] = {"1-5": (1, 2, 3, 4, 5), "0-3": (0, 1, 2, 3), "bool": (0, 1)}


class Rubrics(NamedTuple):
    """The two rubrics the product uses."""

    staff_turn: Rubric
    debrief: DebriefRubric


def scale_scores(dimension: Dimension) -> tuple[int, ...]:
    """The scores a dimension's scale allows, lowest first (bool is 0 and 1)."""
    return SCALE_SCORES[dimension.scale]


def load_rubric(path: Path | str) -> Rubric:
    """Load the staff-turn rubric from `path`, checking the contract keys and the levels of every scale."""
    rubric = load_model(path, Rubric)
    _check_unique(path, "dimensions", [d.key for d in rubric.dimensions], "key")
    _check_unique(path, "flags", [f.name for f in rubric.flags], "name")
    index = {d.key: i for i, d in enumerate(rubric.dimensions)}
    for key, contract in CONTRACT.items():
        if key not in index:
            raise DataFileError(path, "dimensions", f"must include the contract key '{key}'")
        field = f"dimensions[{index[key]}]"
        dimension = rubric.dimensions[index[key]]
        if dimension.scale != contract.scale:
            raise DataFileError(
                path,
                f"{field}.scale",
                f"'{key}' must use the scale '{contract.scale}', not '{dimension.scale}'",
            )
        if dimension.nullable != contract.nullable:
            expected = "true" if contract.nullable else "false"
            raise DataFileError(path, f"{field}.nullable", f"'{key}' must have nullable: {expected}")
    for i, dimension in enumerate(rubric.dimensions):
        if not dimension.key.isidentifier() or dimension.key != dimension.key.lower():
            raise DataFileError(
                path, f"dimensions[{i}].key", "must be a lower-case name of letters, digits and underscores"
            )
        _check_levels(path, f"dimensions[{i}].levels", dimension)
    return rubric


def load_debrief_rubric(path: Path | str) -> DebriefRubric:
    """Load the debrief rubric from `path`, checking feature keys are unique, indicators lower-case, and
    that the questions ask for exactly the features that are scored (a trainee is marked only on what
    they were asked)."""
    rubric = load_model(path, DebriefRubric)
    _check_unique(path, "features", [f.key for f in rubric.features], "key")
    keys = {f.key for f in rubric.features}
    asked: set[str] = set()
    for i, prompt in enumerate(rubric.prompts):
        for j, key in enumerate(prompt.features):
            if key not in keys:
                raise DataFileError(path, f"prompts[{i}].features[{j}]", f"no feature has the key '{key}'")
            asked.add(key)
    for i, feature in enumerate(rubric.features):
        if feature.key not in asked:
            raise DataFileError(
                path, f"features[{i}].key", f"'{feature.key}' is scored but no prompt asks for it"
            )
    for i, feature in enumerate(rubric.features):
        for j, phrase in enumerate(feature.indicators):
            if phrase != phrase.lower():
                raise DataFileError(
                    path, f"features[{i}].indicators[{j}]", f"indicator '{phrase}' must be lower-case"
                )
    return rubric


def default_rubrics(settings: Settings | None = None) -> Rubrics:
    """Both rubrics from the configured rubrics directory (COACH_RUBRICS_DIR)."""
    settings = settings or get_settings()
    return Rubrics(
        staff_turn=load_rubric(settings.rubrics_dir / STAFF_TURN_FILE),
        debrief=load_debrief_rubric(settings.rubrics_dir / DEBRIEF_FILE),
    )


def _check_unique(path: Path | str, field: str, names: list[str], attribute: str) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise DataFileError(path, f"{field}[{i}].{attribute}", f"'{name}' appears more than once")
        seen.add(name)


def _check_levels(path: Path | str, field: str, dimension: Dimension) -> None:
    allowed = scale_scores(dimension)
    seen: set[int] = set()
    for j, level in enumerate(dimension.levels):
        if level.score not in allowed:
            raise DataFileError(
                path,
                f"{field}[{j}].score",
                f"{level.score} is outside the scale '{dimension.scale}' ({', '.join(map(str, allowed))})",
            )
        if level.score in seen:
            raise DataFileError(path, f"{field}[{j}].score", f"level {level.score} is described twice")
        seen.add(level.score)
    missing = [str(s) for s in allowed if s not in seen]
    if missing:
        raise DataFileError(path, field, f"'{dimension.key}' has no level for {', '.join(missing)}")
