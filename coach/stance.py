"""The nonverbal channel of a staff turn: where the staff member stands, how they sound, their posture, and
what they do (step back, offer a break, call support, swap staff, touch). The trainee sets it beside the
words; the grader, the patient state and the patient's reply all read it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Distance(StrEnum):
    close = "close"
    arms_length = "arms_length"
    two_arms_or_more = "two_arms_or_more"


class Voice(StrEnum):
    quiet = "quiet"
    normal = "normal"
    raised = "raised"


class Posture(StrEnum):
    open = "open"
    closed = "closed"


class Action(StrEnum):
    step_back = "step_back"
    offer_break = "offer_break"  # a time-limited offer of space
    call_support = "call_support"
    swap_staff = "swap_staff"
    touch = "touch"  # hands on: a last resort, graded as such


class Stance(BaseModel):
    """The nonverbal channel of a staff turn. None means 'not stated', which is neutral."""

    model_config = ConfigDict(extra="forbid")

    distance: Distance | None = None
    voice: Voice | None = None
    posture: Posture | None = None
    actions: list[Action] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return self.distance is None and self.voice is None and self.posture is None and not self.actions

    def words(self) -> list[str]:
        """Each stated part in plain words, as a stage direction reads: ['two arm's lengths away', ...]."""
        parts = [self.distance, self.voice, self.posture, *self.actions]
        return [STANCE_WORDS[p] for p in parts if p is not None]

    def describe(self) -> str:
        """The stance as one short stage direction ('two arm's lengths away · quiet voice'), or ''."""
        return " · ".join(self.words())


STANCE_WORDS: dict[Distance | Voice | Posture | Action, str] = {
    Distance.close: "standing close",
    Distance.arms_length: "at arm's length",
    Distance.two_arms_or_more: "two arm's lengths away",
    Voice.quiet: "quiet voice",
    Voice.normal: "normal voice",
    Voice.raised: "raised voice",
    Posture.open: "open posture",
    Posture.closed: "closed posture",
    Action.step_back: "steps back",
    Action.offer_break: "offers a time-limited break",
    Action.call_support: "calls for support",
    Action.swap_staff: "swaps with a colleague",
    Action.touch: "puts a hand on them",
}
