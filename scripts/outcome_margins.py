"""How far each persona outcome case passes by, over several runs of the offline backend.

For every case of `coach eval personas`, the smallest margin of its scenes to each numeric expectation
(coach.evaluation.margins: to crisis, to `final_below` and `final_above`, in points of agitation) and
the fewest script lines to spare when its scene ended; the cases with the smallest margin first. A
negative margin is a failed run.

    python scripts/outcome_margins.py [--repeat 12] [--below 5]
"""

from __future__ import annotations

import argparse

from coach.config import get_settings
from coach.evaluation.margins import margins
from coach.evaluation.runner import load_suites, run_eval
from coach.evaluation.suites import PersonaExpect, PersonaSuite
from coach.personas import load_personas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=12, help="runs per case (the offline patient varies)")
    parser.add_argument("--below", type=float, default=5.0, help="mark cases with less than this to spare")
    args = parser.parse_args()
    settings = get_settings()
    personas = load_personas(settings.personas_dir)
    expects: dict[tuple[str, str], tuple[PersonaExpect, int]] = {}
    for loaded in load_suites(["personas"], personas):
        if isinstance(loaded.spec, PersonaSuite):
            for spec in loaded.spec.cases:
                expects[(loaded.name, spec.id)] = (spec.expect, len(loaded.scripts[spec.id]))
    report = run_eval(["personas"], settings, "offline", repeat=args.repeat)
    rows = []
    for suite in report.suites:
        for case in suite.cases:
            points: dict[str, float] = {}
            left: int | None = None
            for attempt in case.attempts:
                if attempt.transcript is None:
                    continue
                expect, lines = expects[(suite.name, case.id)]
                found = margins(expect, attempt.transcript, lines)
                for name, value in found.points.items():
                    points[name] = min(points.get(name, value), value)
                if found.lines_left is not None:
                    left = found.lines_left if left is None else min(left, found.lines_left)
            rows.append((min(points.values(), default=float("inf")), suite.name, case.id, points, left))
    print(f"smallest margins over {args.repeat} runs: points of agitation, then script lines to spare")
    for smallest, suite_name, case_id, points, left in sorted(rows, key=lambda row: row[0]):
        parts = ", ".join(f"{name} {value:.1f}" for name, value in sorted(points.items()))
        spare = "" if left is None else f"; {left} lines to spare"
        mark = " <" if smallest < args.below or left == 0 else ""
        print(f"{suite_name:28} {case_id:16} {parts}{spare}{mark}")


if __name__ == "__main__":
    main()
