"""Before/after in one run: a benchmark on the working tree and on a copy of it in which some files are
put back as they were at a git revision (or as saved in a folder), in alternating rounds, figures side by
side.

Only the named files differ between the two trees, so the difference is theirs; alternating the rounds
spreads any drift of the machine over both. Git is only read (`git show REV:FILE`).

    python -m benchmarks.ab --files coach/engine.py coach/store.py [--rev HEAD | --from-dir DIR] \\
        [--rounds 3] [--json ab.json] -- benchmarks.offline_turn --sessions 30 --turns 12
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.report import write_json

ROOT = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "data", "__pycache__", "*.egg-info", ".*_cache")


def before_tree(files: list[str], into: Path, rev: str, from_dir: Path | None) -> Path:
    """A copy of the working tree with `files` as they were at `rev`, or as they are under `from_dir`."""
    tree = into / "before"
    shutil.copytree(ROOT, tree, ignore=NOT_COPIED)
    for name in files:
        if from_dir is not None:
            old = (from_dir / name).read_bytes()
        else:
            git = ["git", "-C", str(ROOT), "show", f"{rev}:{name}"]
            old = subprocess.run(git, capture_output=True, check=True).stdout
        (tree / name).write_bytes(old)
    return tree


def flatten(figures: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """Numeric leaves as dotted keys: {"single": {"p50_ms": 2.1}} -> {"single.p50_ms": 2.1}."""
    out: dict[str, float] = {}
    for key, value in figures.items():
        if key == "machine":
            continue
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[f"{prefix}{key}"] = float(value)
    return out


def run_once(tree: Path, module: str, args: list[str], out: Path) -> dict[str, float]:
    subprocess.run([sys.executable, "-m", module, *args, "--json", str(out)], cwd=tree, check=True)
    return flatten(json.loads(out.read_text()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", default="HEAD", help="the revision of 'before' (default HEAD)")
    parser.add_argument("--from-dir", type=Path, help="take the 'before' files from here instead of git")
    parser.add_argument("--files", nargs="+", required=True, help="files put back as they were at --rev")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each tree, alternating (default 3)")
    parser.add_argument("--json", type=Path, help="also write both sets of figures here")
    parser.add_argument("benchmark", nargs=argparse.REMAINDER, help="-- MODULE [ARGS...]")
    args = parser.parse_args()
    command = args.benchmark[1:] if args.benchmark[:1] == ["--"] else args.benchmark
    if not command:
        parser.error("name the benchmark module after --, e.g. -- benchmarks.offline_turn")
    module, bench_args = command[0], command[1:]
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory(prefix="coach-ab-") as tmp:
        trees = {"before": before_tree(args.files, Path(tmp), args.rev, args.from_dir), "after": ROOT}
        for round_ in range(args.rounds):
            order = ("before", "after") if round_ % 2 == 0 else ("after", "before")
            for label in order:
                print(f"--- round {round_ + 1}, {label}", flush=True)
                runs[label].append(run_once(trees[label], module, bench_args, Path(tmp) / "figures.json"))
    medians = {label: _medians(found) for label, found in runs.items()}
    print(f"\n{'figure (median of rounds)':<34} {'before':>10} {'after':>10} {'after/before':>13}")
    for key, before in medians["before"].items():
        after = medians["after"].get(key)
        if after is None:
            continue
        ratio = f"{after / before:.2f}" if before else "-"
        print(f"{key:<34} {before:>10.2f} {after:>10.2f} {ratio:>13}")
    baseline = str(args.from_dir) if args.from_dir else args.rev
    write_json(args.json, {"baseline": baseline, "files": args.files, "benchmark": command, **medians})


def _medians(runs: list[dict[str, float]]) -> dict[str, float]:
    keys = [k for k in runs[0] if all(k in r for r in runs)]
    return {k: statistics.median(r[k] for r in runs) for k in keys}


if __name__ == "__main__":
    main()
