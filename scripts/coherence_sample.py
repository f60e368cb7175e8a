"""Write the coherence suite's reviewed sample for independent raters (evals/coherence/README.md).

Six dev and six test items per persona, the ones whose sha256 of "persona/id" sorts first in each half,
played through the offline engine as `coach eval coherence` plays them. The rater file holds, numbered,
each scene's persona, its turns so far and the patient's reply to the last staff turn, and nothing of the
item's expectations or its half; the key (number, persona, id, half) goes to a separate file.

    python scripts/coherence_sample.py OUT.md KEY.tsv [--per-half 6] [--prefix r2-]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
from pathlib import Path

from coach.backends import build_engine
from coach.config import Settings
from coach.evaluation.coherence import CoherenceCase, CoherenceSuite
from coach.evaluation.results import Transcript
from coach.evaluation.runner import converse
from coach.evaluation.suites import EVALS_DIR, LoadedSuite, load_suite
from coach.store import Store


def _key(persona: str, case_id: str) -> str:
    return hashlib.sha256(f"{persona}/{case_id}".encode()).hexdigest()


def _persona(loaded: LoadedSuite) -> str:
    spec = loaded.spec
    assert isinstance(spec, CoherenceSuite), "only coherence suites are sampled"
    return spec.persona


def chosen(
    suites: list[LoadedSuite], per_half: int, prefix: str = ""
) -> list[tuple[LoadedSuite, CoherenceCase]]:
    """The sample, in the order of its hashes (so the halves and personas are mixed for the raters), from
    the items whose id starts with `prefix` (a round of writing: "r2-")."""
    picked: list[tuple[LoadedSuite, CoherenceCase]] = []
    for loaded in suites:
        spec = loaded.spec
        assert isinstance(spec, CoherenceSuite)
        for half in ("dev", "test"):
            cases = sorted(
                (c for c in spec.cases if c.split == half and c.id.startswith(prefix)),
                key=lambda c: _key(spec.persona, c.id),
            )
            picked += [(loaded, c) for c in cases[:per_half]]
    return sorted(picked, key=lambda pair: _key(_persona(pair[0]), pair[1].id))


def scene_for_raters(number: int, persona: str, run: Transcript) -> str:
    """Scene `number` as raters read it: the opening, each staff turn (with its stance) and the patient's
    reply, the last reply marked as the one to rate."""
    lines = [f"## {number}. {persona}", "", f"- Patient (opening): {run.opening}"]
    for step in run.steps[:-1]:
        stance = f" [{step.stance.describe()}]" if step.stance is not None else ""
        lines += [f"- Staff{stance}: {step.staff}", f"- Patient: {step.patient}"]
    last = run.steps[-1]
    stance = f" [{last.stance.describe()}]" if last.stance is not None else ""
    lines += [f"- Staff{stance}: {last.staff}", "", f"**Patient's reply to rate:** {last.patient}", ""]
    return "\n".join(lines)


def sample_head(scenes: int) -> list[str]:
    """The lines that open a rater file of `scenes` scenes: what to do with them."""
    return [
        "# Coherence review sample",
        "",
        f"{scenes} short scenes with the offline patient. For each, read the persona file named, then "
        "the scene, and rate the last patient reply as a reply to the last staff turn: `sensible`, `partly` "
        "(reacts to something real but misses the main thing said) or `non-sequitur`; note any reply that "
        "repeats an earlier one in its scene. Staff stance, where set, is in brackets.",
        "",
    ]


async def write(out: Path, key: Path, per_half: int, prefix: str = "") -> None:
    engine = build_engine(Settings(), backend="offline", store=Store("sqlite://"))
    suites = [load_suite(p) for p in sorted((EVALS_DIR / "coherence").glob("*.yaml"))]
    sample = chosen(suites, per_half, prefix)
    parts = sample_head(len(sample))
    rows = ["number\tpersona\tid\thalf"]
    for number, (loaded, case) in enumerate(sample, start=1):
        persona = _persona(loaded)
        run = await converse(engine, persona, loaded.scripts[case.id], case.start)
        parts.append(scene_for_raters(number, persona, run))
        rows.append(f"{number}\t{persona}\t{case.id}\t{case.split}")
    out.write_text("\n".join(parts), encoding="utf-8")
    key.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("key", type=Path)
    parser.add_argument("--per-half", type=int, default=6)
    parser.add_argument("--prefix", default="", help='only items whose id starts with this ("r2-": round 2)')
    args = parser.parse_args()
    asyncio.run(write(args.out, args.key, args.per_half, args.prefix))


if __name__ == "__main__":
    main()
