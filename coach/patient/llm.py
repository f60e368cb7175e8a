"""The LLM patient: the persona played by a chat model, streamed sentence by sentence behind the guards,
with one redraft and an offline fallback.

One reply: the model's words are held until a sentence is complete, and a sentence is shown only when
the guards pass on the reply so far (the cue line is held back throughout). A draft that fails is cut
off there and redrafted once, not streamed, with the failed text and the reason; if the redraft fails
too, the offline patient answers instead, marked source="offline-fallback" with a note. Provider
failures are not papered over: they come out as LLMUnavailable, so the trainee can retry or continue
offline, knowing which.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, NamedTuple, Protocol, cast

from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.runnables import Runnable

from coach.config import Settings
from coach.llm import (
    ChatModel,
    TruncatedReply,
    Usage,
    as_unavailable,
    call_with_retries,
    retrying,
    usage_of,
)
from coach.patient.base import FALLBACK_SOURCE, PatientContext, PatientReply
from coach.patient.guards import WHY, GuardFailure, check_reply
from coach.patient.offline import OfflinePatient
from coach.patient.prompt import (
    PATIENT_PROMPT,
    CueLineFilter,
    first_name,
    parse_reply,
    prompt_values,
    redraft_messages,
)

STATE_CUES = 2  # cues taken from the state when the model gave none


class ReplyFallback(Protocol):
    """What answers when the model's reply cannot be used (the offline patient)."""

    def reply(self, ctx: PatientContext) -> PatientReply: ...


class _Draft(NamedTuple):
    text: str
    usage: Usage


# A sentence ends at . ! ? or an ellipsis (and any closing quote or bracket) before a space, or at a line
# break: the unit in which streamed words are checked and released.
_SENTENCE_END = re.compile(r"(?:[.!?…]+[\"”’')\]]*\s+|\n+)")


class SentenceRelease:
    """Holds streamed text back until a sentence is complete, so each sentence can be guarded before
    the trainee sees any of it."""

    def __init__(self) -> None:
        self._pending = ""

    def feed(self, delta: str) -> str:
        """The complete sentences the stream now holds that were not released before ('' for none)."""
        self._pending += delta
        ends = list(_SENTENCE_END.finditer(self._pending))
        if not ends:
            return ""
        cut = ends[-1].end()
        ready, self._pending = self._pending[:cut], self._pending[cut:]
        return ready

    def rest(self) -> str:
        """What is still held (the last sentence when the stream ends without a break)."""
        rest, self._pending = self._pending, ""
        return rest


def stop_sequences(persona_name: str) -> list[str]:
    """Where a model that starts writing the staff side (or its own label again) is cut off: a speaker
    label at the start of a line. Four at most, OpenAI's limit."""
    return ["\nNurse", "\nStaff", f"\n{persona_name}:", "\nUser:"]


class LLMPatient:
    """coach.patient.base.Patient played by the settings' patient model."""

    def __init__(self, settings: Settings, fallback: ReplyFallback | None = None) -> None:
        self.settings = settings
        self._model = ChatModel(settings, "patient")
        self.name = self._model.label
        self._fallback = fallback or OfflinePatient()

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        """Yield the reply sentence by sentence, each only after the guards passed on everything up to
        it, then one final, guarded PatientReply. A draft that fails is stopped there, never shown
        further, and redrafted once with the failed text and the reason; a second failure gets the
        offline patient's reply.

        Raises LLMUnavailable when the model cannot be reached (after the retry policy).
        """
        name = first_name(ctx.persona)
        values = prompt_values(ctx)
        release = SentenceRelease()
        released = ""
        failed_text = ""
        failures: list[GuardFailure] = []
        draft: _Draft | None = None
        async with contextlib.aclosing(self._streamed(values, name)) as items:
            async for item in items:
                if isinstance(item, _Draft):
                    draft = item
                    continue
                ready = release.feed(item)
                if not ready:
                    continue
                spoken, cues = parse_reply(released + ready, ctx.persona)
                failures = check_reply(spoken, cues, ctx.persona, partial=True)
                if failures:
                    failed_text = released + ready
                    break
                released += ready
                yield ready
        usage = Usage()
        if not failures:
            if draft is None:
                raise TruncatedReply("the model stream produced no reply")
            usage = draft.usage
            failures = self._check(draft, ctx)
            if not failures:
                if rest := release.rest():
                    yield rest
                yield self._reply(draft, ctx)
                return
            failed_text = draft.text
        why = "; ".join(WHY[f] for f in failures)
        redraft = await self._invoke({**values, "correction": redraft_messages(failed_text, why, name)}, name)
        usage += redraft.usage
        again = self._check(redraft, ctx)
        first_draft = [f.value for f in failures]
        if not again:
            yield self._reply(redraft._replace(usage=usage), ctx).model_copy(
                update={"first_draft": first_draft}
            )
            return
        fallback = self._fallback.reply(ctx)
        note = (
            f"The LLM reply failed the guards twice ({', '.join(f.value for f in failures)}; then "
            f"{', '.join(f.value for f in again)}), so the offline patient answered."
        )
        yield PatientReply(
            **{
                **fallback.model_dump(),
                "source": FALLBACK_SOURCE,
                "note": note,
                "usage": usage,
                "first_draft": first_draft,
            }
        )

    def _check(self, draft: _Draft, ctx: PatientContext) -> list[GuardFailure]:
        spoken, cues = parse_reply(draft.text, ctx.persona)
        return check_reply(spoken, cues, ctx.persona)

    def _reply(self, draft: _Draft, ctx: PatientContext) -> PatientReply:
        spoken, cues = parse_reply(draft.text, ctx.persona)
        return PatientReply(
            text=spoken, cues=cues or ctx.state.cues[:STATE_CUES], source=self.name, usage=draft.usage
        )

    def _bound(self, name: str) -> Runnable[Any, BaseMessage]:
        chain = PATIENT_PROMPT | self._model.get().bind(stop=stop_sequences(name))
        # named and tagged for tracing (LangSmith or any LangChain callback)
        return chain.with_config(run_name="coach.patient_reply", tags=["coach", "patient"])

    async def _streamed(self, values: dict[str, object], name: str) -> AsyncGenerator[str | _Draft, None]:
        """Deltas then a _Draft, under the retry policy. A retry after text was shown is not streamed,
        so the trainee never sees a reply start twice; the final reply replaces the partial one."""
        shown = False
        try:
            async for attempt in retrying(self.settings):
                with attempt:
                    if shown:
                        yield await self._invoke_once(values, name)
                    else:
                        async for item in self._stream_once(values, name):
                            shown = shown or isinstance(item, str)
                            yield item
        except Exception as exc:
            failure = as_unavailable(exc, "patient")
            if failure is None:
                raise
            raise failure from exc

    async def _stream_once(self, values: dict[str, object], name: str) -> AsyncIterator[str | _Draft]:
        hide_cues = CueLineFilter()
        whole: AIMessageChunk | None = None
        finished = False
        async for streamed in self._bound(name).astream(values):
            # A chat model streams message chunks; LangChain's types name only what invoke returns.
            chunk = cast(AIMessageChunk, streamed)
            whole = chunk if whole is None else whole + chunk
            finished = finished or bool(chunk.response_metadata.get("finish_reason"))
            shown = hide_cues.feed(str(chunk.text))
            if shown:
                yield shown
        if whole is None or not finished:
            raise TruncatedReply("the reply stream ended before the model finished")
        yield _Draft(str(whole.text), usage_of(whole))

    async def _invoke_once(self, values: dict[str, object], name: str) -> _Draft:
        message: BaseMessage = await self._bound(name).ainvoke(values)
        return _Draft(str(message.text), usage_of(message))

    async def _invoke(self, values: dict[str, object], name: str) -> _Draft:
        return await call_with_retries(lambda: self._invoke_once(values, name), self.settings, "patient")
