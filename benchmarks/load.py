"""Load test (`make load`): simultaneous trainees on the app's web API with think time, level by level.

Each simulated trainee is a page without a browser (benchmarks.web_page: the events a real page sends,
its follow-up events included) doing what a trainee does: open the page, choose a scenario, type a name,
start (the patient speaks first), then per turn think 10-20 s (times --think-scale), type a line, set a
stance and send; after --turns turns (or when the scene ends) end the session, and open a fresh page for
the next one (--sessions per trainee). Trainees arrive spread over the first think time. One async
process drives every trainee of a level, on a small HTTP client of its own (benchmarks.lite_http), so
its CPU, which shares the machine's cores with the servers, stays a small part of a turn's.

Per level: turns, turn latency p50/p95/p99 (the click on Send to the screen settled, every event the page
sends for the turn included), start and page-load latency, errors, the server's CPU per turn (every
server process, from /proc; page loads and starts included), its resident memory, the generator's own
CPU, and the server's loop lag: every PROBE_EVERY_S a request that needs no work (the queue's status) is
sent and timed, so its latency is how long the server's event loop, which runs every event's async work
and postprocessing, keeps anything waiting. And where the level's core-seconds went
(benchmarks.cpu_share): the CPU a turn of the app processes, of each process tree named by --aux-pids
(PostgreSQL, nginx) and of the generator, the machine's busy cores and what no counted process
accounts for, and the ceiling of turns a second the cores allow. Then the knee (the first level whose
p95 passes --bound-ms, where the run stops) and the server log scanned for tracebacks. Exits 1 on any
error or logged exception.

    python -m benchmarks.load --levels 10,25,50 [--turns 10] [--think-scale 1] [--json out.json]
    # an app already running (e.g. `make serve-multi`): its URL, server pids and log files
    python -m benchmarks.load --url http://127.0.0.1:8080/ --server-pids 11,12 --server-logs a.log,b.log \
        --aux-pids postgres=$(head -1 /tmp/coach-postgres/data/postmaster.pid),nginx=$(cat RUN_DIR/nginx.pid)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.cpu_share import Reading, app_spent, describe, parse_aux, shares
from benchmarks.lite_http import Browser, HttpError
from benchmarks.report import latency_ms, rss_mib, write_json
from benchmarks.web_page import AppConfig, EventFailed, Page
from coach.ui.view import ENDED
from scripts.load_check import LINES, PERSONAS, free_port, start_server, wait_until_ready

THINK_S = (10.0, 20.0)  # a trainee reads the reply and types the next line
STANCE = {"distance": "two_arms_or_more", "voice": "quiet", "posture": "open"}
TRACEBACK = "Traceback (most recent call last)"
EXCEPTION_LINE = re.compile(r"^\w+(\.\w+)*(Error|Exception|Exit)\b.*")
PROBE_EVERY_S = 0.1  # the loop-lag probe's period: 10 requests a second, about 1 ms of server CPU each


@dataclass
class Tally:
    """What one level's trainees measured (one event loop: no lock needed)."""

    turns: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    page_loads: list[float] = field(default_factory=list)
    events: int = 0
    errors: list[str] = field(default_factory=list)
    probes: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    turns: int
    sessions: int
    think_scale: float

    def think(self) -> float:
        return random.uniform(*THINK_S) * self.think_scale


async def session(client: Browser, url: str, config: AppConfig, index: int, plan: Plan, tally: Tally) -> None:
    """One session on a fresh page, from the page load to the end."""
    page = Page(client, url, config)
    try:
        began = time.perf_counter()
        await page.open()
        tally.page_loads.append(time.perf_counter() - began)
        await page.click(f"choose-{PERSONAS[index % len(PERSONAS)]}")
        await page.enter("trainee", f"load-{index}")
        began = time.perf_counter()
        await page.click("start")
        tally.starts.append(time.perf_counter() - began)
        for turn in range(plan.turns):
            await asyncio.sleep(plan.think())
            await page.enter("message", LINES[(index + turn) % len(LINES)])
            for elem_id, value in STANCE.items():
                await page.enter(elem_id, value)
            began = time.perf_counter()
            await page.click("send")
            tally.turns.append(time.perf_counter() - began)
            notice = page.value("turn-notice") or ""
            if ENDED in notice:
                return
            if 'role="alert"' in notice:
                tally.errors.append(f"trainee {index} turn {turn}: {notice}")
                return
        await page.click("end")
    except (EventFailed, HttpError) as exc:
        tally.errors.append(f"trainee {index}: {type(exc).__name__}: {exc}")
    finally:
        tally.events += page.events


def browser() -> Browser:
    """One trainee's browser: its own connections and cookies. The cookies matter behind a proxy that
    routes by cookie (`make serve-multi`): trainees sharing one cookie jar would all reach one process."""
    return Browser(timeout_s=120.0)


async def trainee(url: str, config: AppConfig, index: int, plan: Plan, tally: Tally) -> None:
    await asyncio.sleep(random.uniform(0, THINK_S[1] * plan.think_scale))  # arrivals spread out
    async with browser() as client:
        for _ in range(plan.sessions):
            await session(client, url, config, index, plan, tally)


async def probe_loop(url: str, tally: Tally) -> None:
    """Until cancelled: the latency of a request the server answers without any work, every
    PROBE_EVERY_S (the server's loop lag, plus a loopback round trip of about a millisecond)."""
    async with browser() as client:
        while True:
            began = time.perf_counter()
            (await client.get(f"{url}gradio_api/queue/status")).ok()
            tally.probes.append(time.perf_counter() - began)
            await asyncio.sleep(PROBE_EVERY_S)


async def run_level(url: str, first_index: int, trainees: int, plan: Plan) -> Tally:
    async with browser() as client:
        config = await AppConfig.fetch(client, url)
    tally = Tally()
    probe = asyncio.create_task(probe_loop(url, tally))
    await asyncio.gather(*(trainee(url, config, first_index + i, plan, tally) for i in range(trainees)))
    probe.cancel()
    return tally


def level_figures(trainees: int, tally: Tally, before: Reading, after: Reading, rss: float) -> dict[str, Any]:
    done, wall = max(1, len(tally.turns)), after.at - before.at
    per_process = app_spent(before, after)
    cpu = None if per_process is None else sum(per_process)
    return {
        "trainees": trainees,
        "turns": len(tally.turns),
        "turns_per_second": len(tally.turns) / wall,
        **latency_ms(tally.turns),
        "start_p95_ms": latency_ms(tally.starts)["p95_ms"],
        "page_load_p95_ms": latency_ms(tally.page_loads)["p95_ms"],
        "loop_lag": latency_ms(tally.probes),
        "events_per_turn": tally.events / done,
        "errors": len(tally.errors),
        "first_errors": tally.errors[:3],
        "server_cpu_ms_per_turn": None if cpu is None else cpu / done * 1000,
        "server_cores_used": None if cpu is None else cpu / wall,
        # one figure per server process, in --server-pids order: whether every process took a share
        "server_cores_per_process": None if per_process is None else [c / wall for c in per_process],
        "server_rss_mib": rss,
        "generator_cores_used": (after.generator - before.generator) / wall,
        # every counted process's share (--aux-pids) and the turns a second the cores allow
        **shares(before, after, len(tally.turns), os.cpu_count() or 1),
    }


def scan_logs(paths: list[Path]) -> dict[str, Any]:
    """Tracebacks in the server logs, and the exception line of the first few."""
    tracebacks, exceptions = 0, []
    for path in paths:
        lines = path.read_text(errors="replace").splitlines() if path.exists() else []
        tracebacks += sum(TRACEBACK in line for line in lines)
        exceptions += [line for line in lines if EXCEPTION_LINE.match(line)]
    return {"tracebacks": tracebacks, "exception_lines": len(exceptions), "first_exceptions": exceptions[:5]}


def drive(args: argparse.Namespace, url: str, pids: list[int], logs: list[Path]) -> dict[str, Any]:
    plan = Plan(args.turns, args.sessions, args.think_scale)
    aux = parse_aux(args.aux_pids)
    figures: dict[str, Any] = {"plan": vars(plan), "bound_ms": args.bound_ms, "aux_pids": aux, "levels": {}}
    first = 0
    for n in [int(n) for n in args.levels.split(",") if n]:
        before = Reading.now(pids, aux)
        tally = asyncio.run(run_level(url, first, n, plan))
        after = Reading.now(pids, aux)
        rss = sum(rss_mib(pid) or 0.0 for pid in pids)
        f = figures["levels"][str(n)] = level_figures(n, tally, before, after, rss)
        first += n
        print(
            f"N={n:>4}: {f['turns']} turns, {f['turns_per_second']:.1f} turns/s; "
            f"turn ms p50 {f['p50_ms']:.0f} "
            f"p95 {f['p95_ms']:.0f} p99 {f['p99_ms']:.0f}; start p95 {f['start_p95_ms']:.0f}; "
            f"loop lag p50 {f['loop_lag']['p50_ms']:.0f} p95 {f['loop_lag']['p95_ms']:.0f} "
            f"max {f['loop_lag']['max_ms']:.0f}; {f['events_per_turn']:.1f} events/turn; "
            f"errors {f['errors']}; server CPU ms/turn "
            f"{f['server_cpu_ms_per_turn'] or 0:.1f} ({f['server_cores_used'] or 0:.2f} cores: "
            f"{'+'.join(f'{c:.2f}' for c in f['server_cores_per_process'] or [])}), RSS "
            f"{f['server_rss_mib']:.0f} MiB; generator {f['generator_cores_used']:.2f} cores",
            flush=True,
        )
        print(describe(f, f["server_cpu_ms_per_turn"]), flush=True)
        for message in f["first_errors"]:
            print(f"    {message}")
        if f["p95_ms"] > args.bound_ms:
            figures["knee"] = n
            break
    figures["log"] = scan_logs(logs)
    knee = figures.get("knee")
    print(f"knee: p95 passed {args.bound_ms:.0f} ms first at N={knee}" if knee else "knee: not reached")
    print(f"server log: {figures['log']['tracebacks']} tracebacks; {figures['log']['first_exceptions']}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="10,25,50,100", help="simultaneous trainees, in order")
    parser.add_argument("--turns", type=int, default=10, help="turns per session (default 10)")
    parser.add_argument("--sessions", type=int, default=1, help="sessions per trainee (default 1)")
    parser.add_argument("--think-scale", type=float, default=1.0, help="times the 10-20 s think time")
    parser.add_argument("--bound-ms", type=float, default=500.0, help="the knee: p95 over this")
    parser.add_argument("--url", help="an app already running (default: start one, offline, fresh SQLite)")
    parser.add_argument("--server-pids", default="", help="with --url: its server processes, comma-separated")
    parser.add_argument("--server-logs", default="", help="with --url: its log files, comma-separated")
    parser.add_argument(
        "--aux-pids",
        default="",
        help="other process trees on the machine whose CPU to count, NAME=PID,... (e.g. postgres=the "
        "postmaster's pid, nginx=the master's): each with every process under it",
    )
    parser.add_argument("--concurrency-limit", type=int, help="COACH_CONCURRENCY_LIMIT of the started app")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    if args.url:
        pids = [int(p) for p in args.server_pids.split(",") if p]
        logs = [Path(p) for p in args.server_logs.split(",") if p]
        figures = drive(args, args.url, pids, logs)
    else:
        with tempfile.TemporaryDirectory(prefix="coach-load-") as tmp:
            port, log = free_port(), Path(tmp) / "server.log"
            url = f"http://127.0.0.1:{port}/"
            server = start_server(Path(tmp), port, args.concurrency_limit, log=log)
            try:
                wait_until_ready(url, server)
                figures = drive(args, url, [server.pid], [log])
            finally:
                server.terminate()
                server.wait(timeout=30)
    figures["load_average_at_end"] = os.getloadavg()[0]
    write_json(args.json, figures)
    if figures["log"]["tracebacks"] or any(f["errors"] for f in figures["levels"].values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
