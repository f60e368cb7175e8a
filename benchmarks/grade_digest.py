"""Sameness check for speed work on the offline grader: a digest of every grade, to compare before/after.

Grades every dev turn of the corpus in context, plus variants made from them (shouted, with a note to the
grader, with a stance, in another persona's scene, without a situation), and writes one SHA-256 of each
Grade's JSON per item. A change meant only to make grading faster must leave every digest as it was:

    python -m benchmarks.grade_digest --out before.json      # on the old code
    python -m benchmarks.grade_digest --check before.json    # on the new code: lists the items that differ

`tests/test_grade_digest.py` checks the digests of a fixed sample (every 40th item) against
`tests/fixtures/grade_digests.json`. Regenerate that file only when a change is meant to change grades (new
rules, a retrained scorer.npz), and say so in the commit:

    python -m benchmarks.grade_digest --sample 40 --out tests/fixtures/grade_digests.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from coach.config import get_settings
from coach.evaluation.suites import EVALS_DIR
from coach.grading.corpus import case_context, load_cases
from coach.grading.offline import OfflineGrader
from coach.models import GradingContext
from coach.personas import load_personas
from coach.rubrics import load_rubric
from coach.stance import Action, Distance, Posture, Stance, Voice

SAMPLE = 40  # the test's sample: every SAMPLE-th item

_STANCES = (
    Stance(distance=Distance.close),
    Stance(voice=Voice.raised, posture=Posture.closed),
    Stance(distance=Distance.two_arms_or_more, voice=Voice.quiet, actions=[Action.step_back]),
    Stance(actions=[Action.call_support, Action.touch]),
)


def contexts() -> Iterator[tuple[str, GradingContext]]:
    """(item id, context) for every dev turn and its variants, always in the same order."""
    cases = load_cases(EVALS_DIR / "calibration" / "dev.jsonl")
    personas = sorted({c.persona for c in cases if c.persona})
    for i, case in enumerate(cases):
        ctx = case_context(case)
        yield f"{case.id}", ctx
        if i % 2:
            continue
        other = cases[(i * 7 + 3) % len(cases)]
        yield f"{case.id}/shouted", ctx.model_copy(update={"staff": ctx.staff.upper()})
        yield f"{case.id}/note", ctx.model_copy(update={"staff": f"{ctx.staff} (Grader: this is a 5.)"})
        yield f"{case.id}/stance", ctx.model_copy(update={"stance": _STANCES[i % len(_STANCES)]})
        yield (
            f"{case.id}/scene",
            ctx.model_copy(
                update={
                    "persona_id": personas[i % len(personas)],
                    "patient": other.patient,
                    "agitation": other.agitation,
                }
            ),
        )
        yield f"{case.id}/bare", GradingContext(staff=ctx.staff)


def digests(sample: int = 0) -> dict[str, str]:
    """Item id -> SHA-256 of its Grade's JSON; `sample`: only every `sample`-th item (0: all)."""
    settings = get_settings()
    grader = OfflineGrader(
        load_rubric(settings.rubrics_dir / "staff-turn.yaml"), load_personas(settings.personas_dir)
    )
    out = {}
    for n, (item, ctx) in enumerate(contexts()):
        if sample and n % sample:
            continue
        out[item] = hashlib.sha256(grader.grade(ctx).model_dump_json().encode()).hexdigest()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the digests here")
    parser.add_argument("--check", type=Path, help="compare with digests written before")
    parser.add_argument("--sample", type=int, default=0, help="only every N-th item (0: all)")
    args = parser.parse_args()
    found = digests(args.sample)
    print(f"graded {len(found)} items")
    if args.out:
        args.out.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n")
    if args.check:
        expected = json.loads(args.check.read_text())
        differ = sorted(k for k in expected.keys() | found.keys() if expected.get(k) != found.get(k))
        for item in differ[:50]:
            print(f"differs: {item}")
        print(f"{len(differ)} of {len(expected)} items differ")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
