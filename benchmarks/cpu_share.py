"""Where a load run's core-seconds went, and the turns a second the machine's cores allow.

Read from /proc (Linux) before and after a level: the CPU of each app process; of each auxiliary
process tree (a root and every process under it: PostgreSQL's postmaster and its backends, nginx's master
and workers), counting the CPU of descendants that exited meanwhile (a parent's reaped children, /proc's
cutime and cstime); the generator's own; and the whole machine's busy time, so what the run did not
count (other work on the machine) shows too.

The ceiling is arithmetic on those measured shares, so a reader can check a claim about a layout's
turns a second: the machine's cores divided by the CPU of a turn summed over every counted process, and,
since an app process runs its Python on one core at a time (the GIL), at most one core for the busiest
app process. A layout's ceiling is the lower of the two.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def parse_aux(spec: str) -> dict[str, int]:
    """`postgres=123,nginx=456` (a name for each root pid; a bare pid is named by itself)."""
    roots = {}
    for item in filter(None, (s.strip() for s in spec.split(","))):
        name, _, pid = item.rpartition("=")
        roots[name or f"pid {pid}"] = int(pid)
    return roots


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command's name (field 3, the state, first)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def process_cpu(pid: int) -> float | None:
    """A process's own user + system CPU seconds (None when it cannot be read)."""
    fields = _stat(pid)
    return None if fields is None else (int(fields[11]) + int(fields[12])) * TICK_S


def tree_cpu(root: int) -> float | None:
    """CPU seconds of `root` and every live descendant, each with its reaped children's (so a backend
    that exited between two readings is still counted, in its parent's figure)."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            pid = int(entry.name)
            children.setdefault(int(fields[1]), []).append(pid)
            cpu[pid] = sum(int(f) for f in fields[11:15]) * TICK_S
    if root not in cpu:
        return None
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo += children.get(pid, [])
    return total


def machine_busy() -> float:
    """Busy CPU seconds of the whole machine so far, every core (/proc/stat: all but idle and iowait)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) * TICK_S


@dataclass(frozen=True)
class Reading:
    """Every counted process's CPU seconds at one moment (None where a process could not be read)."""

    app: list[float | None]
    aux: dict[str, float | None]
    generator: float
    machine: float
    at: float

    @classmethod
    def now(cls, app_pids: list[int], aux_roots: dict[str, int]) -> Reading:
        return cls(
            app=[process_cpu(pid) for pid in app_pids],
            aux={name: tree_cpu(pid) for name, pid in aux_roots.items()},
            generator=time.process_time(),
            machine=machine_busy(),
            at=time.perf_counter(),
        )


def _spent(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


def app_spent(before: Reading, after: Reading) -> list[float] | None:
    """Each app process's CPU seconds between two readings (None when any could not be read)."""
    spent = [_spent(b, a) for b, a in zip(before.app, after.app, strict=True)]
    return None if None in spent else [c for c in spent if c is not None]


def _sum(values: list[float | None]) -> float | None:
    return None if None in values else sum(v for v in values if v is not None)


def _cap(cores: float, seconds_a_turn: float | None) -> float | None:
    return cores / seconds_a_turn if seconds_a_turn else None


def shares(before: Reading, after: Reading, turns: int, cores: int) -> dict[str, Any]:
    """Where the level's core-seconds went (cores used and CPU ms a turn of every counted process
    group) and the ceiling they imply, in turns a second."""
    wall, done = after.at - before.at, max(1, turns)
    app = app_spent(before, after)
    aux = {name: _spent(before.aux[name], after.aux[name]) for name in before.aux}
    generator = after.generator - before.generator
    served = _sum([None if app is None else sum(app), *aux.values()])
    total = None if served is None else served + generator
    machine = after.machine - before.machine
    busiest = _cap(1, max(app) / done) if app else None  # the busiest app process at one core
    on_cores = _cap(cores, None if total is None else total / done)
    served_on_cores = _cap(cores, None if served is None else served / done)
    return {
        "cores": cores,
        "aux_cores": {n: None if c is None else c / wall for n, c in aux.items()},
        "aux_cpu_ms_per_turn": {n: None if c is None else c * 1000 / done for n, c in aux.items()},
        "generator_cpu_ms_per_turn": generator * 1000 / done,
        "total_cpu_ms_per_turn": None if total is None else total * 1000 / done,
        "machine_cores_busy": machine / wall,
        # busy time no counted process accounts for: other work on the machine, and the kernel's
        "uncounted_cores": None if total is None else (machine - total) / wall,
        "ceiling": {
            "cores_turns_per_second": on_cores,
            "busiest_process_turns_per_second": busiest,
            "turns_per_second": _lower(on_cores, busiest),
            # without the generator's share: real trainees' browsers are on their own machines
            "served_turns_per_second": _lower(served_on_cores, busiest),
        },
    }


def _lower(a: float | None, b: float | None) -> float | None:
    return min((v for v in (a, b) if v is not None), default=None)


def _f(value: float | None, digits: int = 1) -> str:
    return "?" if value is None else f"{value:.{digits}f}"


def describe(figures: dict[str, Any], app_cpu_ms: float | None) -> str:
    """Two lines: each counted share of a turn's CPU, and the ceiling they imply."""
    parts = [f"app {_f(app_cpu_ms)}"]
    parts += [f"{name} {_f(ms)}" for name, ms in figures["aux_cpu_ms_per_turn"].items()]
    parts.append(f"generator {_f(figures['generator_cpu_ms_per_turn'])}")
    ceiling = figures["ceiling"]
    return (
        f"    CPU ms a turn: {' + '.join(parts)} = {_f(figures['total_cpu_ms_per_turn'])}; machine busy "
        f"{_f(figures['machine_cores_busy'], 2)} cores, {_f(figures['uncounted_cores'], 2)} not counted\n"
        f"    ceiling on {figures['cores']} cores: {_f(ceiling['turns_per_second'], 0)} turns/s "
        f"(cores / CPU a turn: {_f(ceiling['cores_turns_per_second'], 0)}; the busiest app process at "
        f"one core: {_f(ceiling['busiest_process_turns_per_second'], 0)}); without the generator "
        f"{_f(ceiling['served_turns_per_second'], 0)} turns/s"
    )
