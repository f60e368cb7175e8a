"""The engine on the LLM backend, through the real HTTP stack against the loopback OpenAI server: the
reply and the LLM grade run concurrently, usage is recorded, failures keep the turn and can be retried."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.backends import build_engine, check_endpoint
from coach.cli import app
from coach.engine import Engine
from coach.fakeopenai import Fault, FaultKind, RecordedRequest, Text
from coach.models import Speaker
from coach.stance import Stance
from coach.store import Store
from coach.turn_events import BackendError, GradeReady, ReplyDelta, StaffStored, TurnFailed, TurnResult

pytest_plugins = ["llm_fixtures"]

REPLY = "I just want to get the card to her. [cues: looks at the floor; shoulders drop]"
GOOD = (
    "I'm sorry, leave can't go ahead today because we're short of staff. "
    "You could pick a card now, or ring Ellie."
)


def patient_text(_: RecordedRequest) -> Text:
    return Text(content=REPLY)


def make_engine(tmp_path: Path, llm_settings, **overrides) -> Engine:
    settings = llm_settings(data_dir=tmp_path, **overrides)
    return build_engine(settings, store=Store(settings.db_url))


@pytest.fixture
def engine(tmp_path: Path, llm_settings, fake_openai) -> Engine:
    fake_openai.responder = lambda req: None if req.structured else patient_text(req)
    return make_engine(tmp_path, llm_settings)


async def collect(engine: Engine, session_id: str, text: str) -> tuple[list, list[float]]:
    events, stamps = [], []
    t0 = time.perf_counter()
    async for event in engine.stream_turn(session_id, text, Stance()):
        events.append(event)
        stamps.append(time.perf_counter() - t0)
    return events, stamps


def test_a_turn_on_the_llm_backend_stores_both_grades_and_the_reply(engine: Engine, fake_openai) -> None:
    session, _ = engine.start("amy", "refused-request")
    events, _ = asyncio.run(collect(engine, session.id, GOOD))
    assert isinstance(events[0], StaffStored) and events[0].grade.grader == "offline"
    assert any(isinstance(e, ReplyDelta) for e in events)
    result, ready = events[-2:]
    assert isinstance(result, TurnResult) and isinstance(ready, GradeReady)
    assert result.grade_pending and result.grade.grader == "offline", "the reply ends the turn"
    assert result.patient.text == "I just want to get the card to her."
    assert result.patient.cues == ["looks at the floor", "shoulders drop"]
    assert result.patient.source == "llm:fake-patient"
    graders = [g.grader for g in engine.store.grades(result.staff.id)]
    assert graders == ["offline", "llm:fake-grader"]
    assert ready.grade.grader == "llm:fake-grader" and ready.staff == result.staff
    assert engine.branch(session.id)[-1].state == result.state
    totals = engine.store.usage_totals(session.id)
    assert totals["calls"] == 2 and totals["prompt_tokens"] > 0 and totals["completion_tokens"] > 0
    structured = [r for r in fake_openai.requests if r.structured]
    assert structured and GOOD in structured[0].text()


def test_the_reply_and_the_grade_run_concurrently(tmp_path: Path, llm_settings, fake_openai) -> None:
    latency = 1.0
    fake_openai.latency = latency
    fake_openai.responder = lambda req: None if req.structured else patient_text(req)
    engine = make_engine(tmp_path, llm_settings, request_timeout=5.0)
    session, _ = engine.start("amy", "refused-request")
    _, stamps = asyncio.run(collect(engine, session.id, GOOD))
    # Both calls wait `latency` before their first byte: one after the other would take 2 L or more.
    assert stamps[-1] < 1.7 * latency, f"turn took {stamps[-1]:.2f}s with L={latency}s"


def test_the_first_token_never_waits_for_the_grade(engine: Engine, fake_openai) -> None:
    fake_openai.responder = lambda req: (
        Fault(kind=FaultKind.hang, seconds=5) if req.structured else patient_text(req)
    )
    session, _ = engine.start("amy", "refused-request")
    events, stamps = asyncio.run(collect(engine, session.id, GOOD))
    first_delta = next(t for e, t in zip(events, stamps, strict=True) if isinstance(e, ReplyDelta))
    result, ready = events[-2:]
    assert isinstance(result, TurnResult) and isinstance(ready, GradeReady)
    # The grade hung past its timeout (1 s a try) and fell back; the reply came long before that.
    assert first_delta < 0.9
    assert ready.grade.grader == "llm-fallback"
    stored = engine.store.grades(result.staff.id)
    assert [g.grader for g in stored] == ["offline", "llm-fallback"]


def test_a_provider_failure_keeps_the_turn_and_can_be_retried(
    tmp_path: Path, llm_settings, fake_openai
) -> None:
    # No retries inside a call (their backoff has its own tests, tests/test_llm_factory.py): the failure
    # reaches the turn at once.
    engine = make_engine(tmp_path, llm_settings, max_retries=0)
    fake_openai.responder = lambda req: None if req.structured else Fault(kind=FaultKind.server_error)
    session, _ = engine.start("amy", "refused-request")
    events, _ = asyncio.run(collect(engine, session.id, "Hello Callum, I'm Alex."))
    failed = events[-1]
    assert isinstance(failed, TurnFailed)
    assert "saved" in failed.message and "Traceback" not in failed.message
    assert engine.branch(session.id)[-1].speaker is Speaker.staff
    with pytest.raises(BackendError):
        asyncio.run(engine.retry(session.id))
    fake_openai.responder = lambda req: None if req.structured else patient_text(req)
    result = asyncio.run(engine.retry(session.id))
    assert result.patient.source == "llm:fake-patient"
    assert len([t for t in engine.store.all_turns(session.id) if t.speaker is Speaker.staff]) == 1


def test_coach_grade_on_the_llm_backend(tmp_path: Path, llm_settings, fake_openai, monkeypatch) -> None:
    settings = llm_settings(data_dir=tmp_path)
    for key, value in {
        "COACH_DATA_DIR": str(tmp_path),
        "COACH_BACKEND": "llm",
        "OPENAI_BASE_URL": settings.openai_base_url,
        "OPENAI_API_KEY": "test-key",
        "COACH_GRADER_MODEL": "openai:fake-grader",
        "COACH_REQUEST_TIMEOUT": "1",
    }.items():
        monkeypatch.setenv(key, value)
    from coach.config import get_settings

    get_settings.cache_clear()
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "staff": "Calm down.", "persona": "fearful"}) + "\n")
    try:
        result = CliRunner().invoke(app, ["grade", str(src)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout)
    assert line["grader"] == "llm:fake-grader"
    assert "calm_down" in line["flags"], "the offline flags are a floor"


def test_a_missing_key_is_one_clear_message(tmp_path: Path, llm_settings) -> None:
    settings = llm_settings(data_dir=tmp_path, openai_api_key=None)
    with pytest.raises(ValueError, match="key"):
        build_engine(settings)


def test_start_up_check_refuses_a_wrong_key_and_warns_when_unreachable(
    tmp_path: Path, llm_settings, fake_openai
):
    fake_openai.api_key = "the-right-key"
    wrong = llm_settings(data_dir=tmp_path, openai_api_key="a-wrong-key")
    with pytest.raises(ValueError, match="key was refused"):
        check_endpoint(wrong, build_engine(wrong))
    right = llm_settings(data_dir=tmp_path, openai_api_key="the-right-key")
    assert check_endpoint(right, build_engine(right)) is None
    unreachable = llm_settings(data_dir=tmp_path, openai_base_url="http://127.0.0.1:9/v1")
    assert "cannot reach" in (check_endpoint(unreachable, build_engine(unreachable)) or "")
