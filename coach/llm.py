"""The one place coach talks to language models: chat models built from settings, the retry policy, the
mapping of provider failures to one plain message for the trainee, token usage, and quoting of user text
so a model reads it as data.

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
from typing import Literal, NamedTuple, TypeVar

import openai
from langchain_core.messages import BaseMessage
from langchain_openai import ChatOpenAI
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from coach.config import Settings
from coach.models import Usage

try:  # the HTTP library under the openai SDK: httpx2 from openai 3, httpx before
    import httpx2 as sdk_httpx
except ImportError:  # pragma: no cover - depends on the installed openai
    import httpx as sdk_httpx

log = logging.getLogger(__name__)

T = TypeVar("T")
Role = Literal["patient", "grader", "checker"]  # the checker reads the patient's drafts

PROVIDERS = ("openai",)
# Completion limits: a patient's chat line is one to three sentences and a cue line (about 80 tokens);
# a grade is evidence, scores, flags and a suggestion (several hundred); a principle check's verdict is
# a word, a principle and a one-line reason.
MAX_TOKENS: dict[Role, int] = {"patient": 160, "grader": 1500, "checker": 200}
BACKOFF = wait_exponential_jitter(multiplier=0.5, max=4.0, jitter=0.25)
MAX_RETRY_AFTER = 20.0  # seconds; a server asking for a longer pause is treated as unavailable now
BUDGET_FACTOR = 2.0  # all tries of one call finish within this many request timeouts
NO_KEY = (
    "The LLM backend is selected but no API key is set. Set OPENAI_API_KEY (or COACH_OPENAI_API_KEY); "
    "for a local server that ignores keys any value will do, e.g. OPENAI_API_KEY=local. "
    "Or run offline with COACH_BACKEND=offline."
)
SAVED = "Your turn is saved — retry, or continue offline."


class LLMConfigError(ValueError):
    """Settings that cannot build a chat model (unknown provider, missing key, bad base URL)."""


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


class ModelSpec(NamedTuple):
    provider: str
    name: str


def parse_model(spec: str) -> ModelSpec:
    """'openai:gpt-4o-mini' -> ('openai', 'gpt-4o-mini'); a bare name means openai.

    Only the first colon splits, so a local model tag keeps its own: 'openai:qwen2.5:7b'.
    """
    spec = spec.strip()
    if not spec:
        raise LLMConfigError("The model setting is empty; use a name like openai:gpt-4o-mini.")
    if ":" not in spec:
        return ModelSpec("openai", spec)
    provider, name = spec.split(":", 1)
    if provider not in PROVIDERS:
        raise LLMConfigError(
            f"Unknown model provider {provider!r} in {spec!r}; known: {', '.join(PROVIDERS)} (any "
            f"OpenAI-compatible server, chosen by base URL). A model name with a colon, such as an "
            f"Ollama tag, needs the provider in front: openai:{spec}."
        )
    if not name:
        raise LLMConfigError(f"No model name after the provider in {spec!r}; e.g. openai:gpt-4o-mini.")
    return ModelSpec(provider, name)


def model_setting(settings: Settings, role: Role) -> str:
    """The model setting a role runs on: the principle check asks the patient's own model."""
    return settings.grader_model if role == "grader" else settings.patient_model


def check_backend(settings: Settings) -> str | None:
    """One clear message if the LLM backend is requested but cannot run (for start-up), else None."""
    if settings.resolved_backend != "llm":
        return None
    for role in ("patient", "grader"):
        try:
            parse_model(model_setting(settings, role))
        except LLMConfigError as err:
            return f"COACH_{role.upper()}_MODEL: {err}"
    base_url = settings.openai_base_url
    if base_url and not re.match(r"https?://", base_url):
        return f"The OpenAI base URL {base_url!r} must start with http:// or https:// (e.g. http://localhost:8000/v1)."
    if settings.openai_api_key is None or not settings.openai_api_key.get_secret_value():
        return NO_KEY
    return None


class Probe(NamedTuple):
    """What a start-up check of the endpoint found: `fatal` means the app should not start."""

    fatal: bool
    message: str


def probe_endpoint(settings: Settings) -> Probe | None:
    """Ask the endpoint for its models once, so a wrong key or URL is one clear message at start-up
    rather than a failure mid-session. None when it answered (or does not list models)."""
    if settings.resolved_backend != "llm":
        return None
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    client = openai.OpenAI(
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=min(5.0, settings.request_timeout),
        max_retries=0,
    )
    where = settings.openai_base_url or "OpenAI"
    try:
        client.models.list()
    except (openai.AuthenticationError, openai.PermissionDeniedError):
        return Probe(
            True, f"the API key was refused by {where}: check OPENAI_API_KEY (or COACH_OPENAI_API_KEY)."
        )
    except openai.NotFoundError:
        return None  # some OpenAI-compatible servers do not list models; chat may still work
    except (openai.APIConnectionError, openai.APITimeoutError):
        return Probe(
            False,
            f"cannot reach {where} just now; turns will offer a retry or the offline patient until it "
            "answers.",
        )
    except openai.APIStatusError as exc:
        return Probe(False, f"{where} answered {exc.status_code} to a models check; carrying on.")
    finally:
        client.close()
    return None


def build_chat_model(settings: Settings, role: Role) -> ChatOpenAI:
    """The chat model for the patient or the grader, from settings; raises LLMConfigError if it cannot.

    It gets its own async HTTP client, because LangChain's default one is shared process-wide and its
    pooled connections break when used from a second event loop; see ChatModel for per-loop reuse.
    """
    problem = check_backend(settings.model_copy(update={"backend": "llm"}))
    if problem:
        raise LLMConfigError(problem)
    spec = parse_model(model_setting(settings, role))
    return ChatOpenAI(
        http_async_client=openai.DefaultAsyncHttpxClient(),
        model=spec.name,
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key,
        timeout=sdk_httpx.Timeout(settings.request_timeout, connect=settings.connect_timeout),
        # a check, like a grade, wants the same verdict every time it reads the same text
        temperature=settings.patient_temperature if role == "patient" else settings.grader_temperature,
        max_retries=0,
        max_tokens=MAX_TOKENS[role],
        use_responses_api=False,
        stream_usage=True,
        stream_chunk_timeout=settings.request_timeout,
    )


class ChatModel:
    """A chat model for one role, built once per event loop (an async HTTP client belongs to the loop
    it first ran on; the app has one loop, but the command line and tests may run several in turn)."""

    def __init__(self, settings: Settings, role: Role) -> None:
        self.settings = settings
        self.role = role
        self.label = model_label(settings, role)
        build_chat_model(settings, role)  # fail at construction, not at the first turn
        self._by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ChatOpenAI] = (
            weakref.WeakKeyDictionary()
        )

    def get(self) -> ChatOpenAI:
        """The model for the running event loop."""
        loop = asyncio.get_running_loop()
        model = self._by_loop.get(loop)
        if model is None:
            model = self._by_loop[loop] = build_chat_model(self.settings, self.role)
        return model


def model_label(settings: Settings, role: Role) -> str:
    """'llm:<model>', the name a reply or grade carries."""
    return f"llm:{parse_model(model_setting(settings, role)).name}"


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


def _asks_too_long(state: RetryCallState) -> bool:
    after = retry_after(state.outcome.exception() if state.outcome else None)
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
            | _asks_too_long
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
