"""The event loop never waits on the database (issue 16).

A turn's database work runs on a worker thread (coach.off_loop), so while one trainee's turn waits on the
database the process serves everyone else; and two sends on one session in one process are still
answered one after the other (coach.ui.turn_order). The waits are held by a test double of the store
until the test lets them go: the tests assert what happened in which order, never how long it took.
On SQLite, and on PostgreSQL when configured.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, cast

import anyio.to_thread
import gradio as gr
import pytest
from app_fixtures import serve_app
from gradio_client import Client

from coach.access.accounts import Accounts
from coach.backends import build_engine
from coach.config import Settings
from coach.grades_in_flight import GradesInFlight
from coach.models import Grade, GradingContext, Speaker, Turn, Usage
from coach.off_loop import off_loop, shares_threads
from coach.store import Store
from coach.ui.app import build_handlers
from coach.ui.turn_order import TurnOrder
from coach.ui.view import api_result

# Only for a failure: how long a held call waits before it gives up and lets the test fail (a loop that
# blocked on it never lets the other trainee in), so a broken build fails instead of hanging.
GIVE_UP_S = 60.0
FIRST = "I can hear you are worried. Would you like to sit down with me here?"
SECOND = "We can talk in the lounge if that feels easier. You choose."


class HeldStore(Store):
    """A store whose next exchange stored for `held` (and, when `grades_held`, its next grade) waits, on
    its thread, until the test says go."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.held: str | None = None
        self.grades_held = False
        self.entered = threading.Event()  # the held call has started
        self.go = threading.Event()
        self.gave_up = False  # nobody said go in time: the held call blocked whatever should have run

    def append_exchange(self, session_id: str, *args: Any, **kwargs: Any) -> tuple[Turn, Turn] | None:
        if session_id == self.held:
            self.held = None
            self.entered.set()
            self.gave_up = not self.go.wait(GIVE_UP_S)
        return super().append_exchange(session_id, *args, **kwargs)

    def add_grade(self, turn_id: str, grade: Grade, is_fallback: bool = False) -> None:
        if self.grades_held:
            self.grades_held = False
            self.entered.set()
            self.gave_up = not self.go.wait(GIVE_UP_S)
        super().add_grade(turn_id, grade, is_fallback)


@pytest.fixture
def held(database_url: str) -> HeldStore:
    return HeldStore(database_url)


def _call(client: Client, route: str, *args: Any) -> dict[str, Any]:
    return api_result(route, client.predict(*args, api_name=f"/{route}"))


def _send(client: Client, session_id: str, text: str) -> dict[str, Any]:
    return _call(client, "send", session_id, text, None, None, None, [], "")


def _said(store: Store, session_id: str) -> list[tuple[Speaker, str]]:
    return [(t.speaker, t.text) for t in store.branch(session_id)]


def test_another_trainee_is_served_while_a_turn_waits_on_the_database(
    held: HeldStore, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path)
    served, url = serve_app(build_engine(settings, backend="offline", store=held), settings)
    try:
        first, second = (Client(url, verbose=False, download_files=False) for _ in range(2))
        waiting_id = _call(first, "start", "fearful", "amy", "", False)["session"]
        held.held = waiting_id
        with ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(_send, first, waiting_id, FIRST)
            assert held.entered.wait(GIVE_UP_S), "the first trainee's turn reached the database"
            # The first turn is inside its database call now; the second trainee starts and plays.
            other_id = _call(second, "start", "withdrawn", "ben", "", False)["session"]
            answered = _send(second, other_id, SECOND)
            held.go.set()
            waited = waiting.result(GIVE_UP_S)
        assert not held.gave_up, "the other trainee was served while the first turn waited on the database"
        assert _said(held, other_id)[-2:][0] == (Speaker.staff, SECOND)
        assert _said(held, other_id)[-1][0] is Speaker.patient and len(answered["chat"]) == 3
        assert _said(held, waiting_id)[1] == (Speaker.staff, FIRST), "the held turn was stored after all"
        assert len(waited["chat"]) == 3, "and its trainee got the reply"
    finally:
        served.close()
        held.close()


class WatchedOrder(TurnOrder):
    """The turn order, recording each session a turn asks to open (before it waits for its turn)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str | None] = []

    @asynccontextmanager
    async def opening(self, session_id: str | None) -> AsyncIterator[Callable[[], None]]:
        self.asked.append(session_id)
        async with super().opening(session_id) as opened:
            yield opened


def test_two_sends_on_one_session_at_once_are_answered_one_after_the_other(
    held: HeldStore, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path)
    engine = build_engine(settings, backend="offline", store=held)
    with gr.Blocks():
        handlers = build_handlers(engine, settings, Accounts(held))
    order = handlers.turn_order = WatchedOrder()
    session, _ = engine.start("amy", "fearful")
    held.held = session.id

    async def sent(text: str, token: str) -> list[dict[Any, Any]]:
        updates = handlers.send(session.id, text, None, None, None, [], token, cast(gr.Request, None))
        return [update async for update in updates]

    async def both() -> tuple[list[dict[Any, Any]], list[dict[Any, Any]]]:
        first = asyncio.create_task(sent(FIRST, "one"))
        assert await anyio.to_thread.run_sync(held.entered.wait, GIVE_UP_S)
        second = asyncio.create_task(sent(SECOND, "two"))  # a second window on the same session
        while len(order.asked) < 2:
            await asyncio.sleep(0)
        await asyncio.sleep(0)  # the second is waiting for the first's line to be stored
        held.go.set()
        return await first, await second

    first, second = asyncio.run(both())
    said = _said(held, session.id)
    assert [speaker for speaker, _ in said] == [Speaker.patient, Speaker.staff] * 2 + [Speaker.patient]
    assert [text for speaker, text in said if speaker is Speaker.staff] == [FIRST, SECOND]
    s = handlers.view.screen
    assert all(update.get(s.message) == "" for update in (first[-1], second[-1])), "both turns were stored"


class ModelGrader:
    """A model's grade at once: the offline grade under the model's name."""

    name = "llm:test"

    async def agrade(self, ctx: GradingContext, floor: Grade) -> Grade:
        return floor.model_copy(update={"grader": self.name})

    async def agrade_with_usage(self, ctx: GradingContext, floor: Grade) -> tuple[Grade, Usage]:
        return await self.agrade(ctx, floor), Usage()


def test_a_model_grade_being_stored_when_its_turn_fails_is_kept_and_reused_by_the_retry(
    held: HeldStore, tmp_path: Path
) -> None:
    engine = build_engine(Settings(data_dir=tmp_path), backend="offline", store=held)
    session, _ = engine.start("amy", "fearful")
    turn = asyncio.run(engine.take_turn(session.id, FIRST))
    assert turn.staff.id is not None
    staff_id, floor = turn.staff.id, turn.grade
    in_flight = GradesInFlight(held, lambda *usage: None)
    held.grades_held = True

    async def failed_then_retried() -> tuple[bool, bool]:
        task = in_flight.start(ModelGrader(), None, session.id, turn.staff, cast(GradingContext, None), floor)
        assert await anyio.to_thread.run_sync(held.entered.wait, GIVE_UP_S), "the grade is being stored"
        in_flight.cancel(staff_id, task)  # the reply failed: the grader goes with its turn
        reused = in_flight.running(staff_id) is task  # what a retry asks before starting a grade
        held.go.set()
        await task
        return reused, task.cancelled()

    reused, cancelled = asyncio.run(failed_then_retried())
    assert reused and not cancelled, "a grade already made is stored, and the retry waits for it"
    graders = [grade.grader for grade in held.grades(staff_id)]
    assert graders.count("llm:test") == 1, graders
    assert in_flight.running(staff_id) is None, "forgotten once stored"


def test_a_session_waits_only_for_its_own_earlier_turn() -> None:
    order = TurnOrder()
    log: list[str] = []

    async def turn(name: str, session_id: str, stored: asyncio.Event, fails: bool = False) -> None:
        try:
            async with order.opening(session_id) as opened:
                log.append(f"{name} reads")
                await stored.wait()
                if fails:
                    raise RuntimeError("the turn failed before its first event")
                opened()
                log.append(f"{name} stored")
        except RuntimeError:
            log.append(f"{name} failed")

    async def scenario() -> None:
        a_stored, b_stored, c_stored = asyncio.Event(), asyncio.Event(), asyncio.Event()
        a = asyncio.create_task(turn("a", "s1", a_stored, fails=True))
        b = asyncio.create_task(turn("b", "s1", b_stored))
        c = asyncio.create_task(turn("c", "s2", c_stored))
        for _ in range(5):
            await asyncio.sleep(0)
        assert log == ["a reads", "c reads"], "another session does not wait; the same session does"
        a_stored.set()
        for _ in range(5):
            await asyncio.sleep(0)
        assert log[2:] == ["a failed", "b reads"], "a turn that fails lets the next one in"
        b_stored.set()
        c_stored.set()
        await asyncio.gather(a, b, c)

    asyncio.run(scenario())


def test_a_store_in_memory_is_used_on_the_loop_s_own_thread() -> None:
    """SQLite in memory is a database per connection, and its pool gives each thread its own: a worker
    thread would find an empty database there."""
    with Store("sqlite://") as memory:
        assert not shares_threads(memory)
        engine = build_engine(Settings(), backend="offline", store=memory)
        session, _ = engine.start("amy", "fearful")

        async def read() -> list[Turn]:
            return await off_loop(memory, memory.branch, session.id)

        assert len(asyncio.run(read())) == 1, "the opening line, read where the session was stored"


def test_a_turn_cancelled_while_its_store_call_runs_is_cancelled_once_the_call_has_returned(
    store: Store,
) -> None:
    """A request abandoned mid-write (a closed browser) never leaves the write half-way with its caller
    gone: the caller waits for the call, however often it is cancelled meanwhile, then is cancelled."""
    entered, go = threading.Event(), threading.Event()
    returned: list[str] = []

    def write() -> str:
        entered.set()
        assert go.wait(GIVE_UP_S), "the test let the call go"
        returned.append("written")
        return "written"

    async def scenario() -> tuple[bool, list[str]]:
        task = asyncio.ensure_future(off_loop(store, write))
        assert await anyio.to_thread.run_sync(entered.wait, GIVE_UP_S)
        task.cancel()
        await asyncio.sleep(0)
        task.cancel()  # twice: a second cancellation does not cut the wait short either
        for _ in range(5):
            await asyncio.sleep(0)
        waited = not task.done()
        go.set()
        with pytest.raises(asyncio.CancelledError):
            await task
        return waited, list(returned)

    waited, seen_after = asyncio.run(scenario())
    assert waited, "the cancelled caller waited for its call"
    assert seen_after == ["written"], "and was cancelled only once the call had returned"


def test_a_store_call_sees_the_caller_s_context_and_raises_its_own_errors(store: Store) -> None:
    who: contextvars.ContextVar[str] = contextvars.ContextVar("who", default="nobody")

    def whose() -> str:
        return f"{who.get()} on {threading.current_thread().name}"

    def fails() -> None:
        raise LookupError("no such turn")

    async def scenario() -> str:
        who.set("amy")
        with pytest.raises(LookupError, match="no such turn"):
            await off_loop(store, fails)
        return await off_loop(store, whose)

    said = asyncio.run(scenario())
    assert said.startswith("amy on ") and said != f"amy on {threading.current_thread().name}"
