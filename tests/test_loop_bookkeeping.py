"""Gradio's bookkeeping runs on the event loop where it is cheap (coach.ui.loop_bookkeeping, issue 16):
a trainee's turn sends no sign-in check and no cached queue summary to a worker thread, a client that has
not signed in is still refused (tests/test_ui_access.py), and the queue's summary is still computed when
it is due."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio.to_thread
import gradio as gr
import gradio.queueing
import pytest
from app_fixtures import serve_app
from gradio.queueing import Queue
from gradio_client import Client

from coach.backends import build_engine
from coach.config import Settings
from coach.ui import loop_bookkeeping
from coach.ui.view import api_result


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the functions sent to a worker thread, in order: through anyio.to_thread.run_sync
    (FastAPI, Starlette, Gradio's blocks), Gradio's queue's own reference to it (replaced when the app is
    built, if it still is) and the replacement's way to a thread."""
    names: list[str] = []
    real = anyio.to_thread.run_sync

    async def counted(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        inner = getattr(func, "func", func)  # Starlette wraps a sync endpoint in functools.partial
        names.append(getattr(inner, "__name__", type(inner).__name__))
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    monkeypatch.setattr(gradio.queueing, "run_sync", counted)
    monkeypatch.setattr(loop_bookkeeping, "_hop", counted)
    yield names


def test_a_turn_sends_no_sign_in_check_or_cached_summary_to_a_worker_thread(
    hops: list[str], tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path)
    served, url = serve_app(build_engine(settings, backend="offline"), settings)
    try:
        client = Client(url, verbose=False, download_files=False)
        session = api_result("start", client.predict("fearful", "amy", "", False, api_name="/start"))[
            "session"
        ]
        hops.clear()
        sent = client.predict(
            session, "I can see this is hard. I'm here.", None, None, None, [], "", api_name="/send"
        )
        assert len(api_result("send", sent)["chat"]) == 3, "the turn was answered"
    finally:
        served.close()
    assert hops, "no hop was counted at all, so the counter could not have seen the checks either"
    assert not {"login_check", "compute_analytics_summary"} & set(hops), hops


@pytest.fixture
def queue() -> Iterator[Queue]:
    with gr.Blocks() as demo:
        gr.Button().click(lambda: None, api_name="noop")
    demo.queue()
    loop_bookkeeping.summary_on_loop_when_cached()
    yield demo._queue


def _records(count: int) -> list[dict[str, Any]]:
    return [
        {"time": time.time(), "status": "success", "process_time": 0.01 * (i + 1), "function": "noop"}
        for i in range(count)
    ]


def test_the_queue_summary_from_its_cache_stays_on_the_loop(
    queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_thread(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("sent to a worker thread")

    monkeypatch.setattr(loop_bookkeeping, "_hop", no_thread)
    queue.ANAYLTICS_CACHE_FREQUENCY = 1000
    queue.events_recorded, queue.event_count_at_last_cache = 3, 0
    summary = asyncio.run(gradio.queueing.run_sync(queue.compute_analytics_summary, _records(3)))
    assert summary is queue.cached_event_analytics_summary


def test_the_queue_summary_is_still_computed_when_due(queue: Queue) -> None:
    queue.ANAYLTICS_CACHE_FREQUENCY = 2
    queue.events_recorded, queue.event_count_at_last_cache = 2, 0
    summary = asyncio.run(gradio.queueing.run_sync(queue.compute_analytics_summary, _records(2)))
    assert summary["functions"]["noop"]["total_requests"] == 2
    assert queue.event_count_at_last_cache == 2
