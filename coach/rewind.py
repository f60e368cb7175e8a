"""Going back in a session: the last staff turn taken back, or play resumed from an earlier patient line.

The old branch stays stored (the head moves); a scene that ended can be rewound until its debrief is
written, and rewinding reopens it.
"""

from __future__ import annotations

from coach.models import Speaker, Turn
from coach.store import Store
from coach.typed_text import TurnRejected


def undo(store: Store, session_id: str) -> Turn:
    """Take back the last staff turn: the head moves to the patient turn before it (state included).
    Undoing the turn that ended the scene reopens it."""
    _reopen(store, session_id)
    branch = store.branch(session_id)
    staff_positions = [i for i, t in enumerate(branch) if t.speaker is Speaker.staff]
    if not staff_positions:
        raise TurnRejected("There is nothing to undo yet.")
    target = branch[staff_positions[-1] - 1]
    assert target.id is not None, "turns read from the store have ids"
    store.set_head(session_id, target.id)
    return target


def rewind(store: Store, session_id: str, turn_id: str) -> Turn:
    """Go back to any earlier patient turn and play on from there; the old branch stays stored."""
    turn = store.get_turn(turn_id)
    if turn.session_id != session_id or turn.speaker is not Speaker.patient:
        raise TurnRejected("You can only rewind to one of the patient's lines in this session.")
    _reopen(store, session_id)
    store.set_head(session_id, turn_id)
    return turn


def _reopen(store: Store, session_id: str) -> None:
    session = store.get_session(session_id)
    if session.ended_at is None:
        return
    if store.get_debrief(session_id) is not None:
        raise TurnRejected("This session has been debriefed; start a new one to practise again.")
    store.reopen_session(session_id)
