"""The runner: cases as sessions on the engine, bounded concurrency, repeats, failures kept as results."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from coach.backends import build_engine
from coach.config import RESOURCES, Settings
from coach.engine import Engine
from coach.evaluation.runner import Runner
from coach.evaluation.suites import LoadedSuite, load_suite
from coach.models import Outcome
from coach.patient.base import Patient, PatientContext, PatientReply
from coach.store import Store

SUITE = """\
kind: personas
title: runner test
persona: fearful
thresholds: {offline: {pass_rate: 1.0}}
cases:
  - id: calm-her
    practice: good
    about: good practice
    script: SCRIPT
    expect: {outcome: de-escalated, final_below: 25}
  - id: impossible
    practice: poor
    about: an expectation no run meets
    turns: ["Would you like a cup of tea?"]
    expect: {final_above: 99}
"""


class Tracking:
    """Wraps a patient, counting how many replies are being produced at once."""

    def __init__(self, inner: Patient, fail: bool = False) -> None:
        self.inner = inner
        self.name = inner.name
        self.fail = fail
        self.now = 0
        self.most = 0

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await asyncio.sleep(0.001)  # yield, so other case runs can start meanwhile
            if self.fail:
                raise RuntimeError("the model fell over")
            async for item in self.inner.stream(ctx):
                yield item
        finally:
            self.now -= 1


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return build_engine(
        Settings(data_dir=tmp_path), backend="offline", store=Store(f"sqlite:///{tmp_path}/e.db")
    )


def suite(tmp_path: Path, engine: Engine) -> LoadedSuite:
    path = tmp_path / "suite.yaml"
    path.write_text(
        SUITE.replace("SCRIPT", str(RESOURCES / "evals" / "scripts" / "fearful-good.txt")), encoding="utf-8"
    )
    return load_suite(path, engine.personas)


def test_cases_run_with_bounded_concurrency_and_repeats(tmp_path: Path, engine: Engine) -> None:
    tracking = Tracking(engine.patient)
    engine = dataclasses.replace(engine, patient=tracking)
    lines: list[str] = []

    report = asyncio.run(
        Runner(engine, repeat=3, concurrency=2, progress=lines.append).run([suite(tmp_path, engine)])
    )

    assert tracking.most == 2
    (result,) = report.suites
    good, impossible = result.cases
    assert [len(good.attempts), len(impossible.attempts)] == [3, 3]
    assert (good.status, good.pass_rate, impossible.status) == ("pass", 1.0, "fail")
    assert result.pass_rate == 0.5 and not result.passed and not report.passed
    # Offline is deterministic for a given input; each run is its own session, whose scripted patient lines
    # (and so the grades that read them) are seeded by the session, so runs agree closely, not exactly: a
    # reply that asks for something ("could I keep something written down?") can make the next staff line
    # read as a no, a few points of agitation at the calm end. Every run ends de-escalated.
    assert good.final_agitation is not None and good.final_agitation.high - good.final_agitation.low < 10
    assert [a.transcript.outcome for a in good.attempts if a.transcript] == [Outcome.de_escalated] * 3
    assert sorted(line[:5] for line in lines) == ["[1/2]", "[2/2]"]
    assert sorted(line.split(":")[0][6:] for line in lines) == ["suite calm-her", "suite impossible"]
    sessions = engine.store.list_sessions()
    assert len(sessions) == 6 and len({s.id for s in sessions}) == 6  # every run its own session


def test_a_failing_expectation_is_explained(tmp_path: Path, engine: Engine) -> None:
    report = asyncio.run(Runner(engine).run([suite(tmp_path, engine)]))

    impossible = report.suites[0].cases[1]
    (check,) = [c for c in impossible.attempts[0].checks if not c.passed]
    assert check.name == "final_above" and check.detail.endswith("(expected > 99)")
    assert impossible.attempts[0].transcript is not None


def test_a_backend_failure_is_a_failed_run_not_a_crash(tmp_path: Path, engine: Engine) -> None:
    broken = dataclasses.replace(engine, patient=Tracking(engine.patient, fail=True), fallback_patient=None)

    report = asyncio.run(Runner(broken).run([suite(tmp_path, engine)]))

    for case in report.suites[0].cases:
        assert case.status == "fail"
        assert case.attempts[0].error and "retry" in case.attempts[0].error


def test_calibration_gates_only_the_gate_split(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "cal.yaml"
    path.write_text(
        f"kind: calibration\ntitle: t\ncases: [{RESOURCES / 'evals' / 'calibration' / 'dev.jsonl'}, "
        f"{RESOURCES / 'evals' / 'calibration' / 'test.jsonl'}]\n"
        "limit: 20\nthresholds: {offline: {kappa: {tone: 1.0, refusal: -1.0}}}\n",
        encoding="utf-8",
    )

    report = asyncio.run(Runner(engine, repeat=2).run([load_suite(path, engine.personas)]))

    dev, holdout = report.suites[0].splits
    # with a limit the dev split is graded, not read from the scorer's cross-validation
    assert (dev.split, dev.n, dev.gate, holdout.gate, dev.source) == ("dev", 20, False, True, "graded")
    assert all(k.passed and k.threshold is None for k in dev.keys)
    tone = next(k for k in holdout.keys if k.key == "tone")
    refusal = next(k for k in holdout.keys if k.key == "refusal")
    assert (tone.threshold, tone.passed, refusal.passed) == (1.0, False, True)
    assert tone.unstable == 0.0  # the offline grader gives the same grade every run
    assert sum(map(sum, tone.confusion)) == 20 and tone.labels == [1, 2, 3, 4, 5]
    assert not report.passed


def test_a_backend_without_thresholds_reports_figures_only(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "suite.yaml"
    only_llm = SUITE.replace("offline:", "llm:").replace("script: SCRIPT", "turns: [Hello.]")
    path.write_text(only_llm, encoding="utf-8")

    report = asyncio.run(Runner(engine).run([load_suite(path, engine.personas)]))

    result = report.suites[0]
    assert result.pass_rate == 0 and result.passed
    assert result.threshold_note == "no offline thresholds in the suite file: figures only"
