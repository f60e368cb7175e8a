"""The patient's reply under a deadline: the trainee hears within seconds that the patient is slow, and a
reply that misses the deadline fails the turn (kept, retryable) instead of leaving them waiting.

The model's own retries stay where they are owned (coach.llm.retrying); this is the bound above them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator
from typing import TypeVar

from pydantic import BaseModel

T = TypeVar("T")

SLOW = "The patient is slow to answer; still waiting. You can wait, or retry or continue offline if it fails."
TIMED_OUT = "The patient model took too long to answer. Your turn is saved: retry, or continue offline."


class ReplySlow(BaseModel):
    """No words yet after the slow-notice time: the trainee is told the patient is slow, not left
    staring at a silent screen."""

    message: str


class ReplyTimedOut(Exception):
    """The reply missed its deadline."""

    message_for_trainee = TIMED_OUT


async def within_deadline(
    items: AsyncIterator[T], deadline_s: float | None, slow_notice_s: float | None
) -> AsyncIterator[T | ReplySlow]:
    """`items`, with one ReplySlow when nothing came for `slow_notice_s` seconds, and ReplyTimedOut when
    the whole took longer than `deadline_s` (None: no bound). The source is closed either way."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + deadline_s if deadline_s else None
    slow_at = loop.time() + slow_notice_s if slow_notice_s else None
    iterator = aiter(items)
    try:
        if deadline is None and slow_at is None:
            # Nothing to watch for (the offline patient): a task and a wait a word would be overhead.
            async for item in iterator:
                yield item
            return
        while True:
            step = asyncio.ensure_future(anext(iterator))
            try:
                while True:
                    marks = [t for t in (slow_at, deadline) if t is not None]
                    timeout = max(0.0, min(marks) - loop.time()) if marks else None
                    done, _ = await asyncio.wait({step}, timeout=timeout)
                    if done:
                        break
                    if deadline is not None and loop.time() >= deadline:
                        raise ReplyTimedOut(TIMED_OUT)
                    if slow_at is not None and loop.time() >= slow_at:
                        slow_at = None
                        yield ReplySlow(message=SLOW)
            except BaseException:
                step.cancel()
                with contextlib.suppress(BaseException):
                    await step
                raise
            try:
                item = step.result()
            except StopAsyncIteration:
                return
            slow_at = None  # words are coming
            yield item
    finally:
        if isinstance(iterator, AsyncGenerator):
            with contextlib.suppress(Exception):
                await iterator.aclose()
