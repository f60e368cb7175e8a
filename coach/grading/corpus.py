"""The labelled corpus of staff turns: one staff turn a case, in the situation a grader sees, with an
expert's labels on the staff-turn rubric and why.

The corpus lives in evals/calibration/ (dev.jsonl and the frozen test.jsonl, one case a line; how it was
made and labelled is in the README beside them). The learned grader trains on it, the few-shot examples
come from it, the trainer's labels are exported in its shape, and the evals measure agreement with it
(coach.evaluation.calibration).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from coach.datafiles import DataFileError, read_text, validation_error
from coach.flags import declared_flags
from coach.models import Agitation, FlagName, GradingContext, NonEmpty
from coach.stance import Stance

PersonaId = Literal[
    "fearful", "paranoid", "ignored-for-days", "refused-request", "withdrawn", "patient-conflict"
]
Split = Literal["dev", "test"]


class _Record(Protocol):
    """A record of a JSON-lines file: a pydantic model with an id."""

    @property
    def id(self) -> str: ...

    @classmethod
    def model_validate(cls, obj: Any) -> Self: ...


M = TypeVar("M", bound=_Record)


def _declared(flag: str) -> str:
    if flag not in declared_flags():
        raise ValueError(f"'{flag}' is not a flag of the rubric")
    return flag


# A flag name the configured rubric declares (coach.flags).
DeclaredFlag = Annotated[FlagName, AfterValidator(_declared)]


class CaseFileError(DataFileError):
    """A malformed line in a JSON-lines case file: a DataFileError that also names the line."""

    def __init__(self, path: Path | str, line: int, field: str | None, problem: str) -> None:
        super().__init__(path, field, problem)
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" + (f": field '{self.field}'" if self.field else "")
        return f"{where}: {self.problem}"


class CalibrationLabels(BaseModel):
    """The expert's grade of one staff turn, on the staff-turn rubric's five keys plus flags."""

    # strict scores: a "5" or 4.5 in the file is a labelling slip, not something to coerce
    model_config = ConfigDict(extra="forbid", frozen=True)

    tone: int = Field(ge=1, le=5, strict=True)
    refusal: bool = Field(strict=True)
    no_brevity: int | None = Field(ge=1, le=5, strict=True, description="null exactly when refusal is false")
    options: int = Field(ge=0, le=3, strict=True)
    escalation_risk: int = Field(ge=1, le=5, strict=True)
    flags: list[DeclaredFlag] = Field(default_factory=list)
    # The rubric's extra dimensions: labelled on the corpus, absent from older or trainer-made cases.
    validation: int | None = Field(None, ge=0, le=3, strict=True)
    explanation: int | None = Field(None, ge=0, le=3, strict=True)
    space: int | None = Field(None, ge=0, le=3, strict=True)
    teamwork: int | None = Field(None, ge=0, le=1, strict=True)

    @field_validator("no_brevity")
    @classmethod
    def _brevity_iff_refusal(cls, value: int | None, info: ValidationInfo) -> int | None:
        refusal = info.data.get("refusal")
        if refusal is False and value is not None:
            raise PydanticCustomError("brevity_without_refusal", "must be null when refusal is false")
        if refusal is True and value is None:
            raise PydanticCustomError("refusal_without_brevity", "is required (1-5) when refusal is true")
        return value


class CalibrationCase(BaseModel):
    """One labelled staff turn: the situation a grader sees, the expert labels, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: NonEmpty
    split: Split
    persona: PersonaId | None = Field(description="the scene; null for a scene told in `context`")
    context: NonEmpty | None = Field(None, description="the scene in a sentence or two, when no persona")
    patient: NonEmpty = Field(description="the patient's last line")
    staff: NonEmpty = Field(description="the staff turn being graded")
    stance: Stance | None = None
    agitation: Agitation | None = None
    labels: CalibrationLabels
    tags: list[NonEmpty] = Field(default_factory=list)
    note: NonEmpty | None = Field(None, description="why these labels, in a sentence")
    source: NonEmpty | None = Field(None, description="who wrote the item (a writer's batch)")

    @model_validator(mode="after")
    def _scene_is_set(self) -> CalibrationCase:
        if self.persona is None and self.context is None:
            raise PydanticCustomError("scene_missing", "a case without a persona needs a context")
        return self


def load_cases(path: Path | str) -> list[CalibrationCase]:
    """Read and validate every case in a JSON-lines file; blank lines and lines starting with # are skipped.

    Raises DataFileError (a CaseFileError, naming the line and the field) for the first bad line.
    """
    return load_json_lines(path, CalibrationCase)


def load_json_lines(path: Path | str, model: type[M]) -> list[M]:
    """Every line of a JSON-lines file of `model` records with unique ids, validated; blank lines and lines
    starting with # are skipped. Raises CaseFileError (naming the line and the field) for the first bad
    line, DataFileError when the file holds none."""
    path = Path(path)
    text = read_text(path)
    records: list[M] = []
    first_line_of: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise CaseFileError(
                path, number, None, f"is not valid JSON ({exc.msg}, column {exc.colno})"
            ) from None
        if not isinstance(data, dict):
            raise CaseFileError(path, number, None, f"expected a JSON object, got {type(data).__name__}")
        try:
            record = model.model_validate(data)
        except ValidationError as err:
            problem = validation_error(path, err)
            raise CaseFileError(path, number, problem.field, problem.problem) from None
        if record.id in first_line_of:
            raise CaseFileError(
                path, number, "id", f"duplicate id '{record.id}' (first on line {first_line_of[record.id]})"
            )
        first_line_of[record.id] = number
        records.append(record)
    if not records:
        raise DataFileError(path, None, "holds no cases")
    return records


def case_context(case: CalibrationCase) -> GradingContext:
    """What a grader may see of a case: never the labels, tags or note."""
    return GradingContext(
        staff=case.staff,
        stance=case.stance or Stance(),
        patient=case.patient,
        persona_id=case.persona,
        agitation=case.agitation,
    )
