"""The reply ends the turn (issue 12): the patient turn is stored and the turn is over when the reply is
final; the LLM grade follows, stores itself even when nobody listens any more, has its own deadline, is
cancelled with a failed turn, and the next turn starts from the state it gives. And a hung provider is
news to the trainee within seconds, not a minute (issue 15, finding 14)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from coach import dynamics
from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.fakeopenai import FakeOpenAI, Fault, FaultKind, Json, RecordedRequest, Text
from coach.fakeopenai.schema import minimal_instance
from coach.models import Speaker
from coach.reconciled_state import answered_staff_turn, reconciled_state_before
from coach.stance import Stance
from coach.store import Store
from coach.turn_deadline import ReplySlow
from coach.turn_events import GradeReady, ReplyDelta, TurnFailed, TurnResult

pytest_plugins = ["llm_fixtures"]

REPLY = "Right. I just want to get the card to her.\n[cues: looks at the floor; shoulders drop]"
TURN = "I'm sorry, leave can't go ahead today because we're short of staff. You could pick a card now."


def make_engine(tmp_path: Path, llm_settings, **overrides) -> Engine:
    settings = llm_settings(data_dir=tmp_path, **overrides)
    return build_engine(settings, store=Store(settings.db_url))


def patient_says(text: str = REPLY):
    return lambda req: None if req.structured else Text(content=text)


async def timed(events) -> list[tuple[float, object]]:
    t0 = time.perf_counter()
    return [(time.perf_counter() - t0, event) async for event in events]


def test_the_turn_ends_with_the_reply_while_the_grader_is_3_s_slower(
    tmp_path: Path, llm_settings, fake_openai: FakeOpenAI
) -> None:
    fake_openai.chunk_latency = 0.05
    fake_openai.responder = patient_says()
    fake_openai.delay = lambda req: 3.0 if req.structured else 0.0
    engine = make_engine(tmp_path, llm_settings, request_timeout=6.0, grade_deadline=10.0)
    session, _ = engine.start("amy", "refused-request")
    stamped = asyncio.run(timed(engine.stream_turn(session.id, TURN, Stance())))
    reply_done = max(t for t, e in stamped if isinstance(e, ReplyDelta))
    turn_end = next(t for t, e in stamped if isinstance(e, TurnResult))
    graded = next(t for t, e in stamped if isinstance(e, GradeReady))
    print(f"reply final {reply_done:.3f}s, turn end {turn_end:.3f}s, grade {graded:.3f}s")
    assert turn_end <= 1.1 * reply_done
    assert graded >= 3.0 > turn_end
    assert engine.branch(session.id)[-1].speaker is Speaker.patient


def test_nothing_is_lost_when_the_listener_goes_away_mid_grade(
    tmp_path: Path, llm_settings, fake_openai: FakeOpenAI
) -> None:
    """A browser that closes after the reply shows: its event stream is closed at the TurnResult."""
    fake_openai.responder = patient_says()
    fake_openai.delay = lambda req: 1.0 if req.structured else 0.0
    engine = make_engine(tmp_path, llm_settings, request_timeout=3.0)
    session, _ = engine.start("amy", "refused-request")

    async def walk_away() -> TurnResult:
        events = engine.stream_turn(session.id, TURN, Stance())
        async for event in events:
            if isinstance(event, TurnResult):
                await events.aclose()  # type: ignore[attr-defined]
                staff_id = event.staff.id
                assert engine.grade_pending(staff_id)
                await engine.settled_grade(staff_id)
                return event
        raise AssertionError("no result")

    result = asyncio.run(walk_away())
    branch = engine.branch(session.id)
    assert (
        branch[-1].id == result.patient.id and branch[-1].text == "Right. I just want to get the card to her."
    )
    assert [g.grader for g in engine.store.grades(result.staff.id)] == ["offline", "llm:fake-grader"]
    assert engine.store.usage_totals(session.id)["calls"] == 2
    after = asyncio.run(engine.take_turn(session.id, "Would you like to ring Ellie tonight?"))
    assert after.patient.speaker is Speaker.patient, "the next turn is accepted"


def test_the_grader_has_its_own_deadline(tmp_path: Path, llm_settings, fake_openai: FakeOpenAI) -> None:
    fake_openai.responder = lambda req: Fault(kind=FaultKind.hang, seconds=10) if req.structured else None
    fake_openai.default_text = REPLY
    engine = make_engine(tmp_path, llm_settings, request_timeout=5.0, grade_deadline=1.0)
    session, _ = engine.start("amy", "refused-request")
    stamped = asyncio.run(timed(engine.stream_turn(session.id, TURN, Stance())))
    at, ready = stamped[-1]
    assert isinstance(ready, GradeReady) and ready.grade.grader == "llm-fallback"
    assert 1.0 <= at < 2.0
    stored = engine.store.grades(ready.staff.id)
    assert [g.grader for g in stored] == ["offline", "llm-fallback"]


def test_the_grader_is_cancelled_with_a_failed_turn(
    tmp_path: Path, llm_settings, fake_openai: FakeOpenAI
) -> None:
    fake_openai.responder = lambda req: None if req.structured else Fault(kind=FaultKind.bad_request)
    fake_openai.delay = lambda req: 1.0 if req.structured else 0.0
    engine = make_engine(tmp_path, llm_settings, request_timeout=3.0)
    session, _ = engine.start("amy", "refused-request")

    async def run() -> tuple[list, str]:
        events = [e async for e in engine.stream_turn(session.id, TURN, Stance())]
        staff = events[-1].staff.id
        await asyncio.sleep(1.5)  # longer than the grader would have taken
        return events, staff

    events, staff_id = asyncio.run(run())
    assert isinstance(events[-1], TurnFailed)
    assert not engine.grade_pending(staff_id)
    assert [g.grader for g in engine.store.grades(staff_id)] == ["offline"], (
        "no grade for a turn with no reply"
    )


def test_the_next_turn_starts_from_the_state_the_late_grade_gives(
    tmp_path: Path, llm_settings, fake_openai: FakeOpenAI
) -> None:
    def answer(req: RecordedRequest):
        if not req.structured:
            return Text(content=REPLY)
        data = minimal_instance(req.output_schema) if req.output_schema else {}
        data.update(
            refusal=False,
            scores={"tone": 1, "no_brevity": None, "options": 0, "escalation_risk": 5},
            meets_need=False,
            flags=["threat", "mockery"],
            extra=[],
            evidence=[],
            suggestion=None,
        )
        return Json(data=data)

    fake_openai.responder = answer
    engine = make_engine(tmp_path, llm_settings, request_timeout=3.0)
    session, _ = engine.start("amy", "refused-request")
    first = asyncio.run(engine.take_turn(session.id, TURN))
    assert first.grade.scores.tone == 1
    stored_state = engine.branch(session.id)[-1].state
    assert stored_state == first.state, "the patient turn keeps the state its reply was written for"
    persona = engine.personas["refused-request"]
    opening_state = engine.branch(session.id)[0].state
    harsh = dynamics.step(opening_state, first.grade, Stance(), persona, staff_text=TURN).state
    assert harsh.agitation != stored_state.agitation
    second = asyncio.run(timed(engine.stream_turn(session.id, "Okay.", Stance())))
    staff_stored = second[0][1]
    history = engine.branch(session.id)[:-1]
    answered = answered_staff_turn(history)
    assert answered is not None and answered.id == first.staff.id
    late_grades = engine.store.grades(answered.id)
    expected_prior = reconciled_state_before(history, persona, engine.grader.name, late_grades)
    assert expected_prior == harsh
    assert staff_stored.state.agitation != pytest.approx(stored_state.agitation)


def test_a_hung_provider_is_news_within_seconds_and_the_turn_fails_at_the_deadline(
    tmp_path: Path, llm_settings, fake_openai: FakeOpenAI
) -> None:
    fake_openai.responder = lambda req: None if req.structured else Fault(kind=FaultKind.hang, seconds=30)
    engine = make_engine(tmp_path, llm_settings, request_timeout=30.0, slow_notice=0.5, reply_deadline=2.0)
    session, _ = engine.start("amy", "refused-request")
    stamped = asyncio.run(timed(engine.stream_turn(session.id, TURN, Stance())))
    slow_at = next(t for t, e in stamped if isinstance(e, ReplySlow))
    failed_at, failed = stamped[-1]
    print(f"slow notice {slow_at:.2f}s, turn failed {failed_at:.2f}s")
    assert 0.5 <= slow_at < 1.0
    assert isinstance(failed, TurnFailed) and "too long" in failed.message
    assert 2.0 <= failed_at < 3.0
    assert engine.branch(session.id)[-1].speaker is Speaker.staff, "the turn is kept for a retry"


def test_the_default_deadlines_tell_the_trainee_within_seconds() -> None:
    defaults = Settings(_env_file=None)
    assert defaults.slow_notice <= 5 and defaults.connect_timeout <= 5
    assert defaults.reply_deadline <= 25 < defaults.request_timeout * (defaults.max_retries + 1)


def test_a_turn_abandoned_mid_reply_cancels_its_grade(
    tmp_path: Path, llm_settings, fake_openai: FakeOpenAI
) -> None:
    fake_openai.chunk_latency = 0.05
    fake_openai.responder = patient_says()
    fake_openai.delay = lambda req: 3.0 if req.structured else 0.0
    engine = make_engine(tmp_path, llm_settings, request_timeout=5.0)
    session, _ = engine.start("amy", "refused-request")

    async def walk_away_mid_reply() -> str:
        events = engine.stream_turn(session.id, TURN, Stance())
        staff_id = ""
        async for event in events:
            if hasattr(event, "turn"):
                staff_id = event.turn.id
            if isinstance(event, ReplyDelta):
                await events.aclose()  # type: ignore[attr-defined]
                break
        await asyncio.sleep(3.5)  # longer than the grade would have taken
        return staff_id

    staff_id = asyncio.run(walk_away_mid_reply())
    assert not engine.grade_pending(staff_id)
    assert [g.grader for g in engine.store.grades(staff_id)] == ["offline"]
    assert engine.branch(session.id)[-1].speaker is Speaker.staff, "unanswered, so it can be retried"
