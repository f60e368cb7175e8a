"""Local servers (issue 12): a whole session against a server whose chat template wants strict
user/assistant alternation (Mistral, Gemma) and that rejects json_schema, and the start-up probe that
picks the structured-output method."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.backends import build_engine, check_endpoint
from coach.config import Settings
from coach.fakeopenai import FakeOpenAI, Fault, FaultKind, Json, RecordedRequest, Text
from coach.fakeopenai.server import role_order_problem
from coach.grading.llm import LLMGrader
from coach.models import Speaker
from coach.store import Store
from coach.structured_output import PROBE_PROMPT

GRADE = {
    "evidence": [{"key": "tone", "quote": "I'm sorry", "why": "apologises"}],
    "refusal": True,
    "scores": {"tone": 4, "no_brevity": 4, "options": 1, "escalation_risk": 2},
    "extra": [],
    "flags": [],
    "meets_need": False,
    "suggestion": None,
}
REPLY = "Right. So what can I do instead?\n[cues: arms folded; looks at the clock]"
TURNS = [
    "Callum, I'm sorry, your leave can't go ahead today because two staff are on observations.",
    "Would you like a card from the activities cupboard, so I can post it before half five?",
    "I'll come back at four and we'll ring Ellie together if you like.",
]


@pytest.fixture(scope="module")
def strict_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI.running(alternating_roles=True, no_json_schema=True) as server:
        yield server


def answer(req: RecordedRequest) -> Json | Text | None:
    if req.structured is None:
        return Text(content=REPLY)
    if PROBE_PROMPT in req.text():
        return Json(data={"ok": True})
    return Json(data=GRADE)


def settings_for(server: FakeOpenAI, tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "backend": "llm",
        "openai_base_url": server.base_url,
        "openai_api_key": "local",
        "patient_model": "openai:mistral-7b",
        "grader_model": "openai:gemma-2-9b",
        "request_timeout": 3.0,
        "data_dir": tmp_path,
        **overrides,
    }
    return Settings(**values)


def test_role_order_problem_is_what_strict_templates_reject() -> None:
    ok = [{"role": "system"}, {"role": "user"}, {"role": "assistant"}, {"role": "user"}]
    assert role_order_problem(ok) is None
    assert role_order_problem([{"role": "system"}, {"role": "assistant"}, {"role": "user"}])
    assert role_order_problem([{"role": "user"}, {"role": "user"}])
    assert role_order_problem([{"role": "user"}, {"role": "assistant"}, {"role": "system"}])


def test_a_whole_session_on_a_strict_server_without_json_schema(
    strict_server: FakeOpenAI, tmp_path: Path
) -> None:
    strict_server.reset()
    seen = {"patient": 0, "grade": 0}

    def first_ones_unusable(req: RecordedRequest) -> Json | Text | None:
        """The first patient draft steps out of the scene and the first grade breaks the schema, so both
        corrections go through the strict template too."""
        kind = "patient" if req.structured is None else "probe" if PROBE_PROMPT in req.text() else "grade"
        if kind in seen:
            seen[kind] += 1
            if seen[kind] == 1:
                if kind == "patient":
                    return Text(content="As an AI language model I cannot do this.")
                return Json(data={**GRADE, "refusal": False})  # no_brevity without a refusal
        return answer(req)

    strict_server.responder = first_ones_unusable
    settings = settings_for(strict_server, tmp_path)
    engine = build_engine(settings, store=Store(settings.db_url))
    assert check_endpoint(settings, engine) is None
    assert isinstance(engine.llm_grader, LLMGrader) and engine.llm_grader.method == "json_mode"

    session, _ = engine.start("amy", "refused-request")
    results = [asyncio.run(engine.take_turn(session.id, text)) for text in TURNS]
    engine.end(session.id)
    engine.debrief(
        session.id, "I gave the no early, offered a card and a call, and would record the trigger."
    )

    rejected = [r.answered_with for r in strict_server.requests if r.answered_with.startswith("rejected:")]
    assert rejected == ["rejected:json_schema"], "only the probe's json_schema try"
    assert all(r.patient.source == "llm:mistral-7b" for r in results)
    assert [r.grade.grader for r in results] == ["llm:gemma-2-9b"] * 3
    staff = [t for t in engine.branch(session.id) if t.speaker is Speaker.staff]
    assert all(not engine.store.grades(t.id)[-1].grader.endswith("fallback") for t in staff)
    assert engine.store.get_session(session.id).ended_at is not None
    assert seen == {"patient": 4, "grade": 4}, "one redraft and one grade retry"


def test_the_probe_picks_json_schema_where_it_is_accepted(tmp_path: Path) -> None:
    with FakeOpenAI.running(responder=answer) as server:
        settings = settings_for(server, tmp_path)
        engine = build_engine(settings, store=Store(settings.db_url))
        check_endpoint(settings, engine)
        assert isinstance(engine.llm_grader, LLMGrader) and engine.llm_grader.method == "json_schema"


def test_an_unreachable_server_leaves_the_choice_for_later(tmp_path: Path) -> None:
    with FakeOpenAI.running(responder=lambda req: Fault(kind=FaultKind.unavailable)) as server:
        settings = settings_for(server, tmp_path, max_retries=0)
        grader = build_engine(settings, store=Store(settings.db_url)).llm_grader
        assert isinstance(grader, LLMGrader)
        assert asyncio.run(grader.structured_method()) == "json_schema"
        assert grader.method is None, "probed again at the next grade"
