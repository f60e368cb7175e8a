"""The offline grader's grades stay exactly what they were on a fixed sample of the corpus and its variants.

Speed work on the grader must not change a grade: every score, flag, evidence span and better line of the
sample is hashed and compared with tests/fixtures/grade_digests.json. When a change is meant to change
grades (new rules, a retrained scorer), regenerate the file as benchmarks/grade_digest.py says.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.grade_digest import SAMPLE, digests

EXPECTED = Path(__file__).parent / "fixtures" / "grade_digests.json"


def test_the_sample_grades_exactly_as_recorded() -> None:
    expected = json.loads(EXPECTED.read_text())
    found = digests(SAMPLE)
    assert found.keys() == expected.keys()
    changed = sorted(item for item in expected if found[item] != expected[item])
    assert not changed, f"{len(changed)} of {len(expected)} grades changed, first: {changed[:5]}"
