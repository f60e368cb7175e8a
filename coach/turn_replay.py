"""A staff turn's stored outcome, for a request that sent a line another request is answering or has
answered (a double submit, a retried request, two processes given one submit): the reply is waited for
in the store, polling, since the request answering it holds no lock while the patient speaks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from coach.models import Grade, Speaker, Turn
from coach.off_loop import off_loop
from coach.store import Store
from coach.turn_events import TurnEvent, TurnResult
from coach.typed_text import TurnRejected

# A second send of a line already being answered waits this long for the reply, polling the store.
REPLAY_WAIT_S = 20.0
REPLAY_POLL_S = 0.1
STILL_ANSWERING = (
    "Your message is saved, but its reply is not ready yet. Reload the page in a moment: the reply, or a "
    "Retry button, will be there."
)
MOVED_ON = (
    "Your message is saved, but the session moved on in another window before the patient answered it. "
    "Reload the page to see where it is now."
)


async def replayed(
    store: Store, session_id: str, staff: Turn, wait_s: float = REPLAY_WAIT_S
) -> AsyncIterator[TurnEvent]:
    """The stored outcome of `staff`, answered by another request; waits up to `wait_s` for the reply
    when it is still being produced."""
    assert staff.id is not None, "only a stored staff turn has an outcome"
    deadline = asyncio.get_running_loop().time() + wait_s
    while True:
        head, reply, grade = await off_loop(store, _stored_outcome, store, session_id, staff.id)
        if reply is not None and grade is not None and reply.state is not None:
            break
        if head != staff.id:
            raise TurnRejected(MOVED_ON)
        if asyncio.get_running_loop().time() >= deadline:
            raise TurnRejected(STILL_ANSWERING)
        await asyncio.sleep(REPLAY_POLL_S)
    session = await off_loop(store, store.get_session, session_id)
    yield TurnResult(
        session_id=session_id,
        staff=staff,
        grade=grade,
        patient=reply,
        state=reply.state,
        effects=[],
        outcome=session.outcome,
    )


def _stored_outcome(
    store: Store, session_id: str, staff_id: str
) -> tuple[str | None, Turn | None, Grade | None]:
    """The session's head, the stored reply to the staff turn and its grade, as far as they are stored
    (one poll, made off the event loop)."""
    # The head is read before the turns: a reply is stored in the transaction that moves the head onto
    # it, so a head that has left the staff turn either shows the reply here or really moved on.
    head = store.get_session(session_id).head_turn_id
    turns = store.all_turns(session_id)
    reply = next((t for t in turns if t.parent_id == staff_id and t.speaker is Speaker.patient), None)
    return head, reply, store.latest_grade(staff_id)
