"""Running eval suites: every case its own session on the engine, cases concurrently under a semaphore,
repeats for variance, a progress line per finished case, and one EvalReport at the end.

`run_eval` is the whole of `coach eval` short of printing: resolve suite names, build the engine on a
temporary SQLite store, load the suites (validated against the engine's personas) and run them.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TypeVar

from coach import dynamics
from coach.config import Settings
from coach.engine import Engine
from coach.evaluation.calibration import rater_agreement
from coach.evaluation.coherence import CoherenceCase, CoherenceSuite
from coach.evaluation.keys import DEV, cross_validated, split_result
from coach.evaluation.results import (
    Attempt,
    CaseResult,
    EvalReport,
    Probe,
    SplitResult,
    Spread,
    Step,
    SuiteResult,
    Transcript,
)
from coach.evaluation.scorers import coherence_scorers, persona_scorers, probe_scorers
from coach.evaluation.suites import (
    EVALS_DIR,
    Backend,
    CalibrationSuite,
    KappaThreshold,
    LoadedSuite,
    PersonaCase,
    PersonaSuite,
    ProbeCase,
    RobustnessSuite,
    load_suite,
    resolve,
)
from coach.grades_in_flight import LLM_FALLBACK
from coach.grading.corpus import CalibrationCase, case_context
from coach.grading.offline import OfflineGrader
from coach.models import Grade, GradingContext, Outcome, Speaker, Turn
from coach.patient.base import FALLBACK_SOURCE, UNCHECKED, PatientContext, PatientReply
from coach.staff_script import ScriptTurn
from coach.stance import Stance
from coach.store import Store
from coach.turn_events import BackendError
from coach.typed_text import TurnRejected

T = TypeVar("T")
Progress = Callable[[str], None]
TRAINEE = "eval"
CALIBRATION_TICK = 25  # a progress line every this many graded turns


# --------------------------------------------------------------------------- playing


async def play(
    engine: Engine, persona_id: str, turns: Iterable[ScriptTurn], start: float | None = None
) -> Transcript:
    """Play scripted staff turns in a new session (at agitation `start`, default the persona's) until the
    script or the scene ends."""
    session, opening = engine.start(TRAINEE, persona_id, agitation=start)
    assert opening.state is not None
    steps: list[Step] = []
    for index, turn in enumerate(turns, start=1):
        result = await engine.take_turn(session.id, turn.text, turn.stance)
        steps.append(
            Step(
                turn=index,
                staff=turn.text,
                stance=None if turn.stance.is_empty() else turn.stance,
                patient=result.patient.text,
                cues=result.patient.cues,
                source=result.patient.source,
                agitation=result.state.agitation,
                band=result.state.band,
                scores=result.grade.scores,
                refusal=result.grade.refusal,
                flags=[str(f) for f in result.grade.flags],
                grader=result.grade.grader,
                first_draft=result.first_draft,
                principle_check=result.principle_check,
            )
        )
        if result.outcome is not None:
            break
    ended = engine.end(session.id)
    final = engine.state(session.id)
    return Transcript(
        persona=persona_id,
        opening=opening.text,
        start=opening.state.agitation,
        steps=steps,
        outcome=ended.outcome,
        final=final.agitation,
        peak=max([opening.state.agitation, *(s.agitation for s in steps)]),
    )


async def converse(
    engine: Engine, persona_id: str, turns: list[ScriptTurn], start: float | None = None
) -> Transcript:
    """Play every staff turn, in memory, even past the point where the scene would have ended.

    The coherence suite asks what the patient says to its turn under test; a scene that reached calm or
    crisis on the way there is still a scene to answer in. The grade, the state and the reply are the
    engine's own pieces (its offline grader, coach.dynamics, its patient); nothing is stored."""
    persona = engine.personas[persona_id]
    state = dynamics.initial_state(persona, agitation=start)
    opening = Turn(
        speaker=Speaker.patient, text=persona.opening.text, cues=list(persona.opening.cues), state=state
    )
    history, steps, peak = [opening], [], state.agitation
    session_id = f"coherence-{persona_id}-{len(turns)}-{turns[-1].text[:40]}"
    for index, turn in enumerate(turns, start=1):
        ctx = GradingContext(
            staff=turn.text,
            stance=turn.stance,
            patient=history[-1].text,
            persona_id=persona_id,
            agitation=state.agitation,
        )
        grade = engine.grader.grade(ctx)
        state = dynamics.step(state, grade, turn.stance, persona, staff_text=turn.text).state
        history.append(Turn(speaker=Speaker.staff, text=turn.text, stance=turn.stance))
        pctx = PatientContext(
            session_id=session_id,
            persona=persona,
            state=state,
            history=history,
            grade=grade,
            stance=turn.stance,
        )
        reply = [item async for item in engine.patient.stream(pctx)][-1]
        assert isinstance(reply, PatientReply)
        history.append(Turn(speaker=Speaker.patient, text=reply.text, cues=reply.cues, state=state))
        peak = max(peak, state.agitation)
        steps.append(
            Step(
                turn=index,
                staff=turn.text,
                stance=None if turn.stance.is_empty() else turn.stance,
                patient=reply.text,
                cues=reply.cues,
                source=reply.source,
                agitation=state.agitation,
                band=state.band,
                scores=grade.scores,
                refusal=grade.refusal,
                flags=[str(f) for f in grade.flags],
                grader=grade.grader,
                first_draft=reply.first_draft,
                principle_check=reply.principle_check,
            )
        )
    return Transcript(
        persona=persona_id,
        opening=opening.text,
        start=opening.state.agitation if opening.state else state.agitation,
        steps=steps,
        outcome=dynamics.outcome(state) or Outcome.unresolved,
        final=state.agitation,
        peak=peak,
    )


async def probe(engine: Engine, case: ProbeCase) -> Probe:
    """Say the tricky turn (and its baseline) to the persona, each in a new session."""
    stance = case.stance or Stance()
    try:
        tricky = await play(engine, case.persona, [ScriptTurn(case.text, stance)])
    except TurnRejected as exc:
        return Probe(rejected=str(exc))
    baseline = None
    if case.baseline is not None:
        baseline = await play(engine, case.persona, [ScriptTurn(case.baseline, stance)])
    return Probe(transcript=tricky, baseline=baseline)


# --------------------------------------------------------------------------- the runner


class Runner:
    """Runs loaded suites on one engine with at most `concurrency` case runs in flight."""

    def __init__(
        self, engine: Engine, *, repeat: int = 1, concurrency: int = 4, progress: Progress | None = None
    ) -> None:
        if repeat < 1 or concurrency < 1:
            raise ValueError("repeat and concurrency must be at least 1")
        self.engine = engine
        self.backend: Backend = "llm" if engine.backend.name == "llm" else "offline"
        self.repeat = repeat
        self.concurrency = concurrency
        self._progress = progress or (lambda line: None)
        self._done = 0
        self._total = 0
        self._asked = [0, 0]  # a calibration suite's model grades and fallbacks

    async def run(self, suites: list[LoadedSuite]) -> EvalReport:
        self._semaphore = asyncio.Semaphore(self.concurrency)
        self._total = sum(_units(s) for s in suites)
        self._done = 0
        started = time.perf_counter()
        results = await asyncio.gather(*(self._suite(s) for s in suites))
        models = {}
        if self.backend == "llm":
            models["patient"] = self.engine.patient.name
            if self.engine.llm_grader is not None:
                models["grader"] = self.engine.llm_grader.name
        return EvalReport(
            backend=self.backend,
            models=models,
            repeat=self.repeat,
            concurrency=self.concurrency,
            seconds=round(time.perf_counter() - started, 3),
            suites=list(results),
        )

    def _tick(self, line: str) -> None:
        self._done += 1
        width = len(str(self._total))
        self._progress(f"[{self._done:>{width}}/{self._total}] {line}")

    async def _limited(self, work: Callable[[], Awaitable[T]]) -> T:
        async with self._semaphore:
            return await work()

    async def _suite(self, loaded: LoadedSuite) -> SuiteResult:
        started = time.perf_counter()
        spec = loaded.spec
        note = None
        if self.backend not in spec.thresholds:
            note = f"no {self.backend} thresholds in the suite file: figures only"
        result = SuiteResult(
            name=loaded.name,
            kind=spec.kind,
            title=spec.title,
            path=str(loaded.path),
            threshold_note=note,
            seconds=0,
        )
        if isinstance(spec, CalibrationSuite):
            gate = spec.thresholds.get(self.backend)
            self._asked = [0, 0]
            result.splits = [
                await self._calibration_split(loaded, spec, split, gate) for split in spec.splits
            ]
            result.model_grades, result.fallbacks = self._asked
        else:
            bar = spec.thresholds.get(self.backend)
            result.min_pass_rate = bar.pass_rate if bar else None
            if isinstance(spec, PersonaSuite):
                jobs = [self._persona_case(loaded, spec, case) for case in spec.cases]
            elif isinstance(spec, CoherenceSuite):
                jobs = [self._coherence_case(loaded, spec, case) for case in spec.cases]
            else:
                jobs = [self._probe_case(loaded, spec, case) for case in spec.cases]
            result.cases = list(await asyncio.gather(*jobs))
            if self.backend == "llm":
                _count_model_answers(result)
        result.seconds = round(time.perf_counter() - started, 3)
        return result

    async def _attempts(self, run_once: Callable[[], Awaitable[Attempt]]) -> list[Attempt]:
        return list(await asyncio.gather(*(self._limited(run_once) for _ in range(self.repeat))))

    async def _persona_case(self, loaded: LoadedSuite, spec: PersonaSuite, case: PersonaCase) -> CaseResult:
        persona = self.engine.personas[spec.persona]
        scorers = persona_scorers(case.expect, persona, spec.known_reply_issues)

        async def once() -> Attempt:
            started = time.perf_counter()
            try:
                transcript = await play(self.engine, spec.persona, loaded.scripts[case.id])
            except BackendError as exc:
                return Attempt(passed=False, error=str(exc), seconds=_since(started))
            checks = [scorer(transcript) for scorer in scorers]
            passed = all(c.passed for c in checks)
            return Attempt(passed=passed, checks=checks, transcript=transcript, seconds=_since(started))

        return self._result(
            loaded, case.id, case.practice, case.about, spec.persona, await self._attempts(once)
        )

    async def _coherence_case(
        self, loaded: LoadedSuite, spec: CoherenceSuite, case: CoherenceCase
    ) -> CaseResult:
        persona = self.engine.personas[spec.persona]
        scorers = coherence_scorers(case, persona, spec.known_reply_issues)

        async def once() -> Attempt:
            started = time.perf_counter()
            try:
                transcript = await converse(self.engine, spec.persona, loaded.scripts[case.id], case.start)
            except BackendError as exc:
                return Attempt(passed=False, error=str(exc), seconds=_since(started))
            checks = [scorer(transcript) for scorer in scorers]
            passed = all(c.passed for c in checks)
            return Attempt(passed=passed, checks=checks, transcript=transcript, seconds=_since(started))

        label = f"{case.split} {case.act}"
        return self._result(loaded, case.id, label, case.about, spec.persona, await self._attempts(once))

    async def _probe_case(self, loaded: LoadedSuite, spec: RobustnessSuite, case: ProbeCase) -> CaseResult:
        scorers = probe_scorers(case.expect, self.engine.personas[case.persona], spec.known_reply_issues)

        async def once() -> Attempt:
            started = time.perf_counter()
            try:
                run = await probe(self.engine, case)
            except BackendError as exc:
                return Attempt(passed=False, error=str(exc), seconds=_since(started))
            checks = [scorer(run) for scorer in scorers]
            return Attempt(
                passed=all(c.passed for c in checks),
                checks=checks,
                transcript=run.transcript,
                baseline=run.baseline,
                rejected=run.rejected,
                seconds=_since(started),
            )

        return self._result(
            loaded, case.id, case.target, case.about, case.persona, await self._attempts(once)
        )

    def _result(
        self, loaded: LoadedSuite, case_id: str, label: str, about: str, persona: str, attempts: list[Attempt]
    ) -> CaseResult:
        """A case's result from its attempts, with the spread of where the agitation ended and peaked."""
        runs = [a.transcript for a in attempts if a.transcript]
        result = CaseResult(
            id=case_id,
            suite=loaded.name,
            label=label,
            about=about,
            persona=persona,
            attempts=attempts,
            final_agitation=Spread.of([t.final for t in runs]),
            peak_agitation=Spread.of([t.peak for t in runs]),
        )
        self._tick(_case_line(result))
        return result

    async def _calibration_split(
        self, loaded: LoadedSuite, spec: CalibrationSuite, split: str, gate: KappaThreshold | None
    ) -> SplitResult:
        cases = [c for c in loaded.labelled if c.split == split][: spec.limit]
        ceiling = rater_agreement(loaded.raters, split) if loaded.raters else None
        grader = self.engine.grader
        if (
            self.backend == "offline"
            and split == DEV
            and spec.limit is None
            and isinstance(grader, OfflineGrader)
        ):
            # The offline scorer was fitted to dev: grading dev again would only show how well it fits.
            result = cross_validated(grader.scorer.meta, len(cases), ceiling)
            self._tick(f"{loaded.name} {split} ({len(cases)} turns): cross-validated when trained")
            return result
        llm = self.engine.llm_grader if self.backend == "llm" else None
        graded = 0

        async def grade(case: CalibrationCase) -> Grade:
            nonlocal graded
            ctx = case_context(case)
            grade = self.engine.grader.grade(ctx)
            if llm is not None:
                floor = grade
                grade = await self._limited(lambda: llm.agrade(ctx, floor))
                self._asked[0] += 1
                self._asked[1] += grade.grader == LLM_FALLBACK
            graded += 1
            if llm is not None and graded % CALIBRATION_TICK == 0 and graded < len(cases) * self.repeat:
                self._progress(
                    f"       {loaded.name} {split}: graded {graded}/{len(cases) * self.repeat} turns"
                )
            return grade

        started = time.perf_counter()
        repeats = [await asyncio.gather(*(grade(c) for c in cases)) for _ in range(self.repeat)]
        result = split_result(
            split, cases, [list(r) for r in repeats], gate if split == spec.gate else None, ceiling
        )
        failed = [k.key for k in result.keys if not k.passed]
        verdict = f"below threshold: {', '.join(failed)}" if failed else "pass"
        figures = ", ".join(f"{k.key} {k.kappa:.2f}" for k in result.keys if k.kappa is not None)
        self._tick(
            f"{loaded.name} {split} ({len(cases)} turns): {figures}: {verdict} ({_since(started):.2f}s)"
        )
        return result


def _count_model_answers(result: SuiteResult) -> None:
    """The model's replies and grades in a suite's transcripts, how many the offline stand-ins gave
    instead, how many replies needed a redraft and how many were shown with the principle check failed
    open."""
    for case in result.cases:
        for attempt in case.attempts:
            for run in (attempt.transcript, attempt.baseline):
                for step in run.steps if run else []:
                    result.model_replies += 1
                    result.model_grades += not step.grader.startswith("offline")
                    result.fallbacks += (step.source == FALLBACK_SOURCE) + (step.grader == LLM_FALLBACK)
                    result.redrafts += bool(step.first_draft)
                    result.unchecked += step.principle_check == UNCHECKED


def _units(loaded: LoadedSuite) -> int:
    spec = loaded.spec
    return len(spec.splits) if isinstance(spec, CalibrationSuite) else len(spec.cases)


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def _case_line(case: CaseResult) -> str:
    rate = f" {case.pass_rate:.0%} of runs" if len(case.attempts) > 1 else ""
    seconds = sum(a.seconds for a in case.attempts)
    return f"{case.suite} {case.id}: {case.status}{rate} ({seconds:.2f}s)"


# --------------------------------------------------------------------------- the whole command


def load_suites(names: Iterable[str], personas: Iterable[str], root: Path = EVALS_DIR) -> list[LoadedSuite]:
    """Resolve names (UnknownSuite) and load every suite (DataFileError), checked against `personas`."""
    known = set(personas)
    return [load_suite(path, known, root) for path in resolve(names, root)]


def run_eval(
    names: Iterable[str],
    settings: Settings,
    backend: str,
    *,
    repeat: int = 1,
    concurrency: int = 4,
    progress: Progress | None = None,
    root: Path = EVALS_DIR,
) -> EvalReport:
    """Run the named suites (all when none) on `backend` with a fresh temporary store.

    Raises UnknownSuite, UnknownBackend, DataFileError or LLMConfigError (usage errors) before any case
    runs.
    """
    from coach.backends import build_engine

    names = list(names)
    resolve(names, root)  # an unknown name fails before an engine is built
    with tempfile.TemporaryDirectory(prefix="coach-eval-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'eval.db'}")
        try:
            engine = build_engine(settings, backend=backend, store=store)
            suites = load_suites(names, engine.personas, root)
            runner = Runner(engine, repeat=repeat, concurrency=concurrency, progress=progress)
            return asyncio.run(runner.run(suites))
        finally:
            store.close()
