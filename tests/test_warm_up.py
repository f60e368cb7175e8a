"""A serving process made ready at start (coach.warm_up): what the first turn would build is built, and
the objects alive then are left out of the garbage collector's later passes."""

from __future__ import annotations

import gc

from coach.config import get_settings
from coach.grading.offline import OfflineGrader
from coach.grading.rules import prefilter
from coach.personas import load_personas
from coach.rubrics import load_rubric
from coach.warm_up import settle_heap, warm_up


def test_warm_up_builds_the_phrase_tables_start_index_the_first_reading_would() -> None:
    settings = get_settings()
    personas = load_personas(settings.personas_dir)
    grader = OfflineGrader(load_rubric(settings.rubrics_dir / "staff-turn.yaml"), personas)
    prefilter.INDEX._pattern = None  # as in a process that has read nothing yet
    prefilter.text_rules.cache_clear()
    warm_up(grader, personas)
    assert prefilter.INDEX._pattern is not None, "the first trainee's reading would have built it"


def test_warm_up_answers_every_persona_without_a_store() -> None:
    settings = get_settings()
    personas = load_personas(settings.personas_dir)
    graded: list[str | None] = []

    class Counting(OfflineGrader):
        def grade(self, ctx):  # type: ignore[no-untyped-def]
            graded.append(ctx.persona_id)
            return super().grade(ctx)

    warm_up(Counting(load_rubric(settings.rubrics_dir / "staff-turn.yaml"), personas), personas)
    assert set(graded) == set(personas), "every scene's material is read, not only the first persona's"


def test_settle_heap_leaves_the_objects_alive_out_of_later_collections() -> None:
    kept = [["a long-lived object"] for _ in range(10)]
    try:
        settle_heap()
        collected = gc.get_objects()  # what a collection walks
        assert not any(any(o is k for k in kept) for o in collected)
    finally:
        gc.unfreeze()  # this test process goes on as before
    assert all(any(o is k for o in gc.get_objects()) for k in kept[:1])
