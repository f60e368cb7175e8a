"""What the fake server is told to answer (scripted replies and faults) and what it records."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Text(BaseModel):
    """An assistant message with this content (as tool-call arguments when the request forces a tool)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["text"] = "text"
    content: str


class Json(BaseModel):
    """Structured output: serialised as the message content, or as the arguments of the forced tool call."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["json"] = "json"
    data: Any


class FaultKind(StrEnum):
    rate_limit = "rate_limit"  # 429 with Retry-After
    server_error = "server_error"  # 500
    unavailable = "unavailable"  # 503, with Retry-After when one is set
    bad_request = "bad_request"  # 400: not retryable
    unauthorized = "unauthorized"  # 401: not retryable
    not_found = "not_found"  # 404 model_not_found: not retryable
    hang = "hang"  # no answer until `seconds` pass (past any client timeout)
    malformed_body = "malformed_body"  # 200 with a body that is not JSON
    truncated = "truncated"  # the connection is cut half way through the body, no [DONE]
    invalid_json = "invalid_json"  # the model's content is cut-off JSON
    schema_violation = "schema_violation"  # the model's content is JSON that fails the requested schema


class Fault(BaseModel):
    """A failure to inject into one request."""

    model_config = ConfigDict(frozen=True)

    kind: FaultKind
    retry_after: float | None = Field(
        None, ge=0, description="seconds for the Retry-After header (rate_limit, unavailable)"
    )
    seconds: float = Field(30.0, gt=0, description="how long a hang lasts")


Scripted = Text | Json | Fault


class RecordedRequest(BaseModel):
    """One request as the server received it; tests assert on what the client sent."""

    method: str
    path: str
    body: dict[str, Any] = Field(default_factory=dict)
    authorization: str | None = None
    answered_with: str = Field("", description="the kind of reply or fault served")

    @property
    def model(self) -> str | None:
        return self.body.get("model")

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.body.get("messages", [])

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def include_usage(self) -> bool:
        return bool((self.body.get("stream_options") or {}).get("include_usage"))

    @property
    def response_format(self) -> dict[str, Any] | None:
        return self.body.get("response_format")

    @property
    def forced_tool(self) -> dict[str, Any] | None:
        """The function definition the request forces a call to (function-calling structured output)."""
        tools = self.body.get("tools") or []
        choice = self.body.get("tool_choice")
        if not tools or choice in (None, "none"):
            return None
        wanted = choice.get("function", {}).get("name") if isinstance(choice, dict) else None
        for tool in tools:
            function = tool.get("function", {})
            if wanted is None or function.get("name") == wanted:
                return function
        return None

    @property
    def structured(self) -> Literal["json_schema", "json_object", "tool"] | None:
        """Which structured-output method the request uses, if any."""
        if self.forced_tool is not None:
            return "tool"
        kind = (self.response_format or {}).get("type")
        return kind if kind in ("json_schema", "json_object") else None

    @property
    def output_schema(self) -> dict[str, Any] | None:
        """The JSON schema the reply must follow (None for json_object or plain text)."""
        if self.structured == "tool":
            return (self.forced_tool or {}).get("parameters")
        if self.structured == "json_schema":
            return (self.response_format or {}).get("json_schema", {}).get("schema")
        return None

    def text(self) -> str:
        """All message contents joined: handy for asserting what reached the model."""
        parts: list[str] = []
        for message in self.messages:
            content = message.get("content")
            if isinstance(content, str):
                parts.append(content)
            elif isinstance(content, list):
                parts.extend(p.get("text", "") for p in content if isinstance(p, dict))
        return "\n".join(parts)


Responder = Callable[[RecordedRequest], Scripted | None]
"""Decides the reply when nothing is queued; None leaves it to the default rule."""
