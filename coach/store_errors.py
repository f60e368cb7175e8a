"""What coach.store refuses with: an id it does not hold, or a head that moved under a writer.

Imported from coach.store by callers (`from coach.store import NotFound`); kept apart so the store module
holds the persistence alone.
"""

from __future__ import annotations


class NotFound(KeyError):
    """An id that is not in the store. A KeyError whose str() is a readable sentence."""

    def __str__(self) -> str:
        return str(self.args[0])


class SessionNotFound(NotFound):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"no session with id {session_id!r}")
        self.session_id = session_id


class TurnNotFound(NotFound):
    def __init__(self, turn_id: str) -> None:
        super().__init__(f"no turn with id {turn_id!r}")
        self.turn_id = turn_id


class HeadMoved(RuntimeError):
    """The session's head is not the turn a new turn was meant to follow: another writer (a second
    window, process or retry) moved it first. Nothing was stored."""

    def __init__(self, session_id: str, expected: str | None, head: str | None) -> None:
        super().__init__(f"session {session_id!r} moved on: its head is {head!r}, not {expected!r}")
        self.session_id = session_id
        self.expected = expected
        self.head = head
