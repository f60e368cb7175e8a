"""Benchmark: the offline engine's time per turn (median, p99) and turns per second, one session at a
time and with sessions in parallel.

Each turn is the whole path a trainee waits for: validate, store the staff turn, grade, update the state,
reply, store the reply (SQLite in WAL mode on a temporary file; the engine is built beforehand). Modes:

- single: one session at a time.
- tasks: W sessions at once as asyncio tasks on one event loop, the way the app runs its async turn
  handlers. The store is synchronous, so tasks interleave at the reply's stream points; no parallelism.
- threads: W threads, each with its own event loop, sharing one engine and store. Python's GIL and
  SQLite's single writer (BEGIN IMMEDIATE) bound the gain.

The offline grader alone is timed in the same run as a baseline, so figures compare across machines as
ratios.

    python -m benchmarks.offline_turn [--sessions 30] [--turns 12] [--workers 8]
        [--modes single,tasks,threads] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.report import latency_ms, write_json
from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.models import GradingContext
from coach.stance import Stance

LINES = [
    "Hi, I'm Sam, one of the nurses. What's going on?",
    "I can see this is really upsetting. Would you like to sit down, or walk with me?",
    "I can't do that right now because the doctor has to review it first, but I can ring them at two.",
    "Calm down, you're overreacting.",
    "*steps back* I'll give you some space. I'll be just here.",
    "That sounds frightening. What would help most right now?",
    "You could have a cup of tea in the lounge, or we could talk in the quiet room.",
    "I'm sorry nobody got back to you. Let's go through it now.",
]
MODES = ("single", "tasks", "threads")


async def play(engine: Engine, index: int, turns: int, times: list[float]) -> None:
    """Session `index`: up to `turns` turns (fewer when the scene ends), each turn's seconds appended."""
    personas = sorted(engine.personas)
    persona = personas[index % len(personas)]
    session, _ = engine.start(f"bench{index}", persona)
    for t in range(turns):
        began = time.perf_counter()
        result = await engine.take_turn(session.id, LINES[(index + t) % len(LINES)], Stance())
        times.append(time.perf_counter() - began)
        if result.outcome is not None:
            return


async def _as_tasks(engine: Engine, sessions: int, turns: int, workers: int, times: list[float]) -> None:
    gate = asyncio.Semaphore(workers)

    async def one(index: int) -> None:
        async with gate:
            await play(engine, index, turns, times)

    await asyncio.gather(*(one(i) for i in range(sessions)))


def _in_threads(engine: Engine, sessions: int, turns: int, workers: int, times: list[float]) -> None:
    with ThreadPoolExecutor(workers) as pool:
        for done in [pool.submit(asyncio.run, play(engine, i, turns, times)) for i in range(sessions)]:
            done.result()


def run_mode(mode: str, sessions: int, turns: int, workers: int) -> dict[str, Any]:
    """Play `sessions` sessions in `mode` on a fresh database; the figures of that run."""
    width = 1 if mode == "single" else workers
    times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        engine = build_engine(Settings(data_dir=Path(tmp)), backend="offline")
        began = time.perf_counter()
        if mode == "threads":
            _in_threads(engine, sessions, turns, width, times)
        else:
            asyncio.run(_as_tasks(engine, sessions, turns, width, times))
        wall = time.perf_counter() - began
        engine.store.close()
    return {"workers": width, "turns": len(times), "turns_per_second": len(times) / wall, **latency_ms(times)}


def grader_median_ms(repeats: int = 200) -> float:
    """The offline grader alone on the benchmark's lines: the machine's baseline."""
    engine = build_engine(Settings(data_dir=Path(tempfile.gettempdir())), backend="offline")
    times = []
    for i in range(repeats):
        ctx = GradingContext(staff=LINES[i % len(LINES)], persona_id="fearful")
        began = time.perf_counter()
        engine.grader.grade(ctx)
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="sessions per mode (default 30)")
    parser.add_argument("--turns", type=int, default=12, help="turns per session at most (default 12)")
    parser.add_argument("--workers", type=int, default=8, help="sessions at once in tasks/threads (8)")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated: single,tasks,threads")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown mode(s) {', '.join(sorted(unknown))}; choose from {', '.join(MODES)}")
    figures: dict[str, Any] = {"grader_median_ms": grader_median_ms()}
    print(f"offline grader alone: median {figures['grader_median_ms']:.3f} ms")
    for mode in modes:
        f = figures[mode] = run_mode(mode, args.sessions, args.turns, args.workers)
        print(
            f"offline turn, {mode} ({f['workers']} at once): {f['turns']} turns; "
            f"median {f['p50_ms']:.2f} ms, p99 {f['p99_ms']:.2f} ms, {f['turns_per_second']:.0f} turns/s "
            f"(median turn = {f['p50_ms'] / figures['grader_median_ms']:.1f}x the grader)"
        )
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
