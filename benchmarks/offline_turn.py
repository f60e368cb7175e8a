"""Benchmark: the offline engine's time per turn (median, p99) and turns per second.

Each turn is the whole path a trainee waits for: validate, store the staff turn, grade, update the state,
reply, store the reply (SQLite in WAL mode on a temporary file). The grader alone is timed in the same run
as the baseline, so the figures can be compared across machines as ratios.

    python -m benchmarks.offline_turn [--sessions 30] [--turns 12] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from coach.backends import build_engine
from coach.config import Settings
from coach.models import GradingContext, Stance

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


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(sessions: int, turns: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        engine = build_engine(Settings(data_dir=Path(tmp)), backend="offline")
        personas = sorted(engine.personas)
        times: list[float] = []
        grade_times: list[float] = []
        started = time.perf_counter()
        for s in range(sessions):
            persona = personas[s % len(personas)]
            session, _ = engine.start(f"bench{s}", persona)
            for t in range(turns):
                line = LINES[(s + t) % len(LINES)]
                t0 = time.perf_counter()
                engine.grader.grade(GradingContext(staff=line, persona_id=persona))
                grade_times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                result = await engine.take_turn(session.id, line, Stance())
                times.append(time.perf_counter() - t0)
                if result.outcome is not None:
                    break
        wall = time.perf_counter() - started
        engine.store.close()
    return {
        "turns": len(times),
        "median_ms": statistics.median(times) * 1000,
        "p99_ms": percentile(times, 0.99) * 1000,
        "turns_per_second": len(times) / sum(times),
        "wall_turns_per_second": len(times) / wall,
        "grader_median_ms": statistics.median(grade_times) * 1000,
        "turn_over_grader": statistics.median(times) / statistics.median(grade_times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = asyncio.run(run(args.sessions, args.turns))
    print(
        f"offline turn: {figures['turns']} turns; median {figures['median_ms']:.2f} ms, "
        f"p99 {figures['p99_ms']:.2f} ms, {figures['turns_per_second']:.0f} turns/s "
        f"(grader alone: median {figures['grader_median_ms']:.3f} ms; a turn is "
        f"{figures['turn_over_grader']:.0f}x the grader)"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
