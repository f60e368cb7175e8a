"""The store's kept copy of a session it wrote last: the next turn in the same process starts from it
without reading the session, and a copy another process has made stale is caught by the exchange's
compare and set, dropped, and the turn made again from a read, so two processes on one database stay
correct. Two stores on one database stand
for two app processes. On SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.models import Outcome, Session
from coach.stance import Stance
from coach.store import Store
from coach.turn_events import StaffStored, TurnResult
from coach.typed_text import TurnRejected


@pytest.fixture
def engine(store: Store, tmp_path: Path) -> Engine:
    return build_engine(Settings(data_dir=tmp_path), backend="offline", store=store)


@pytest.fixture
def elsewhere(store: Store, tmp_path: Path) -> Iterator[Engine]:
    """A second app process on the same database."""
    with Store(store.url) as other:
        yield build_engine(Settings(data_dir=tmp_path), backend="offline", store=other)


def turn(engine: Engine, session: Session, text: str) -> list[object]:
    async def events() -> list[object]:
        return [e async for e in engine.stream_turn(session.id, text, Stance())]

    return asyncio.run(events())


def fresh(engine: Engine) -> Store:
    """A store that has kept nothing: what a read of the database gives."""
    return Store(engine.store.url)


def test_the_next_turn_starts_from_the_kept_copy_which_is_what_a_read_gives(engine: Engine) -> None:
    session, _ = engine.start("amy", "fearful")
    for text in ("Hello, I'm Sam. What's happened?", "That sounds frightening. Shall we sit?"):
        kept = engine.store.conversation(session.id)
        assert kept.kept, "a started or played session is kept by the store that wrote it"
        with fresh(engine) as other:
            read = other.conversation(session.id)
        assert not read.kept
        assert (kept.session, kept.turns, kept.branch) == (read.session, read.turns, read.branch)
        assert kept.answered_grades == read.answered_grades
        result = turn(engine, session, text)[-1]
        assert isinstance(result, TurnResult)


def test_a_copy_another_process_moved_on_is_caught_and_the_turn_made_from_a_read(
    engine: Engine, elsewhere: Engine
) -> None:
    session, _ = engine.start("amy", "fearful")
    turn(engine, session, "Hello, I'm Sam.")
    moved = asyncio.run(elsewhere.take_turn(session.id, "I'm here to help."))  # the other process's turn
    assert engine.store.conversation(session.id).kept, "this process's copy does not know of it"

    events = turn(engine, session, "What would help?")
    stored = next(e for e in events if isinstance(e, StaffStored))
    result = events[-1]
    assert isinstance(result, TurnResult) and result.staff.parent_id == moved.patient.id
    assert [t.id for t in stored.branch][-3:] == [moved.staff.id, moved.patient.id, result.staff.id]
    with fresh(engine) as other:
        assert [t.id for t in other.branch(session.id)][-4:] == [
            moved.staff.id,
            moved.patient.id,
            result.staff.id,
            result.patient.id,
        ]
        assert other.grades(result.staff.id) == [result.grade], "graded once, in the situation read"


def test_two_turns_at_the_same_moment_from_one_copy_store_one_after_the_other(engine: Engine) -> None:
    session, _ = engine.start("amy", "fearful")
    turn(engine, session, "Hello, I'm Sam.")
    copy = engine.store.conversation(session.id)
    first = turn(engine, session, "What would help?")[-1]
    assert isinstance(first, TurnResult)

    async def events() -> list[object]:  # a second turn that read the same copy before the first ended
        return [e async for e in engine.stream_turn(session.id, "Shall we sit?", Stance(), read=copy)]

    second = asyncio.run(events())[-1]
    assert isinstance(second, TurnResult) and second.staff.parent_id == first.patient.id
    with fresh(engine) as other:
        assert len(other.all_turns(session.id)) == 7, "opening and three exchanges: nothing chained twice"


def test_a_session_ended_in_another_process_is_not_played_on_from_the_copy(
    engine: Engine, elsewhere: Engine
) -> None:
    session, _ = engine.start("amy", "fearful")
    turn(engine, session, "Hello, I'm Sam.")
    count = len(engine.store.all_turns(session.id))
    elsewhere.end(session.id, Outcome.unresolved)

    with pytest.raises(TurnRejected, match="ended"):
        turn(engine, session, "Are you still there?")
    assert len(engine.store.all_turns(session.id)) == count


def test_a_branch_added_elsewhere_under_the_same_head_is_shown_with_the_next_turn(
    engine: Engine, elsewhere: Engine
) -> None:
    session, _ = engine.start("amy", "fearful")
    first = asyncio.run(engine.take_turn(session.id, "Hello, I'm Sam."))
    # Elsewhere: undo, a different line on a new branch, then a rewind back to the same reply.
    elsewhere.undo(session.id)
    other = asyncio.run(elsewhere.take_turn(session.id, "Good morning."))
    elsewhere.rewind(session.id, first.patient.id)

    events = turn(engine, session, "What's happened?")
    stored = next(e for e in events if isinstance(e, StaffStored))
    result = events[-1]
    assert isinstance(result, TurnResult) and result.staff.parent_id == first.patient.id
    assert {other.staff.id, other.patient.id} <= {t.id for t in stored.turns}, "every branch shown"
    with fresh(engine) as again:
        shown = [t.id for t in stored.turns]  # up to the staff turn; the reply follows it
        assert [t.id for t in again.all_turns(session.id)] == [*shown, result.patient.id]
