"""Fault soak: many sessions on the LLM backend against the loopback server injecting faults at a rate.

Faults: 429, 500, 503, hangs past the request timeout, garbled bodies, malformed model output and cut
streams, each request drawn at random (seeded). Sessions run at once as asyncio tasks on one engine, as
in the app. A turn that fails is retried once on the same backend, then continued offline, as a trainee
would. Afterwards a second store on the same database (as another process would) checks that:

- every staff turn sent is stored exactly once, with exactly one patient reply;
- every turn ended with a reply or a one-line retryable message (TurnFailed), never an exception;
- every staff turn has its offline grade first, then at most one LLM-side grade: the LLM's own or the
  offline grade marked llm-fallback (one exactly when the reply came on the LLM path; a turn continued
  offline keeps the LLM grade an earlier try finished before its reply failed, as grades store themselves).

    python -m benchmarks.fault_soak [--sessions 40] [--turns 8] [--rate 0.3] [--seed 1] [--timeout 1.0]
        [--retries 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.report import write_json
from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.fakeopenai import FakeOpenAI, FaultKind
from coach.grading.llm import FALLBACK_GRADER
from coach.models import Speaker
from coach.stance import Stance
from coach.store import Store
from coach.turn_events import GradeReady, TurnEvent, TurnFailed, TurnResult

FAULTS = (
    FaultKind.rate_limit,
    FaultKind.server_error,
    FaultKind.unavailable,
    FaultKind.hang,
    FaultKind.malformed_body,
    FaultKind.truncated,
    FaultKind.invalid_json,
    FaultKind.schema_violation,
)
LINES = (
    "Hi, I'm Sam, one of the nurses. What's going on?",
    "I can see this is really upsetting. Would you like to sit down, or walk with me?",
    "I can't do that right now because the doctor has to review it first, but I can ring them at two.",
    "That sounds frightening. What would help most right now?",
    "You could have a cup of tea in the lounge, or we could talk in the quiet room.",
    "I'll stay over here, so you have some space.",
)
PATIENT_MODEL, GRADER_MODEL = "openai:soak-patient", "openai:soak-grader"


@dataclass
class Tally:
    """What the soak saw: per-turn outcomes, and every problem found."""

    sent: dict[str, list[str]] = field(default_factory=dict)  # session id -> staff lines, in order
    offline_continued: set[str] = field(default_factory=set)  # staff turn ids answered offline
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


async def _last(events: AsyncIterator[TurnEvent]) -> TurnEvent | None:
    """The turn's outcome: its TurnResult (an LLM grade may follow it) or its last event."""
    last = None
    async for event in events:
        if not (isinstance(event, GradeReady) and isinstance(last, TurnResult)):
            last = event
    return last


def _check_message(failed: TurnFailed, tally: Tally) -> None:
    text = failed.message
    if "\n" in text or "Traceback" in text or "saved" not in text:
        tally.problems.append(f"a failure message is not one clear retryable line: {text!r}")


async def one_turn(engine: Engine, session_id: str, text: str, tally: Tally) -> TurnResult | None:
    """Send `text`; on failure retry once, then continue offline. None when an exception escaped."""
    attempts = (
        lambda: engine.stream_turn(session_id, text, Stance(), client_token=uuid.uuid4().hex),
        lambda: engine.stream_retry(session_id),
        lambda: engine.stream_retry(session_id, offline=True),
    )
    for number, attempt in enumerate(attempts):
        try:
            last = await _last(attempt())
        except Exception as exc:  # the soak reports what escapes rather than stopping at the first
            tally.problems.append(f"{type(exc).__name__} escaped a turn: {exc}")
            return None
        if isinstance(last, TurnResult):
            tally.counts[("replied", "replied after a retry", "replied offline")[number]] += 1
            if number == 2:
                assert last.staff.id is not None, "a stored staff turn has an id"
                tally.offline_continued.add(last.staff.id)
            return last
        if not isinstance(last, TurnFailed):
            tally.problems.append(f"a turn ended with {type(last).__name__}, not a reply or a failure")
            return None
        tally.counts["TurnFailed shown"] += 1
        _check_message(last, tally)
    tally.problems.append("continuing offline failed")
    return None


async def play(engine: Engine, index: int, turns: int, tally: Tally) -> None:
    session, _ = engine.start(f"soak{index}", sorted(engine.personas)[index % len(engine.personas)])
    tally.sent[session.id] = []
    for t in range(turns):
        text = LINES[(index + t) % len(LINES)]
        tally.sent[session.id].append(text)
        result = await one_turn(engine, session.id, text, tally)
        if result is None or result.outcome is not None:
            return


def audit(store: Store, tally: Tally, llm_grader: str) -> None:
    """Check every session in the store against what was sent (see the module docstring)."""
    for session_id, sent in tally.sent.items():
        turns = store.all_turns(session_id)
        staff = [t for t in turns if t.speaker is Speaker.staff]
        if [t.text for t in staff] != sent:
            tally.problems.append(
                f"session {session_id}: stored staff turns {len(staff)} != sent {len(sent)}"
            )
        for turn in staff:
            assert turn.id is not None, "turns read from the store have ids"
            replies = [t for t in turns if t.parent_id == turn.id]
            if len(replies) != 1:
                tally.problems.append(f"staff turn {turn.id} has {len(replies)} replies, not 1")
            grades = store.grades(turn.id)
            graders = [g.grader for g in grades]
            tally.counts.update(f"grade {name}" for name in graders)
            # A turn continued offline keeps an LLM grade that an earlier try finished before its reply
            # failed (the grade stores itself); it never gets a second one.
            llm_side = len(graders) - 1 if turn.id in tally.offline_continued else 1
            if graders[:1] != ["offline"] or len(graders) != 1 + llm_side or llm_side > 1:
                tally.problems.append(f"staff turn {turn.id} has grades {graders}")
            elif llm_side and graders[1] not in (llm_grader, FALLBACK_GRADER):
                tally.problems.append(f"staff turn {turn.id}: unexpected grader {graders[1]!r}")
            elif llm_side and graders[1] == FALLBACK_GRADER and grades[1].scores != grades[0].scores:
                tally.problems.append(f"staff turn {turn.id}: the fallback grade is not the offline one")


async def soak(
    sessions: int, turns: int, rate: float, seed: int, timeout: float, retries: int = 2
) -> dict[str, Any]:
    """Run the soak; its counts and problems (empty when nothing was lost or escaped)."""
    tally = Tally()
    with (
        FakeOpenAI.running(
            fault_rate=rate, fault_kinds=FAULTS, retry_after=0.01, seed=seed, log_level="critical"
        ) as server,
        tempfile.TemporaryDirectory(prefix="coach-soak-") as tmp,
    ):
        settings = Settings(
            data_dir=Path(tmp),
            backend="llm",
            openai_base_url=server.base_url,
            openai_api_key="soak",
            patient_model=PATIENT_MODEL,
            grader_model=GRADER_MODEL,
            request_timeout=timeout,
            max_retries=retries,
        )
        engine = build_engine(settings)
        began = time.perf_counter()
        await asyncio.gather(*(play(engine, i, turns, tally) for i in range(sessions)))
        seconds = time.perf_counter() - began
        engine.store.close()
        with Store(settings.db_url) as second:
            audit(second, tally, f"llm:{GRADER_MODEL.split(':', 1)[1]}")
        injected = Counter(
            r.answered_with.split(":", 1)[1]
            for r in server.requests
            if r.answered_with.startswith("random-fault")
        )
        calls = len(server.requests)
    return {
        "sessions": sessions,
        "fault_rate": rate,
        "max_retries": retries,
        "seconds": seconds,
        "staff_turns": sum(len(s) for s in tally.sent.values()),
        "model_calls": calls,
        "faults_injected": dict(sorted(injected.items())),
        "counts": dict(sorted(tally.counts.items())),
        "problems": tally.problems,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=40, help="sessions at once (default 40)")
    parser.add_argument("--turns", type=int, default=8, help="staff turns per session at most (default 8)")
    parser.add_argument("--rate", type=float, default=0.3, help="share of model calls that fail (0.3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the fault draw (default 1)")
    parser.add_argument("--timeout", type=float, default=1.0, help="COACH_REQUEST_TIMEOUT, seconds (1.0)")
    parser.add_argument("--retries", type=int, default=2, help="COACH_MAX_RETRIES (default 2)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    # Each injected fault is logged where it is met (a retry, a fallback); the counts say it in one place.
    logging.getLogger("coach").setLevel(logging.CRITICAL)
    f = asyncio.run(soak(args.sessions, args.turns, args.rate, args.seed, args.timeout, args.retries))
    print(
        f"fault soak: {f['sessions']} sessions, {f['staff_turns']} staff turns, {f['model_calls']} model "
        f"calls at fault rate {f['fault_rate']:g}, {f['max_retries']} retries, {f['seconds']:.1f} s"
    )
    print("  faults injected: " + ", ".join(f"{k} {v}" for k, v in f["faults_injected"].items()))
    print("  outcomes: " + ", ".join(f"{k} {v}" for k, v in f["counts"].items()))
    print(f"  problems: {len(f['problems'])}")
    for problem in f["problems"][:20]:
        print(f"    {problem}")
    write_json(args.json, f)
    if f["problems"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
