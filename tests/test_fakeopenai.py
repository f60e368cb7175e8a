"""The loopback OpenAI-compatible server, exercised through the real openai SDK and raw HTTP."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import httpx2
import openai
import pytest
from pydantic import BaseModel, Field

from coach.fakeopenai import FakeOpenAI, Fault, FaultKind, Json, RecordedRequest, Text, minimal_instance
from coach.fakeopenai.__main__ import main, read_script

pytest_plugins = ["llm_fixtures"]

MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello there"}]


class Answer(BaseModel):
    mood: str = Field(min_length=2)
    level: int = Field(ge=1, le=5)
    tags: list[str]
    note: str | None


# Generous: on a machine busy with other work a loopback answer can take over a second; only the hang test
# times out on purpose, with its own short timeout.
def client(fake: FakeOpenAI, timeout: float = 10.0) -> openai.OpenAI:
    return openai.OpenAI(base_url=fake.base_url, api_key="test-key", max_retries=0, timeout=timeout)


def chat(fake: FakeOpenAI, **kwargs):
    return client(fake).chat.completions.create(model="fake-model", messages=MESSAGES, **kwargs)


def sse_lines(fake: FakeOpenAI, body: dict) -> list[str]:
    response = httpx2.post(f"{fake.base_url}/chat/completions", json=body, timeout=10)
    assert response.headers["content-type"].startswith("text/event-stream")
    return [line for line in response.text.split("\n\n") if line]


def test_a_scripted_text_reply_comes_back_and_the_request_is_recorded(fake_openai: FakeOpenAI) -> None:
    fake_openai.push("I hear you.")
    reply = chat(fake_openai, temperature=0.3)
    assert reply.choices[0].message.content == "I hear you."
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage.completion_tokens > 0
    [request] = fake_openai.requests
    assert request.model == "fake-model"
    assert request.messages == MESSAGES
    assert request.body["temperature"] == 0.3
    assert request.authorization == "Bearer test-key"
    assert not request.stream


def test_streaming_sends_chunks_that_join_to_the_reply_then_done(fake_openai: FakeOpenAI) -> None:
    fake_openai.push("One two three.\n[cues: nods]")
    stream = chat(fake_openai, stream=True)
    pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
    assert "".join(pieces) == "One two three.\n[cues: nods]"
    assert len([p for p in pieces if p]) > 3

    lines = sse_lines(fake_openai, {"model": "m", "messages": MESSAGES, "stream": True})
    assert all(line.startswith("data: ") for line in lines)
    assert lines[-1] == "data: [DONE]"
    assert json.loads(lines[-2][6:])["choices"][0]["finish_reason"] == "stop"
    assert not any('"usage"' in line for line in lines[:-1]), "usage only when stream_options asks"


def test_streaming_includes_usage_last_when_asked(fake_openai: FakeOpenAI) -> None:
    body = {"model": "m", "messages": MESSAGES, "stream": True, "stream_options": {"include_usage": True}}
    lines = sse_lines(fake_openai, body)
    usage_chunk = json.loads(lines[-2][6:])
    assert usage_chunk["choices"] == []
    assert usage_chunk["usage"]["total_tokens"] > 0
    assert fake_openai.requests[-1].include_usage


def test_json_schema_request_without_script_gets_a_valid_minimal_object(fake_openai: FakeOpenAI) -> None:
    completion = client(fake_openai).chat.completions.parse(
        model="fake-model", messages=MESSAGES, response_format=Answer
    )
    parsed = completion.choices[0].message.parsed
    assert isinstance(parsed, Answer)
    assert parsed.level == 1 and parsed.note is None
    request = fake_openai.requests[-1]
    assert request.structured == "json_schema"
    assert request.answered_with == "default:json"


def test_function_calling_request_gets_a_tool_call_with_the_scripted_arguments(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.push({"mood": "tense", "level": 4, "tags": ["x"], "note": None})
    tool = {"type": "function", "function": {"name": "Answer", "parameters": Answer.model_json_schema()}}
    reply = chat(fake_openai, tools=[tool], tool_choice={"type": "function", "function": {"name": "Answer"}})
    [call] = reply.choices[0].message.tool_calls
    assert call.function.name == "Answer"
    assert Answer.model_validate_json(call.function.arguments).mood == "tense"
    assert reply.choices[0].finish_reason == "tool_calls"


def test_streamed_tool_call_arguments_join_to_the_json(fake_openai: FakeOpenAI) -> None:
    fake_openai.push({"mood": "calm", "level": 2, "tags": [], "note": "ok"})
    tool = {"type": "function", "function": {"name": "Answer", "parameters": Answer.model_json_schema()}}
    stream = chat(fake_openai, stream=True, tools=[tool], tool_choice="required")
    arguments = "".join(
        c.choices[0].delta.tool_calls[0].function.arguments or ""
        for c in stream
        if c.choices and c.choices[0].delta.tool_calls
    )
    assert Answer.model_validate_json(arguments).note == "ok"


def test_json_object_mode_returns_the_scripted_json_as_content(fake_openai: FakeOpenAI) -> None:
    fake_openai.push(Json(data={"a": 1}))
    reply = chat(fake_openai, response_format={"type": "json_object"})
    assert json.loads(reply.choices[0].message.content) == {"a": 1}
    assert fake_openai.requests[-1].structured == "json_object"


@pytest.mark.parametrize(
    ("kind", "error", "status"),
    [
        (FaultKind.rate_limit, openai.RateLimitError, 429),
        (FaultKind.server_error, openai.InternalServerError, 500),
        (FaultKind.unavailable, openai.InternalServerError, 503),
        (FaultKind.bad_request, openai.BadRequestError, 400),
        (FaultKind.unauthorized, openai.AuthenticationError, 401),
        (FaultKind.not_found, openai.NotFoundError, 404),
    ],
)
def test_status_faults_answer_with_that_status(
    fake_openai: FakeOpenAI, kind: FaultKind, error: type[Exception], status: int
) -> None:
    fake_openai.push(Fault(kind=kind))
    with pytest.raises(error) as raised:
        chat(fake_openai)
    assert raised.value.status_code == status
    assert fake_openai.requests[-1].answered_with == f"fault:{kind.value}"


def test_rate_limit_carries_retry_after(fake_openai: FakeOpenAI) -> None:
    fake_openai.push(Fault(kind=FaultKind.rate_limit, retry_after=2.5), Fault(kind=FaultKind.rate_limit))
    with pytest.raises(openai.RateLimitError) as raised:
        chat(fake_openai)
    assert raised.value.response.headers["retry-after"] == "2.5"
    with pytest.raises(openai.RateLimitError) as raised:
        chat(fake_openai)
    assert raised.value.response.headers["retry-after"] == f"{fake_openai.retry_after:g}"


def test_a_malformed_body_is_not_json(fake_openai: FakeOpenAI) -> None:
    fake_openai.push(Fault(kind=FaultKind.malformed_body))
    response = httpx2.post(
        f"{fake_openai.base_url}/chat/completions", json={"model": "m", "messages": MESSAGES}
    )
    assert response.status_code == 200
    with pytest.raises(ValueError):
        json.loads(response.text)


@pytest.mark.parametrize("stream", [False, True])
def test_a_truncated_reply_drops_the_connection_without_done(fake_openai: FakeOpenAI, stream: bool) -> None:
    fake_openai.push(Fault(kind=FaultKind.truncated))
    with pytest.raises(openai.APIConnectionError):
        reply = chat(fake_openai, stream=stream)
        if stream:
            list(reply)


def test_a_hang_outlasts_the_client_timeout(fake_openai: FakeOpenAI) -> None:
    fake_openai.push(Fault(kind=FaultKind.hang, seconds=5))
    with pytest.raises(openai.APITimeoutError):
        client(fake_openai, timeout=0.3).chat.completions.create(model="m", messages=MESSAGES)


def test_invalid_structured_output_faults(fake_openai: FakeOpenAI) -> None:
    fake_openai.push(Fault(kind=FaultKind.invalid_json), Fault(kind=FaultKind.schema_violation))
    cut = chat(fake_openai, response_format={"type": "json_object"}).choices[0].message.content
    with pytest.raises(ValueError):
        json.loads(cut)
    off_schema = chat(fake_openai, response_format={"type": "json_object"}).choices[0].message.content
    with pytest.raises(ValueError):
        Answer.model_validate_json(off_schema)


def test_a_strict_schema_that_openai_would_reject_is_a_400(fake_openai: FakeOpenAI) -> None:
    loose = {"type": "object", "properties": {"a": {"type": "string"}}, "required": []}
    response_format = {"type": "json_schema", "json_schema": {"name": "x", "schema": loose, "strict": True}}
    with pytest.raises(openai.BadRequestError, match="not required: \\['a'\\]"):
        chat(fake_openai, response_format=response_format)
    response_format["json_schema"]["strict"] = False
    assert json.loads(chat(fake_openai, response_format=response_format).choices[0].message.content) == {}


def test_a_responder_answers_when_nothing_is_queued() -> None:
    def echo(request: RecordedRequest) -> Text:
        return Text(content=f"You said: {request.messages[-1]['content']}")

    with FakeOpenAI.running(responder=echo) as fake:
        fake.push("queued first")
        assert chat(fake).choices[0].message.content == "queued first"
        assert chat(fake).choices[0].message.content == "You said: Hello there"
        assert [r.answered_with for r in fake.requests] == ["text", "responder:text"]


def test_random_faults_are_reproducible_for_a_seed() -> None:
    def outcomes(seed: int) -> list[str]:
        with FakeOpenAI.running(fault_rate=0.5, seed=seed, retry_after=0) as fake:
            for _ in range(12):
                with contextlib.suppress(openai.APIError):
                    chat(fake)
            return [r.answered_with for r in fake.requests]

    first = outcomes(7)
    assert first == outcomes(7)
    assert any(o.startswith("random-fault:") for o in first)
    assert "default:text" in first


def test_models_are_listed(fake_openai: FakeOpenAI) -> None:
    assert [m.id for m in client(fake_openai).models.list()] == ["fake-model"]


def test_a_bad_request_body_is_a_400(fake_openai: FakeOpenAI) -> None:
    response = httpx2.post(f"{fake_openai.base_url}/chat/completions", content=b"{nope", timeout=10)
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]["message"]


def test_the_server_serves_loopback_only() -> None:
    with pytest.raises(ValueError, match="loopback"):
        FakeOpenAI(host="0.0.0.0")


def test_minimal_instance_follows_refs_enums_and_bounds() -> None:
    class Inner(BaseModel):
        kind: str = Field(json_schema_extra={"enum": ["b", "a"]})
        count: int = Field(ge=2)

    class Outer(BaseModel):
        inner: Inner
        items: list[Inner] = Field(min_length=1)
        maybe: float | None

    value = minimal_instance(Outer.model_json_schema())
    outer = Outer.model_validate(value)
    assert outer.inner.kind == "b" and outer.inner.count == 2
    assert len(outer.items) == 1 and outer.maybe is None


def test_cli_script_file_and_help(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "replies.jsonl"
    script.write_text(
        '# a comment\n{"content": "hi"}\n\n{"data": {"a": 1}}\n{"kind": "rate_limit", "retry_after": 2}\n',
        encoding="utf-8",
    )
    assert read_script(script) == [
        Text(content="hi"),
        Json(data={"a": 1}),
        Fault(kind=FaultKind.rate_limit, retry_after=2),
    ]
    script.write_text('{"kind": "earthquake"}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"replies.jsonl:1"):
        read_script(script)
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    assert "--fault-rate" in capsys.readouterr().out
