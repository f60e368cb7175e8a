"""The optional principle check (COACH_PRINCIPLE_CHECK), through the real HTTP stack against the loopback
OpenAI server: off by default and then no extra request; on, nothing is shown before the model's verdict,
a failed verdict is redrafted with its reason, and a check that errors, hangs or answers garbage fails
open to the guarded draft within its deadline, saying so."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coach.backends import build_engine
from coach.config import Settings
from coach.engine import ReplyDelta, TurnResult
from coach.fakeopenai import FakeOpenAI, Fault, FaultKind, Json, RecordedRequest, Text
from coach.fakeopenai.protocol import count_tokens
from coach.patient.base import FALLBACK_SOURCE, PatientContext, PatientReply
from coach.patient.llm import LLMPatient
from coach.stance import Stance
from coach.store import Store
from coach.structured_output import PROBE_PROMPT

pytest_plugins = ["llm_fixtures"]

Settings_ = Callable[..., Settings]
Context = Callable[..., PatientContext]
GOOD = "Don't give me that. I was promised today.\n[cues: arms folded; jaw tight]"
SPOKEN = "Don't give me that. I was promised today."
# Passes every guard, and still coaches the staff member: what the check is for.
COACHING = "Honestly, you're handling me really well. Keep going like that.\n[cues: nods]"
PASS = {"reason": "Angry, in character, answers the staff words.", "principle": None, "verdict": "pass"}
FAIL = {
    "reason": "It praises how the staff member is handling him.",
    "principle": "no_coaching",
    "verdict": "fail",
}


async def _items(patient: LLMPatient, ctx: PatientContext, fake: FakeOpenAI) -> list[tuple[Any, int]]:
    """Every streamed item, with how many requests the server had seen when it came."""
    return [(item, len(fake.requests)) async for item in patient.stream(ctx)]


def collect(
    patient: LLMPatient, ctx: PatientContext, fake: FakeOpenAI
) -> tuple[list[tuple[str, int]], PatientReply]:
    *deltas, (final, _) = asyncio.run(_items(patient, ctx, fake))
    assert isinstance(final, PatientReply)
    return deltas, final


def checks(fake: FakeOpenAI) -> list[RecordedRequest]:
    return [r for r in fake.requests if r.structured]


def test_the_check_is_off_by_default_and_sends_no_extra_request(
    llm_settings: Settings_, fake_openai: FakeOpenAI, patient_context: Context
) -> None:
    assert Settings().principle_check is False
    fake_openai.push(GOOD)
    deltas, reply = collect(LLMPatient(llm_settings()), patient_context("Callum?"), fake_openai)
    assert len(fake_openai.requests) == 1 and not checks(fake_openai)
    assert [d for d, _ in deltas] == ["Don't give me that. ", "I was promised today."]
    assert reply.principle_check is None and reply.check_usage is None


@pytest.mark.parametrize("method", ["json_schema", "json_mode", "function_calling"])
def test_a_passing_draft_is_shown_only_after_the_check(
    llm_settings: Settings_, fake_openai: FakeOpenAI, patient_context: Context, method: str
) -> None:
    fake_openai.push(GOOD, PASS)
    patient = LLMPatient(llm_settings(principle_check=True, structured_output=method))
    deltas, reply = collect(patient, patient_context("Callum, can we talk?"), fake_openai)
    # nothing was shown until the check's request had been made and answered
    assert deltas == [(SPOKEN, 2)]
    assert reply.text == SPOKEN and reply.principle_check == "passed" and reply.first_draft == []
    draft, [check] = fake_openai.requests[0], checks(fake_openai)
    assert draft.stream and not check.stream and check.model == "fake-patient"
    sent = check.text()
    assert all(p in sent for p in ("in_character", "no_coaching", "no_staff_lines", "safe", "consistent"))
    assert f"<draft>\n{GOOD}\n</draft>" in sent, "the whole draft, cue line included, as data"
    assert "<staff_words>\nCallum, can we talk?\n</staff_words>" in sent
    assert [m["role"] for m in check.messages] == ["system", "user"]
    # the patient's tokens and the check's are metered apart
    assert reply.usage and reply.usage.prompt_tokens == count_tokens(draft.text())
    assert reply.check_usage and reply.check_usage.completion_tokens > 0


def test_a_failed_verdict_is_redrafted_with_its_reason_and_the_redraft_is_checked(
    llm_settings: Settings_, fake_openai: FakeOpenAI, patient_context: Context
) -> None:
    fake_openai.push(COACHING, FAIL, GOOD, PASS)
    deltas, reply = collect(
        LLMPatient(llm_settings(principle_check=True)), patient_context("Callum?"), fake_openai
    )
    assert deltas == [], "no word of the coaching draft was shown; the redraft is not streamed"
    assert reply.text == SPOKEN and reply.principle_check == "passed"
    assert reply.first_draft == ["coaches_trainee"], "counted with the guards' failures"
    first, _, redraft, second_check = fake_openai.requests
    assert first.stream and not redraft.stream
    failed, correction = redraft.messages[-2:]
    assert failed == {"role": "assistant", "content": COACHING}
    assert "no_coaching" in correction["content"] and FAIL["reason"] in correction["content"]
    assert SPOKEN in second_check.text()


def test_a_redraft_that_fails_the_check_too_gets_the_offline_patient(
    llm_settings: Settings_, fake_openai: FakeOpenAI, patient_context: Context
) -> None:
    fake_openai.push(COACHING, FAIL, COACHING, FAIL)
    deltas, reply = collect(
        LLMPatient(llm_settings(principle_check=True)), patient_context("Callum?"), fake_openai
    )
    assert deltas == []
    assert reply.source == FALLBACK_SOURCE and reply.note and "coaches_trainee" in reply.note
    assert "Keep going" not in reply.text


def test_a_draft_the_guards_stop_is_not_sent_to_the_check(
    llm_settings: Settings_, fake_openai: FakeOpenAI, patient_context: Context
) -> None:
    fake_openai.push("As an AI language model, I can't do this.", GOOD, PASS)
    _, reply = collect(
        LLMPatient(llm_settings(principle_check=True)), patient_context("Callum?"), fake_openai
    )
    assert reply.text == SPOKEN and reply.first_draft == ["speaks_as_ai"]
    [check] = checks(fake_openai)
    assert "As an AI" not in check.text(), "only the redraft, which passed the guards, was checked"


def test_a_draft_retried_without_streaming_is_still_checked_first(
    llm_settings: Settings_, fake_openai: FakeOpenAI, patient_context: Context
) -> None:
    fake_openai.push(Fault(kind=FaultKind.truncated), GOOD, PASS)
    deltas, reply = collect(
        LLMPatient(llm_settings(principle_check=True)), patient_context("Callum?"), fake_openai
    )
    assert [r.stream for r in fake_openai.requests] == [True, False, False]
    assert deltas == [(SPOKEN, 3)], "nothing of the cut-off stream was shown; the reply after the check"
    assert reply.principle_check == "passed"


@pytest.mark.parametrize(
    "failure",
    [
        [Fault(kind=FaultKind.server_error)] * 3,
        [Fault(kind=FaultKind.bad_request)],
        [Fault(kind=FaultKind.schema_violation)],
        [Fault(kind=FaultKind.invalid_json)],
        [{"reason": "It breaks a rule.", "principle": None, "verdict": "fail"}],
    ],
    ids=["server-error", "rejected", "schema-violation", "invalid-json", "fail-without-principle"],
)
def test_a_check_that_fails_opens_to_the_guarded_draft_and_says_so(
    llm_settings: Settings_, fake_openai: FakeOpenAI, patient_context: Context, failure: list[Any]
) -> None:
    fake_openai.push(GOOD, *failure)
    deltas, reply = collect(
        LLMPatient(llm_settings(principle_check=True)), patient_context("Callum?"), fake_openai
    )
    assert [d for d, _ in deltas] == [SPOKEN]
    assert reply.text == SPOKEN and reply.source == "llm:fake-patient"
    assert reply.principle_check == "unavailable" and reply.first_draft == []


def test_a_hanging_check_fails_open_at_its_deadline(
    llm_settings: Settings_, fake_openai: FakeOpenAI, patient_context: Context
) -> None:
    fake_openai.push(GOOD, Fault(kind=FaultKind.hang, seconds=10))
    settings = llm_settings(principle_check=True, principle_check_deadline=0.3, request_timeout=5.0)
    began = time.perf_counter()
    _, reply = collect(LLMPatient(settings), patient_context("Callum?"), fake_openai)
    took = time.perf_counter() - began
    assert reply.text == SPOKEN and reply.principle_check == "unavailable"
    assert took < 3.0, f"the turn waited {took:.2f}s on a check whose deadline is 0.3s (the hang lasts 10s)"


def test_auto_probes_the_checks_structured_output_once(
    llm_settings: Settings_, fake_openai: FakeOpenAI, patient_context: Context
) -> None:
    fake_openai.no_json_schema = True
    fake_openai.push(GOOD, {"ok": True}, PASS, GOOD, PASS)  # json_schema is rejected before the queue
    patient = LLMPatient(llm_settings(principle_check=True, structured_output="auto"))
    for _ in range(2):
        _, reply = collect(patient, patient_context("Callum?"), fake_openai)
        assert reply.principle_check == "passed"
    probes = [r for r in fake_openai.requests if PROBE_PROMPT in r.text()]
    assert [r.structured for r in probes] == ["json_schema", "json_object"]
    assert [r.structured for r in checks(fake_openai) if r not in probes] == ["json_object", "json_object"]


def test_a_turn_with_the_check_meters_it_as_a_call_of_its_own(
    tmp_path: Path, llm_settings: Settings_, fake_openai: FakeOpenAI
) -> None:
    def answer(req: RecordedRequest) -> Json | Text | None:
        if "<draft>" in req.text():
            return Json(data=PASS)
        return None if req.structured else Text(content=GOOD)

    fake_openai.responder = answer
    settings = llm_settings(data_dir=tmp_path, principle_check=True)
    engine = build_engine(settings, store=Store(settings.db_url))
    session, _ = engine.start("amy", "refused-request")

    async def turn() -> list[Any]:
        return [
            e async for e in engine.stream_turn(session.id, "I'm sorry, leave can't happen today.", Stance())
        ]

    events = asyncio.run(turn())
    assert [e.text for e in events if isinstance(e, ReplyDelta)] == [SPOKEN]
    result = next(e for e in events if isinstance(e, TurnResult))
    assert result.patient.text == SPOKEN
    asyncio.run(asyncio.sleep(0))
    totals = engine.store.usage_totals(session.id)
    assert totals["calls"] == 3, "the reply, the check and the grade, each metered"
    check = next(r for r in fake_openai.requests if "<draft>" in r.text())
    assert totals["prompt_tokens"] == sum(count_tokens(r.text()) for r in fake_openai.requests)
    assert count_tokens(check.text()) > 0
    engine.store.close()
