"""Fault soak, CI size: sessions on the LLM backend against the loopback server while 30% of model calls
fail (429, 500, 503, hangs, garbled bodies, malformed output, cut streams). Nothing acknowledged is lost,
no exception reaches the trainee, and every grade is the LLM's or the marked fallback.

The soak itself is benchmarks/fault_soak.py (the same code runs bigger from the command line); it audits
the store afterwards from a second connection and lists every problem it finds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coach.fakeopenai import FaultKind

pytestmark = pytest.mark.slow  # a soak

ROOT = Path(__file__).resolve().parents[1]  # the checkout: app.py and benchmarks/ are not packaged

EVERY_FAULT = {
    FaultKind.rate_limit,
    FaultKind.server_error,
    FaultKind.unavailable,
    FaultKind.hang,
    FaultKind.malformed_body,
    FaultKind.truncated,
    FaultKind.invalid_json,
    FaultKind.schema_violation,
}


def soak(tmp_path: Path, **options: Any) -> dict[str, Any]:
    out = tmp_path / "soak.json"
    args = [f"--{key}={value}" for key, value in options.items()]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.fault_soak", *args, "--timeout=0.5", f"--json={out}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.exists(), done.stderr
    figures = json.loads(out.read_text())
    assert done.returncode == (1 if figures["problems"] else 0), done.stdout
    return figures


def test_without_retries_every_failure_is_retryable_and_nothing_is_lost(tmp_path: Path) -> None:
    # No retries inside a call, so trainees meet failures often: retry, then continue offline.
    # 20 sessions: each kind of recovery shows up in every run (3 to 7 offline continuations seen at 12).
    f = soak(tmp_path, sessions=20, turns=6, rate=0.3, seed=1, retries=0)
    assert f["problems"] == []
    assert {FaultKind(k) for k in f["faults_injected"]} == EVERY_FAULT
    counts = f["counts"]
    assert counts["TurnFailed shown"] > 0, "failures reached the trainee as a message"
    assert counts["replied after a retry"] > 0 and counts["replied offline"] > 0
    answered = counts["replied"] + counts["replied after a retry"] + counts["replied offline"]
    assert answered == f["staff_turns"] == counts["grade offline"]
    assert counts["grade llm-fallback"] > 0 and counts["grade llm:soak-grader"] > 0


def test_with_retries_most_faults_never_reach_the_trainee(tmp_path: Path) -> None:
    f = soak(tmp_path, sessions=10, turns=5, rate=0.3, seed=2, retries=2)
    assert f["problems"] == []
    injected = sum(f["faults_injected"].values())
    assert injected > 10
    assert f["counts"].get("TurnFailed shown", 0) < injected / 4
