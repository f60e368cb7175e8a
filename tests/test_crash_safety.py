"""Crash safety: the real app process (`python app.py`) is killed with SIGKILL while trainees are in the
middle of their turns, then started again on the same database.

The app runs on the LLM backend against the loopback OpenAI server. Once every trainee has had a few turns
answered, the server stops answering, so each trainee's next turn is stored and waiting for its reply
when the process is killed. After the restart (offline: the model is still down) every turn the app
acknowledged is in the store, in order, each waiting turn is there once, and each session carries on
through the API: the browser keeps only the session id, so /resume shows the conversation, the waiting
turn is answered by /continue_offline, and the next /send is answered.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from app_fixtures import free_port
from gradio_client import Client

from coach.fakeopenai import FakeOpenAI
from coach.models import Speaker
from coach.store import Store
from coach.ui.view import api_result

pytestmark = pytest.mark.slow  # starts and kills the app in subprocesses

ROOT = Path(__file__).resolve().parents[1]  # the checkout: app.py and benchmarks/ are not packaged

TRAINEES = 4
TURNS_BEFORE_KILL = 3  # each trainee has at least this many acknowledged turns when the app is killed
READY_TIMEOUT_S = 90
SETTLE_S = 0.5
LINES = (
    "Hello, I'm one of the nurses on today. What's happened?",
    "I can see this matters to you. Tell me what you need.",
    "I'll stay over here, so you have some space.",
    "Let me explain what happens next, and when.",
)


@dataclass
class App:
    """`python app.py` on a data folder; `url` once it serves its page."""

    data_dir: Path
    process: subprocess.Popen[bytes] | None = None
    url: str = ""

    def start(self, **env_vars: str) -> None:
        port = free_port()
        env = {**os.environ, "COACH_DATA_DIR": str(self.data_dir), "COACH_PORT": str(port), **env_vars}
        self.process = subprocess.Popen(
            [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.process.stderr.read().decode()  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(self.url, timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"app.py did not serve {self.url} within {READY_TIMEOUT_S} s")

    def store(self) -> Store:
        """A second connection to the app's database, as another process would open it."""
        return Store(f"sqlite:///{self.data_dir / 'coach.db'}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


@dataclass
class Trainee:
    """One simulated trainee: the lines the app acknowledged and the one in flight when it died."""

    index: int
    session_id: str = ""
    acknowledged: list[str] = field(default_factory=list)
    in_flight: str | None = None
    problem: str | None = None

    def play(self, url: str, ready: threading.Barrier) -> None:
        """Send turns until the app goes away; stop at the first turn the app refuses."""
        client = Client(url, verbose=False, download_files=False)
        self.session_id = call(client, "start", "refused-request", f"crash{self.index}", "", False)["session"]
        ready.wait()
        for number in range(100):
            text = f"{LINES[number % len(LINES)]} ({self.index}.{number})"
            self.in_flight = text
            try:
                sent = call(client, "send", self.session_id, text, None, None, None, [], uuid.uuid4().hex)
            except Exception:  # the app was killed under this request: that is the point of the test
                return
            notice = sent["turn_notice"]
            if notice:
                self.problem = f"turn refused: {notice}"
                return
            self.acknowledged.append(text)
            self.in_flight = None


def call(client: Client, route: str, *args: Any) -> dict[str, Any]:
    return api_result(route, client.predict(*args, api_name=f"/{route}"))


@pytest.fixture
def app(tmp_path: Path) -> Iterator[App]:
    running = App(tmp_path / "data")
    yield running
    running.stop()


@pytest.fixture
def model() -> Iterator[FakeOpenAI]:
    with FakeOpenAI.running(log_level="critical") as server:
        yield server


def waiting_for_a_reply(store: Store, session_id: str) -> bool:
    return store.branch(session_id)[-1].speaker is Speaker.staff


def all_waiting(store: Store, trainees: list[Trainee]) -> bool:
    """Every trainee's newest turn waits for its reply, and still does a moment later (a turn whose model
    calls went out just before the model stopped answering still finishes)."""
    if not all(waiting_for_a_reply(store, t.session_id) for t in trainees):
        return False
    time.sleep(SETTLE_S)
    return all(waiting_for_a_reply(store, t.session_id) for t in trainees)


def test_a_killed_app_loses_no_acknowledged_turn_and_sessions_carry_on(app: App, model: FakeOpenAI) -> None:
    app.start(
        COACH_BACKEND="llm",
        OPENAI_BASE_URL=model.base_url,
        OPENAI_API_KEY="test-key",
        COACH_PATIENT_MODEL="openai:crash-patient",
        COACH_GRADER_MODEL="openai:crash-grader",
    )
    trainees = [Trainee(i) for i in range(TRAINEES)]
    ready = threading.Barrier(TRAINEES + 1)
    threads = [threading.Thread(target=t.play, args=(app.url, ready), daemon=True) for t in trainees]
    for thread in threads:
        thread.start()
    ready.wait(timeout=60)
    deadline = time.monotonic() + 60
    while min(len(t.acknowledged) for t in trainees) < TURNS_BEFORE_KILL and time.monotonic() < deadline:
        time.sleep(0.02)
    model.latency = 600.0  # the model stops answering: every trainee's next turn waits for its reply
    with app.store() as store:
        while not all_waiting(store, trainees):
            assert time.monotonic() < deadline, "the trainees' turns did not reach the store"
            time.sleep(0.02)
    app.kill()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a client hung after the app died"
    assert [t.problem for t in trainees] == [None] * TRAINEES
    assert min(len(t.acknowledged) for t in trainees) >= TURNS_BEFORE_KILL

    with app.store() as store:
        for t in trainees:
            stored = [turn.text for turn in store.branch(t.session_id) if turn.speaker is Speaker.staff]
            assert stored[: len(t.acknowledged)] == t.acknowledged, "every acknowledged turn, in order"
            assert stored[len(t.acknowledged) :] == [t.in_flight], "the turn in flight, once"
            assert waiting_for_a_reply(store, t.session_id)

    app.start(COACH_BACKEND="offline")
    client = Client(app.url, verbose=False, download_files=False)
    for t in trainees:
        screen = call(client, "resume", t.session_id)
        assert screen["session"] == t.session_id
        with app.store() as store:
            branch = store.branch(t.session_id)
        assert len(screen["chat"]) == len(branch), "the page shows the whole stored conversation"
        assert "has not answered" in screen["turn_notice"], "the waiting turn is shown as waiting"
        assert call(client, "continue_offline", t.session_id)["turn_notice"] == ""
        after = call(
            client, "send", t.session_id, "Thank you for waiting. I'm back.", None, None, None, [], ""
        )
        assert after["turn_notice"] == ""
        with app.store() as store:
            branch = store.branch(t.session_id)
        assert branch[-2].text == "Thank you for waiting. I'm back." and branch[-1].speaker is Speaker.patient
        staff = [turn.text for turn in branch if turn.speaker is Speaker.staff]
        assert staff == [*t.acknowledged, t.in_flight, "Thank you for waiting. I'm back."]
