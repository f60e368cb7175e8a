"""A turn whose reply is made at once (the offline patient): the staff turn, its grade and the reply
stored in one transaction, placed and read back exactly as two appends would store them; and what the
trainee typed kept when the reply cannot be made. On SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, select

from coach.backends import build_engine
from coach.config import Settings
from coach.engine import SENT_ELSEWHERE, Engine
from coach.models import Outcome, PatientState, Session, Speaker, Turn
from coach.patient.base import PatientContext, PatientReply
from coach.patient.offline import OfflinePatient, chunks
from coach.schema import turns
from coach.stance import Distance, Stance, Voice
from coach.store import Store
from coach.turn_events import ReplyDelta, TurnFailed, TurnResult
from coach.typed_text import TurnRejected


@pytest.fixture
def engine(store: Store, tmp_path: Path) -> Engine:
    return build_engine(Settings(data_dir=tmp_path), backend="offline", store=store)


def writes_counted(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many write transactions the store opens from now on (a one-item list, counting)."""
    count = [0]
    writing = store.writing

    def counted() -> AbstractContextManager[Connection]:
        count[0] += 1
        return writing()

    monkeypatch.setattr(store, "writing", counted)
    return count


def play(engine: Engine, session: Session, text: str, **kw: Any) -> list[object]:
    async def events() -> list[object]:
        return [e async for e in engine.stream_turn(session.id, text, Stance(), **kw)]

    return asyncio.run(events())


def placed(store: Store) -> dict[str, tuple[int, int]]:
    with store.reading() as conn:
        return {
            row.id: (row.depth, row.seq)
            for row in conn.execute(select(turns.c.id, turns.c.depth, turns.c.seq))
        }


def test_an_offline_turn_is_one_write_and_stores_what_two_appends_would(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, opening = engine.start("amy", "fearful")
    writes = writes_counted(engine.store, monkeypatch)
    first = asyncio.run(engine.take_turn(session.id, "Hello, I'm Sam. What's happened?"))
    back = Stance(distance=Distance.two_arms_or_more)
    second = asyncio.run(engine.take_turn(session.id, "That sounds frightening.", back))

    assert writes == [2], "one write transaction a turn: the staff turn, its grade and the reply"
    branch = engine.branch(session.id)
    stored = [first.staff, first.patient, second.staff, second.patient]
    assert [t.id for t in branch] == [opening.id, *(t.id for t in stored)]
    assert [t.parent_id for t in branch[1:]] == [t.id for t in branch[:-1]]
    assert engine.store.get_session(session.id).head_turn_id == second.patient.id
    assert placed(engine.store) == {turn.id: (depth, depth) for depth, turn in enumerate(branch)}
    assert engine.store.grades(second.staff.id) == [second.grade]
    assert branch[4].state == second.state and branch[3].stance == back


def test_the_turn_that_ends_the_scene_is_one_write_with_its_ending(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, _ = engine.start("amy", "patient-conflict")
    writes = writes_counted(engine.store, monkeypatch)
    loud = Stance(distance=Distance.close, voice=Voice.raised)
    played = 0
    while played < 8:
        result = asyncio.run(engine.take_turn(session.id, "CALM DOWN or you're going to seclusion.", loud))
        played += 1
        if result.outcome is not None:
            break

    assert result.outcome is Outcome.crisis
    assert writes == [played], "the staff turn, its grade, the reply and the scene's ending: one write"
    with Store(engine.store.url) as other:  # another process sees the scene over
        ended = other.get_session(session.id)
    assert ended.outcome is Outcome.crisis and ended.ended_at is not None
    assert ended.head_turn_id == result.patient.id
    with pytest.raises(TurnRejected, match="ended"):
        play(engine, session, "Sorry, let's start again.")
    assert engine.end(session.id).ended_at == ended.ended_at, "ending it again keeps the first ending"


def test_a_second_store_reads_an_exchange_back_field_for_field(engine: Engine) -> None:
    session, _ = engine.start("amy", "fearful")
    result = asyncio.run(engine.take_turn(session.id, "I'm here. Would you like some water?"))
    with Store(engine.store.url) as other:  # nothing parsed yet: every field comes from the rows
        read = other.conversation(session.id)
    assert read.branch[1:] == [result.staff, result.patient]
    assert read.branch[1].created_at.tzinfo is not None and read.session == engine.store.get_session(
        session.id
    )
    assert isinstance(read.branch[2].state, PatientState) and read.answered_grades == [result.grade]


def test_an_exchange_after_a_moved_head_or_with_a_used_token_stores_nothing(engine: Engine) -> None:
    store = engine.store
    session, opening = engine.start("amy", "fearful")
    result = asyncio.run(engine.take_turn(session.id, "Hello, I'm Sam."))
    before = placed(store)
    staff, reply = Turn(speaker=Speaker.staff, text="again"), Turn(speaker=Speaker.patient, text="no")

    assert store.append_exchange(session.id, staff, reply, after=opening.id, grade=result.grade) is None
    store.set_head(session.id, opening.id)
    used = store.append_turn(session.id, staff, after=opening.id, client_token="t").turn
    store.set_head(session.id, opening.id)
    assert store.append_exchange(session.id, staff, reply, after=opening.id, client_token="t") is None
    assert placed(store) == {**before, used.id: (1, 3)}
    with pytest.raises(ValueError, match="staff turn and the patient's reply"):
        store.append_exchange(session.id, reply, staff, after=opening.id)


def test_a_turn_from_a_read_the_session_has_moved_on_from_is_refused(engine: Engine) -> None:
    session, _ = engine.start("amy", "fearful")
    with Store(engine.store.url) as other:  # a read, not the store's kept copy (tests/test_kept_conversation)
        stale = other.conversation(session.id)
    asyncio.run(engine.take_turn(session.id, "Hello, I'm Sam."))
    count = len(engine.store.all_turns(session.id))
    with pytest.raises(TurnRejected, match="same moment") as refused:
        play(engine, session, "Hello again.", read=stale)
    assert str(refused.value) == SENT_ELSEWHERE and len(engine.store.all_turns(session.id)) == count
    with pytest.raises(ValueError, match="not"):
        play(
            engine,
            session,
            "Hello again.",
            read=engine.store.conversation(engine.start("bo", "fearful")[0].id),
        )


class StalledPatient:
    """Answers nothing until cancelled: a request abandoned while the reply is made."""

    name = "offline"

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        await asyncio.Event().wait()
        yield "never"


def test_a_turn_abandoned_while_its_reply_is_made_keeps_what_was_typed(engine: Engine) -> None:
    session, _ = engine.start("amy", "fearful")
    engine.patient = StalledPatient()

    async def abandoned() -> None:
        task = asyncio.ensure_future(play_async(engine, session, "Hello, I'm Sam."))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(abandoned())
    last = engine.branch(session.id)[-1]
    assert last.speaker is Speaker.staff and last.text == "Hello, I'm Sam."
    assert [g.grader for g in engine.store.grades(last.id)] == ["offline"]


async def play_async(engine: Engine, session: Session, text: str) -> list[object]:
    return [e async for e in engine.stream_turn(session.id, text, Stance())]


class BrokenPatient:
    name = "broken"

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        yield "I—"
        raise ConnectionError("provider down")


def test_a_reply_that_cannot_be_made_fails_the_turn_after_storing_the_staff_turn(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, _ = engine.start("amy", "fearful")
    engine.patient = BrokenPatient()
    writes = writes_counted(engine.store, monkeypatch)
    events = play(engine, session, "Hello, I'm Sam.")
    assert isinstance(events[-1], TurnFailed) and "saved" in events[-1].message
    assert not any(isinstance(e, TurnResult) for e in events)
    assert writes == [1] and engine.branch(session.id)[-1].speaker is Speaker.staff


def test_the_offline_reply_made_whole_reaches_the_page_in_the_pieces_it_streams_in(engine: Engine) -> None:
    session, _ = engine.start("amy", "fearful")
    events = play(engine, session, "I can see this is frightening. Would you like to sit by the window?")
    result = events[-1]
    assert isinstance(result, TurnResult)
    pieces = [e.text for e in events if isinstance(e, ReplyDelta)]
    assert pieces == chunks(result.patient.text) and len(pieces) > 1


class FailingOfflinePatient(OfflinePatient):
    def reply(self, ctx: PatientContext) -> PatientReply:
        raise RuntimeError("the persona file could not be read")


def test_an_offline_reply_that_cannot_be_made_fails_the_turn_after_storing_the_staff_turn(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, _ = engine.start("amy", "fearful")
    engine.patient = FailingOfflinePatient()
    writes = writes_counted(engine.store, monkeypatch)
    events = play(engine, session, "Hello, I'm Sam.")
    assert isinstance(events[-1], TurnFailed)
    assert not any(isinstance(e, TurnResult | ReplyDelta) for e in events)
    assert writes == [1] and engine.branch(session.id)[-1].text == "Hello, I'm Sam."
