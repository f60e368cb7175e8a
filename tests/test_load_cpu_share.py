"""`benchmarks.load --aux-pids`: every counted process's CPU a turn, and the ceiling the cores allow.

The auxiliary process here stands in for PostgreSQL: a parent whose short-lived children do the work and
exit (as a backend does per connection), so their CPU is only seen through the parent's reaped children.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.cpu_share import parse_aux, process_cpu, tree_cpu

ROOT = Path(__file__).resolve().parents[1]
# Children of 50 ms of CPU each, one after another, each waited for (reaped) by the parent.
BURNER = (
    "import subprocess, sys\n"
    "child = 'import time\\nt = time.process_time()\\nwhile time.process_time() - t < 0.05: pass'\n"
    "while True: subprocess.run([sys.executable, '-c', child])\n"
)


@pytest.fixture
def burner() -> Iterator[int]:
    process = subprocess.Popen([sys.executable, "-c", BURNER])
    try:
        yield process.pid
    finally:
        process.kill()
        process.wait(timeout=10)


def test_a_tree_counts_the_children_that_came_and_went(burner: int) -> None:
    first, own_first = tree_cpu(burner), process_cpu(burner)
    assert first is not None and own_first is not None
    # Every child lives 50 ms of CPU (plus its start) and exits, so what the tree gains beyond the
    # parent's own CPU (it only starts and waits) was counted through its reaped children. Waited for
    # rather than timed: on a loaded machine the children get the CPU later, not less of it.
    deadline = time.monotonic() + 60
    while True:
        second, own = tree_cpu(burner), process_cpu(burner)
        assert second is not None and own is not None
        if (second - first) - (own - own_first) > 0.2 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    counted = (second - first) - (own - own_first)
    assert counted > 0.2, f"{counted:.3f} s counted beyond the parent's own CPU in 60 s"
    assert tree_cpu(2**22 + 7) is None, "a pid that is not there"


def test_named_and_bare_roots() -> None:
    assert parse_aux("postgres=12, nginx=34,56") == {"postgres": 12, "nginx": 34, "pid 56": 56}


@pytest.mark.slow  # starts the app in a subprocess
def test_a_small_run_says_where_each_core_second_went(burner: int, tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    command = ["-m", "benchmarks.load", "--levels", "3", "--turns", "3", "--think-scale", "0.02"]
    command += ["--bound-ms", "100000", "--aux-pids", f"burner={burner}", "--json", str(out)]
    run = subprocess.run([sys.executable, *command], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    level = json.loads(out.read_text())["levels"]["3"]
    wall = level["turns"] / level["turns_per_second"]
    assert level["aux_cores"]["burner"] * wall > 0.2, "the burner's children were counted"

    app, burner_ms = level["server_cpu_ms_per_turn"], level["aux_cpu_ms_per_turn"]["burner"]
    total = level["total_cpu_ms_per_turn"]
    assert total == pytest.approx(app + burner_ms + level["generator_cpu_ms_per_turn"])
    cores, ceiling = os.cpu_count(), level["ceiling"]
    assert ceiling["cores_turns_per_second"] == pytest.approx(cores * 1000 / total)
    assert ceiling["busiest_process_turns_per_second"] == pytest.approx(1000 / app)
    assert ceiling["turns_per_second"] == min(
        ceiling["cores_turns_per_second"], ceiling["busiest_process_turns_per_second"]
    )
    assert ceiling["served_turns_per_second"] >= ceiling["turns_per_second"]
    assert f"burner {burner_ms:.1f}" in run.stdout and f"ceiling on {cores} cores" in run.stdout
