"""Benchmark: how well `coach eval --backend llm` overlaps model calls as concurrency grows.

The loopback OpenAI server runs in its own process (as a real endpoint would) and adds `latency` seconds
to every call. M persona cases of T staff turns each run at concurrency K; every turn makes two calls
(the patient's reply and the LLM grade), which the engine runs at the same time. Printed per K: wall
time of the run (engine built beforehand), the brief's ideal (calls x latency / K) and the critical-path
ideal (turns x latency / K: the grade overlaps the reply, so a turn costs one latency), each as the
ratio wall / ideal.

    python -m benchmarks.eval_concurrency [--latency 0.2] [--cases 16] [--turns 3] [--concurrency 1,4,8]
        [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.report import write_json
from coach.backends import build_engine
from coach.config import Settings
from coach.evaluation.runner import Runner, load_suites
from coach.store import Store

COLUMNS = (
    ("K", 3),
    ("calls", 6),
    ("wall s", 8),
    ("calls*L/K", 10),
    ("ratio", 6),
    ("turns*L/K", 10),
    ("ratio", 6),
)


@contextmanager
def fake_server(latency: float) -> Iterator[str]:
    """`python -m coach.fakeopenai` on a free port in a child process; yields its base URL."""
    command = [sys.executable, "-m", "coach.fakeopenai", "--port", "0", "--latency", str(latency)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        announced = child.stdout.readline() if child.stdout else ""
        found = re.search(r"(http://\S+/v1)", announced)
        if not found:
            raise RuntimeError(f"the fake server did not start: {announced!r}")
        yield found.group(1)
    finally:
        child.terminate()
        child.wait(timeout=10)


def write_suite(folder: Path, cases: int, turns: int) -> Path:
    lines = "".join(f"      - I'm here, take your time ({n}).\n" for n in range(1, turns + 1))
    body = "".join(
        f"  - id: case-{i}\n    practice: good\n    about: benchmark\n    turns:\n{lines}    expect: {{}}\n"
        for i in range(cases)
    )
    path = folder / "bench.yaml"
    head = "kind: personas\ntitle: bench\npersona: fearful\nthresholds: {llm: {pass_rate: 0}}\ncases:\n"
    path.write_text(head + body, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.2, help="seconds added to every model call")
    parser.add_argument("--cases", type=int, default=16, help="persona cases (M)")
    parser.add_argument("--turns", type=int, default=3, help="staff turns per case (T)")
    parser.add_argument("--concurrency", default="1,4,8", help="comma-separated K values")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    levels = [int(k) for k in args.concurrency.split(",")]

    with tempfile.TemporaryDirectory() as tmp, fake_server(args.latency) as base_url:
        folder = Path(tmp)
        settings = Settings(
            data_dir=folder,
            openai_base_url=base_url,
            openai_api_key="bench",
            patient_model="openai:fake-patient",
            grader_model="openai:fake-grader",
        )
        print(f"latency {args.latency:g} s per call; {args.cases} cases x {args.turns} turns; 2 calls a turn")
        print(" ".join(f"{name:>{width}}" for name, width in COLUMNS))
        results: dict[str, Any] = {"latency_s": args.latency, "cases": args.cases, "turns": args.turns}
        for k in levels:
            with Store(f"sqlite:///{folder / f'k{k}.db'}") as store:
                engine = build_engine(settings, backend="llm", store=store)
                suites = load_suites([str(write_suite(folder, args.cases, args.turns))], engine.personas)
                started = time.perf_counter()
                report = asyncio.run(Runner(engine, concurrency=k).run(suites))
                wall = time.perf_counter() - started
            runs = [a.transcript for c in report.suites[0].cases for a in c.attempts if a.transcript]
            turns = sum(len(t.steps) for t in runs)
            calls = 2 * turns
            by_calls, by_path = calls * args.latency / k, turns * args.latency / k
            figures = (k, calls, f"{wall:.2f}", f"{by_calls:.2f}", f"{wall / by_calls:.2f}", f"{by_path:.2f}")
            row = (*figures, f"{wall / by_path:.2f}")
            print(" ".join(f"{value:>{width}}" for value, (_, width) in zip(row, COLUMNS, strict=True)))
            results[f"K{k}"] = {
                "calls": calls,
                "wall_s": wall,
                "wall_over_calls_ideal": wall / by_calls,
                "wall_over_turns_ideal": wall / by_path,
            }
    write_json(args.json, results)


if __name__ == "__main__":
    main()
