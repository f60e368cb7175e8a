"""How many single grade errors each persona case survives, over several runs of the offline backend.

For every case of `coach eval personas` that passes in every run, the one-step changes to one script line's
grade (coach.evaluation.fragility) that make it fail; the cases with the most first. A full run plays the
persona suites once for each change at each line (eight changes, ten lines: 80 plays of 30 cases, a few
minutes at three runs each).

    python scripts/outcome_fragility.py [--repeat 3] [--changes "tone down,risk up,no flipped,flag added"]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from coach.config import get_settings
from coach.evaluation.fragility import Change, fragility


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (the offline patient varies)")
    parser.add_argument(
        "--changes",
        default=",".join(c.value for c in Change),
        help=f"comma-separated, from: {', '.join(c.value for c in Change)}",
    )
    args = parser.parse_args()
    try:
        changes = [Change(name.strip()) for name in args.changes.split(",") if name.strip()]
    except ValueError as error:
        sys.exit(f"--changes: {error}")
    broken = fragility(
        get_settings(), changes, repeat=args.repeat, progress=lambda line: print(line, file=sys.stderr)
    )
    print(f"one-step grade changes each case does not survive, over {args.repeat} runs")
    by_change: Counter[str] = Counter()
    for case, fatal in sorted(broken.items(), key=lambda item: (-len(item[1]), item[0])):
        print(f"{case:42} {len(fatal):3}  {'; '.join(fatal)}")
        by_change.update(f.split(": ", 1)[1] for f in fatal)
    total = sum(by_change.values())
    print(f"{total} in all; by change: {', '.join(f'{k} {v}' for k, v in by_change.most_common())}")


if __name__ == "__main__":
    main()
