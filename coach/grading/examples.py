"""Whole-answer examples for the LLM grader: a few labelled staff turns from the calibration corpus's
dev split (never the frozen test split), each written out as the complete answer the model should give,
so it sees the shape and the scale of a real grade, not only the schema.

The examples are fixed (chosen by id), so the grader's system prompt stays the same from turn to turn
and a provider's prompt cache keeps it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from coach.config import RESOURCES
from coach.grading.corpus import CalibrationCase, load_cases
from coach.rubric_models import Rubric

DEV_CASES = RESOURCES / "evals" / "calibration" / "dev.jsonl"
# A warm turn with choices, a brief no with a reason and choices, and a "calm down" that dismisses.
EXAMPLE_IDS = ("cal-001", "cal-019", "cal-002")
SCORE_KEYS = ("tone", "no_brevity", "options", "escalation_risk")


def load_examples(path: Path = DEV_CASES, ids: tuple[str, ...] = EXAMPLE_IDS) -> list[CalibrationCase]:
    """The example cases, in the order of `ids`; only a dev split is accepted.

    The file is read once for each version of it (its modification time and size): every LLM grader reads
    the examples, and the corpus holds thousands of turns (about 0.1 s of CPU to validate)."""
    try:
        stat = path.stat()
    except OSError:
        version = None  # load_cases reports the missing file, naming it
    else:
        version = (stat.st_mtime_ns, stat.st_size)
    return list(_examples(path, ids, version))


@lru_cache(maxsize=8)
def _examples(
    path: Path, ids: tuple[str, ...], version: tuple[int, int] | None
) -> tuple[CalibrationCase, ...]:
    by_id = {case.id: case for case in load_cases(path) if case.id in ids}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise ValueError(f"{path}: grader example cases not found: {', '.join(missing)}")
    cases = tuple(by_id[i] for i in ids)
    if any(case.split != "dev" for case in cases):
        raise ValueError(f"{path}: grader examples must come from the dev split, never the test split")
    return cases


def example_answer(case: CalibrationCase, rubric: Rubric) -> dict[str, object]:
    """The case's labels as a whole LLMGradeOutput, evidence first (the staff words and the rubric's
    anchor for the labelled level)."""
    labels = case.labels
    anchors = {(d.key, level.score): level.anchor for d in rubric.dimensions for level in d.levels}
    flag_text = {f.name: f.description.strip() for f in rubric.flags}
    evidence = []
    for key in SCORE_KEYS:
        score = getattr(labels, key)
        if score is not None and (key, score) in anchors:
            evidence.append({"key": key, "quote": case.staff, "why": anchors[(key, score)]})
    evidence += [{"key": f, "quote": case.staff, "why": flag_text.get(f, f)} for f in labels.flags]
    extra_keys = [d.key for d in rubric.dimensions if d.key not in (*SCORE_KEYS, "refusal")]
    return {
        "evidence": evidence,
        "refusal": labels.refusal,
        "scores": {key: getattr(labels, key) for key in SCORE_KEYS},
        "extra": [
            {"key": key, "score": getattr(labels, key)}
            for key in extra_keys
            if getattr(labels, key, None) is not None
        ],
        "flags": list(labels.flags),
        "meets_need": False,
        "suggestion": None,
    }


def render_examples(cases: list[CalibrationCase], rubric: Rubric) -> str:
    """The examples as prompt text: the turn as the grader would see it, then the whole answer."""
    lines = ["EXAMPLES (labelled by trained raters; the answer is what a correct grade looks like)"]
    for number, case in enumerate(cases, start=1):
        lines += [
            f"Example {number}. Patient: {case.patient!r}  Staff: {case.staff!r}",
            "Answer: " + json.dumps(example_answer(case, rubric)),
        ]
    return "\n".join(lines)
