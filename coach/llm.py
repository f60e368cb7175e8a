"""The one place coach talks to language models: each role's chat model built from settings (by the
provider its model setting names, coach.providers), the start-up checks, the retry policy, the mapping of
provider failures to one plain message for the trainee, token usage, and quoting of user text so a model
reads it as data.

Retries are owned here and only here: the OpenAI SDK is built with max_retries=0 and LangChain's own
retry wrappers are not used, so a failing call is tried at most `settings.max_retries` more times.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import re
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Literal, TypeVar

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)
from tenacity.stop import stop_base

from coach.config import Settings
from coach.models import Usage
from coach.providers import PROVIDERS, Model, parse_model
from coach.providers.base import LLMConfigError, Probe
from coach.providers.openai import sdk_httpx

log = logging.getLogger(__name__)

T = TypeVar("T")
Role = Literal["patient", "grader", "checker"]  # the checker reads the patient's drafts

ROLES: tuple[Role, ...] = ("patient", "grader")
# Completion limits: a patient's chat line is one to three sentences and a cue line (about 80 tokens);
# a grade is evidence, scores, flags and a suggestion (several hundred); a principle check's verdict is
# a word, a principle and a one-line reason.
MAX_TOKENS: dict[Role, int] = {"patient": 160, "grader": 1500, "checker": 200}
BACKOFF = wait_exponential_jitter(multiplier=0.5, max=4.0, jitter=0.25)
MAX_RETRY_AFTER = 20.0  # seconds; a server asking for a longer pause is treated as unavailable now
BUDGET_FACTOR = 2.0  # all tries of one call finish within this many request timeouts
SAVED = "Your turn is saved — retry, or continue offline."


class LLMUnavailable(Exception):
    """A model call failed for a reason outside coach's control; `message_for_trainee` is one short,
    plain sentence pair fit to show in the chat (no stack trace, no provider jargon)."""

    def __init__(self, message_for_trainee: str, *, reason: str, status: int | None = None) -> None:
        super().__init__(message_for_trainee)
        self.message_for_trainee = message_for_trainee
        self.reason = reason
        self.status = status


class TruncatedReply(Exception):
    """A streamed reply ended without a finish reason: the connection was cut. Retryable."""


# --------------------------------------------------------------------------- building models


def model_setting(settings: Settings, role: Role) -> str:
    """The model setting a role runs on: the principle check asks the patient's own model."""
    return settings.grader_model if role == "grader" else settings.patient_model


def role_model(settings: Settings, role: Role) -> Model:
    """The model the patient or the grader runs on; LLMConfigError naming the setting if it is malformed."""
    try:
        return parse_model(model_setting(settings, role))
    except LLMConfigError as err:
        raise LLMConfigError(f"COACH_{role.upper()}_MODEL: {err}") from None


def check_models(settings: Settings) -> str | None:
    """One clear message if the patient's or the grader's model cannot be reached with these settings (an
    unknown provider, no key, a malformed base URL), else None."""
    for role in ROLES:
        try:
            model = role_model(settings, role)
        except LLMConfigError as err:
            return str(err)
        if problem := model.on(settings).problem():
            return problem
    return None


def probe_endpoints(settings: Settings) -> Probe | None:
    """Ask each provider the two roles use, once, whether it answers and takes the key, so a wrong key or
    URL is one clear message at start-up rather than a failure mid-session. The first finding, or None."""
    providers = {role_model(settings, role).provider for role in ROLES}
    for name in sorted(providers):
        if (probe := PROVIDERS[name](settings).probe()) is not None:
            return probe
    return None


def build_chat_model(settings: Settings, role: Role) -> BaseChatModel:
    """The chat model for the patient or the grader, from settings; raises LLMConfigError if it cannot.

    It gets its own async HTTP client, because LangChain's default one is shared process-wide and its
    pooled connections break when used from a second event loop; see ChatModel for per-loop reuse.
    """
    model = role_model(settings, role)
    provider = model.on(settings)
    if problem := provider.problem():
        raise LLMConfigError(problem)
    return provider.chat_model(
        model.name,
        # a check, like a grade, wants the same verdict every time it reads the same text
        temperature=settings.patient_temperature if role == "patient" else settings.grader_temperature,
        max_tokens=MAX_TOKENS[role],
    )


class ChatModel:
    """A chat model for one role, built once per event loop (an async HTTP client belongs to the loop
    it first ran on; the app has one loop, but the command line and tests may run several in turn)."""

    def __init__(self, settings: Settings, role: Role) -> None:
        self.settings = settings
        self.role = role
        self.label = model_label(settings, role)
        build_chat_model(settings, role)  # fail at construction, not at the first turn
        self._by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, BaseChatModel] = (
            weakref.WeakKeyDictionary()
        )

    def get(self) -> BaseChatModel:
        """The model for the running event loop."""
        loop = asyncio.get_running_loop()
        model = self._by_loop.get(loop)
        if model is None:
            model = self._by_loop[loop] = build_chat_model(self.settings, self.role)
        return model


def model_label(settings: Settings, role: Role) -> str:
    """'llm:<model>', the name a reply or grade carries."""
    return f"llm:{role_model(settings, role).name}"


# --------------------------------------------------------------------------- retries


def _status(exc: BaseException) -> int | None:
    return exc.status_code if isinstance(exc, openai.APIStatusError) else None


def is_retryable(exc: BaseException) -> bool:
    """Rate limits, server errors, timeouts, dropped connections and garbled bodies; not 400/401/403/404."""
    status = _status(exc)
    if status is not None:
        return status in (408, 429) or status >= 500
    return isinstance(
        exc,
        openai.APIConnectionError  # includes timeouts
        | TimeoutError
        | sdk_httpx.TransportError
        | json.JSONDecodeError  # the SDK raises it for a response body that is not JSON
        | TruncatedReply,
    )


def retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms or Retry-After, seconds or HTTP date)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    try:
        if (ms := headers.get("retry-after-ms")) is not None:
            return max(0.0, float(ms) / 1000)
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _wait(state: RetryCallState) -> float:
    exc = state.outcome.exception() if state.outcome else None
    after = retry_after(exc)
    return after if after is not None else BACKOFF(state)


class _AsksTooLong(stop_base):
    """Stop when the provider's Retry-After asks for a longer wait than MAX_RETRY_AFTER."""

    def __call__(self, retry_state: RetryCallState) -> bool:
        after = retry_after(retry_state.outcome.exception() if retry_state.outcome else None)
        return after is not None and after > MAX_RETRY_AFTER


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    wait = state.next_action.sleep if state.next_action else 0.0
    log.warning("model call failed (%s); retry %d in %.2fs", _reason(exc), state.attempt_number, wait)


def retrying(settings: Settings) -> AsyncRetrying:
    """The retry policy: up to settings.max_retries retries of retryable failures, honouring Retry-After,
    else exponential backoff with jitter (0.5 s doubling, capped at 4 s); all tries within
    BUDGET_FACTOR request timeouts. The last failure is re-raised as it was."""
    return AsyncRetrying(
        retry=retry_if_exception(is_retryable),
        wait=_wait,
        stop=(
            stop_after_attempt(settings.max_retries + 1)
            | stop_before_delay(settings.request_timeout * BUDGET_FACTOR)
            | _AsksTooLong()
        ),
        before_sleep=_log_retry,
        reraise=True,
    )


def _reason(exc: BaseException | None) -> str:
    status = _status(exc) if exc is not None else None
    if status == 429:
        return "rate limited"
    if status in (401, 403):
        return "API key rejected"
    if status == 404:
        return "model not found"
    if status is not None and status >= 500:
        return "server error"
    if status is not None:
        return "request rejected"
    if isinstance(exc, openai.APITimeoutError | TimeoutError | sdk_httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, TruncatedReply):
        return "reply cut off"
    if isinstance(exc, json.JSONDecodeError):
        return "garbled response"
    return "connection failed"


def as_unavailable(exc: BaseException, role: Role) -> LLMUnavailable | None:
    """The LLMUnavailable for a provider failure, or None if `exc` is not one (a bug, a parse error)."""
    if isinstance(exc, LLMUnavailable):
        return exc
    if not (isinstance(exc, openai.APIError) or is_retryable(exc)):
        return None
    status = _status(exc)
    transient = status is None or status in (408, 429) or status >= 500
    what = "is not responding" if transient else "refused the request"
    reason = _reason(exc)
    return LLMUnavailable(f"The {role} model {what} ({reason}). {SAVED}", reason=reason, status=status)


async def call_with_retries(fn: Callable[[], Awaitable[T]], settings: Settings, role: Role) -> T:
    """Await fn() under the retry policy; provider failures come out as LLMUnavailable, anything else
    (such as output that fails validation) as it was raised."""

    async def once() -> T:  # tenacity awaits only what it can see is a coroutine function
        return await fn()

    try:
        return await retrying(settings)(once)
    except Exception as exc:
        failure = as_unavailable(exc, role)
        if failure is None:
            raise
        raise failure from exc


# --------------------------------------------------------------------------- usage and quoting


def usage_of(message: BaseMessage | None) -> Usage:
    """The usage a model message reports (zero when the server sent none)."""
    meta = getattr(message, "usage_metadata", None) or {}
    return Usage(prompt_tokens=meta.get("input_tokens", 0), completion_tokens=meta.get("output_tokens", 0))


def quote_block(tag: str, text: str) -> str:
    """`text` inside <tag>...</tag>, with any copy of that tag in the text removed so the text cannot
    close the block early and pose as instructions."""
    defused = re.sub(rf"<\s*/?\s*{re.escape(tag)}\b[^>]*>", "", text, flags=re.IGNORECASE)
    return f"<{tag}>\n{defused}\n</{tag}>"
