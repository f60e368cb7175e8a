"""Eval suites as data: the four kinds of suite file in evals/, their case models, and loading them with
errors that name the file, the case and the field.

- personas: scripted staff conversations against one persona, with expectations on the agitation path,
  the outcome, the bands and the patient's replies (evals/personas/*.yaml);
- calibration: the expert-labelled staff turns and the agreement each key must reach
  (evals/calibration/*.yaml, pointing at a JSON-lines case file);
- robustness: single staff turns that try to trick the grader or the patient, or feed the engine odd text,
  each with what must hold (evals/robustness/*.yaml);
- coherence: short scenes and what a sensible reply to the last staff turn must and must not say
  (evals/coherence/*.yaml; models in coach.evaluation.coherence).

A suite is named by its path under evals/ without ".yaml" (`personas/fearful`); a folder name
(`personas`) selects every suite in it. evals/README.md shows how to add a case of each kind.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, ValidationError, field_validator, model_validator

from coach.config import RESOURCES
from coach.datafiles import DataFileError, read_yaml, validation_error
from coach.evaluation.calibration import RaterPair, load_raters
from coach.evaluation.coherence import CoherenceSuite
from coach.grading.corpus import CalibrationCase, Split, load_cases
from coach.models import Agitation, Band, Flag, NonEmpty, Outcome, Strict
from coach.patient.guards import GuardFailure
from coach.staff_script import ScriptError, ScriptTurn, script_turns
from coach.stance import Stance

EVALS_DIR = RESOURCES / "evals"
KINDS = ("personas", "calibration", "robustness", "coherence")
Kind = Literal["personas", "calibration", "robustness", "coherence"]
Backend = Literal["offline", "llm"]
KappaKey = Literal["tone", "no_brevity", "options", "escalation_risk", "refusal"]
CaseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]


class SuiteFileError(DataFileError):
    """A problem inside one case of a suite file: a DataFileError that also names the case."""

    def __init__(self, path: Path | str, case: str, field: str | None, problem: str) -> None:
        super().__init__(path, field, problem)
        self.case = case

    def __str__(self) -> str:
        where = f"{self.path}: case '{self.case}'" + (f": field '{self.field}'" if self.field else "")
        return f"{where}: {self.problem}"


class UnknownSuite(ValueError):
    """A suite name that matches no suite file."""


# --------------------------------------------------------------------------- thresholds


class PassRateThreshold(Strict):
    pass_rate: float = Field(ge=0, le=1, description="share of case runs that must pass")


class KappaThreshold(Strict):
    kappa: dict[KappaKey, float] = Field(min_length=1, description="lowest kappa per key on the gate split")
    refusal_f1: float | None = Field(None, ge=0, le=1, description="lowest F1 on refusal")
    options_exact: float | None = Field(None, ge=0, le=1, description="lowest share of exact option counts")
    neutral_share: float | None = Field(
        None,
        ge=0,
        le=1,
        description="highest share of turns at tone 3 and risk 3, beyond the labels' own share",
    )

    @field_validator("kappa")
    @classmethod
    def _in_range(cls, value: dict[str, float]) -> dict[str, float]:
        bad = [k for k, v in value.items() if not -1 <= v <= 1]
        if bad:
            raise ValueError(f"kappa thresholds must be between -1 and 1: {', '.join(bad)}")
        return value


# --------------------------------------------------------------------------- persona behaviour


class PersonaExpect(Strict):
    """What a persona conversation must show. Every field is optional; set the ones that matter."""

    outcome: list[Outcome] | None = Field(None, description="the session ends with one of these")
    final_below: Agitation | None = None
    final_above: Agitation | None = None
    peak_above: Agitation | None = None
    peak_below: Agitation | None = None
    rise_from_start: float | None = Field(None, gt=0, description="final >= starting agitation + this")
    drop_from_peak: float | None = Field(None, gt=0, description="final <= peak - this")
    rises_at_least: int | None = Field(
        None, ge=1, description="turns that push agitation up (a mistake shows)"
    )
    band_reached: Band | None = Field(None, description="some turn ends in this band")
    bands_avoided: list[Band] = Field(default_factory=list, description="no turn ends in these bands")
    ends_within: tuple[int, int] | None = Field(
        None, description="the scene ends (any outcome) at a turn between these two, both included"
    )
    trend: Literal["down", "up"] | None = Field(None, description="the path moves mostly this way")
    max_reversals: int = Field(1, ge=0, description="turns allowed to move against the trend")
    replies_in_character: bool = Field(True, description="every reply passes the patient reply guards")
    replies_fit_band: bool = Field(True, description="every reply sounds like the band it was given in")

    @field_validator("outcome", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class PersonaCase(Strict):
    """One scripted conversation: `script` (a file of script lines, relative to the suite file) or
    `turns` (the lines inline). Script-line syntax: `[distance=... voice=... actions=a,b] words`."""

    id: CaseId
    practice: Literal["good", "poor", "mixed", "recovery"]
    about: NonEmpty
    script: Path | None = None
    turns: list[NonEmpty] = Field(default_factory=list)
    expect: PersonaExpect

    @model_validator(mode="after")
    def _script_or_turns(self) -> PersonaCase:
        if (self.script is None) == (not self.turns):
            raise ValueError(
                "give either 'script' (a file) or 'turns' (a list of lines), not both or neither"
            )
        return self


KNOWN_ISSUES: list[GuardFailure] = Field(
    default_factory=list,
    description="reply guard failures reported but not failing a case: known issues awaiting a fix",
)


class PersonaSuite(Strict):
    kind: Literal["personas"]
    title: NonEmpty
    persona: NonEmpty
    thresholds: dict[Backend, PassRateThreshold]
    known_reply_issues: list[GuardFailure] = KNOWN_ISSUES
    cases: list[PersonaCase] = Field(min_length=1)


# --------------------------------------------------------------------------- robustness


class ProbeExpect(Strict):
    """What must hold after a tricky staff turn."""

    rejected: NonEmpty | None = Field(
        None, description="the engine refuses the turn with this in its message"
    )
    not_raised: bool = Field(False, description="no score better than the same turn without the trick")
    flags: list[Flag] = Field(default_factory=list, description="flags the grade must carry")
    no_flags: list[Flag] = Field(default_factory=list, description="flags the grade must not carry")
    max_tone: int | None = Field(None, ge=1, le=5)
    min_escalation_risk: int | None = Field(None, ge=1, le=5)
    refusal: bool | None = None
    reply_in_character: bool = Field(True, description="the patient's reply passes the reply guards")

    @model_validator(mode="after")
    def _rejection_stands_alone(self) -> ProbeExpect:
        graded = self.not_raised or self.flags or self.no_flags or self.max_tone or self.min_escalation_risk
        if self.rejected and (graded or self.refusal is not None):
            raise ValueError("a rejected turn is never graded: 'rejected' cannot go with grade expectations")
        return self


class ProbeCase(Strict):
    """One tricky staff turn (`staff`, repeated `repeat` times) said to `persona` after its opening line."""

    id: CaseId
    target: Literal["grader", "patient", "input"]
    about: NonEmpty
    persona: NonEmpty
    staff: str = Field(description="may be empty or odd on purpose")
    repeat: int = Field(1, ge=1, le=10_000, description="the staff text is this many copies of `staff`")
    stance: Stance | None = None
    baseline: NonEmpty | None = Field(None, description="the same turn without the trick")
    expect: ProbeExpect = Field(default_factory=ProbeExpect, description="default: reply in character")

    @model_validator(mode="after")
    def _baseline_when_compared(self) -> ProbeCase:
        if self.expect.not_raised and self.baseline is None:
            raise ValueError("expect.not_raised needs a 'baseline': the same turn without the trick")
        return self

    @property
    def text(self) -> str:
        return self.staff * self.repeat


class RobustnessSuite(Strict):
    kind: Literal["robustness"]
    title: NonEmpty
    thresholds: dict[Backend, PassRateThreshold]
    known_reply_issues: list[GuardFailure] = KNOWN_ISSUES
    cases: list[ProbeCase] = Field(min_length=1)


# --------------------------------------------------------------------------- calibration


class CalibrationSuite(Strict):
    kind: Literal["calibration"]
    title: NonEmpty
    cases: list[Path] = Field(
        min_length=1, description="the JSON-lines files of labelled turns, relative to the suite file"
    )
    raters: Path | None = Field(
        None, description="the two raters' labels (RaterPair lines): their agreement is the ceiling"
    )
    splits: list[Split] = Field(["dev", "test"], min_length=1, description="splits to grade and report")
    gate: Split = Field("test", description="the split the thresholds apply to")
    limit: int | None = Field(None, ge=1, description="grade only the first N cases of each split")
    thresholds: dict[Backend, KappaThreshold]

    @model_validator(mode="after")
    def _gate_is_graded(self) -> CalibrationSuite:
        if self.gate not in self.splits:
            raise ValueError(f"the gate split '{self.gate}' must be one of splits {self.splits}")
        return self


Suite = PersonaSuite | CalibrationSuite | RobustnessSuite | CoherenceSuite
MODELS: dict[str, type[BaseModel]] = {
    "personas": PersonaSuite,
    "calibration": CalibrationSuite,
    "robustness": RobustnessSuite,
    "coherence": CoherenceSuite,
}


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class LoadedSuite:
    """A validated suite file: its name, path and spec, with everything it references read in."""

    name: str
    path: Path
    spec: Suite
    scripts: dict[str, list[ScriptTurn]] = field(default_factory=dict)
    labelled: list[CalibrationCase] = field(default_factory=list)
    raters: list[RaterPair] = field(default_factory=list)

    @property
    def kind(self) -> Kind:
        return self.spec.kind


def suite_name(path: Path, root: Path = EVALS_DIR) -> str:
    """`personas/fearful` for evals/personas/fearful.yaml; the bare stem for a file outside `root`."""
    try:
        return path.resolve().relative_to(root.resolve()).with_suffix("").as_posix()
    except ValueError:
        return path.stem


def load_suite(
    path: Path | str, personas: Collection[str] | None = None, root: Path = EVALS_DIR
) -> LoadedSuite:
    """Read and validate one suite file, and what it references (scripts, the labelled case file).

    `personas` (known persona ids), when given, are checked too. Raises DataFileError (a SuiteFileError
    when one case is at fault) naming the file, the case and the field.
    """
    path = Path(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(
            path, None, f"expected a mapping of fields at the top level, got {type(data).__name__}"
        )
    kind = data.get("kind")
    if kind not in MODELS:
        raise DataFileError(path, "kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
    try:
        spec: Any = MODELS[kind].model_validate(data)
    except ValidationError as err:
        raise _located(path, data, err) from None
    name = suite_name(path, root)
    if isinstance(spec, PersonaSuite | RobustnessSuite | CoherenceSuite):
        _check_unique_ids(path, [case.id for case in spec.cases])
    if isinstance(spec, CoherenceSuite):
        _check_persona(path, None, "persona", spec.persona, personas)
        scenes = {
            case.id: _parsed(path, case.id, [*case.turns, case.staff], _coherence_field(case.turns))
            for case in spec.cases
        }
        return LoadedSuite(name, path, spec, scripts=scenes)
    if isinstance(spec, PersonaSuite):
        _check_persona(path, None, "persona", spec.persona, personas)
        scripts = {case.id: _script_turns(path, case) for case in spec.cases}
        return LoadedSuite(name, path, spec, scripts=scripts)
    if isinstance(spec, RobustnessSuite):
        for case in spec.cases:
            _check_persona(path, case.id, "persona", case.persona, personas)
        return LoadedSuite(name, path, spec)
    labelled = [case for file in spec.cases for case in load_cases(path.parent / file)]
    _check_unique_ids(path, [case.id for case in labelled])
    raters = load_raters(path.parent / spec.raters) if spec.raters else []
    return LoadedSuite(name, path, spec, labelled=labelled, raters=raters)


def discover(root: Path = EVALS_DIR) -> dict[str, Path]:
    """Every suite file under `root`, by name, in a stable order (personas, calibration, robustness)."""
    found: dict[str, Path] = {}
    for kind in KINDS:
        for path in sorted((root / kind).glob("*.yaml")):
            found[suite_name(path, root)] = path
    return found


def resolve(names: Iterable[str], root: Path = EVALS_DIR) -> list[Path]:
    """Suite files for names, folder names or paths (no names: every suite). Raises UnknownSuite."""
    known = discover(root)
    names = list(names)
    if not names:
        return list(known.values())
    chosen: dict[Path, None] = {}
    for name in names:
        key = name.removesuffix(".yaml").strip("/")
        if key in known:
            chosen[known[key]] = None
        elif key in KINDS and any(n.startswith(f"{key}/") for n in known):
            chosen.update((p, None) for n, p in known.items() if n.startswith(f"{key}/"))
        elif Path(name).is_file():
            chosen[Path(name)] = None
        else:
            listing = ", ".join([*KINDS, *known])
            raise UnknownSuite(f"unknown suite '{name}'; known: {listing}")
    return list(chosen)


def _located(path: Path, data: dict[str, Any], err: ValidationError) -> DataFileError:
    """The first validation problem, naming the case (by id) when it sits inside one."""
    plain = validation_error(path, err)
    loc = err.errors(include_url=False)[0]["loc"]
    if len(loc) >= 2 and loc[0] == "cases" and isinstance(loc[1], int):
        raw = data.get("cases") or []
        item = raw[loc[1]] if loc[1] < len(raw) else None
        case = str(item.get("id")) if isinstance(item, dict) and item.get("id") else f"#{loc[1] + 1}"
        rest = (plain.field or "").split(".", 1)[1] if "." in (plain.field or "") else None
        return SuiteFileError(path, case, rest, plain.problem)
    return plain


def _check_unique_ids(path: Path, ids: list[str]) -> None:
    seen: set[str] = set()
    for case_id in ids:
        if case_id in seen:
            raise SuiteFileError(path, case_id, "id", "is used by an earlier case: ids must be unique")
        seen.add(case_id)


def _check_persona(
    path: Path, case: str | None, field_name: str, persona: str, known: Collection[str] | None
) -> None:
    if known is None or persona in known:
        return
    problem = f"unknown persona '{persona}'; known: {', '.join(sorted(known))}"
    raise (
        SuiteFileError(path, case, field_name, problem) if case else DataFileError(path, field_name, problem)
    )


def _script_turns(path: Path, case: PersonaCase) -> list[ScriptTurn]:
    """The staff turns of a case, from its script file or inline lines, each line validated."""
    if case.script is not None:
        script = path.parent / case.script
        try:
            lines = script.read_text(encoding="utf-8").splitlines()
        except OSError:
            raise SuiteFileError(path, case.id, "script", f"cannot read {script}") from None
        turns = _parsed(path, case.id, lines, lambda i: ("script", f"{script}, line {i + 1}: "))
    else:
        turns = _parsed(path, case.id, case.turns, lambda i: (f"turns[{i}]", ""))
    if not turns:
        raise SuiteFileError(path, case.id, "script" if case.script else "turns", "holds no staff turns")
    return turns


def _coherence_field(turns: list[str]) -> Callable[[int], tuple[str, str]]:
    """Where line i of a coherence scene (its turns, then the staff line under test) is in the file."""
    return lambda i: (f"turns[{i}]", "") if i < len(turns) else ("staff", "")


def _parsed(
    path: Path, case_id: str, lines: list[str], where: Callable[[int], tuple[str, str]]
) -> list[ScriptTurn]:
    """Script lines parsed into staff turns (coach.staff_script); the first bad one is a SuiteFileError at
    where(index): its field and a prefix for the message."""
    try:
        return [turn for _, turn in script_turns(lines)]
    except ScriptError as err:
        field_name, prefix = where(err.index)
        raise SuiteFileError(path, case_id, field_name, f"{prefix}{err.problem}") from None
