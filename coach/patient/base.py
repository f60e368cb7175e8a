"""The patient protocol: what any simulated patient (offline or LLM) is given and gives back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from coach.models import Grade, PatientState, Persona, ReplyKind, Turn, Usage
from coach.stance import Stance

FALLBACK_SOURCE = "offline-fallback"  # the source of a reply the offline patient gave for a failed model
PrincipleCheck = Literal["passed", "unavailable"]
CHECKED: PrincipleCheck = "passed"
UNCHECKED: PrincipleCheck = "unavailable"  # the check failed open: shown after the guards alone


class PatientContext(BaseModel):
    """Everything a patient may condition on for one reply."""

    session_id: str
    persona: Persona
    state: PatientState = Field(description="the state after the latest staff turn")
    history: list[Turn] = Field(description="the branch so far, oldest first, ending with the staff turn")
    grade: Grade | None = Field(None, description="the offline grade of the latest staff turn")
    stance: Stance = Field(default_factory=Stance)
    effects: list[str] = Field(
        default_factory=list, description="why the latest staff turn moved the agitation, in plain words"
    )
    offers: list[str] = Field(default_factory=list, description="what staff have offered in recent turns")


class PatientReply(BaseModel):
    """A finished, guarded reply: words and nonverbal cues, and what produced it."""

    text: str
    cues: list[str] = Field(default_factory=list)
    source: str = Field(description="offline, llm:<model>, or offline-fallback")
    kind: ReplyKind | None = None
    note: str | None = Field(None, description="why a fallback was used, for trainers")
    usage: Usage | None = Field(None, description="tokens the model calls for this reply took")
    first_draft: list[str] = Field(
        default_factory=list, description="the guards the model's first draft failed ([] when it passed)"
    )
    principle_check: PrincipleCheck | None = Field(
        None,
        description="with the principle check on: passed, or unavailable when the check errored or timed "
        "out and the guarded reply was shown unchecked; None when the check is off or not the model's reply",
    )
    check_usage: Usage | None = Field(
        None, description="tokens the principle checks for this reply took (None when the check is off)"
    )


class Patient(Protocol):
    name: str

    def stream(self, ctx: PatientContext) -> AsyncIterator[str | PatientReply]:
        """Yield text deltas as they arrive, then exactly one final PatientReply.

        The final reply is authoritative: a guard may have replaced what was streamed.
        """
        ...
