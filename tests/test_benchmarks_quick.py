"""Every benchmark runs in a quick mode: tiny sizes, the same code paths as a full run. Each must exit 0,
print its figures and write a JSON file carrying the machine it ran on. No timing is asserted here:
speed belongs in the figures (BENCHMARKS.md), not in pass/fail.

The app-starting benchmarks (load, cold_start) and the rest run at the same time, to keep CI short.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every benchmark in a subprocess

ROOT = Path(__file__).resolve().parents[1]  # the checkout: app.py and benchmarks/ are not packaged


QUICK = {
    "offline_turn": ["--sessions", "2", "--turns", "3", "--workers", "2"],
    "grader": ["--turns", "20"],
    "patient_reply": ["--scenes", "10", "--long-turns", "5"],
    "llm_turn": ["--latency", "0.05", "--turns", "2", "--principle-check"],
    "principle_catch": [],
    # A bound no level reaches, so both levels run even on a busy machine (past the knee the run stops).
    "load": ["--levels", "1,2", "--turns", "2", "--think-scale", "0.001", "--bound-ms", "100000"],
    "cold_start": ["--runs", "1"],
    "fault_soak": ["--sessions", "2", "--turns", "2", "--timeout", "0.3"],
    "eval_concurrency": ["--latency", "0.01", "--cases", "2", "--turns", "1", "--concurrency", "1,2"],
    "ab": [
        "--files",
        "coach/engine.py",
        "--rounds",
        "1",
        "--",
        "benchmarks.offline_turn",
        "--modes=single",
        "--sessions=1",
        "--turns=2",
    ],
}
# What each prints, and a figure its JSON holds (its keys, outermost first), proving it measured something.
EXPECTED = {
    "offline_turn": ("turns/s", ("single", "turns_per_second")),
    "grader": ("dev turns", ("grade", "p50_ms")),
    "patient_reply": ("staff turns", ("reply", "p50_ms")),
    "llm_turn": ("first token", ("principle_check", "first_token_on_over_off")),
    "principle_catch": ("guard probes", ("methods", "json_schema", "catch_rate")),
    "load": ("server CPU ms/turn", ("levels", "2", "server_cpu_ms_per_turn")),
    "cold_start": ("first page", ("median_s",)),
    "fault_soak": ("faults injected", ("staff_turns",)),
    "eval_concurrency": ("calls", ("K2", "wall_s")),
    "ab": ("after/before", ("after", "single.p50_ms")),
}


def figure(document: dict, keys: tuple[str, ...]) -> object:
    for key in keys:
        document = document[key]
    return document


def test_every_benchmark_runs_quick_prints_figures_and_writes_json(tmp_path: Path) -> None:
    assert set(QUICK) == {p.stem for p in (ROOT / "benchmarks").glob("*.py")} - {
        "__init__",
        "report",
        "guard_probes",
        "web_page",
        "lite_http",  # the load generator's HTTP client
        "cpu_share",  # the load test's CPU accounting: tests/test_load_cpu_share.py
        "grade_digest",  # a sameness check, not a timing: tests/test_grade_digest.py runs it
    }
    running = {
        name: subprocess.Popen(
            [sys.executable, "-m", f"benchmarks.{name}", *args, "--json", str(tmp_path / f"{name}.json")]
            if name != "ab"
            else [sys.executable, "-m", "benchmarks.ab", "--json", str(tmp_path / "ab.json"), *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, args in QUICK.items()
    }
    for name, process in running.items():
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, f"{name}: {err[-2000:]}"
        printed, key = EXPECTED[name]
        assert printed in out, f"{name} printed: {out}"
        document = json.loads((tmp_path / f"{name}.json").read_text())
        assert document["machine"]["nproc"] >= 1 and document["machine"]["cpu"], name
        value = figure(document, key)
        assert isinstance(value, int | float) and value > 0, f"{name}: {key} = {value}"
