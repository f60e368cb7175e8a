"""What a store read returns: a conversation as one transaction saw it, usage totals, and the chain of
turns from the first to a head."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict

from coach.models import Grade, Session, Turn


@dataclass(frozen=True)
class Conversation:
    """A session as one read transaction saw it: what a turn starts from, and what the page shows."""

    session: Session
    turns: list[Turn]  # every turn, on every branch, in the order they were stored
    branch: list[Turn]  # the turns from the first to the head, following parents (the same objects)
    answered_grades: list[Grade]  # the grades of the staff turn the head answers, oldest first
    # True when this is the store's own copy of what it last wrote (coach.store: Store.conversation),
    # not a read; the next append's compare and set confirms it.
    kept: bool = False

    def holds(self, read: Conversation) -> bool:
        """Whether a read of the session finds it as this copy has it, as far as the exchange's compare
        and set checks it: the same head, still open, as many turns."""
        same_head = self.session.head_turn_id == read.session.head_turn_id
        return same_head and read.session.ended_at is None and len(self.turns) == len(read.turns)


class UsageTotals(TypedDict):
    calls: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None  # None when no call reported a cost


def ids_to_head(parent_of: Mapping[str, str | None], head: str | None) -> list[str]:
    """The ids of the turns from the first to `head`, following parents."""
    ids = []
    while head is not None:
        ids.append(head)
        head = parent_of[head]
    ids.reverse()
    return ids
