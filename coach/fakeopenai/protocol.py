"""The OpenAI Chat Completions wire format, as the fake server writes it: completion bodies, streamed
chunks, usage and error bodies."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

from coach.fakeopenai.script import FaultKind, Json, RecordedRequest, Text

CUT_OFF_JSON = '{"scores": {"tone": 4, "options": '
OFF_SCHEMA_JSON = '{"unexpected": "this object does not follow the requested schema"}'


def content_for(request: RecordedRequest, reply: Text | Json) -> str:
    """The text the model 'generates': JSON for Json replies, the scripted words for Text."""
    if isinstance(reply, Json):
        return json.dumps(reply.data)
    return apply_stop(request, reply.content)


def apply_stop(request: RecordedRequest, content: str) -> str:
    """`content` cut before the first of the request's stop sequences, as a real server generates it."""
    stop = request.body.get("stop") or []
    cuts = [content.find(seq) for seq in ([stop] if isinstance(stop, str) else stop)]
    found = [at for at in cuts if at >= 0]
    return content[: min(found)] if found else content


def faulty_content(kind: FaultKind) -> str:
    """Model output for the faults that come back as a well-formed response with bad content."""
    return CUT_OFF_JSON if kind is FaultKind.invalid_json else OFF_SCHEMA_JSON


def count_tokens(text: str) -> int:
    """A rough token count (words and punctuation), enough for usage bookkeeping tests."""
    return len(re.findall(r"\w+|[^\w\s]", text))


def usage(request: RecordedRequest, content: str) -> dict[str, int]:
    prompt = count_tokens(request.text())
    completion = count_tokens(content)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _ids(request: RecordedRequest) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "created": int(time.time()),
        "model": request.model or "fake-model",
        "system_fingerprint": "fakeopenai",
    }


def _tool_call_id() -> str:
    return f"call_{uuid.uuid4().hex[:24]}"


def completion(request: RecordedRequest, content: str) -> dict[str, Any]:
    """A non-streamed chat.completion body."""
    tool = request.forced_tool
    if tool is not None:
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": _tool_call_id(),
                    "type": "function",
                    "function": {"name": tool.get("name", "tool"), "arguments": content},
                }
            ],
        }
        finish = "tool_calls"
    else:
        message = {"role": "assistant", "content": content, "refusal": None}
        finish = "stop"
    return {
        **_ids(request),
        "object": "chat.completion",
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
        "usage": usage(request, content),
    }


def split_for_streaming(content: str) -> list[str]:
    """Word-sized pieces that join back to exactly `content`."""
    return re.findall(r"\s*\S+|\s+$", content)


def chunks(request: RecordedRequest, content: str) -> list[dict[str, Any]]:
    """The chat.completion.chunk objects of a streamed reply, in order (usage last when asked for)."""
    ids = {**_ids(request), "object": "chat.completion.chunk"}
    tool = request.forced_tool

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**ids, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}

    pieces = split_for_streaming(content)
    if tool is not None:
        head = {
            "index": 0,
            "id": _tool_call_id(),
            "type": "function",
            "function": {"name": tool.get("name", "tool"), "arguments": ""},
        }
        out = [chunk({"role": "assistant", "content": None, "tool_calls": [head]})]
        out += [chunk({"tool_calls": [{"index": 0, "function": {"arguments": p}}]}) for p in pieces]
        out.append(chunk({}, "tool_calls"))
    else:
        out = [chunk({"role": "assistant", "content": ""})]
        out += [chunk({"content": p}) for p in pieces]
        out.append(chunk({}, "stop"))
    if request.include_usage:
        out.append({**ids, "choices": [], "usage": usage(request, content)})
    return out


def sse(event: dict[str, Any] | str) -> bytes:
    """One server-sent event line: `data: {...}` and a blank line."""
    data = event if isinstance(event, str) else json.dumps(event)
    return f"data: {data}\n\n".encode()


ERRORS: dict[FaultKind, tuple[int, str, str, str]] = {
    FaultKind.rate_limit: (429, "Rate limit reached for requests", "requests", "rate_limit_exceeded"),
    FaultKind.server_error: (
        500,
        "The server had an error while processing your request",
        "server_error",
        "",
    ),
    FaultKind.unavailable: (
        503,
        "The engine is currently overloaded, please try again later",
        "server_error",
        "",
    ),
    FaultKind.bad_request: (400, "Invalid request", "invalid_request_error", "invalid_request"),
    FaultKind.unauthorized: (401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key"),
    FaultKind.not_found: (404, "The model does not exist", "invalid_request_error", "model_not_found"),
}


def error_body(message: str, type_: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": None, "code": code or None}}
