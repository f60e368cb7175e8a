"""Benchmark: the offline grader on the corpus's dev turns, in context: the whole grade (reading, scoring,
flags, evidence and, where a turn needs one, the checked better line), and its parts.

Reading the turn (the phrase tables) is timed in the same run as the baseline, so the figures compare
across machines as ratios. The whole grade of a turn is timed first, and its parts after it (they may find
its text in the caches the grade filled). The CPU time of whole passes over the turns (the best of
`--passes`, each with a fresh grader) is printed too: on a machine other work shares, it moves far less
than the per-turn clock figures. The grader keeps the words of better lines it has tried (they recur from
turn to turn), so each pass starts with none kept, as a new process would. Each turn's CPU time is taken
in those passes too, and the median turn of the best pass printed (issue 10's bar is a median): the
clock's median swings with the load, the CPU time's much less.

    python -m benchmarks.grader [--turns N] [--passes 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from benchmarks.report import latency_ms, write_json
from coach.config import get_settings
from coach.evaluation.suites import EVALS_DIR
from coach.grading.corpus import case_context, load_cases
from coach.grading.learned.features import Situation, turn_features
from coach.grading.offline import OfflineGrader
from coach.grading.rules.reading import read_turn
from coach.personas import load_personas
from coach.rubrics import load_rubric


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=0, help="grade only the first N dev turns (0: all)")
    parser.add_argument("--passes", type=int, default=3, help="whole passes timed in CPU time (best kept)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    settings = get_settings()
    personas = load_personas(settings.personas_dir)
    grader = OfflineGrader(load_rubric(settings.rubrics_dir / "staff-turn.yaml"), personas)
    cases = load_cases(EVALS_DIR / "calibration" / "dev.jsonl")
    contexts = [case_context(c) for c in (cases[: args.turns] if args.turns else cases)]
    grader.grade(contexts[0])  # compile the phrase tables before timing

    reading, scoring, whole, with_line = [], [], [], []
    for ctx in contexts:
        # The whole grade first: timed after its parts, it found the turn's text already read into the
        # grader's caches (text a grade reads again and again is cached) and looked faster than it is.
        began = time.perf_counter()
        grade = grader.grade(ctx)
        graded_at = time.perf_counter()
        read = read_turn(ctx.staff, ctx.stance, ctx.patient)
        read_at = time.perf_counter()
        features = turn_features(
            read, Situation(ctx.patient, personas.get(ctx.persona_id or ""), ctx.agitation, ctx.stance)
        )
        verdicts = grader.scorer.score(features, ("tone", "refusal"))
        # the words of the heads explained (worked out when read, where the scorer reads them lazily)
        _ = [verdicts[key].words for key in ("tone", "refusal")]
        scored_at = time.perf_counter()
        whole.append(graded_at - began)
        reading.append(read_at - graded_at)
        scoring.append(scored_at - read_at)
        if grade.suggestion is not None:
            with_line.append(graded_at - began)
    cpu, cpu_turns = [], []
    for _ in range(args.passes):
        # a fresh grader each pass: one that has seen these turns already holds their better lines' words
        fresh = OfflineGrader(grader.rubric, personas)
        turns = []
        for ctx in contexts:
            began = time.process_time()
            fresh.grade(ctx)
            turns.append(time.process_time() - began)
        cpu.append(sum(turns) / len(contexts))
        cpu_turns.append(statistics.median(turns))
    figures: dict[str, Any] = {
        "turns": len(contexts),
        "grade_cpu_ms": min(cpu) * 1000 if cpu else 0.0,
        "grade_cpu_p50_ms": min(cpu_turns) * 1000 if cpu_turns else 0.0,
        "reading": latency_ms(reading),
        "features_and_scoring": latency_ms(scoring),
        "grade": latency_ms(whole),
        "grade_with_better_line": {"turns": len(with_line), **latency_ms(with_line)},
    }
    base = figures["reading"]["p50_ms"]
    for name in ("reading", "features_and_scoring", "grade"):
        f = figures[name]
        print(
            f"{name.replace('_', ' ')}: median {f['p50_ms']:.3f} ms, p95 {f['p95_ms']:.3f} ms, "
            f"p99 {f['p99_ms']:.3f} ms ({f['p50_ms'] / base:.1f}x reading)"
        )
    f = figures["grade_with_better_line"]
    print(f"grade of a turn that gets a better line ({f['turns']} turns): median {f['p50_ms']:.3f} ms")
    print(
        f"grade, CPU time over whole passes (best of {args.passes}): {figures['grade_cpu_ms']:.3f} ms a "
        f"turn, median turn {figures['grade_cpu_p50_ms']:.3f} ms"
    )
    print(f"graded {len(contexts)} dev turns")
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
