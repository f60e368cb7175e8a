"""The coherence suite's items passing by round and half, and the dev items that fail, in full.

Test items are counted, never shown: the frozen test halves are read only in aggregate
(coach/resources/evals/coherence/README.md).

    python scripts/coherence_halves.py [--summary] [--report REPORT.json]

Without `--report` it runs `coach eval coherence --backend offline` on the installed suites first.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from coach.datafiles import read_yaml
from coach.evaluation.suites import EVALS_DIR

_ROUND = re.compile(r"(r\d+)-")


def _round(case_id: str) -> str:
    found = _ROUND.match(case_id)
    return found.group(1) if found else "r1"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", action="store_true", help="the counts only, no failing dev item")
    parser.add_argument("--report", type=Path, help="a report.json of `coach eval coherence` to read")
    args = parser.parse_args()
    report_path = args.report
    if report_path is None:
        folder = Path(tempfile.mkdtemp(prefix="coherence-"))
        command = [
            sys.executable,
            "-c",
            "from coach.cli import app; app()",
            "eval",
            "coherence",
            "--backend",
            "offline",
        ]
        subprocess.run([*command, "--report", str(folder)], capture_output=True, check=False)
        report_path = folder / "report.json"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    items: dict[tuple[str, str], dict] = {}
    for path in sorted((EVALS_DIR / "coherence").glob("*.yaml")):
        data = read_yaml(path)
        items.update({(data["persona"], case["id"]): case for case in data["cases"]})
    total: Counter[tuple[str, str]] = Counter()
    passed: Counter[tuple[str, str]] = Counter()
    failing: list[tuple[dict, dict]] = []
    for suite in report["suites"]:
        for case in suite["cases"]:
            item = items[(case["persona"], case["id"])]
            for key in ((_round(case["id"]), item["split"]), ("all", item["split"])):
                total[key] += 1
                passed[key] += case["status"] == "pass"
            if case["status"] != "pass" and item["split"] == "dev":
                failing.append((item, case))
    for key in sorted(total):
        print(f"{key[0]:>4} {key[1]:>4}: {passed[key]}/{total[key]}")
    if args.summary:
        return
    for item, case in failing:
        print(f"\n=== {case['persona']} {item['id']} ({item.get('act')}): {item.get('about')}")
        print("expect:", json.dumps(item.get("expect")))
        attempt = case["attempts"][0]
        run = attempt["transcript"]
        if run:
            print(f"  patient (opening): {run['opening']}")
            for step in run["steps"]:
                print(f"  staff: {step['staff']}")
                print(f"  patient [{step['band']} {step['agitation']:.0f}]: {step['patient']}")
        print("  failed:", [f"{c['name']}: {c['detail']}" for c in attempt["checks"] if not c["passed"]])


if __name__ == "__main__":
    main()
