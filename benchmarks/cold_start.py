"""Benchmark: cold start, the time from `python app.py` to the first page served (HTTP 200 on /).

Each run starts a fresh process on a fresh data folder (so the database is created and migrated too) and
polls the page every 20 ms. The first run also pays for a cold disk cache of the imported packages;
later runs show the warm figure.

    python -m benchmarks.cold_start [--runs 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks.report import rss_mib, write_json
from scripts.load_check import free_port

ROOT = Path(__file__).resolve().parent.parent
POLL_S = 0.02
GIVE_UP_S = 120.0


def time_to_first_page() -> tuple[float, float | None]:
    """Start `python app.py` and wait for its page: (seconds until served, the process RSS in MiB)."""
    with tempfile.TemporaryDirectory(prefix="coach-cold-") as tmp:
        port = free_port()
        env = {**os.environ, "COACH_DATA_DIR": tmp, "COACH_PORT": str(port), "COACH_BACKEND": "offline"}
        began = time.perf_counter()
        app = subprocess.Popen(
            [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            while time.perf_counter() - began < GIVE_UP_S:
                if app.poll() is not None:
                    raise SystemExit(f"app.py exited: {app.stderr.read().decode() if app.stderr else ''}")
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                        if page.status == 200:
                            return time.perf_counter() - began, rss_mib(app.pid)
                except OSError:
                    time.sleep(POLL_S)
            raise SystemExit(f"app.py served no page within {GIVE_UP_S:.0f} s")
        finally:
            app.terminate()
            app.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh starts (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    runs = [time_to_first_page() for _ in range(args.runs)]
    seconds = [s for s, _ in runs]
    figures: dict[str, Any] = {
        "runs": len(runs),
        "first_run_s": seconds[0],
        "median_s": statistics.median(seconds),
        "max_s": max(seconds),
        "rss_at_first_page_mib": runs[-1][1],
    }
    print(
        f"cold start (python app.py -> first page): median {figures['median_s']:.2f} s over {len(runs)} runs "
        f"(first {figures['first_run_s']:.2f} s, max {figures['max_s']:.2f} s); "
        f"RSS at first page {figures['rss_at_first_page_mib'] or 0:.0f} MiB"
    )
    write_json(args.json, figures)


if __name__ == "__main__":
    main()
