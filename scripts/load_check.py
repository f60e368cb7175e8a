"""Load check: many trainees at once through the app's HTTP API.

Starts the app in its own process (offline backend, a fresh SQLite database in a temporary folder), then
runs N sessions simultaneously with gradio_client, each taking T turns, and prints turns per second,
per-turn latency percentiles and errors. A turn is /send (stored, graded, replied; its result is
everything the turn changed on the screen). Afterwards it checks the database holds every turn.
`make load` (benchmarks/load.py) is the fuller test: think time, and the events a browser's page sends.

    .venv/bin/python scripts/load_check.py                 # 20 sessions x 5 turns
    .venv/bin/python scripts/load_check.py --sessions 50 --turns 8 --concurrency-limit 32
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from gradio_client import Client

from coach.config import Settings
from coach.models import Speaker
from coach.store import Store
from coach.ui.view import ENDED, api_result

LINES = (
    "I can see this is really hard. I'm here to listen.",
    "I can't do that right now, because the doctor has to agree it. You could phone them, or I can ask.",
    "Would you like to sit in the quiet lounge, or stay here and talk?",
    "Let me explain what happens next, and when.",
    "Thank you for telling me. What would help most right now?",
    "I'll stay over here, so you have some space.",
)
PERSONAS = ("refused-request", "fearful", "ignored-for-days", "paranoid", "withdrawn", "patient-conflict")
READY_TIMEOUT_S = 90


@dataclass
class Tally:
    """What the workers measured; appended to from many threads under one lock."""

    turn_latencies: list[float] = field(default_factory=list)
    start_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            (self.turn_latencies if kind == "turn" else self.start_latencies).append(seconds)

    def fail(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    data_dir: Path, port: int, concurrency_limit: int | None, log: Path | None = None
) -> subprocess.Popen:
    """The app in its own process; its standard error goes to `log` when given (else a pipe)."""
    env = {
        **os.environ,
        "COACH_DATA_DIR": str(data_dir),
        "COACH_BACKEND": "offline",
        "COACH_HOST": "127.0.0.1",
        "COACH_PORT": str(port),
    }
    if concurrency_limit is not None:
        env["COACH_CONCURRENCY_LIMIT"] = str(concurrency_limit)
    return subprocess.Popen(
        [sys.executable, "-c", "from coach.ui.launch import launch; launch()"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE if log is None else log.open("wb"),
    )


def wait_until_ready(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the app exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    raise SystemExit(f"the app did not answer at {url} within {READY_TIMEOUT_S}s")


def start_session(client: Client, index: int, tally: Tally) -> str:
    began = time.perf_counter()
    persona = PERSONAS[index % len(PERSONAS)]
    started = api_result("start", client.predict(persona, f"load-{index}", "", False, api_name="/start"))
    tally.add("start", time.perf_counter() - began)
    if not started["session"]:
        raise RuntimeError(f"start refused: {started['brief_notice']}")
    return started["session"]


def trainee(url: str, index: int, turns: int, go: threading.Barrier, tally: Tally) -> None:
    """One simulated trainee taking `turns` turns; a scenario that ends early is followed by a new one."""
    try:
        client = Client(url, verbose=False, download_files=False)
        go.wait()
        session_id = start_session(client, index, tally)
        for turn in range(turns):
            text = LINES[(index + turn) % len(LINES)]
            stance: tuple[str, str, str, list[str]] = ("two_arms_or_more", "quiet", "open", [])
            began = time.perf_counter()
            values = client.predict(session_id, text, *stance, f"t{turn}", api_name="/send")
            tally.add("turn", time.perf_counter() - began)
            notice = api_result("send", values)["turn_notice"]
            if ENDED in notice:
                session_id = start_session(client, index, tally)
            elif notice:
                tally.fail(f"trainee {index} turn {turn}: {notice}")
                return
        client.predict(session_id, api_name="/end")
    except Exception as exc:  # a load check reports every failure rather than stopping at the first
        tally.fail(f"trainee {index}: {type(exc).__name__}: {exc}")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), or None where that is not available."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile_ms(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return (values[0] if values else 0.0) * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="simultaneous trainees (default 20)")
    parser.add_argument("--turns", type=int, default=5, help="turns per session (default 5)")
    parser.add_argument(
        "--concurrency-limit", type=int, default=None, help="COACH_CONCURRENCY_LIMIT for the app"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="coach-load-") as tmp:
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        server = start_server(Path(tmp), port, args.concurrency_limit)
        try:
            wait_until_ready(url, server)
            tally = Tally()
            go = threading.Barrier(args.sessions)
            workers = [
                threading.Thread(target=trainee, args=(url, i, args.turns, go, tally))
                for i in range(args.sessions)
            ]
            cpu_before = cpu_seconds(server.pid)
            began = time.perf_counter()
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            wall = time.perf_counter() - began
            cpu_after = cpu_seconds(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)

        store = Store(f"sqlite:///{Path(tmp) / 'coach.db'}")
        sessions = store.list_sessions(limit=args.sessions * (args.turns + 1))
        staff = sum(1 for s in sessions for t in store.all_turns(s.id) if t.speaker is Speaker.staff)
        store.close()

    turns = tally.turn_latencies
    limit = args.concurrency_limit or Settings.model_fields["concurrency_limit"].default
    print(f"sessions {args.sessions} x turns {args.turns}, concurrency limit {limit}")
    print(f"wall time {wall:.2f}s (includes client connection setup)")
    print(f"turns completed {len(turns)}, {len(turns) / wall:.1f} turns/s")
    print(
        f"turn latency ms: p50 {percentile_ms(turns, 50):.0f}  p95 {percentile_ms(turns, 95):.0f}  "
        f"p99 {percentile_ms(turns, 99):.0f}  max {max(turns, default=0) * 1000:.0f}"
    )
    starts = tally.start_latencies
    print(
        f"sessions started {len(starts)}; start latency ms: p50 {percentile_ms(starts, 50):.0f}  "
        f"p95 {percentile_ms(starts, 95):.0f}"
    )
    if cpu_before is not None and cpu_after is not None and turns:
        per_turn = (cpu_after - cpu_before) / len(turns)
        print(
            f"app process CPU {per_turn * 1000:.0f} ms per turn (starts and ends included): "
            f"about {1 / per_turn:.0f} turns/s per busy core; this machine has {os.cpu_count()} CPUs, "
            "shared with the clients"
        )
    print(f"stored staff turns {staff} of {args.sessions * args.turns} expected")
    print(f"errors {len(tally.errors)}")
    for message in tally.errors[:10]:
        print(f"  {message}")
    if tally.errors or staff != args.sessions * args.turns:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
