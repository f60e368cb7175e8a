"""Benchmark: N trainees at once through the app's HTTP API, on the offline backend, N rising until the
turn latency's p95 passes a bound.

One app process (a fresh SQLite database) serves every level; each level runs N client threads
(gradio_client), each starting a session and taking T turns (a turn is /send), all released together.
Printed per level: turns per second, turn latency p50/p95/p99, errors, the app process's resident memory
(peak during the level), and the CPU time per turn of the app process and of the clients (this process).
The clients run on the same machine and share its cores with the app, so the figures are for app +
clients on `nproc` cores.
The trainee loop, the server start and the tally are scripts/load_check.py's.

    python -m benchmarks.app_load [--levels 1,2,4,8,16,32] [--turns 5] [--bound-ms 500] [--json out.json]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.report import latency_ms, rss_mib, write_json
from coach.models import Speaker
from coach.store import Store
from scripts.load_check import Tally, cpu_seconds, free_port, start_server, trainee, wait_until_ready

SAMPLE_S = 0.1


class PeakMemory:
    """Samples a process's resident memory in a background thread; `peak` is the highest seen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = rss_mib(pid) or 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            self.peak = max(self.peak, rss_mib(self.pid) or 0.0)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_level(url: str, pid: int, first_index: int, sessions: int, turns: int) -> dict[str, Any]:
    """`sessions` trainees at once, `turns` turns each; the level's figures."""
    tally = Tally()
    go = threading.Barrier(sessions)
    workers = [
        threading.Thread(target=trainee, args=(url, first_index + i, turns, go, tally))
        for i in range(sessions)
    ]
    cpu_before, client_before = cpu_seconds(pid), time.process_time()
    with PeakMemory(pid) as memory:
        began = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        wall = time.perf_counter() - began
    cpu_after, client_after = cpu_seconds(pid), time.process_time()
    done = max(1, len(tally.turn_latencies))
    cpu_ms = None
    if cpu_before is not None and cpu_after is not None:
        cpu_ms = (cpu_after - cpu_before) / done * 1000
    return {
        "sessions": sessions,
        "turns": len(tally.turn_latencies),
        "turns_per_second": len(tally.turn_latencies) / wall,
        **latency_ms(tally.turn_latencies),
        "errors": len(tally.errors),
        "first_errors": tally.errors[:3],
        "rss_peak_mib": memory.peak,
        "app_cpu_ms_per_turn": cpu_ms,
        "client_cpu_ms_per_turn": (client_after - client_before) / done * 1000,
    }


def stored_staff_turns(data_dir: Path) -> int:
    with Store(f"sqlite:///{data_dir / 'coach.db'}") as store:
        return sum(
            1
            for s in store.list_sessions(limit=1_000_000)
            for t in store.all_turns(s.id)
            if t.speaker is Speaker.staff
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="1,2,4,8,16,32", help="trainees at once, in order")
    parser.add_argument("--turns", type=int, default=5, help="turns per trainee (default 5)")
    parser.add_argument("--bound-ms", type=float, default=500.0, help="stop after the level whose p95 passes")
    parser.add_argument("--concurrency-limit", type=int, help="COACH_CONCURRENCY_LIMIT (default: the app's)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",") if n]

    figures: dict[str, Any] = {"turns_per_session": args.turns, "bound_ms": args.bound_ms, "levels": {}}
    with tempfile.TemporaryDirectory(prefix="coach-load-") as tmp:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        server = start_server(Path(tmp), port, args.concurrency_limit)
        try:
            wait_until_ready(url, server)
            figures["rss_idle_mib"] = rss_mib(server.pid)
            print(
                f"app process RSS when idle: {figures['rss_idle_mib']:.0f} MiB; {os.cpu_count()} CPUs shared"
            )
            first = 0
            for n in levels:
                f = figures["levels"][str(n)] = run_level(url, server.pid, first, n, args.turns)
                first += n
                print(
                    f"N={n:>3}: {f['turns']} turns, {f['turns_per_second']:.1f} turns/s; latency ms "
                    f"p50 {f['p50_ms']:.0f} p95 {f['p95_ms']:.0f} p99 {f['p99_ms']:.0f}; "
                    f"errors {f['errors']}; RSS peak {f['rss_peak_mib']:.0f} MiB; "
                    f"CPU ms/turn: app {f['app_cpu_ms_per_turn'] or 0:.0f}, "
                    f"clients {f['client_cpu_ms_per_turn']:.0f}",
                    flush=True,
                )
                for message in f["first_errors"]:
                    print(f"    {message}")
                if f["p95_ms"] > args.bound_ms:
                    figures["first_n_over_bound"] = n
                    break
        finally:
            server.terminate()
            server.wait(timeout=30)
        figures["stored_staff_turns"] = stored_staff_turns(Path(tmp))
    completed = sum(level["turns"] for level in figures["levels"].values())
    over = figures.get("first_n_over_bound")
    print(f"p95 passed {args.bound_ms:.0f} ms first at N={over}" if over else "p95 stayed within the bound")
    print(f"stored staff turns {figures['stored_staff_turns']}, turns acknowledged {completed}")
    write_json(args.json, figures)
    if figures["stored_staff_turns"] < completed or any(f["errors"] for f in figures["levels"].values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
