"""Which kind of move a turn against the care plan makes: labels for the scorer's kind heads.

A turn flagged against the care plan must quote the plan line it goes against. The table of kinds of
move (coach.grading.care_plan) names the line when it sees the move; the learned flag head also sees a
plan gone against in words the table does not know, and then the line is found by kind heads: one yes/no
head per kind of move ("vague answers", "taking sides"), trained on the dev turns of every persona whose
plan names that kind. Their labels come from two raters who, working independently, named the plan line
each dev turn labelled against the plan goes against (evals/calibration/care-plan-lines.jsonl); a line's
kinds are the table's tags of it, so a head learns a kind of move, not one persona's line, and reads a
new persona file's plan with no retraining.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from coach.datafiles import DataFileError
from coach.grading.care_plan import kinds_named, plan_lines
from coach.grading.corpus import CalibrationCase, PersonaId, load_json_lines
from coach.grading.learned.scorer import KIND_HEAD
from coach.models import Flag, Persona


def head_of(kind: str) -> str:
    """The scorer's head name for a kind of move (`coach.grading.learned.scorer.kind_of` reads it back)."""
    return KIND_HEAD + kind.replace(" ", "_")


class RatedLines(BaseModel):
    """The care-plan lines one dev turn goes against, as each of two raters read it (best first)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    persona: PersonaId
    rater_a: list[str] = Field(max_length=2, description="rater A's lines, best first; none: no line fits")
    rater_b: list[str] = Field(max_length=2, description="rater B's lines, best first; none: no line fits")


def load_rated_lines(path: Path | str, personas: Mapping[str, Persona]) -> dict[str, RatedLines]:
    """The raters' lines by case id; each must be a line of that persona's plan as it stands (a plan edited
    since is named, so its labels are checked again rather than read wrongly)."""
    rated = load_json_lines(path, RatedLines)
    for record in rated:
        known = {line for line, _ in plan_lines(personas[record.persona])}
        for rater, lines in (("rater_a", record.rater_a), ("rater_b", record.rater_b)):
            for line in lines:
                if line not in known:
                    raise DataFileError(
                        path, rater, f"case {record.id}: '{line}' is not a line of the {record.persona} plan"
                    )
    return {r.id: r for r in rated}


def kind_labels(case: CalibrationCase, persona: Persona | None, rated: RatedLines | None) -> dict[str, int]:
    """One label per kind of move the case's persona's plan names: 1 when the raters' lines are of that
    kind (the kinds both raters' lines share, or either's when they share none), else 0. A turn not against
    the plan makes none of them. A turn against it that no rater placed has no kind labels."""
    if persona is None:
        return {}
    named = kinds_named(persona)
    if Flag.against_care_plan not in case.labels.flags:
        return {head_of(kind): 0 for kind in named}
    if rated is None:
        return {}
    tagged = dict(plan_lines(persona))
    a = frozenset().union(*(tagged[line] for line in rated.rater_a))
    b = frozenset().union(*(tagged[line] for line in rated.rater_b))
    made = (a & b) or (a | b)
    return {head_of(kind): int(kind in made) for kind in named}
