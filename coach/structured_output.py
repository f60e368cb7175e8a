"""How a model is asked for JSON: the structured-output method a server accepts, found once by a probe.

Servers differ: OpenAI takes `json_schema`, some local servers only `json_mode`, others answer best
through function calling. `MethodChoice` keeps the setting, or with "auto" asks the server once for a
tiny object with each method in turn and keeps the first that is accepted and answered correctly. The
grader and the patient's principle check each hold one for their own model.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Literal

import openai
from pydantic import BaseModel, ConfigDict

from coach.config import Settings
from coach.llm import ChatModel, LLMUnavailable, call_with_retries

log = logging.getLogger(__name__)

Method = Literal["json_schema", "json_mode", "function_calling"]
METHODS: tuple[Method, ...] = ("json_schema", "json_mode", "function_calling")  # the order "auto" tries
# What a model may get wrong in its output (as opposed to failing to answer at all).
INVALID_OUTPUT = (ValueError, openai.LengthFinishReasonError, openai.ContentFilterFinishReasonError)
PROBE_PROMPT = 'Reply with the JSON object {"ok": true} and nothing else.'
REJECTED = (400, 404, 415, 422)  # what a server answers to a method it does not support


class _ProbeAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ok: bool


async def probe_structured_output(model: ChatModel, settings: Settings) -> Method | None:
    """The first structured-output method the server accepts and answers correctly, or None when the
    server cannot be reached now (so the next call probes again)."""
    for method in METHODS:
        chain = model.get().with_structured_output(_ProbeAnswer, method=method)
        try:
            answer = await call_with_retries(
                partial(chain.ainvoke, [("user", PROBE_PROMPT)]), settings, model.role
            )
        except LLMUnavailable as exc:
            if exc.status is not None and exc.status in REJECTED:
                log.info("the %s model's server rejects %s structured output", model.role, method)
                continue
            return None
        except INVALID_OUTPUT:
            continue
        if isinstance(answer, _ProbeAnswer):
            log.info("%s structured output: %s", model.role, method)
            return method
    log.warning("no structured-output method worked in the probe; using json_mode")
    return "json_mode"


class MethodChoice:
    """The structured-output method for one model: the setting, or with "auto" the probe's choice."""

    def __init__(self, model: ChatModel, settings: Settings) -> None:
        self._model = model
        self._settings = settings
        chosen = settings.structured_output
        self.method: Method | None = None if chosen == "auto" else chosen

    async def get(self) -> Method:
        """The method to use; with "auto" the probe runs once (json_schema for now while the server
        cannot be reached, and the next call probes again)."""
        if self.method is None:
            self.method = await probe_structured_output(self._model, self._settings)
        return self.method or "json_schema"
