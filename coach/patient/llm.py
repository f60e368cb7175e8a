"""The LLM patient: the persona played by a chat model, streamed sentence by sentence behind the guards,
with one redraft and an offline fallback.

One reply: the model's words are held until a sentence is complete, and a sentence is shown only when
the guards pass on the reply so far (the cue line is held back throughout). A draft that fails is cut
off there and redrafted once, not streamed, with the failed text and the reason; if the redraft fails
too, the offline patient answers instead, marked source="offline-fallback" with a note. With the
principle check on (coach.patient.principles), a draft that passed the guards is shown only after the
model's own check passed it too (or failed open); a failed check is redrafted like a guard. Provider
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
from coach.patient.base import (
    CHECKED,
    FALLBACK_SOURCE,
    UNCHECKED,
    PatientContext,
    PatientReply,
    PrincipleCheck,
)
from coach.patient.guards import WHY, GuardFailure, check_reply
from coach.patient.offline import OfflinePatient
from coach.patient.principles import AS_GUARD, PrincipleChecker
from coach.patient.prompt import (
    PATIENT_PROMPT,
    CueLineFilter,
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


class _Vetting(NamedTuple):
    """What the guards and the principle check made of one whole draft."""

    failures: list[GuardFailure]
    why: str  # for the redraft request
    usage: Usage  # of the check
    checked: PrincipleCheck | None  # the check's outcome for a draft that may be shown


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
        self.checker = PrincipleChecker(settings) if settings.principle_check else None

    async def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        """Yield the reply sentence by sentence, each only after the guards passed on everything up to
        it, then one final, guarded PatientReply. A draft that fails is stopped there, never shown
        further, and redrafted once with the failed text and the reason; a second failure gets the
        offline patient's reply. With the principle check on, every sentence is held until the whole
        draft has passed the guards and the check, so nothing unchecked is shown.

        Raises LLMUnavailable when the model cannot be reached (after the retry policy).
        """
        name = ctx.persona.profile.first_name
        values = prompt_values(ctx)
        release = SentenceRelease()
        hold = self.checker is not None
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
                if not hold:
                    yield ready
        usage, checks = Usage(), Usage()  # the patient's calls; the principle checks'
        why = "; ".join(WHY[f] for f in failures)
        if not failures:
            if draft is None:
                raise TruncatedReply("the model stream produced no reply")
            vetted = await self._vet(draft, ctx)
            usage, checks = draft.usage, vetted.usage
            if not vetted.failures:
                reply = self._reply(draft, ctx, vetted, checks)
                # held: the whole checked reply at once (a stream retried after a cut holds the words
                # of the cut try too, which the final draft replaces)
                if shown := reply.text if hold else release.rest():
                    yield shown
                yield reply
                return
            failed_text, failures, why = draft.text, vetted.failures, vetted.why
        redraft = await self._invoke({**values, "correction": redraft_messages(failed_text, why, name)}, name)
        again = await self._vet(redraft, ctx)
        usage += redraft.usage
        checks += again.usage
        first_draft = [f.value for f in failures]
        if not again.failures:
            yield self._reply(redraft._replace(usage=usage), ctx, again, checks).model_copy(
                update={"first_draft": first_draft}
            )
            return
        fallback = self._fallback.reply(ctx)
        note = (
            f"The LLM reply failed the checks twice ({', '.join(f.value for f in failures)}; then "
            f"{', '.join(f.value for f in again.failures)}), so the offline patient answered."
        )
        yield PatientReply(
            **{
                **fallback.model_dump(),
                "source": FALLBACK_SOURCE,
                "note": note,
                "usage": usage,
                "check_usage": checks if self.checker else None,
                "first_draft": first_draft,
            }
        )

    async def _vet(self, draft: _Draft, ctx: PatientContext) -> _Vetting:
        """The guards on a whole draft, then (when on and the guards passed) the principle check."""
        spoken, cues = parse_reply(draft.text, ctx.persona)
        failures = check_reply(spoken, cues, ctx.persona)
        if failures or self.checker is None:
            return _Vetting(failures, "; ".join(WHY[f] for f in failures), Usage(), None)
        outcome = await self.checker.check(ctx, draft.text)
        verdict = outcome.verdict
        if verdict is None:
            return _Vetting([], "", outcome.usage, UNCHECKED)
        if verdict.principle is None:  # passed (a failing verdict always names its principle)
            return _Vetting([], "", outcome.usage, CHECKED)
        return _Vetting([AS_GUARD[verdict.principle]], verdict.why(), outcome.usage, None)

    def _reply(self, draft: _Draft, ctx: PatientContext, vetted: _Vetting, checks: Usage) -> PatientReply:
        spoken, cues = parse_reply(draft.text, ctx.persona)
        return PatientReply(
            text=spoken,
            cues=cues or ctx.state.cues[:STATE_CUES],
            source=self.name,
            usage=draft.usage,
            principle_check=vetted.checked,
            check_usage=checks if self.checker else None,
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
