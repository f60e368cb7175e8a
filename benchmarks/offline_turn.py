"""Benchmark: the offline engine's turn as the web app plays it (median, p99, turns per second), the
offline grade's share apart, and the web handler's whole turn in the same run as a cross-check.

A session is played as a trainee plays it in the browser: a fresh session for each (its start timed and
counted in the wall time), the personas in turn, up to --turns staff turns (fewer when the scene ends),
each sent with a client token as the page sends it. A turn in the engine modes is what the web handler
asks of the engine and the store: the session read that checks who may play it, handed to the whole
`Engine.stream_turn` (validate, store the staff turn and its grade, move the state, reply, store the
reply), whose events carry everything the page shows. The offline grader is timed inside the turn, so
the grade and the rest are reported apart (two branches work on the two parts).

Modes (a fresh SQLite file in WAL mode each; the engine is built beforehand):

- single: one session at a time.
- web: the same sessions through the app's own handlers in process (`Handlers.start`, `Handlers.send`,
  rendering included, no HTTP, no Gradio queue): what the engine figure leaves out of a page's turn.
- tasks: W sessions at once as asyncio tasks on one event loop, the way the app runs its async turn
  handlers. The store is synchronous, so tasks interleave at the reply's stream points; no parallelism.
- threads: W threads, each with its own event loop, sharing one engine and store. Python's GIL and
  SQLite's single writer (BEGIN IMMEDIATE) bound the gain.

    python -m benchmarks.offline_turn [--sessions 30] [--turns 10] [--workers 8]
        [--modes single,web,tasks,threads] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr
import sqlalchemy as sa

from benchmarks.report import latency_ms, write_json
from coach.access.accounts import Accounts
from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.grading.base import Grader
from coach.models import Grade, GradingContext
from coach.stance import Stance
from coach.turn_events import TurnFailed, TurnResult
from coach.ui.app import build_handlers
from coach.ui.handlers import Handlers
from coach.warm_up import settle_heap, warm_up

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
MODES = ("single", "web", "tasks", "threads")
PAIRED = ("single", "web")  # one turn at a time: each turn's own grade is known, so "the rest" is too


@dataclass
class TimedGrader:
    """The engine's offline grader, each call's seconds kept (per thread, so a turn finds its own)."""

    inner: Grader
    name: str = ""
    seconds: list[float] = field(default_factory=list)
    _mine: threading.local = field(default_factory=threading.local)

    def __post_init__(self) -> None:
        self.name = self.inner.name

    def grade(self, ctx: GradingContext) -> Grade:
        began = time.perf_counter()
        grade = self.inner.grade(ctx)
        took = time.perf_counter() - began
        self.seconds.append(took)
        self._mine.last = took
        return grade

    def take_last(self) -> float:
        """The seconds of this thread's latest grade, forgotten once read (0.0 when none ran)."""
        took: float = getattr(self._mine, "last", 0.0)
        self._mine.last = 0.0
        return took


@dataclass
class SqlCount:
    """SQL statements and transactions the store runs, as SQLite itself reports them (its trace
    callback): the store runs its turn statements on the driver's cursor, where SQLAlchemy's statement
    events do not see them."""

    statements: int = 0
    transactions: int = 0

    def listen(self, engine: sa.Engine) -> None:
        engine.dispose()  # the connections made from here on are traced
        sa.event.listen(engine, "connect", self._trace)

    def _trace(self, driver: sqlite3.Connection, _record: object) -> None:
        driver.set_trace_callback(self._statement)

    def _statement(self, statement: str) -> None:
        word = statement.lstrip().split(None, 1)[0].upper()
        if word == "BEGIN":
            self.transactions += 1
        elif word not in ("COMMIT", "ROLLBACK"):
            self.statements += 1


@dataclass
class Tally:
    turns: list[float] = field(default_factory=list)
    rest: list[float] = field(default_factory=list)  # a turn less its own grade (single and web only)
    starts: list[float] = field(default_factory=list)


def _persona(engine: Engine, index: int) -> str:
    personas = sorted(engine.personas)
    return personas[index % len(personas)]


async def _engine_turn(engine: Engine, session_id: str, text: str) -> TurnResult:
    """What the web handler asks of the engine and the store for one turn: the session read that checks
    who may play it (the turn starts from it), then the turn."""
    read = engine.store.conversation(session_id)
    result: TurnResult | None = None
    token = uuid.uuid4().hex
    async for event in engine.stream_turn(session_id, text, Stance(), client_token=token, read=read):
        if isinstance(event, TurnFailed):
            raise RuntimeError(event.message)
        if isinstance(event, TurnResult):
            result = event
    if result is None:
        raise RuntimeError("a turn ended without a result")
    return result


async def play(engine: Engine, grader: TimedGrader, index: int, turns: int, tally: Tally) -> None:
    """Session `index` through the engine: its start, then up to `turns` turns."""
    began = time.perf_counter()
    session, _ = engine.start(f"bench{index}", _persona(engine, index))
    tally.starts.append(time.perf_counter() - began)
    for t in range(turns):
        grader.take_last()
        began = time.perf_counter()
        result = await _engine_turn(engine, session.id, LINES[(index + t) % len(LINES)])
        took = time.perf_counter() - began
        tally.turns.append(took)
        tally.rest.append(took - grader.take_last())
        if result.outcome is not None:
            return


async def play_web(handlers: Handlers, grader: TimedGrader, index: int, turns: int, tally: Tally) -> None:
    """Session `index` through the app's handlers: Start, then up to `turns` sends."""
    s = handlers.view.screen
    began = time.perf_counter()
    page = handlers.start(_persona(handlers.engine, index), f"bench{index}", "", False, None)  # type: ignore[arg-type]
    tally.starts.append(time.perf_counter() - began)
    session_id = page[s.session]
    for t in range(turns):
        grader.take_last()
        text = LINES[(index + t) % len(LINES)]
        began = time.perf_counter()
        updates: AsyncIterator[dict[Any, Any]] = handlers.send(
            session_id,
            text,
            None,
            None,
            None,
            [],
            uuid.uuid4().hex,
            None,  # type: ignore[arg-type]
        )
        shown = [update async for update in updates]
        took = time.perf_counter() - began
        tally.turns.append(took)
        tally.rest.append(took - grader.take_last())
        if shown[-1][s.stage] != "play":
            return


async def _as_tasks(
    engine: Engine, grader: TimedGrader, sessions: int, turns: int, workers: int, tally: Tally
) -> None:
    gate = asyncio.Semaphore(workers)

    async def one(index: int) -> None:
        async with gate:
            await play(engine, grader, index, turns, tally)

    await asyncio.gather(*(one(i) for i in range(sessions)))


def _in_threads(
    engine: Engine, grader: TimedGrader, sessions: int, turns: int, workers: int, tally: Tally
) -> None:
    with ThreadPoolExecutor(workers) as pool:
        runs = [pool.submit(asyncio.run, play(engine, grader, i, turns, tally)) for i in range(sessions)]
        for done in runs:
            done.result()


async def _web(handlers: Handlers, grader: TimedGrader, sessions: int, turns: int, tally: Tally) -> None:
    for index in range(sessions):
        await play_web(handlers, grader, index, turns, tally)


def run_mode(mode: str, sessions: int, turns: int, workers: int) -> dict[str, Any]:
    """Play `sessions` sessions in `mode` on a fresh database; the figures of that run."""
    width = 1 if mode in PAIRED else workers
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp))
        engine = build_engine(settings, backend="offline")
        warm_up(engine.grader, engine.personas)  # as the app does at start (coach.warm_up)
        grader = TimedGrader(engine.grader)
        engine.grader = grader
        sql = SqlCount()
        sql.listen(engine.store.engine)
        if mode == "web":
            with gr.Blocks():
                handlers = build_handlers(engine, settings, Accounts(engine.store))
        settle_heap()
        began = time.perf_counter()
        if mode == "threads":
            _in_threads(engine, grader, sessions, turns, width, tally)
        elif mode == "web":
            asyncio.run(_web(handlers, grader, sessions, turns, tally))
        else:
            asyncio.run(_as_tasks(engine, grader, sessions, turns, width, tally))
        wall = time.perf_counter() - began
        engine.store.close()
    figures: dict[str, Any] = {
        "workers": width,
        "sessions": len(tally.starts),
        "turns": len(tally.turns),
        # starts take wall time too: a trainee's session begins with one
        "turns_per_second": len(tally.turns) / wall,
        **latency_ms(tally.turns),
        "start_p50_ms": statistics.median(tally.starts) * 1000,
        "grade_p50_ms": statistics.median(grader.seconds) * 1000,
        # per turn, the session starts' share included; BEGIN and COMMIT are not statements here
        "statements_per_turn": sql.statements / len(tally.turns),
        "transactions_per_turn": sql.transactions / len(tally.turns),
    }
    if mode in PAIRED:
        figures["rest_p50_ms"] = statistics.median(tally.rest) * 1000
        figures["rest_p99_ms"] = latency_ms(tally.rest)["p99_ms"]
    return figures


def _line(mode: str, f: dict[str, Any]) -> str:
    parts = [
        f"offline turn, {mode} ({f['workers']} at once): {f['sessions']} sessions, {f['turns']} turns; "
        f"median {f['p50_ms']:.2f} ms, p99 {f['p99_ms']:.2f} ms, {f['turns_per_second']:.0f} turns/s "
        f"(starts included; start median {f['start_p50_ms']:.2f} ms); "
        f"grade median {f['grade_p50_ms']:.2f} ms; {f['statements_per_turn']:.1f} SQL statements "
        f"in {f['transactions_per_turn']:.1f} transactions a turn"
    ]
    if "rest_p50_ms" in f:
        parts.append(
            f"; the turn less its grade: median {f['rest_p50_ms']:.2f} ms, p99 {f['rest_p99_ms']:.2f} ms"
        )
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="sessions per mode (default 30)")
    parser.add_argument("--turns", type=int, default=10, help="turns per session at most (default 10)")
    parser.add_argument("--workers", type=int, default=8, help="sessions at once in tasks/threads (8)")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated: " + ",".join(MODES))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown mode(s) {', '.join(sorted(unknown))}; choose from {', '.join(MODES)}")
    figures: dict[str, Any] = {}
    for mode in modes:
        figures[mode] = run_mode(mode, args.sessions, args.turns, args.workers)
        print(_line(mode, figures[mode]), flush=True)
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
