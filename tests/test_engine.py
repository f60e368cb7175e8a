"""The engine: one turn end to end, the session lifecycle, rewind, and what is stored."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from coach.backends import build_engine
from coach.config import Settings
from coach.engine import Engine
from coach.models import Outcome, Speaker
from coach.patient.base import PatientContext, PatientReply
from coach.stance import Action, Distance, Stance, Voice
from coach.store import Store
from coach.turn_events import BackendError, TurnFailed
from coach.typed_text import TurnRejected


@pytest.fixture
def engine(tmp_path) -> Engine:
    return build_engine(Settings(data_dir=tmp_path), backend="offline")


def turn(engine: Engine, session_id: str, text: str, stance: Stance | None = None):
    return asyncio.run(engine.take_turn(session_id, text, stance))


def test_start_stores_session_intention_and_opening_line(engine: Engine) -> None:
    session, opening = engine.start("amy", "refused-request", intention="keep my no brief")
    stored = engine.store.get_session(session.id)
    assert stored.intention == "keep my no brief"
    assert stored.persona_id == "refused-request"
    assert opening.speaker is Speaker.patient
    assert opening.text == engine.personas["refused-request"].opening.text
    assert engine.state(session.id).agitation == engine.personas["refused-request"].starting_agitation


def test_a_turn_stores_staff_grade_and_reply_in_order(engine: Engine) -> None:
    session, _ = engine.start("amy", "fearful")
    result = turn(engine, session.id, "I can see you're frightened. Would you like to sit somewhere quieter?")
    branch = engine.branch(session.id)
    assert [t.speaker for t in branch] == [Speaker.patient, Speaker.staff, Speaker.patient]
    assert branch[1].id == result.staff.id and branch[2].id == result.patient.id
    assert branch[2].parent_id == branch[1].id
    assert engine.store.latest_grade(result.staff.id) == result.grade
    assert branch[2].state == result.state
    assert result.patient.text and result.patient.cues


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("x" * 2001, "2,001 characters"),
        ("hello\x07there", "control character"),
        ("hi\u202eereht", "control character"),
    ],
)
def test_bad_turns_are_rejected_and_nothing_is_stored(engine: Engine, text: str, message: str) -> None:
    session, _ = engine.start("amy", "fearful")
    with pytest.raises(TurnRejected, match=message):
        turn(engine, session.id, text)
    assert len(engine.store.all_turns(session.id)) == 1


def test_a_turn_of_exactly_the_limit_is_taken(engine: Engine) -> None:
    session, _ = engine.start("amy", "fearful")
    turn(engine, session.id, ("I hear you. " * 400)[:2000])
    assert len(engine.branch(session.id)) == 3


def test_double_submit_with_one_token_stores_one_turn(engine: Engine) -> None:
    session, _ = engine.start("amy", "withdrawn")

    async def submit() -> list:
        results = []
        for _ in range(2):
            async for event in engine.stream_turn(session.id, "Would you like a cup of tea?", None, "tok-1"):
                results.append(event)
        return results

    events = asyncio.run(submit())
    staff_turns = [t for t in engine.store.all_turns(session.id) if t.speaker is Speaker.staff]
    assert len(staff_turns) == 1
    finals = [e for e in events if type(e).__name__ == "TurnResult"]
    assert len(finals) == 2 and finals[0].patient.id == finals[1].patient.id


def test_undo_restores_the_previous_state(engine: Engine) -> None:
    session, _ = engine.start("amy", "paranoid")
    before = engine.state(session.id)
    turn(engine, session.id, "CALM DOWN or you'll be restrained.", Stance(voice=Voice.raised))
    assert engine.state(session.id).agitation > before.agitation
    engine.undo(session.id)
    assert engine.state(session.id) == before
    assert len(engine.branch(session.id)) == 1
    assert len(engine.store.all_turns(session.id)) == 3, "the undone turns stay in the transcript"


def test_rewind_makes_a_branch_and_keeps_the_old_one(engine: Engine) -> None:
    session, _ = engine.start("amy", "ignored-for-days")
    first = turn(engine, session.id, "I'm Sam, one of the nurses. What's been happening?")
    turn(engine, session.id, "Calm down, everyone has to wait.")
    engine.rewind(session.id, first.patient.id)
    turn(engine, session.id, "You've waited days for an answer. Let's go through it now, together.")
    branch = engine.branch(session.id)
    assert len(branch) == 5 and branch[2].id == first.patient.id
    assert len(engine.store.all_turns(session.id)) == 7
    with pytest.raises(TurnRejected):
        engine.rewind(session.id, first.staff.id)


def test_ending_is_idempotent_and_blocks_more_turns(engine: Engine) -> None:
    session, _ = engine.start("amy", "withdrawn")
    ended = engine.end(session.id)
    assert ended.outcome is Outcome.unresolved and ended.ended_at is not None
    assert engine.end(session.id, Outcome.crisis).outcome is Outcome.unresolved
    with pytest.raises(TurnRejected, match="ended"):
        turn(engine, session.id, "Hello?")


def test_debrief_is_graded_and_stored(engine: Engine) -> None:
    session, _ = engine.start("amy", "refused-request")
    turn(engine, session.id, "I can't agree to leave today because the doctor hasn't reviewed it.")
    debrief = engine.debrief(
        session.id,
        "I'd check he wasn't hurt, say sorry it was hard, explain why leave was delayed, ask for his side, "
        "and agree with him what to do next time and update the care plan.",
    )
    assert engine.store.get_debrief(session.id) == debrief
    assert 0 < debrief.grade.score <= 1
    assert engine.store.get_session(session.id).ended_at is not None


def test_a_second_engine_on_the_same_database_carries_on(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = build_engine(settings, backend="offline")
    session, _ = first.start("amy", "fearful")
    turn(first, session.id, "I'm here to help. Would you like to sit down or walk with me?")
    second = build_engine(settings, backend="offline", store=Store(settings.db_url))
    turn(second, session.id, "Take your time.")
    assert len(first.branch(session.id)) == 5


class BrokenPatient:
    name = "broken"

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        yield "I—"
        raise ConnectionError("provider down")


def test_a_backend_failure_keeps_the_turn_and_can_be_retried_offline(engine: Engine) -> None:
    engine.patient = BrokenPatient()
    session, _ = engine.start("amy", "fearful")

    async def events() -> list:
        return [e async for e in engine.stream_turn(session.id, "Hello, I'm Sam.", Stance())]

    got = asyncio.run(events())
    failed = got[-1]
    assert isinstance(failed, TurnFailed) and "saved" in failed.message
    assert engine.branch(session.id)[-1].speaker is Speaker.staff
    with pytest.raises(TurnRejected, match="retry"):
        turn(engine, session.id, "Hello again")
    with pytest.raises(BackendError):
        asyncio.run(engine.retry(session.id))
    result = asyncio.run(engine.retry(session.id, offline=True))
    assert result.patient.source == "offline"
    assert [t.speaker for t in engine.branch(session.id)] == [Speaker.patient, Speaker.staff, Speaker.patient]
    assert len([g for g in engine.store.grades(result.staff.id) if g.grader == "offline"]) == 1


def test_stance_moves_the_patient(engine: Engine) -> None:
    text = "I'm listening."
    near, _ = engine.start("amy", "paranoid")
    far, _ = engine.start("amy", "paranoid")
    crowd = turn(engine, near.id, text, Stance(distance=Distance.close, voice=Voice.raised))
    space = turn(engine, far.id, text, Stance(distance=Distance.two_arms_or_more, actions=[Action.step_back]))
    assert crowd.state.agitation > space.state.agitation


def test_a_scene_that_ended_in_crisis_can_be_rewound_until_the_debrief(engine: Engine) -> None:
    session, _ = engine.start("amy", "patient-conflict")
    stance = Stance(distance=Distance.close, voice=Voice.raised)
    result = None
    for _ in range(8):
        result = turn(engine, session.id, "CALM DOWN or you're going to seclusion. Grow up.", stance)
        if result.outcome:
            break
    assert result is not None and result.outcome is Outcome.crisis
    assert engine.store.get_session(session.id).outcome is Outcome.crisis
    engine.undo(session.id)
    reopened = engine.store.get_session(session.id)
    assert reopened.ended_at is None and reopened.outcome is None
    assert engine.state(session.id).band.value != "crisis"
    engine.debrief(session.id, "I'd check he was not hurt and agree what to do next time.")
    with pytest.raises(TurnRejected, match="debriefed"):
        engine.undo(session.id)
