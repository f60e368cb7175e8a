"""The `coach` command (the command-line contract of docs/architecture.md): chat, grade, simulate,
personas, serve."""

from __future__ import annotations

import asyncio
import codecs
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coach.access.users_cli import app as users_app
from coach.backends import BACKENDS, UnknownBackend, build_engine, check_endpoint
from coach.config import get_settings
from coach.datafiles import DataFileError, one_line
from coach.engine import Engine
from coach.models import Grade, GradingContext
from coach.personas import UnknownPersona, load_persona
from coach.staff_script import ScriptError, ScriptTurn, script_turns
from coach.stance import Stance
from coach.store import Store
from coach.terminal_chat import chips, run_chat
from coach.turn_events import BackendError, TurnResult
from coach.typed_text import TurnRejected, clean_text

app = typer.Typer(
    help="Roleplay coach for verbal de-escalation: practise, grade and simulate from the terminal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(users_app, name="users")


def _known_backend(name: str | None) -> str | None:
    if name is not None and name not in BACKENDS:
        raise typer.BadParameter(str(UnknownBackend(name)))
    return name


BackendOption = Annotated[
    str | None,
    typer.Option(
        "--backend",
        help=f"{' or '.join(BACKENDS)} (default: llm when a key is set)",
        callback=_known_backend,
    ),
]


class CommandError(Exception):
    """A one-line error for the user; the command exits non-zero without a traceback."""


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _engine(backend: str | None, store: Store | None = None) -> Engine:
    try:
        return build_engine(get_settings(), backend=backend, store=store)
    except (DataFileError, ValueError) as exc:
        raise fail(str(exc)) from None


def _persona_check(engine: Engine, persona_id: str) -> None:
    if persona_id not in engine.personas:
        raise fail(str(UnknownPersona(persona_id, engine.personas)))


# --------------------------------------------------------------------------- grade


class GradeRequest(BaseModel):
    """One line of `coach grade` input."""

    model_config = ConfigDict(extra="forbid")

    id: str | int
    staff: str
    patient: str | None = None
    persona: str | None = None
    agitation: float | None = Field(None, ge=0, le=100, allow_inf_nan=False)
    stance: Stance | None = None


def _read_jsonl(path: Path) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each non-blank line; text is None for a line that is not UTF-8. A UTF-8
    byte-order mark (as some Windows editors write) is not part of line 1."""
    try:
        handle = sys.stdin.buffer if str(path) == "-" else path.open("rb")
    except OSError as exc:
        raise fail(f"{path}: cannot read ({exc.strerror})") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, None
                continue
            if line.strip():
                yield number, line


@app.command()
def grade(
    file: Annotated[Path, typer.Argument(help="JSONL of staff turns, one object a line ('-' for stdin)")],
    backend: BackendOption = None,
) -> None:
    """Grade staff turns: one JSON object a line in, one graded object a line out."""
    engine = _engine(backend)
    llm = engine.llm_grader
    errors = lines = 0
    for number, line in _read_jsonl(file):
        lines += 1
        if line is None:
            errors += 1
            typer.echo(f"error: {file}: line {number}: is not UTF-8 text", err=True)
            continue
        try:
            request = GradeRequest.model_validate_json(line)
            text = clean_text(request.staff)
            if request.persona is not None:
                _check_persona_line(engine, request.persona)
        except ValidationError as exc:
            errors += 1
            typer.echo(f"error: {file}: line {number}: {one_line(exc)}", err=True)
            continue
        except (TurnRejected, CommandError) as exc:
            errors += 1
            typer.echo(f"error: {file}: line {number}: {exc}", err=True)
            continue
        ctx = GradingContext(
            staff=text,
            stance=request.stance or Stance(),
            patient=request.patient,
            persona_id=request.persona,
            agitation=request.agitation,
        )
        result: Grade = engine.grader.grade(ctx)
        if llm is not None:
            result = asyncio.run(llm.agrade(ctx, result))
        typer.echo(json.dumps({"id": request.id, **result.contract()}, ensure_ascii=False))
    if not lines:
        raise fail(f"{file}: nothing to grade: the file is empty (give one JSON object a line)")
    if errors:
        raise fail(f"{errors} line{'s' if errors > 1 else ''} could not be graded (see above)")


def _check_persona_line(engine: Engine, persona_id: str) -> None:
    if persona_id not in engine.personas:
        raise CommandError(str(UnknownPersona(persona_id, engine.personas)))


# --------------------------------------------------------------------------- simulate


def _script(path: Path) -> list[tuple[int, ScriptTurn]]:
    """(line number, turn) for each staff turn of a script file; a bad line ends the command naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise fail(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise fail(f"{path}: is not UTF-8 text") from None
    try:
        turns = [(index + 1, turn) for index, turn in script_turns(lines)]
    except ScriptError as err:
        raise fail(f"{path}: line {err.index + 1}: {err.problem}") from None
    if not turns:
        raise fail(f"{path}: no staff turns (every line is blank or a # comment)")
    return turns


@app.command()
def simulate(
    persona: Annotated[str, typer.Option("--persona", help="persona id (see `coach personas`)")],
    script: Annotated[Path, typer.Option("--script", help="staff turns, one a line; # comments")],
    backend: BackendOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON lines, as docs/architecture.md specifies")
    ] = False,
) -> None:
    """Play a scripted staff side against a persona and print the patient's path."""
    turns = _script(script)
    with tempfile.TemporaryDirectory(prefix="coach-sim-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'simulate.db'}")
        try:
            engine = _engine(backend, store=store)
            _persona_check(engine, persona)
            asyncio.run(_simulate(engine, persona, turns, as_json))
        finally:
            store.close()


async def _simulate(
    engine: Engine, persona_id: str, turns: list[tuple[int, ScriptTurn]], as_json: bool
) -> None:
    session, opening = engine.start("simulate", persona_id)
    state = opening.state
    assert state is not None
    _emit(
        as_json, {"turn": 0, "patient": opening.text, "agitation": state.agitation, "band": state.band.value}
    )
    peak = state.agitation
    for index, (number, (text, stance)) in enumerate(turns, start=1):
        try:
            result: TurnResult = await engine.take_turn(session.id, text, stance)
        except BackendError as exc:
            raise fail(f"turn {index} (script line {number}): {exc}") from None
        peak = max(peak, result.state.agitation)
        _emit(
            as_json,
            {
                "turn": index,
                "staff": text,
                "patient": result.patient.text,
                "agitation": result.state.agitation,
                "band": result.state.band.value,
                "scores": result.grade.scores.model_dump(),
                "flags": [str(f) for f in result.grade.flags],
            },
        )
        if result.outcome is not None:
            break
    ended = engine.end(session.id)
    final = engine.state(session.id)
    _emit(
        as_json,
        {
            "outcome": ended.outcome.value if ended.outcome else None,
            "final_agitation": final.agitation,
            "peak_agitation": peak,
        },
    )


def _emit(as_json: bool, record: dict[str, Any]) -> None:
    if as_json:
        typer.echo(json.dumps(record, ensure_ascii=False))
        return
    if "outcome" in record:
        typer.echo(
            f"\noutcome: {record['outcome']}  final agitation {record['final_agitation']:.0f}, "
            f"peak {record['peak_agitation']:.0f}"
        )
        return
    if "staff" in record:
        typer.echo(f"\nyou:     {record['staff']}")
        scores = record["scores"]
        typer.echo("         " + chips(scores, record["flags"]))
    typer.echo(f"patient: {record['patient']}   [{record['band']}, {record['agitation']:.0f}]")


# --------------------------------------------------------------------------- personas


@app.command()
def personas(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="persona folder (default: settings)")
    ] = None,
) -> None:
    """List the personas and validate every file; exit 1 if any file is broken."""
    folder = directory or get_settings().personas_dir
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise fail(f"{folder}: no persona files (*.yaml) found")
    broken = 0
    for path in files:
        try:
            p = load_persona(path)
        except DataFileError as exc:
            broken += 1
            typer.echo(f"error: {exc}", err=True)
            continue
        typer.echo(
            f"{p.id:<18} {p.difficulty:<13} start {p.starting_agitation:>4.0f}  {p.profile.name}: {p.title}"
        )
    if broken:
        raise fail(f"{broken} of {len(files)} persona files are broken")


# --------------------------------------------------------------------------- chat


@app.command()
def chat(
    persona: Annotated[str, typer.Option("--persona", help="persona id (see `coach personas`)")],
    trainee: Annotated[str, typer.Option("--trainee", help="your name, for the transcript")] = "local",
    intention: Annotated[str, typer.Option("--intention", help="what you want to practise")] = "",
    backend: BackendOption = None,
) -> None:
    """Roleplay in the terminal, with grades after each turn. Type /help for commands."""
    engine = _engine(backend)
    _persona_check(engine, persona)
    try:
        warning = check_endpoint(get_settings(), engine)
    except ValueError as exc:
        raise fail(str(exc)) from None
    if warning:
        typer.echo(f"warning: {warning}", err=True)
    if backend is None and get_settings().backend == "auto" and engine.backend.name == "offline":
        typer.echo("note: no API key set (OPENAI_API_KEY), so the offline backend is in use.", err=True)
    try:
        run_chat(engine, persona, trainee, intention)
    except TurnRejected as exc:
        raise fail(str(exc)) from None


# --------------------------------------------------------------------------- serve


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to listen on (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="port (default 7860)")] = None,
) -> None:
    """Start the web app (the same as `python app.py`)."""
    from coach.ui.launch import launch

    launch(host=host, port=port)


# --------------------------------------------------------------------------- eval


@app.command("eval")
def eval_suites(
    suites: Annotated[
        list[str] | None,
        typer.Argument(help="suite names (personas/fearful), folders (personas) or files; default: all"),
    ] = None,
    backend: BackendOption = None,
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="runs per case, to measure variance")] = 1,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="case runs in flight at once")] = 4,
    report: Annotated[
        Path | None, typer.Option("--report", help="folder for report.json and report.html")
    ] = None,
    compare: Annotated[
        tuple[Path, Path] | None,
        typer.Option("--compare", help="OLD.json NEW.json: print what got better or worse, run nothing"),
    ] = None,
) -> None:
    """Run eval suites (persona behaviour, grader calibration, robustness); exit 1 when a threshold fails."""
    from coach.evaluation.compare import compare as compare_reports
    from coach.evaluation.report import read_report, write_report
    from coach.evaluation.runner import run_eval
    from coach.evaluation.suites import UnknownSuite
    from coach.providers.base import LLMConfigError

    if compare is not None:
        if suites:
            raise fail("--compare reads two reports and runs no suites: drop the suite names", code=2)
        try:
            old, new = (read_report(path) for path in compare)
        except DataFileError as exc:
            raise fail(str(exc), code=2) from None
        typer.echo(compare_reports(old, new).render())
        return
    settings = get_settings()
    chosen = backend or settings.resolved_backend
    try:
        result = run_eval(
            suites or [],
            settings,
            chosen,
            repeat=repeat,
            concurrency=concurrency,
            progress=lambda line: typer.echo(line, err=True),
        )
    except (UnknownSuite, UnknownBackend, DataFileError, LLMConfigError) as exc:
        raise fail(str(exc), code=2) from None
    for suite in result.suites:
        typer.echo(f"{'PASS' if suite.passed else 'FAIL'}  {suite.name:<28} {suite.headline()}")
    passed, total = result.case_counts()
    verdict = "PASS" if result.passed else "FAIL"
    typer.echo(f"{verdict}: {passed}/{total} cases passed in every run ({result.seconds:.1f} s)")
    if report is not None:
        json_path, html_path = write_report(result, report)
        typer.echo(f"report: {html_path} and {json_path}")
    if not result.passed:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- train-grader


@app.command("train-grader")
def train_grader(
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            help="the dev split to fit (default: evals/calibration/dev.jsonl); the raters' care-plan lines "
            "are read from care-plan-lines.jsonl beside it, when there",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="where to write the artefact (default: the packaged one)")
    ] = None,
) -> None:
    """Fit the offline grader's scorer on the labelled dev split (cross-validated) and write the artefact."""
    from coach.evaluation.suites import EVALS_DIR
    from coach.grading.corpus import load_cases
    from coach.grading.learned.plan_kinds import load_rated_lines
    from coach.grading.learned.scorer import packaged_path
    from coach.grading.learned.train import FOLDS, dev_examples, fit
    from coach.personas import load_personas

    corpus = corpus or EVALS_DIR / "calibration" / "dev.jsonl"
    lines = corpus.parent / "care-plan-lines.jsonl"
    out = out or packaged_path()
    try:
        cases = [c for c in load_cases(corpus) if c.split == "dev"]
        personas = load_personas(get_settings().personas_dir)
        rated = load_rated_lines(lines, personas) if lines.exists() else {}
    except DataFileError as exc:
        raise fail(str(exc), code=2) from None
    if not cases:
        raise fail(f"{corpus}: no dev cases to train on", code=2)
    examples = dev_examples(cases, personas, rated)
    fitted = fit(examples, personas, lambda line: typer.echo(line, err=True))
    fitted.scorer.save(out, fitted.vocabulary)
    meta = fitted.scorer.meta
    typer.echo(f"trained on {meta.trained_on} dev turns; {len(fitted.vocabulary)} features; wrote {out}")
    typer.echo(f"cross-validated on dev, {FOLDS} folds (quadratic kappa for scales, plain for yes/no):")
    typer.echo(f"  {'head':<28}{'n':>6}{'kappa':>8}{'exact':>8}{'F1':>8}")
    for name, cv in meta.cross_validated.items():
        f1 = "-" if cv.f1 is None else f"{cv.f1:.3f}"
        typer.echo(f"  {name:<28}{cv.n:>6}{cv.kappa:>8.3f}{cv.exact:>8.3f}{f1:>8}")
