"""The LLM patient: the persona played by a chat model, streamed, guarded, with an offline fallback.

One reply: stream the model's words to the trainee as they arrive (the cue line held back), then check
the whole reply with the guards. A reply that fails a guard is redrafted once, not streamed; if the
redraft fails too, the offline patient answers instead, marked source="offline-fallback" with a note.
Provider failures are not papered over: they come out as LLMUnavailable, so the trainee can retry or
continue offline, knowing which.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import NamedTuple, Protocol

from langchain_core.messages import AIMessageChunk, BaseMessage

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
from coach.patient.base import PatientContext, PatientReply
from coach.patient.guards import GuardFailure, check_reply
from coach.patient.offline import OfflinePatient
from coach.patient.prompt import PATIENT_PROMPT, CueLineFilter, first_name, parse_reply, prompt_values

FALLBACK_SOURCE = "offline-fallback"
STATE_CUES = 2  # cues taken from the state when the model gave none


class ReplyFallback(Protocol):
    """What answers when the model's reply cannot be used (the offline patient)."""

    def reply(self, ctx: PatientContext) -> PatientReply: ...


class _Draft(NamedTuple):
    text: str
    usage: Usage


def correction_for(failures: list[GuardFailure], name: str) -> str:
    """The system note that asks for a redraft after `failures`."""
    return (
        f"Your last reply could not be used ({', '.join(f.value for f in failures)}). Reply again as "
        f"{name} only: one to three short spoken sentences, then the cue line. Stay in the scene."
    )


class LLMPatient:
    """coach.patient.base.Patient played by the settings' patient model."""

    def __init__(self, settings: Settings, fallback: ReplyFallback | None = None) -> None:
        self.settings = settings
        self._model = ChatModel(settings, "patient")
        self.name = self._model.label
        self._fallback = fallback or OfflinePatient()

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        """Yield text deltas as the model writes them, then one final, guarded PatientReply.

        Raises LLMUnavailable when the model cannot be reached (after the retry policy).
        """
        values = prompt_values(ctx)
        draft: _Draft | None = None
        async for item in self._streamed(values):
            if isinstance(item, _Draft):
                draft = item
            else:
                yield item
        if draft is None:
            raise TruncatedReply("the model stream produced no reply")
        failures = self._check(draft, ctx)
        if not failures:
            yield self._reply(draft, ctx)
            return
        redraft = await self._invoke(prompt_values(ctx, correction_for(failures, first_name(ctx.persona))))
        usage = draft.usage + redraft.usage
        again = self._check(redraft, ctx)
        if not again:
            yield self._reply(redraft._replace(usage=usage), ctx)
            return
        fallback = self._fallback.reply(ctx)
        note = (
            f"The LLM reply failed the guards twice ({', '.join(f.value for f in failures)}; then "
            f"{', '.join(f.value for f in again)}), so the offline patient answered."
        )
        yield PatientReply(
            **{**fallback.model_dump(), "source": FALLBACK_SOURCE, "note": note, "usage": usage}
        )

    def _check(self, draft: _Draft, ctx: PatientContext) -> list[GuardFailure]:
        spoken, cues = parse_reply(draft.text, ctx.persona)
        return check_reply(spoken, cues, ctx.persona)

    def _reply(self, draft: _Draft, ctx: PatientContext) -> PatientReply:
        spoken, cues = parse_reply(draft.text, ctx.persona)
        return PatientReply(
            text=spoken, cues=cues or ctx.state.cues[:STATE_CUES], source=self.name, usage=draft.usage
        )

    async def _streamed(self, values: dict[str, object]) -> AsyncIterator[str | _Draft]:
        """Deltas then a _Draft, under the retry policy. A retry after text was shown is not streamed,
        so the trainee never sees a reply start twice; the final reply replaces the partial one."""
        shown = False
        try:
            async for attempt in retrying(self.settings):
                with attempt:
                    if shown:
                        yield await self._invoke_once(values)
                    else:
                        async for item in self._stream_once(values):
                            shown = shown or isinstance(item, str)
                            yield item
        except Exception as exc:
            failure = as_unavailable(exc, "patient")
            if failure is None:
                raise
            raise failure from exc

    async def _stream_once(self, values: dict[str, object]) -> AsyncIterator[str | _Draft]:
        hide_cues = CueLineFilter()
        whole: AIMessageChunk | None = None
        finished = False
        async for chunk in (PATIENT_PROMPT | self._model.get()).astream(values):
            whole = chunk if whole is None else whole + chunk
            finished = finished or bool(chunk.response_metadata.get("finish_reason"))
            shown = hide_cues.feed(str(chunk.text))
            if shown:
                yield shown
        if whole is None or not finished:
            raise TruncatedReply("the reply stream ended before the model finished")
        yield _Draft(str(whole.text), usage_of(whole))

    async def _invoke_once(self, values: dict[str, object]) -> _Draft:
        message: BaseMessage = await (PATIENT_PROMPT | self._model.get()).ainvoke(values)
        return _Draft(str(message.text), usage_of(message))

    async def _invoke(self, values: dict[str, object]) -> _Draft:
        return await call_with_retries(lambda: self._invoke_once(values), self.settings, "patient")
