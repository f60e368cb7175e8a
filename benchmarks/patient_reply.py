"""Benchmark: the offline patient's reply to one staff turn (reading the turn into acts, recalling the
scene, choosing the lines), on the coherence suite's scenes and on long scenes of mixed practice.

The offline grade of the same turn, which the engine computes before every reply, is timed in the same run
as the baseline, so the figures compare across machines as ratios.

    python -m benchmarks.patient_reply [--scenes N] [--long-turns N] [--json out.json]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from benchmarks.report import latency_ms, write_json
from coach import dynamics
from coach.config import get_settings
from coach.evaluation.coherence import CoherenceSuite
from coach.evaluation.suites import EVALS_DIR, ScriptTurn, load_suite
from coach.grading.offline import OfflineGrader
from coach.models import GradingContext, Persona, Speaker, Turn
from coach.patient.base import PatientContext
from coach.patient.offline import OfflinePatient
from coach.personas import load_personas
from coach.rubrics import load_rubric


def play(
    persona: Persona, turns: list[ScriptTurn], grader: OfflineGrader, session: str
) -> tuple[list[float], list[float]]:
    """Seconds per grade and per reply over one scene."""
    patient = OfflinePatient()
    state = dynamics.initial_state(persona)
    history = [Turn(speaker=Speaker.patient, text=persona.opening.text)]
    grades, replies = [], []
    for turn in turns:
        ctx = GradingContext(
            staff=turn.text, stance=turn.stance, patient=history[-1].text, persona_id=persona.id
        )
        began = time.perf_counter()
        grade = grader.grade(ctx)
        graded = time.perf_counter()
        state = dynamics.step(state, grade, turn.stance, persona, staff_text=turn.text).state
        history.append(Turn(speaker=Speaker.staff, text=turn.text, stance=turn.stance))
        pctx = PatientContext(
            session_id=session, persona=persona, state=state, history=history, grade=grade, stance=turn.stance
        )
        started = time.perf_counter()
        reply = patient.reply(pctx)
        replied = time.perf_counter()
        history.append(Turn(speaker=Speaker.patient, text=reply.text, state=state))
        grades.append(graded - began)
        replies.append(replied - started)
    return grades, replies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenes", type=int, default=0, help="play only the first N coherence scenes (0: all)"
    )
    parser.add_argument("--long-turns", type=int, default=30, help="turns in each long scene")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    settings = get_settings()
    personas = load_personas(settings.personas_dir)
    grader = OfflineGrader(load_rubric(settings.rubrics_dir / "staff-turn.yaml"), personas)
    loaded = [load_suite(path, personas) for path in sorted((EVALS_DIR / "coherence").glob("*.yaml"))]
    suites = [(s.spec, s.scripts) for s in loaded if isinstance(s.spec, CoherenceSuite)]
    scenes = [(personas[spec.persona], turns) for spec, scripts in suites for turns in scripts.values()]
    scenes = scenes[: args.scenes] if args.scenes else scenes
    play(*scenes[0], grader, "warm-up")  # compile patterns before timing

    grades, replies = [], []
    for i, (persona, turns) in enumerate(scenes):
        g, r = play(persona, turns, grader, f"scene-{i}")
        grades += g
        replies += r
    # Long scenes: every turn of one persona's items in a row, so the reply recalls a long history.
    long_replies: list[float] = []
    for spec, scripts in suites:
        persona = personas[spec.persona]
        turns = [t for scene in scripts.values() for t in scene][: args.long_turns]
        long_replies += play(persona, turns, grader, f"long-{persona.id}")[1]

    figures: dict[str, Any] = {
        "turns": len(replies),
        "grade": latency_ms(grades),
        "reply": latency_ms(replies),
        "reply_in_long_scenes": {"turns": len(long_replies), **latency_ms(long_replies)},
    }
    base = figures["grade"]["p50_ms"]
    for name in ("grade", "reply", "reply_in_long_scenes"):
        f = figures[name]
        print(
            f"{name.replace('_', ' ')}: median {f['p50_ms']:.3f} ms, p95 {f['p95_ms']:.3f} ms, "
            f"p99 {f['p99_ms']:.3f} ms ({f['p50_ms'] / base:.2f}x the grade)"
        )
    print(
        f"replied to {len(replies)} staff turns in {len(scenes)} scenes, {len(long_replies)} in long scenes"
    )
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
